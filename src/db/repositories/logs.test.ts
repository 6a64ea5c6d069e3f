import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratch } from '../../../test/support/databases.js';
import type { Database } from '../connection.js';
import { countLogs, logHistogram, logTimeSpan, pageLogs } from './logs.js';

const ORIGIN_S = Date.UTC(2026, 4, 10, 12) / 1000;
/** A stored timestamp `micros` microseconds after 2026-05-10T12:00:00Z. */
const at = (micros: number) => {
  const seconds = Math.floor(micros / 1e6);
  const date = new Date((ORIGIN_S + seconds) * 1000).toISOString().slice(0, 19);
  return `${date}.${String(micros - seconds * 1e6).padStart(6, '0')}Z`;
};

/** Events on and next to the edges of 60-second buckets. */
const EVENTS_US = [0, 1, 59_999_999, 60_000_000, 60_000_001, 119_999_999, 180_000_000, 299_999_999];

describe.each(DIALECTS)('log queries of the API on %s', (dialect) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openScratch(dialect));
    await database.db
      .insertInto('logs')
      .values(
        EVENTS_US.map((us, i) => ({
          timestamp: at(us),
          received_at: at(us),
          decky: 'decky-01',
          service: i % 2 ? 'ssh' : 'http',
          event_type: 'x',
          attacker_ip: '192.0.2.1',
          severity: 6,
          fields: {},
          msg: i === 3 ? 'Café_50%' : null,
          raw_line: `line ${i}`,
        })),
      )
      .execute();
  });
  afterAll(async () => cleanup());

  it('puts an event on a bucket edge in the bucket it starts', async () => {
    const counts = await logHistogram(
      database,
      { since: at(0), until: at(300_000_000) },
      { originS: ORIGIN_S, intervalS: 60, count: 5 },
    );
    expect(counts).toEqual([3, 3, 0, 1, 1]);
  });

  it('counts only from since to until inside the outer buckets', async () => {
    const counts = await logHistogram(
      database,
      { since: at(1), until: at(60_000_001) },
      { originS: ORIGIN_S, intervalS: 60, count: 2 },
    );
    expect(counts).toEqual([2, 1]);
    const ssh = await logHistogram(
      database,
      { since: at(0), until: at(300_000_000), service: 'ssh' },
      { originS: ORIGIN_S, intervalS: 120, count: 3 },
    );
    expect(ssh).toEqual([3, 0, 1]);
  });

  it('orders by event time to the microsecond and pages with offsets', async () => {
    const page = await pageLogs(database, {}, 3, 1);
    expect(page.map((r) => r.timestamp)).toEqual([at(180_000_000), at(119_999_999), at(60_000_001)]);
    expect(await countLogs(database, { since: at(1), until: at(60_000_000) })).toBe(2);
  });

  it('searches the message with LIKE wildcards taken literally', async () => {
    expect(await countLogs(database, { search: 'é_50%' })).toBe(1);
    expect(await countLogs(database, { search: 'CAF' })).toBe(1);
    expect(await countLogs(database, { search: 'e_5' })).toBe(0);
    expect(await countLogs(database, { search: 'LINE 7' })).toBe(1);
  });

  it('finds the first and last event time', async () => {
    expect(await logTimeSpan(database)).toEqual({ first: at(0), last: at(299_999_999) });
  });
});
