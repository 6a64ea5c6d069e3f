import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  ATTACKER_SORTS,
  type AttackerPageJson,
  type AttackerSearch,
  countAttackers,
  pageAttackersJson,
} from '../../db/repositories/attackers.js';
import { COUNT_AGE_HEADER, CountCache } from '../count-cache.js';
import { ERROR_RESPONSES } from '../errors.js';
import { PageQuery, pageOf } from '../paging.js';
import type { RouteGroup } from './group.js';

/**
 * Set on a page served from the SQLite read memo: the same answer the database gives now (the memo is
 * dropped at every commit), said so that nobody has to wonder.
 */
export const PAGE_MEMO_HEADER = 'x-decnet-page-memo';

const PAGE_END = Buffer.from('}');

/** Longest filter value accepted: an IPv6 address is at most 45 characters; names are short. */
const MAX_FILTER_LENGTH = 128;

/** An attacker's profile: one row per source address, kept up to date by the ingester. */
export const Attacker = z
  .object({
    uuid: z.string(),
    ip: z.string(),
    first_seen: z.string(),
    last_seen: z.string(),
    event_count: z.number().int(),
    services: z.array(z.string()).describe('Services touched, sorted'),
    deckies: z.array(z.string()).describe('Deckies touched, in first-contact order'),
    service_count: z.number().int(),
    decky_count: z.number().int(),
    credential_count: z.number().int(),
    bounty_count: z.number().int(),
    command_count: z.number().int(),
    session_count: z.number().int(),
    is_traversal: z.boolean().describe('Moved from one decky to another'),
    traversal_path: z.string().nullable(),
    updated_at: z.string(),
  })
  .meta({ id: 'Attacker' });

const filterText = z.string().min(1).max(MAX_FILTER_LENGTH);

const AttackersQuery = PageQuery.extend({
  search: filterText.optional().describe('Part of the address: a prefix or any substring'),
  service: filterText.optional().describe('Attackers that touched this service'),
  decky: filterText.optional().describe('Attackers that touched this decky'),
  sort_by: z.enum(ATTACKER_SORTS).default('last_seen'),
  order: z.enum(['desc', 'asc']).default('desc'),
});

const AttackerPage = pageOf(Attacker).meta({ id: 'AttackerPage' });

/**
 * `GET /attackers`: attacker profiles, filtered, sorted (ties broken on uuid, so pages never repeat or
 * skip a row) and paged. The total may be up to a second old (the count cache); the
 * `x-decnet-total-age-ms` header says by how much.
 */
export const attackerRoutes: RouteGroup = (deps) => async (app) => {
  const totals = new CountCache(deps.clock);
  // The last body framed around each memoised page: while the page and its total stay the same, the
  // same bytes go out again. Keyed by the page's buffer, so it goes when the memo drops the page.
  const bodies = new WeakMap<Buffer, { total: number; body: Buffer }>();
  const framed = (data: Buffer, total: number, limit: number, offset: number): Buffer => {
    const last = bodies.get(data);
    if (last?.total === total) return last.body;
    const head = `{"total":${total},"limit":${limit},"offset":${offset},"data":`;
    const body = Buffer.concat([Buffer.from(head), data, PAGE_END]);
    bodies.set(data, { total, body });
    return body;
  };

  app.get(
    '/attackers',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Attacker profiles, filtered, sorted and paged',
        tags: ['attackers'],
        querystring: AttackersQuery,
        response: { 200: AttackerPage, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { limit, offset, search, service, decky, sort_by, order } = request.query;
      const database = deps.database();
      const filter: AttackerSearch = { search, service, decky };
      // Spelled out, not spread from `filter`: the spread was 5 % of the server's time in a profile.
      const pageRequest = { search, service, decky, sortBy: sort_by, order, limit, offset };
      const [page, counted] = await Promise.all([
        pageAttackersJson(database, pageRequest),
        totals.get(countKey(filter), () => countAttackers(database, filter)),
      ]);
      send(reply, page, counted, limit, offset);
    },
  );

  /**
   * The rows arrive as JSON text rendered by the database (see pageAttackersJson): sent as they are, the
   * page object around them is the only encoding left. Tests check the body against AttackerPage.
   */
  function send(
    reply: FastifyReply,
    page: AttackerPageJson,
    counted: { total: number; ageMs: number },
    limit: number,
    offset: number,
  ): void {
    const body = framed(page.json, counted.total, limit, offset);
    if (page.memoised) reply.header(PAGE_MEMO_HEADER, 'current');
    reply
      .header(COUNT_AGE_HEADER, String(counted.ageMs))
      .type('application/json; charset=utf-8')
      .send(body as unknown as z.infer<typeof AttackerPage>);
  }
};

/** One cache entry per filter combination (sort and page do not change the total). */
function countKey(filter: AttackerSearch): string {
  return JSON.stringify([filter.search ?? null, filter.service ?? null, filter.decky ?? null]);
}
