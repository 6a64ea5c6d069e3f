import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { eventually, runDecnet, scratchHome, startDecnet } from '../support/cli.js';
import { corpusWithBadLines, countRows, expectedIngest } from '../support/corpus.js';
import { DIALECTS, type ScratchDatabase, scratchDatabase } from '../support/databases.js';

const CORPUS_LINES = 60_000;

/**
 * `decnet ingest --from` imports on several threads, each committing every other batch. Killed with
 * SIGKILL mid-import and run again, it must still store each line exactly once, in file order (log ids
 * follow the file), and every malformed line as a dead letter.
 */
describe.each(DIALECTS)('kill -9 of a file import on %s', (dialect) => {
  let db: ScratchDatabase;
  afterAll(async () => db?.drop());

  it('resumes where it stopped: every line once, in file order', { timeout: 240_000 }, async () => {
    db = await scratchDatabase(dialect);
    const home = scratchHome();
    const env: Record<string, string> = {
      DECNET_HOME: home,
      // Small batches: many commits, so a kill lands between some of them.
      DECNET_BATCH_SIZE: '500',
      DECNET_DB_URL: db.url,
    };
    const lines = corpusWithBadLines(CORPUS_LINES, 77);
    const file = join(home, 'attack.log');
    writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));

    const { good, bad, deadB64 } = expectedIngest(lines);
    expect(bad.length).toBeGreaterThan(30);

    const database = await openDatabase(db.target);
    await migrate(database);
    const count = (table: 'logs' | 'dead_letters') => countRows(database, table);

    const running: Array<ReturnType<typeof startDecnet>> = [];
    try {
      let previous = 0;
      for (let crash = 1; crash <= 2; crash++) {
        const importer = startDecnet(['ingest', '--from', file], env);
        running.push(importer);
        const target = Math.floor((good.length * crash) / 3);
        await eventually(
          async () => (await count('logs')) >= Math.max(target, previous + 1),
          `progress before crash ${crash}`,
          120_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}\nimport output:\n${importer.output()}`);
        });
        importer.child.kill('SIGKILL');
        await importer.exited;
        const stored = await count('logs');
        expect(stored).toBeLessThan(good.length);
        previous = stored;
      }

      const last = await runDecnet(['ingest', '--from', file], env);
      expect(last.stderr).toBe('');
      expect(last.code).toBe(0);
      expect(last.stdout).toMatch(/bytes already imported before were skipped/);

      const stored = await database.db.selectFrom('logs').select('raw_line').orderBy('id').execute();
      expect(stored.length).toBe(good.length);
      expect(stored.map((r) => r.raw_line)).toEqual(good);
      const dead = await database.db.selectFrom('dead_letters').select(['raw_b64']).execute();
      expect(dead.map((d) => d.raw_b64).sort()).toEqual(deadB64);

      // Imported once more, nothing is stored twice.
      const again = await runDecnet(['ingest', '--from', file], env);
      expect(again.code).toBe(0);
      expect(await count('logs')).toBe(good.length);
    } finally {
      for (const r of running)
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
      await database.close();
    }
  });
});
