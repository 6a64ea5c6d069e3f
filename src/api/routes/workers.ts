import { z } from 'zod';
import type { Bus } from '../../bus/bus.js';
import type { TaskInfo } from '../../runtime/tasks.js';
import { ApiError, ERROR_RESPONSES } from '../errors.js';
import type { RouteGroup } from './group.js';

const Task = z.object({
  name: z.string().describe('`<role>:<task>`'),
  state: z.enum(['running', 'finished', 'failed', 'cancelled']),
  error: z.string().optional(),
});

const Worker = z
  .object({
    name: z.string().describe('The role: fabric, ingest, api, storage, bus, …'),
    state: z
      .enum(['starting', 'up', 'failed', 'stopping', 'stopped'])
      .nullable()
      .describe('null: tasks whose owner is not a role of this process'),
    detail: z.string().optional(),
    tasks: z.array(Task).describe('The background tasks this role owns'),
  })
  .meta({ id: 'Worker' });

const WorkersBody = z.object({
  status: z.enum(['starting', 'ok', 'degraded', 'stopping']),
  bus: z.object({
    kind: z.enum(['memory', 'nats']).nullable().describe('null while the bus is still starting'),
  }),
  workers: z.array(Worker),
});

/**
 * `GET /workers` (reference: heartbeat snapshot, installed units and bus status). Every role runs in
 * this process under one supervisor, so the snapshot is the supervisor's own view: each role's state
 * and the background tasks it owns (task names are `<role>:<task>`). There are no systemd units to
 * start or stop, hence no start/stop routes.
 */
export const workerRoutes: RouteGroup = (deps) => async (app) => {
  app.get(
    '/workers',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The roles of this process, their state and their background tasks, and the bus kind',
        tags: ['system'],
        response: { 200: WorkersBody, ...ERROR_RESPONSES },
      },
    },
    async () => {
      const health = deps.health();
      return {
        status: health.status,
        bus: { kind: busKind(() => deps.bus()) },
        workers: workersOf(health.components, health.tasks),
      };
    },
  );
};

/** Roles in start order with their tasks; tasks of an owner that is no role come last, under it. */
export function workersOf(
  components: Readonly<Record<string, { state: z.infer<typeof Worker>['state']; detail?: string }>>,
  tasks: readonly TaskInfo[],
): z.infer<typeof Worker>[] {
  const workers = new Map<string, z.infer<typeof Worker>>();
  for (const [name, health] of Object.entries(components)) {
    workers.set(name, {
      name,
      state: health.state,
      ...(health.detail !== undefined ? { detail: health.detail } : {}),
      tasks: [],
    });
  }
  for (const task of tasks) {
    const owner = task.name.split(':', 1)[0]!;
    let worker = workers.get(owner);
    if (!worker) {
      worker = { name: owner, state: null, tasks: [] };
      workers.set(owner, worker);
    }
    worker.tasks.push({
      name: task.name,
      state: task.state,
      ...(task.error !== undefined ? { error: task.error } : {}),
    });
  }
  return [...workers.values()];
}

function busKind(bus: () => Bus): Bus['kind'] | null {
  try {
    return bus().kind;
  } catch (err) {
    if (err instanceof ApiError) return null;
    throw err;
  }
}
