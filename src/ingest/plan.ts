import { hash } from 'node:crypto';
import { ATTACKER_SESSION_ENDED, CREDENTIAL_CAPTURED } from '../bus/topics.js';
import type {
  BountyInsert,
  CommandInsert,
  CredentialUpsert,
  DeadLetterInsert,
  LogRows,
  SessionInsert,
} from '../db/ingest/ingest-tx.js';
import type { CredentialEvents } from '../db/schema.js';

import { readCredential } from '../events/credential.js';
import type { LogRecord } from '../events/record.js';
import { eventTopic } from '../events/topics.js';
import {
  bountyKey,
  canonicalJson,
  type ExtractBountiesOptions,
  extractBounties,
  requestSignature,
} from './bounties/index.js';
import { type AttackerActivity, type ByLogIndex, deriveBatch, type StoredLog } from './derive.js';

/** One batch as read and parsed: good lines in source order, malformed ones, and where the source now stands. */
export interface BatchInput {
  logs: Array<{ record: LogRecord; rawLine: string }>;
  deadLetters: DeadLetterInsert[];
  /** Committed with the rows, so a crash replays exactly the batches that did not commit. */
  cursor: { key: string; value: unknown } | null;
  /** Names the source in the batch's `system.log` event (`spool`, `import`). */
  source: string;
}

/** An attacker's activity in a batch, as plain data. */
export interface PlannedActivity extends Omit<AttackerActivity, 'services'> {
  services: string[];
}

/** A bus event a stored log announces through its catalogue topic. */
export interface PlannedLogEvent {
  log_index: number;
  topic: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Everything one batch will write, computed without touching the database: plain data, so planning
 * never waits for the database and a batch can be written while the next is planned (Ingester.drain).
 */
export interface BatchPlan {
  logs: LogRows;
  deadLetters: DeadLetterInsert[];
  credentials: CredentialUpsert[];
  /**
   * The `credential.captured` events of the batch, as the JSON of a CredentialEvents (null when the
   * batch has no credentials): they need nothing from the database, so the planner encodes them and
   * the writer only stores the text.
   */
  credentialEvents: string | null;
  bounties: BountyInsert[];
  commands: Array<ByLogIndex<CommandInsert>>;
  sessions: Array<ByLogIndex<SessionInsert>>;
  activity: PlannedActivity[];
  logEvents: PlannedLogEvent[];
  cursor: { key: string; value: unknown } | null;
  source: string;
  /** When the batch was received: ISO-8601 UTC with microseconds. */
  now: string;
  /** The same instant in epoch seconds, for bus envelopes. */
  ts: number;
}

export interface PlanOptions {
  now: string;
  ts: number;
  newId: () => string;
  /** Bytes of the batch's raw lines, when known: sizes the log text buffer once instead of growing it. */
  lineBytes?: number;
  bounties: ExtractBountiesOptions;
}

/**
 * Builds one batch's plan a chunk of lines at a time. A chunk's parsed records are needed only while it
 * is added; what it contributes is folded into compact running results (rows, credential and bounty
 * maps, per-attacker activity), so the records die young in the heap instead of being kept, and
 * copied by the garbage collector, until the whole batch is planned.
 */
export class PlanBuilder {
  private readonly logs: LogRowsBuilder;
  private readonly deadLetters: DeadLetterInsert[] = [];
  private readonly credentials = new Map<string, CredentialUpsert>();
  private readonly bounties: BountyIndex = { byAttacker: new Map(), inOrder: [] };
  private readonly requestsSeen = new Set<string>();
  private readonly commands: Array<ByLogIndex<CommandInsert>> = [];
  private readonly sessions: Array<ByLogIndex<SessionInsert>> = [];
  private readonly activity = new Map<string, AttackerActivity>();
  private readonly logEvents: PlannedLogEvent[] = [];

  constructor(private readonly opts: PlanOptions) {
    // The text holds each raw line and the JSON of its fields, which is about as long again.
    this.logs = new LogRowsBuilder(
      opts.lineBytes === undefined ? LOG_TEXT_INITIAL_BYTES : Math.max(2 * opts.lineBytes, 64 * 1024),
    );
  }

