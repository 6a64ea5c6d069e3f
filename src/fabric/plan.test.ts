import { describe, expect, it } from 'vitest';
import { parseDeployFile } from '../config/deploy-file.js';
import { LOOPBACK_DEFAULT_SUBNET } from './addresses.js';
import {
  type DeployRequest,
  type PlanContext,
  PlanError,
  planExtraService,
  planFleet,
  planReconfiguredService,
} from './plan.js';
import { UNPRIVILEGED_PORT_OFFSET } from './ports.js';

const request = (over: Partial<DeployRequest> = {}): DeployRequest => ({
  driver: 'loopback',
  count: null,
  services: null,
  randomizeServices: false,
  archetype: null,
  distro: null,
  interface: null,
  subnet: null,
  file: null,
  ...over,
});

const loopback = (over: Partial<PlanContext> = {}): PlanContext => ({
  defaultSubnet: LOOPBACK_DEFAULT_SUBNET,
  existing: [],
  lowestPort: 0,
  hostAddress: null,
  gateway: null,
  ...over,
});

const bridge: PlanContext = {
  defaultSubnet: '10.77.9.0/24',
  existing: [],
  lowestPort: 0,
  hostAddress: '10.77.9.1',
  gateway: '10.77.9.1',
};

describe('planFleet', () => {
  it('names deckies decky-01… and gives each a stable address, hostname and the archetype’s services', () => {
    const plan = planFleet(request({ count: 3, archetype: 'linux-server' }), loopback());
    expect(plan.deckies.map((d) => d.name)).toEqual(['decky-01', 'decky-02', 'decky-03']);
    expect(plan.deckies.map((d) => d.ip)).toEqual(['127.77.0.10', '127.77.0.11', '127.77.0.12']);
    for (const d of plan.deckies) {
      expect(d.services.map((s) => s.name)).toEqual(['ssh', 'http']);
      expect(d.osProfile).toBe('linux');
      expect(d.ttl).toBe(64);
      expect(d.mac).toBeNull();
    }
    expect(new Set(plan.deckies.map((d) => d.hostname)).size).toBe(3);
    // The same request plans the same fleet: addresses and hostnames survive a redeploy.
    expect(planFleet(request({ count: 3, archetype: 'linux-server' }), loopback())).toEqual(plan);
  });

  it('continues the naming of a running fleet and steers around its addresses', () => {
    const plan = planFleet(
      request({ count: 2, archetype: 'web-server' }),
      loopback({ existing: [{ name: 'decky-01', ip: '127.77.0.11' }] }),
    );
    expect(plan.deckies.map((d) => [d.name, d.ip])).toEqual([
      ['decky-02', '127.77.0.12'],
      ['decky-03', '127.77.0.13'],
    ]);
  });

  it('gives windows archetypes a Windows profile with TTL 128', () => {
    const plan = planFleet(request({ archetype: 'windows-workstation' }), loopback());
    expect(plan.deckies[0]!.ttl).toBe(128);
    expect(plan.deckies[0]!.osProfile).toMatch(/^windows/);
    expect(plan.deckies[0]!.hostname).toMatch(/^[A-Z0-9-]{1,15}$/);
  });

  it('lets an explicit service list win over the archetype', () => {
    const plan = planFleet(request({ archetype: 'linux-server', services: ['ftp'] }), loopback());
    expect(plan.deckies[0]!.services.map((s) => s.name)).toEqual(['ftp']);
  });

  it('shifts privileged ports by the documented offset when they cannot be bound', () => {
    const plan = planFleet(request({ services: ['ssh'] }), loopback({ lowestPort: 1024 }));
    expect(plan.deckies[0]!.services[0]!.ports[0]).toEqual({
      protocol: 'tcp',
      port: 22,
      listenPort: 22 + UNPRIVILEGED_PORT_OFFSET,
    });
  });

  it('gives netns deckies a MAC, the bridge subnet and the OS profile’s sysctls', () => {
    const plan = planFleet(request({ driver: 'netns', count: 2, archetype: 'windows-server' }), bridge);
    expect(plan.link).toEqual({ kind: 'bridge', hostAddress: '10.77.9.1' });
    expect(plan.deckies.map((d) => d.ip)).toEqual(['10.77.9.10', '10.77.9.11']);
    for (const d of plan.deckies) {
      expect(d.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(d.sysctls['net.ipv4.ip_default_ttl']).toBe('128');
    }
  });

  it('randomizes 1–3 services per decky, avoiding repeated combinations', () => {
    const plan = planFleet(request({ count: 6, randomizeServices: true }), loopback());
    const combos = plan.deckies.map((d) => d.services.map((s) => s.name).join(','));
    for (const d of plan.deckies) expect(d.services.length).toBeGreaterThanOrEqual(1);
    for (const d of plan.deckies) expect(d.services.length).toBeLessThanOrEqual(3);
    expect(new Set(combos).size).toBe(combos.length);
  });

  it('plans the deckies of a deployment file, with explicit addresses and per-service settings', () => {
    const file = parseDeployFile(
      [
        '[general]',
        'net = 127.78.0.0/24',
        '[web-01]',
        'ip = 127.78.0.50',
        'services = tcp_banner',
        '[web-01.tcp_banner]',
        'port = 7001',
        '[office]',
        'archetype = windows-workstation',
        'amount = 2',
        '[custom-telemetry]',
        'ports = 7070',
        'banner = hello',
        '[sensor]',
        'services = telemetry',
      ].join('\n'),
      'fleet.ini',
    );
    const plan = planFleet(request({ file }), loopback());
    expect(plan.subnet).toBe('127.78.0.0/24');
    expect(plan.deckies.map((d) => d.name)).toEqual(['web-01', 'office-01', 'office-02', 'sensor']);
    expect(plan.deckies[0]!.ip).toBe('127.78.0.50');
    expect(plan.deckies[0]!.services[0]!.ports).toEqual([{ protocol: 'tcp', port: 7001, listenPort: 7001 }]);
    expect(plan.deckies[3]!.services[0]).toMatchObject({ name: 'telemetry', definition: 'tcp_banner' });
    expect(plan.deckies[3]!.services[0]!.ports).toEqual([{ protocol: 'tcp', port: 7070, listenPort: 7070 }]);
  });

  it('refuses what it cannot plan, naming the problem', () => {
    expect(() => planFleet(request({ archetype: 'toaster' }), loopback())).toThrow(
      /unknown archetype toaster/,
    );
    expect(() => planFleet(request({ services: ['gopher'] }), loopback())).toThrow(/unknown service gopher/);
    expect(() =>
      planFleet(request({ archetype: 'windows-workstation', distro: 'ubuntu22' }), loopback()),
    ).toThrow(PlanError);
    expect(() => planFleet(request({ subnet: '10.0.0.1/24' }), loopback())).toThrow(/host bits/);
    expect(() => planFleet(request({ count: 20, subnet: '127.79.0.0/29' }), loopback())).toThrow(
      /no free address/,
    );
    expect(() =>
      planFleet(request({ count: 1 }), loopback({ existing: [{ name: 'decky-01', ip: '127.77.0.10' }] })),
    ).not.toThrow();
  });
});

describe('planning services of a running decky', () => {
  const decky = () => planFleet(request({ services: ['http', 'ftp'] }), loopback()).deckies[0]!;

  it('plans an extra service with config values coerced by the service rules, ports following them', () => {
    const running = planFleet(request({ services: ['ftp'] }), loopback()).deckies[0]!;
    const http = planExtraService(running, 'http', 'loopback', 0, {
      port: '8080',
      http_versions: 'h2c',
    } as never);
    expect(http.config).toEqual({ port: 8080, http_versions: ['h2c'] });
    expect(http.ports).toEqual([{ port: 8080, protocol: 'tcp', listenPort: 8080 }]);
  });

  it('re-plans a running service with a new config, its old ports no longer counted against it', () => {
    const moved = planReconfiguredService(decky(), 'http', 'loopback', 0, { port: 8081 });
    expect(moved.ports).toEqual([{ port: 8081, protocol: 'tcp', listenPort: 8081 }]);
    const same = planReconfiguredService(decky(), 'http', 'loopback', 0, { fake_app: 'wordpress' });
    expect(same.ports.map((p) => p.port)).toEqual([80]);
  });

  it.each([
    ['a service the decky does not run', 'ssh', {}, /does not run ssh/],
    ['a port another service of the decky has', 'http', { port: 21 }, /both want tcp\/21/],
    ['a value the field refuses', 'http', { port: 'eighty' }, /port: expected an integer/],
    ['a key the service does not have', 'http', { colour: 'red' }, /colour: unknown setting/],
  ])('refuses %s', (_what, service, config, message) => {
    expect(() => planReconfiguredService(decky(), service, 'loopback', 0, config as never)).toThrow(
      PlanError,
    );
    expect(() => planReconfiguredService(decky(), service, 'loopback', 0, config as never)).toThrow(message);
  });
});
