/**
 * Parse throughput on one core: `parseLine` over the reference-format corpus (200k lines from
 * ../shared/tools/gen-decnet-corpus.py, kept in bench/out/corpus-200000.log), with glossy
 * (a generic JS syslog parser) timed on the same lines as a baseline.
 *
 *   node --import tsx bench/parse.ts [--runs N] [--fresh]
 *
 * `--fresh` times a freshly generated corpus instead of the one kept in bench/out/.
 *
 * Prints a text block, then one JSON line: {"bench":"parse","lines_per_s":…}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import glossy from 'glossy';
import {
  CORPUS_SEED,
  corpusFile,
  generateCorpus,
  median,
  parseScore,
  readLines,
  timePass,
} from './support.js';

const CORPUS_LINES = 200_000;
const DEFAULT_RUNS = 5;
const WARMUP_RUNS = 2;
const GLOSSY_RUNS = 2;

function loadCorpus(fresh: boolean): { lines: string[]; source: string } {
  if (!fresh) {
    const file = corpusFile(CORPUS_LINES);
    return { lines: readLines(file), source: file };
  }
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-parse-'));
  try {
    const file = join(dir, 'corpus.log');
    generateCorpus(CORPUS_LINES, file);
    return {
      lines: readLines(file),
      source: `generated: gen-decnet-corpus.py ${CORPUS_LINES} ${CORPUS_SEED}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || DEFAULT_RUNS) : DEFAULT_RUNS;

const { lines, source } = loadCorpus(process.argv.includes('--fresh'));
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);

const ours = parseScore;
const baseline = (line: string): number => {
  const m = glossy.Parse.parse(line);
  return m.structuredData === undefined ? 1 : 2;
};

// Correctness gate before timing: every corpus line must parse and name its attacker.
let failures = 0;
for (const line of lines) if (ours(line) !== 2) failures++;

for (let i = 0; i < WARMUP_RUNS; i++) timePass(lines, ours);
const ourTimes: number[] = [];
for (let i = 0; i < runs; i++) ourTimes.push(timePass(lines, ours).seconds);
timePass(lines, baseline);
const glossyTimes: number[] = [];
for (let i = 0; i < GLOSSY_RUNS; i++) glossyTimes.push(timePass(lines, baseline).seconds);

const ourSeconds = median(ourTimes);
const glossySeconds = median(glossyTimes);
const linesPerS = lines.length / ourSeconds;
const glossyLinesPerS = lines.length / glossySeconds;
const usPerLine = (ourSeconds / lines.length) * 1e6;
const mbPerS = bytes / ourSeconds / 1e6;

const out = [
  'parse benchmark (one core)',
  `  corpus          ${lines.length} lines, ${(bytes / 1e6).toFixed(1)} MB (${source})`,
  `  node            ${process.version}`,
  `  runs            ${WARMUP_RUNS} warm-up + ${runs} timed (median)`,
  `  parseLine       ${Math.round(linesPerS).toLocaleString('en-US')} lines/s, ${usPerLine.toFixed(2)} µs/line, ${mbPerS.toFixed(0)} MB/s`,
  `  glossy          ${Math.round(glossyLinesPerS).toLocaleString('en-US')} lines/s (baseline; header + SD only, no escapes honoured, no address logic)`,
  `  ratio           ${(linesPerS / glossyLinesPerS).toFixed(2)}× glossy`,
  `  failures        ${failures} lines not parsed or without an attacker IP`,
];
console.log(out.join('\n'));
console.log(
  JSON.stringify({
    bench: 'parse',
    lines_per_s: Math.round(linesPerS),
    us_per_line: Number(usPerLine.toFixed(3)),
    mb_per_s: Number(mbPerS.toFixed(1)),
    glossy_lines_per_s: Math.round(glossyLinesPerS),
    ratio_vs_glossy: Number((linesPerS / glossyLinesPerS).toFixed(2)),
    lines: lines.length,
    runs,
    failures,
  }),
);
if (failures > 0) process.exitCode = 1;
