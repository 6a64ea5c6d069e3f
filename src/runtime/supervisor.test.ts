import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { silentLogger } from './logger.js';
import { type Role, Supervisor } from './supervisor.js';

function loopRole(name: string, clock: ManualClock, log: string[]): Role {
  return {
    name,
    async start(ctx) {
      log.push(`start ${name}`);
      ctx.tasks.spawn(`${name}:loop`, async (signal) => {
        for (;;) await clock.sleep(1000, signal);
      });
    },
    async stop() {
      log.push(`stop ${name}`);
    },
  };
}

describe('Supervisor', () => {
  it('starts roles in order, reports ok, and stops them in reverse after cancelling every task', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const sup = new Supervisor(silentLogger)
      .add(loopRole('ingest', clock, log))
      .add(loopRole('api', clock, log));
    expect(sup.health().status).toBe('starting');
    await sup.start();
    expect(sup.health().status).toBe('ok');
    await clock.untilSleeping(2);
    await sup.stop();
    expect(log).toEqual(['start ingest', 'start api', 'stop api', 'stop ingest']);
    expect(sup.health().tasks.map((t) => t.state)).toEqual(['cancelled', 'cancelled']);
    expect(clock.sleepers).toBe(0);
  });

  it('a role that fails to start stops those already started and surfaces the error', async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    const sup = new Supervisor(silentLogger)
      .add(loopRole('ingest', clock, log))
      .add({ name: 'api', start: async () => Promise.reject(new Error('port 8000 is in use')) });
    await expect(sup.start()).rejects.toThrow('port 8000 is in use');
    expect(log).toEqual(['start ingest', 'stop ingest']);
    expect(sup.health().components.api).toEqual({ state: 'failed', detail: 'port 8000 is in use' });
  });

  it('a crashed background task marks its role failed and the process degraded', async () => {
    const sup = new Supervisor(silentLogger).add({
      name: 'ingest',
      async start(ctx) {
        ctx.tasks.spawn('ingest:tail', async () => {
          throw new Error('disk on fire');
        });
      },
    });
    await sup.start();
    await new Promise((r) => setImmediate(r));
    expect(sup.health().status).toBe('degraded');
    expect(sup.health().components.ingest!.detail).toContain('disk on fire');
    await sup.stop();
  });

  it('a role with deferred readiness keeps the process starting until it reports up', async () => {
    let report: ((s: 'up') => void) | null = null;
    const sup = new Supervisor(silentLogger)
      .add({
        name: 'fabric',
        async start(ctx) {
          report = ctx.report;
        },
      })
      .defersReadiness('fabric');
    await sup.start();
    expect(sup.health().status).toBe('starting');
    report!('up');
    expect(sup.health().status).toBe('ok');
    await sup.stop();
  });
});
