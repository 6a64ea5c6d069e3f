import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  assertDurableName,
  BusError,
  type BusLogger,
  formatDuration,
  newEventId,
  redeliveryDelayMs,
  resolveMaxDeliver,
  runHandler,
} from './bus.js';
import { BUS_LIMITS } from './limits.js';

describe('redeliveryDelayMs', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, BUS_LIMITS.redeliveryMaxMs],
    [1_000, BUS_LIMITS.redeliveryMaxMs],
  ])('after %d failed deliveries waits %d ms', (deliveries, ms) => {
    expect(redeliveryDelayMs(deliveries)).toBe(ms);
  });

  it('scales from the base it is given', () => {
    expect(redeliveryDelayMs(3, 20)).toBe(80);
  });
});

describe('durable names and maxDeliver', () => {
  it.each(['worker', 'ttp_tagger', 'a-b-1', 'x'.repeat(BUS_LIMITS.maxDurableNameChars)])(
    'accepts %j',
    (name) => {
      expect(() => assertDurableName(name)).not.toThrow();
    },
  );

  it.each(['', 'a.b', 'a b', 'a*', 'a>', 'é', 'x'.repeat(BUS_LIMITS.maxDurableNameChars + 1)])(
    'refuses %j',
    (name) => {
      expect(() => assertDurableName(name)).toThrow(BusError);
    },
  );

  it('defaults maxDeliver to 5 and refuses non-positive or fractional values', () => {
    expect(resolveMaxDeliver(undefined)).toBe(BUS_LIMITS.defaultMaxDeliver);
    expect(resolveMaxDeliver(1)).toBe(1);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => resolveMaxDeliver(bad)).toThrow(/maxDeliver/);
  });
});

describe('helpers', () => {
  it('runHandler returns what a handler threw, sync or async', async () => {
    const event = { v: 1 as const, id: 'i', topic: 't', type: 't', ts: 0, payload: {} };
    expect(await runHandler(() => {}, event)).toBeUndefined();
    expect(await runHandler(() => Promise.resolve(), event)).toBeUndefined();
    expect(
      await runHandler(() => {
        throw new Error('sync');
      }, event),
    ).toMatchObject({ message: 'sync' });
    expect(await runHandler(() => Promise.reject(new Error('async')), event)).toMatchObject({
      message: 'async',
    });
    expect(await runHandler(() => Promise.reject(undefined), event)).toBeInstanceOf(Error);
  });

  it.each([
    [20, '20 ms'],
    [999, '999 ms'],
    [1_000, '1 s'],
    [2_500, '2.5 s'],
    [30_000, '30 s'],
  ])('formatDuration(%d) is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('makes 32-hex-digit ids', () => {
    expect(newEventId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newEventId()).not.toBe(newEventId());
  });

  it('takes a pino logger as its logger', () => {
    const logger: BusLogger = pino({ level: 'silent' });
    expect(() => logger.warn({ a: 1 }, 'x')).not.toThrow();
  });
});
