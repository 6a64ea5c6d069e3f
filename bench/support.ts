import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(BENCH_DIR, '..');
export const OUT_DIR = join(BENCH_DIR, 'out');
const GENERATOR = join(REPO_ROOT, '..', 'shared', 'tools', 'gen-decnet-corpus.py');

/** The reference-format corpus of `lines` lines (seed 5424), generated once into bench/out/. */
export function corpusFile(lines: number): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `corpus-${lines}.log`);
  if (!existsSync(file))
    execFileSync('sh', ['-c', `python3 '${GENERATOR}' ${lines} 5424 > '${file}' 2>/dev/null`]);
  return file;
}

export function countLines(file: string): number {
  const text = readFileSync(file);
  let n = 0;
  for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) n++;
  return n;
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

/** Runs `decnet ...args`, timing it from spawn to exit and sampling its resident memory every 20 ms. */
export function timeDecnet(args: string[], env: Record<string, string>): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'decnet.js'), ...args], {
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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
