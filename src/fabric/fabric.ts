/**
 * The fabric: every decky's sockets served from this one event loop. A deploy asks the driver for
 * network presence and sockets, then hands each connection or datagram to the decky's service
 * instance; teardown undoes exactly that. Services can be added to or removed from a running decky
 * without touching the others.
 */
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import type { DeployDriver } from '../config/deploy-file.js';
import { createEmitter, type EventSink } from '../events/emitter.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { serviceDefinition } from '../services/registry.js';
import type {
  DeckyPersona,
  ServiceDefinition,
  ServiceDirs,
  ServiceInstance,
  ServiceLimits,
} from '../services/service.js';
import { ConnectionGuard } from '../services/shared/connection-guard.js';
import { normaliseIp } from '../services/shared/peer.js';
import { seedOf } from './catalogue/hostnames.js';
import { closeAll, type FabricDriver, type OpenedSocket } from './drivers/driver.js';
import type { FleetPlan, PlannedDecky, PlannedService } from './plan.js';
import { Tarpit } from './tarpit.js';

export interface FabricOptions {
  driver(kind: DeployDriver): FabricDriver;
  sink: EventSink;
  clock: Clock;
  logger: Logger;
  limits: ServiceLimits;
  /** Where each decky's services keep keys, captures and recordings. */
  dirs(decky: string): ServiceDirs;
}

export interface DeployProgress {
  total: number;
  done: number;
  phase: 'network' | 'services' | 'finished';
}

interface RunningService {
  planned: PlannedService;
  instance: ServiceInstance;
  sockets: OpenedSocket[];
}

interface RunningDecky {
  plan: PlannedDecky;
  driver: DeployDriver;
  services: Map<string, RunningService>;
  /** Caps connections per source and per decky, and closes idle or flooding ones. */
  guard: ConnectionGuard;
  tarpit: Tarpit;
  deployedAt: string;
}

export interface DeckyStatus {
  name: string;
  ip: string;
  mac: string | null;
  hostname: string;
  archetype: string | null;
  distro: string;
  os: string;
  ttl: number;
  driver: DeployDriver;
  deployed_at: string;
  connections: number;
  tarpit: { enabled: boolean; delay_ms: number; inside: number };
  services: {
    name: string;
    interaction: 'full' | 'banner';
    ports: { protocol: 'tcp' | 'udp'; port: number; listen_port: number; listening: boolean }[];
  }[];
}

export class FabricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FabricError';
  }
}

/** Deckies whose sockets are opened at once during a deploy (each may start a namespace helper). */
const OPEN_CONCURRENCY = 8;

export class Fabric {
  private readonly deckies = new Map<string, RunningDecky>();
  private busy: Promise<unknown> = Promise.resolve();
  progress: DeployProgress | null = null;

  constructor(private readonly options: FabricOptions) {}

  /** Names in deploy order. */
  get names(): string[] {
    return [...this.deckies.keys()];
  }

  has(name: string): boolean {
    return this.deckies.has(name);
  }

  /** The current plan of a running decky (its services change with addService/removeService). */
  planOf(name: string): { plan: PlannedDecky; driver: DeployDriver } | undefined {
    const running = this.deckies.get(name);
    return running && { plan: running.plan, driver: running.driver };
  }

