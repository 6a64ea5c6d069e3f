import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../runtime/seeded-random.js';
import {
  dataFrame,
  ErrorCode,
  encodeFrame,
  Flag,
  type FrameEvent,
  FrameReader,
  FrameType,
  goawayFrame,
  headerFrames,
  pingAckFrame,
  rstStreamFrame,
  settingsFrame,
  windowUpdateFrame,
} from './frame.js';
import { H2_LIMITS } from './limits.js';

/** Frames as plain values, DATA pieces joined, so runs over differently cut input compare equal. */
function summary(events: FrameEvent[]): unknown[] {
  const out: unknown[] = [];
  let data: Buffer[] = [];
  for (const e of events) {
    if (e.kind === 'data') data.push(Buffer.from(e.bytes));
    else if (e.kind === 'data-end') {
      out.push([
        'data',
        e.header.streamId,
        e.header.flags,
        e.header.length,
        Buffer.concat(data).toString('hex'),
      ]);
      data = [];
    } else if (e.kind === 'frame')
      out.push(['frame', e.header.type, e.header.flags, e.header.streamId, e.payload.toString('hex')]);
    else if (e.kind === 'data-start') continue;
    else out.push([e.kind, 'header' in e ? e.header.type : e.code]);
  }
  return out;
}

function readAll(bytes: Buffer, cuts: number[] = [], maxFrameSize = 16_384): FrameEvent[] {
  const reader = new FrameReader(maxFrameSize);
  const events: FrameEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...reader.push(bytes.subarray(from, cut)));
    from = cut;
  }
  return events;
}

const padded = (streamId: number, data: string, pad: number, flags = 0): Buffer =>
  encodeFrame(
    FrameType.data,
    Flag.padded | flags,
    streamId,
    Buffer.concat([Buffer.from([pad]), Buffer.from(data), Buffer.alloc(pad)]),
  );

describe('FrameReader', () => {
  const stream = Buffer.concat([
    settingsFrame([
      [3, 100],
      [4, 65_535],
    ]),
    windowUpdateFrame(0, 15_663_105),
    headerFrames(1, Buffer.alloc(40, 0x82), false, 16),
    dataFrame(1, Buffer.from('hello'), false),
    padded(1, 'world', 7, Flag.endStream),
    encodeFrame(0xfa, 0, 0, Buffer.alloc(300, 1)),
    pingAckFrame(Buffer.alloc(8, 9)),
    rstStreamFrame(3, ErrorCode.cancel),
    goawayFrame(5, ErrorCode.noError),
  ]);

  it('reads the same frames however the bytes are cut', () => {
    const whole = summary(readAll(stream));
    expect(whole).toHaveLength(11);
    for (let cut = 1; cut < stream.length; cut++) expect(summary(readAll(stream, [cut]))).toEqual(whole);
    const byteByByte = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(summary(readAll(stream, byteByByte))).toEqual(whole);
  });

  it('strips DATA padding and reports the frame length flow control counts', () => {
    const [, , end] = readAll(padded(1, 'world', 7, Flag.endStream)) as [FrameEvent, FrameEvent, FrameEvent];
    expect(end).toMatchObject({
      kind: 'data-end',
      header: { length: 13, flags: Flag.padded | Flag.endStream },
    });
    expect(summary(readAll(padded(1, '', 0)))).toEqual([['data', 1, Flag.padded, 1, '']]);
  });

  it('skips frames of unknown type without holding them, whatever their size', () => {
    const big = encodeFrame(0xfe, 0, 0, Buffer.alloc(16_384));
    const events = readAll(big, [20]);
    expect(events).toEqual([
      { kind: 'skipped', header: { length: 16_384, type: 0xfe, flags: 0, streamId: 0 } },
    ]);
  });

  it.each([
    [
      'padding as long as the frame',
      encodeFrame(FrameType.data, Flag.padded, 1, Buffer.from([4, 0, 0, 0])),
      ErrorCode.protocolError,
    ],
    [
      'a padded DATA frame of length 0',
      encodeFrame(FrameType.data, Flag.padded, 1),
      ErrorCode.frameSizeError,
    ],
    [
      'a frame over the announced size',
      encodeFrame(FrameType.ping, 0, 0, Buffer.alloc(16_385)),
      ErrorCode.frameSizeError,
    ],
  ])('stops at %s with its connection error', (_name, bytes, code) => {
    const events = readAll(Buffer.concat([bytes, settingsFrame([])]));
    expect(events.at(-1)).toMatchObject({ kind: 'error', code });
    expect(events.filter((e) => e.kind === 'frame')).toEqual([]);
  });

  it('stops at a known frame larger than it holds, and then reads nothing more', () => {
    const reader = new FrameReader(16_777_215);
    const events = reader.push(
      encodeFrame(FrameType.settings, 0, 0, Buffer.alloc(H2_LIMITS.maxBufferedFrameBytes + 6)),
    );
    expect(events).toEqual([
      { kind: 'oversized', header: expect.objectContaining({ type: FrameType.settings }) },
    ]);
    expect(reader.push(settingsFrame([]))).toEqual([]);
  });

  it('never throws on random bytes', () => {
    const next = mulberry32(0x5eed);
    for (let run = 0; run < 2000; run++) {
      const bytes = Buffer.from(
        Array.from({ length: Math.floor(next() * 200) }, () => Math.floor(next() * 256)),
      );
      expect(() => readAll(bytes, [Math.floor(next() * bytes.length)])).not.toThrow();
    }
  });
});

describe('headerFrames', () => {
  it('splits a block into HEADERS and CONTINUATIONs of at most the peer frame size', () => {
    const block = Buffer.from(Array.from({ length: 40 }, (_, i) => i));
    const events = readAll(headerFrames(3, block, true, 16));
    expect(summary(events)).toEqual([
      ['frame', FrameType.headers, Flag.endStream, 3, block.subarray(0, 16).toString('hex')],
      ['frame', FrameType.continuation, 0, 3, block.subarray(16, 32).toString('hex')],
      ['frame', FrameType.continuation, Flag.endHeaders, 3, block.subarray(32).toString('hex')],
    ]);
  });

  it('sends an empty block as one HEADERS with END_HEADERS', () => {
    expect(summary(readAll(headerFrames(1, Buffer.alloc(0), false, 16_384)))).toEqual([
      ['frame', FrameType.headers, Flag.endHeaders, 1, ''],
    ]);
  });
});
