/**
 * Ingest throughput: the wall time of `decnet ingest --from FILE` (start-up included) on the 200k-line
 * reference-format corpus, into a fresh SQLite database and a fresh PostgreSQL database, and the peak
 * resident memory while ingesting 1M lines into SQLite. Also checks that no line whose secret holds an
 * escaped `]` lost its attacker IP (the reference's parser loses it).
 *
 *   node --import tsx bench/ingest.ts [--runs N] [--skip-1m]
 *
 * Prints a text block, then one JSON line: {"bench":"ingest",…}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { scratchDatabase } from '../test/support/databases.js';
import { buildCli, corpusFile, countLines, median, type TimedRun, timeDecnet } from './support.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const skipMillion = args.includes('--skip-1m');

buildCli();
const corpus = corpusFile(200_000);
const lines = countLines(corpus);

async function ingestInto(
  dialect: 'sqlite' | 'postgres',
  file: string,
): Promise<{ run: TimedRun; escapedKept: [number, number] }> {
  const home = mkdtempSync(join(tmpdir(), 'decnet-bench-'));
  const scratch = dialect === 'postgres' ? await scratchDatabase('postgres') : null;
  const env: Record<string, string> = { DECNET_HOME: home };
  if (scratch?.target.kind === 'postgres') env.DECNET_DB_URL = scratch.target.url;
  try {
    const run = await timeDecnet(['ingest', '--from', file], env);
    const database = await openDatabase(scratch?.target ?? { kind: 'sqlite', file: join(home, 'decnet.db') });
    try {
      // Lines whose structured data holds an escaped `]` (the reference's parser lost their attacker IP).
      const rows = (
        await database.db.selectFrom('logs').select(['attacker_ip', 'raw_line']).execute()
      ).filter((r) => r.raw_line.includes('\\]'));
      return { run, escapedKept: [rows.length, rows.filter((r) => r.attacker_ip !== null).length] };
    } finally {
      await database.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
    await scratch?.drop();
  }
}

const results: Record<string, unknown> = { bench: 'ingest', lines };
const report: string[] = [`corpus: ${corpus} (${lines} lines)`];

for (const dialect of ['sqlite', 'postgres'] as const) {
  const times: number[] = [];
  let escaped: [number, number] = [0, 0];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const { run, escapedKept } = await ingestInto(dialect, corpus);
    times.push(run.seconds);
    rss = Math.max(rss, run.peakRssMb);
    escaped = escapedKept;
  }
  const seconds = median(times);
  const rate = Math.round(lines / seconds);
  results[`${dialect}_lines_per_s`] = rate;
  results[`${dialect}_seconds`] = Number(seconds.toFixed(3));
  results[`${dialect}_escaped_bracket_lines`] = escaped[0];
  results[`${dialect}_escaped_bracket_ip_kept`] = escaped[1];
  report.push(
    `${dialect.padEnd(8)} ${rate.toLocaleString('en')} lines/s  (median of ${runs}: ${seconds.toFixed(2)} s wall, start-up included; runs ${times.map((t) => t.toFixed(2)).join(', ')} s; peak RSS ${rss.toFixed(0)} MB)`,
    `         lines with an escaped ] in a value: ${escaped[0]}, attacker IP kept on ${escaped[1]}`,
  );
}

if (!skipMillion) {
  const million = corpusFile(1_000_000);
  const { run } = await ingestInto('sqlite', million);
  results.sqlite_1m_seconds = Number(run.seconds.toFixed(2));
  results.sqlite_1m_peak_rss_mb = Math.round(run.peakRssMb);
  report.push(`1M lines into SQLite: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
}

process.stdout.write(`${report.join('\n')}\n${JSON.stringify(results)}\n`);
