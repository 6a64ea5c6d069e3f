import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseLine } from '../src/events/rfc5424/parse.js';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(BENCH_DIR, '..');
export const OUT_DIR = join(BENCH_DIR, 'out');
const GENERATOR = join(REPO_ROOT, '..', 'shared', 'tools', 'gen-decnet-corpus.py');

/** The generator's seed for every corpus the benchmarks use. */
export const CORPUS_SEED = 5424;

/** Writes the reference-format corpus of `lines` lines to `file`. */
export function generateCorpus(lines: number, file: string): void {
  execFileSync('sh', ['-c', `python3 '${GENERATOR}' ${lines} ${CORPUS_SEED} > '${file}' 2>/dev/null`]);
}

/** The reference-format corpus of `lines` lines, generated once into bench/out/. */
export function corpusFile(lines: number): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `corpus-${lines}.log`);
  if (!existsSync(file)) generateCorpus(lines, file);
  return file;
}

/** Compiles the CLI so benchmarks measure what `npm ci` installs, not the TypeScript loader. */
export function buildCli(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export interface TimedRun {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

/**
 * Runs `decnet ...args`, timing it from spawn to exit and sampling its resident memory every 20 ms.
 * This process first lets its own garbage collector finish: on a 2-core machine its background marking
 * and sweeping after a parse-rate pass took a core from the command being timed (see settle).
 */
export async function timeDecnet(args: string[], env: Record<string, string>): Promise<TimedRun> {
  await settle();
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(join(REPO_ROOT, 'bin', 'decnet'), args, {
      env: { ...process.env, DECNET_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let peakKb = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const sampler = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const m = /VmRSS:\s+(\d+)/.exec(status);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited between samples
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`decnet ${args.join(' ')} exited with ${code}`));
      else resolve({ seconds, peakRssMb: peakKb / 1024, stdout });
    });
  });
}

/** Collects this process's garbage now and waits a moment for V8's background threads to finish sweeping. */
async function settle(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** V8's full collection, which `--expose-gc` exposes; turned on here so the bench commands need no flag. */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const SETTLE_MS = 300;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The non-empty lines of `file`. */
export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

/** Seconds for one pass of `fn` over every line; the checksum keeps the work from being optimised away. */
export function timePass(
  lines: readonly string[],
  fn: (line: string) => number,
): { seconds: number; checksum: number } {
  let checksum = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < lines.length; i++) checksum += fn(lines[i] as string);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, checksum };
}

/** 2 if `line` parses and names its attacker, 1 if it parses without one, 0 if it is malformed. */
export function parseScore(line: string): number {
  const r = parseLine(line);
  return r.ok ? (r.record.attackerIp === null ? 1 : 2) : 0;
}

/**
 * `parseLine`'s rate over `lines` on this thread, median of `runs` passes after two warm-up passes.
 * This machine's speed varies by more than two times from one hour to the next (see the README's
 * performance section), so the ingest benchmark measures this beside each of its runs: a figure is
 * only comparable with one taken at a similar parse rate.
 */
export function parseRate(lines: readonly string[], runs = 3): number {
  for (let i = 0; i < 2; i++) timePass(lines, parseScore);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timePass(lines, parseScore).seconds);
  return lines.length / median(times);
}
