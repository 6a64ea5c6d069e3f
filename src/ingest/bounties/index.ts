import type { LogRecord } from '../../events/record.js';
import { memoizeByString } from '../../runtime/memo.js';
import { artifactBounties } from './artifacts.js';
import { type BountyExtractor, type ExtractionContext, rawField } from './context.js';
import { parseHeaders } from './headers.js';
import { httpFingerprintBounties } from './http-fingerprints.js';
import { httpQuirksBounties } from './http-quirks.js';
import { proberBounties } from './prober.js';
import { proxyHeaderBounties } from './proxy-headers.js';
import { sshClientBounties } from './ssh.js';
import { tlsBounties } from './tls.js';
import type { TrustedProxies } from './trusted-proxies.js';
import type { Bounty } from './types.js';
import { userAgentBounties } from './user-agent.js';
import { vncClientVersionBounties } from './vnc.js';

/**
 * Bounty extraction (spec decnet-intelligence §1.7): every piece of evidence one parsed log record holds
 * about its attacker. Pure: no I/O, no clock; the ingester stores what this returns.
 */

export { bountyKey, canonicalJson, payloadKey } from './canonical.js';
export {
  isTrustedProxy,
  NO_TRUSTED_PROXIES,
  parseTrustedProxies,
  type TrustedProxies,
  TrustedProxiesError,
} from './trusted-proxies.js';
export type { Bounty, BountyType, FingerprintType, JsonValue } from './types.js';
export {
  classifyUserAgent,
  type UserAgentCategory,
  type UserAgentClass,
  type UserAgentSignal,
} from './user-agent.js';

/** The same `headers` text arrives again and again from one scanner; parse it once. */
const parseHeadersOnce = memoizeByString(parseHeaders);

/** Every extractor, in the order their bounties are returned. */
export const BOUNTY_EXTRACTORS: readonly BountyExtractor[] = [
  userAgentBounties,
  proxyHeaderBounties,
  httpQuirksBounties,
  vncClientVersionBounties,
  tlsBounties,
  sshClientBounties,
  proberBounties,
  artifactBounties,
  httpFingerprintBounties,
];

export interface ExtractBountiesOptions {
  trustedProxies: TrustedProxies;
}

/**
 * All bounties in `record`, any number per record. A record that names no attacker yields none. Never
 * throws: malformed nested JSON counts as absent, and every loop and copied string is capped (limits.ts).
 */
function headersOf(raw: string | undefined) {
  return raw === undefined ? null : parseHeadersOnce(raw);
}

export function extractBounties(record: LogRecord, opts: ExtractBountiesOptions): Bounty[] {
  const attackerIp = record.attackerIp?.trim();
  if (!attackerIp) return [];
  const ctx: ExtractionContext = {
    record,
    attackerIp,
    headers: headersOf(rawField(record, 'headers')),
    trustedProxies: opts.trustedProxies,
  };
  return BOUNTY_EXTRACTORS.flatMap((extract) => extract(ctx));
}

/**
 * Fields of a `request` event that no extractor reads: the client port changes on every request and the
 * body is a credential's business, not a fingerprint's. bounty-signature.test.ts pins this.
 */
export const REQUEST_FIELDS_IGNORED_BY_EXTRACTORS: ReadonlySet<string> = new Set([
  'remote_addr',
  'remote_port',
  'body',
]);

/**
 * Two `request` records with the same signature yield the same bounties, so a batch extracts them once:
 * a scanner sends the same request to the same decky thousands of times. Null for other event types.
 */
export function requestSignature(record: LogRecord): string | null {
  if (record.eventType !== 'request' || !record.attackerIp) return null;
  let signature = `${record.attackerIp}\u0000${record.service ?? ''}`;
  for (const name in record.fields) {
    if (!REQUEST_FIELDS_IGNORED_BY_EXTRACTORS.has(name)) signature += `\u0000${name}=${record.fields[name]}`;
  }
  return signature;
}
