/**
 * `--interface`: deckies as macvlan children of a host NIC, reached by another machine on that LAN.
 * The "NIC" is one end of a veth pair; the other end sits in a namespace that plays a LAN client.
 * Needs root; skipped otherwise.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, type Running, runDecnet, scratchHome, startDecnet } from '../support/cli.js';

const run = promisify(execFile);

describe.skipIf(process.getuid?.() !== 0)('netns fabric on a host NIC (macvlan)', () => {
  const id = randomBytes(3).toString('hex');
  const nic = `tnic${id}`;
  const peer = `tlan${id}`;
  const client = `tclient-${id}`;
  const third = 1 + Math.floor(Math.random() * 250);
  const lan = `10.99.${third}`;
  const env = { DECNET_HOME: scratchHome() };
  let up: Running | null = null;

  beforeAll(async () => {
    await run('ip', ['netns', 'add', client]);
    await run('ip', ['link', 'add', nic, 'type', 'veth', 'peer', 'name', peer, 'netns', client]);
    await run('ip', ['addr', 'add', `${lan}.1/24`, 'dev', nic]);
    await run('ip', ['link', 'set', nic, 'up']);
    await run('ip', ['-n', client, 'addr', 'add', `${lan}.2/24`, 'dev', peer]);
    await run('ip', ['-n', client, 'link', 'set', peer, 'up']);
    await run('ip', ['-n', client, 'link', 'set', 'lo', 'up']);
  });

  afterAll(async () => {
    if (up && up.child.exitCode === null) {
      up.child.kill('SIGTERM');
      await up.exited;
    }
    await run('ip', ['link', 'del', nic]).catch(() => undefined);
    await run('ip', ['netns', 'del', client]).catch(() => undefined);
  });

  it('plans addresses in the NIC’s subnet around the host, and a LAN client reaches the decky', async () => {
    const dry = await runDecnet(
      ['deploy', '--dry-run', '--json', '--interface', nic, '--services', 'ftp'],
      env,
    );
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      driver: string;
      subnet: string;
      link: unknown;
      deckies: { ip: string }[];
    };
    expect(plan).toMatchObject({
      driver: 'netns',
      subnet: `${lan}.0/24`,
      link: { kind: 'macvlan', parent: nic },
    });

    const apiPort = await freePort();
    up = startDecnet(['up', '--port', String(apiPort), '--interface', nic, '--services', 'ftp'], env);
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200',
      30_000,
    );
    const [decky] = JSON.parse((await runDecnet(['status', '--json'], env)).stdout) as {
      ip: string;
      mac: string;
    }[];
    expect(decky!.ip).toMatch(new RegExp(`^${lan.replaceAll('.', '\\.')}\\.`));
    expect([`${lan}.1`, `${lan}.2`]).not.toContain(decky!.ip);

    // From the LAN client: the decky's MAC is its own, and its FTP service greets.
    await run('ip', ['netns', 'exec', client, 'ping', '-c', '1', '-W', '2', decky!.ip]);
    const { stdout: neighbours } = await run('ip', ['-n', client, 'neigh', 'show', decky!.ip]);
    expect(neighbours).toContain(decky!.mac);
    const { stdout: banner } = await run('ip', [
      'netns',
      'exec',
      client,
      'nmap',
      '-sT',
      '-p',
      '21',
      '-n',
      '-Pn',
      '--open',
      decky!.ip,
    ]);
    expect(banner).toMatch(/21\/tcp\s+open/);
  }, 60_000);
});
