import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { akamaiFingerprintOf, HTTP2_PREFACE, parseHttp2ClientPreface } from './http2.js';
import { captureFirstBytes, hasCommand, tsharkFields } from './testing.js';

function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

function settings(entries: [number, number][]): Buffer {
  const p = Buffer.alloc(entries.length * 6);
  entries.forEach(([id, v], i) => {
    p.writeUInt16BE(id, i * 6);
    p.writeUInt32BE(v, i * 6 + 2);
  });
  return frame(4, 0, 0, p);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Chrome's opening as the Akamai example string describes it; the request block from RFC 7541 C.4.1 reordered. */
const CHROME = Buffer.concat([
  HTTP2_PREFACE,
  settings([
    [1, 65536],
    [2, 0],
    [4, 6291456],
    [6, 262144],
  ]),
  frame(8, 0, 0, u32(15663105)),
  // :method GET, :authority www.example.com (Huffman), :scheme https, :path /, with PRIORITY flag.
  frame(
    1,
    0x25,
    1,
    Buffer.concat([
      u32(0x8000_0000),
      Buffer.from([255]),
      Buffer.from('82418cf1e3c2e5f23a6ba0ab90f4ff8784', 'hex'),
    ]),
  ),
]);

describe('parseHttp2ClientPreface + akamaiFingerprintOf', () => {
  it("gives Chrome's Akamai fingerprint for Chrome's opening frames", () => {
    const result = parseHttp2ClientPreface(CHROME);
    expect(result.kind).toBe('preface');
    if (result.kind !== 'preface') return;
    expect(result.length).toBe(CHROME.length);
    expect(result.preface.headersPriority).toEqual({
      streamId: 1,
      exclusive: true,
      dependsOn: 0,
      weight: 256,
    });
    expect(result.preface.headers[1]).toEqual([':authority', 'www.example.com']);
    expect(akamaiFingerprintOf(result.preface).fingerprint).toBe(
      '1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p',
    );
    for (let n = 0; n < CHROME.length; n++) {
      expect(parseHttp2ClientPreface(CHROME.subarray(0, n)).kind).toBe('incomplete');
    }
  });

  it('lists PRIORITY frames as stream:exclusive:dependency:weight and 00 for no WINDOW_UPDATE', () => {
    const priority = (stream: number, dep: number, weight: number) =>
      frame(2, 0, stream, Buffer.concat([u32(dep), Buffer.from([weight])]));
    const bytes = Buffer.concat([
      HTTP2_PREFACE,
      settings([[1, 65536]]),
      priority(3, 0, 200),
      priority(5, 0, 100),
      frame(1, 0x4, 15, Buffer.from('828487', 'hex')),
    ]);
    const result = parseHttp2ClientPreface(bytes);
    expect(result.kind === 'preface' && akamaiFingerprintOf(result.preface).fingerprint).toBe(
      '1:65536|00|3:0:0:201,5:0:0:101|m,p,s',
    );
  });

  it('joins CONTINUATION frames and refuses anything interleaved', () => {
    const block = Buffer.from('82418cf1e3c2e5f23a6ba0ab90f4ff8784', 'hex');
    const ok = Buffer.concat([
      HTTP2_PREFACE,
      frame(1, 0, 1, block.subarray(0, 5)),
      frame(9, 4, 1, block.subarray(5)),
    ]);
    const result = parseHttp2ClientPreface(ok);
    expect(result.kind === 'preface' && result.preface.pseudoHeaderOrder).toEqual([
      ':method',
      ':authority',
      ':scheme',
      ':path',
    ]);
    const bad = Buffer.concat([HTTP2_PREFACE, frame(1, 0, 1, block.subarray(0, 5)), frame(8, 0, 0, u32(1))]);
    expect(parseHttp2ClientPreface(bad).kind).toBe('invalid');
  });

  it('never throws on random or mutated bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([HTTP2_PREFACE, b])),
          fc
            .tuple(fc.nat(CHROME.length - 1), fc.integer({ min: 0, max: 255 }))
            .map(([i, b]) => Buffer.from(CHROME).fill(b, i, i + 1)),
        ),
        (bytes) => {
          const result = parseHttp2ClientPreface(bytes);
          if (result.kind === 'preface') expect(result.length).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

const complete = (bytes: Buffer) => parseHttp2ClientPreface(bytes).kind !== 'incomplete';

describe.each([
  {
    name: 'curl --http2-prior-knowledge',
    argv: (port: number) => [
      'curl',
      '-s',
      '--max-time',
      '5',
      '--http2-prior-knowledge',
      `http://127.0.0.1:${port}/`,
    ],
    cmd: 'curl',
  },
  {
    name: 'nghttp',
    argv: (port: number) => ['nghttp', '-t', '5', `http://127.0.0.1:${port}/`],
    cmd: 'nghttp',
  },
])('HTTP/2 fingerprint of a real $name', ({ argv, cmd }) => {
  it.runIf(hasCommand(cmd) && hasCommand('tshark'))(
    'agrees with what tshark dissects from the same bytes',
    async () => {
      const bytes = await captureFirstBytes({ argv }, complete);
      const result = parseHttp2ClientPreface(bytes);
      expect(result.kind).toBe('preface');
      if (result.kind !== 'preface') return;
      const { preface } = result;
      const [ids, names, increments] = await tsharkFields(
        bytes.subarray(0, result.length),
        ['http2.settings.id', 'http2.header.name', 'http2.window_update.window_size_increment'],
        'http2',
      );
      expect(preface.settings.map((s) => s.id)).toEqual((ids ?? '').split(',').map(Number));
      expect(preface.headers.map(([n]) => n)).toEqual((names ?? '').split(','));
      expect(preface.windowUpdate).toBe(increments ? Number(increments.split(',')[0]) : null);
      expect(preface.pseudoHeaderOrder).toEqual(
        expect.arrayContaining([':method', ':path', ':scheme', ':authority']),
      );
      expect(akamaiFingerprintOf(preface).fingerprint).toMatch(/^[\d:;]+\|\d+\|[\d:,]+\|[masp](,[masp]){3}$/);
    },
  );
});
