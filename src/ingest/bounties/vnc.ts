import { type ExtractionContext, fingerprint, hasField, textField } from './context.js';
import type { Bounty } from './types.js';

/**
 * `vnc_client_version` (spec §1.7): the RFB version string a client answered the server's
 * `RFB 003.008` with. Clients differ in what they send (`003.003`, `003.008`, odd ones from scanners).
 */
export function vncClientVersionBounties(ctx: ExtractionContext): Bounty[] {
  const { record, attackerIp } = ctx;
  if (record.eventType !== 'version' || !hasField(record, 'client_version')) return [];
  return [fingerprint('vnc_client_version', attackerIp, { value: textField(record, 'client_version') })];
}
