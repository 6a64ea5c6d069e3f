/**
 * The time buckets of `GET /logs/histogram`: interval names, the default interval for a range, and
 * where buckets start. Pure: the route reads the database and the clock, this decides.
 */

export const HISTOGRAM_LIMITS = {
  /** Most buckets one answer may hold; past it, 400 (a chart has no use for more, the query costs more). */
  maxBuckets: 1_000,
  /** A default interval gives at most this many buckets: about one bar per 10 px on a dashboard chart. */
  defaultTargetBuckets: 120,
  /** The range when there are no logs and no start_time: the last hour. */
  emptyRangeS: 3_600,
} as const;

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** `<n><unit>`: seconds, minutes, hours or days; n from 1 to 99999. */
export const INTERVAL_PATTERN = /^([1-9]\d{0,4})([smhd])$/;

/** Intervals a default is chosen from, shortest first: the round figures a reader expects on an axis. */
const DEFAULT_LADDER = [
  '1s',
  '5s',
  '10s',
  '30s',
  '1m',
  '5m',
  '15m',
  '30m',
  '1h',
  '3h',
  '6h',
  '12h',
  '1d',
  '7d',
  '30d',
] as const;

const MICROS_PER_SECOND = 1_000_000;

/** The length of an interval such as `15m` in seconds, or null when it is not one. */
export function intervalSeconds(interval: string): number | null {
  const m = INTERVAL_PATTERN.exec(interval);
  if (!m) return null;
  return Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
}

/** Buckets of `intervalS` that cover [startMicros, endMicros), the first aligned to a multiple of it. */
export function bucketSpan(
  startMicros: number,
  endMicros: number,
  intervalS: number,
): { originS: number; count: number } {
  const originS = Math.floor(Math.floor(startMicros / MICROS_PER_SECOND) / intervalS) * intervalS;
  const count = Math.max(
    1,
    Math.ceil((endMicros - originS * MICROS_PER_SECOND) / (intervalS * MICROS_PER_SECOND)),
  );
  return { originS, count };
}

/**
 * The interval for a range when the caller names none: the shortest on the ladder that gives at most
 * the target number of buckets; past the ladder, whole days within the bucket cap.
 */
export function defaultInterval(startMicros: number, endMicros: number): string {
  for (const interval of DEFAULT_LADDER) {
    const seconds = intervalSeconds(interval)!;
    if (bucketSpan(startMicros, endMicros, seconds).count <= HISTOGRAM_LIMITS.defaultTargetBuckets) {
      return interval;
    }
  }
  const rangeDays = (endMicros - startMicros) / MICROS_PER_SECOND / UNIT_SECONDS.d;
  // One more day than the quotient: alignment can add a bucket.
  return `${Math.ceil(rangeDays / HISTOGRAM_LIMITS.maxBuckets) + 1}d`;
}

/** Epoch microseconds of a stored timestamp (`2026-05-10T12:00:01.123456Z`). */
export function timestampMicros(timestamp: string): number {
  return Date.parse(`${timestamp.slice(0, 19)}Z`) * 1000 + Number(timestamp.slice(20, 26));
}
