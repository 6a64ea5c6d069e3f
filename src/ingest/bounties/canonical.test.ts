import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, payloadKey } from './canonical.js';

describe('canonicalJson', () => {
  it.each([
    ['null', null, 'null'],
    ['string with escapes', 'a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['integer', 443, '443'],
    ['float', 291.402, '291.402'],
    ['non-finite number', Number.NaN, 'null'],
    ['boolean', false, 'false'],
    ['array keeps order', [3, 1, 2], '[3,1,2]'],
    ['undefined in array', [undefined], '[null]'],
    ['keys sorted', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    ['nested keys sorted', { z: { y: 1, x: [{ d: 1, c: 2 }] } }, '{"z":{"x":[{"c":2,"d":1}],"y":1}}'],
    ['undefined member dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['upper case sorts before lower', { a: 1, B: 2 }, '{"B":2,"a":1}'],
    ['__proto__ is an ordinary key', JSON.parse('{"__proto__":1}'), '{"__proto__":1}'],
    ['keys already in order', { a: 1, b: [1, 'x'], c: null }, '{"a":1,"b":[1,"x"],"c":null}'],
    ['integer-like keys sort as text', { 2: 'a', 10: 'b', x: 1 }, '{"10":"b","2":"a","x":1}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('payloadKey', () => {
  const base = { bountyType: 'fingerprint' as const, attackerIp: '198.51.100.7' };

  it('is the same for the same payload written in a different key order', () => {
    const a = payloadKey({
      ...base,
      payload: { fingerprint_type: 'ja3', ja3: 'abc', sni: 'x', nested: { b: 1, a: 2 } },
    });
    const b = payloadKey({
      ...base,
      payload: { nested: { a: 2, b: 1 }, sni: 'x', ja3: 'abc', fingerprint_type: 'ja3' },
    });
    expect(a).toBe(b);
  });

  it('is sha256 hex of bountyType|attackerIp|canonicalJson(payload)', () => {
    // Fixed vector, computed independently: sha256("fingerprint|198.51.100.7|{}").
    expect(payloadKey({ ...base, payload: {} })).toBe(
      'd991e8b7e2237e85fbe0fce33a48b663ab1d51bf1a33ceb53bd03904c9b0bfc0',
    );
  });

  it.each([
    ['bounty type', { ...base, bountyType: 'ip_leak' as const, payload: { a: 1 } }],
    ['attacker', { ...base, attackerIp: '198.51.100.8', payload: { a: 1 } }],
    ['payload value', { ...base, payload: { a: 2 } }],
    ['value type', { ...base, payload: { a: '1' } }],
  ])('differs when the %s differs', (_name, other) => {
    expect(payloadKey(other)).not.toBe(payloadKey({ ...base, payload: { a: 1 } }));
  });
});

describe('canonicalJson on flat payloads (the fast path)', () => {
  it('writes exactly what the general path writes for the same payload nested one level down', () => {
    // Nested in another object, a payload goes through the general path: the two must agree.
    const primitive = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    const flat = fc.dictionary(fc.string(), fc.oneof(primitive, fc.array(primitive), fc.constant(undefined)));
    fc.assert(
      fc.property(flat, (payload) => {
        expect(`{"x":${canonicalJson(payload)}}`).toBe(canonicalJson({ x: payload }));
      }),
    );
  });
});