  /** Deploys run one at a time: a second waits for the first, then plans against what it made. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.busy.then(work, work);
    this.busy = run.catch(() => undefined);
    return run;
  }

  /**
   * Deploys the plan's deckies. On any failure everything this deploy made is removed again and the
   * error names the decky and what failed; deckies deployed before are not touched.
   */
  async deploy(plan: FleetPlan): Promise<DeckyStatus[]> {
    const driver = this.options.driver(plan.driver);
    for (const d of plan.deckies)
      if (this.deckies.has(d.name)) throw new FabricError(`decky ${d.name} is already deployed`);
    this.progress = { total: plan.deckies.length, done: 0, phase: 'network' };
    const started: RunningDecky[] = [];
    try {
      await driver.create(plan, plan.deckies);
      this.progress.phase = 'services';
      const queue = [...plan.deckies];
      const workers = Array.from({ length: Math.min(OPEN_CONCURRENCY, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const running = this.newDecky(next, plan.driver);
          started.push(running);
          try {
            await this.startServices(running, next.services);
          } catch (err) {
            queue.length = 0; // the other workers stop taking deckies
            throw new FabricError(`decky ${next.name}: ${(err as Error).message}`);
          }
          this.progress!.done++;
        }
      });
      // Every worker has stopped before a rollback looks at what was started.
      const failed = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } catch (err) {
      for (const running of started) await this.stopServices(running);
      await driver
        .destroy(plan.deckies.map((d) => d.name))
        .catch((cleanupErr: Error) =>
          this.options.logger.error(
            { err: cleanupErr.message },
            'rollback of a failed deploy was incomplete',
          ),
        );
      this.progress = null;
      throw err instanceof FabricError ? err : new FabricError(`deploy failed: ${(err as Error).message}`);
    }
    // Register in plan order so `status` lists deckies in deploy order whatever finished first.
    const byName = new Map(started.map((r) => [r.plan.name, r]));
    for (const d of plan.deckies) this.deckies.set(d.name, byName.get(d.name)!);
    this.progress = { total: plan.deckies.length, done: plan.deckies.length, phase: 'finished' };
    return plan.deckies.map((d) => this.describe(this.deckies.get(d.name)!));
  }

  /** Removes deckies (all when `names` is null). Unknown names are skipped; returns what was removed. */
  async teardown(names: readonly string[] | null): Promise<string[]> {
    const targets =
      names === null ? [...this.deckies.values()] : names.flatMap((n) => this.deckies.get(n) ?? []);
    for (const running of targets) await this.stopServices(running);
    const byDriver = new Map<DeployDriver, string[]>();
    for (const running of targets) {
      byDriver.set(running.driver, [...(byDriver.get(running.driver) ?? []), running.plan.name]);
      this.deckies.delete(running.plan.name);
    }
    for (const [kind, list] of byDriver) await this.options.driver(kind).destroy(list);
    return targets.map((r) => r.plan.name);
  }

  /** Starts one more service on a running decky, leaving its other services and all other deckies alone. */
  async addService(deckyName: string, service: PlannedService): Promise<DeckyStatus> {
    const running = this.mustGet(deckyName);
    if (running.services.has(service.name))
      throw new FabricError(`decky ${deckyName} already runs ${service.name}`);
    await this.startService(running, service);
    running.plan = { ...running.plan, services: [...running.plan.services, service] };
    return this.describe(running);
  }

  async removeService(deckyName: string, serviceName: string): Promise<DeckyStatus> {
    const running = this.mustGet(deckyName);
    const service = running.services.get(serviceName);
    if (!service) throw new FabricError(`decky ${deckyName} does not run ${serviceName}`);
    await this.stopService(running, service);
    running.plan = { ...running.plan, services: running.plan.services.filter((s) => s.name !== serviceName) };
    return this.describe(running);
  }

  /**
   * Restarts one service of a running decky from a new plan (new config, perhaps new ports), in its
   * place in the decky's list. If the new one cannot start, the old one is started again.
   */
  async replaceService(deckyName: string, service: PlannedService): Promise<DeckyStatus> {
    const running = this.mustGet(deckyName);
    const old = running.services.get(service.name);
    if (!old) throw new FabricError(`decky ${deckyName} does not run ${service.name}`);
    await this.stopService(running, old);
    try {
      await this.startService(running, service);
    } catch (err) {
      await this.startService(running, old.planned).catch((restartErr: Error) =>
        this.options.logger.error(
          { decky: deckyName, service: service.name, err: restartErr.message },
          'could not restart a service after its new config failed',
        ),
      );
      throw err;
    }
    running.plan = {
      ...running.plan,
      services: running.plan.services.map((s) => (s.name === service.name ? service : s)),
    };
    return this.describe(running);
  }

