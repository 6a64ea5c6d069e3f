import { hostname } from 'node:os';
import { buildApi } from '../api/app.js';
import { Authenticator, type FirstAdmin } from '../api/auth/authenticator.js';
import { loadJwtSecret } from '../api/auth/jwt-secret.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { controlFleet, inProcessFleet } from '../api/fleet.js';
import { ApiRole } from '../api/role.js';
import type { Bus } from '../bus/bus.js';
import { createBus } from '../bus/factory.js';
import { describeBusTarget, describeDbTarget, paths, type Settings } from '../config/settings.js';
import { ControlError } from '../control/protocol.js';
import { ControlServer } from '../control/server.js';
import type { Database } from '../db/connection.js';
import { createEmitter, type Emit } from '../events/emitter.js';
import type { DeckyStatus } from '../fabric/fabric.js';
import type { DeployRequest } from '../fabric/plan.js';
import { FabricRole } from '../fabric/role.js';
import { NO_TRUSTED_PROXIES } from '../ingest/bounties/index.js';
import { appendImport, beginImport, waitForImport } from '../ingest/handover.js';
import { IngestRole } from '../ingest/role.js';
import { SpoolWriter } from '../ingest/spool/writer.js';
import { systemClock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Supervisor } from '../runtime/supervisor.js';
import type { ServiceValues } from '../services/service.js';
import { installationId, openMigrated } from './context.js';
import { VERSION } from './version.js';

/** What the roles of one process share once they have started. */
interface Infra {
  database: Database | null;
  bus: Bus | null;
  spool: SpoolWriter | null;
  ingest: IngestRole | null;
  fabric: FabricRole | null;
}

export interface InstanceOptions {
  /** `up` runs every role; `api` storage, bus and the API; `ingest` storage, bus and the ingester. */
  mode: 'up' | 'api' | 'ingest';
  host: string;
  port: number;
  /** `up`: what to deploy at start; null restores the last fleet or deploys the default one. */
  initialDeploy?: DeployRequest | null;
}

export interface Instance {
  supervisor: Supervisor;
  /** The API URL, once listening (`up` and `api`). */
  apiUrl(): string | null;
  /** The first administrator, when this start created it (shown once, with a generated password). */
  firstAdmin(): FirstAdmin | null;
  /** The deckies running (`up` only). */
  deckies(): DeckyStatus[];
  stop(): Promise<void>;
}

/** The spool cursor of this installation: several installations may share one PostgreSQL. */
export function spoolCursorKey(home: string): string {
  return `ingest.spool:${installationId(home)}`;
}

/**
 * Builds the roles of a DECNET process in start order. The API listens first so health answers 503
 * while the rest start; the control socket comes next so `decnet status` works during start-up.
 */
