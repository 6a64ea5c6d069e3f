import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { defaultServiceLimits } from '../services/limits.js';
import { createLoopbackDriver } from './drivers/loopback.js';
import { Fabric } from './fabric.js';
import { type DeployRequest, type FleetPlan, planFleet } from './plan.js';
import { deckyDirs } from './role.js';

const SERVICES = ['ftp', 'http', 'tcp_banner'];

/** A fleet of loopback deckies on a subnet of its own, with ports above 1024 so no root is needed. */
function fleet(count: number): FleetPlan {
  const subnet = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  const request: DeployRequest = {
    driver: 'loopback',
    count,
    services: SERVICES,
    randomizeServices: false,
    archetype: null,
    distro: null,
    interface: null,
    subnet,
    file: null,
  };
  return planFleet(request, {
    defaultSubnet: subnet,
    existing: [],
    lowestPort: 1024,
    hostAddress: null,
    gateway: null,
  });
}

/** The first bytes a port sends (after `say`, if given), or null when it refuses the connection. */
function greeting(host: string, port: number, say?: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    if (say) socket.write(say);
    socket.setTimeout(5_000, () => socket.destroy());
    socket.once('data', (data) => {
      resolve(data.toString('latin1'));
      socket.destroy();
    });
    socket.once('error', () => resolve(null));
    socket.once('close', () => resolve(null));
  });
}

describe('Fabric deploy', () => {
  let home: string;
  let opens: Array<{ decky: string; ports: number }>;
  let fabric: Fabric;

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'decnet-fabric-'));
    opens = [];
    const loopback = createLoopbackDriver();
    fabric = new Fabric({
      driver: () => ({
        ...loopback,
        open: (decky, ports) => {
          opens.push({ decky: decky.name, ports: ports.length });
          return loopback.open(decky, ports);
        },
      }),
      sink: { append: () => undefined },
      clock: systemClock,
      logger: silentLogger,
      limits: defaultServiceLimits,
      dirs: (decky) =>
        deckyDirs(
          {
            keysDir: join(home, 'keys'),
            capturesDir: join(home, 'captures'),
            recordingsDir: join(home, 'rec'),
          },
          decky,
        ),
    });
  });

  afterEach(async () => {
    await fabric.teardown(null);
    rmSync(home, { recursive: true, force: true });
  });

  it('opens each decky’s ports in one driver call (one socket helper per decky on netns) and serves them all', async () => {
    const plan = fleet(2);
    const deployed = await fabric.deploy(plan);

    expect(opens).toEqual(plan.deckies.map((d) => ({ decky: d.name, ports: 3 })));
    for (const decky of deployed) {
      expect(decky.services.map((s) => s.name)).toEqual(SERVICES);
      for (const service of decky.services) {
        const [port] = service.ports;
        expect(port!.listening).toBe(true);
        const http = service.name === 'http';
        const greeted = await greeting(
          decky.ip,
          port!.listen_port,
          http ? 'GET / HTTP/1.0\r\n\r\n' : undefined,
        );
        expect(greeted).toMatch(http ? /^HTTP\/1\.[01] \d{3} / : service.name === 'ftp' ? /^220 / : /./);
      }
    }
  });

  it('starts none of a decky’s services when one of its ports is taken, and says which', async () => {
    const plan = fleet(1);
    const decky = plan.deckies[0]!;
    const taken = decky.services.find((s) => s.name === 'http')!.ports[0]!;
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(taken.listenPort, decky.ip, resolve));
    try {
      await expect(fabric.deploy(plan)).rejects.toThrow(
        `tcp port ${taken.listenPort} on ${decky.ip} is already in use by another program`,
      );
      expect(fabric.names).toEqual([]);
      for (const service of decky.services) {
        if (service.name === 'http') continue;
        expect(await greeting(decky.ip, service.ports[0]!.listenPort)).toBeNull();
      }
    } finally {
      squatter.close();
    }
  });
});
