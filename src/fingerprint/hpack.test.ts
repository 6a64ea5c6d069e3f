import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HpackDecoder, huffmanCode, huffmanDecode } from './hpack.js';

const bytes = (hex: string) => Buffer.from(hex.replaceAll(' ', ''), 'hex');

describe('HPACK Huffman (RFC 7541 Appendix B)', () => {
  it.each([
    [0, 0x1ff8, 13],
    [48, 0x0, 5],
    [97, 0x3, 5],
    [255, 0x3ffffee, 26],
    [256, 0x3fffffff, 30],
  ])('gives symbol %i the code %i of %i bits', (symbol, code, bits) => {
    expect(huffmanCode(symbol)).toEqual({ code, bits });
  });

  it('rejects padding that is not a prefix of EOS', () => {
    expect(huffmanDecode(bytes('f1e3c2e5f23a6ba0ab90f4ff'))?.toString()).toBe('www.example.com');
    expect(huffmanDecode(bytes('f1e3c2e5f23a6ba0ab90f4fe'))).toBeNull();
  });
});

describe('HpackDecoder', () => {
  it('decodes the RFC 7541 C.4 requests with Huffman, sharing the dynamic table', () => {
    const decoder = new HpackDecoder();
    expect(decoder.decode(bytes('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'))).toEqual({
      kind: 'headers',
      headers: [
        [':method', 'GET'],
        [':scheme', 'http'],
        [':path', '/'],
        [':authority', 'www.example.com'],
      ],
    });
    expect(decoder.decode(bytes('8286 84be 5886 a8eb 1064 9cbf'))).toMatchObject({
      headers: [
        [':method', 'GET'],
        [':scheme', 'http'],
        [':path', '/'],
        [':authority', 'www.example.com'],
        ['cache-control', 'no-cache'],
      ],
    });
    expect(
      decoder.decode(bytes('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf')),
    ).toMatchObject({
      headers: [
        [':method', 'GET'],
        [':scheme', 'https'],
        [':path', '/index.html'],
        [':authority', 'www.example.com'],
        ['custom-key', 'custom-value'],
      ],
    });
    expect(decoder.dynamicTable.map(([n]) => n)).toEqual(['custom-key', 'cache-control', ':authority']);
  });

  it('never throws on random blocks and keeps its table within the bound', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }), (blocks) => {
        const decoder = new HpackDecoder();
        for (const block of blocks) decoder.decode(block);
        const size = decoder.dynamicTable.reduce((n, [a, b]) => n + a.length + b.length + 32, 0);
        expect(size).toBeLessThanOrEqual(4096);
      }),
      { numRuns: 3000 },
    );
  });
});
