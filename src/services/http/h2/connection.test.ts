/**
 * The HTTP/2 connection over real loopback sockets, driven frame by frame by a raw client: the server
 * preface, flow control both ways, every connection and stream error RFC 9113 names for what a client
 * can get wrong, and the flood bounds. Time is a ManualClock: token buckets never refill on their own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../runtime/clock.js';
import { type Served, serveTcp, testPersona } from '../../testing.js';
import { http } from '../index.js';
import { HTTP_LIMITS } from '../limits.js';
import {
  dataFrame,
  ErrorCode,
  encodeFrame,
  Flag,
  FrameType,
  settingsFrame,
  windowUpdateFrame,
} from './frame.js';
import { HTTP2_PREFACE } from './h2c.js';
import { H2_LIMITS } from './limits.js';
import { GET_ROOT, RawHttp2Client, requestFrames } from './testing.js';

const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) {
    expect(s.errors).toEqual([]);
    await s.close();
  }
});

/** ubuntu22 answers as nginx, ubuntu20 as Apache (the distro catalogue's httpServer). */
async function serve(
  distro = 'ubuntu22',
  clock = new ManualClock(),
): Promise<Served & { clock: ManualClock }> {
  const s = await serveTcp(http, { decky: testPersona({ distro }), clock, config: { http_versions: 'h2c' } });
  served.push(s);
  return { ...s, clock };
}

const field = (headers: readonly (readonly [string, string])[], name: string) =>
  headers.find(([n]) => n === name)?.[1];

const post = (path: string, length: number): [string, string][] => [
  [':method', 'POST'],
  [':scheme', 'http'],
  [':authority', 'decoy'],
  [':path', path],
  ['content-type', 'application/x-www-form-urlencoded'],
  ['content-length', String(length)],
];

describe('the server preface', () => {
  it("announces nginx's SETTINGS and connection window, acks the client's SETTINGS and answers PING", async () => {
    const { port } = await serve();
    const client = await RawHttp2Client.connect(port, { settings: [[3, 100]] });
    client.frame(FrameType.ping, 0, 0, Buffer.from('pingpong'));
    const first = await client.until(() => true);
    expect(first).toMatchObject({ type: FrameType.settings, flags: 0, streamId: 0 });
    expect(first.payload.toString('hex')).toBe('000300000080' + '000400010000' + '000500ffffff');
    const window = await client.until((f) => f.type === FrameType.windowUpdate);
    expect(window.payload.readUInt32BE(0)).toBe(2 ** 31 - 1 - 65_535);
    await client.until((f) => f.type === FrameType.settings && f.flags === Flag.ack);
    const pong = await client.until((f) => f.type === FrameType.ping);
    expect(pong).toMatchObject({ flags: Flag.ack, payload: Buffer.from('pingpong') });
    await client.end();
  });
});