  /** Adds parsed lines, in source order. */
  addLogs(logs: BatchInput['logs']): void {
    // Positions in the batch stand in for log ids until the writer knows them.
    const offset = this.logs.count;
    const stored: StoredLog[] = logs.map(({ record }, i) => ({ index: offset + i, record }));
    this.logs.add(logs, this.opts.now);

    const derived = deriveBatch(stored, this.activity);
    for (const c of derived.commands) this.commands.push(c);
    for (const s of derived.sessions) this.sessions.push(s);
    for (const c of aggregateCredentials(stored)) {
      this.activity.get(c.attacker_ip)!.credentialAttempts += c.attempt_count;
      const seen = this.credentials.get(c.credential_key);
      if (!seen) this.credentials.set(c.credential_key, c);
      else {
        seen.attempt_count += c.attempt_count;
        if (c.first_seen < seen.first_seen) seen.first_seen = c.first_seen;
        if (c.last_seen > seen.last_seen) seen.last_seen = c.last_seen;
        if (c.outcome) seen.outcome = c.outcome;
      }
    }
    collectBounties(stored, this.opts.bounties, this.bounties, this.requestsSeen);
    for (const { index, record } of stored) {
      const topic = record.eventType ? eventTopic(record.eventType) : null;
      // Credentials and sessions get their own richer events, written by the applier.
      if (!topic || topic === CREDENTIAL_CAPTURED || topic === ATTACKER_SESSION_ENDED) continue;
      this.logEvents.push({
        log_index: index,
        topic,
        type: record.eventType!,
        payload: {
          timestamp: record.timestamp,
          attacker_ip: record.attackerIp,
          decky: record.decky,
          service: record.service,
          fields: record.fields,
        },
      });
    }
  }

  addDeadLetters(rows: DeadLetterInsert[]): void {
    for (const row of rows) this.deadLetters.push(row);
  }

  build(cursor: BatchPlan['cursor'], source: string): BatchPlan {
    const credentials = [...this.credentials.values()];
    return {
      logs: this.logs.build(),
      deadLetters: this.deadLetters,
      credentials,
      credentialEvents:
        credentials.length === 0
          ? null
          : JSON.stringify({
              id: this.opts.newId(),
              ts: this.opts.ts,
              items: credentials.map((c) => [c.credential_key, c.attempt_count]),
            } satisfies CredentialEvents),
      bounties: this.bounties.inOrder,
      commands: this.commands,
      sessions: this.sessions,
      activity: [...this.activity.values()].map((a) => ({ ...a, services: [...a.services] })),
      logEvents: this.logEvents,
      cursor,
      source,
      now: this.opts.now,
      ts: this.opts.ts,
    };
  }
}

/** A whole batch in one go (tests, small batches). */
export function planBatch(input: BatchInput, opts: PlanOptions): BatchPlan {
  const builder = new PlanBuilder(opts);
  builder.addLogs(input.logs);
  builder.addDeadLetters(input.deadLetters);
  return builder.build(input.cursor, input.source);
}

/** Builds a batch's LogRows as lines are added (see LogRows: long texts go into one growing buffer). */
class LogRowsBuilder {
  readonly values: LogRows['values'] = [];
  private text: Buffer;
  private used = 0;
  private readonly ends: number[] = [];
  count = 0;

  constructor(initialBytes: number) {
    this.text = Buffer.allocUnsafeSlow(initialBytes);
  }

  add(logs: BatchInput['logs'], receivedAt: string): void {
    for (const { record, rawLine } of logs) {
      // In LOG_VALUE_COLUMNS order, then LOG_TEXT_COLUMNS order.
      this.values.push(
        record.timestamp,
        receivedAt,
        record.decky,
        record.service,
        record.eventType,
        record.attackerIp,
        record.severity,
        record.msg,
      );
      this.appendText(JSON.stringify(record.fields));
      this.appendText(rawLine);
      this.count++;
    }
  }

  build(): LogRows {
    return {
      count: this.count,
      values: this.values,
      text: this.text.subarray(0, this.used),
      textEnds: Uint32Array.from(this.ends),
    };
  }

