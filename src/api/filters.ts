import { z } from 'zod';
import { formatTimestamp } from '../events/rfc5424/timestamp.js';

/** Bounds on the filters of the threat-data listings (logs, credentials, bounties). */
export const FILTER_LIMITS = {
  /**
   * Longest free-text search. A substring search scans every row whatever the pattern; 256 characters
   * is more than an analyst types and keeps a hostile pattern from being large.
   */
  searchMaxLength: 256,
  /** Longest exact-match value (decky, service, event type, IP, principal): longer than any stored one. */
  valueMaxLength: 256,
  /** Longest time text: `YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM` is 35 characters. */
  timeMaxLength: 40,
} as const;

/** An exact-match filter on a column: non-empty, bounded. */
export const FilterValue = z.string().min(1).max(FILTER_LIMITS.valueMaxLength);

/** A case-insensitive substring search. */
export const SearchText = z
  .string()
  .min(1)
  .max(FILTER_LIMITS.searchMaxLength)
  .describe('Case-insensitive substring (`%` and `_` match themselves)');

/** RFC 3339 §5.6 date-time: a zone is required (`Z` or `±HH:MM`); up to nine fraction digits. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 date-time into DECNET's stored form (UTC, six fraction digits), so it compares
 * with stored timestamps as text on SQLite and as TIMESTAMPTZ on PostgreSQL. Null when not valid.
 */
export function parseTimeFilter(text: string): string | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (hour > 23 || minute > 59 || second > 59 || Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59) {
    return null;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  date.setUTCHours(hour, minute, second, 0);
  const micros =
    (date.getTime() - offsetMinutes * 60_000) * 1000 + Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  try {
    return formatTimestamp(micros);
  } catch {
    return null;
  }
}

/** A time filter in the query string: validated and normalised at the edge. */
export const TimeFilter = z
  .string()
  .max(FILTER_LIMITS.timeMaxLength)
  .transform((text, ctx) => {
    const parsed = parseTimeFilter(text);
    if (parsed === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected an RFC 3339 date-time with a zone, e.g. 2026-05-10T12:00:00Z',
      });
      return z.NEVER;
    }
    return parsed;
  });

/** `start_time` (inclusive) and `end_time` (exclusive), for every listing that has a time. */
export const TimeRangeQuery = z.object({
  start_time: TimeFilter.optional().describe('Earliest event time, inclusive (RFC 3339)'),
  end_time: TimeFilter.optional().describe('Latest event time, exclusive (RFC 3339)'),
});

/** Refuses a range that ends before it starts, naming `end_time`. */
export function checkTimeRange(
  range: { start_time?: string | undefined; end_time?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (range.start_time !== undefined && range.end_time !== undefined && range.end_time <= range.start_time) {
    ctx.addIssue({ code: 'custom', path: ['end_time'], message: 'must be later than start_time' });
  }
}
