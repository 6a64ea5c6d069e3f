import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from './scratch.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DECNET_BIN = join(REPO_ROOT, 'bin', 'decnet');

/** A DECNET_HOME for one test, removed when its test file ends. */
export function scratchHome(): string {
  return scratchDir('decnet-home');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `decnet ...args` to completion. */
export function runDecnet(
  args: string[],
  env: Record<string, string>,
  input?: string | Buffer,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(DECNET_BIN, args, {
      env: { ...process.env, DECNET_LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** A long-running `decnet` process (up, ingest) and its output so far. */
export interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function startDecnet(args: string[], env: Record<string, string>): Running {
  const child = spawn(DECNET_BIN, args, {
    env: { ...process.env, DECNET_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/**
 * Polls `check` until it returns a value other than undefined/false, failing after `timeoutMs`. For
 * conditions in another process (a row landing, a port opening) there is nothing to await but this.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
