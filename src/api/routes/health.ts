import { z } from 'zod';
import { optionalPrincipal } from '../access.js';
import { ERROR_RESPONSES } from '../errors.js';
import type { RouteGroup } from './group.js';

const ComponentHealth = z.object({
  state: z.enum(['starting', 'up', 'failed', 'stopping', 'stopped']),
  detail: z.string().optional(),
});

const TaskInfo = z.object({
  name: z.string(),
  state: z.string(),
  error: z.string().optional(),
});

const HealthBody = z.object({
  status: z.enum(['starting', 'ok', 'degraded', 'stopping']),
  components: z.record(z.string(), ComponentHealth).optional().describe('With a token only'),
  tasks: z.array(TaskInfo).optional().describe('Background tasks and their state; with a token only'),
});

/**
 * `GET /health`: the liveness probe. Without a token it says only the overall state (200 once every
 * role is up, 503 while starting, degraded or stopping); a logged-in user also sees each component and
 * every background task, which would tell an outsider too much about the installation.
 */
export const healthRoutes: RouteGroup = (deps) => async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Liveness and, with a token, the state of every component and background task',
        tags: ['system'],
        response: { 200: HealthBody, 503: HealthBody, 401: ERROR_RESPONSES[401] },
      },
    },
    async (request, reply) => {
      const principal = await optionalPrincipal(request, deps.auth);
      const health = deps.health();
      reply.code(health.status === 'ok' ? 200 : 503);
      if (!principal) return { status: health.status };
      return { status: health.status, components: health.components, tasks: health.tasks };
    },
  );
};
