import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, type Running, runDecnet, scratchHome, startDecnet } from '../support/cli.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Reference-format lines: an SSH brute force, a shell command, a web probe, and two malformed lines. */
const ATTACK = [
  `<134>1 2026-05-10T12:00:01.000001+00:00 decky-01 auth-helper - auth_attempt [relay@55555 username="root" principal="root" secret_printable="123456" secret_b64="${b64('123456')}" src_ip="198.51.100.23"]`,
  `<134>1 2026-05-10T12:00:02.000001+00:00 decky-01 auth-helper - auth_attempt [relay@55555 username="root" principal="root" secret_printable="admin" secret_b64="${b64('admin')}" src_ip="198.51.100.23"]`,
  `<134>1 2026-05-10T12:00:03.000001+00:00 decky-01 ssh - command [relay@55555 src="198.51.100.23" cmd="uname -a"]`,
  `<134>1 2026-05-10T12:00:04.5+00:00 decky-02 http - request [relay@55555 method="GET" path="/.env" remote_addr="203.0.113.77:40001" headers="{\\"User-Agent\\": \\"curl/8.5\\"}" body=""]`,
  '<200>1 2026-05-10T12:00:00Z decky-01 ssh - x - PRI too large',
  'random noise',
].join('\n');

describe('decnet up on the embedded defaults', () => {
  let home: string;
  let env: Record<string, string>;
  let port: number;
  let up: Running;

  beforeAll(async () => {
    home = scratchHome();
    port = await freePort();
    env = { DECNET_HOME: home };
  });
  afterAll(() => {
    if (up && up.child.exitCode === null) up.child.kill('SIGKILL');
  });

  it('says clearly that nothing is running, with exit code 3', async () => {
    const status = await runDecnet(['status'], env);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain(`no DECNET instance is running on DECNET_HOME=${home}`);
  });

  it('starts, prints where everything is, and answers health 200 once every role is up', async () => {
    up = startDecnet(['up', '--port', String(port)], { ...env, DECNET_ADMIN_PASSWORD: 'first-admin-pass' });
    const health = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
    }, 'health 200');
    // Without a token the probe says only the overall state.
    expect(health).toEqual({ status: 'ok' });
    const status = JSON.parse((await runDecnet(['status', '--json', '--instance'], env)).stdout) as {
      health: { components: Record<string, unknown> };
    };
    expect(Object.keys(status.health.components)).toEqual([
      'api',
      'control',
      'storage',
      'bus',
      'accounts',
      'spool',
      'ingest',
      'fabric',
    ]);
    await eventually(() => up.output().includes('Stop with Ctrl-C'), 'the start-up banner');
    expect(up.output()).toContain(`API:        http://127.0.0.1:${port}/api/v1`);
    expect(up.output()).toContain(`State:      ${home}`);
    expect(up.output()).toContain(
      'Admin:      user admin, the password in DECNET_ADMIN_PASSWORD; you must change it at the first login',
    );
    expect(up.output()).not.toContain('first-admin-pass');
  });

  it('deploys the default fleet: three loopback deckies, linux-server, web-server and windows-workstation', async () => {
    const status = await runDecnet(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const deckies = JSON.parse(status.stdout) as {
      name: string;
      ip: string;
      archetype: string;
      os: string;
    }[];
    expect(deckies.map((d) => [d.name, d.archetype])).toEqual([
      ['decky-01', 'linux-server'],
      ['decky-02', 'web-server'],
      ['decky-03', 'windows-workstation'],
    ]);
    for (const d of deckies) expect(d.ip).toMatch(/^127\.77\./);
    expect(up.output()).toContain('Deckies:    3 running');
  });

  it('refuses a second instance on the same DECNET_HOME', async () => {
    const second = await runDecnet(['up', '--port', String(await freePort())], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already holds the instance lock of this DECNET_HOME/);
  });

  it('reports its roles through `decnet status`', async () => {
    const status = await runDecnet(['status', '--json', '--instance'], env);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { pid: number; health: { status: string }; api_url: string };
    expect(parsed.pid).toBe(up.child.pid);
    expect(parsed.health.status).toBe('ok');
    expect(parsed.api_url).toBe(`http://127.0.0.1:${port}`);
  });

  it('writes its own start event through spool, ingester and database', async () => {
    const logs = await eventually(async () => {
      const r = await runDecnet(['logs', '--json', '--event', 'instance_started'], env);
      const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
      return rows.length > 0 ? rows : undefined;
    }, 'the instance_started log row');
    expect(logs[0]).toMatchObject({
      service: 'decnet',
      event_type: 'instance_started',
      pid: String(up.child.pid),
      attacker_ip: null,
    });
  });

  it('stores a file imported while it runs, through its own spool, with exact counts', async () => {
    const file = join(home, 'reference.log');
    writeFileSync(file, `${ATTACK}\n`);
    const first = await runDecnet(['ingest', '--from', file], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('read 6 lines, stored 4, dead-lettered 2');
    expect(first.stdout).toContain('via the running instance');

    const again = await runDecnet(['ingest', '--from', file], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('read 0 lines, stored 0, dead-lettered 0');

    const attackers = JSON.parse((await runDecnet(['attackers', '--json'], env)).stdout) as Array<
      Record<string, unknown>
    >;
    expect(attackers.map((a) => a.ip).sort()).toEqual(['198.51.100.23', '203.0.113.77']);
    for (const a of attackers) expect(a.uuid).toMatch(/^[0-9a-f-]{36}$/);

    const creds = JSON.parse(
      (await runDecnet(['credentials', '--json', '--ip', '198.51.100.23'], env)).stdout,
    ) as Array<Record<string, unknown>>;
    expect(creds.map((c) => c.secret_printable).sort()).toEqual(['123456', 'admin']);

    const logs = JSON.parse(
      (await runDecnet(['logs', '--json', '--service', 'auth-helper'], env)).stdout,
    ) as Array<Record<string, unknown>>;
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({ username: 'root', principal: 'root', src_ip: '198.51.100.23' });
  });

  it('imports standard input too', async () => {
    const line = `<134>1 2026-05-10T13:00:00+00:00 decky-03 ftp - auth_attempt [relay@55555 username="anonymous" secret_printable="x@y" secret_b64="${b64('x@y')}" src="192.0.2.200"]`;
    const r = await runDecnet(['ingest', '--from', '-'], env, `${line}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('standard input: read 1 lines, stored 1, dead-lettered 0');
    const attackers = JSON.parse(
      (await runDecnet(['attackers', '--json', '--ip', '192.0.2.200'], env)).stdout,
    ) as unknown[];
    expect(attackers).toHaveLength(1);
  });

  it('stops cleanly on SIGTERM, after which status says nothing runs', async () => {
    up.child.kill('SIGTERM');
    const stopped = await Promise.race([up.exited, new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
    expect(stopped).toBe(0);
    expect(up.output()).toContain('DECNET stopped.');
    expect((await runDecnet(['status'], env)).code).toBe(3);
  });
});

describe('decnet commands without a running instance', () => {
  it('import a file straight into the database and report what they did', async () => {
    const home = scratchHome();
    const file = join(home, 'reference.log');
    writeFileSync(file, ATTACK);
    const r = await runDecnet(['ingest', '--from', file], { DECNET_HOME: home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read 6 lines, stored 4, dead-lettered 2');
    expect(r.stdout).not.toContain('via the running instance');
    const creds = JSON.parse(
      (await runDecnet(['credentials', '--json'], { DECNET_HOME: home })).stdout,
    ) as unknown[];
    expect(creds).toHaveLength(2);
  });

  it('stop with a message naming a bad setting', async () => {
    const r = await runDecnet(['attackers'], { DECNET_HOME: scratchHome(), DECNET_API_PORT: '80x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DECNET_API_PORT');
  });

  it('refuse a --limit beyond a million', async () => {
    const r = await runDecnet(['logs', '--limit', '1000001'], { DECNET_HOME: scratchHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit must be a whole number from 1 to 1,000,000');
  });

  it('explain that an import file is missing', async () => {
    const r = await runDecnet(['ingest', '--from', '/nonexistent/file.log'], { DECNET_HOME: scratchHome() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot import /nonexistent/file.log: no such file');
  });

  it('name the migration they applied and say when there is nothing to do', async () => {
    const home = scratchHome();
    const first = await runDecnet(['db', 'migrate'], { DECNET_HOME: home });
    expect(first.stdout).toMatch(/applied migration 1 \(initial\)/);
    expect(first.stdout).toMatch(/applied migration 3 \(attacker-indexes\)/);
    expect(first.stdout).toMatch(/applied migration 4 \(outbox-json\)/);
    expect(first.stdout).toMatch(/applied migration 5 \(outbox-credential-events\)/);
    const second = await runDecnet(['db', 'migrate'], { DECNET_HOME: home });
    expect(second.stdout).toMatch(/schema is up to date \(version 5\)/);
  });
});
