import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/cli.js';
import { DIALECTS, openScratch } from '../../../test/support/databases.js';
import { openDatabase } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { getState } from '../../db/repositories/state.js';
import { ManualClock, systemClock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { silentLogger } from '../../runtime/logger.js';
import { NO_TRUSTED_PROXIES } from '../bounties/index.js';
import { comparePositions, SPOOL_START, type SpoolPosition } from '../spool/position.js';
import { SpoolWriter } from '../spool/writer.js';
import { IngestThread, type IngestThreadOptions } from './client.js';

const line = (n: number) =>
  `<134>1 2026-05-10T12:00:${String(n % 60).padStart(2, '0')}.000001+00:00 decky-01 ssh - auth_attempt [relay@55555 username="root" principal="root" secret_printable="pw${n}" secret_b64="${Buffer.from(`pw${n}`).toString('base64')}" src_ip="203.0.113.${n % 250}"]`;

async function spoolWith(dir: string, lines: string[]): Promise<SpoolPosition> {
  const writer = await SpoolWriter.open(dir, {
    segmentBytes: 1 << 20,
    fsyncMs: 10,
    clock: new ManualClock(),
    logger: silentLogger,
  });
  for (const l of lines) writer.append(l);
  const end = await writer.flush();
  await writer.close();
  return end;
}

function options(
  target: IngestThreadOptions['tail']['target'],
  spoolDir: string,
  committed: SpoolPosition[],
  logger: Logger = silentLogger,
): IngestThreadOptions {
  return {
    tail: {
      target,
      spoolDir,
      cursorKey: 'ingest.spool',
      batchSize: 40,
      batchMaxWaitMs: 20,
      trustedProxies: NO_TRUSTED_PROXIES,
    },
    clock: systemClock,
    logger,
    onCommitted: (position) => committed.push(position),
  };
}

describe.each(DIALECTS)('the ingest thread on %s', (dialect) => {
  it('tails the spool into the database, reports each commit in order, and resumes where it stopped', async () => {
    const { database, scratch, cleanup } = await openScratch(dialect);
    const spoolDir = mkdtempSync(join(tmpdir(), 'decnet-tail-'));
    try {
      const end = await spoolWith(
        spoolDir,
        Array.from({ length: 100 }, (_, i) => line(i)),
      );
      const committed: SpoolPosition[] = [];
      const thread = new IngestThread(options(scratch.target, spoolDir, committed));
      const stop = new AbortController();
      const running = thread.run(SPOOL_START, stop.signal);
      await eventually(
        () => committed.length > 0 && comparePositions(committed.at(-1)!, end) >= 0,
        'the spool',
      );
      stop.abort();
      await running;

      expect(committed.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < committed.length; i++)
        expect(comparePositions(committed[i]!, committed[i - 1]!)).toBeGreaterThan(0);
      expect(thread.totals).toMatchObject({ read: 100, stored: 100, deadLettered: 0 });
      expect(await getState(database, 'ingest.spool')).toEqual(end);
      const count = async () =>
        Number(
          (
            await database.db
              .selectFrom('logs')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(100);

      // More lines arrive while nothing runs; the next thread reads on from the committed position.
      const more = await spoolWith(spoolDir, [line(100), line(101), 'not a syslog line']);
      const again: SpoolPosition[] = [];
      const next = new IngestThread(options(scratch.target, spoolDir, again));
      const stopNext = new AbortController();
      const runningNext = next.run(end, stopNext.signal);
      await eventually(() => again.length > 0 && comparePositions(again.at(-1)!, more) >= 0, 'the new lines');
      stopNext.abort();
      await runningNext;
      expect(next.totals).toMatchObject({ read: 3, stored: 2, deadLettered: 1 });
      expect(await count()).toBe(102);
    } finally {
      rmSync(spoolDir, { recursive: true, force: true });
      await cleanup();
    }
  });
});

describe('an ingest thread that cannot open its database', () => {
  it('logs why and starts again until it can, then stores every line once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-tail-retry-'));
    const spoolDir = join(dir, 'spool');
    // A regular file where the database's directory should be: opening the database fails.
    const blocker = join(dir, 'db');
    writeFileSync(blocker, 'not a directory');
    const file = join(blocker, 'decnet.db');
    const errors: string[] = [];
    const logger = {
      error: (_fields: unknown, message: string) => errors.push(message),
    } as unknown as Logger;
    try {
      const end = await spoolWith(spoolDir, [line(1), line(2), line(3)]);
      const committed: SpoolPosition[] = [];
      const thread = new IngestThread(options({ kind: 'sqlite', file }, spoolDir, committed, logger));
      const stop = new AbortController();
      const running = thread.run(SPOOL_START, stop.signal);
      await eventually(() => errors.length > 0, 'the first failure');
      expect(errors[0]).toMatch(/starting it again/);

      rmSync(blocker);
      const database = await openDatabase({ kind: 'sqlite', file });
      await migrate(database);
      await eventually(
        () => committed.length > 0 && comparePositions(committed.at(-1)!, end) >= 0,
        'the spool',
      );
      stop.abort();
      await running;
      expect(thread.totals).toMatchObject({ read: 3, stored: 3 });
      const rows = await database.db.selectFrom('logs').select('raw_line').orderBy('id').execute();
      expect(rows.map((r) => r.raw_line)).toEqual([line(1), line(2), line(3)]);
      await database.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
