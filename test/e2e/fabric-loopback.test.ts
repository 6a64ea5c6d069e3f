/**
 * The fabric on the loopback driver, driven as an operator would: `decnet up` with deploy flags,
 * `decnet deploy`, `status`, `teardown` and `tarpit` through the control channel, real TCP clients on
 * the deckies' addresses, and the events they cause read back with `decnet logs`.
 */
import { spawn } from 'node:child_process';
import { chownSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DECNET_BIN,
  eventually,
  freePort,
  type Running,
  runDecnet,
  scratchHome,
  startDecnet,
} from '../support/cli.js';
import { scratchDir } from '../support/scratch.js';

interface DeckyJson {
  name: string;
  ip: string;
  archetype: string | null;
  os: string;
  hostname: string;
  services: {
    name: string;
    ports: { protocol: string; port: number; listen_port: number; listening: boolean }[];
  }[];
  tarpit: { enabled: boolean; delay_ms: number };
}

/** A /24 of loopback addresses no other test file uses at the same time. */
function scratchSubnet(): string {
  return `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
}

/** Connects, collects what the server sends until `until` matches or it closes, then closes. */
function firstBytes(host: string, port: number, send = '', until = /\n/, timeoutMs = 8000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(got);
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      if (send) socket.write(send);
    });
    socket.on('data', (d: string) => {
      got += d;
      if (until.test(got)) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

async function statusJson(env: Record<string, string>): Promise<DeckyJson[]> {
  const r = await runDecnet(['status', '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as DeckyJson[];
}

describe('loopback fabric', () => {
  let env: Record<string, string>;
  let subnet: string;
  let apiPort: number;
  let up: Running;

  beforeAll(async () => {
    subnet = scratchSubnet();
    apiPort = await freePort();
    env = { DECNET_HOME: scratchHome() };
  });
  afterAll(() => {
    if (up && up.child.exitCode === null) up.child.kill('SIGKILL');
  });

  it('plans without an instance (--dry-run) and refuses a real deploy without one', async () => {
    const dry = await runDecnet(
      ['deploy', '--dry-run', '--json', '--deckies', '2', '--archetype', 'linux-server', '--subnet', subnet],
      env,
    );
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      deckies: { name: string; ip: string; services: { name: string }[] }[];
    };
    expect(plan.deckies.map((d) => d.name)).toEqual(['decky-01', 'decky-02']);
    expect(plan.deckies[0]!.services.map((s) => s.name)).toEqual(['ssh', 'http']);
    const text = await runDecnet(['deploy', '--dry-run', '--archetype', 'windows-workstation'], env);
    expect(text.stdout).toContain('TTL 128');
    expect(text.stdout).toContain('nothing changed');

    const real = await runDecnet(['deploy', '--deckies', '1'], env);
    expect(real.code).toBe(3);
    expect(real.stderr).toContain('no DECNET instance is running');
  });

  it('deploys with `up` and answers health 200 only once the deckies serve', async () => {
    up = startDecnet(
      ['up', '--port', String(apiPort), '--deckies', '2', '--archetype', 'linux-server', '--subnet', subnet],
      env,
    );
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200',
    );
    const deckies = await statusJson(env);
    expect(deckies.map((d) => d.name)).toEqual(['decky-01', 'decky-02']);
    const first = deckies[0]!;
    expect(first).toMatchObject({ archetype: 'linux-server', os: 'linux' });
    const ssh = first.services.find((s) => s.name === 'ssh')!;
    expect(ssh.ports[0]).toMatchObject({ protocol: 'tcp', port: 22, listening: true });
    const banner = await firstBytes(first.ip, ssh.ports[0]!.listen_port);
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH_/);
  });

  it('continues the naming when deploying into the running instance, and tears down exactly one decky', async () => {
    const deploy = await runDecnet(['deploy', '--json', '--services', 'tcp_banner', '--subnet', subnet], env);
    expect(deploy.code, deploy.stderr).toBe(0);
    const added = JSON.parse(deploy.stdout) as DeckyJson[];
    expect(added.map((d) => d.name)).toEqual(['decky-03']);
    const greeting = await firstBytes(added[0]!.ip, 9999);
    expect(greeting.length).toBeGreaterThan(0);

    const all = await statusJson(env);
    expect(all.map((d) => d.name)).toEqual(['decky-01', 'decky-02', 'decky-03']);
    const gone = all[0]!;
    const teardown = await runDecnet(['teardown', '--id', 'decky-01'], env);
    expect(teardown.code, teardown.stderr).toBe(0);
    expect(teardown.stdout).toContain('Removed 1 decky: decky-01');
    expect(await refused(gone.ip, gone.services[0]!.ports[0]!.listen_port)).toBe(true);
    expect((await statusJson(env)).map((d) => d.name)).toEqual(['decky-02', 'decky-03']);
    const again = await runDecnet(['teardown', '--id', 'decky-01'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('not deployed');
  });

  it('tarpits a decky at run time: its greeting arrives only after the delay', async () => {
    const decky = (await statusJson(env)).find((d) => d.name === 'decky-03')!;
    const on = await runDecnet(['tarpit', 'decky-03', '--delay-ms', '1500'], env);
    expect(on.code, on.stderr).toBe(0);
    const started = Date.now();
    const greeting = await firstBytes(decky.ip, 9999);
    expect(greeting.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    await runDecnet(['tarpit', 'decky-03', '--off'], env);
    const quick = Date.now();
    await firstBytes(decky.ip, 9999);
    expect(Date.now() - quick).toBeLessThan(1000);
    const logs = await eventually(async () => {
      const r = await runDecnet(['logs', '--json', '--event', 'tarpit_exit'], env);
      const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
      return rows.length > 0 ? rows : undefined;
    }, 'a tarpit_exit row');
    expect(logs[0]).toMatchObject({ decky: 'decky-03', attacker_ip: '127.0.0.1' });
  });

  it('adds and removes a service on a running decky without touching the others', async () => {
    const [other, target] = await statusJson(env);
    const ssh = other!.services.find((s) => s.name === 'ssh')!.ports[0]!.listen_port;
    const held = connect({ host: other!.ip, port: ssh });
    await new Promise((resolve) => held.once('data', resolve));

    const add = await runDecnet(['service', 'add', target!.name, 'ftp'], env);
    expect(add.code, add.stderr).toBe(0);
    const ftp = (await statusJson(env))
      .find((d) => d.name === target!.name)!
      .services.find((s) => s.name === 'ftp')!.ports[0]!;
    expect(ftp).toMatchObject({ port: 21, listening: true });
    expect(await firstBytes(target!.ip, ftp.listen_port)).toMatch(/^220 /);
    const twice = await runDecnet(['service', 'add', target!.name, 'ftp'], env);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('already runs ftp');

    const remove = await runDecnet(['service', 'remove', target!.name, 'ftp'], env);
    expect(remove.code, remove.stderr).toBe(0);
    expect(await refused(target!.ip, ftp.listen_port)).toBe(true);
    // The other decky's connection lived through both changes.
    expect(held.destroyed).toBe(false);
    held.destroy();
  });

  it('records connections as events in the database', async () => {
    const rows = await eventually(async () => {
      const r = await runDecnet(['logs', '--json', '--event', 'connect'], env);
      const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
      return parsed.some((row) => row.service === 'ssh' && row.decky === 'decky-01') ? parsed : undefined;
    }, 'connect rows');
    expect(rows.find((r) => r.service === 'ssh' && r.decky === 'decky-01')).toMatchObject({
      attacker_ip: '127.0.0.1',
      src_ip: '127.0.0.1',
    });
  });

  it('stops on SIGTERM within 5 s, closing every decky, and brings the fleet back on the next bare `up`', async () => {
    const before = await statusJson(env);
    const started = Date.now();
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await refused(before[0]!.ip, before[0]!.services[0]!.ports[0]!.listen_port)).toBe(true);

    up = startDecnet(['up', '--port', String(apiPort)], env);
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200',
    );
    const after = await statusJson(env);
    expect(after.map((d) => [d.name, d.ip])).toEqual(before.map((d) => [d.name, d.ip]));
    up.child.kill('SIGTERM');
    await up.exited;
  });
});

describe('loopback fabric, bad input', () => {
  it('a port held by another program stops `up` with an error naming the address and port', async () => {
    const subnet = scratchSubnet();
    const address = subnet.replace(/0\/24$/, '10');
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(9999, address, resolve));
    try {
      const env = { DECNET_HOME: scratchHome() };
      const run = await runDecnet(
        ['up', '--port', String(await freePort()), '--services', 'tcp_banner', '--subnet', subnet],
        env,
      );
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(`tcp port 9999 on ${address} is already in use by another program`);
    } finally {
      squatter.close();
    }
  });

  it('rejects bad flags before anything starts', async () => {
    const env = { DECNET_HOME: scratchHome() };
    const cases: [string[], RegExp][] = [
      [['--deckies', 'lots'], /--deckies lots: expected a whole number/],
      [['--services', 'ssh,gopher'], /unknown service gopher/],
      [['--archetype', 'toaster'], /unknown archetype toaster/],
      [['--driver', 'docker'], /--driver docker: expected one of loopback, netns/],
      [['--interface', 'nosuch0'], /no such network interface/],
      [['--subnet', '10.0.0.1/8'], /host bits are set/],
    ];
    for (const [flags, message] of cases) {
      const r = await runDecnet(['deploy', '--dry-run', ...flags], env);
      expect(r.code, flags.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe.skipIf(process.getuid?.() !== 0)('loopback fabric without root', () => {
  it('shifts privileged ports by 10000 and shows the real ones in status', async () => {
    const home = scratchDir('decnet-nobody');
    chownSync(home, 65534, 65534);
    const subnet = scratchSubnet();
    const apiPort = await freePort();
    const env = { ...process.env, DECNET_HOME: home, DECNET_LOG_LEVEL: 'warn', HOME: home };
    const child = spawn(
      DECNET_BIN,
      ['up', '--port', String(apiPort), '--archetype', 'linux-server', '--subnet', subnet],
      {
        env,
        uid: 65534,
        gid: 65534,
        stdio: 'ignore',
      },
    );
    try {
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
        'health 200',
        30_000,
      );
      const status = await new Promise<string>((resolve) => {
        const s = spawn(DECNET_BIN, ['status', '--json'], { env, uid: 65534, gid: 65534 });
        let out = '';
        s.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        s.on('close', () => resolve(out));
      });
      const [decky] = JSON.parse(status) as DeckyJson[];
      const ssh = decky!.services.find((s) => s.name === 'ssh')!.ports[0]!;
      expect(ssh).toMatchObject({ port: 22, listen_port: 10022, listening: true });
      expect(await firstBytes(decky!.ip, 10022)).toMatch(/^SSH-2\.0-/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
  });
});
