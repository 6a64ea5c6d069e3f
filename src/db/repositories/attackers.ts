import { sql } from 'kysely';
import type { Database } from '../connection.js';
import type { AttackerRow } from '../schema.js';
import { keysetPages } from './paging.js';

export interface AttackerFilter {
  /** Attackers that touched this service. */
  service?: string;
  ip?: string;
  decky?: string;
}

interface AttackerCursor {
  lastSeen: string;
  uuid: string;
}

/** Attackers most recently active first, paged on (last_seen, uuid). */
export async function listAttackers(
  database: Database,
  filter: AttackerFilter,
  limit: number,
  after?: AttackerCursor,
): Promise<AttackerRow[]> {
  let q = database.db.selectFrom('attackers').selectAll();
  if (filter.ip) q = q.where('ip', '=', filter.ip);
  if (filter.service) q = q.where(jsonArrayContains(database, 'services', filter.service));
  if (filter.decky) q = q.where(jsonArrayContains(database, 'deckies', filter.decky));
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('last_seen', '<', after.lastSeen),
        eb.and([eb('last_seen', '=', after.lastSeen), eb('uuid', '<', after.uuid)]),
      ]),
    );
  }
  return q.orderBy('last_seen', 'desc').orderBy('uuid', 'desc').limit(limit).execute();
}

export function iterateAttackers(
  database: Database,
  filter: AttackerFilter,
  total: number,
  pageSize?: number,
): AsyncGenerator<AttackerRow> {
  return keysetPages(
    (limit, after: AttackerCursor | undefined) => listAttackers(database, filter, limit, after),
    (row) => ({ lastSeen: row.last_seen, uuid: row.uuid }),
    total,
    pageSize,
  );
}

/** `column` (a JSON array of strings) contains `value`, on either dialect. */
function jsonArrayContains(database: Database, column: 'services' | 'deckies', value: string) {
  return database.dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} @> ${JSON.stringify([value])}::jsonb`
    : sql<boolean>`EXISTS (SELECT 1 FROM json_each(${sql.ref(column)}) WHERE json_each.value = ${value})`;
}
