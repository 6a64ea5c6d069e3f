import {
  booleanField,
  type ExtractionContext,
  fingerprint,
  hasField,
  numberField,
  textField,
} from './context.js';
import { certificateFields } from './tls.js';
import type { Bounty } from './types.js';

/**
 * The active prober's APP-NAME (spec §1.1). Its lines describe the attacker's own infrastructure; the
 * attacker is `target_ip`, which the parser already resolved into the record's attacker IP.
 */
export const PROBER_SERVICE = 'prober';

/** Prober rows of spec §1.7: `jarm`, `tls_certificate`, `hassh_server`, `tcpfp`. */
export function proberBounties(ctx: ExtractionContext): Bounty[] {
  const { record, attackerIp } = ctx;
  if (record.service !== PROBER_SERVICE) return [];
  const target = {
    target_ip: textField(record, 'target_ip'),
    target_port: numberField(record, 'target_port'),
  };
  const bounties: Bounty[] = [];
  if (hasField(record, 'jarm_hash')) {
    bounties.push(fingerprint('jarm', attackerIp, { hash: textField(record, 'jarm_hash'), ...target }));
  }
  if (hasField(record, 'subject_cn')) {
    bounties.push(
      fingerprint('tls_certificate', attackerIp, {
        ...certificateFields(ctx),
        cert_sha256: textField(record, 'cert_sha256'),
        ...target,
      }),
    );
  }
  if (hasField(record, 'hassh_server_hash')) {
    bounties.push(
      fingerprint('hassh_server', attackerIp, {
        hash: textField(record, 'hassh_server_hash'),
        ...target,
        ssh_banner: textField(record, 'ssh_banner'),
        kex_algorithms: textField(record, 'kex_algorithms'),
        encryption_s2c: textField(record, 'encryption_s2c'),
        mac_s2c: textField(record, 'mac_s2c'),
        compression_s2c: textField(record, 'compression_s2c'),
      }),
    );
  }
  if (hasField(record, 'tcpfp_hash')) {
    bounties.push(
      fingerprint('tcpfp', attackerIp, {
        hash: textField(record, 'tcpfp_hash'),
        raw: textField(record, 'tcpfp_raw'),
        ...target,
        ttl: numberField(record, 'ttl'),
        window_size: numberField(record, 'window_size'),
        df_bit: booleanField(record, 'df_bit'),
        mss: numberField(record, 'mss'),
        window_scale: numberField(record, 'window_scale'),
        sack_ok: booleanField(record, 'sack_ok'),
        timestamp: booleanField(record, 'timestamp'),
        options_order: textField(record, 'options_order'),
      }),
    );
  }
  return bounties;
}
