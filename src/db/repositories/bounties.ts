import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../connection.js';
import type { BountyRow, Schema } from '../schema.js';

export interface BountyFilter {
  bountyType?: string;
  fingerprintType?: string;
  attackerIp?: string;
  decky?: string;
  service?: string;
}

/** A bounty as listed: everything but the internal deduplication key. */
export type BountyListing = Omit<BountyRow, 'payload_key'>;

function whereBounty<O>(
  query: SelectQueryBuilder<Schema, 'bounties', O>,
  filter: BountyFilter,
): SelectQueryBuilder<Schema, 'bounties', O> {
  let q = query;
  if (filter.bountyType) q = q.where('bounty_type', '=', filter.bountyType);
  if (filter.fingerprintType) q = q.where('fingerprint_type', '=', filter.fingerprintType);
  if (filter.attackerIp) q = q.where('attacker_ip', '=', filter.attackerIp);
  if (filter.decky) q = q.where('decky', '=', filter.decky);
  if (filter.service) q = q.where('service', '=', filter.service);
  return q;
}

/** One page of the bounty vault, most recently found first (the order they were stored in). */
export async function pageBounties(
  database: Database,
  filter: BountyFilter,
  limit: number,
  offset: number,
): Promise<BountyListing[]> {
  return whereBounty(
    database.db
      .selectFrom('bounties')
      .select([
        'id',
        'timestamp',
        'decky',
        'service',
        'attacker_ip',
        'bounty_type',
        'fingerprint_type',
        'payload',
      ]),
    filter,
  )
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countBounties(database: Database, filter: BountyFilter): Promise<number> {
  const row = await whereBounty(
    database.db.selectFrom('bounties').select((eb) => eb.fn.countAll<number>().as('n')),
    filter,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}
