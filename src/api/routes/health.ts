import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../app.js';

/**
 * `GET /health`: the liveness probe, without a token. 200 once every role is up, 503 while starting,
 * degraded (a role failed) or stopping, with each component's state so an operator sees which.
 */
export function healthRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async (_request, reply) => {
      const health = deps.health();
      reply.code(health.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
      return { status: health.status, components: health.components };
    });
  };
}
