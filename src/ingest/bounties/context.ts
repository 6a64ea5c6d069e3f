import type { LogRecord } from '../../events/record.js';
import type { HttpHeader } from './headers.js';
import { MAX_PAYLOAD_TEXT_CHARS } from './limits.js';
import { truncate } from './text.js';
import type { TrustedProxies } from './trusted-proxies.js';
import type { Bounty, FingerprintType, JsonValue } from './types.js';

/** What every extractor sees: the record, its attacker, its headers parsed once, and operator options. */
export interface ExtractionContext {
  readonly record: LogRecord;
  /** The record's attacker IP, known to be present. */
  readonly attackerIp: string;
  /** `fields.headers` parsed and capped (headers.ts); null when absent or malformed. */
  readonly headers: readonly HttpHeader[] | null;
  readonly trustedProxies: TrustedProxies;
}

/** One concern's extraction; any number of bounties per record. Must not throw on any input. */
export type BountyExtractor = (ctx: ExtractionContext) => Bounty[];

/**
 * Services whose requests carry client headers worth checking for proxy claims and quirks. The reference
 * checks only `http`; our HTTPS service is a separate service named `https` with the same events.
 */
export const HTTP_SERVICES: ReadonlySet<string> = new Set(['http', 'https']);

export function isHttpService(record: LogRecord): boolean {
  return record.service !== null && HTTP_SERVICES.has(record.service);
}

/** A field's raw wire value; own properties only, so `fields` built from attacker names stay inert. */
export function rawField(record: LogRecord, name: string): string | undefined {
  if (!Object.hasOwn(record.fields, name)) return undefined;
  const value = record.fields[name];
  return typeof value === 'string' ? value : undefined;
}

/** True when a trigger field is present and non-empty: an empty hash or name is no fingerprint. */
export function hasField(record: LogRecord, name: string): boolean {
  const value = rawField(record, name);
  return value !== undefined && value !== '';
}

/** A wire string for a payload, capped; null when absent. */
export function textField(record: LogRecord, name: string): string | null {
  const value = rawField(record, name);
  return value === undefined ? null : truncate(value, MAX_PAYLOAD_TEXT_CHARS);
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A numeric wire field (port, size, rtt, ttl …) as a number; null when absent or not a plain decimal.
 * Numbers are parsed so consumers never see `"443"` in one payload and `443` in another.
 */
export function numberField(record: LogRecord, name: string): number | null {
  const value = rawField(record, name)?.trim();
  if (value === undefined || value.length > 32 || !DECIMAL.test(value)) return null;
  const n = Number(value);
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n; // "-0" is zero: JSON cannot tell them apart anyway
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/** A flag field (`self_signed`, `df_bit` …) as a boolean; Python writes `True`/`False`. Null if unrecognised. */
export function booleanField(record: LogRecord, name: string): boolean | null {
  const value = rawField(record, name)?.trim().toLowerCase();
  if (value === undefined) return null;
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  return null;
}

/**
 * A fingerprint bounty: `fields` with `fingerprint_type` added. When the extractor lists its fields in
 * key order, `fingerprint_type` goes into its place among them, so the payload is already canonical and
 * canonicalJson need not sort it (a bounty is serialised for every HTTP request ingested).
 */
export function fingerprint(
  type: FingerprintType,
  attackerIp: string,
  fields: Record<string, JsonValue>,
): Bounty {
  const payload: Record<string, unknown> = {};
  let placed = false;
  for (const key of Object.keys(fields)) {
    if (!placed && key > FINGERPRINT_TYPE) {
      payload[FINGERPRINT_TYPE] = type;
      placed = true;
    }
    payload[key] = fields[key];
  }
  if (!placed) payload[FINGERPRINT_TYPE] = type;
  return { bountyType: 'fingerprint', fingerprintType: type, attackerIp, payload };
}

const FINGERPRINT_TYPE = 'fingerprint_type';
