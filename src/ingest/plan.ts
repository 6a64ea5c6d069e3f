import { createHash } from 'node:crypto';
import { ATTACKER_SESSION_ENDED, CREDENTIAL_CAPTURED } from '../bus/topics.js';
import {
  type BountyInsert,
  type CommandInsert,
  type CredentialUpsert,
  type DeadLetterInsert,
  LOG_ROW_WIDTH,
  type LogRows,
  type OutboxEvent,
  type SessionInsert,
} from '../db/ingest/ingest-tx.js';
import { eventSpec } from '../events/catalogue.js';
import { readCredential } from '../events/credential.js';
import type { LogRecord } from '../events/record.js';
import {
  bountyKey,
  canonicalJson,
  type ExtractBountiesOptions,
  extractBounties,
  requestSignature,
} from './bounties/index.js';
import { type AttackerActivity, deriveBatch, type StoredLog } from './derive.js';

/** One batch as read and parsed: good lines in source order, malformed ones, and where the source now stands. */
export interface BatchInput {
  logs: Array<{ record: LogRecord; rawLine: string }>;
  deadLetters: DeadLetterInsert[];
  /** Committed with the rows, so a crash replays exactly the batches that did not commit. */
  cursor: { key: string; value: unknown } | null;
  /** Names the source in the batch's `system.log` event (`spool`, `import`). */
  source: string;
}

/** A row that refers to a log of the same batch, by its position: ids exist only once the logs are written. */
export type ByLogIndex<T extends { log_id: number }> = Omit<T, 'log_id'> & { log_index: number };

/** An attacker's activity in a batch, as plain data (it crosses to the writer thread). */
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
 * Everything one batch will write, computed without touching the database: plain data, so it can be
 * handed to a writer thread while the next batch is being planned.
 */
export interface BatchPlan {
  logs: LogRows;
  deadLetters: DeadLetterInsert[];
  credentials: CredentialUpsert[];
  /**
   * The `credential.captured` events of the batch, as a JSON array of outbox events: they need nothing
   * from the database, so the planner encodes them and the writer only stores the text.
   */
  credentialEvents: string;
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
  bounties: ExtractBountiesOptions;
}

export function planBatch(input: BatchInput, opts: PlanOptions): BatchPlan {
  // Positions stand in for log ids until the writer knows them.
  const stored: StoredLog[] = input.logs.map(({ record }, i) => ({ id: i, record }));
  const derived = deriveBatch(stored);
  const credentials = aggregateCredentials(stored);
  for (const c of credentials) derived.activity.get(c.attacker_ip)!.credentialAttempts += c.attempt_count;

  const logEvents: PlannedLogEvent[] = [];
  for (const { id, record } of stored) {
    const topic = record.eventType ? eventSpec(record.eventType)?.topic : null;
    // Credentials and sessions get their own richer events, written by the applier.
    if (!topic || topic === CREDENTIAL_CAPTURED || topic === ATTACKER_SESSION_ENDED) continue;
    logEvents.push({
      log_index: id,
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

  return {
    logs: logRows(input.logs, opts.now),
    deadLetters: input.deadLetters,
    credentials,
    credentialEvents: JSON.stringify(
      credentials.map(
        (c): OutboxEvent => ({
          id: opts.newId(),
          topic: CREDENTIAL_CAPTURED,
          type: 'credential.captured',
          ts: opts.ts,
          payload: {
            attacker_ip: c.attacker_ip,
            decky: c.decky,
            service: c.service,
            principal: c.principal,
            secret_kind: c.secret_kind,
            secret_sha256: c.secret_sha256,
            attempts: c.attempt_count,
          },
        }),
      ),
    ),
    bounties: collectBounties(stored, opts.bounties),
    commands: derived.commands.map(({ log_id, ...c }) => ({ ...c, log_index: log_id })),
    sessions: derived.sessions.map(({ log_id, ...s }) => ({ ...s, log_index: log_id })),
    activity: [...derived.activity.values()].map((a) => ({ ...a, services: [...a.services] })),
    logEvents,
    cursor: input.cursor,
    source: input.source,
    now: opts.now,
    ts: opts.ts,
  };
}

function logRows(logs: BatchInput['logs'], receivedAt: string): LogRows {
  const values: LogRows['values'] = new Array(logs.length * LOG_ROW_WIDTH);
  let v = 0;
  // In LOG_ROW_COLUMNS order.
  for (const { record, rawLine } of logs) {
    values[v++] = record.timestamp;
    values[v++] = receivedAt;
    values[v++] = record.decky;
    values[v++] = record.service;
    values[v++] = record.eventType;
    values[v++] = record.attackerIp;
    values[v++] = record.severity;
    values[v++] = JSON.stringify(record.fields);
    values[v++] = record.msg;
    values[v++] = rawLine;
  }
  return { count: logs.length, values };
}

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
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/** Bounties of the batch, deduplicated within it (the table deduplicates against earlier batches). */
function collectBounties(stored: StoredLog[], opts: ExtractBountiesOptions): BountyInsert[] {
  // Keyed by the text the hash is made of, so each distinct bounty is hashed once however often it recurs.
  const byIdentity = new Map<string, BountyInsert>();
  const requestsSeen = new Set<string>();
  for (const { record } of stored) {
    const signature = requestSignature(record);
    if (signature !== null) {
      if (requestsSeen.has(signature)) continue;
      requestsSeen.add(signature);
    }
    for (const bounty of extractBounties(record, opts)) {
      const payloadJson = canonicalJson(bounty.payload);
      const identity = `${bounty.bountyType}|${bounty.attackerIp}|${payloadJson}`;
      if (byIdentity.has(identity)) continue;
      const key = bountyKey(bounty.bountyType, bounty.attackerIp, payloadJson);
      byIdentity.set(identity, {
        timestamp: record.timestamp,
        decky: record.decky,
        service: record.service,
        attacker_ip: bounty.attackerIp,
        bounty_type: bounty.bountyType,
        fingerprint_type: bounty.fingerprintType,
        payload_json: payloadJson,
        payload_key: key,
      });
    }
  }
  return [...byIdentity.values()];
}
