import { LOOPBACK_DEFAULT_SUBNET } from './addresses.js';
import { netnsPlanContext } from './drivers/netns.js';
import type { DeployRequest, PlanContext } from './plan.js';
import { lowestBindablePort } from './ports.js';

/** What a plan needs to know about this machine for a request, given the deckies already running. */
export async function planContextFor(
  home: string,
  request: DeployRequest,
  existing: PlanContext['existing'],
): Promise<PlanContext> {
  if (request.driver === 'loopback') {
    return {
      defaultSubnet: LOOPBACK_DEFAULT_SUBNET,
      existing,
      lowestPort: lowestBindablePort(),
      hostAddress: null,
      gateway: null,
    };
  }
  return { ...(await netnsPlanContext(home, request)), existing };
}
