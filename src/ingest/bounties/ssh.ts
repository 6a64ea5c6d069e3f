import { type ExtractionContext, fingerprint, hasField, textField } from './context.js';
import type { Bounty } from './types.js';

/**
 * `hassh` (ours; the reference only fingerprints attacker servers, as `hassh_server`): the client HASSH
 * an SSH decky read from the attacker's KEXINIT, with the identification string it came with. One
 * client build always offers the same algorithms, so the hash follows a tool across addresses.
 */
export function sshClientBounties(ctx: ExtractionContext): Bounty[] {
  const { record, attackerIp } = ctx;
  if (record.eventType !== 'ssh_fingerprint' || !hasField(record, 'hassh')) return [];
  return [
    fingerprint('hassh', attackerIp, {
      hash: textField(record, 'hassh'),
      algorithms: textField(record, 'hassh_algorithms'),
      client_version: textField(record, 'client_version'),
    }),
  ];
}
