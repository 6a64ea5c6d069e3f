import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { ImportThreads } from './client.js';

const LINES = 12_000;

/** Lines of about 250 bytes, each from its own address, numbered so their order can be checked. */
function attackLines(): string {
  const out: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const ip = `203.0.${Math.floor(i / 250)}.${i % 250}`;
    const ts = `2026-05-10T12:00:00.${String(i).padStart(6, '0')}Z`;
    out.push(
      `<134>1 ${ts} decky-01 http - request [relay@55555 src_ip="${ip}" method="GET" path="/admin/${i}" ua="${'x'.repeat(120)}" n="${i}"]`,
    );
  }
  return `${out.join('\n')}\n`;
}

describe('a file import on SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'decnet-import-threads-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints on the main thread and starts the write-ahead log over while importing', async () => {
    const file = join(dir, 'decnet.db');
    const database = await openDatabase({ kind: 'sqlite', file });
    await migrate(database);
    await database.close();
    const input = join(dir, 'attack.log');
    writeFileSync(input, attackLines());

    const threads = new ImportThreads();
    const job = {
      file: input,
      label: 'attack.log',
      cursorKey: 'import:test',
      target: { kind: 'sqlite', file } as const,
      batchSize: 200,
      log: { checkpointEveryBytes: 128 * 1024, restartAtBytes: 512 * 1024 },
    };
    // The longest the log got, sampled while the import runs (the threads write; this thread checkpoints).
    let longestLog = 0;
    const sample = setInterval(() => {
      if (existsSync(`${file}-wal`)) longestLog = Math.max(longestLog, statSync(`${file}-wal`).size);
    }, 5);
    let totals: Awaited<ReturnType<ImportThreads['run']>>;
    try {
      totals = await threads.run(job, 0);
    } finally {
      clearInterval(sample);
    }
    expect(totals).toMatchObject({ read: LINES, stored: LINES, deadLettered: 0 });

    const check = await openDatabase({ kind: 'sqlite', file });
    try {
      const rows = await check.db.selectFrom('logs').select(['id', 'fields']).orderBy('id').execute();
      expect(rows.map((r) => Number((r.fields as Record<string, string>).n))).toEqual(
        Array.from({ length: LINES }, (_, i) => i),
      );
    } finally {
      await check.close();
    }
    // The import wrote about 50 MB through the log, which grew to all of it when never started over;
    // started over, the file reached 1.5-4 MB (it keeps the length it reached, and a restart waits for
    // the next commit turn), on a loaded machine too.
    expect(longestLog).toBeGreaterThan(128 * 1024);
    expect(longestLog).toBeLessThan(16 * 1024 * 1024);
  });
});