  private appendText(text: string): void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes.
    const worst = text.length * 3;
    if (this.used + worst > this.text.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.text.length * 2, this.used + worst));
      this.text.copy(grown, 0, 0, this.used);
      this.text = grown;
    }
    this.used += this.text.write(text, this.used, 'utf8');
    this.ends.push(this.used);
  }
}

/** Initial text buffer of a batch of unknown size; it doubles as needed (5,000 lines hold about 2 MiB). */
const LOG_TEXT_INITIAL_BYTES = 1024 * 1024;

/**
 * One upsert per distinct (attacker, decky, service, secret, principal) in the batch, with its attempt
 * count: a brute-force burst of 1,000 tries of one password is one row with 1,000 attempts.
 */
function aggregateCredentials(stored: StoredLog[]): CredentialUpsert[] {
  const byKey = new Map<string, CredentialUpsert>();
  for (const { record } of stored) {
    if (!record.attackerIp || record.fields.secret_b64 === undefined) continue;
    const credential = readCredential(record.fields);
    if (!credential) continue;
    const decky = record.decky ?? '';
    const service = record.service ?? '';
    const key = `${record.attackerIp}\u0000${decky}\u0000${service}\u0000${credential.secret_sha256}\u0000${credential.principal ?? ''}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.attempt_count++;
      if (record.timestamp < seen.first_seen) seen.first_seen = record.timestamp;
      if (record.timestamp > seen.last_seen) seen.last_seen = record.timestamp;
      if (credential.outcome) seen.outcome = credential.outcome;
      continue;
    }
    byKey.set(key, {
      attacker_ip: record.attackerIp,
      decky,
      service,
      principal: credential.principal,
      credential_key: credentialKey(key),
      secret_kind: credential.secret_kind,
      secret_sha256: credential.secret_sha256,
      secret_b64: credential.secret_b64,
      secret_printable: credential.secret_printable,
      outcome: credential.outcome ?? null,
      first_seen: record.timestamp,
      last_seen: record.timestamp,
      attempt_count: 1,
    });
  }
  return [...byKey.values()];
}

/** A credential's identity as stored: 128 bits of SHA-256 over attacker, decky, service, secret and principal. */
function credentialKey(identity: string): string {
  // One-shot hash(): no Hash object per call, about a third of createHash()'s cost on short inputs.
  return hash('sha256', identity, 'hex').slice(0, 32);
}

/**
 * The distinct bounties of a batch, in first-seen order, and indexed by attacker, type and payload JSON
 * (nested, so a lookup builds no key string: this runs for every bounty of every line).
 */
interface BountyIndex {
  byAttacker: Map<string, Map<string, Map<string, BountyInsert>>>;
  inOrder: BountyInsert[];
}

/**
 * Bounties of the batch into `index`, deduplicated within it (the table deduplicates against earlier
 * batches), so each distinct bounty is hashed once however often it recurs; a request already seen in
 * the batch is not even extracted again.
 */
function collectBounties(
  stored: StoredLog[],
  opts: ExtractBountiesOptions,
  index: BountyIndex,
  requestsSeen: Set<string>,
): void {
  for (const { record } of stored) {
    const signature = requestSignature(record);
    if (signature !== null) {
      if (requestsSeen.has(signature)) continue;
      requestsSeen.add(signature);
    }
    for (const bounty of extractBounties(record, opts)) {
      const payloadJson = canonicalJson(bounty.payload);
      let byType = index.byAttacker.get(bounty.attackerIp);
      if (!byType) {
        byType = new Map();
        index.byAttacker.set(bounty.attackerIp, byType);
      }
      let byPayload = byType.get(bounty.bountyType);
      if (!byPayload) {
        byPayload = new Map();
        byType.set(bounty.bountyType, byPayload);
      }
      if (byPayload.has(payloadJson)) continue;
      const row: BountyInsert = {
        timestamp: record.timestamp,
        decky: record.decky,
        service: record.service,
        attacker_ip: bounty.attackerIp,
        bounty_type: bounty.bountyType,
        fingerprint_type: bounty.fingerprintType,
        payload_json: payloadJson,
        payload_key: bountyKey(bounty.bountyType, bounty.attackerIp, payloadJson),
      };
      byPayload.set(payloadJson, row);
      index.inOrder.push(row);
    }
  }
}
