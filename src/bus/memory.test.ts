import { describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock.js';
import { busConformance, captureLogger, Inbox, SteppingClock } from './conformance.js';
import { BUS_LIMITS } from './limits.js';
import { createMemoryBus, MemoryBroker } from './memory.js';

busConformance('memory', async () => {
  const clock = new SteppingClock();
  const logs = captureLogger();
  const broker = new MemoryBroker({ clock, logger: logs });
  return {
    a: broker.connect(),
    b: broker.connect(),
    logs,
    tick: () => clock.advanceToNextWake(),
  };
});

describe('memory bus', () => {
  it('drops the oldest events of a full durable backlog and counts them', async () => {
    const broker = new MemoryBroker({ clock: new ManualClock(), durableBacklogLimit: 3 });
    const bus = broker.connect();
    const sub = await bus.subscribe('job.*', () => {}, { durable: 'worker' });
    await sub.unsubscribe();
    for (let seq = 1; seq <= 5; seq++) await bus.publish('job.x', 'job', { seq });
    expect(bus.stats().durables.worker).toMatchObject({ backlog: 3, dropped: 2, attached: false });
    const inbox = new Inbox();
    await bus.subscribe('job.*', inbox.handler, { durable: 'worker' });
    await inbox.until(3);
    expect(inbox.seqs).toEqual([3, 4, 5]);
    expect(bus.stats().durables.worker).toMatchObject({ backlog: 0, dropped: 2, attached: true });
    await bus.close();
  });

  it('keeps durable state after every handle closed, for the life of the broker', async () => {
    const broker = new MemoryBroker({ clock: new ManualClock() });
    const first = broker.connect();
    await first.subscribe('a.b', () => {}, { durable: 'd' });
    await first.close();
    const second = broker.connect();
    await second.publish('a.b', 'x', { seq: 1 });
    const inbox = new Inbox();
    const third = broker.connect();
    await third.subscribe('a.b', inbox.handler, { durable: 'd' });
    await inbox.until(1);
    expect(inbox.seqs).toEqual([1]);
    await Promise.all([second.close(), third.close()]);
  });

  it('drops the oldest events of a slow ephemeral subscription and counts them', async () => {
    const logs = captureLogger();
    const bus = createMemoryBus({ clock: new ManualClock(), ephemeralQueueLimit: 2, logger: logs });
    const inbox = new Inbox();
    await bus.subscribe('e', inbox.handler);
    // Published in one synchronous burst: the handler cannot run in between.
    await Promise.all([1, 2, 3, 4].map((seq) => bus.publish('e', 'x', { seq })));
    await inbox.until(2);
    expect(inbox.seqs).toEqual([3, 4]);
    expect(bus.stats().ephemeralDropped).toBe(2);
    expect(logs.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    await bus.close();
  });

  it('counts given-up and redelivered events per durable', async () => {
    const clock = new ManualClock();
    const bus = createMemoryBus({ clock });
    const inbox = new Inbox();
    await bus.subscribe(
      'p',
      (e) => {
        inbox.handler(e);
        throw new Error('always');
      },
      { durable: 'p', maxDeliver: 2 },
    );
    await bus.publish('p', 'x', { seq: 1 });
    await inbox.until(1);
    await clock.untilSleeping();
    await clock.advance(BUS_LIMITS.redeliveryBaseMs);
    await inbox.until(2);
    expect(clock.sleepers).toBe(0);
    expect(bus.stats().durables.p).toMatchObject({ redelivered: 1, deadLettered: 1, backlog: 0 });
    await bus.close();
  });

  it('returns an event waiting for redelivery to the backlog when its handler detaches', async () => {
    const clock = new ManualClock();
    const bus = createMemoryBus({ clock });
    let calls = 0;
    const sub = await bus.subscribe(
      'r',
      () => {
        calls++;
        throw new Error('fail');
      },
      { durable: 'r' },
    );
    await bus.publish('r', 'x', { seq: 1 });
    await clock.untilSleeping();
    await sub.unsubscribe();
    expect(clock.sleepers).toBe(0);
    await new Promise<void>((r) => setImmediate(r));
    expect(bus.stats().durables.r).toMatchObject({ backlog: 1, attached: false });
    const inbox = new Inbox();
    await bus.subscribe('r', inbox.handler, { durable: 'r' });
    await inbox.until(1);
    expect(calls).toBe(1);
    await bus.close();
  });

  it('forgets a duplicate id once the de-duplication window has passed', async () => {
    const clock = new ManualClock();
    const bus = createMemoryBus({ clock });
    const inbox = new Inbox();
    await bus.subscribe('d', inbox.handler);
    await bus.publish('d', 'x', { seq: 1 }, { id: 'same' });
    await clock.advance(BUS_LIMITS.dedupWindowMs - 1);
    await bus.publish('d', 'x', { seq: 2 }, { id: 'same' });
    await clock.advance(1);
    await bus.publish('d', 'x', { seq: 3 }, { id: 'same' });
    await inbox.until(2);
    expect(inbox.seqs).toEqual([1, 3]);
    expect(bus.stats().duplicatesDropped).toBe(1);
    await bus.close();
  });

  it('never calls a handler inside publish', async () => {
    const bus = createMemoryBus({ clock: new ManualClock() });
    let called = false;
    await bus.subscribe('s', () => {
      called = true;
    });
    const pending = bus.publish('s', 'x', {});
    expect(called).toBe(false);
    await pending;
    await bus.close();
  });

  it('gives each subscriber its own JSON copy of the payload', async () => {
    const bus = createMemoryBus({ clock: new ManualClock() });
    const first = new Inbox();
    const second = new Inbox();
    await bus.subscribe('c', (e) => {
      (e.payload as { list: number[] }).list.push(99);
      first.handler(e);
    });
    await bus.subscribe('c', second.handler);
    const when = new Date(Date.UTC(2026, 0, 1));
    await bus.publish('c', 'x', { list: [1], when });
    await first.until(1);
    await second.until(1);
    expect(second.events[0]?.payload).toEqual({ list: [1], when: when.toISOString() });
    await bus.close();
  });

  it('reports kind memory', () => {
    expect(createMemoryBus().kind).toBe('memory');
  });
});
