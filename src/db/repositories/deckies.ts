import type { Database } from '../connection.js';
import type { DeckyRow } from '../schema.js';

/** A decky as the fabric records it: the columns, plus its whole plan in `config` for a redeploy. */
export interface DeckyRecord {
  name: string;
  ip: string;
  mac: string | null;
  hostname: string;
  archetype: string | null;
  distro: string;
  osProfile: string;
  driver: string;
  services: string[];
  /** The decky's plan and its place in deploy order. */
  config: { order: number; plan: unknown };
}

export const DECKY_STATES = ['running', 'stopped'] as const;
export type DeckyState = (typeof DECKY_STATES)[number];

export async function saveDeckies(
  database: Database,
  records: readonly DeckyRecord[],
  state: DeckyState,
  now: string,
): Promise<void> {
  if (records.length === 0) return;
  await database.db.transaction().execute(async (tx) => {
    for (const r of records) {
      const row = {
        name: r.name,
        ip: r.ip,
        mac: r.mac,
        hostname: r.hostname,
        archetype: r.archetype,
        distro: r.distro,
        os_profile: r.osProfile,
        driver: r.driver,
        services: r.services,
        config: r.config,
        state,
        created_at: now,
        updated_at: now,
      };
      const { name: _n, created_at: _c, ...changes } = row;
      await tx
        .insertInto('deckies')
        .values(row)
        .onConflict((oc) => oc.column('name').doUpdateSet(changes))
        .execute();
    }
  });
}

export async function deleteDeckies(database: Database, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await database.db
    .deleteFrom('deckies')
    .where('name', 'in', [...names])
    .execute();
}

export async function setDeckyState(database: Database, state: DeckyState, now: string): Promise<void> {
  await database.db.updateTable('deckies').set({ state, updated_at: now }).execute();
}

/** Every recorded decky, in deploy order. */
export async function listDeckies(database: Database): Promise<DeckyRow[]> {
  const rows = await database.db.selectFrom('deckies').selectAll().execute();
  const order = (row: DeckyRow) => Number((row.config as { order?: unknown }).order ?? 0);
  return rows.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
}