  setTarpit(deckyName: string, enabled: boolean, delayMs: number): DeckyStatus {
    const running = this.mustGet(deckyName);
    running.tarpit.set(enabled, delayMs);
    return this.describe(running);
  }

  status(): DeckyStatus[] {
    return [...this.deckies.values()].map((r) => this.describe(r));
  }

  private mustGet(name: string): RunningDecky {
    const running = this.deckies.get(name);
    if (!running) throw new FabricError(`no decky named ${name} is deployed`);
    return running;
  }

  private newDecky(plan: PlannedDecky, driver: DeployDriver): RunningDecky {
    const emit = createEmitter({
      sink: this.options.sink,
      clock: this.options.clock,
      decky: plan.name,
      service: 'tarpit',
    });
    return {
      plan,
      driver,
      services: new Map(),
      guard: new ConnectionGuard({
        idleTimeoutMs: this.options.limits.idleTimeoutMs,
        maxBytesPerConnection: this.options.limits.maxBytesPerConnection,
      }),
      tarpit: new Tarpit(emit, this.options.clock),
      deployedAt: new Date(this.options.clock.now()).toISOString(),
    };
  }

  private persona(plan: PlannedDecky): DeckyPersona {
    return {
      name: plan.name,
      hostname: plan.hostname,
      ip: plan.ip,
      distro: plan.distro,
      osProfile: plan.osProfile,
      archetype: plan.archetype,
      seed: seedOf(plan.name),
    };
  }

  private startService(running: RunningDecky, service: PlannedService): Promise<void> {
    return this.startServices(running, [service]);
  }

  /**
   * Starts services of a decky on sockets opened in one driver call: on the netns driver that is one
   * socket helper (a Node process, ~0.13 s of CPU to start) per decky rather than one per service:
   * with one per service, helpers took 36 s of the two cores' CPU in a 25-30 s deploy of 100 deckies
   * × 3 services. If one cannot start, the sockets of those after it are closed; those before it run
   * and stopServices takes them down.
   */
  private async startServices(running: RunningDecky, services: readonly PlannedService[]): Promise<void> {
    const definitions = services.map((service) => {
      const definition = serviceDefinition(service.definition);
      if (!definition) throw new FabricError(`unknown service ${service.definition}`);
      return definition;
    });
    const driver = this.options.driver(running.driver);
    const opened = await driver.open(
      running.plan,
      services.flatMap((s) => s.ports),
    );
    let start = 0;
    const shares = services.map((s) => {
      start += s.ports.length;
      return opened.slice(start - s.ports.length, start);
    });
    for (let i = 0; i < services.length; i++) {
      try {
        this.serveService(running, services[i]!, definitions[i]!, shares[i]!);
      } catch (err) {
        await closeAll(shares.slice(i).flat());
        throw err;
      }
    }
  }

  /** Creates a service's instance and serves `sockets` (its ports, opened) with it. */
  private serveService(
    running: RunningDecky,
    service: PlannedService,
    definition: ServiceDefinition,
    sockets: OpenedSocket[],
  ): void {
    const driver = this.options.driver(running.driver);
    // A service's own bounds (longer sessions, larger uploads) take precedence over the fabric's.
    const limits: ServiceLimits = { ...this.options.limits, ...definition.limits };
    const instance = definition.create({
      decky: this.persona(running.plan),
      dirs: this.options.dirs(running.plan.name),
      config: service.config,
      emit: createEmitter({
        sink: this.options.sink,
        clock: this.options.clock,
        decky: running.plan.name,
        service: service.name,
      }),
      clock: this.options.clock,
      logger: this.options.logger.child({ decky: running.plan.name, service: service.name }),
      limits,
      throttle: running.tarpit,
      listenTcp: (port) => driver.listenTcp(running.plan, port),
    });
    for (const opened of sockets) {
      if (opened.protocol === 'tcp')
        this.serveTcp(running, instance, opened.server, opened.port.port, limits);
      else this.serveUdp(instance, opened.socket, opened.port.port);
    }
    running.services.set(service.name, { planned: service, instance, sockets });
  }

