/**
 * The API as an analyst meets it on a fresh installation: `decnet up` prints a generated admin
 * password once; the first login must change it; then a real attack (hydra against the SSH decky)
 * shows up in the deckies, attackers and credentials listings and arrives live on the SSE stream.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, type Running, scratchHome, startDecnet } from '../support/cli.js';

const NEW_PASSWORD = 'a-Better-password-42';

/** A /24 of loopback addresses no other test file uses at the same time. */
function scratchSubnet(): string {
  return `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
}

interface Stream {
  text(): string;
  close(): void;
}

/** Opens an SSE stream and keeps everything it sends. */
function openStream(url: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      resolve({ text: () => text, close: () => req.destroy() });
    });
    req.on('error', (err) => {
      if (!text) reject(err);
    });
    req.end();
  });
}

describe('the API over a running DECNET', () => {
  let home: string;
  let base: string;
  let up: Running;
  let token: string;
  let stream: Stream | null = null;
  const subnet = scratchSubnet();
  let apiAlone: Running | null = null;

  const api = async (method: string, path: string, body?: unknown, bearer = token) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    home = scratchHome();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    up = startDecnet(
      [
        'up',
        '--port',
        String(port),
        '--deckies',
        '1',
        '--archetype',
        'linux-server',
        '--subnet',
        scratchSubnet(),
      ],
      { DECNET_HOME: home, DECNET_ADMIN_PASSWORD: '' },
    );
    await eventually(async () => (await fetch(`${base}/api/v1/health`)).status === 200, 'health 200', 60_000);
    await eventually(() => up.output().includes('Stop with Ctrl-C'), 'the start-up banner');
  }, 90_000);

  afterAll(async () => {
    stream?.close();
    if (apiAlone && apiAlone.child.exitCode === null) {
      apiAlone.child.kill('SIGTERM');
      await apiAlone.exited;
    }
    if (up && up.child.exitCode === null) {
      up.child.kill('SIGTERM');
      await up.exited;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('prints a generated admin password once, which must be changed before anything else', async () => {
    const match = /Admin:\s+user admin, password (\S+)\s+\(generated; shown only this once\)/.exec(
      up.output(),
    );
    expect(match, up.output()).not.toBeNull();
    const generated = match![1]!;

    expect((await api('GET', '/deckies', undefined, '')).status).toBe(401);
    const login = await api('POST', '/auth/login', { username: 'admin', password: generated }, '');
    expect(login.status).toBe(200);
    expect(login.body.must_change_password).toBe(true);
    const blocked = await api('GET', '/deckies', undefined, login.body.access_token);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('password_change_required');

    const changed = await api(
      'POST',
      '/auth/change-password',
      { old_password: generated, new_password: NEW_PASSWORD },
      login.body.access_token,
    );
    expect(changed.status).toBe(200);
    token = changed.body.access_token;
    expect((await api('GET', '/auth/me')).body).toMatchObject({
      username: 'admin',
      must_change_password: false,
    });
  });

  it('sees the attack of a real hydra run in the listings and live on the stream', async () => {
    const deckies = await api('GET', '/deckies');
    expect(deckies.status).toBe(200);
    const list = (Array.isArray(deckies.body) ? deckies.body : deckies.body.data) as Array<{
      name: string;
      ip: string;
      services: Array<{ name: string; ports: Array<{ listen_port: number }> } | string>;
    }>;
    expect(list.map((d) => d.name)).toEqual(['decky-01']);
    const decky = list[0]!;
    const ssh = decky.services.find((s) => typeof s !== 'string' && s.name === 'ssh') as {
      ports: Array<{ listen_port: number }>;
    };
    const sshPort = ssh.ports[0]!.listen_port;

    const ticket = await api('POST', '/auth/sse-ticket');
    expect(ticket.status).toBe(200);
    stream = await openStream(`${base}/api/v1/stream?ticket=${encodeURIComponent(ticket.body.ticket)}`);
    // A ticket is good once.
    expect(
      (await fetch(`${base}/api/v1/stream?ticket=${encodeURIComponent(ticket.body.ticket)}`)).status,
    ).toBe(401);

    const passwords = join(home, 'passwords.txt');
    writeFileSync(passwords, 'letmein\ndragon\n123456\n');
    const hydra = await new Promise<string>((resolve) =>
      execFile(
        'hydra',
        ['-l', 'root', '-P', passwords, '-s', String(sshPort), '-t', '2', `ssh://${decky.ip}`],
        { timeout: 120_000 },
        (_err, stdout) => resolve(stdout),
      ),
    );
    expect(hydra).toMatch(/login: root\s+password: 123456/);

    const attacker = await eventually(async () => {
      const page = await api('GET', '/attackers');
      return page.body.data.find((a: { ip: string }) => a.ip === '127.0.0.1');
    }, 'the attacker in /attackers');
    expect(attacker.services).toContain('ssh');
    expect(attacker.deckies).toContain('decky-01');

    const credentials = await eventually(async () => {
      const page = await api('GET', '/credentials?service=ssh');
      return page.body.total >= 3 ? page.body.data : undefined;
    }, 'three ssh credentials');
    expect(credentials.map((c: { secret_printable: string }) => c.secret_printable).sort()).toEqual([
      '123456',
      'dragon',
      'letmein',
    ]);
    expect(credentials.every((c: { principal: string }) => c.principal === 'root')).toBe(true);

    const detail = await api('GET', `/attackers/${attacker.uuid}`);
    expect(detail.status).toBe(200);

    await eventually(() => stream!.text().includes('auth_attempt'), 'the attempts on the live stream');
    expect(stream.text()).toMatch(/^event: logs$/m);
  }, 180_000);

  it('lets a viewer read but not deploy', async () => {
    const created = await api('POST', '/config/users', {
      username: 'ana',
      password: 'ana-first-pass',
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    const login = await api('POST', '/auth/login', { username: 'ana', password: 'ana-first-pass' }, '');
    const changed = await api(
      'POST',
      '/auth/change-password',
      { old_password: 'ana-first-pass', new_password: 'ana-second-pass' },
      login.body.access_token,
    );
    const viewer = changed.body.access_token;
    expect((await api('GET', '/attackers', undefined, viewer)).status).toBe(200);
    expect(
      (await api('POST', '/deckies/deploy', { ini_content: '[decky-09]\nservices = ssh\n' }, viewer)).status,
    ).toBe(403);
  });

  it('runs alone with `decnet api`, deploying and reconfiguring through the running instance', async () => {
    const port = await freePort();
    apiAlone = startDecnet(['api', '--port', String(port)], { DECNET_HOME: home });
    await eventually(() => apiAlone!.output().includes('Stop with Ctrl-C'), 'the API banner');
    expect(apiAlone.output()).toContain(`API:        http://127.0.0.1:${port}/api/v1`);
    // The admin exists already: no second one is made, and no password is printed.
    expect(apiAlone.output()).not.toContain('Admin:');
    const alone = `http://127.0.0.1:${port}/api/v1`;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${alone}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    // Tokens are signed with the home's key, so one from `up`'s API works here too.
    const deployed = await call('POST', '/deckies/deploy', { services: ['tcp_banner'], subnet });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const decky = deployed.body.deckies[0] as {
      name: string;
      ip: string;
      services: Array<{ ports: Array<{ listen_port: number }> }>;
    };
    expect(decky.name).toBe('decky-02');
    const port0 = decky.services[0]!.ports[0]!.listen_port;
    expect(await firstLine(decky.ip, port0)).toBe('220 Service ready');

    const configured = await call('PUT', `/deckies/${decky.name}/services/tcp_banner/config`, {
      config: { banner: 'SSH-2.0-dropbear_2022.83' },
    });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    expect(await firstLine(decky.ip, port0)).toBe('SSH-2.0-dropbear_2022.83');
    const bad = await call('PUT', `/deckies/${decky.name}/services/tcp_banner/config`, {
      config: { port: 'eighty' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.issues[0].path).toContain('port');

    // The tarpit, through the same channel: the greeting now waits its delay.
    const pit = await call('PUT', `/deckies/${decky.name}/tarpit`, { delay_ms: 400 });
    expect(pit.body).toMatchObject({ decky: decky.name, enabled: true, delay_ms: 400 });
    const started = Date.now();
    expect(await firstLine(decky.ip, port0)).toBe('SSH-2.0-dropbear_2022.83');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect((await call('DELETE', `/deckies/${decky.name}/tarpit`)).body.enabled).toBe(false);

    const names = (await api('GET', '/deckies')).body as Array<{ name: string }>;
    expect(names.map((d) => d.name)).toEqual(['decky-01', 'decky-02']);
    expect((await call('DELETE', `/deckies/${decky.name}`)).status).toBe(204);
    expect((await call('DELETE', `/deckies/${decky.name}`)).status).toBe(404);
  });
});

/** The first line a TCP service sends. */
function firstLine(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let got = '';
    socket.setEncoding('utf8');
    socket.setTimeout(8000, () => {
      socket.destroy();
      reject(new Error(`no line from ${host}:${port}`));
    });
    socket.on('data', (chunk: string) => {
      got += chunk;
      const end = got.indexOf('\r\n');
      if (end !== -1) {
        socket.destroy();
        resolve(got.slice(0, end));
      }
    });
    socket.on('error', reject);
  });
}
