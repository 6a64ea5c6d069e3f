/**
 * How values cross into and out of the databases (see ValueCodecPlugin), as plain functions: the
 * ingest threads decode rows with them without loading the query builder.
 */
import { BOOLEAN_COLUMNS, JSON_COLUMNS } from './schema.js';

/** A value as the driver of `dialect` takes it: objects and arrays as JSON text, booleans as 0/1 on SQLite. */
export function encodeValue(value: unknown, dialect: 'sqlite' | 'postgres'): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'boolean') return dialect === 'sqlite' ? (value ? 1 : 0) : value;
  if (typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
    return JSON.stringify(value);
  }
  return value;
}

/** Decodes one SQLite row in place. Exported for the raw-statement fast paths. */
export function decodeSqliteRow(row: Record<string, unknown>): void {
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'string' && JSON_COLUMNS.has(key)) row[key] = JSON.parse(value);
    else if (typeof value === 'number' && BOOLEAN_COLUMNS.has(key)) row[key] = value !== 0;
  }
}
