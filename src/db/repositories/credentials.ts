import type { Database } from '../connection.js';
import type { CredentialRow } from '../schema.js';
import { keysetPages } from './paging.js';

export interface CredentialFilter {
  service?: string;
  attackerIp?: string;
  decky?: string;
  principal?: string;
}

/** Credentials most recently created first, paged on id. */
export async function listCredentials(
  database: Database,
  filter: CredentialFilter,
  limit: number,
  beforeId?: number,
): Promise<CredentialRow[]> {
  let q = database.db.selectFrom('credentials').selectAll();
  if (filter.service) q = q.where('service', '=', filter.service);
  if (filter.attackerIp) q = q.where('attacker_ip', '=', filter.attackerIp);
  if (filter.decky) q = q.where('decky', '=', filter.decky);
  if (filter.principal) q = q.where('principal', '=', filter.principal);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function iterateCredentials(
  database: Database,
  filter: CredentialFilter,
  total: number,
  pageSize?: number,
): AsyncGenerator<CredentialRow> {
  return keysetPages(
    (limit, beforeId: number | undefined) => listCredentials(database, filter, limit, beforeId),
    (row) => row.id,
    total,
    pageSize,
  );
}
