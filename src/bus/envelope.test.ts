import { describe, expect, it } from 'vitest';
import {
  busEventSchema,
  decodeEvent,
  EventTooLargeError,
  encodeEvent,
  formatBytes,
  InvalidEventError,
} from './envelope.js';
import { BUS_LIMITS } from './limits.js';

const base = {
  topic: 'attacker.scored',
  type: 'scored',
  id: 'abc123',
  ts: 1767225600.5,
  payload: { ip: '192.0.2.1' },
};

/** Envelope overhead around a payload `{"s":"…"}`, so tests can aim at the byte limit exactly. */
function payloadOfEncodedSize(bytes: number): { s: string } {
  const overhead = encodeEvent({ ...base, payload: { s: '' } }).bytes;
  return { s: 'x'.repeat(bytes - overhead) };
}

describe('encodeEvent', () => {
  it('builds the envelope and its JSON', () => {
    const { event, json, bytes } = encodeEvent(base);
    expect(event).toEqual({ v: 1, ...base });
    expect(JSON.parse(json)).toEqual(event);
    expect(bytes).toBe(Buffer.byteLength(json));
  });

  it('accepts an event of exactly the limit and refuses one byte more', () => {
    const limit = BUS_LIMITS.maxEventBytes;
    expect(encodeEvent({ ...base, payload: payloadOfEncodedSize(limit) }).bytes).toBe(limit);
    expect(() => encodeEvent({ ...base, payload: payloadOfEncodedSize(limit + 1) })).toThrow(
      EventTooLargeError,
    );
  });

  it('counts bytes, not characters', () => {
    const err = (() => {
      try {
        encodeEvent({ ...base, payload: { s: '💥'.repeat(300_000) } });
      } catch (e) {
        return e as EventTooLargeError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(EventTooLargeError);
    expect(err?.bytes).toBeGreaterThan(1_200_000);
    expect(err?.message).toMatch(/attacker\.scored is 1\.\d+ MiB encoded; the bus limit is 1 MiB/);
  });

  it.each([
    [{ topic: 'a..b' }, /empty token/],
    [{ topic: 'a.*' }, /wildcard/],
    [{ type: '' }, /type/],
    [{ type: 'x'.repeat(BUS_LIMITS.maxTypeChars + 1) }, /type/],
    [{ type: 'two words' }, /type/],
    [{ id: '' }, /id/],
    [{ id: 'has space' }, /id/],
    [{ id: 'x'.repeat(BUS_LIMITS.maxIdChars + 1) }, /id/],
    [{ ts: Number.NaN }, /ts/],
    [{ ts: -1 }, /ts/],
    [{ payload: [] }, /JSON object/],
    [{ payload: null }, /JSON object/],
    [{ payload: 'text' }, /JSON object/],
  ])('refuses %j', (override, message) => {
    expect(() => encodeEvent({ ...base, ...(override as object) } as typeof base)).toThrow(InvalidEventError);
    expect(() => encodeEvent({ ...base, ...(override as object) } as typeof base)).toThrow(message);
  });

  it('accepts the longest id and type', () => {
    expect(() =>
      encodeEvent({
        ...base,
        id: 'x'.repeat(BUS_LIMITS.maxIdChars),
        type: 'y'.repeat(BUS_LIMITS.maxTypeChars),
      }),
    ).not.toThrow();
  });

  it('refuses a payload JSON cannot encode', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => encodeEvent({ ...base, payload: circular })).toThrow(/not JSON-serialisable/);
    expect(() => encodeEvent({ ...base, payload: { n: 1n } })).toThrow(/not JSON-serialisable/);
  });
});

describe('decodeEvent', () => {
  it('round-trips an encoded event', () => {
    const { event, json } = encodeEvent(base);
    expect(decodeEvent(json)).toEqual({ ok: true, event });
  });

  it.each([
    ['not json', /not JSON/],
    ['[]', /not a bus envelope/],
    [JSON.stringify({ ...base, v: 2 }), /v/],
    [JSON.stringify({ ...base, v: 1, payload: [1] }), /payload/],
    [JSON.stringify({ ...base, v: 1, topic: 'a.>' }), /topic/],
    [JSON.stringify({ ...base, v: 1, ts: 'now' }), /ts/],
  ])('rejects %s with a reason', (json, reason) => {
    const result = decodeEvent(json);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('drops unknown envelope fields', () => {
    const result = decodeEvent(JSON.stringify({ v: 1, ...base, extra: true }));
    expect(result.ok && 'extra' in result.event).toBe(false);
  });

  it('exposes the schema for other boundaries', () => {
    expect(busEventSchema.safeParse({ v: 1, ...base }).success).toBe(true);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024, '1 MiB'],
    [2 * 1024 * 1024 + 40, '2 MiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
