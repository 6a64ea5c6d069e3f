import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../connection.js';
import type { CredentialRow, Schema } from '../schema.js';
import { keysetPages } from './paging.js';
import { anyColumnContains } from './text-search.js';

export interface CredentialFilter {
  service?: string;
  attackerIp?: string;
  decky?: string;
  principal?: string;
  /** Case-insensitive substring of the principal or the printable secret. */
  search?: string;
}

function whereCredential<O>(
  database: Database,
  query: SelectQueryBuilder<Schema, 'credentials', O>,
  filter: CredentialFilter,
): SelectQueryBuilder<Schema, 'credentials', O> {
  let q = query;
  if (filter.service) q = q.where('service', '=', filter.service);
  if (filter.attackerIp) q = q.where('attacker_ip', '=', filter.attackerIp);
  if (filter.decky) q = q.where('decky', '=', filter.decky);
  if (filter.principal) q = q.where('principal', '=', filter.principal);
  if (filter.search) {
    q = q.where(anyColumnContains(database, ['principal', 'secret_printable'], filter.search));
  }
  return q;
}

/** Credentials most recently created first, paged on id. */
export async function listCredentials(
  database: Database,
  filter: CredentialFilter,
  limit: number,
  beforeId?: number,
): Promise<CredentialRow[]> {
  let q = whereCredential(database, database.db.selectFrom('credentials').selectAll(), filter);
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

/** The credential listing of the API, without the internal identity key. */
export type CredentialListing = Omit<CredentialRow, 'credential_key'>;

/** One page of credentials, most recently first seen first (the order they were stored in). */
export async function pageCredentials(
  database: Database,
  filter: CredentialFilter,
  limit: number,
  offset: number,
): Promise<CredentialListing[]> {
  return whereCredential(
    database,
    database.db
      .selectFrom('credentials')
      .select([
        'id',
        'attacker_ip',
        'decky',
        'service',
        'principal',
        'secret_kind',
        'secret_printable',
        'secret_b64',
        'secret_sha256',
        'outcome',
        'first_seen',
        'last_seen',
        'attempt_count',
      ]),
    filter,
  )
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countCredentials(database: Database, filter: CredentialFilter): Promise<number> {
  const row = await whereCredential(
    database,
    database.db.selectFrom('credentials').select((eb) => eb.fn.countAll<number>().as('n')),
    filter,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}
