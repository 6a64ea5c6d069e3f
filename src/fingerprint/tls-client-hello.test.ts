import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeClientHello, recordsOf, u16s, vec8, vec16 } from './testing.js';
import { CLIENT_HELLO_CAPTURE_MAX_BYTES, isGrease, parseClientHelloRecords } from './tls-client-hello.js';

const SNI = vec16(Buffer.concat([Buffer.from([0]), vec16(Buffer.from('example.com'))]));
const ALPN = vec16(Buffer.concat([vec8(Buffer.from('h2')), vec8(Buffer.from('http/1.1'))]));
const MESSAGE = encodeClientHello({
  cipherSuites: [0x2a2a, 0x1301, 0xc02b],
  extensions: [
    [0x0a0a, Buffer.alloc(0)],
    [0, SNI],
    [16, ALPN],
    [43, vec8(u16s([0x3a3a, 0x0304, 0x0303]))],
    [10, vec16(u16s([0x1d, 0x17]))],
    [11, vec8(Buffer.from([0]))],
    [13, vec16(u16s([0x0403, 0x0804]))],
    [51, vec16(Buffer.concat([u16s([0x1d]), vec16(Buffer.alloc(32))]))],
  ],
});

describe('parseClientHelloRecords', () => {
  it('decodes the lists and extension bodies of a ClientHello in one record', () => {
    const bytes = recordsOf(MESSAGE);
    const result = parseClientHelloRecords(bytes);
    expect(result.kind).toBe('client-hello');
    if (result.kind !== 'client-hello') return;
    expect(result.length).toBe(bytes.length);
    expect(result.hello).toMatchObject({
      legacyVersion: 0x0303,
      cipherSuites: [0x2a2a, 0x1301, 0xc02b],
      extensions: [0x0a0a, 0, 16, 43, 10, 11, 13, 51],
      sni: 'example.com',
      alpn: ['h2', 'http/1.1'],
      supportedVersions: [0x3a3a, 0x0304, 0x0303],
      supportedGroups: [0x1d, 0x17],
      ecPointFormats: [0],
      signatureAlgorithms: [0x0403, 0x0804],
      keyShareGroups: [0x1d],
      malformedExtensions: [],
    });
  });

  it('reassembles a hello fragmented over several records and is incomplete until the last', () => {
    const bytes = recordsOf(MESSAGE, 60);
    const whole = parseClientHelloRecords(recordsOf(MESSAGE));
    const split = parseClientHelloRecords(bytes);
    expect(split.kind === 'client-hello' && whole.kind === 'client-hello' && split.hello).toEqual(
      whole.kind === 'client-hello' && whole.hello,
    );
    expect(parseClientHelloRecords(bytes.subarray(0, bytes.length - 1))).toEqual({ kind: 'incomplete' });
  });

  it('refuses more than the record bound, non-handshake records and other handshake messages', () => {
    expect(parseClientHelloRecords(recordsOf(MESSAGE, 1)).kind).toBe('invalid');
    expect(parseClientHelloRecords(Buffer.from('GET / HTTP/1.1\r\n'))).toMatchObject({ kind: 'invalid' });
    const serverHello = Buffer.from(MESSAGE);
    serverHello[0] = 2;
    expect(parseClientHelloRecords(recordsOf(serverHello))).toMatchObject({ kind: 'invalid' });
  });

  it('marks an extension whose body does not decode instead of failing the hello', () => {
    const bad = encodeClientHello({ cipherSuites: [0x1301], extensions: [[10, Buffer.from([0, 5, 1])]] });
    const result = parseClientHelloRecords(recordsOf(bad));
    expect(result.kind === 'client-hello' && result.hello.malformedExtensions).toEqual([10]);
  });

  it('recognises exactly the sixteen RFC 8701 GREASE values', () => {
    const grease = [];
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v)) grease.push(v);
    expect(grease).toEqual(Array.from({ length: 16 }, (_, i) => i * 0x1010 + 0x0a0a));
  });

  it('never throws on random or truncated bytes and stays within its bounds', () => {
    const valid = recordsOf(MESSAGE, 40);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.nat(valid.length).map((n) => valid.subarray(0, n)),
          fc
            .tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }))
            .map(([i, b]) => Buffer.from(valid).fill(b, i, i + 1)),
        ),
        (bytes) => {
          const result = parseClientHelloRecords(bytes);
          if (result.kind === 'client-hello') {
            expect(result.length).toBeLessThanOrEqual(Math.min(bytes.length, CLIENT_HELLO_CAPTURE_MAX_BYTES));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
