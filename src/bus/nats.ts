/**
 * The bus over NATS JetStream, for several processes or hosts (DESIGN.md "Processes and scale").
 * Semantics are those written down in `bus.ts`; this file maps them onto JetStream:
 *
 * - Every subject is `<namespace>.<topic>`, so one server can host several installations (and each test
 *   run its own). One stream per namespace (`DECNET_<NS>`, limits retention: 7 days / 1 GiB by default)
 *   captures `<namespace>.>`; it is created or brought to the configured limits at connect.
 * - publish = `js.publish` with `Nats-Msg-Id: <event id>`: resolves on the stream's ack; the stream's
 *   duplicate window drops a republished id.
 * - Ephemeral subscription = an ordered consumer (no acks) starting right after the stream's last
 *   message at subscribe time: it sees what the stream stored, in stream order, de-duplicated like the
 *   durables, and resumes after a reconnect without a gap.
 * - Durable subscription = a durable pull consumer named after the durable, filtered on the pattern,
 *   explicit ack, `max_deliver`, delivering only messages stored after its creation. A message is acked
 *   after the handler resolves, nak'ed with a backoff delay when it throws, and terminated after the last
 *   allowed delivery. Messages pulled but not yet handled when the handler detaches are handed back
 *   (a short-delay nak), so the next subscriber gets them first and in order.
 *
 * A pull request cannot be cancelled: unsubscribing under one would leave whatever the server sends in
 * that instant with nobody, until its ack wait (30 s). So a stopping durable lets its current request end
 * (at most `natsPullExpiresMs`, 1 s) and hands back what arrives meanwhile; `unsubscribe()` on a durable
 * therefore takes up to a second. A handed-back message counts as a delivery on the server.
 */

