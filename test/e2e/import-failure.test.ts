import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { runDecnet, scratchHome } from '../support/cli.js';
import { DIALECTS, type ScratchDatabase, scratchDatabase } from '../support/databases.js';

const LINES = 4_000;
const BATCH = 500;
/** The one line the database refuses: its credential, written in the serial part of a commit. */
const POISONED_LINE = 2_200;

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Connections from distinct addresses, and one password tried as the principal `poison`. */
function attackLines(): string[] {
  return Array.from({ length: LINES }, (_, i) => {
    const ip = `198.51.${Math.floor(i / 250)}.${i % 250}`;
    const ts = `2026-05-10T12:00:00.${String(i).padStart(6, '0')}Z`;
    return i === POISONED_LINE
      ? `<134>1 ${ts} decky-01 ssh - auth_attempt [relay@55555 principal="poison" secret_printable="x" secret_b64="${b64('x')}" src_ip="${ip}"]`
      : `<134>1 ${ts} decky-01 ssh - connect [relay@55555 src_ip="${ip}" line="${i}"]`;
  });
}

/** Makes the database refuse any credential whose principal is `poison`, or accept it again. */
async function poison(database: Database, on: boolean): Promise<void> {
  if (database.dialect === 'sqlite') {
    await sql
      .raw(
        on
          ? `CREATE TRIGGER poison BEFORE INSERT ON credentials WHEN NEW.principal = 'poison'
             BEGIN SELECT RAISE(ABORT, 'poisoned credential'); END`
          : 'DROP TRIGGER poison',
      )
      .execute(database.db);
    return;
  }
  await sql
    .raw(
      on
        ? `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN IF NEW.principal = 'poison' THEN RAISE EXCEPTION 'poisoned credential'; END IF; RETURN NEW; END $$;
           CREATE TRIGGER poison BEFORE INSERT ON credentials FOR EACH ROW EXECUTE FUNCTION poison()`
        : 'DROP TRIGGER poison ON credentials; DROP FUNCTION poison()',
    )
    .execute(database.db);
}

/**
 * A batch the database refuses stops a file import: the batches before it stay stored, nothing after
 * it is, even a batch whose rows were already appended while the refused one was committing (on
 * PostgreSQL the next batch's logs go in before its commit turn). Once the cause is gone, the import
 * resumes after the stored prefix and ends with every line once, in file order.
 */
describe.each(DIALECTS)('a batch refused during a file import on %s', (dialect) => {
  let db: ScratchDatabase;
  afterAll(async () => db?.drop());

  it('keeps the batches before it, and the rerun stores the rest once, in order', {
    timeout: 120_000,
  }, async () => {
    db = await scratchDatabase(dialect);
    const home = scratchHome();
    const env = { DECNET_HOME: home, DECNET_BATCH_SIZE: String(BATCH), DECNET_DB_URL: db.url };
    const lines = attackLines();
    const file = join(home, 'attack.log');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const database = await openDatabase(db.target);
    try {
      await migrate(database);
      await poison(database, true);
      const refused = await runDecnet(['ingest', '--from', file], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/poisoned credential/);
      const logs = () => database.db.selectFrom('logs').select('raw_line').orderBy('id').execute();
      const prefix = Math.floor(POISONED_LINE / BATCH) * BATCH;
      expect((await logs()).map((r) => r.raw_line)).toEqual(lines.slice(0, prefix));

      await poison(database, false);
      const rerun = await runDecnet(['ingest', '--from', file], env);
      expect(rerun.stderr).toBe('');
      expect(rerun.code).toBe(0);
      expect((await logs()).map((r) => r.raw_line)).toEqual(lines);
      const credentials = await database.db.selectFrom('credentials').select('principal').execute();
      expect(credentials).toEqual([{ principal: 'poison' }]);
    } finally {
      await database.close();
    }
  });
});
