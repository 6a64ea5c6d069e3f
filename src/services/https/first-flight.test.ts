import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { captureFirstBytes, encodeClientHello, recordsOf } from '../../fingerprint/testing.js';
import { CLIENT_HELLO_CAPTURE_MAX_BYTES } from '../../fingerprint/tls-client-hello.js';
import { FirstFlightReader } from './first-flight.js';
import { ReceivedBytes } from './received-bytes.js';

const HELLO = recordsOf(
  encodeClientHello({
    cipherSuites: [0x1301, 0xc02b],
    extensions: [[0, Buffer.from('\x00\x05\x00\x00\x02ab')]],
  }),
);

function pushAll(chunks: Buffer[]): { reader: FirstFlightReader; kinds: string[] } {
  const reader = new FirstFlightReader();
  const kinds = chunks.map((c) => reader.push(c).kind);
  return { reader, kinds };
}

function bytesOf(buffer: Buffer): Buffer[] {
  return [...buffer].map((b) => Buffer.from([b]));
}

describe('FirstFlightReader', () => {
  it("reads Node's own ClientHello, whole or dripped a byte at a time", async () => {
    const hello = await captureFirstBytes(
      {
        connect: (port) => {
          const socket = connect({ port, host: '127.0.0.1', servername: 'web-01', ALPNProtocols: ['h2'] });
          socket.on('error', () => {});
          return () => socket.destroy();
        },
      },
      (bytes) => bytes.length >= 5 && bytes.length >= 5 + bytes.readUInt16BE(3),
    );
    const whole = new FirstFlightReader().push(hello);
    expect(whole.kind).toBe('client-hello');
    const { reader, kinds } = pushAll(bytesOf(hello));
    expect(kinds.at(-1)).toBe('client-hello');
    expect(kinds.slice(0, -1).every((k) => k === 'incomplete')).toBe(true);
    expect(reader.bytes.equals(hello)).toBe(true);
    if (whole.kind === 'client-hello') {
      expect(whole.hello.sni).toBe('web-01');
      expect(whole.hello.alpn).toEqual(['h2']);
    }
  });

  it('keeps every byte that came with the hello, so the TLS stack sees the stream unchanged', () => {
    const extra = Buffer.from('\x14\x03\x03\x00\x01\x01');
    const reader = new FirstFlightReader();
    expect(reader.push(Buffer.concat([HELLO, extra])).kind).toBe('client-hello');
    expect(reader.bytes.equals(Buffer.concat([HELLO, extra]))).toBe(true);
  });

  it.each([
    ['GET / HTTP/1.1\r\n', 'plain'],
    ['\x00\x01', 'plain'],
    ['\x80\x2e\x01\x00\x02', 'malformed'],
    ['\x16\x03\x01\x00\x04\x02\x00\x00\x00', 'malformed'],
    ['\x16\x02\x00\x00\x04', 'malformed'],
    ['\x16\x03\x01\x00\x00', 'malformed'],
    ['\x16\x03', 'incomplete'],
  ])('classifies %j as %s', (input, kind) => {
    expect(new FirstFlightReader().push(Buffer.from(input, 'latin1')).kind).toBe(kind);
  });

  it('decides within its capture however the bytes are cut: memory stays bounded', () => {
    // Records of one byte each: the parser gives up at its record cap long before the byte cap.
    const oneByteRecords = Buffer.concat(
      Array.from({ length: 100 }, () => Buffer.from('\x16\x03\x01\x00\x01\x01')),
    );
    expect(pushAll(bytesOf(oneByteRecords)).kinds).toContain('malformed');
    // A hello claiming the largest body, then more bytes than the capture holds in one chunk.
    const huge = Buffer.concat([
      Buffer.from('\x16\x03\x01\x40\x00\x01\x00\x3f\xfc'),
      Buffer.alloc(70_000, 0x41),
    ]);
    const reader = new FirstFlightReader();
    expect(reader.push(huge).kind).not.toBe('incomplete');
    expect(reader.size).toBe(huge.length);
  });

  it('stops reading once decided: later chunks change nothing', () => {
    const reader = new FirstFlightReader();
    reader.push(Buffer.from('GET /'));
    expect(reader.push(Buffer.alloc(100_000)).kind).toBe('plain');
    expect(reader.size).toBe(5);
  });
});

describe('ReceivedBytes', () => {
  it('keeps bytes up to its cap and says how many of a chunk it took', () => {
    const kept = new ReceivedBytes(10);
    expect(kept.append(Buffer.from('abcdef'))).toBe(6);
    expect(kept.append(Buffer.from('ghijkl'))).toBe(4);
    expect(kept.bytes.toString()).toBe('abcdefghij');
    expect(kept.full).toBe(true);
    expect(kept.append(Buffer.from('z'))).toBe(0);
  });

  it('grows to hold a byte-by-byte drip intact', () => {
    const kept = new ReceivedBytes(CLIENT_HELLO_CAPTURE_MAX_BYTES);
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => i & 0xff));
    for (const b of bytesOf(data)) kept.append(b);
    expect(kept.bytes.equals(data)).toBe(true);
  });
});
