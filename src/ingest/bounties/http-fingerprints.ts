import { type ExtractionContext, fingerprint, hasField, numberField, textField } from './context.js';
import type { Bounty } from './types.js';

/**
 * Fingerprints the HTTP front end computes and logs itself (spec §1.1 Caddy side-channel, §1.7):
 * `ja4h` per request, HTTP/2 and HTTP/3 SETTINGS per connection, and JA4 of QUIC ClientHellos.
 */

/** Default when the request line names no protocol: the reference assumes HTTP/1.1 (spec §1.7). */
const DEFAULT_HTTP_PROTOCOL = 'h1';

const SETTINGS_EVENTS = {
  http2_settings: 'h2',
  http3_settings: 'h3',
} as const;

export function httpFingerprintBounties(ctx: ExtractionContext): Bounty[] {
  const { record, attackerIp } = ctx;
  const bounties: Bounty[] = [];
  if (record.eventType === 'http_request_fingerprint' && hasField(record, 'ja4h')) {
    bounties.push(
      fingerprint('ja4h', attackerIp, {
        ja4h: textField(record, 'ja4h'),
        protocol:
          firstNonEmpty(textField(record, 'proto'), textField(record, 'protocol')) ?? DEFAULT_HTTP_PROTOCOL,
        method: textField(record, 'method'),
        path: textField(record, 'path'),
        remote_port: numberField(record, 'remote_port'),
      }),
    );
  }
  if (
    (record.eventType === 'http2_settings' || record.eventType === 'http3_settings') &&
    hasField(record, 'settings')
  ) {
    bounties.push(
      fingerprint(record.eventType, attackerIp, {
        // Kept as the wire's JSON text, as the spec's payload has it; the emitter writes it deterministically.
        settings: textField(record, 'settings'),
        frame_order: textField(record, 'frame_order'),
        protocol: SETTINGS_EVENTS[record.eventType],
        remote_port: numberField(record, 'remote_port'),
      }),
    );
  }
  if (record.eventType === 'quic_client_hello' && hasField(record, 'ja4_quic')) {
    bounties.push(
      fingerprint('ja4_quic', attackerIp, {
        ja4_quic: textField(record, 'ja4_quic'),
        sni: textField(record, 'sni'),
        alpn: textField(record, 'alpn'),
        raw_ciphers: textField(record, 'raw_ciphers'),
      }),
    );
  }
  return bounties;
}

function firstNonEmpty(...values: Array<string | null>): string | null {
  return values.find((value) => value !== null && value !== '') ?? null;
}
