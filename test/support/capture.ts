import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs `action` while tcpdump records `tcp port PORT` on loopback (root only); resolves with the pcap,
 * for checking what we logged against tshark's own dissection of the same connection.
 */
export async function capturedOnLoopback(
  port: number,
  dir: string,
  action: () => Promise<unknown>,
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
  const exited = new Promise((resolve) => dump.once('exit', resolve));
  dump.kill('SIGINT');
  await exited;
  return file;
}
