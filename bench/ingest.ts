/**
 * Ingest throughput: the wall time of `decnet ingest --from FILE` (start-up included) on the 200k-line
 * reference-format corpus, into a fresh SQLite database and a fresh PostgreSQL database, and the peak
 * resident memory while ingesting 1M lines into SQLite. Also checks that no line whose secret holds an
 * escaped `]` lost its attacker IP (the reference's parser loses it).
 *
 * Before each import it times `parseLine` over the same corpus in this process (see parseRate): this
 * machine's speed changes by more than two times within hours, and the import's rate over the parse
 * rate of the moment is what compares across runs.
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
import { buildCli, corpusFile, median, parseRate, readLines, type TimedRun, timeDecnet } from './support.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const skipMillion = args.includes('--skip-1m');

buildCli();
const corpus = corpusFile(200_000);
const corpusLines = readLines(corpus);
const lines = corpusLines.length;

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
  const parseRates: number[] = [];
  let escaped: [number, number] = [0, 0];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    parseRates.push(parseRate(corpusLines));
    const { run, escapedKept } = await ingestInto(dialect, corpus);
    times.push(run.seconds);
    rss = Math.max(rss, run.peakRssMb);
    escaped = escapedKept;
  }
  const seconds = median(times);
  const rate = Math.round(lines / seconds);
  const parse = Math.round(median(parseRates));
  results[`${dialect}_lines_per_s`] = rate;
  results[`${dialect}_parse_lines_per_s`] = parse;
  results[`${dialect}_per_parse_rate`] = Number((rate / parse).toFixed(4));
  results[`${dialect}_seconds`] = Number(seconds.toFixed(3));
  results[`${dialect}_escaped_bracket_lines`] = escaped[0];
  results[`${dialect}_escaped_bracket_ip_kept`] = escaped[1];
  report.push(
    `${dialect.padEnd(8)} ${rate.toLocaleString('en')} lines/s  (median of ${runs}: ${seconds.toFixed(2)} s wall, start-up included; runs ${times.map((t) => t.toFixed(2)).join(', ')} s; peak RSS ${rss.toFixed(0)} MB)`,
    `         parseLine at the time: ${parse.toLocaleString('en')} lines/s (median of ${runs}, one before each run); import rate / parse rate ${(rate / parse).toFixed(4)}`,
    `         lines with an escaped ] in a value: ${escaped[0]}, attacker IP kept on ${escaped[1]}`,
  );
}

if (!skipMillion) {
  const million = corpusFile(1_000_000);
  const parse = Math.round(parseRate(corpusLines));
  const { run } = await ingestInto('sqlite', million);
  results.sqlite_1m_seconds = Number(run.seconds.toFixed(2));
  results.sqlite_1m_peak_rss_mb = Math.round(run.peakRssMb);
  results.sqlite_1m_parse_lines_per_s = parse;
  report.push(
    `1M lines into SQLite: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB (parseLine just before: ${parse.toLocaleString('en')} lines/s)`,
  );
}

process.stdout.write(`${report.join('\n')}\n${JSON.stringify(results)}\n`);
