/**
 * The in-process bus: `decnet up` runs every role in one process on it. A `MemoryBroker` holds the state
 * (subscriptions, durables, de-duplication); `broker.connect()` gives a bus handle onto it, the way a
 * second NATS connection reaches the same server. Semantics are those written down in `bus.ts`.
 *
 * Durable state lives in the broker for the broker's lifetime: a bounded backlog per durable name
 * (oldest dropped and counted on overflow), filled by every matching publish whether or not a handler is
 * attached. Redelivery waits on the injected clock, so tests drive it by hand.
 */

import { type Clock, systemClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import {
  assertDurableName,
  type Bus,
  BusClosedError,
  BusError,
  type BusHandler,
  type BusLogger,
  encodePublish,
  formatDuration,
  newEventId,
  type PublishOptions,
  redeliveryDelayMs,
  resolveMaxDeliver,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
import type { BusEvent, EncodedEvent } from './envelope.js';
import { BUS_LIMITS } from './limits.js';
import { BoundedQueue } from './queue.js';
import { assertPattern, SubjectIndex } from './subject.js';

export interface MemoryBrokerOptions {
  clock?: Clock;
  /** Broker-level events (a durable dropping events while detached). Handles log through their own. */
  logger?: BusLogger;
  durableBacklogLimit?: number;
  ephemeralQueueLimit?: number;
  /** First redelivery delay; doubles per attempt. */
  redeliveryBaseMs?: number;
  dedupWindowMs?: number;
  /** Id generator for events published without an id. */
  newId?: () => string;
}

export interface MemoryConnectOptions {
  logger?: BusLogger;
}

export interface DurableStats {
  pattern: string;
  /** Events waiting (not yet handed to a handler). */
  backlog: number;
  attached: boolean;
  /** Events dropped because the backlog was full. */
  dropped: number;
  /** Failed deliveries scheduled for another try. */
  redelivered: number;
  /** Events given up after `maxDeliver` failed deliveries. */
  deadLettered: number;
}

export interface MemoryBusStats {
  ephemeralSubscriptions: number;
  ephemeralDropped: number;
  duplicatesDropped: number;
  durables: Record<string, DurableStats>;
}

/** One event queued for one subscription; `deliveries` counts handler calls for it there. */
interface Delivery {
  readonly topic: string;
  readonly id: string;
  readonly json: string;
  deliveries: number;
}

interface Target {
  enqueue(delivery: Delivery): void;
}

export class MemoryBroker {
  readonly clock: Clock;
  readonly logger: BusLogger;
  readonly redeliveryBaseMs: number;
  readonly ephemeralQueueLimit: number;
  readonly newId: () => string;
  private readonly durableBacklogLimit: number;
  private readonly dedupWindowMs: number;
  private readonly index = new SubjectIndex<Target>();
  private readonly durables = new Map<string, DurableState>();
  private readonly ephemerals = new Set<EphemeralSubscription>();
  /** Event id → time (ms) it may be published again. Insertion order is expiry order. */
  private readonly recentIds = new Map<string, number>();
  private counters = { ephemeralDropped: 0, duplicatesDropped: 0 };

  constructor(opts: MemoryBrokerOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.redeliveryBaseMs = opts.redeliveryBaseMs ?? BUS_LIMITS.redeliveryBaseMs;
    this.ephemeralQueueLimit = opts.ephemeralQueueLimit ?? BUS_LIMITS.ephemeralQueueLimit;
    this.durableBacklogLimit = opts.durableBacklogLimit ?? BUS_LIMITS.durableBacklogLimit;
    this.dedupWindowMs = opts.dedupWindowMs ?? BUS_LIMITS.dedupWindowMs;
    this.newId = opts.newId ?? newEventId;
  }

  /** A bus handle onto this broker. Handles share subscriptions' events and durable state. */
  connect(opts: MemoryConnectOptions = {}): MemoryBus {
    return new MemoryBus(this, opts.logger ?? this.logger);
  }

  stats(): MemoryBusStats {
    const durables: Record<string, DurableStats> = {};
    for (const [name, state] of this.durables) durables[name] = state.stats();
    return {
      ephemeralSubscriptions: this.ephemerals.size,
      ephemeralDropped: this.counters.ephemeralDropped,
      duplicatesDropped: this.counters.duplicatesDropped,
      durables,
    };
  }

  /** Queues an encoded event for every matching subscription. False when it was a duplicate id. */
  accept(encoded: EncodedEvent<object>): boolean {
    const { id, topic } = encoded.event;
    if (this.isDuplicate(id)) {
      this.counters.duplicatesDropped++;
      return false;
    }
    for (const target of this.index.match(topic)) {
      target.enqueue({ topic, id, json: encoded.json, deliveries: 0 });
    }
    return true;
  }

  addEphemeral(pattern: string, handler: BusHandler, owner: MemoryBus): EphemeralSubscription {
    const sub = new EphemeralSubscription(this, pattern, handler, owner.logger, () => {
      this.index.delete(pattern, sub);
      this.ephemerals.delete(sub);
    });
    this.index.add(pattern, sub);
    this.ephemerals.add(sub);
    return sub;
  }

  attachDurable(
    name: string,
    pattern: string,
    handler: BusHandler,
    owner: MemoryBus,
    maxDeliver: number,
  ): DurableSubscription {
    let state = this.durables.get(name);
    if (state && state.pattern !== pattern) {
      throw new BusError(
        `durable "${name}" already exists with pattern "${state.pattern}", not "${pattern}"; ` +
          `subscribe with its pattern, or deleteDurable("${name}") first`,
      );
    }
    if (state?.attachment) {
      throw new BusError(
        `durable "${name}" already has a handler attached; unsubscribe it before attaching another`,
      );
    }
    if (!state) {
      state = new DurableState(name, pattern, this.durableBacklogLimit, this.logger);
      this.durables.set(name, state);
      this.index.add(pattern, state);
    }
    const sub = new DurableSubscription(this, state, handler, owner.logger, maxDeliver);
    state.attachment = sub;
    sub.schedule();
    return sub;
  }

  deleteDurable(name: string): boolean {
    const state = this.durables.get(name);
    if (!state) return false;
    state.attachment?.stop();
    state.deleted = true;
    state.backlog.clear();
    this.index.delete(state.pattern, state);
    this.durables.delete(name);
    return true;
  }

  noteEphemeralDrop(): void {
    this.counters.ephemeralDropped++;
  }

  private isDuplicate(id: string): boolean {
    const now = this.clock.now();
    for (const [seen, until] of this.recentIds) {
      if (until > now && this.recentIds.size <= BUS_LIMITS.dedupMaxIds) break;
      this.recentIds.delete(seen);
    }
    const until = this.recentIds.get(id);
    if (until !== undefined && until > now) return true;
    this.recentIds.delete(id);
    this.recentIds.set(id, now + this.dedupWindowMs);
    return false;
  }
}

/** What a handler call ended with: `HANDLED`, or what it threw. */
const HANDLED = Symbol('handled');
type Outcome = typeof HANDLED | { error: unknown };

/**
 * Calls a handler and reports the outcome, synchronously when the handler is synchronous: a bus whose
 * handlers are quick then keeps up with a publisher in a tight loop, instead of spending a few microtask
 * turns per event and falling behind into the drop-oldest bounds.
 */
function invoke(handler: BusHandler, event: BusEvent): Outcome | PromiseLike<Outcome> {
  const failed = (err: unknown): Outcome => ({ error: err ?? new Error('handler threw a nullish value') });
  try {
    const result = handler(event) as unknown;
    if (
      result !== null &&
      typeof result === 'object' &&
      typeof (result as PromiseLike<void>).then === 'function'
    ) {
      return (result as PromiseLike<void>).then(() => HANDLED, failed);
    }
    return HANDLED;
  } catch (err) {
    return failed(err);
  }
}

function isPending(outcome: Outcome | PromiseLike<Outcome>): outcome is PromiseLike<Outcome> {
  return outcome !== HANDLED && 'then' in outcome;
}

/** Drains a queue into a handler one event at a time; the first call is never inside `publish`. */
abstract class Pump {
  protected stopped = false;
  private active = false;
  /** The drain loop in progress, if any: `close()` waits on it. */
  current: Promise<void> | null = null;

  schedule(): void {
    if (this.active || this.stopped) return;
    this.active = true;
    this.current = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      await undefined;
      // `next()` and the exit below run in one synchronous step, so an event queued after the loop saw
      // an empty queue finds `active` false and schedules a new drain.
      for (let delivery = this.next(); delivery; delivery = this.next()) {
        const outcome = invoke(this.handler, this.prepare(delivery));
        this.settled(delivery, isPending(outcome) ? await outcome : outcome);
      }
    } finally {
      this.active = false;
    }
  }

  protected abstract readonly handler: BusHandler;
  protected abstract next(): Delivery | undefined;
  /** Counts the delivery and decodes the event for the handler (a fresh copy per subscriber). */
  protected prepare(delivery: Delivery): BusEvent {
    return JSON.parse(delivery.json) as BusEvent;
  }
  protected abstract settled(delivery: Delivery, outcome: Outcome): void;
}

class EphemeralSubscription extends Pump implements Subscription, Target {
  readonly durable = undefined;
  private readonly queue: BoundedQueue<Delivery>;
  private dropped = 0;

  constructor(
    private readonly broker: MemoryBroker,
    readonly pattern: string,
    protected readonly handler: BusHandler,
    private readonly logger: BusLogger,
    private readonly detach: () => void,
  ) {
    super();
    this.queue = new BoundedQueue(broker.ephemeralQueueLimit);
  }

  enqueue(delivery: Delivery): void {
    if (this.stopped) return;
    if (this.queue.push(delivery)) {
      this.dropped++;
      this.broker.noteEphemeralDrop();
      // One line when a subscription starts falling behind, then one per `dropLogEvery` drops.
      if (this.dropped === 1 || this.dropped % BUS_LIMITS.dropLogEvery === 0) {
        this.logger.warn(
          { pattern: this.pattern, dropped: this.dropped, limit: this.queue.limit },
          'bus subscription is falling behind; dropping its oldest queued events',
        );
      }
    }
    this.schedule();
  }

  protected next(): Delivery | undefined {
    return this.stopped ? undefined : this.queue.shift();
  }

  protected settled(delivery: Delivery, outcome: Outcome): void {
    if (outcome === HANDLED) return;
    this.logger.error(
      { err: outcome.error, topic: delivery.topic, eventId: delivery.id, pattern: this.pattern },
      'bus handler failed; event dropped (ephemeral subscription)',
    );
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.clear();
    this.detach();
  }

  async unsubscribe(): Promise<void> {
    this.stop();
  }
}

class DurableState implements Target {
  readonly backlog: BoundedQueue<Delivery>;
  attachment: DurableSubscription | null = null;
  deleted = false;
  dropped = 0;
  redelivered = 0;
  deadLettered = 0;

  constructor(
    readonly name: string,
    readonly pattern: string,
    limit: number,
    private readonly logger: BusLogger,
  ) {
    this.backlog = new BoundedQueue(limit);
  }

  enqueue(delivery: Delivery): void {
    if (this.backlog.push(delivery)) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % BUS_LIMITS.dropLogEvery === 0) {
        this.logger.warn(
          { durable: this.name, dropped: this.dropped, limit: this.backlog.limit },
          `durable "${this.name}" backlog is full; dropping its oldest events (is its worker running?)`,
        );
      }
    }
    this.attachment?.schedule();
  }

  stats(): DurableStats {
    return {
      pattern: this.pattern,
      backlog: this.backlog.length,
      attached: this.attachment !== null,
      dropped: this.dropped,
      redelivered: this.redelivered,
      deadLettered: this.deadLettered,
    };
  }
}

