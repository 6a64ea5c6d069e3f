import {
  booleanField,
  type ExtractionContext,
  fingerprint,
  hasField,
  numberField,
  textField,
} from './context.js';
import type { Bounty, JsonValue } from './types.js';

/** The passive sniffer's APP-NAME (spec §1.1). */
export const SNIFFER_SERVICE = 'sniffer';

/** Certificate fields both the sniffer and the prober report (spec §1.7 `tls_certificate`). */
export function certificateFields(ctx: ExtractionContext): Record<string, JsonValue> {
  const { record } = ctx;
  return {
    subject_cn: textField(record, 'subject_cn'),
    issuer: textField(record, 'issuer'),
    self_signed: booleanField(record, 'self_signed'),
    not_before: textField(record, 'not_before'),
    not_after: textField(record, 'not_after'),
    sans: textField(record, 'sans'),
    sni: textField(record, 'sni'),
  };
}

/**
 * Sniffer rows of spec §1.7: `ja3`, `ja4l`, `tls_resumption`, `tls_certificate`. A decky's own TLS
 * service (https) logs the ClientHello it terminated as `tls_client_hello` too: the same `ja3` row.
 */
export function tlsBounties(ctx: ExtractionContext): Bounty[] {
  const { record, attackerIp } = ctx;
  if (record.service !== SNIFFER_SERVICE && record.eventType !== 'tls_client_hello') return [];
  const bounties: Bounty[] = [];
  if (hasField(record, 'ja3')) {
    bounties.push(
      fingerprint('ja3', attackerIp, {
        ja3: textField(record, 'ja3'),
        ja3s: textField(record, 'ja3s'),
        ja4: textField(record, 'ja4'),
        ja4s: textField(record, 'ja4s'),
        tls_version: textField(record, 'tls_version'),
        sni: textField(record, 'sni'),
        alpn: textField(record, 'alpn'),
        dst_port: numberField(record, 'dst_port'),
        raw_ciphers: textField(record, 'raw_ciphers'),
        raw_extensions: textField(record, 'raw_extensions'),
      }),
    );
  }
  if (hasField(record, 'ja4l_rtt_ms')) {
    bounties.push(
      fingerprint('ja4l', attackerIp, {
        rtt_ms: numberField(record, 'ja4l_rtt_ms'),
        client_ttl: numberField(record, 'ja4l_client_ttl'),
      }),
    );
  }
  if (hasField(record, 'resumption')) {
    bounties.push(fingerprint('tls_resumption', attackerIp, { mechanisms: textField(record, 'resumption') }));
  }
  if (hasField(record, 'subject_cn')) {
    bounties.push(fingerprint('tls_certificate', attackerIp, certificateFields(ctx)));
  }
  return bounties;
}
