import type { Database } from '../connection.js';
import type { CredentialRow } from '../schema.js';

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

export async function* iterateCredentials(
  database: Database,
  filter: CredentialFilter,
  total: number,
  pageSize = 5000,
): AsyncGenerator<CredentialRow> {
  let before: number | undefined;
  let left = total;
  while (left > 0) {
    const page = await listCredentials(database, filter, Math.min(pageSize, left), before);
    for (const row of page) yield row;
    if (page.length < Math.min(pageSize, left)) return;
    left -= page.length;
    before = page.at(-1)!.id;
  }
}
