/**
 * The netns fabric seen from the host, outside the namespaces, with real tools: ping's TTL, nmap's
 * port scan and OS guess. Needs root (namespaces, veth, bridge); skipped otherwise.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationTag } from '../../src/fabric/netns/names.js';
import { eventually, freePort, type Running, runDecnet, scratchHome, startDecnet } from '../support/cli.js';
import { installationLeftovers } from '../support/netns.js';

const run = promisify(execFile);

interface DeckyJson {
  name: string;
  ip: string;
  os: string;
  services: { name: string; ports: { protocol: string; port: number }[] }[];
}

async function ttlOf(ip: string): Promise<number> {
  const { stdout } = await run('ping', ['-c', '1', '-W', '2', ip]);
  const m = /ttl=(\d+)/.exec(stdout);
  if (!m) throw new Error(`no ttl in ping output: ${stdout}`);
  return Number(m[1]);
}

async function openTcpPorts(ip: string): Promise<number[]> {
  const { stdout } = await run(
    'nmap',
    ['-sT', '-p-', '-T5', '-n', '-Pn', '--max-retries', '1', '-oG', '-', ip],
    {
      maxBuffer: 8 * 1024 * 1024,
    },
  );
  const ports = /Ports: (.*?)(?:\t|$)/m.exec(stdout)?.[1] ?? '';
  return ports
    .split(',')
    .map((p) => p.trim().split('/'))
    .filter((f) => f[1] === 'open')
    .map((f) => Number(f[0]))
    .sort((a, b) => a - b);
}

async function osGuess(ip: string): Promise<string> {
  const { stdout } = await run('nmap', ['-O', '-n', '-Pn', '--osscan-guess', '-p', '22,80,445,3389,1', ip], {
    maxBuffer: 8 * 1024 * 1024,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  return stdout
    .split('\n')
    .filter((l) => /^(Running|OS details|Aggressive OS guesses|OS fingerprint|Device type)/.test(l))
    .join('\n');
}

describe.skipIf(process.getuid?.() !== 0)('netns fabric, from outside the namespaces', () => {
  const home = scratchHome();
  const env = { DECNET_HOME: home };
  const tag = installationTag(home);
  const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.0/24`;
  let up: Running;
  let apiPort: number;

  beforeAll(async () => {
    apiPort = await freePort();
    up = startDecnet(
      [
        'up',
        '--port',
        String(apiPort),
        '--driver',
        'netns',
        '--archetype',
        'linux-server',
        '--subnet',
        subnet,
      ],
      env,
    );
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200',
      30_000,
    );
    const added = await runDecnet(
      ['deploy', '--driver', 'netns', '--archetype', 'windows-workstation', '--subnet', subnet],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    if (up.child.exitCode === null) up.child.kill('SIGKILL');
    await runDecnet(['teardown', '--all'], env).catch(() => undefined);
  });

  it('a windows decky answers with TTL 128 and a linux one with TTL 64', async () => {
    const [linux, windows] = JSON.parse((await runDecnet(['status', '--json'], env)).stdout) as DeckyJson[];
    expect(linux!.os).toBe('linux');
    expect(windows!.os).toMatch(/^windows/);
    expect(await ttlOf(linux!.ip)).toBe(64);
    expect(await ttlOf(windows!.ip)).toBe(128);
  });

  it('nmap -sT -p- finds exactly the configured ports on each decky', async () => {
    const deckies = JSON.parse((await runDecnet(['status', '--json'], env)).stdout) as DeckyJson[];
    for (const decky of deckies) {
      const configured = decky.services
        .flatMap((s) => s.ports)
        .filter((p) => p.protocol === 'tcp')
        .map((p) => p.port)
        .sort((a, b) => a - b);
      expect(await openTcpPorts(decky.ip), decky.name).toEqual(configured);
    }
  }, 120_000);

  it('nmap -O guesses differ between the linux and the windows profile', async () => {
    const [linux, windows] = JSON.parse((await runDecnet(['status', '--json'], env)).stdout) as DeckyJson[];
    const [a, b] = await Promise.all([osGuess(linux!.ip), osGuess(windows!.ip)]);
    expect(a.length).toBeGreaterThan(0);
    expect(a).not.toEqual(b);
  }, 120_000);

  it('after a kill -9, the next start removes the leftovers first and brings the fleet back', async () => {
    up.child.kill('SIGKILL');
    await up.exited;
    expect((await installationLeftovers(tag)).length).toBeGreaterThan(0);
    up = startDecnet(['up', '--port', String(apiPort)], env);
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200 after restart',
      30_000,
    );
    const deckies = JSON.parse((await runDecnet(['status', '--json'], env)).stdout) as DeckyJson[];
    expect(deckies.map((d) => d.name)).toEqual(['decky-01', 'decky-02']);
    expect(await ttlOf(deckies[1]!.ip)).toBe(128);
  }, 60_000);

  it('teardown --all leaves no namespace, link or bridge of this installation behind; SIGTERM exits cleanly', async () => {
    const r = await runDecnet(['teardown', '--all'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await installationLeftovers(tag)).toEqual([]);
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
    expect(await installationLeftovers(tag)).toEqual([]);
  }, 30_000);
});
