import type { Bus } from '../bus/bus.js';
import type { InstallationPaths } from '../config/paths.js';
import type { Database } from '../db/connection.js';
import type { DeckyStatus, DeployProgress } from '../fabric/fabric.js';
import type { DeployRequest, FleetPlan } from '../fabric/plan.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Health } from '../runtime/supervisor.js';
import type { ServiceValues } from '../services/service.js';
import type { Authenticator } from './auth/authenticator.js';

/**
 * What deploys and tears down deckies, seen from the API: the fabric role itself under `decnet up`,
 * the running instance's control channel under `decnet api`. Null: nothing to reach (503).
 */
export interface FleetControl {
  plan(request: DeployRequest): Promise<FleetPlan>;
  deploy(request: DeployRequest): Promise<{ plan: FleetPlan; deckies: DeckyStatus[] }>;
  teardown(names: readonly string[] | null): Promise<{ removed: string[]; unknown: string[] }>;
  addService(decky: string, service: string, config?: ServiceValues | null): Promise<DeckyStatus>;
  /** Restarts a running service with new (already coerced) config values. */
  configureService(decky: string, service: string, config: ServiceValues): Promise<DeckyStatus>;
  removeService(decky: string, service: string): Promise<DeckyStatus>;
  /** Turns a decky's tarpit on (every write waits `delayMs`) or off. */
  setTarpit(decky: string, enabled: boolean, delayMs: number): Promise<DeckyStatus>;
  status(): Promise<DeckyStatus[]>;
  progress(): Promise<DeployProgress | null>;
}

/**
 * Everything the API reads from or acts on. Accessors throw `ApiError(503)` while the part they give
 * is still starting, so a request during start-up gets a clear answer instead of a crash.
 */
export interface ApiDeps {
  clock: Clock;
  logger: Logger;
  health(): Health;
  database(): Database;
  bus(): Bus;
  auth: Authenticator;
  fleet(): FleetControl;
  /** Where captured files and session recordings are kept (served as downloads, never executed). */
  files: Pick<InstallationPaths, 'capturesDir' | 'recordingsDir'>;
  /** Browser origins allowed cross-origin; empty: CORS stays closed. */
  corsOrigins: readonly string[];
}
