/**
 * The fabric as a role of a DECNET process: on start it removes what a crashed instance left behind,
 * then deploys the initial fleet (the one asked for, else the fleet of the last run, else the default
 * three loopback deckies) and only then reports ready; on stop it tears every decky down. Deploys and
 * teardowns asked for through the control channel go through here, so the database always matches
 * what is running.
 */
import { join } from 'node:path';
import type { DeployDriver } from '../config/deploy-file.js';
import type { InstallationPaths } from '../config/paths.js';
import type { Database } from '../db/connection.js';
import {
  type DeckyRecord,
  deleteDeckies,
  listDeckies,
  saveDeckies,
  setDeckyState,
} from '../db/repositories/deckies.js';
import type { EventSink } from '../events/emitter.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Role, RoleContext } from '../runtime/supervisor.js';
import type { ServiceDirs, ServiceValues } from '../services/service.js';
import { defaultServiceLimits } from '../services/shared/connection-guard.js';
import type { FabricDriver } from './drivers/driver.js';
import { createLoopbackDriver } from './drivers/loopback.js';
import { createNetnsDriver } from './drivers/netns.js';
import { type DeckyStatus, Fabric } from './fabric.js';
import {
  type DeployRequest,
  type FleetPlan,
  type PlanContext,
  PlanError,
  planExtraService,
  planFleet,
  planReconfiguredService,
} from './plan.js';
import { planContextFor } from './plan-context.js';
import { lowestBindablePort } from './ports.js';

/** The fleet a bare `decnet up` deploys on a fresh installation. */
export const DEFAULT_FLEET_ARCHETYPES = ['linux-server', 'web-server', 'windows-workstation'] as const;

export interface FabricRoleOptions {
  home: string;
  /** The installation's directories, for each decky's keys, captures and recordings. */
  dirs: Pick<InstallationPaths, 'keysDir' | 'capturesDir' | 'recordingsDir'>;
  stateFile: string;
  clock: Clock;
  logger: Logger;
  /** The spool, once its role has started. */
  sink(): EventSink;
  database(): Database;
  /** What to deploy at start; null: the last run's fleet, or the default fleet on a fresh installation. */
  initial: DeployRequest | null;
}

export function defaultFleetRequests(): DeployRequest[] {
  return DEFAULT_FLEET_ARCHETYPES.map((archetype) => ({
    driver: 'loopback',
    count: 1,
    services: null,
    randomizeServices: false,
    archetype,
    distro: null,
    interface: null,
    subnet: null,
    file: null,
  }));
}

export class FabricRole implements Role {
  readonly name = 'fabric';
  private fabric: Fabric | null = null;
  private readonly drivers = new Map<DeployDriver, FabricDriver>();

  constructor(private readonly options: FabricRoleOptions) {}

  async start(ctx: RoleContext): Promise<void> {
    const { options } = this;
    const paths = options.dirs;
    this.fabric = new Fabric({
      driver: (kind) => this.driver(kind),
      sink: options.sink(),
      clock: options.clock,
      logger: ctx.logger,
      limits: defaultServiceLimits,
      dirs: (decky) => deckyDirs(paths, decky),
    });
    await this.driver('netns').recover();
    const database = options.database();
    const previous = await listDeckies(database);
    if (options.initial) {
      await deleteDeckies(
        database,
        previous.map((r) => r.name),
      );
      await this.deploy(options.initial);
    } else if (previous.length > 0) {
      await this.restore(previous.map((r) => r.config as unknown as RecordedPlan));
    } else {
      for (const request of defaultFleetRequests()) await this.deploy(request);
    }
    ctx.logger.info({ deckies: this.fabric.names.length }, 'fabric ready');
  }

  async stop(): Promise<void> {
    const fabric = this.fabric;
    if (!fabric) return;
    await fabric.exclusive(async () => {
      await fabric.teardown(null);
      await setDeckyState(this.options.database(), 'stopped', this.now()).catch((err: Error) =>
        this.options.logger.warn({ err: err.message }, 'could not record the fleet as stopped'),
      );
    });
  }

  /** The running fabric; throws while the role is not started. */
  get running(): Fabric {
    if (!this.fabric) throw new Error('the fabric is not running');
    return this.fabric;
  }

  /** Every decky in deploy order; none while the role has not started. */
  status(): DeckyStatus[] {
    return this.fabric?.status() ?? [];
  }

  /** Plans a request against the running fleet without changing anything (`deploy --dry-run`). */
  async plan(request: DeployRequest): Promise<FleetPlan> {
    return planFleet(request, await this.planContext(request));
  }

  /** Plans and deploys a request into the running fleet; the database records what now runs. */
  deploy(request: DeployRequest): Promise<{ plan: FleetPlan; deckies: DeckyStatus[] }> {
    const fabric = this.running;
    return fabric.exclusive(async () => {
      const plan = planFleet(request, await this.planContext(request));
      const deckies = await fabric.deploy(plan);
      await this.record(plan);
      return { plan, deckies };
    });
  }

  teardown(names: readonly string[] | null): Promise<{ removed: string[]; unknown: string[] }> {
    const fabric = this.running;
    return fabric.exclusive(async () => {
      const unknown = names === null ? [] : names.filter((n) => !fabric.has(n));
      const removed = await fabric.teardown(names);
      // A name the fabric does not run may still be recorded (a failed earlier stop): forget it too.
      await deleteDeckies(this.options.database(), names === null ? removed : [...names]);
      return { removed, unknown };
    });
  }