import {
  AckPolicy,
  type Consumer,
  type ConsumerInfo,
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import { redactUrl } from '../config/urls.js';
import { AbortError, type Clock, isAbortError, systemClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import {
  assertDurableName,
  type Bus,
  BusClosedError,
  BusError,
  type BusHandler,
  type BusLogger,
  encodePublish,
  errorMessage,
  formatDuration,
  newEventId,
  type PublishOptions,
  redeliveryDelayMs,
  resolveMaxDeliver,
  runHandler,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
import { type BusEvent, decodeEvent, EventTooLargeError } from './envelope.js';
import { BUS_LIMITS } from './limits.js';
import { assertPattern } from './subject.js';

export interface NatsBusOptions {
  /** `nats://host:port` (or `tls://`); credentials in the URL are never logged. */
  url: string;
  /** First subject token of everything this installation publishes. Default `decnet`. */
  namespace?: string;
  /** Default `DECNET_<NAMESPACE>`. */
  streamName?: string;
  maxAgeMs?: number;
  maxBytes?: number;
  logger?: BusLogger;
  clock?: Clock;
  /** Total time to keep retrying an unreachable server before failing. Default 30 s. */
  connectTimeoutMs?: number;
  /** Aborts the connection retries (shutdown requested while waiting for NATS). */
  signal?: AbortSignal;
  /** First redelivery delay after a handler failure; doubles per attempt. Default 1 s. */
  redeliveryBaseMs?: number;
  ackWaitMs?: number;
  /** Connection name shown by the server's monitoring. */
  name?: string;
  newId?: () => string;
}

export const DEFAULT_NAMESPACE = 'decnet';
const NAMESPACE = /^[A-Za-z0-9_-]+$/;

export function assertNamespace(namespace: string): void {
  if (
    typeof namespace !== 'string' ||
    namespace.length === 0 ||
    namespace.length > BUS_LIMITS.maxNamespaceChars ||
    !NAMESPACE.test(namespace)
  ) {
    throw new BusError(
      `invalid bus namespace ${JSON.stringify(namespace)}: use 1-${BUS_LIMITS.maxNamespaceChars} characters of A-Z a-z 0-9 _ - (it becomes the first subject token)`,
    );
  }
}

export function defaultStreamName(namespace: string): string {
  return `DECNET_${namespace.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}`;
}

interface NatsBusConfig {
  url: string;
  safeUrl: string;
  namespace: string;
  streamName: string;
  logger: BusLogger;
  clock: Clock;
  redeliveryBaseMs: number;
  ackWaitMs: number;
  newId: () => string;
}

/**
 * Connects (retrying an unreachable server with capped exponential backoff, one log line per attempt),
 * checks JetStream, and creates or updates the namespace's stream.
 */
export async function connectNatsBus(opts: NatsBusOptions): Promise<NatsBus> {
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  assertNamespace(namespace);
  const url = opts.url;
  const safeUrl = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BusError(`invalid NATS URL ${JSON.stringify(safeUrl)}: expected nats://host:port`);
  }
  if (!['nats:', 'tls:'].includes(parsed.protocol)) {
    throw new BusError(
      `invalid NATS URL ${JSON.stringify(safeUrl)}: expected nats://host:port or tls://host:port`,
    );
  }
  const maxAgeMs = opts.maxAgeMs ?? BUS_LIMITS.natsStreamMaxAgeMs;
  const maxBytes = opts.maxBytes ?? BUS_LIMITS.natsStreamMaxBytes;
  if (!(maxAgeMs > 0) || !(maxBytes > 0)) throw new BusError('maxAgeMs and maxBytes must be positive');
  const config: NatsBusConfig = {
    url,
    safeUrl,
    namespace,
    streamName: opts.streamName ?? defaultStreamName(namespace),
    logger: opts.logger ?? silentLogger,
    clock: opts.clock ?? systemClock,
    redeliveryBaseMs: opts.redeliveryBaseMs ?? BUS_LIMITS.redeliveryBaseMs,
    ackWaitMs: opts.ackWaitMs ?? BUS_LIMITS.natsAckWaitMs,
    newId: opts.newId ?? newEventId,
  };

  const nc = await connectWithRetry(
    config,
    opts.connectTimeoutMs ?? BUS_LIMITS.natsConnectTimeoutMs,
    opts.signal,
    opts.name,
  );
  try {
    let jsm: JetStreamManager;
    try {
      jsm = await jetstreamManager(nc);
    } catch (err) {
      throw new BusError(
        `NATS at ${safeUrl} has no JetStream (${errorMessage(err)}): start nats-server with -js, or enable jetstream in its configuration`,
        { cause: err },
      );
    }
    await ensureStream(jsm, config, maxAgeMs, maxBytes);
    return new NatsBus(nc, jetstream(nc), jsm, config);
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw err;
  }
}

/** Errors that retrying will not fix: wrong credentials, a malformed option. */
const FATAL_CONNECT_ERRORS = new Set([
  'AuthorizationError',
  'UserAuthenticationExpiredError',
  'InvalidArgumentError',
  'PermissionViolationError',
]);

function connectFailureReason(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string } } | null;
  if (e?.cause?.code) return e.cause.code;
  if (e?.code) return e.code;
  if (e?.name === 'TimeoutError') return 'timed out';
  return errorMessage(err);
}

async function connectWithRetry(
  config: NatsBusConfig,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  name: string | undefined,
): Promise<NatsConnection> {
  const { clock, logger, safeUrl } = config;
  const started = clock.now();
  const deadline = started + timeoutMs;
  let backoff: number = BUS_LIMITS.natsRetryInitialMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new AbortError(`connecting to NATS at ${safeUrl} was aborted`);
    let reason: string;
    try {
      const nc = await connect({
        // DECNET_BUS_URL may list several servers of one cluster, comma-separated.
        servers: config.url.split(',').map((server) => server.trim()),
        name: name ?? `decnet-${config.namespace}`,
        timeout: BUS_LIMITS.natsConnectAttemptTimeoutMs,
        maxReconnectAttempts: -1,
        reconnectTimeWait: BUS_LIMITS.natsReconnectWaitMs,
      });
      if (signal?.aborted) {
        await nc.close().catch(() => undefined);
        throw new AbortError(`connecting to NATS at ${safeUrl} was aborted`);
      }
      if (attempt > 1) logger.info?.({ url: safeUrl, attempt }, `connected to NATS at ${safeUrl}`);
      return nc;
    } catch (err) {
      if (isAbortError(err)) throw err;
      reason = connectFailureReason(err);
      if (FATAL_CONNECT_ERRORS.has((err as Error)?.name)) {
        throw new BusError(
          `cannot connect to NATS at ${safeUrl}: ${reason}. Check the credentials in DECNET_BUS_URL`,
          {
            cause: err,
          },
        );
      }
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new BusError(
        `NATS at ${safeUrl} is unreachable (${reason}) after ${attempt} attempts over ${formatDuration(clock.now() - started)}. ` +
          'Check that nats-server is running there with JetStream enabled (nats-server -js), that DECNET_BUS_URL ' +
          'names the right host and port, and that no firewall blocks the port',
      );
    }
    const wait = Math.min(backoff, remaining);
    logger.warn(
      { url: safeUrl, attempt, reason, retryInMs: wait },
      `NATS at ${safeUrl} unreachable (${reason}); retrying in ${formatDuration(wait)}`,
    );
    try {
      await clock.sleep(wait, signal);
    } catch (err) {
      if (isAbortError(err)) throw new AbortError(`connecting to NATS at ${safeUrl} was aborted`);
      throw err;
    }
    backoff = Math.min(backoff * 2, BUS_LIMITS.natsRetryMaxMs);
  }
}

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