  private serveTcp(
    running: RunningDecky,
    instance: ServiceInstance,
    server: Server,
    port: number,
    limits: ServiceLimits,
  ): void {
    server.on('error', (err) => this.options.logger.warn({ err: err.message, port }, 'listener error'));
    server.on('connection', (socket: Socket) => {
      // Refused at once rather than queued: a flood must not grow memory or starve other clients.
      if (!instance.handleTcp) {
        socket.destroy();
        return;
      }
      if (!running.guard.admit(socket, limits)) return;
      const address = normaliseIp(socket.remoteAddress ?? '');
      // The guard counts per source; its 'close' handler runs first, so 0 here means the last one left.
      if (running.guard.openFrom(address) === 1) running.tarpit.attackerArrived(address, port);
      socket.once('close', () => {
        if (running.guard.openFrom(address) === 0) running.tarpit.attackerLeft(address, port);
      });
      try {
        instance.handleTcp(socket, port);
      } catch (err) {
        this.options.logger.error({ err: (err as Error).message, port }, 'service failed on a connection');
        socket.destroy();
      }
    });
  }

  private serveUdp(instance: ServiceInstance, socket: UdpSocket, port: number): void {
    socket.on('error', (err) => this.options.logger.warn({ err: err.message, port }, 'udp socket error'));
    socket.on('message', (message, rinfo) => {
      if (!instance.handleUdp) return;
      try {
        instance.handleUdp(
          message,
          { address: normaliseIp(rinfo.address), port: rinfo.port },
          (data) => socket.send(data, rinfo.port, rinfo.address),
          port,
        );
      } catch (err) {
        this.options.logger.error({ err: (err as Error).message, port }, 'service failed on a datagram');
      }
    });
  }

  private async stopServices(running: RunningDecky): Promise<void> {
    for (const service of [...running.services.values()]) await this.stopService(running, service);
    await running.guard.closeAll();
    running.tarpit.set(false, 0);
  }

  private async stopService(running: RunningDecky, service: RunningService): Promise<void> {
    await closeAll(service.sockets);
    await service.instance
      .close()
      .catch((err: Error) =>
        this.options.logger.warn(
          { err: err.message, service: service.planned.name },
          'service did not close cleanly',
        ),
      );
    running.services.delete(service.planned.name);
  }

  private describe(running: RunningDecky): DeckyStatus {
    const { plan } = running;
    return {
      name: plan.name,
      ip: plan.ip,
      mac: plan.mac,
      hostname: plan.hostname,
      archetype: plan.archetype,
      distro: plan.distro,
      os: plan.osProfile,
      ttl: plan.ttl,
      driver: running.driver,
      deployed_at: running.deployedAt,
      connections: running.guard.stats.active,
      tarpit: running.tarpit.describe(),
      services: plan.services.map((s) => {
        const live = running.services.get(s.name);
        return {
          name: s.name,
          interaction: s.interaction,
          ports: s.ports.map((p) => ({
            protocol: p.protocol,
            port: p.port,
            listen_port: p.listenPort,
            listening:
              live?.sockets.some(
                (o) => o.port.port === p.port && o.port.protocol === p.protocol && isOpen(o),
              ) ?? false,
          })),
        };
      }),
    };
  }
}

function isOpen(opened: OpenedSocket): boolean {
  if (opened.protocol === 'tcp') return opened.server.listening;
  try {
    opened.socket.address();
    return true;
  } catch {
    return false;
  }
}
