import { afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test/support/api.js';
import type { Health } from '../../runtime/supervisor.js';
import { workersOf } from './workers.js';

describe('workers route', () => {
  let api: TestApi | null = null;
  afterEach(async () => {
    await api?.close();
    api = null;
  });

  const health: Health = {
    status: 'degraded',
    components: {
      api: { state: 'up' },
      fabric: { state: 'up' },
      ingest: { state: 'failed', detail: 'ingest:tail: disk full' },
    },
    tasks: [
      { name: 'ingest:tail', state: 'failed', error: 'disk full' },
      { name: 'fabric:tarpit-sweep', state: 'running' },
      { name: 'ingest:relay', state: 'running' },
    ],
  };

  it('shows each role with its state and the tasks it owns, and the bus kind', async () => {
    api = await startTestApi({ health: () => health });
    const res = await api.app.inject({
      method: 'GET',
      url: '/api/v1/workers',
      headers: { authorization: `Bearer ${await api.viewerToken()}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'degraded',
      bus: { kind: 'memory' },
      workers: [
        { name: 'api', state: 'up', tasks: [] },
        { name: 'fabric', state: 'up', tasks: [{ name: 'fabric:tarpit-sweep', state: 'running' }] },
        {
          name: 'ingest',
          state: 'failed',
          detail: 'ingest:tail: disk full',
          tasks: [
            { name: 'ingest:tail', state: 'failed', error: 'disk full' },
            { name: 'ingest:relay', state: 'running' },
          ],
        },
      ],
    });
  });

  it('answers 401 without a token', async () => {
    api = await startTestApi({ health: () => health });
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/workers' })).statusCode).toBe(401);
  });

  it('puts a task whose owner is no role under its owner with no state', () => {
    expect(workersOf({}, [{ name: 'orphan:loop', state: 'running' }])).toEqual([
      { name: 'orphan', state: null, tasks: [{ name: 'orphan:loop', state: 'running' }] },
    ]);
  });
});
