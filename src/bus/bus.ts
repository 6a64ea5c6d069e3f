/**
 * The bus: one interface, two implementations (`memory.ts` in-process, `nats.ts` NATS JetStream), one
 * conformance suite (`conformance.ts`) that pins the semantics below on both.
 *
 * Envelope. `publish` builds `{v: 1, id, topic, type, ts, payload}` once; `id` (default: a fresh uuid, hex)
 * and `ts` (default: the injected clock, epoch seconds) reach every subscriber unchanged. The reference's
 * broker regenerated both on the server (spec §2 "Server fan-out"); we do not. The payload is a JSON
 * object; subscribers get a JSON copy (a Date arrives as its ISO string, like over the wire). Encoded
 * envelopes above 1 MiB are refused with EventTooLargeError.
 *
 * Publishing. `publish` resolves once the bus has accepted the event (in-process: queued for every
 * matching subscription; NATS: stored by JetStream and acknowledged) and rejects otherwise, so a caller
 * knows. A second publish with the same `id` within the de-duplication window (2 min) is accepted but not
 * delivered again, so retrying a failed publish with the same id is safe.
 *
 * Patterns. NATS subject semantics (`subject.ts`): `*` is one token, a final `>` one or more tokens.
 * A subscription also receives events its own bus handle published (the reference's broker skipped the
 * publisher; with every role in one process on one bus, that would hide events between roles).
 *
 * Ephemeral subscription (no `durable`): receives the matching events published after `subscribe`
 * resolved and before `unsubscribe`, at-most-once. A handler that throws is logged; the event is not
 * retried.
 *
 * Durable subscription (`durable: name`): the durable is created by the first subscribe with that name and
 * from then on keeps every matching event, including those published while no handler is attached
 * (worker down). At-least-once: an event counts as handled only once the handler's promise resolved;
 * if the handler throws, the event is delivered again after a backoff (1 s doubling, capped), up to
 * `maxDeliver` deliveries in all (default 5), then logged as given up. `unsubscribe()` detaches the
 * handler and keeps the durable state; `deleteDurable(name)` removes it. A durable keeps the pattern it
 * was created with: subscribing again under that name with another pattern is an error. A second handler
 * for an attached durable is refused (in-process: on the whole broker; NATS: on that bus handle); handlers
 * attached to one NATS durable from several processes share its events, each in order.
 *
 * Ordering and concurrency. A subscription calls its handler one event at a time, in publish order
 * (events from one publisher; concurrent publishers interleave in the order the bus accepted them).
 * A redelivered event comes back after the events that followed it, not in its original place.
 *
 * Failure containment. A handler error, a malformed event from outside, or a lost connection is logged
 * through the injected logger and never crashes the process.
 *
 * Shutdown. `unsubscribe()` resolves once the handler will not be called again and the events the
 * subscription had taken but not handled are back with the bus for the next subscriber (on NATS this
 * waits for the durable's outstanding pull request, up to 1 s). It does not wait for a handler call
 * already running, so a handler may unsubscribe its own subscription; that call's outcome still
 * acknowledges or retries its event. `close()` unsubscribes everything, waits (bounded) for running
 * handlers, then drains and closes; it is idempotent. Do not await `close()` from inside a handler.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../runtime/clock.js';
import { type BusEvent, type EncodedEvent, encodeEvent } from './envelope.js';
import { BUS_LIMITS } from './limits.js';

export type { BusEvent } from './envelope.js';

/** What the bus logs through: any pino logger fits. */
export interface BusLogger {
  debug(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type BusHandler = (event: BusEvent) => void | Promise<void>;

export interface PublishOptions {
  /** The event id (default: a fresh uuid). Reuse an id to make a retried publish idempotent. */
  id?: string;
  /** Event time in epoch seconds (default: now, from the bus's clock). For replays and imports. */
  ts?: number;
}

/**
 * The envelope of one publish, the same on every bus: the publisher's id and time when given (a replay
 * keeps its own), else a fresh id and the bus clock's now.
 */
export function encodePublish<P extends object>(
  topic: string,
  type: string,
  payload: P,
  opts: PublishOptions,
  defaults: { newId: () => string; clock: Clock },
): EncodedEvent<P> {
  return encodeEvent({
    topic,
    type,
    payload,
    id: opts.id ?? defaults.newId(),
    ts: opts.ts ?? defaults.clock.now() / 1000,
  });
}

export interface SubscribeOptions {
  /** Durable name: 1-64 characters of A-Z a-z 0-9 _ -. Omit for an ephemeral subscription. */
  durable?: string;
  /** Durable only: deliveries of one event before it is given up, first included (default 5). */
  maxDeliver?: number;
}

export interface Subscription {
  readonly pattern: string;
  /** The durable name, or undefined for an ephemeral subscription. */
  readonly durable: string | undefined;
  unsubscribe(): Promise<void>;
}

export interface Bus {
  readonly kind: 'memory' | 'nats';
  publish<P extends object>(
    topic: string,
    type: string,
    payload: P,
    opts?: PublishOptions,
  ): Promise<BusEvent<P>>;
  subscribe(pattern: string, handler: BusHandler, opts?: SubscribeOptions): Promise<Subscription>;
  /** Removes a durable and everything it kept (detaching its handler here first). False if it did not exist. */
  deleteDurable(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The bus cannot do what was asked (closed, misused, unreachable): the message says what to do. */
export class BusError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BusError';
  }
}

export class BusClosedError extends BusError {
  constructor(what: string) {
    super(`cannot ${what}: the bus is closed`);
    this.name = 'BusClosedError';
  }
}

const DURABLE_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Refuses a durable name rather than silently rewriting it: two names sanitised to the same NATS
 * consumer would share (and steal) each other's events.
 */
export function assertDurableName(name: string): void {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > BUS_LIMITS.maxDurableNameChars ||
    !DURABLE_NAME.test(name)
  ) {
    throw new BusError(
      `invalid durable name ${JSON.stringify(name)}: use 1-${BUS_LIMITS.maxDurableNameChars} characters of A-Z a-z 0-9 _ - (for example the worker name)`,
    );
  }
}

export function resolveMaxDeliver(maxDeliver: number | undefined): number {
  const value = maxDeliver ?? BUS_LIMITS.defaultMaxDeliver;
  if (!Number.isInteger(value) || value < 1) {
    throw new BusError(`maxDeliver must be a positive integer, got ${maxDeliver}`);
  }
  return value;
}

/** Delay before delivery number `deliveries + 1` of an event that failed `deliveries` times. */
export function redeliveryDelayMs(deliveries: number, baseMs: number = BUS_LIMITS.redeliveryBaseMs): number {
  const exponent = Math.max(0, deliveries - 1);
  return Math.min(BUS_LIMITS.redeliveryMaxMs, baseMs * 2 ** Math.min(exponent, 30));
}

/** Runs a handler and returns what it threw (sync or async), or undefined when it succeeded. */
export async function runHandler(handler: BusHandler, event: BusEvent): Promise<unknown> {
  try {
    await handler(event);
    return undefined;
  } catch (err) {
    return err ?? new Error('handler threw a nullish value');
  }
}

/** `2 s`, `500 ms`, `1.5 s`: durations as an operator reads them in a log line. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A fresh event id: a uuid v4 as 32 hex characters, like the reference's `uuid4().hex`. */
export function newEventId(): string {
  return randomUUID().replaceAll('-', '');
}
