import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Database } from '../../src/db/connection.js';
import { parseLine } from '../../src/events/rfc5424/parse.js';
import { INGEST_LIMITS } from '../../src/ingest/limits.js';
import { REPO_ROOT } from './cli.js';

/**
 * `lines` lines of the reference-format corpus (`seed` picks which), with malformed lines of every
 * kind mixed in: a PRI out of range, an unterminated value, binary bytes, a line over 64 KiB, not
 * syslog at all.
 */
export function corpusWithBadLines(lines: number, seed: number): Buffer[] {
  const corpus = execFileSync(
    'python3',
    [join(REPO_ROOT, '../shared/tools/gen-decnet-corpus.py'), String(lines), String(seed)],
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
  const out: Buffer[] = [];
  corpus.forEach((line, i) => {
    out.push(Buffer.from(line));
    if (i % 997 === 0) out.push(bad[(i / 997) % bad.length]!);
  });
  return out;
}

/**
 * What an ingest must make of `lines`: the good ones stored as logs (their text, in order), the rest
 * dead-lettered with their first 64 KiB kept (base64, sorted).
 */
export function expectedIngest(lines: Buffer[]): { good: string[]; bad: Buffer[]; deadB64: string[] } {
  const isGood = (line: Buffer) =>
    line.length <= INGEST_LIMITS.maxLineBytes && parseLine(line.toString('utf8')).ok;
  const bad = lines.filter((l) => !isGood(l));
  return {
    good: lines.filter(isGood).map((l) => l.toString('utf8')),
    bad,
    deadB64: bad.map((b) => b.subarray(0, INGEST_LIMITS.maxLineBytes).toString('base64')).sort(),
  };
}

/** Rows in a table of the ingest's output. */
export async function countRows(database: Database, table: 'logs' | 'dead_letters'): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
