/** Bus limits and timings, in one place. */
export const BUS_LIMITS = {
  /**
   * Largest encoded envelope. The reference's frame body cap (spec §2: "max 1 MiB"), which is also
   * NATS's default `max_payload`, so one value holds on both implementations.
   */
  maxEventBytes: 1024 * 1024,
  /**
   * Longest topic or pattern. NATS caps a protocol control line at 4 KiB by default (`max_control_line`);
   * the subject plus namespace, reply inbox and header sizes must fit in it, so a topic stays well below.
   */
  maxTopicChars: 1024,
  /** Longest event id: a uuid is 32 hex characters; ids derived from spool offsets need a little more. */
  maxIdChars: 128,
  /** Longest `type` discriminator: the reference uses topic leaves (`state_changed`, `jarm`). */
  maxTypeChars: 64,
  /** Longest namespace: the first subject token, and (upper-cased) part of the stream name. */
  maxNamespaceChars: 64,
  /** Longest durable name: NATS consumer names become API subject tokens and file names on the server. */
  maxDurableNameChars: 64,

  /** Deliveries of one event to a durable subscription before it is given up (first try included). */
  defaultMaxDeliver: 5,
  /** Delay before the first redelivery of a failed event; doubles per further attempt. */
  redeliveryBaseMs: 1_000,
  /** Longest delay between two deliveries of one failed event. */
  redeliveryMaxMs: 60_000,

  /**
   * Events kept per durable subscription of the in-process bus while its worker is down or slow. At the
   * ~1 KiB typical envelope this bounds a durable to ~100 MiB; older events are dropped and counted.
   */
  durableBacklogLimit: 100_000,
  /**
   * Events queued per ephemeral in-process subscription behind a slow handler (at-most-once: oldest dropped
   * and counted). The reference used 1024 per connection; a live dashboard tolerates more burst than that.
   */
  ephemeralQueueLimit: 10_000,
  /** A subscription dropping events logs its first drop, then one line per this many: no log storm. */
  dropLogEvery: 10_000,
  /** Window in which a second publish with the same id is dropped: JetStream's default `duplicate_window`. */
  dedupWindowMs: 120_000,
  /** Ids remembered for de-duplication by the in-process bus, whatever the window (memory bound). */
  dedupMaxIds: 200_000,

  /** `close()` waits this long for handlers still running before it closes anyway. */
  closeGraceMs: 10_000,

  /** Total time `connectNatsBus` keeps retrying an unreachable server. */
  natsConnectTimeoutMs: 30_000,
  /** One TCP/TLS/INFO handshake attempt. */
  natsConnectAttemptTimeoutMs: 5_000,
  /** Backoff between connection attempts: doubling from 500 ms up to 5 s, so an outage logs a few lines. */
  natsRetryInitialMs: 500,
  natsRetryMaxMs: 5_000,
  /** Pause between reconnection attempts after a drop (the nats client retries forever). */
  natsReconnectWaitMs: 2_000,
  /** Stream retention: a week covers a worker being down over a weekend. */
  natsStreamMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
  /** Stream size cap (oldest events are discarded first). */
  natsStreamMaxBytes: 1024 * 1024 * 1024,
  /**
   * How long the server waits for an ack before redelivering; long handlers extend it with progress acks
   * every third of it, so it only fires for a worker that died holding the event.
   */
  natsAckWaitMs: 30_000,
  /** Messages pulled per request by one consumer (the in-flight bound on the client). */
  natsPullBatch: 64,
  /**
   * Life of one durable pull request. A stopping durable waits for its request to end (pull requests
   * cannot be cancelled), so this bounds how long `unsubscribe()` takes; 1 s is the nats client's minimum.
   */
  natsPullExpiresMs: 1_000,
  /** Unacknowledged messages the server lets one durable have outstanding. */
  natsMaxAckPending: 1_000,
  /** Bytes reserved for the JetStream headers (`Nats-Msg-Id`) within the server's `max_payload`. */
  natsHeaderReserveBytes: 512,
  /**
   * Delay on the nak that hands pulled-but-unhandled messages back when a durable's handler detaches.
   * An immediate nak burst loses messages on nats-server 2.9 (one nak'ed message is parked until its ack
   * wait, and the consumer's cursor rewinds so another is delivered twice); delayed naks go through the
   * server's sorted redelivery path and come back complete and in order. Measured on 2.9.10.
   */
  natsHandbackDelayMs: 10,
  /**
   * Pause before recreating a consumer whose message stream failed (server down, consumer or stream
   * deleted), doubling per consecutive failure up to the maximum.
   */
  natsConsumerRestartMs: 1_000,
  natsConsumerRestartMaxMs: 30_000,
} as const;
