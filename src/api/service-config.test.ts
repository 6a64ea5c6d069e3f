import { describe, expect, it } from 'vitest';
import type { ServiceConfigField } from '../config/service-field.js';
import { checkServiceConfig, effectiveConfig, MASKED_VALUE, maskSecrets } from './service-config.js';

const fields: ServiceConfigField[] = [
  { key: 'port', label: 'Port', type: 'int', default: 80, secret: false, min: 1, max: 65_535 },
  { key: 'tls', label: 'TLS', type: 'bool', default: false, secret: false },
  { key: 'versions', label: 'Versions', type: 'multi_enum', enum: ['a', 'b'], default: ['a'], secret: false },
  { key: 'secret', label: 'Secret', type: 'password', secret: true },
];

describe('checkServiceConfig', () => {
  it.each([
    ['a string int', { port: ' 443 ' }, { port: 443 }],
    ['a bool word in any case', { tls: 'ON' }, { tls: true }],
    ['a comma list for a multi_enum, duplicates dropped', { versions: 'b, a,b' }, { versions: ['b', 'a'] }],
    ['null and "" as not set', { port: null, secret: '' }, {}],
  ])('accepts %s', (_what, raw, values) => {
    expect(checkServiceConfig(fields, raw)).toEqual({ ok: true, values });
  });

  it('reports every bad field at once, each by its key', () => {
    const check = checkServiceConfig(fields, { port: 0, tls: 1, versions: 'a,c', extra: 'x' });
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.issues.map((i) => i.key)).toEqual(['port', 'tls', 'versions', 'extra']);
  });
});

describe('effectiveConfig and maskSecrets', () => {
  it('fills defaults under what was set, null where a field has none', () => {
    expect(effectiveConfig(fields, { port: 8080 })).toEqual({
      port: 8080,
      tls: false,
      versions: ['a'],
      secret: null,
    });
  });

  it('masks set secret values only', () => {
    expect(maskSecrets(fields, { secret: 'x', port: 1 })).toEqual({ secret: MASKED_VALUE, port: 1 });
    expect(maskSecrets(fields, { secret: null })).toEqual({ secret: null });
  });
});