class DurableSubscription extends Pump implements Subscription {
  /** Aborting it returns events waiting for their redelivery delay to the backlog at once. */
  private readonly timers = new AbortController();

  constructor(
    private readonly broker: MemoryBroker,
    private readonly state: DurableState,
    protected readonly handler: BusHandler,
    private readonly logger: BusLogger,
    private readonly maxDeliver: number,
  ) {
    super();
  }

  get pattern(): string {
    return this.state.pattern;
  }

  get durable(): string {
    return this.state.name;
  }

  protected next(): Delivery | undefined {
    return this.stopped ? undefined : this.state.backlog.shift();
  }

  protected override prepare(delivery: Delivery): BusEvent {
    delivery.deliveries++;
    return super.prepare(delivery);
  }

  protected settled(delivery: Delivery, outcome: Outcome): void {
    if (outcome !== HANDLED) this.failed(delivery, outcome.error);
  }

  private failed(delivery: Delivery, err: unknown): void {
    const { state } = this;
    const context = {
      err,
      topic: delivery.topic,
      eventId: delivery.id,
      durable: state.name,
      delivery: delivery.deliveries,
      maxDeliver: this.maxDeliver,
    };
    if (delivery.deliveries >= this.maxDeliver) {
      state.deadLettered++;
      this.logger.error(context, `bus handler failed ${delivery.deliveries} times; giving up on the event`);
      return;
    }
    if (state.deleted) return;
    if (this.stopped) {
      // Detached while the handler ran: the event waits in the backlog for the next handler.
      state.backlog.unshift(delivery);
      this.logger.warn(context, 'bus handler failed after unsubscribe; event kept for the next subscriber');
      return;
    }
    const delay = redeliveryDelayMs(delivery.deliveries, this.broker.redeliveryBaseMs);
    state.redelivered++;
    this.logger.warn(
      { ...context, retryInMs: delay },
      `bus handler failed; redelivering in ${formatDuration(delay)}`,
    );
    this.broker.clock.sleep(delay, this.timers.signal).then(
      () => {
        if (state.deleted) return;
        state.backlog.unshift(delivery);
        state.attachment?.schedule();
      },
      () => {
        if (!state.deleted) state.backlog.unshift(delivery);
      },
    );
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.abort();
    if (this.state.attachment === this) this.state.attachment = null;
  }

