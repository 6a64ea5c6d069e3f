import type { Database } from '../connection.js';

/** A value from the key/value state table (cursors, import progress), or null. */
export async function getState(database: Database, key: string): Promise<unknown> {
  const row = await database.db.selectFrom('state').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setState(database: Database, key: string, value: unknown, now: string): Promise<void> {
  await database.db
    .insertInto('state')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}
