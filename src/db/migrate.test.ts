import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openScratch, scratchDatabase } from '../../test/support/databases.js';
import { scratchDir } from '../../test/support/scratch.js';
import { openDatabase } from './connection.js';
import { currentVersion, migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  it('creates every table once and is a no-op the second time', async () => {
    const scratch = await scratchDatabase(dialect);
    cleanups.push(() => scratch.drop());
    const database = await openDatabase(scratch.target);
    cleanups.unshift(() => database.close());

    const first = await migrate(database);
    expect(first.applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
    const second = await migrate(database);
    expect(second.applied).toEqual([]);
    expect(second.version).toBe(migrations.at(-1)!.version);

    for (const table of [
      'logs',
      'dead_letters',
      'attackers',
      'sessions',
      'commands',
      'credentials',
      'bounties',
      'deckies',
      'state',
      'users',
      'outbox',
    ] as const) {
      const rows = await database.db.selectFrom(table).selectAll().execute();
      expect(rows).toEqual([]);
    }
  });

  it('refuses a database whose schema is newer than this build', async () => {
    const { database, cleanup } = await openScratch(dialect);
    cleanups.push(cleanup);
    await sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', ${new Date().toISOString()})`.execute(
      database.db,
    );
    await expect(migrate(database)).rejects.toThrow(/version 999, newer than this DECNET knows/);
  });

  it('round-trips JSON, booleans and microsecond timestamps as native values', async () => {
    const { database, cleanup } = await openScratch(dialect);
    cleanups.push(cleanup);
    const ts = '2026-05-10T12:00:01.123456Z';
    await database.db
      .insertInto('attackers')
      .values({
        uuid: 'a1',
        ip: '203.0.113.9',
        first_seen: ts,
        last_seen: ts,
        event_count: 3,
        services: ['http', 'ssh'],
        deckies: ['decky-02', 'decky-01'],
        service_count: 2,
        decky_count: 2,
        is_traversal: true,
        traversal_path: 'decky-02 → decky-01',
        updated_at: ts,
      })
      .execute();
    const row = await database.db.selectFrom('attackers').selectAll().executeTakeFirstOrThrow();
    expect(row.services).toEqual(['http', 'ssh']);
    expect(row.deckies).toEqual(['decky-02', 'decky-01']);
    expect(row.is_traversal).toBe(true);
    expect(row.first_seen).toBe(ts);
    expect(row.event_count).toBe(3);
    expect(await currentVersion(database)).toBe(migrations.at(-1)!.version);
  });
});

describe('migrations on postgres, concurrently', () => {
  it('serialise two processes starting at once', async () => {
    const scratch = await scratchDatabase('postgres');
    cleanups.push(() => scratch.drop());
    const a = await openDatabase(scratch.target);
    const b = await openDatabase(scratch.target);
    cleanups.unshift(
      () => a.close(),
      () => b.close(),
    );
    const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
    expect(ra.applied.length + rb.applied.length).toBe(migrations.length);
  });
});

describe('opening a bad SQLite file', () => {
  it('names the file and says what to do', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = scratchDir('decnet-corrupt');
    const file = join(dir, 'decnet.db');
    writeFileSync(
      file,
      'this is not a database, it is a text file that is long enough to have a header '.repeat(20),
    );
    await expect(openDatabase({ kind: 'sqlite', file })).rejects.toThrow(
      /is not a usable SQLite database.*Move it aside/,
    );
  });
});

describe('an unreachable PostgreSQL', () => {
  it('gives up with a clear message after the timeout', async () => {
    const { ManualClock } = await import('../runtime/clock.js');
    const clock = new ManualClock();
    const opening = openDatabase(
      { kind: 'postgres', url: 'postgres://u:secret@127.0.0.1:1/none' },
      { clock, connectTimeoutMs: 5_000 },
    );
    const failure = expect(opening).rejects.toThrow(
      /PostgreSQL postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/none is unreachable \(ECONNREFUSED\) after \d attempts/,
    );
    for (let i = 0; i < 5; i++) {
      await clock.untilSleeping().catch(() => undefined);
      await clock.advance(16_000);
    }
    await failure;
  });
});