describe('requests', () => {
  it('answers GET with the persona page and HEAD with its headers alone, and logs both', async () => {
    const { port, sink } = await serve();
    const client = await RawHttp2Client.connect(port);
    client.send(requestFrames(1, GET_ROOT), requestFrames(3, [[':method', 'HEAD'], ...GET_ROOT.slice(1)]));
    const get = await client.response(1);
    expect(field(get.headers, ':status')).toBe('200');
    expect(field(get.headers, 'server')).toMatch(/^nginx\//);
    expect(get.headers.map(([n]) => n)).not.toContain('connection');
    expect(get.body.toString()).toContain('Welcome to nginx!');
    expect(Number(field(get.headers, 'content-length'))).toBe(get.body.length);
    const head = await client.response(3);
    expect(head.body.length).toBe(0);
    expect(field(head.headers, 'content-length')).toBe(field(get.headers, 'content-length'));
    expect(client.frames.filter((f) => f.type === FrameType.data && f.streamId === 3)).toEqual([]);
    const access = await sink.until('http_access', 2);
    expect(access.map((r) => [r.fields.method, r.fields.proto, r.fields.bytes])).toEqual([
      ['GET', 'h2', String(get.body.length)],
      ['HEAD', 'h2', '0'],
    ]);
    const [request] = await sink.until('request');
    expect(request?.fields.headers).toBe('{"user-agent":"raw-h2-test"}');
    await client.end();
  });

  it('logs SETTINGS, WINDOW_UPDATE, PRIORITY and pseudo-header order once, with the Akamai fingerprint', async () => {
    const { port, sink } = await serve();
    const client = await RawHttp2Client.connect(port, {
      settings: [
        [1, 65_536],
        [2, 0],
        [4, 6_291_456],
        [6, 262_144],
      ],
    });
    const priority = Buffer.from([0, 0, 0, 0, 200]);
    client.send(
      windowUpdateFrame(0, 15_663_105),
      encodeFrame(FrameType.priority, 0, 3, priority),
      requestFrames(1, [
        [':method', 'GET'],
        [':authority', 'x'],
        [':scheme', 'http'],
        [':path', '/'],
      ]),
      requestFrames(5, GET_ROOT),
    );
    await client.response(5);
    await client.end();
    const events = await sink.until('http2_settings');
    expect(events).toHaveLength(1);
    expect(events[0]?.fields).toMatchObject({
      settings:
        '{"HEADER_TABLE_SIZE":65536,"ENABLE_PUSH":0,"INITIAL_WINDOW_SIZE":6291456,"MAX_HEADER_LIST_SIZE":262144}',
      frame_order: '[1,2,4,6]',
      window_update: '15663105',
      priority: '3:0:0:201',
      pseudo_header_order: ':method,:authority,:scheme,:path',
      akamai: '1:65536;2:0;4:6291456;6:262144|15663105|3:0:0:201|m,a,s,p',
    });
    expect(events[0]?.fields.akamai_hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes a body over several windows, granting more as it arrives, and reads its credential', async () => {
    const { port, sink } = await serve();
    const form = `log=admin&pwd=hunter2&pad=${'A'.repeat(150_000)}`;
    const client = await RawHttp2Client.connect(port);
    client.send(requestFrames(1, post('/wp-login.php', form.length), false));
    // nginx announces a 64 KiB stream window: the client sends that much, then waits to be granted more.
    const updates = () => client.frames.filter((f) => f.type === FrameType.windowUpdate && f.streamId === 1);
    let granted = 65_536;
    let seen = 0;
    let sent = 0;
    while (sent < form.length) {
      if (sent === granted) {
        await client.until(() => updates().length > seen, 'a WINDOW_UPDATE for stream 1');
        for (const update of updates().slice(seen)) granted += update.payload.readUInt32BE(0);
        seen = updates().length;
        continue;
      }
      const size = Math.min(16_384, form.length - sent, granted - sent);
      client.send(dataFrame(1, Buffer.from(form.slice(sent, sent + size)), sent + size === form.length));
      sent += size;
    }
    expect(seen).toBeGreaterThan(0);
    const response = await client.response(1);
    expect(field(response.headers, ':status')).toBeDefined();
    const [request] = await sink.until('request');
    expect(request?.fields).toMatchObject({
      method: 'POST',
      principal: 'admin',
      secret_printable: 'hunter2',
    });
    expect(request?.fields.body?.length).toBe(HTTP_LIMITS.maxLoggedBodyChars);
    await client.end();
  });

  it('holds a response back until the client opens its window, and resumes on SETTINGS and WINDOW_UPDATE', async () => {
    const { port } = await serve('ubuntu20');
    const client = await RawHttp2Client.connect(port, { settings: [[4, 10]] });
    client.send(requestFrames(1, GET_ROOT));
    const first = await client.until((f) => f.type === FrameType.data);
    expect(first.payload.length).toBe(10);
    expect(first.flags & Flag.endStream).toBe(0);
    // RFC 9113 §6.9.2: a new INITIAL_WINDOW_SIZE moves open streams' windows by the difference.
    client.send(settingsFrame([[4, 110]]));
    await client.until((f) => f.type === FrameType.data && f !== first);
    client.send(windowUpdateFrame(1, 1_000_000));
    const { body, headers } = await client.response(1);
    expect(body.length).toBe(Number(field(headers, 'content-length')));
    await client.end();
  });

  it('answers a body over the limit with 413 and resets the rest of the stream (RFC 9113 §8.1)', async () => {
    const { port, sink } = await serve();
    const client = await RawHttp2Client.connect(port);
    client.send(requestFrames(1, post('/', HTTP_LIMITS.maxBodyBytes + 1), false));
    const response = await client.response(1);
    expect(field(response.headers, ':status')).toBe('413');
    expect(await client.reset(1)).toBe(ErrorCode.noError);
    // Its DATA in flight is dropped; the connection serves the next stream.
    client.send(dataFrame(1, Buffer.alloc(100), false), requestFrames(3, GET_ROOT));
    await client.response(3);
    const access = await sink.until('http_access', 2);
    expect(access[0]?.fields).toMatchObject({ status: '413', method: 'POST' });
    await client.end();
  });

  it('closes gracefully with GOAWAY NO_ERROR after the requests one connection may carry', async () => {
    const { port } = await serve();
    const client = await RawHttp2Client.connect(port, { settings: [[4, 2 ** 30]] });
    client.send(windowUpdateFrame(0, 2 ** 30));
    const frames: Buffer[] = [];
    for (let i = 0; i < H2_LIMITS.maxRequestsPerConnection + 5; i++)
      frames.push(requestFrames(1 + 2 * i, GET_ROOT));
    client.send(...frames);
    expect(await client.goaway()).toEqual({
      lastStreamId: 1 + 2 * (H2_LIMITS.maxRequestsPerConnection - 1),
      code: ErrorCode.noError,
    });
    await client.closed;
    const answered = client.frames.filter((f) => f.type === FrameType.data && f.flags & Flag.endStream);
    expect(answered).toHaveLength(H2_LIMITS.maxRequestsPerConnection);
  });
});

describe('connection errors (RFC 9113 §5.4.1): GOAWAY with the code, then close', () => {
  const header = (type: number, flags: number, streamId: number, payload = Buffer.alloc(0)) =>
    encodeFrame(type, flags, streamId, payload);
  const cases: [string, Buffer[], number][] = [
    [
      'a first frame other than SETTINGS',
      [header(FrameType.ping, 0, 0, Buffer.alloc(8))],
      ErrorCode.protocolError,
    ],
    ['HEADERS on an even stream', [requestFrames(2, GET_ROOT)], ErrorCode.protocolError],
    ['HEADERS on stream 0', [requestFrames(0, GET_ROOT)], ErrorCode.protocolError],
    [
      'CONTINUATION without HEADERS',
      [header(FrameType.continuation, Flag.endHeaders, 1)],
      ErrorCode.protocolError,
    ],
    [
      'a frame inside a header block',
      [requestFrames(1, GET_ROOT, true, 10).subarray(0, 19), header(FrameType.ping, 0, 0, Buffer.alloc(8))],
      ErrorCode.protocolError,
    ],
    ['PING on a stream', [header(FrameType.ping, 0, 1, Buffer.alloc(8))], ErrorCode.protocolError],
    ['PING of 7 bytes', [header(FrameType.ping, 0, 0, Buffer.alloc(7))], ErrorCode.frameSizeError],
    [
      'SETTINGS ACK with a payload',
      [header(FrameType.settings, Flag.ack, 0, Buffer.alloc(6))],
      ErrorCode.frameSizeError,
    ],
    ['SETTINGS on a stream', [header(FrameType.settings, 0, 1)], ErrorCode.protocolError],
    ['a connection WINDOW_UPDATE of 0', [windowUpdateFrame(0, 0)], ErrorCode.protocolError],
    ['a connection window past 2^31-1', [windowUpdateFrame(0, 2 ** 31 - 1)], ErrorCode.flowControlError],
    ['WINDOW_UPDATE on an idle stream', [windowUpdateFrame(9, 1)], ErrorCode.protocolError],
    [
      'RST_STREAM on an idle stream',
      [header(FrameType.rstStream, 0, 9, Buffer.alloc(4))],
      ErrorCode.protocolError,
    ],
    ['RST_STREAM of 3 bytes', [header(FrameType.rstStream, 0, 1, Buffer.alloc(3))], ErrorCode.frameSizeError],
    ['DATA on an idle stream', [dataFrame(7, Buffer.from('x'), true)], ErrorCode.protocolError],
    ['DATA on stream 0', [dataFrame(0, Buffer.from('x'), true)], ErrorCode.protocolError],
    [
      'PUSH_PROMISE',
      [header(FrameType.pushPromise, Flag.endHeaders, 1, Buffer.alloc(4))],
      ErrorCode.protocolError,
    ],
    [
      'an undecodable header block',
      [
        header(
          FrameType.headers,
          Flag.endHeaders | Flag.endStream,
          1,
          Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]),
        ),
      ],
      ErrorCode.compressionError,
    ],
    [
      'a frame over MAX_FRAME_SIZE',
      [header(FrameType.headers, 0, 1, Buffer.alloc(16_385))],
      ErrorCode.frameSizeError,
    ],
    ['an invalid ENABLE_PUSH', [settingsFrame([[2, 5]])], ErrorCode.protocolError],
  ];

  it.each(cases)('%s', async (name, frames, code) => {
    // Apache announces no MAX_FRAME_SIZE: 16,384 holds.
    const { port } = await serve('ubuntu20');
    const client = await RawHttp2Client.connect(port, { preface: false });
    // Every case but the first sends a valid client preface before its frames.
    client.send(HTTP2_PREFACE, ...(name === cases[0]?.[0] ? [] : [settingsFrame([])]), ...frames);
    expect((await client.goaway()).code).toBe(code);
    await client.closed;
  });

  it('a preface that is not HTTP/2 is a PROTOCOL_ERROR', async () => {
    const { port } = await serve();
    const client = await RawHttp2Client.connect(port, { preface: false });
    client.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await client.goaway()).toEqual({ lastStreamId: 0, code: ErrorCode.protocolError });
    await client.closed;
  });

  it('HEADERS on a stream that has ended is STREAM_CLOSED', async () => {
    const { port } = await serve();
    const client = await RawHttp2Client.connect(port);
    client.send(requestFrames(1, GET_ROOT), requestFrames(3, GET_ROOT));
    await client.response(3);
    client.send(requestFrames(1, GET_ROOT));
    expect(await client.goaway()).toEqual({ lastStreamId: 3, code: ErrorCode.streamClosed });
  });
});

