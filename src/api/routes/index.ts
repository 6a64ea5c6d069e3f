import { authRoutes } from './auth.js';
import type { RouteGroup } from './group.js';
import { healthRoutes } from './health.js';
import { userRoutes } from './users.js';

/** Every route group the API serves, in the order they are registered. */
export const ROUTE_GROUPS: readonly RouteGroup[] = [healthRoutes, authRoutes, userRoutes];