async function ensureStream(
  jsm: JetStreamManager,
  config: NatsBusConfig,
  maxAgeMs: number,
  maxBytes: number,
): Promise<void> {
  const { streamName, namespace, safeUrl, logger } = config;
  const subject = `${namespace}.>`;
  const limits = {
    max_age: nanos(maxAgeMs),
    max_bytes: maxBytes,
    // JetStream refuses a duplicate window longer than the retention.
    duplicate_window: nanos(Math.min(BUS_LIMITS.dedupWindowMs, maxAgeMs)),
  };
  const fail = (err: unknown): never => {
    throw new BusError(
      `cannot set up JetStream stream ${streamName} for ${subject} on NATS at ${safeUrl}: ${errorMessage(err)}`,
      { cause: err },
    );
  };
  let current: StreamConfig | null = null;
  try {
    current = (await jsm.streams.info(streamName)).config;
  } catch (err) {
    if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) fail(err);
  }
  if (!current) {
    try {
      await jsm.streams.add({
        name: streamName,
        subjects: [subject],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        ...limits,
      });
      logger.info?.({ stream: streamName, subject }, `created JetStream stream ${streamName}`);
      return;
    } catch (err) {
      // Another process may have created it between our info and add: use theirs.
      try {
        current = (await jsm.streams.info(streamName)).config;
      } catch {
        fail(err);
      }
    }
  }
  if (!current) return;
  const subjects = current.subjects ?? [];
  if (subjects.length !== 1 || subjects[0] !== subject) {
    throw new BusError(
      `JetStream stream ${streamName} on NATS at ${safeUrl} captures ${JSON.stringify(subjects)}, not ["${subject}"]: ` +
        'another installation uses that stream name; pick another namespace or streamName',
    );
  }
  if (
    current.max_age !== limits.max_age ||
    current.max_bytes !== limits.max_bytes ||
    current.duplicate_window !== limits.duplicate_window
  ) {
    try {
      await jsm.streams.update(streamName, limits);
    } catch (err) {
      fail(err);
    }
  }
}

