import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test/support/api.js';
import { saveDeckies } from '../../db/repositories/deckies.js';
import type { DeckyStatus } from '../../fabric/fabric.js';
import type { DeployRequest, FleetPlan } from '../../fabric/plan.js';
import { FabricRole } from '../../fabric/role.js';
import { systemClock } from '../../runtime/clock.js';
import { silentLogger } from '../../runtime/logger.js';
import { TaskGroup } from '../../runtime/tasks.js';
import type { ServiceValues } from '../../services/service.js';
import type { FleetControl } from '../deps.js';
import { ApiError } from '../errors.js';
import { inProcessFleet } from '../fleet.js';

function status(name: string, services: string[], ip = '127.0.0.2'): DeckyStatus {
  return {
    name,
    ip,
    mac: null,
    hostname: `${name}-host`,
    archetype: null,
    distro: 'debian12',
    os: 'linux',
    ttl: 64,
    driver: 'loopback',
    deployed_at: '2026-11-28T12:00:00.000Z',
    connections: 0,
    tarpit: { enabled: false, delay_ms: 0, inside: 0 },
    services: services.map((s) => ({
      name: s,
      interaction: 'full' as const,
      ports: [{ protocol: 'tcp' as const, port: 80, listen_port: 80, listening: true }],
    })),
  };
}

/** A fleet in memory: what the routes call it with is kept for the assertions. */
function fakeFleet(deckies: DeckyStatus[]) {
  const calls: { method: string; args: unknown[] }[] = [];
  const refuse = (): never => {
    throw new ApiError(422, 'invalid_plan', 'the fake fleet plans nothing');
  };
  const fleet: FleetControl = {
    plan: async () => refuse(),
    deploy: async () => refuse(),
    teardown: async (names) => {
      calls.push({ method: 'teardown', args: [names] });
      return { removed: [...(names ?? [])], unknown: [] };
    },
    addService: async (decky, service, config) => {
      calls.push({ method: 'addService', args: [decky, service, config] });
      return deckies.find((d) => d.name === decky)!;
    },
    removeService: async (decky, service) => {
      calls.push({ method: 'removeService', args: [decky, service] });
      return deckies.find((d) => d.name === decky)!;
    },
    configureService: async (decky, service, config: ServiceValues) => {
      calls.push({ method: 'configureService', args: [decky, service, { ...config }] });
      return deckies.find((d) => d.name === decky)!;
    },
    setTarpit: async (decky, enabled, delayMs) => {
      calls.push({ method: 'setTarpit', args: [decky, enabled, delayMs] });
      const found = deckies.find((d) => d.name === decky)!;
      return { ...found, tarpit: { enabled, delay_ms: enabled ? delayMs : 0, inside: 0 } };
    },
    status: async () => deckies,
    progress: async () => null,
  };
  return { fleet, calls };
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function client(api: TestApi) {
  return (method: Method, url: string, token: string | null, payload?: object) =>
    api.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload ? { payload } : {}),
    });
}

const ADMIN_ROUTES: [Method, string, object?][] = [
  ['POST', '/deckies/deploy', { count: 1 }],
  ['DELETE', '/deckies/web-01'],
  ['POST', '/deckies/web-01/services', { service: 'ftp' }],
  ['DELETE', '/deckies/web-01/services/http'],
  ['PUT', '/deckies/web-01/services/http/config', { config: {} }],
  ['PUT', '/deckies/web-01/tarpit', { delay_ms: 2000 }],
  ['DELETE', '/deckies/web-01/tarpit'],
];

