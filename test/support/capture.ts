import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const SETTLE_TIMEOUT_MS = 15_000;
const SETTLE_POLL_MS = 200;

/**
 * Runs `action` while tcpdump records `tcp port PORT` on loopback (root only); resolves with the pcap,
 * for checking what we logged against tshark's own dissection of the same connection.
 *
 * tcpdump drops whatever still sits in the kernel's capture buffer when it is stopped, and on a busy
 * machine it can lag the clients by more than a connection's lifetime. So it is stopped only once
 * `complete(file)` says the capture holds what the caller came for (or after a bounded wait, leaving
 * the caller's own assertion to say what is missing).
 */
export async function capturedOnLoopback(
  port: number,
  dir: string,
  action: () => Promise<unknown>,
  complete: (file: string) => boolean,
): Promise<string> {
  const file = join(dir, `capture-${port}.pcap`);
  const dump = spawn(
    'tcpdump',
    ['-i', 'lo', '--immediate-mode', '-U', '-n', '-w', file, `tcp port ${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let said = '';
    dump.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('listening on')) resolve();
    });
    dump.once('exit', () => reject(new Error(`tcpdump exited: ${said}`)));
  });
  await action();
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (!complete(file) && Date.now() < deadline) await sleep(SETTLE_POLL_MS);
  const exited = new Promise((resolve) => dump.once('exit', resolve));
  dump.kill('SIGINT');
  await exited;
  return file;
}

/** tshark's dissection of `file`: one row per packet `args` select, one column per field in `fields`. */
export function tsharkRows(file: string, args: string[], fields: string[]): string[][] {
  const out = execFileSync(
    'tshark',
    ['-r', file, ...args, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

/** Like `tsharkRows`, for a capture still being written: a packet cut short makes tshark fail, which counts as nothing yet. */
export function tsharkRowsSoFar(file: string, args: string[], fields: string[]): string[][] {
  try {
    return tsharkRows(file, args, fields);
  } catch {
    return [];
  }
}