/** One handle onto a NATS server (see `bus.ts` for the contract). */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private readonly subs = new Set<NatsSubscription>();
  private closing: Promise<void> | null = null;
  private readonly statusLoop: Promise<void>;

  constructor(
    readonly connection: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly config: NatsBusConfig,
  ) {
    this.statusLoop = this.watchStatus();
  }

  get namespace(): string {
    return this.config.namespace;
  }

  get streamName(): string {
    return this.config.streamName;
  }

  get closed(): boolean {
    return this.closing !== null;
  }

  /** `<namespace>.<topic or pattern>`: NATS wildcards pass through unchanged. */
  subjectOf(topicOrPattern: string): string {
    return `${this.config.namespace}.${topicOrPattern}`;
  }

  /** The topic of a subject in this namespace, or null for a subject outside it. */
  topicOf(subject: string): string | null {
    const prefix = `${this.config.namespace}.`;
    return subject.startsWith(prefix) ? subject.slice(prefix.length) : null;
  }

  async publish<P extends object>(
    topic: string,
    type: string,
    payload: P,
    opts: PublishOptions = {},
  ): Promise<BusEvent<P>> {
    if (this.closing) throw new BusClosedError(`publish on ${topic}`);
    const encoded = encodePublish(topic, type, payload, opts, this.config);
    const serverMax = this.connection.info?.max_payload;
    if (serverMax !== undefined && encoded.bytes + BUS_LIMITS.natsHeaderReserveBytes > serverMax) {
      throw new EventTooLargeError(
        topic,
        encoded.bytes,
        serverMax - BUS_LIMITS.natsHeaderReserveBytes,
        `the NATS server's max_payload (less room for headers)`,
      );
    }
    try {
      await this.js.publish(this.subjectOf(topic), encoded.json, { msgID: encoded.event.id });
    } catch (err) {
      throw new BusError(
        `NATS at ${this.config.safeUrl} did not accept the event on ${topic} (${errorMessage(err)}); ` +
          'publishing again with the same id is safe, it is de-duplicated',
        { cause: err },
      );
    }
    return encoded.event;
  }

  async subscribe(pattern: string, handler: BusHandler, opts: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closing) throw new BusClosedError(`subscribe to ${pattern}`);
    assertPattern(pattern);
    if (typeof handler !== 'function')
      throw new BusError(`subscribe to ${pattern}: handler must be a function`);
    const durable = opts.durable;
    let maxDeliver = 0;
    if (durable !== undefined) {
      assertDurableName(durable);
      maxDeliver = resolveMaxDeliver(opts.maxDeliver);
      for (const sub of this.subs) {
        if (sub.durable === durable) {
          throw new BusError(
            `durable "${durable}" already has a handler attached; unsubscribe it before attaching another`,
          );
        }
      }
    }
    const sub = new NatsSubscription(this, pattern, durable, handler, maxDeliver, () =>
      this.subs.delete(sub),
    );
    this.subs.add(sub);
    try {
      await sub.start();
    } catch (err) {
      this.subs.delete(sub);
      if (err instanceof BusError) throw err;
      throw new BusError(
        `cannot subscribe to ${pattern}${durable ? ` as durable "${durable}"` : ''} on NATS at ${this.config.safeUrl}: ${errorMessage(err)}`,
        { cause: err },
      );
    }
    if (this.closing) {
      await sub.unsubscribe();
      throw new BusClosedError(`subscribe to ${pattern}`);
    }
    return sub;
  }

  async deleteDurable(name: string): Promise<boolean> {
    assertDurableName(name);
    // Detach local handlers without waiting for their pull request: deleting the consumer ends it.
    const readers = [...this.subs].filter((sub) => sub.durable === name).map((sub) => sub.stop());
    try {
      return await this.jsm.consumers.delete(this.config.streamName, name);
    } catch (err) {
      if (isApiError(err, JetStreamApiCodes.ConsumerNotFound)) return false;
      throw new BusError(
        `cannot delete durable "${name}" on NATS at ${this.config.safeUrl}: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    } finally {
      await Promise.allSettled(readers);
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const subs = [...this.subs];
    this.subs.clear();
    await Promise.all(subs.map((sub) => sub.stop()));
    const loops = subs.map((sub) => sub.running);
    if (loops.length > 0) {
      const grace = new AbortController();
      await Promise.race([
        Promise.allSettled(loops),
        this.config.clock.sleep(BUS_LIMITS.closeGraceMs, grace.signal).catch(() => undefined),
      ]);
      grace.abort();
    }
    if (!this.connection.isClosed()) {
      try {
        await this.connection.drain();
      } catch {
        await this.connection.close().catch(() => undefined);
      }
    }
    await this.statusLoop;
  }

  /** One line per connection event an operator cares about; the client reconnects on its own. */
  private async watchStatus(): Promise<void> {
    const { logger, safeUrl } = this.config;
    try {
      for await (const status of this.connection.status()) {
        switch (status.type) {
          case 'disconnect':
            logger.warn({ url: safeUrl }, `lost the connection to NATS at ${safeUrl}; reconnecting`);
            break;
          case 'reconnect':
            logger.warn({ url: safeUrl }, `reconnected to NATS at ${safeUrl}`);
            break;
          case 'error':
            logger.error({ url: safeUrl, err: status.error }, `NATS at ${safeUrl} reported an error`);
            break;
          case 'slowConsumer':
            logger.warn({ url: safeUrl, pending: status.pending }, 'NATS client is a slow consumer');
            break;
          default:
            break;
        }
      }
    } catch {
      // The status iterator ends with the connection.
    }
  }
}

/**
 * One subscription: a consumer on the namespace's stream. A reader moves pulled messages into a local
 * buffer; a worker hands them to the handler one at a time.
 *
 * A durable reads with one bounded pull request at a time (`fetch`: at most one batch, ending at the
 * latest after `natsPullExpiresMs`), and pulls the next batch only once the worker has taken the last
 * buffered message, which bounds what is in flight. A pull request cannot be cancelled, so stopping does
 * not unsubscribe under it: the reader waits for the request to end, handing back (nak) whatever is
 * buffered or still arrives. No message is then left with a subscription that is gone, and the durable's
 * next subscriber gets them first, in order. The cost is that `unsubscribe()` on an idle durable takes up
 * to one pull expiry.
 *
 * An ephemeral subscription reads an ordered consumer (no acks, nothing to hand back) and closes it at once.
 */
class NatsSubscription implements Subscription {
  private stopped = false;
  private messages: ConsumerMessages | null = null;
  private consumer: Consumer | null = null;
  private readonly buffer: JsMsg[] = [];
  /** Pulled, not handled, waiting for the pull request to end before going back (durable only). */
  private readonly returning: JsMsg[] = [];
  private handedBack = 0;
  private wakeWorker: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;
  private reader: Promise<void> = Promise.resolve();
  private worker: Promise<void> = Promise.resolve();
  private readonly restart = new AbortController();
  /** Consecutive consumer failures (for backoff and for logging one line per outage). */
  private failures = 0;
  /** Ephemeral: the stream sequence to resume from if the consumer has to be recreated. */
  private nextSeq = 0;

  constructor(
    private readonly bus: NatsBus,
    readonly pattern: string,
    readonly durable: string | undefined,
    private readonly handler: BusHandler,
    private readonly maxDeliver: number,
    private readonly detach: () => void,
  ) {}

  async start(): Promise<void> {
    if (this.durable === undefined) {
      this.messages = await this.openOrdered();
      this.reader = this.readOrdered();
    } else {
      this.consumer = await this.openDurable();
      this.reader = this.readDurable();
    }
    this.worker = this.work();
  }

  private async openOrdered(): Promise<ConsumerMessages> {
    const { js, jsm, config } = this.bus;
    if (this.nextSeq === 0) this.nextSeq = (await jsm.streams.info(config.streamName)).state.last_seq + 1;
    const previous = this.consumer;
    if (previous)
      void Promise.resolve()
        .then(() => previous.delete())
        .catch(() => undefined);
    const consumer = await js.consumers.get(config.streamName, {
      filter_subjects: this.bus.subjectOf(this.pattern),
      opt_start_seq: this.nextSeq,
    });
    this.consumer = consumer;
    return consumer.consume({ max_messages: BUS_LIMITS.natsPullBatch });
  }

  private async openDurable(): Promise<Consumer> {
    const { js, jsm, config } = this.bus;
    const name = this.durable!;
    const filter = this.bus.subjectOf(this.pattern);
    let existing: ConsumerInfo | null = null;
    try {
      existing = await jsm.consumers.info(config.streamName, name);
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
    }
    if (existing) {
      if (existing.config.filter_subject !== filter) {
        const pattern =
          this.bus.topicOf(existing.config.filter_subject ?? '') ?? existing.config.filter_subject;
        throw new BusError(
          `durable "${name}" already exists with pattern "${pattern}", not "${this.pattern}"; ` +
            `subscribe with its pattern, or deleteDurable("${name}") first`,
        );
      }
      if (existing.config.max_deliver !== this.maxDeliver) {
        await jsm.consumers.update(config.streamName, name, { max_deliver: this.maxDeliver });
      }
    } else {
      await jsm.consumers.add(config.streamName, {
        durable_name: name,
        filter_subject: filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        max_deliver: this.maxDeliver,
        ack_wait: nanos(config.ackWaitMs),
        max_ack_pending: BUS_LIMITS.natsMaxAckPending,
      });
    }
    return js.consumers.get(config.streamName, name);
  }

  /**
   * After a consumer failure (server down, consumer or stream deleted): logs the first failure of a
   * streak as an error and the rest at debug level, then waits a growing pause. False once stopped.
   */
  private async recover(err: unknown): Promise<boolean> {
    const { logger, clock } = this.bus.config;
    this.failures++;
    const delay = Math.min(
      BUS_LIMITS.natsConsumerRestartMs * 2 ** Math.min(this.failures - 1, 10),
      BUS_LIMITS.natsConsumerRestartMaxMs,
    );
    const context = {
      err,
      pattern: this.pattern,
      durable: this.durable,
      attempt: this.failures,
      retryInMs: delay,
    };
    const message = `bus consumer for ${this.pattern} failed; recreating it in ${formatDuration(delay)}`;
    if (this.failures === 1) logger.error(context, message);
    else logger.debug(context, message);
    try {
      await clock.sleep(delay, this.restart.signal);
      return !this.stopped;
    } catch {
      return false;
    }
  }

  private recovered(): void {
    if (this.failures === 0) return;
    this.bus.config.logger.warn(
      { pattern: this.pattern, durable: this.durable, attempts: this.failures },
      `bus consumer for ${this.pattern} is running again`,
    );
    this.failures = 0;
  }

  private async readDurable(): Promise<void> {
    while (!this.stopped) {
      // Pull the next batch only once the worker has taken everything buffered.
      while (this.buffer.length > 0 && !this.stopped) {
        await new Promise<void>((resolve) => {
          this.wakeReader = resolve;
        });
      }
      if (this.stopped) break;
      try {
        this.consumer ??= await this.openDurable();
        const batch = await this.consumer.fetch({
          max_messages: BUS_LIMITS.natsPullBatch,
          expires: BUS_LIMITS.natsPullExpiresMs,
        });
        for await (const msg of batch) {
          if (this.stopped) {
            this.giveBack(msg);
            continue;
          }
          this.buffer.push(msg);
          this.wakeWorker?.();
        }
        this.recovered();
      } catch (err) {
        if (this.stopped) break;
        this.consumer = null;
        if (!(await this.recover(err))) break;
      }
    }
    // The last pull request has ended: nothing can come back to it now.
    this.handBack();
  }

  private async readOrdered(): Promise<void> {
    while (!this.stopped) {
      try {
        this.messages ??= await this.openOrdered();
        this.recovered();
        for await (const msg of this.messages) {
          if (this.stopped) break;
          this.buffer.push(msg);
          this.wakeWorker?.();
          // Not pulling further until the handler catches up keeps the in-flight count bounded.
          while (this.buffer.length >= BUS_LIMITS.natsPullBatch && !this.stopped) {
            await new Promise<void>((resolve) => {
              this.wakeReader = resolve;
            });
          }
        }
      } catch (err) {
        if (this.stopped) break;
        this.messages = null;
        if (!(await this.recover(err))) break;
        continue;
      }
      if (this.stopped) break;
      // The message stream ended on its own (connection closed under it): open a new one.
      this.messages = null;
      if (!(await this.recover(new BusError('consumer message stream ended')))) break;
    }
  }

  /** Calls the handler for buffered messages, one at a time, until stopped. */
  private async work(): Promise<void> {
    for (;;) {
      const msg = this.buffer.shift();
      if (msg) {
        if (this.buffer.length === 0 || this.durable === undefined) this.wakeReader?.();
        await this.handle(msg);
        continue;
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        this.wakeWorker = resolve;
      });
      this.wakeWorker = null;
    }
  }

  /**
   * A durable's message pulled but not handled, set aside to go back to the server (`handBack`) once this
   * subscription's pull request has ended: nak'ed while the request is live, it would come straight back
   * to the request, again and again, using up its deliveries.
   */
  private giveBack(msg: JsMsg): void {
    if (this.durable !== undefined) this.returning.push(msg);
  }

  /**
   * Naks the set-aside messages. The server counts each as a delivery (there is no "release" verb), so a
   * handback uses up one of the event's `maxDeliver` tries.
   */
  private handBack(): void {
    for (const msg of this.returning.splice(0)) {
      if (this.settle(msg, () => msg.nak(BUS_LIMITS.natsHandbackDelayMs))) this.handedBack++;
    }
  }

  /**
   * Acks, naks or terms a message. On a closed connection that throws; the server then redelivers the
   * message after its ack wait, which is the right outcome, so it is logged and not rethrown.
   */
  private settle(msg: JsMsg, action: () => void): boolean {
    try {
      action();
      return true;
    } catch (err) {
      this.bus.config.logger.debug(
        { err, subject: msg.subject, streamSeq: msg.seq, durable: this.durable },
        'could not settle a bus message; the server will redeliver it after the ack wait',
      );
      return false;
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const { logger } = this.bus.config;
    const durable = this.durable !== undefined;
    if (!durable) this.nextSeq = msg.seq + 1;
    const decoded = decodeEvent(msg.string());
    const topic = this.bus.topicOf(msg.subject);
    if (!decoded.ok || decoded.event.topic !== topic) {
      logger.warn(
        {
          subject: msg.subject,
          streamSeq: msg.seq,
          reason: decoded.ok
            ? `envelope topic ${decoded.event.topic} differs from the subject`
            : decoded.reason,
        },
        'dropping a malformed bus message (not published by a DECNET bus)',
      );
      if (durable) this.settle(msg, () => msg.term('malformed envelope'));
      return;
    }
    const event = decoded.event;
    if (!durable) {
      const err = await runHandler(this.handler, event);
      if (err !== undefined) {
        logger.error(
          { err, topic: event.topic, eventId: event.id, pattern: this.pattern },
          'bus handler failed; event dropped (ephemeral subscription)',
        );
      }
      return;
    }
    const err = await this.callKeepingAlive(event, msg);
    if (err === undefined) {
      this.settle(msg, () => msg.ack());
      return;
    }
    const deliveries = msg.info.deliveryCount;
    const context = {
      err,
      topic: event.topic,
      eventId: event.id,
      durable: this.durable,
      delivery: deliveries,
      maxDeliver: this.maxDeliver,
    };
    if (deliveries >= this.maxDeliver) {
      this.settle(msg, () => msg.term('handler failed on every delivery'));
      logger.error(context, `bus handler failed ${deliveries} times; giving up on the event`);
      return;
    }
    const delay = redeliveryDelayMs(deliveries, this.bus.config.redeliveryBaseMs);
    this.settle(msg, () => msg.nak(delay));
    logger.warn(
      { ...context, retryInMs: delay },
      `bus handler failed; redelivering in ${formatDuration(delay)}`,
    );
  }

  /** Runs the handler, telling the server it is still working so the ack wait never lapses mid-call. */
  private async callKeepingAlive(event: BusEvent, msg: JsMsg): Promise<unknown> {
    const progress = new AbortController();
    const every = Math.max(1, Math.floor(this.bus.config.ackWaitMs / 3));
    const { clock } = this.bus.config;
    void (async () => {
      try {
        for (;;) {
          await clock.sleep(every, progress.signal);
          this.settle(msg, () => msg.working());
        }
      } catch {
        // Aborted when the handler settles.
      }
    })();
    try {
      return await runHandler(this.handler, event);
    } finally {
      progress.abort();
    }
  }

  /**
   * Stops deliveries now and gives buffered messages back; resolves when the reader has ended (for a
   * durable, when its last pull request has). A handler call in progress (see `running`) still acks or
   * naks its message when it settles.
   */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.restart.abort();
      this.detach();
      for (const msg of this.buffer.splice(0)) this.giveBack(msg);
      this.wakeReader?.();
      this.wakeWorker?.();
      if (this.durable === undefined) {
        void this.messages?.close();
        const consumer = this.consumer;
        // Deleting now rather than leaving the server to expire it after its inactivity threshold.
        if (consumer)
          void Promise.resolve()
            .then(() => consumer.delete())
            .catch(() => undefined);
      }
    }
    return this.reader;
  }

  /** The worker loop: settles once the handler call in progress, if any, has been acked or naked. */
  get running(): Promise<void> {
    return this.worker;
  }

  async unsubscribe(): Promise<void> {
    await this.stop();
    const { connection, config } = this.bus;
    if (!connection.isClosed()) await connection.flush().catch(() => undefined);
    // Handed-back messages become deliverable after the nak delay: let them, so a subscriber that
    // attaches next sees them before anything newer.
    if (this.handedBack > 0) await config.clock.sleep(BUS_LIMITS.natsHandbackDelayMs).catch(() => undefined);
  }
}
