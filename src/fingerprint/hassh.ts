/**
 * HASSH and HASSHServer (Salesforce, github.com/salesforce/hassh): the MD5 of the algorithms one side
 * offers in its KEXINIT. Each of four name-lists is joined with commas, the four with semicolons:
 * the client's `kex;encryption c2s;mac c2s;compression c2s`, the server's the same with the
 * server-to-client lists. Host key algorithms and languages are not part of either.
 */
import { createHash } from 'node:crypto';
import type { KexInitLists } from './ssh-kexinit.js';

export interface Hassh {
  /** MD5, lower-case hex. */
  hash: string;
  /** The string hashed (`hasshAlgorithms` / `hasshServerAlgorithms`). */
  algorithms: string;
}

function hashOf(lists: readonly (readonly string[])[]): Hassh {
  const algorithms = lists.map((list) => list.join(',')).join(';');
  return { hash: createHash('md5').update(algorithms, 'latin1').digest('hex'), algorithms };
}

/** The client's HASSH, from the KEXINIT it sent. */
export function hasshOf(
  offer: Pick<
    KexInitLists,
    'kexAlgorithms' | 'encryptionClientToServer' | 'macClientToServer' | 'compressionClientToServer'
  >,
): Hassh {
  return hashOf([
    offer.kexAlgorithms,
    offer.encryptionClientToServer,
    offer.macClientToServer,
    offer.compressionClientToServer,
  ]);
}

/** The server's HASSHServer, from the KEXINIT it sent. */
export function hasshServerOf(
  offer: Pick<
    KexInitLists,
    'kexAlgorithms' | 'encryptionServerToClient' | 'macServerToClient' | 'compressionServerToClient'
  >,
): Hassh {
  return hashOf([
    offer.kexAlgorithms,
    offer.encryptionServerToClient,
    offer.macServerToClient,
    offer.compressionServerToClient,
  ]);
}
