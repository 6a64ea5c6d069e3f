import type { AttackerRow } from '../db/schema.js';
import type { AttackerActivity } from './derive.js';

/** Attacker-row limits: one IP can touch every decky and service, but a row stays bounded. */
export const ATTACKER_LIMITS = {
  /** Deckies remembered per attacker (first-contact order); counts keep going beyond it. */
  maxDeckies: 1024,
  /** Services remembered per attacker. */
  maxServices: 256,
} as const;

/** Deckies whose names start with this are DECNET's own infrastructure, not part of a traversal. */
const INTERNAL_DECKY_PREFIX = 'decnet-';

export interface AttackerExtras {
  newBounties: number;
  newSessions: number;
}

/**
 * One attacker row after a batch: the stored row (or none for a first sighting) plus the batch's
 * activity. Timestamps take min/max, so importing older logs later still gives the right window.
 */
export function mergeAttacker(
  existing: AttackerRow | null,
  activity: AttackerActivity,
  extras: AttackerExtras,
  now: string,
  newUuid: () => string,
): AttackerRow {
  const services = new Set(existing?.services ?? []);
  for (const s of activity.services) if (services.size < ATTACKER_LIMITS.maxServices) services.add(s);
  const deckies = [...(existing?.deckies ?? [])];
  for (const d of activity.deckies)
    if (deckies.length < ATTACKER_LIMITS.maxDeckies && !deckies.includes(d)) deckies.push(d);
  const traversal = deckies.filter((d) => !d.startsWith(INTERNAL_DECKY_PREFIX));
  const isTraversal = traversal.length >= 2;
  const sortedServices = [...services].sort();
  return {
    uuid: existing?.uuid ?? newUuid(),
    ip: activity.ip,
    first_seen:
      existing && existing.first_seen < activity.firstSeen ? existing.first_seen : activity.firstSeen,
    last_seen: existing && existing.last_seen > activity.lastSeen ? existing.last_seen : activity.lastSeen,
    event_count: (existing?.event_count ?? 0) + activity.events,
    services: sortedServices,
    deckies,
    service_count: sortedServices.length,
    decky_count: deckies.length,
    credential_count: (existing?.credential_count ?? 0) + activity.credentialAttempts,
    bounty_count: (existing?.bounty_count ?? 0) + extras.newBounties,
    command_count: (existing?.command_count ?? 0) + activity.commands,
    session_count: (existing?.session_count ?? 0) + extras.newSessions,
    is_traversal: isTraversal,
    traversal_path: isTraversal ? traversal.join(' → ') : null,
    updated_at: now,
  };
}