describe('stream errors (RFC 9113 §5.4.2): RST_STREAM, the connection goes on', () => {
  const cases: [string, Buffer[], number][] = [
    [
      'an upper-case field name',
      [requestFrames(1, [...GET_ROOT, ['X-Upper', '1']])],
      ErrorCode.protocolError,
    ],
    [
      'a connection-specific field',
      [requestFrames(1, [...GET_ROOT, ['connection', 'close']])],
      ErrorCode.protocolError,
    ],
    [
      'a missing :path',
      [
        requestFrames(
          1,
          GET_ROOT.filter(([n]) => n !== ':path'),
        ),
      ],
      ErrorCode.protocolError,
    ],
    [
      'a body shorter than its content-length',
      [requestFrames(1, post('/', 10), false), dataFrame(1, Buffer.from('abc'), true)],
      ErrorCode.protocolError,
    ],
    [
      'a stream depending on itself',
      [encodeFrame(FrameType.priority, 0, 1, Buffer.from([0, 0, 0, 1, 16]))],
      ErrorCode.protocolError,
    ],
    [
      'PRIORITY of 4 bytes',
      [encodeFrame(FrameType.priority, 0, 1, Buffer.alloc(4))],
      ErrorCode.frameSizeError,
    ],
    [
      'DATA past the stream window',
      [requestFrames(1, post('/', 70_000), false), dataFrame(1, Buffer.alloc(65_537), false)],
      ErrorCode.flowControlError,
    ],
    [
      'DATA after the request ended',
      [
        requestFrames(1, [[':method', 'POST'], ...GET_ROOT.slice(1)], false),
        dataFrame(1, Buffer.alloc(1), true),
        dataFrame(1, Buffer.alloc(1), false),
      ],
      ErrorCode.streamClosed,
    ],
  ];

  it.each(cases)('%s', async (_name, frames, code) => {
    const { port } = await serve();
    const client = await RawHttp2Client.connect(port);
    client.send(...frames);
    expect(await client.reset(1)).toBe(code);
    client.send(requestFrames(3, GET_ROOT));
    expect(field((await client.response(3)).headers, ':status')).toBe('200');
    await client.end();
  });

  it('refuses streams past MAX_CONCURRENT_STREAMS with REFUSED_STREAM', async () => {
    const { port } = await serve('ubuntu20');
    const client = await RawHttp2Client.connect(port);
    const open: Buffer[] = [];
    for (let i = 0; i <= 100; i++) open.push(requestFrames(1 + 2 * i, post('/', 5), false));
    client.send(...open);
    expect(await client.reset(201)).toBe(ErrorCode.refusedStream);
    expect(client.frames.filter((f) => f.type === FrameType.rstStream)).toHaveLength(1);
    await client.end();
  });
});

