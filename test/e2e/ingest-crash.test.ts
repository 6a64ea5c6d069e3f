import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { parseLine } from '../../src/events/rfc5424/parse.js';
import { INGEST_LIMITS } from '../../src/ingest/limits.js';
import { SpoolWriter } from '../../src/ingest/spool/writer.js';
import { systemClock } from '../../src/runtime/clock.js';
import { silentLogger } from '../../src/runtime/logger.js';
import { eventually, REPO_ROOT, scratchHome, startDecnet } from '../support/cli.js';
import { DIALECTS, type ScratchDatabase, scratchDatabase } from '../support/databases.js';

const CORPUS_LINES = 40_000;

/** The reference-format corpus with malformed lines of every kind mixed in. */
function corpusWithBadLines(): Buffer[] {
  const corpus = execFileSync(
    'python3',
    [join(REPO_ROOT, '../shared/tools/gen-decnet-corpus.py'), String(CORPUS_LINES), '91'],
    {
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const bad = [
    Buffer.from('<999>1 2026-05-01T00:00:00Z decky-01 ssh - auth_attempt - PRI out of range'),
    Buffer.from(
      '<134>1 2026-05-01T00:00:00Z decky-01 ssh - auth_attempt [relay@55555 src_ip="203.0.113.50" secret_b64="eA==',
    ),
    Buffer.from([0x3c, 0x31, 0x33, 0x34, 0x3e, 0x00, 0xff, 0xfe, 0x01, 0x02, 0x80]),
    Buffer.from(
      `<134>1 2026-05-01T00:00:00Z decky-01 http - request [relay@55555 body="${'A'.repeat(70_000)}"]`,
    ),
    Buffer.from('not syslog at all'),
  ];
  const lines: Buffer[] = [];
  corpus.forEach((line, i) => {
    lines.push(Buffer.from(line));
    if (i % 997 === 0) lines.push(bad[(i / 997) % bad.length]!);
  });
  return lines;
}

describe.each(DIALECTS)('kill -9 of the ingester on %s', (dialect) => {
  let db: ScratchDatabase;
  afterAll(async () => db?.drop());

  it('loses nothing and stores nothing twice across crashes', { timeout: 240_000 }, async () => {
    db = await scratchDatabase(dialect);
    const home = scratchHome();
    const env: Record<string, string> = {
      DECNET_HOME: home,
      DECNET_BATCH_SIZE: '2000',
      DECNET_DB_URL: db.target.kind === 'postgres' ? db.target.url : `sqlite://${db.target.file}`,
    };
    const lines = corpusWithBadLines();
    const spool = await SpoolWriter.open(join(home, 'spool'), {
      segmentBytes: 2 * 1024 * 1024,
      fsyncMs: 50,
      clock: systemClock,
      logger: silentLogger,
    });
    for (const line of lines) spool.appendBytes(Buffer.concat([line, Buffer.from('\n')]));
    await spool.close();

    const isGood = (line: Buffer) =>
      line.length <= INGEST_LIMITS.maxLineBytes && parseLine(line.toString('utf8')).ok;
    const good = lines.filter(isGood).map((l) => l.toString('utf8'));
    const bad = lines.filter((l) => !isGood(l));
    expect(bad.length).toBeGreaterThan(30);

    // Migrated here first, as every decnet command does, so this connection knows the tables.
    const database = await openDatabase(db.target);
    await migrate(database);
    const count = async (table: 'logs' | 'dead_letters') => {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };

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
      const keptBad = bad.map((b) => b.subarray(0, INGEST_LIMITS.maxLineBytes).toString('base64')).sort();
      expect(dead.map((d) => d.raw_b64).sort()).toEqual(keptBad);
    } finally {
      for (const r of running)
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
      await database.close();
    }
  });
});
