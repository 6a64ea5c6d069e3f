import type { Database } from '../connection.js';
import type { Schema } from '../schema.js';
import type { DeckyState } from './deckies.js';
import { logTimeSpan } from './logs.js';

/** The installation in figures: what the dashboard's stat tiles show. */
export interface InstallationStats {
  totalLogs: number;
  /** Attackers with a profile (one per source address). */
  uniqueAttackers: number;
  totalCredentials: number;
  totalBounties: number;
  totalSessions: number;
  deckies: { recorded: number; running: number };
  deadLetters: number;
  firstEvent: string | null;
  lastEvent: string | null;
}

const RUNNING: DeckyState = 'running';

/**
 * Every figure from whole-table counts and index look-ups: distinct attackers come from the attackers
 * table (one row per address), not from a DISTINCT over the logs.
 */
export async function installationStats(database: Database): Promise<InstallationStats> {
  const count = async (table: keyof Schema) => {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const [totalLogs, uniqueAttackers, totalCredentials, totalBounties, totalSessions, deadLetters] =
    await Promise.all([
      count('logs'),
      count('attackers'),
      count('credentials'),
      count('bounties'),
      count('sessions'),
      count('dead_letters'),
    ]);
  const deckies = await database.db
    .selectFrom('deckies')
    .select((eb) => [
      eb.fn.countAll<number>().as('recorded'),
      eb.fn.sum<number>(eb.case().when('state', '=', RUNNING).then(1).else(0).end()).as('running'),
    ])
    .executeTakeFirstOrThrow();
  const span = await logTimeSpan(database);
  return {
    totalLogs,
    uniqueAttackers,
    totalCredentials,
    totalBounties,
    totalSessions,
    deckies: { recorded: Number(deckies.recorded), running: Number(deckies.running ?? 0) },
    deadLetters,
    firstEvent: span.first,
    lastEvent: span.last,
  };
}
