import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { SpoolWriter } from '../../src/ingest/spool/writer.js';
import { systemClock } from '../../src/runtime/clock.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { eventually, scratchHome, startDecnet } from '../support/cli.js';
import { corpusWithBadLines, countRows, expectedIngest } from '../support/corpus.js';
import { DIALECTS, type ScratchDatabase, scratchDatabase } from '../support/databases.js';

const CORPUS_LINES = 40_000;

describe.each(DIALECTS)('kill -9 of the ingester on %s', (dialect) => {
  let db: ScratchDatabase;
  afterAll(async () => db?.drop());

  it('loses nothing and stores nothing twice across crashes', { timeout: 240_000 }, async () => {
    db = await scratchDatabase(dialect);
    const home = scratchHome();
    const env: Record<string, string> = {
      DECNET_HOME: home,
      DECNET_BATCH_SIZE: '2000',
      DECNET_DB_URL: db.url,
    };
    const lines = corpusWithBadLines(CORPUS_LINES, 91);
    const spool = await SpoolWriter.open(join(home, 'spool'), {
      segmentBytes: 2 * 1024 * 1024,
      fsyncMs: 50,
      clock: systemClock,
      logger: silentLogger,
    });
    for (const line of lines) spool.appendBytes(Buffer.concat([line, Buffer.from('\n')]));
    await spool.close();

    const { good, bad, deadB64 } = expectedIngest(lines);
    expect(bad.length).toBeGreaterThan(30);

    // Migrated here first, as every decnet command does, so this connection knows the tables.
    const database = await openDatabase(db.target);
    await migrate(database);
    const count = (table: 'logs' | 'dead_letters') => countRows(database, table);

    const running: Array<ReturnType<typeof startDecnet>> = [];
    try {
      // Three crashes, each after the ingester has made some progress but before it has finished.
      let previous = 0;
      for (let crash = 1; crash <= 3; crash++) {
        const ingester = startDecnet(['ingest'], env);
        running.push(ingester);
        const target = Math.floor((good.length * crash) / 4);
        await eventually(
          async () => (await count('logs')) >= Math.max(target, previous + 1),
          `progress before crash ${crash}`,
          120_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}\ningester output:\n${ingester.output()}`);
        });
        ingester.child.kill('SIGKILL');
        await ingester.exited;
        const stored = await count('logs');
        expect(stored).toBeLessThan(good.length);
        previous = stored;
      }

      const ingester = startDecnet(['ingest'], env);
      running.push(ingester);
      await eventually(
        async () => (await count('logs')) === good.length && (await count('dead_letters')) === bad.length,
        'every line stored after the crashes',
        120_000,
      );
      ingester.child.kill('SIGTERM');
      expect(await ingester.exited).toBe(0);

      const stored = await database.db.selectFrom('logs').select('raw_line').execute();
      expect(stored.map((r) => r.raw_line).sort()).toEqual([...good].sort());
      const dead = await database.db.selectFrom('dead_letters').select(['raw_b64', 'raw_size']).execute();
      expect(dead.map((d) => d.raw_b64).sort()).toEqual(deadB64);
    } finally {
      for (const r of running)
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
      await database.close();
    }
  });
});
