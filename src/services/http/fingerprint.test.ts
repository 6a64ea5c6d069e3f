import { describe, expect, it } from 'vitest';
import { requestFingerprint } from './fingerprint.js';

describe('requestFingerprint', () => {
  it('gives the spec §4.4 vector for GET with host, user-agent, accept', () => {
    const fp = requestFingerprint('GET', '1.1', [
      ['Host', 'x'],
      ['User-Agent', 'curl'],
      ['Accept', '*/*'],
    ]);
    expect(fp.ja4h).toBe('GE11nn0000_03_042112399351_000000000000');
    expect(fp.headersOrdered).toBe('["host","user-agent","accept"]');
  });
  it('reads the Cookie and Accept-Language values, not the others', () => {
    const a = requestFingerprint('GET', '1.1', [
      ['Cookie', 'a=1'],
      ['Host', 'x'],
    ]);
    const b = requestFingerprint('GET', '1.1', [
      ['Cookie', 'a=2'],
      ['Host', 'y'],
    ]);
    expect(a.ja4h).not.toBe(b.ja4h);
    expect(requestFingerprint('GET', '1.1', [['Host', 'y']])).toEqual(
      requestFingerprint('GET', '1.1', [['Host', 'z']]),
    );
  });
  it('tells apart heads whose names would run together without their lengths', () => {
    const one = requestFingerprint('GET', '1.1', [['a|1:b', '']]);
    const two = requestFingerprint('GET', '1.1', [
      ['a', ''],
      ['b', ''],
    ]);
    expect(one.headersOrdered).toBe('["a|1:b"]');
    expect(two.headersOrdered).toBe('["a","b"]');
    expect(requestFingerprint('GET', '1.1', [['Cookie', 'x=1|6:Cookie=1:y']]).ja4h).not.toBe(
      requestFingerprint('GET', '1.1', [
        ['Cookie', 'x=1'],
        ['Cookie', 'y'],
      ]).ja4h,
    );
  });
});
