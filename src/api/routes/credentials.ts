import { z } from 'zod';
import {
  type CredentialFilter,
  countCredentials,
  pageCredentials,
} from '../../db/repositories/credentials.js';
import { COUNT_AGE_HEADER, CountCache } from '../count-cache.js';
import { ERROR_RESPONSES } from '../errors.js';
import { FilterValue, SearchText } from '../filters.js';
import { PageQuery, pageOf } from '../paging.js';
import type { RouteGroup } from './group.js';

/**
 * A captured credential, deduplicated per attacker, decky, service, principal and secret. The principal
 * and the secret are whatever the attacker sent: data, never markup. `secret_b64` holds the exact bytes;
 * `secret_printable` is a display form.
 */
export const CredentialRecord = z
  .object({
    id: z.number().int(),
    attacker_ip: z.string(),
    decky: z.string(),
    service: z.string(),
    principal: z
      .string()
      .nullable()
      .describe('User name, account or other identity the secret was offered for'),
    secret_kind: z.string(),
    secret_printable: z.string(),
    secret_b64: z.string(),
    secret_sha256: z.string(),
    outcome: z.string().nullable(),
    first_seen: z.string(),
    last_seen: z.string(),
    attempt_count: z.number().int(),
  })
  .meta({ id: 'CredentialRecord' });

const CredentialQuery = PageQuery.extend({
  service: FilterValue.optional(),
  decky: FilterValue.optional(),
  attacker_ip: FilterValue.optional(),
  principal: FilterValue.optional(),
  search: SearchText.optional().describe(
    'Case-insensitive substring of the principal or the printable secret',
  ),
});

/** `GET /credentials` (reference §3.2 "Threat data"): the deduplicated credential vault. */
export const credentialRoutes: RouteGroup = (deps) => async (app) => {
  const totals = new CountCache(deps.clock);

  app.get(
    '/credentials',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Captured credentials, most recently first seen first',
        description: `The total may be up to a second old; the ${COUNT_AGE_HEADER} header says how old.`,
        tags: ['threat data'],
        querystring: CredentialQuery,
        response: { 200: pageOf(CredentialRecord), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { limit, offset, service, decky, attacker_ip, principal, search } = request.query;
      const filter: CredentialFilter = { service, decky, attackerIp: attacker_ip, principal, search };
      const database = deps.database();
      const [data, total] = await Promise.all([
        pageCredentials(database, filter, limit, offset),
        totals.get(JSON.stringify(filter), () => countCredentials(database, filter)),
      ]);
      reply.header(COUNT_AGE_HEADER, String(total.ageMs));
      return { total: total.total, limit, offset, data };
    },
  );
};
