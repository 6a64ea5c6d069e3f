import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps.js';

/** One family of routes (STYLE.md: one file per route group), built over the API's dependencies. */
export type RouteGroup = (deps: ApiDeps) => FastifyPluginAsyncZod;