  async unsubscribe(): Promise<void> {
    this.stop();
  }
}

type AnySubscription = EphemeralSubscription | DurableSubscription;

/** One handle onto a MemoryBroker (see `bus.ts` for the contract). */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly subs = new Set<AnySubscription>();
  private closing: Promise<void> | null = null;

  constructor(
    readonly broker: MemoryBroker,
    readonly logger: BusLogger,
  ) {}

  get closed(): boolean {
    return this.closing !== null;
  }

  async publish<P extends object>(
    topic: string,
    type: string,
    payload: P,
    opts: PublishOptions = {},
  ): Promise<BusEvent<P>> {
    if (this.closing) throw new BusClosedError(`publish on ${topic}`);
    const encoded = encodePublish(topic, type, payload, opts, this.broker);
    this.broker.accept(encoded);
    return encoded.event;
  }

  async subscribe(pattern: string, handler: BusHandler, opts: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closing) throw new BusClosedError(`subscribe to ${pattern}`);
    assertPattern(pattern);
    if (typeof handler !== 'function')
      throw new BusError(`subscribe to ${pattern}: handler must be a function`);
    let sub: AnySubscription;
    if (opts.durable === undefined) {
      sub = this.broker.addEphemeral(pattern, handler, this);
    } else {
      assertDurableName(opts.durable);
      sub = this.broker.attachDurable(
        opts.durable,
        pattern,
        handler,
        this,
        resolveMaxDeliver(opts.maxDeliver),
      );
    }
    this.subs.add(sub);
    const subs = this.subs;
    return {
      pattern: sub.pattern,
      durable: sub.durable,
      async unsubscribe() {
        sub.stop();
        subs.delete(sub);
      },
    };
  }

  async deleteDurable(name: string): Promise<boolean> {
    assertDurableName(name);
    for (const sub of this.subs) if (sub.durable === name) this.subs.delete(sub);
    return this.broker.deleteDurable(name);
  }

  /** Broker-wide counters (every handle sees the same). */
  stats(): MemoryBusStats {
    return this.broker.stats();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const running: Promise<void>[] = [];
    for (const sub of this.subs) {
      sub.stop();
      if (sub.current) running.push(sub.current);
    }
    this.subs.clear();
    if (running.length === 0) return;
    const grace = new AbortController();
    await Promise.race([
      Promise.allSettled(running),
      this.broker.clock.sleep(BUS_LIMITS.closeGraceMs, grace.signal).catch(() => undefined),
    ]);
    grace.abort();
  }
}

/** A broker with one handle: the usual in-process bus. `bus.broker.connect()` gives more handles. */
export function createMemoryBus(opts: MemoryBrokerOptions = {}): MemoryBus {
  return new MemoryBroker(opts).connect();
}