  /**
   * Starts one more service on a running decky, with its defaults or the given config values, leaving
   * everything else running untouched.
   */
  addService(
    deckyName: string,
    serviceName: string,
    config: ServiceValues | null = null,
  ): Promise<DeckyStatus> {
    const fabric = this.running;
    return fabric.exclusive(async () => {
      const current = fabric.planOf(deckyName);
      if (!current) throw new PlanError(`no decky named ${deckyName} is deployed`);
      const lowest = current.driver === 'loopback' ? lowestBindablePort() : 0;
      const service = planExtraService(current.plan, serviceName, current.driver, lowest, config);
      const status = await fabric.addService(deckyName, service);
      await this.rerecord(deckyName);
      return status;
    });
  }

  /**
   * Gives a running service new config values: it is planned again (a bad value or a port clash fails
   * here, before anything stops), then restarted in place; the record keeps the new config.
   */
  configureService(deckyName: string, serviceName: string, config: ServiceValues): Promise<DeckyStatus> {
    const fabric = this.running;
    return fabric.exclusive(async () => {
      const current = fabric.planOf(deckyName);
      if (!current) throw new PlanError(`no decky named ${deckyName} is deployed`);
      const lowest = current.driver === 'loopback' ? lowestBindablePort() : 0;
      const service = planReconfiguredService(current.plan, serviceName, current.driver, lowest, config);
      const status = await fabric.replaceService(deckyName, service);
      await this.rerecord(deckyName);
      return status;
    });
  }

  /** Stops one service of a running decky; its other services and the other deckies keep running. */
  removeService(deckyName: string, serviceName: string): Promise<DeckyStatus> {
    const fabric = this.running;
    return fabric.exclusive(async () => {
      const status = await fabric.removeService(deckyName, serviceName);
      await this.rerecord(deckyName);
      return status;
    });
  }

  /** Writes a running decky's changed plan over its record, keeping its place and fleet. */
  private async rerecord(name: string): Promise<void> {
    const database = this.options.database();
    const row = (await listDeckies(database)).find((r) => r.name === name);
    const current = this.running.planOf(name);
    if (!row || !current) return;
    const recorded = row.config as unknown as RecordedPlan;
    await saveDeckies(
      database,
      [
        {
          name,
          ip: row.ip,
          mac: row.mac,
          hostname: row.hostname,
          archetype: row.archetype,
          distro: current.plan.distro,
          osProfile: current.plan.osProfile,
          driver: row.driver,
          services: current.plan.services.map((s) => s.name),
          config: { ...recorded, plan: current.plan } satisfies RecordedPlan,
        },
      ],
      'running',
      this.now(),
    );
  }

  private async restore(recorded: RecordedPlan[]): Promise<void> {
    const fabric = this.running;
    // One plan per recorded fleet: deckies deployed together come back together, on the same addresses.
    const fleets = new Map<string, FleetPlan>();
    for (const entry of recorded) {
      const key = JSON.stringify([entry.fleet.driver, entry.fleet.subnet, entry.fleet.link]);
      const fleet = fleets.get(key) ?? { ...entry.fleet, deckies: [] };
      fleet.deckies.push(entry.plan);
      fleets.set(key, fleet);
    }
    for (const plan of fleets.values()) {
      await fabric.exclusive(async () => {
        await fabric.deploy(plan);
        await this.record(plan);
      });
    }
  }

  private async record(plan: FleetPlan): Promise<void> {
    const offset = this.running.names.length - plan.deckies.length;
    const { deckies: _d, ...fleet } = plan;
    const records: DeckyRecord[] = plan.deckies.map((d, i) => ({
      name: d.name,
      ip: d.ip,
      mac: d.mac,
      hostname: d.hostname,
      archetype: d.archetype,
      distro: d.distro,
      osProfile: d.osProfile,
      driver: plan.driver,
      services: d.services.map((s) => s.name),
      config: { order: offset + i, plan: d, fleet } satisfies RecordedPlan,
    }));
    await saveDeckies(this.options.database(), records, 'running', this.now());
  }

  private planContext(request: DeployRequest): Promise<PlanContext> {
    const existing = this.running.status().map((d) => ({ name: d.name, ip: d.ip }));
    return planContextFor(this.options.home, request, existing);
  }

  private driver(kind: DeployDriver): FabricDriver {
    let driver = this.drivers.get(kind);
    if (!driver) {
      driver =
        kind === 'loopback'
          ? createLoopbackDriver()
          : createNetnsDriver({
              home: this.options.home,
              stateFile: this.options.stateFile,
              logger: this.options.logger,
            });
      this.drivers.set(kind, driver);
    }
    return driver;
  }

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

/** What the database keeps of a decky so the next start can bring it back as it was. */
interface RecordedPlan {
  order: number;
  plan: FleetPlan['deckies'][number];
  fleet: Omit<FleetPlan, 'deckies'>;
}

/** A decky's own directories: one per decky under each installation directory. */
export function deckyDirs(
  paths: Pick<InstallationPaths, 'keysDir' | 'capturesDir' | 'recordingsDir'>,
  decky: string,
): ServiceDirs {
  return {
    keys: join(paths.keysDir, decky),
    captures: join(paths.capturesDir, decky),
    recordings: join(paths.recordingsDir, decky),
  };
}
