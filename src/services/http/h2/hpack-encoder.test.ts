import { describe, expect, it } from 'vitest';
import { HpackDecoder, huffmanDecode } from '../../../fingerprint/hpack.js';
import { mulberry32 } from '../../../runtime/seeded-random.js';
import { testPersona } from '../../testing.js';
import type { Reply } from '../apps.js';
import { httpPersona } from '../personas.js';
import { responseFields } from '../response.js';
import { encodeHeaderBlock, huffmanEncode } from './hpack-encoder.js';

function roundTrip(fields: readonly (readonly [string, string])[]): unknown {
  const decoded = new HpackDecoder().decode(encodeHeaderBlock(fields));
  return decoded.kind === 'headers' ? decoded.headers : decoded;
}

describe('encodeHeaderBlock', () => {
  it('indexes a whole static entry and writes the rest as literals without indexing', () => {
    // RFC 7541 §6.1: :status 200 is static entry 8; §6.2.2: server (54) as a 4-bit name index, 0x0f 0x27.
    expect(encodeHeaderBlock([[':status', '200']])).toEqual(Buffer.from([0x88]));
    const block = encodeHeaderBlock([['server', 'nginx']]);
    expect(block.subarray(0, 2)).toEqual(Buffer.from([0x0f, 0x27]));
    expect(new HpackDecoder().decode(block)).toEqual({ kind: 'headers', headers: [['server', 'nginx']] });
  });

  it("round-trips every persona's response headers through the decoder", () => {
    const reply: Reply = {
      status: 404,
      headers: [['x-app', 'v']],
      contentType: 'text/html',
      body: 'x',
      isStatic: true,
    };
    for (const app of ['apache', 'nginx', 'iis', 'tomcat', 'wordpress', 'grafana', 'jenkins', 'router']) {
      const persona = httpPersona(testPersona(), app, () => 'Apache/2.4.41 (Ubuntu)');
      const { headers } = responseFields(reply, {
        persona,
        date: 'Fri, 27 Nov 2026 23:59:29 GMT',
        lastModifiedMs: 0,
        head: false,
        close: false,
        extraHeaders: [['X-Frame-Options', 'SAMEORIGIN']],
        h2: true,
      });
      const fields: [string, string][] = [
        [':status', '404'],
        ...headers.map(([n, v]): [string, string] => [n.toLowerCase(), v]),
      ];
      expect(roundTrip(fields)).toEqual(fields);
    }
  });

  it('round-trips unknown names, empty values, long strings and every byte value', () => {
    const next = mulberry32(7);
    const fields: [string, string][] = [
      ['x-empty', ''],
      ['x-long', 'a'.repeat(5000)],
      ['x-latin1', String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))],
      ...Array.from({ length: 50 }, (_, i): [string, string] => [
        `x-random-${i}`,
        String.fromCharCode(
          ...Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256)),
        ),
      ]),
    ];
    expect(roundTrip(fields)).toEqual(fields);
  });
});

describe('huffmanEncode', () => {
  it('is the RFC 7541 C.4.1 encoding of www.example.com', () => {
    expect(huffmanEncode(Buffer.from('www.example.com')).toString('hex')).toBe('f1e3c2e5f23a6ba0ab90f4ff');
  });

  it('decodes back to the input for random strings of every length up to 64', () => {
    const next = mulberry32(11);
    for (let length = 0; length <= 64; length++) {
      for (let run = 0; run < 20; run++) {
        const input = Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
        expect(huffmanDecode(huffmanEncode(input))).toEqual(input);
      }
    }
  });
});
