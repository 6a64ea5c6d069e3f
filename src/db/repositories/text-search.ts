import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../connection.js';

/** `text` as a LIKE pattern that matches it anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Any of `columns` contains `text`, ignoring case (ASCII case on SQLite, whose LIKE folds only ASCII;
 * full Unicode case on PostgreSQL's ILIKE). A substring match cannot use an index: it scans.
 */
export function anyColumnContains(
  database: Database,
  columns: readonly string[],
  text: string,
): RawBuilder<boolean> {
  const pattern = containsPattern(text);
  const op = database.dialect === 'postgres' ? sql`ILIKE` : sql`LIKE`;
  const tests = columns.map((c) => sql`${sql.ref(c)} ${op} ${pattern} ESCAPE '\\'`);
  return sql<boolean>`(${sql.join(tests, sql` OR `)})`;
}
