import Fastify, { type FastifyInstance } from 'fastify';
import type { Health } from '../runtime/supervisor.js';
import { healthRoutes } from './routes/health.js';

export interface ApiDeps {
  health(): Health;
}

export const API_PREFIX = '/api/v1';

/** Request bodies above this are refused before they are read (the API takes JSON, not uploads). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The HTTP application. Fastify logs nothing of its own here: requests can carry attacker-influenced
 * strings and tokens, and operator logs stay free of both.
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, return503OnClosing: true });
  app.register(healthRoutes(deps), { prefix: API_PREFIX });
  return app;
}
