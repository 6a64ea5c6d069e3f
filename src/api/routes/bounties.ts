import { z } from 'zod';
import { type BountyFilter, countBounties, pageBounties } from '../../db/repositories/bounties.js';
import { COUNT_AGE_HEADER, CountCache } from '../count-cache.js';
import { ERROR_RESPONSES } from '../errors.js';
import { FilterValue } from '../filters.js';
import { PageQuery, pageOf } from '../paging.js';
import type { RouteGroup } from './group.js';

/** One item of loot: a fingerprint, a payload or another artefact; the payload is attacker data. */
export const BountyRecord = z
  .object({
    id: z.number().int(),
    timestamp: z.string(),
    decky: z.string().nullable(),
    service: z.string().nullable(),
    attacker_ip: z.string(),
    bounty_type: z.string().describe('What was captured, e.g. fingerprint or credential'),
    fingerprint_type: z.string().nullable().describe('For fingerprints: ja3, ja4, hassh, …'),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'BountyRecord' });

const BountyQuery = PageQuery.extend({
  bounty_type: FilterValue.optional(),
  fingerprint_type: FilterValue.optional(),
  attacker_ip: FilterValue.optional(),
  decky: FilterValue.optional(),
  service: FilterValue.optional(),
});

/** `GET /bounty` (reference §3.2 "Threat data"): the bounty vault, newest first. */
export const bountyRoutes: RouteGroup = (deps) => async (app) => {
  const totals = new CountCache(deps.clock);

  app.get(
    '/bounty',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The bounty vault: fingerprints and other loot, most recently found first',
        description: `The total may be up to a second old; the ${COUNT_AGE_HEADER} header says how old.`,
        tags: ['threat data'],
        querystring: BountyQuery,
        response: { 200: pageOf(BountyRecord), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { limit, offset, bounty_type, fingerprint_type, attacker_ip, decky, service } = request.query;
      const filter: BountyFilter = {
        bountyType: bounty_type,
        fingerprintType: fingerprint_type,
        attackerIp: attacker_ip,
        decky,
        service,
      };
      const database = deps.database();
      const [data, total] = await Promise.all([
        pageBounties(database, filter, limit, offset),
        totals.get(JSON.stringify(filter), () => countBounties(database, filter)),
      ]);
      reply.header(COUNT_AGE_HEADER, String(total.ageMs));
      return { total: total.total, limit, offset, data };
    },
  );
};
