/**
 * What bounty extraction produces (spec decnet-intelligence §1.7). A bounty is one piece of evidence
 * about one attacker IP; the database deduplicates on (bounty_type, attacker_ip, payload), see
 * `payloadKey` in canonical.ts.
 */

export type BountyType = 'fingerprint' | 'ip_leak' | 'artifact';

/** Every `fingerprint_type` this folder emits. */
export type FingerprintType =
  | 'http_useragent'
  | 'spoofed_source'
  | 'http_quirks'
  | 'vnc_client_version'
  | 'ja3'
  | 'ja4l'
  | 'tls_resumption'
  | 'tls_certificate'
  | 'jarm'
  | 'hassh'
  | 'hassh_server'
  | 'tcpfp'
  | 'ja4h'
  | 'http2_settings'
  | 'http3_settings'
  | 'ja4_quic';

/** A value a payload may hold: plain JSON, nothing else. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Bounty {
  bountyType: BountyType;
  /** Set for `fingerprint` bounties (and then also present in the payload as `fingerprint_type`). */
  fingerprintType: FingerprintType | null;
  attackerIp: string;
  payload: Record<string, unknown>;
}
