import type { Database } from '../connection.js';
import type { LogRow } from '../schema.js';
import { keysetPages } from './paging.js';

export interface LogFilter {
  service?: string;
  attackerIp?: string;
  eventType?: string;
  decky?: string;
}

/** Logs newest first, in pages keyed on id (constant cost per page however deep the listing goes). */
export async function listLogs(
  database: Database,
  filter: LogFilter,
  limit: number,
  beforeId?: number,
): Promise<LogRow[]> {
  let q = database.db.selectFrom('logs').selectAll();
  if (filter.service) q = q.where('service', '=', filter.service);
  if (filter.attackerIp) q = q.where('attacker_ip', '=', filter.attackerIp);
  if (filter.eventType) q = q.where('event_type', '=', filter.eventType);
  if (filter.decky) q = q.where('decky', '=', filter.decky);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function iterateLogs(
  database: Database,
  filter: LogFilter,
  total: number,
  pageSize?: number,
): AsyncGenerator<LogRow> {
  return keysetPages(
    (limit, beforeId: number | undefined) => listLogs(database, filter, limit, beforeId),
    (row) => row.id,
    total,
    pageSize,
  );
}