describe('decky routes over a fleet in memory', () => {
  let api: TestApi;
  let admin: string;
  let viewer: string;
  let calls: ReturnType<typeof fakeFleet>['calls'];
  beforeAll(async () => {
    const fake = fakeFleet([status('web-01', ['http'])]);
    calls = fake.calls;
    api = await startTestApi({ fleet: fake.fleet });
    admin = await api.adminToken();
    viewer = await api.viewerToken();
  });
  afterAll(async () => api.close());
  afterEach(() => {
    calls.length = 0;
  });

  it('answers 401 without a token on every route, even with a body that would not validate', async () => {
    const call = client(api);
    for (const [method, url] of [...ADMIN_ROUTES, ['GET', '/deckies'] as const]) {
      expect((await call(method, url, null, { nonsense: true })).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await call('GET', '/deckies/web-01/services/http/config', null)).statusCode).toBe(401);
  });

  it('lets a viewer read the fleet but answers 403 on every route that changes it', async () => {
    const call = client(api);
    expect((await call('GET', '/deckies', viewer)).statusCode).toBe(200);
    for (const [method, url, body] of ADMIN_ROUTES) {
      const res = await call(method, url, viewer, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect(calls).toEqual([]);
  });

  it('answers 404 for a decky the fleet does not run, and for a service the decky does not run', async () => {
    const call = client(api);
    for (const [method, url, body] of ADMIN_ROUTES.slice(1)) {
      const res = await call(method, url.replace('web-01', 'ghost-01'), admin, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('decky_not_found');
    }
    const svc = await call('DELETE', '/deckies/web-01/services/ssh', admin);
    expect(svc.statusCode).toBe(404);
    expect(svc.json().code).toBe('service_not_found');
    expect(calls).toEqual([]);
  });

  it('turns a tarpit on and off within the delays an operator may set, and lets viewers read it', async () => {
    const call = client(api);
    const on = await call('PUT', '/deckies/web-01/tarpit', admin, { delay_ms: 2500 });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toEqual({ decky: 'web-01', enabled: true, delay_ms: 2500, inside: 0 });
    for (const delay_ms of [99, 300_001, 1.5]) {
      const bad = await call('PUT', '/deckies/web-01/tarpit', admin, { delay_ms });
      expect(bad.statusCode, String(delay_ms)).toBe(400);
      expect(bad.json().issues[0].path).toBe('body.delay_ms');
    }
    const off = await call('DELETE', '/deckies/web-01/tarpit', admin);
    expect(off.json()).toMatchObject({ enabled: false, delay_ms: 0 });
    expect(calls.filter((c) => c.method === 'setTarpit').map((c) => c.args)).toEqual([
      ['web-01', true, 2500],
      ['web-01', false, 0],
    ]);
    expect((await call('GET', '/deckies/web-01/tarpit', viewer)).statusCode).toBe(200);
  });

  it('refuses a config that breaks the service schema with 422 naming every bad field', async () => {
    const res = await client(api)('PUT', '/deckies/web-01/services/http/config', admin, {
      config: { port: 'eighty', http_versions: 'http/1.1,h3', fake_app: 'gopher', bogus: 'x' },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('invalid_config');
    const byPath = Object.fromEntries(
      (body.issues as { path: string; message: string }[]).map((i) => [i.path, i.message]),
    );
    expect(Object.keys(byPath).sort()).toEqual([
      'body.config.bogus',
      'body.config.fake_app',
      'body.config.http_versions',
      'body.config.port',
    ]);
    expect(byPath['body.config.port']).toMatch(/expected an integer 1–65535/);
    expect(byPath['body.config.http_versions']).toMatch(/"h3" is not one of/);
    expect(byPath['body.config.bogus']).toMatch(/unknown setting/);
    expect(calls).toEqual([]);
  });

  it("coerces a valid config by DECNET's rules before the fleet sees it", async () => {
    const res = await client(api)('PUT', '/deckies/web-01/services/http/config', admin, {
      config: { port: ' 8080 ', http_versions: 'h2c, http/1.1,h2c', fake_app: 'wordpress', custom_body: '' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(calls).toEqual([
      {
        method: 'configureService',
        args: ['web-01', 'http', { port: 8080, http_versions: ['h2c', 'http/1.1'], fake_app: 'wordpress' }],
      },
    ]);
    expect(res.json()).toMatchObject({
      decky: 'web-01',
      service: 'http',
      config: { port: 8080, http_versions: ['h2c', 'http/1.1'], fake_app: 'wordpress' },
      effective: { port: 8080, fake_app: 'wordpress', custom_body: '', headers: '' },
    });
  });

  it('refuses to add a service that does not exist (422) or already runs (409), and checks its config', async () => {
    const call = client(api);
    const unknown = await call('POST', '/deckies/web-01/services', admin, { service: 'gopher' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('unknown_service');
    const twice = await call('POST', '/deckies/web-01/services', admin, { service: 'http' });
    expect(twice.statusCode).toBe(409);
    const bad = await call('POST', '/deckies/web-01/services', admin, {
      service: 'ftp',
      config: { allow_anonymous: 'maybe' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().issues).toEqual([
      { path: 'body.config.allow_anonymous', message: expect.stringMatching(/expected a bool/) },
    ]);
    expect(calls).toEqual([]);
    const good = await call('POST', '/deckies/web-01/services', admin, {
      service: 'ftp',
      config: { allow_anonymous: 'off' },
    });
    expect(good.statusCode).toBe(201);
    expect(calls).toEqual([{ method: 'addService', args: ['web-01', 'ftp', { allow_anonymous: false }] }]);
  });

  it('answers a malformed deployment file with 409 naming its line, before the fleet is asked', async () => {
    const res = await client(api)('POST', '/deckies/deploy', admin, {
      ini_content: '[web-02]\nservices = http\nflavour = vanilla\n',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'invalid_ini', issues: [{ path: 'body.ini_content:3' }] });
    expect(res.json().message).toMatch(/ini_content:3/);
    const unknownService = await client(api)('POST', '/deckies/deploy', admin, {
      ini_content: '[web-02]\nservices = gopher\n',
    });
    expect(unknownService.statusCode).toBe(409);
    expect(unknownService.json().message).toMatch(/unknown service gopher/);
  });

  it('answers 409 when a file decky takes a name or an address the fleet already has', async () => {
    const call = client(api);
    const name = await call('POST', '/deckies/deploy', admin, { ini_content: '[web-01]\nservices = ftp\n' });
    expect(name.statusCode).toBe(409);
    expect(name.json().code).toBe('decky_exists');
    const address = await call('POST', '/deckies/deploy', admin, {
      ini_content: '[web-02]\nip = 127.0.0.2\nservices = ftp\n',
    });
    expect(address.statusCode).toBe(409);
    expect(address.json()).toMatchObject({ code: 'address_in_use' });
    expect(address.json().message).toMatch(/127\.0\.0\.2 is already used by web-01/);
  });

  it('refuses flag combinations the CLI refuses', async () => {
    const call = client(api);
    const both = await call('POST', '/deckies/deploy', admin, {
      ini_content: '[web-02]\nservices = ftp\n',
      count: 2,
    });
    expect(both.statusCode).toBe(422);
    const iface = await call('POST', '/deckies/deploy', admin, { driver: 'loopback', interface: 'eth0' });
    expect(iface.statusCode).toBe(422);
    const replace = await call('POST', '/deckies/deploy', admin, { count: 1, replace_fleet: true });
    expect(replace.statusCode).toBe(400);
    const huge = await call('POST', '/deckies/deploy', admin, {
      ini_content: `[web-02]\nservices = ftp\n; ${'x'.repeat(256 * 1024)}\n`,
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().issues[0].path).toBe('body.ini_content');
  });
});

describe('decky routes without a reachable fleet', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.close());

  it('lists the recorded deckies with their recorded state', async () => {
    await saveDeckies(
      api.database,
      [
        {
          name: 'decky-01',
          ip: '127.77.0.1',
          mac: null,
          hostname: 'srv-01',
          archetype: 'linux-server',
          distro: 'debian12',
          osProfile: 'linux',
          driver: 'loopback',
          services: ['ssh'],
          config: {
            order: 0,
            plan: {
              services: [
                {
                  name: 'ssh',
                  definition: 'ssh',
                  interaction: 'full',
                  config: { root_password: 'hunter2' },
                  ports: [{ port: 22, protocol: 'tcp', listenPort: 10022 }],
                },
              ],
            },
          },
        },
      ],
      'running',
      '2026-11-28T11:00:00.000Z',
    );
    const viewer = await api.viewerToken();
    const res = await client(api)('GET', '/deckies', viewer);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-decnet-fleet']).toBe('unreachable');
    expect(res.json()).toEqual([
      expect.objectContaining({
        name: 'decky-01',
        state: 'running',
        live: false,
        connections: null,
        services: [
          {
            name: 'ssh',
            interaction: 'full',
            ports: [{ protocol: 'tcp', port: 22, listen_port: 10022, listening: null }],
          },
        ],
      }),
    ]);
    // The recorded config is readable; a viewer sees secret values masked, an admin sees them.
    const asViewer = await client(api)('GET', '/deckies/decky-01/services/ssh/config', viewer);
    expect(asViewer.statusCode).toBe(200);
    expect(asViewer.json().config.root_password).toBe('********');
    expect(asViewer.json().effective.user_password).toBe('********');
    const asAdmin = await client(api)('GET', '/deckies/decky-01/services/ssh/config', await api.adminToken());
    expect(asAdmin.json().config.root_password).toBe('hunter2');
    expect((await client(api)('GET', '/deckies/decky-01/services/ftp/config', viewer)).statusCode).toBe(404);
  });

  it('answers 503 on routes that change the fleet', async () => {
    const res = await client(api)('POST', '/deckies/deploy', await api.adminToken(), { count: 1 });
    expect(res.statusCode).toBe(503);
  });
});

// ─── A real fabric on loopback addresses ────────────────────────────────────────────────────────

/** A /24 of loopback addresses no other test uses at the same time. */
function scratchSubnet(): { net: string; prefix: string } {
  const prefix = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
  return { net: `${prefix}.0/24`, prefix };
}

function httpGet(host: string, port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, path: '/', agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end();
  });
}

/** The first line a server sends on connect. */
function greeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let got = '';
    socket.setEncoding('latin1');
    socket.setTimeout(5000, () => socket.destroy(new Error('no greeting')));
    socket.on('data', (chunk: string) => {
      got += chunk;
      if (got.includes('\n')) {
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('error', reject);
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

interface DeckyJson {
  name: string;
  ip: string;
  live: boolean;
  state: string;
  services: { name: string; ports: { port: number; listen_port: number; listening: boolean }[] }[];
}

describe('decky routes over a real fabric on loopback', () => {
  let api: TestApi;
  let role: FabricRole | null = null;
  let home: string;
  let admin: string;
  let viewer: string;
  const tasks = new TaskGroup(silentLogger);
  const events: string[] = [];
  const subnet = scratchSubnet();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'decnet-api-deckies-'));
    api = await startTestApi({ fleet: inProcessFleet(() => role) });
    const initial: DeployRequest = {
      driver: 'loopback',
      count: 1,
      services: ['ftp'],
      randomizeServices: false,
      archetype: null,
      distro: 'debian12',
      interface: null,
      subnet: subnet.net,
      file: null,
    };
    const fabric = new FabricRole({
      home,
      dirs: {
        keysDir: join(home, 'keys'),
        capturesDir: join(home, 'captures'),
        recordingsDir: join(home, 'recordings'),
      },
      stateFile: join(home, 'fabric-state.json'),
      clock: systemClock,
      logger: silentLogger,
      sink: () => ({ append: (line) => events.push(line) }),
      database: () => api.database,
      initial,
    });
    await fabric.start({ tasks, logger: silentLogger, report: () => undefined });
    role = fabric;
    admin = await api.adminToken();
    viewer = await api.viewerToken();
  });
  afterAll(async () => {
    await tasks.cancel();
    await role?.stop();
    await api.close();
    rmSync(home, { recursive: true, force: true });
  });

  const call = (method: Method, url: string, payload?: object, token?: string) =>
    client(api)(method, url, token ?? admin, payload);
  const deckies = async (): Promise<DeckyJson[]> => (await call('GET', '/deckies', undefined, viewer)).json();
  const portOf = (decky: DeckyJson, service: string): number =>
    decky.services.find((s) => s.name === service)!.ports[0]!.listen_port;

  it('plans a deployment file without deploying it (dry_run)', async () => {
    const res = await call('POST', '/deckies/deploy', {
      ini_content: `[general]\nnet = ${subnet.net}\ndriver = loopback\n\n[web-01]\nservices = http\n`,
      dry_run: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { dry_run: boolean; plan: FleetPlan; deckies: unknown[] };
    expect(body.dry_run).toBe(true);
    expect(body.plan.deckies.map((d) => d.name)).toEqual(['web-01']);
    expect(body.deckies).toEqual([]);
    expect((await deckies()).map((d) => d.name)).toEqual(['decky-01']);
  });

  it('deploys from a deployment file, serves real clients, reconfigures, adds and removes services, tears down', async () => {
    const ip = `${subnet.prefix}.20`;
    const deployed = await call('POST', '/deckies/deploy', {
      ini_content: [
        '[general]',
        `net = ${subnet.net}`,
        'driver = loopback',
        '',
        '[web-01]',
        `ip = ${ip}`,
        'services = http',
        '',
        '[web-01.http]',
        'custom_body = <h1>first page</h1>',
      ].join('\n'),
    });
    expect(deployed.statusCode, deployed.body).toBe(201);
    const [web] = deployed.json().deckies as DeckyJson[];
    expect(web).toMatchObject({ name: 'web-01', ip, state: 'running', live: true });
    const firstPort = portOf(web!, 'http');
    const first = await httpGet(ip, firstPort);
    expect(first.body).toContain('<h1>first page</h1>');

    // The fleet lists both deckies, live, in deploy order.
    const listed = await deckies();
    expect(listed.map((d) => [d.name, d.state, d.live])).toEqual([
      ['decky-01', 'running', true],
      ['web-01', 'running', true],
    ]);

    // A new config, in the deployment file's spellings, restarts the service on its new port.
    const body = Buffer.from('<h1>second page</h1>').toString('base64');
    const configured = await call('PUT', '/deckies/web-01/services/http/config', {
      config: { port: '8081', custom_body: `b64:${body}`, http_versions: 'http/1.1' },
    });
    expect(configured.statusCode, configured.body).toBe(200);
    expect(configured.json().config).toEqual({
      port: 8081,
      custom_body: '<h1>second page</h1>',
      http_versions: ['http/1.1'],
    });
    const moved = (await deckies()).find((d) => d.name === 'web-01')!;
    const secondPort = portOf(moved, 'http');
    expect(secondPort).not.toBe(firstPort);
    expect((await httpGet(ip, secondPort)).body).toContain('<h1>second page</h1>');
    expect(await refused(ip, firstPort)).toBe(true);
    const recorded = await call('GET', '/deckies/web-01/services/http/config', undefined, viewer);
    expect(recorded.json().config.port).toBe(8081);

    // Live-add ftp with a config, talk to it, then remove it.
    const added = await call('POST', '/deckies/web-01/services', {
      service: 'ftp',
      config: { persona: 'proftpd' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const ftpPort = portOf(added.json(), 'ftp');
    expect(await greeting(ip, ftpPort)).toMatch(/^220 .*ProFTPD/i);
    const removed = await call('DELETE', '/deckies/web-01/services/ftp');
    expect(removed.statusCode, removed.body).toBe(200);
    expect((removed.json() as DeckyJson).services.map((s) => s.name)).toEqual(['http']);
    expect(await refused(ip, ftpPort)).toBe(true);

    // The connection above was seen by the decky's service.
    expect(events.some((line) => line.includes('web-01') && line.includes('ftp'))).toBe(true);

    // Tear the decky down: its port closes and the fleet forgets it.
    expect((await call('DELETE', '/deckies/web-01')).statusCode).toBe(204);
    expect(await refused(ip, secondPort)).toBe(true);
    expect((await deckies()).map((d) => d.name)).toEqual(['decky-01']);
    expect((await call('DELETE', '/deckies/web-01')).statusCode).toBe(404);
  });

  it('deploys from flags and answers 409 for a file decky that takes a running name', async () => {
    const flags = await call('POST', '/deckies/deploy', {
      count: 1,
      services: ['ftp'],
      distro: 'debian12',
      subnet: subnet.net,
    });
    expect(flags.statusCode, flags.body).toBe(201);
    const [decky] = flags.json().deckies as DeckyJson[];
    expect(decky!.name).toBe('decky-02');
    expect(await greeting(decky!.ip, portOf(decky!, 'ftp'))).toMatch(/^220 /);
    const clash = await call('POST', '/deckies/deploy', {
      ini_content: `[general]\nnet = ${subnet.net}\n\n[decky-02]\nservices = ftp\n`,
    });
    expect(clash.statusCode).toBe(409);
    expect((await call('DELETE', '/deckies/decky-02')).statusCode).toBe(204);
  });

  it('refuses a config whose new port clashes with another service of the decky (422), keeping the old one', async () => {
    const decky = (await deckies()).find((d) => d.name === 'decky-01')!;
    const before = portOf(decky, 'ftp');
    const added = await call('POST', '/deckies/decky-01/services', {
      service: 'http',
      config: { port: 8082 },
    });
    expect(added.statusCode, added.body).toBe(201);
    const clash = await call('PUT', '/deckies/decky-01/services/ftp/config', { config: { port: 8082 } });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().message).toMatch(/both want tcp\/8082/);
    expect(await greeting(decky.ip, before)).toMatch(/^220 /);
  });

  it('starts the old config again when the new one cannot start (its port is taken by another program)', async () => {
    const decky = (await deckies()).find((d) => d.name === 'decky-01')!;
    const before = portOf(decky, 'ftp');
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen({ host: decky.ip, port: 8083 }, resolve));
    try {
      const res = await call('PUT', '/deckies/decky-01/services/ftp/config', { config: { port: 8083 } });
      expect(res.statusCode).toBe(502);
      expect(res.json().message).toMatch(/8083 .*already in use by another program/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(await greeting(decky.ip, before)).toMatch(/^220 /);
    const recorded = await call('GET', '/deckies/decky-01/services/ftp/config', undefined, viewer);
    expect(recorded.json().config.port).toBeUndefined();
  });
});
