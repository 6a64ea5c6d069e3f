import { z } from 'zod';
import {
  countLogs,
  type LogFilter,
  logHistogram,
  logTimeSpan,
  pageLogs,
} from '../../db/repositories/logs.js';
import { formatTimestamp } from '../../events/rfc5424/timestamp.js';
import { COUNT_AGE_HEADER, CountCache, RecentCache } from '../count-cache.js';
import { ApiError, ERROR_RESPONSES } from '../errors.js';
import { checkTimeRange, FilterValue, SearchText, TimeRangeQuery } from '../filters.js';
import {
  bucketSpan,
  defaultInterval,
  HISTOGRAM_LIMITS,
  INTERVAL_PATTERN,
  intervalSeconds,
  timestampMicros,
} from '../log-histogram.js';
import { PageQuery, pageOf } from '../paging.js';
import type { RouteGroup } from './group.js';

/** A stored log line. Every string in it can come from an attacker: it is data, never markup. */
export const LogEntry = z
  .object({
    id: z.number().int(),
    timestamp: z.string().describe('Event time (UTC, microseconds)'),
    received_at: z.string().describe('When DECNET stored the line'),
    decky: z.string().nullable(),
    service: z.string().nullable(),
    event_type: z.string().nullable(),
    attacker_ip: z.string().nullable(),
    severity: z.number().int().describe('RFC 5424 severity, 0 (emergency) to 7 (debug)'),
    fields: z.record(z.string(), z.string()).describe('Structured data of the event'),
    msg: z.string().nullable(),
    raw_line: z.string().describe('The line as received'),
  })
  .meta({ id: 'LogEntry' });

const LogFilterQuery = TimeRangeQuery.extend({
  search: SearchText.optional().describe('Case-insensitive substring of the raw line or the message'),
  service: FilterValue.optional(),
  decky: FilterValue.optional(),
  attacker_ip: FilterValue.optional(),
  event_type: FilterValue.optional(),
});

const LogQuery = PageQuery.extend(LogFilterQuery.shape).superRefine(checkTimeRange);

const HistogramQuery = LogFilterQuery.extend({
  interval: z
    .string()
    .regex(INTERVAL_PATTERN, 'expected <n><unit> with unit s, m, h or d, e.g. 5m')
    .optional()
    .describe('Bucket width, e.g. 1m, 5m, 15m, 1h, 1d; chosen from the range when absent'),
}).superRefine(checkTimeRange);

const LogHistogram = z
  .object({
    interval: z.string(),
    start_time: z.string().describe('Start of the counted range, inclusive'),
    end_time: z.string().describe('End of the counted range, exclusive'),
    buckets: z
      .array(z.object({ start: z.string(), count: z.number().int() }))
      .describe(
        'Every bucket of the range in time order, empty ones included; the first starts at a multiple of ' +
          'the interval and so may start before start_time (it counts only events from start_time on)',
      ),
  })
  .meta({ id: 'LogHistogram' });
type LogHistogram = z.infer<typeof LogHistogram>;

type LogFilterParams = z.infer<typeof LogFilterQuery>;

function logFilter(q: LogFilterParams): LogFilter {
  return {
    search: q.search,
    since: q.start_time,
    until: q.end_time,
    service: q.service,
    decky: q.decky,
    attackerIp: q.attacker_ip,
    eventType: q.event_type,
  };
}

/**
 * `GET /logs` and `GET /logs/histogram` (reference §3.2 "Logs / stats"): the stored log lines, newest
 * first, and their counts over time, under the same filters.
 */
export const logRoutes: RouteGroup = (deps) => async (app) => {
  const totals = new CountCache(deps.clock);
  const histograms = new RecentCache<LogHistogram>(deps.clock);

  app.get(
    '/logs',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Stored log lines, newest first',
        description: `The total may be up to a second old; the ${COUNT_AGE_HEADER} header says how old.`,
        tags: ['logs'],
        querystring: LogQuery,
        response: { 200: pageOf(LogEntry), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...rest } = request.query;
      const filter = logFilter(rest);
      const database = deps.database();
      const [data, total] = await Promise.all([
        pageLogs(database, filter, limit, offset),
        totals.get(JSON.stringify(filter), () => countLogs(database, filter)),
      ]);
      reply.header(COUNT_AGE_HEADER, String(total.ageMs));
      return { total: total.total, limit, offset, data };
    },
  );

  app.get(
    '/logs/histogram',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Log counts per time bucket',
        description:
          'Without start_time the range starts at the first stored event; without end_time it ends now ' +
          `(or after the last stored event, if later). At most ${HISTOGRAM_LIMITS.maxBuckets} buckets.`,
        tags: ['logs'],
        querystring: HistogramQuery,
        response: { 200: LogHistogram, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const query = request.query;
      // The same question within a second gets the same answer (the header says how old): bucketing a
      // million rows holds SQLite's connection, and with it every other request, for a while.
      const { value, ageMs } = await histograms.get(JSON.stringify(query), () => histogramOf(query));
      reply.header(COUNT_AGE_HEADER, String(ageMs));
      return value;
    },
  );

  async function histogramOf(query: z.infer<typeof HistogramQuery>): Promise<LogHistogram> {
    const database = deps.database();
    const { startMicros, endMicros } = await histogramRange(query.start_time, query.end_time);
    const interval = query.interval ?? defaultInterval(startMicros, endMicros);
    const intervalS = intervalSeconds(interval)!;
    const { originS, count } = bucketSpan(startMicros, endMicros, intervalS);
    if (count > HISTOGRAM_LIMITS.maxBuckets) {
      throw new ApiError(
        400,
        'too_many_buckets',
        `interval ${interval} splits this range into ${count} buckets, more than ` +
          `${HISTOGRAM_LIMITS.maxBuckets}: choose a longer interval or a shorter start_time..end_time`,
      );
    }
    const start = formatTimestamp(startMicros);
    const end = formatTimestamp(endMicros);
    const counts = await logHistogram(
      database,
      { ...logFilter(query), since: start, until: end },
      { originS, intervalS, count },
    );
    return {
      interval,
      start_time: start,
      end_time: end,
      buckets: counts.map((n, i) => ({
        start: formatTimestamp((originS + i * intervalS) * 1_000_000),
        count: n,
      })),
    };
  }

  /** The range a histogram covers when start_time or end_time is left out. */
  async function histogramRange(
    startTime: string | undefined,
    endTime: string | undefined,
  ): Promise<{ startMicros: number; endMicros: number }> {
    const span =
      startTime === undefined || endTime === undefined
        ? await logTimeSpan(deps.database())
        : { first: null, last: null };
    const startGiven = startTime === undefined ? null : timestampMicros(startTime);
    const endMicros =
      endTime !== undefined
        ? timestampMicros(endTime)
        : Math.max(
            deps.clock.now() * 1000,
            span.last === null ? 0 : timestampMicros(span.last) + 1,
            startGiven === null ? 0 : startGiven + 1,
          );
    if (startGiven !== null) return { startMicros: startGiven, endMicros };
    const first = span.first === null ? null : timestampMicros(span.first);
    const startMicros =
      first !== null && first < endMicros ? first : endMicros - HISTOGRAM_LIMITS.emptyRangeS * 1_000_000;
    return { startMicros, endMicros };
  }
};
