import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EVENT_CATALOGUE } from './catalogue.js';
import { fieldAccepts } from './fields.js';

/** Values of every kind a service could pass by mistake, and the shapes each format takes. */
const SAMPLES: readonly unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'root',
  'x'.repeat(300),
  '192.0.2.1',
  '192.0.2.1:22',
  '[2001:db8::1]:443',
  '2001:db8::1',
  '999.0.0.1',
  '22',
  '65535',
  '65536',
  '-1',
  '1.5',
  '007',
  '1e3',
  0,
  22,
  65_535,
  65_536,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  true,
  false,
  'true',
  'False',
  'yes',
  '{}',
  '{"a":1}',
  '["host"]',
  '{"a":',
  'deadbeef',
  'DEADBEEF',
  'xyz',
  'cm9vdA==',
  'cm9vdA',
  'h1',
  'h2',
  'plaintext',
  'failure',
  'abc-123_x.y:z',
  'a b',
  {},
  [],
];

describe('fieldAccepts', () => {
  const fields = EVENT_CATALOGUE.flatMap((spec) =>
    Object.entries(spec.fields.shape as Record<string, z.ZodType>).map(
      ([name, schema]) => [`${spec.type}.${name}`, schema] as const,
    ),
  );

  it.each(fields)('%s has a plain check that accepts nothing its schema rejects', (_name, schema) => {
    const accepts = fieldAccepts(schema);
    expect(accepts).toBeDefined();
    for (const value of SAMPLES) {
      // Twice: a check that remembers the last value it accepted must not let a rejected one through.
      for (const _ of [1, 2]) {
        if (accepts?.(value))
          expect({ value, ok: schema.safeParse(value).success }).toEqual({ value, ok: true });
      }
    }
  });

  it('agrees with zod on the values the HTTP service emits', () => {
    const request = EVENT_CATALOGUE.find((s) => s.type === 'http_access');
    const shape = request?.fields.shape as Record<string, z.ZodType>;
    const accepts = (name: string, v: unknown) => fieldAccepts(shape[name] as z.ZodType)?.(v);
    expect(accepts('remote_addr', '127.0.0.1:40000')).toBe(true);
    expect(accepts('remote_addr', '127.0.0.1:99999')).toBe(false);
    expect(accepts('remote_addr', '127.0.0.1:40000')).toBe(true);
    expect(accepts('status', 200)).toBe(true);
    expect(accepts('status', '200')).toBe(true);
    expect(accepts('status', -1)).toBe(false);
    expect(accepts('proto', 'h1')).toBe(true);
    expect(accepts('proto', 'h4')).toBe(false);
  });
});