export function buildInstance(settings: Settings, log: Logger, opts: InstanceOptions): Instance {
  const supervisor = new Supervisor(log);
  const infra: Infra = { database: null, bus: null, spool: null, ingest: null, fabric: null };
  const clock = systemClock;
  const home = paths(settings);
  const startedMs = clock.now();
  const startedAt = new Date(startedMs).toISOString();
  let emit: Emit | null = null;
  let api: ApiRole | null = null;
  let auth: Authenticator | null = null;
  let firstAdmin: FirstAdmin | null = null;

  if (opts.mode !== 'ingest') {
    auth = new Authenticator({
      clock,
      database: () => infra.database ?? starting('the database'),
      jwtKey: loadJwtSecret(home.jwtKeyFile, process.env.DECNET_JWT_SECRET),
      tokenTtlS: settings.api.tokenTtlS,
    });
    // Under `up` the fabric is in this process; `decnet api` reaches the instance running on this home.
    const fleet =
      opts.mode === 'up'
        ? inProcessFleet(() => (infra.spool ? infra.fabric : null))
        : controlFleet(home.controlSocket);
    const deps: ApiDeps = {
      clock,
      logger: log,
      health: () => supervisor.health(),
      database: () => infra.database ?? starting('the database'),
      bus: () => infra.bus ?? starting('the bus'),
      auth,
      fleet: () => fleet,
      files: home,
      corsOrigins: settings.api.corsOrigins,
    };
    api = new ApiRole(() => buildApi(deps), { host: opts.host, port: opts.port });
    supervisor.add(api);
  }

  if (opts.mode === 'up') {
    const control = new ControlServer(home.controlSocket, log);
    control.handle('status', async () => ({
      pid: process.pid,
      version: VERSION,
      home: settings.home,
      started_at: startedAt,
      database: describeDbTarget(settings.dbUrl),
      bus: describeBusTarget(settings.busUrl),
      api_url: api?.url ?? null,
      health: supervisor.health(),
      spool: infra.spool ? { appended: infra.spool.appended } : null,
      deckies: infra.fabric?.status() ?? [],
      ingest: infra.ingest
        ? {
            committed: infra.ingest.committedPosition,
            totals: infra.ingest.totals,
            published: infra.ingest.relay.published,
          }
        : null,
    }));
    control.handle('ingest.import.begin', async (params) => beginImport(ready(infra).database, params));
    control.handle('ingest.append', async (params) => {
      const { database, spool } = ready(infra);
      return appendImport(database, spool, params, clock.now());
    });
    control.handle('ingest.wait', async (params) =>
      waitForImport(ready(infra).ingest, params, supervisor.tasks.signal),
    );
    control.handle('fabric.plan', async (params) => fabric().plan(params as DeployRequest));
    control.handle('fabric.deploy', async (params) => fabric().deploy(params as DeployRequest));
    control.handle('fabric.progress', async () => fabric().running.progress);
    control.handle('fabric.status', async () => fabric().running.status());
    control.handle('fabric.teardown', async (params) =>
      fabric().teardown((params as { names?: string[] | null }).names ?? null),
    );
    control.handle('fabric.service.add', async (params) => {
      const { decky, service, config } = params as { decky: unknown; service: unknown; config?: unknown };
      return fabric().addService(String(decky), String(service), serviceValuesParam(config));
    });
    control.handle('fabric.service.configure', async (params) => {
      const { decky, service, config } = params as { decky: unknown; service: unknown; config?: unknown };
      return fabric().configureService(String(decky), String(service), serviceValuesParam(config) ?? {});
    });
    control.handle('fabric.service.remove', async (params) => {
      const { decky, service } = params as { decky: unknown; service: unknown };
      return fabric().removeService(String(decky), String(service));
    });
    control.handle('fabric.tarpit', async (params) => {
      const { decky, enabled, delay_ms } = params as { decky: string; enabled: boolean; delay_ms: number };
      return fabric().running.setTarpit(String(decky), enabled === true, Number(delay_ms));
    });
    supervisor.add({
      name: 'control',
      start: () => control.listen(),
      stop: () => control.close(),
    });
  }

  supervisor.add({
    name: 'storage',
    async start(ctx) {
      infra.database = await openMigrated(ctx.logger, supervisor.tasks.signal);
      ctx.logger.info({ database: describeDbTarget(settings.dbUrl) }, 'database ready');
    },
    async stop() {
      await infra.database?.close();
    },
  });

  supervisor.add({
    name: 'bus',
    async start(ctx) {
      const target = settings.busUrl;
      infra.bus = await createBus(target.kind === 'memory' ? undefined : target.servers.join(','), {
        clock,
        logger: ctx.logger,
        signal: supervisor.tasks.signal,
        namespace: settings.busNamespace,
      });
    },
    async stop() {
      await infra.bus?.close();
    },
  });

  if (auth) {
    const accounts = auth;
    supervisor.add({
      name: 'accounts',
      async start() {
        firstAdmin = await accounts.ensureFirstAdmin(
          settings.api.adminUser,
          process.env.DECNET_ADMIN_PASSWORD,
        );
      },
    });
  }

  if (opts.mode === 'up') {
    supervisor.add({
      name: 'spool',
      async start(ctx) {
        const spool = await SpoolWriter.open(home.spoolDir, {
          segmentBytes: settings.spool.segmentBytes,
          fsyncMs: settings.spool.fsyncMs,
          clock,
          logger: ctx.logger,
        });
        infra.spool = spool;
        emit = createEmitter({ sink: spool, clock, decky: hostname(), service: 'decnet' });
        emit('instance_started', {
          version: VERSION,
          pid: process.pid,
          roles: supervisor.roleNames.join(','),
        });
        ctx.tasks.spawn('spool:flush', (signal) => spool.run(signal));
      },
      async stop() {
        emit?.('instance_stopped', { pid: process.pid, uptime_s: (clock.now() - startedMs) / 1000 });
        await infra.spool?.close();
      },
    });
  }

  if (opts.mode !== 'api')
    supervisor.add({
      name: 'ingest',
      async start(ctx) {
        const role = new IngestRole({
          database: infra.database!,
          bus: infra.bus!,
          clock,
          logger: ctx.logger,
          spoolDir: home.spoolDir,
          cursorKey: spoolCursorKey(settings.home),
          batchSize: settings.ingest.batchSize,
          batchMaxWaitMs: settings.ingest.batchMaxWaitMs,
          keepSegments: settings.spool.keepSegments,
          trustedProxies: NO_TRUSTED_PROXIES,
        });
        infra.ingest = role;
        // Its thread stops with its tasks, before any role stops.
        await role.start(ctx);
      },
    });

  if (opts.mode === 'up') {
    infra.fabric = new FabricRole({
      home: settings.home,
      dirs: home,
      stateFile: home.stateFile,
      clock,
      logger: log,
      sink: () => infra.spool!,
      database: () => infra.database!,
      initial: opts.initialDeploy ?? null,
    });
    supervisor.add(infra.fabric);
  }

  const fabric = (): FabricRole => {
    if (!infra.fabric || !infra.spool)
      throw new ControlError('not_ready', 'the DECNET instance is still starting; try again in a moment');
    return infra.fabric;
  };

  return {
    supervisor,
    apiUrl: () => api?.url ?? null,
    firstAdmin: () => firstAdmin,
    deckies: () => infra.fabric?.status() ?? [],
    stop: () => supervisor.stop(),
  };
}

function starting(what: string): never {
  throw new ApiError(503, 'starting', `${what} is still starting; try again in a moment`);
}

function ready(infra: Infra): { spool: SpoolWriter; database: Database; ingest: IngestRole } {
  if (!infra.spool || !infra.database || !infra.ingest) {
    throw new ControlError('not_ready', 'the DECNET instance is still starting; try again in a moment');
  }
  return { spool: infra.spool, database: infra.database, ingest: infra.ingest };
}

/**
 * Service config values as they come over the control channel: an object or nothing. The fabric
 * coerces them against the service's fields, so a wrong value is refused there with its key.
 */
function serviceValuesParam(config: unknown): ServiceValues | null {
  if (config === undefined || config === null) return null;
  if (typeof config !== 'object' || Array.isArray(config))
    throw new ControlError('invalid_plan', 'config must be an object of setting → value');
  return config as ServiceValues;
}