describe('flood bounds: GOAWAY ENHANCE_YOUR_CALM', () => {
  it.each<[string, () => Buffer[]]>([
    [
      'rapid reset (CVE-2023-44487)',
      () =>
        Array.from({ length: H2_LIMITS.resetFlood.burst + 1 }, (_, i) => [
          requestFrames(1 + 2 * i, post('/', 1), false),
          encodeFrame(FrameType.rstStream, 0, 1 + 2 * i, Buffer.from([0, 0, 0, 8])),
        ]).flat(),
    ],
    [
      'a PING flood',
      () =>
        Array.from({ length: H2_LIMITS.controlFlood.burst + 1 }, () =>
          encodeFrame(FrameType.ping, 0, 0, Buffer.alloc(8)),
        ),
    ],
    [
      'a SETTINGS flood',
      () => Array.from({ length: H2_LIMITS.controlFlood.burst + 1 }, () => settingsFrame([])),
    ],
    [
      'empty DATA frames',
      () => [
        requestFrames(1, post('/', 1), false),
        ...Array.from({ length: H2_LIMITS.emptyFrameFlood.burst + 1 }, () =>
          dataFrame(1, Buffer.alloc(0), false),
        ),
      ],
    ],
    [
      'endless CONTINUATIONs',
      () => [
        encodeFrame(FrameType.headers, 0, 1, Buffer.from([0x82])),
        ...Array.from({ length: H2_LIMITS.maxContinuationFrames }, () =>
          encodeFrame(FrameType.continuation, 0, 1, Buffer.from([0x84])),
        ),
      ],
    ],
    [
      'a header block over the bound',
      () => [
        encodeFrame(FrameType.headers, 0, 1, Buffer.alloc(16_000, 0x82)),
        ...Array.from({ length: 4 }, () =>
          encodeFrame(FrameType.continuation, 0, 1, Buffer.alloc(16_000, 0x82)),
        ),
      ],
    ],
    [
      'PRIORITY frames without end',
      () =>
        Array.from({ length: H2_LIMITS.frameFlood.burst + 1 }, (_, i) =>
          encodeFrame(FrameType.priority, 0, 1 + 2 * i, Buffer.from([0, 0, 0, 0, 1])),
        ),
    ],
  ])('%s', async (_name, frames) => {
    const { port } = await serve();
    const client = await RawHttp2Client.connect(port);
    client.send(...frames());
    expect((await client.goaway()).code).toBe(ErrorCode.enhanceYourCalm);
    await client.closed;
  });

  it('lets the same resets through when they are spread over time', async () => {
    const { port, clock } = await serve();
    const client = await RawHttp2Client.connect(port);
    for (let i = 0; i < H2_LIMITS.resetFlood.burst * 2; i++) {
      client.send(
        requestFrames(1 + 2 * i, post('/', 1), false),
        encodeFrame(FrameType.rstStream, 0, 1 + 2 * i, Buffer.from([0, 0, 0, 8])),
      );
      if (i % 50 === 49) {
        client.frame(FrameType.ping, 0, 0, Buffer.alloc(8, i));
        await client.until((f) => f.type === FrameType.ping && f.payload[0] === (i & 0xff));
        await clock.advance(2_000);
      }
    }
    client.send(requestFrames(1 + 4 * H2_LIMITS.resetFlood.burst, GET_ROOT));
    await client.response(1 + 4 * H2_LIMITS.resetFlood.burst);
    expect(client.frames.filter((f) => f.type === FrameType.goaway)).toEqual([]);
    await client.end();
  });
});

describe('slow clients', () => {
  it('closes a connection whose request has been dripping for longer than a request may take', async () => {
    const { port, clock } = await serve();
    const client = await RawHttp2Client.connect(port);
    client.send(requestFrames(1, post('/', 10), false));
    client.frame(FrameType.ping, 0, 0, Buffer.alloc(8, 1));
    await client.until((f) => f.type === FrameType.ping);
    await clock.advance(HTTP_LIMITS.requestTimeoutMs + 1);
    client.send(dataFrame(1, Buffer.from('a'), false));
    await client.closed;
  });
});
