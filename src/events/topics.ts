/**
 * The bus topic the ingester publishes for each stored event of a type, apart from the catalogue: the
 * catalogue's field schemas load zod, which the ingest threads need nothing else of and which each of
 * them would otherwise load at start. catalogue.test.ts pins every catalogue entry's `topic` to this.
 */
import {
  ATTACKER_FILE_CAPTURED,
  ATTACKER_SESSION_ENDED,
  CREDENTIAL_CAPTURED,
  EMAIL_RECEIVED,
} from '../bus/topics.js';

/** Topics the ingester publishes for stored events. */
export type EventTopic =
  | typeof ATTACKER_SESSION_ENDED
  | typeof CREDENTIAL_CAPTURED
  | typeof ATTACKER_FILE_CAPTURED
  | typeof EMAIL_RECEIVED;

export const EVENT_TOPICS: ReadonlyMap<string, EventTopic> = new Map<string, EventTopic>([
  ['auth_attempt', CREDENTIAL_CAPTURED],
  ['request', CREDENTIAL_CAPTURED],
  ['session_recorded', ATTACKER_SESSION_ENDED],
  ['file_captured', ATTACKER_FILE_CAPTURED],
  ['message_stored', EMAIL_RECEIVED],
]);

/** The topic of an event type, or null (also for a type the catalogue does not know). */
export function eventTopic(type: string): EventTopic | null {
  return EVENT_TOPICS.get(type) ?? null;
}
