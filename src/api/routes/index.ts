import { attackerDetailRoutes } from './attacker-detail.js';
import { attackerRoutes } from './attackers.js';
import { authRoutes } from './auth.js';
import { bountyRoutes } from './bounties.js';
import { catalogueRoutes } from './catalogue.js';
import { credentialRoutes } from './credentials.js';
import { deckyRoutes } from './deckies.js';
import type { RouteGroup } from './group.js';
import { healthRoutes } from './health.js';
import { logRoutes } from './logs.js';
import { statsRoutes } from './stats.js';
import { streamRoutes } from './stream.js';
import { userRoutes } from './users.js';
import { workerRoutes } from './workers.js';

/** Every route group the API serves, in the order they are registered. */
export const ROUTE_GROUPS: readonly RouteGroup[] = [
  healthRoutes,
  authRoutes,
  userRoutes,
  attackerRoutes,
  attackerDetailRoutes,
  streamRoutes,
  logRoutes,
  statsRoutes,
  credentialRoutes,
  bountyRoutes,
  deckyRoutes,
  catalogueRoutes,
  workerRoutes,
];
