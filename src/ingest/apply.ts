import { ATTACKER_OBSERVED, ATTACKER_SESSION_ENDED, SYSTEM_LOG } from '../bus/topics.js';
import type { IngestTx, OutboxEvent, SessionInsert } from '../db/ingest/ingest-tx.js';
import type { AttackerRow } from '../db/schema.js';
import { mergeAttacker } from './attackers.js';
import type { BatchPlan } from './plan.js';

export interface BatchResult {
  stored: number;
  deadLettered: number;
  firstLogId: number | null;
  lastLogId: number | null;
  newAttackers: number;
  outboxEvents: number;
}

/**
 * Writes one planned batch inside the caller's transaction: logs, dead letters, credentials, bounties,
 * commands, sessions, attackers, the bus events announcing them (outbox) and the source cursor. The
 * caller commits all of it or none, so a replay after a crash neither loses nor duplicates anything.
 * `logIds` says the batch's rows were appended already (see appendRows), under those log ids.
 */
export async function applyPlan(
  tx: IngestTx,
  plan: BatchPlan,
  newId: () => string,
  logIds?: number[],
): Promise<BatchResult> {
  const outbox: OutboxEvent[] = [];
  const event = (topic: string, type: string, payload: Record<string, unknown>) =>
    outbox.push({ id: newId(), topic, type, ts: plan.ts, payload });

  logIds ??= await appendRows(tx, plan);
  await tx.upsertCredentials(plan.credentials);
  const newBounties = await tx.insertBounties(plan.bounties);

  const sessions: SessionInsert[] = plan.sessions.map(({ log_index, ...s }) => ({
    ...s,
    log_id: logIds[log_index]!,
  }));
  const newSessions = new Set(await tx.insertSessions(sessions));
  for (const session of sessions) {
    if (!newSessions.has(session.id)) continue;
    const commandCount = await tx.linkSessionCommands(session);
    await tx.setSessionCommandCount(session.id, commandCount);
    event(ATTACKER_SESSION_ENDED, 'session.ended', {
      session_id: session.id,
      attacker_ip: session.attacker_ip,
      decky: session.decky,
      service: session.service,
      started_at: session.started_at,
      ended_at: session.ended_at,
      duration_s: session.duration_s,
      bytes: session.bytes,
      command_count: commandCount,
      recording: session.recording,
    });
  }

  const bountiesByIp = countBy(newBounties.map((b) => b.attacker_ip));
  const sessionsByIp = countBy(
    sessions.filter((s) => newSessions.has(s.id) && s.attacker_ip).map((s) => s.attacker_ip!),
  );
  const rows = await mergeAttackers(tx, plan, bountiesByIp, sessionsByIp, newId);
  await tx.saveAttackers(rows);
  let newAttackers = 0;
  for (const { row, isNew } of rows) {
    if (!isNew) continue;
    newAttackers++;
    event(ATTACKER_OBSERVED, 'attacker.observed', {
      attacker_uuid: row.uuid,
      attacker_ip: row.ip,
      first_seen: row.first_seen,
      services: row.services,
      deckies: row.deckies,
    });
  }

  for (const e of plan.logEvents) event(e.topic, e.type, { log_id: logIds[e.log_index], ...e.payload });

  if (plan.logs.count + plan.deadLetters.length > 0) {
    event(SYSTEM_LOG, 'batch_committed', {
      component: 'ingester',
      source: plan.source,
      flushed: plan.logs.count,
      dead_lettered: plan.deadLetters.length,
      first_log_id: logIds[0] ?? null,
      last_log_id: logIds.at(-1) ?? null,
    });
  }
  await tx.insertOutbox(JSON.stringify(outbox), plan.credentialEvents, plan.now);
  if (plan.cursor) await tx.setState(plan.cursor.key, plan.cursor.value, plan.now);

  return {
    stored: plan.logs.count,
    deadLettered: plan.deadLetters.length,
    firstLogId: logIds[0] ?? null,
    lastLogId: logIds.at(-1) ?? null,
    newAttackers,
    outboxEvents: outbox.length + plan.credentials.length,
  };
}

/**
 * The part of a batch that conflicts with no other batch's rows: its logs, dead letters and commands,
 * plain inserts with keys of their own. Another batch's transaction may be doing the same meanwhile,
 * and the rest of applyPlan (credentials, bounties and attackers, which batches share) may wait for
 * the earlier batch to commit. Resolves with the logs' ids, in batch order.
 */
export async function appendRows(tx: IngestTx, plan: BatchPlan): Promise<number[]> {
  const logIds = await tx.insertLogs(plan.logs);
  await tx.insertDeadLetters(plan.deadLetters);
  await tx.insertCommands(plan.commands.map(({ log_index, ...c }) => ({ ...c, log_id: logIds[log_index]! })));
  return logIds;
}

async function mergeAttackers(
  tx: IngestTx,
  plan: BatchPlan,
  bountiesByIp: Map<string, number>,
  sessionsByIp: Map<string, number>,
  newId: () => string,
): Promise<Array<{ row: AttackerRow; isNew: boolean }>> {
  if (plan.activity.length === 0) return [];
  const existing = new Map(
    (await tx.loadAttackers(plan.activity.map((a) => a.ip))).map((row) => [row.ip, row]),
  );
  return plan.activity.map((a) => {
    const before = existing.get(a.ip) ?? null;
    const row = mergeAttacker(
      before,
      { ...a, services: new Set(a.services) },
      { newBounties: bountiesByIp.get(a.ip) ?? 0, newSessions: sessionsByIp.get(a.ip) ?? 0 },
      plan.now,
      newId,
    );
    return { row, isNew: before === null };
  });
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}
