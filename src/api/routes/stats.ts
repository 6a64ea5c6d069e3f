import { z } from 'zod';
import { type InstallationStats, installationStats } from '../../db/repositories/stats.js';
import { COUNT_AGE_HEADER, COUNT_CACHE_MS } from '../count-cache.js';
import { ERROR_RESPONSES } from '../errors.js';
import type { RouteGroup } from './group.js';

const Stats = z
  .object({
    total_logs: z.number().int(),
    unique_attackers: z.number().int().describe('Attackers with a profile: one per source address'),
    total_credentials: z.number().int().describe('Distinct credentials captured'),
    total_bounties: z.number().int(),
    total_sessions: z.number().int(),
    deckies: z.object({
      recorded: z.number().int().describe('Deckies DECNET has a record of'),
      running: z.number().int(),
    }),
    dead_letters: z.number().int().describe('Lines that could not be ingested'),
    first_event_time: z.string().nullable(),
    last_event_time: z.string().nullable(),
  })
  .meta({ id: 'Stats' });

/**
 * `GET /stats` (reference §3.2 "Logs / stats"): the installation in figures. Computed at most once a
 * second however many dashboards ask; the header says how old the figures are.
 */
export const statsRoutes: RouteGroup = (deps) => async (app) => {
  let cached: { atMs: number; value: Promise<InstallationStats> } | null = null;

  app.get(
    '/stats',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Totals of logs, attackers, credentials, bounties, sessions and deckies',
        description: `The figures may be up to a second old; the ${COUNT_AGE_HEADER} header says how old.`,
        tags: ['logs'],
        response: { 200: Stats, ...ERROR_RESPONSES },
      },
    },
    async (_request, reply) => {
      const now = deps.clock.now();
      if (!cached || now - cached.atMs >= COUNT_CACHE_MS) {
        const value = installationStats(deps.database());
        const entry = { atMs: now, value };
        cached = entry;
        // A failed computation is not kept.
        value.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      const { atMs, value } = cached;
      const stats = await value;
      reply.header(COUNT_AGE_HEADER, String(now - atMs));
      return {
        total_logs: stats.totalLogs,
        unique_attackers: stats.uniqueAttackers,
        total_credentials: stats.totalCredentials,
        total_bounties: stats.totalBounties,
        total_sessions: stats.totalSessions,
        deckies: stats.deckies,
        dead_letters: stats.deadLetters,
        first_event_time: stats.firstEvent,
        last_event_time: stats.lastEvent,
      };
    },
  );
};
