import { ControlClient } from '../control/client.js';
import { ControlError } from '../control/protocol.js';
import type { DeckyStatus, DeployProgress } from '../fabric/fabric.js';
import type { DeployRequest, FleetPlan } from '../fabric/plan.js';
import { PlanError } from '../fabric/plan.js';
import type { FabricRole } from '../fabric/role.js';
import type { FleetControl } from './deps.js';
import { ApiError } from './errors.js';

/** The fleet of this very process (`decnet up`): calls go straight to the fabric role. */
export function inProcessFleet(fabric: () => FabricRole | null): FleetControl {
  const role = (): FabricRole => {
    const found = fabric();
    if (!found) throw new ApiError(503, 'starting', 'the fabric is still starting; try again in a moment');
    return found;
  };
  return {
    plan: (request) => translated(() => role().plan(request)),
    deploy: (request) => translated(() => role().deploy(request)),
    teardown: (names) => translated(() => role().teardown(names)),
    addService: (decky, service, config) => translated(() => role().addService(decky, service, config)),
    configureService: (decky, service, config) =>
      translated(() => role().configureService(decky, service, config)),
    removeService: (decky, service) => translated(() => role().removeService(decky, service)),
    setTarpit: (decky, enabled, delayMs) =>
      translated(async () => role().running.setTarpit(decky, enabled, delayMs)),
    status: async () => role().status(),
    progress: async () => role().running.progress,
  };
}

/**
 * The fleet of the instance running on the same DECNET_HOME, reached over its control socket
 * (`decnet api` runs without deckies of its own). One connection per call: calls are rare.
 */
export function controlFleet(socketPath: string): FleetControl {
  const call = async <T>(method: string, params: unknown = {}): Promise<T> => {
    const client = await translated(() => ControlClient.connect(socketPath));
    if (!client) {
      throw new ApiError(
        503,
        'no_instance',
        'no DECNET instance runs on this DECNET_HOME; start one with `decnet up`',
      );
    }
    try {
      return await translated(() => client.call<T>(method, params));
    } finally {
      client.close();
    }
  };
  return {
    plan: (request: DeployRequest) => call<FleetPlan>('fabric.plan', request),
    deploy: (request: DeployRequest) =>
      call<{ plan: FleetPlan; deckies: DeckyStatus[] }>('fabric.deploy', request),
    teardown: (names) => call<{ removed: string[]; unknown: string[] }>('fabric.teardown', { names }),
    addService: (decky, service, config) =>
      call<DeckyStatus>('fabric.service.add', { decky, service, config: config ?? null }),
    configureService: (decky, service, config) =>
      call<DeckyStatus>('fabric.service.configure', { decky, service, config }),
    removeService: (decky, service) => call<DeckyStatus>('fabric.service.remove', { decky, service }),
    setTarpit: (decky, enabled, delayMs) =>
      call<DeckyStatus>('fabric.tarpit', { decky, enabled, delay_ms: delayMs }),
    status: () => call<DeckyStatus[]>('fabric.status'),
    progress: () => call<DeployProgress | null>('fabric.progress'),
  };
}

/** Fleet failures as API errors: a refused plan is the caller's (422), a starting instance 503. */
async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof PlanError) throw new ApiError(422, 'invalid_plan', err.message);
    if (err instanceof ControlError) {
      if (err.code === 'invalid_plan') throw new ApiError(422, 'invalid_plan', err.message);
      if (err.code === 'not_ready') throw new ApiError(503, 'starting', err.message);
      throw new ApiError(502, 'instance_failed', `the DECNET instance failed: ${err.message}`);
    }
    throw new ApiError(502, 'fleet_failed', `the fabric failed: ${(err as Error).message}`);
  }
}
