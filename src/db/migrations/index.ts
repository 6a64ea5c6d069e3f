import { initial } from './001-initial.js';
import { apiAuth } from './002-api-auth.js';
import { attackerIndexes } from './003-attacker-indexes.js';
import { outboxJson } from './004-outbox-json.js';
import { outboxCredentialEvents } from './005-outbox-credential-events.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  initial,
  apiAuth,
  attackerIndexes,
  outboxJson,
  outboxCredentialEvents,
];
