import { describe, expect, it } from 'vitest';
import { coerceServiceConfig } from '../../config/service-field.js';
import { alpnProtocols } from './alpn.js';
import { https } from './index.js';

const config = (raw: Record<string, string>) => coerceServiceConfig(https.fields, raw);

describe('ALPN from http_versions', () => {
  it.each([
    [{}, ['h2', 'http/1.1']],
    [{ http_versions: 'http/1.1,h2' }, ['h2', 'http/1.1']],
    [{ http_versions: 'http/1.1' }, ['http/1.1']],
    [{ http_versions: 'h2' }, ['h2']],
  ])('%j offers %j, h2 first', (raw, expected) => {
    expect(alpnProtocols(config(raw))).toEqual(expected);
  });

  it('refuses a version it does not speak', () => {
    expect(() => config({ http_versions: 'h3' })).toThrow(/http_versions/);
  });
});
