import { type IpPrefix, parseIp, parsePrefix, prefixContains } from './ip-address.js';

/**
 * Sources whose proxy headers are expected, not evidence: the operator's own reverse proxies and load
 * balancers (`DECNET_TRUSTED_PROXIES`, spec §1.7). Requests from them yield no ip_leak/spoofed_source.
 */
export interface TrustedProxies {
  readonly prefixes: readonly IpPrefix[];
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { prefixes: [] };

export class TrustedProxiesError extends Error {
  constructor(readonly entry: string) {
    super(
      `invalid trusted proxy entry ${JSON.stringify(entry)}: expected one IP address or CIDR per entry ` +
        '(e.g. 10.0.0.5, 10.0.0.0/8, 2001:db8::/32); split comma-separated lists before passing them',
    );
    this.name = 'TrustedProxiesError';
  }
}

/**
 * Builds the trusted set from IPs and CIDRs (IPv4 or IPv6; host bits in a CIDR are ignored). Blank
 * entries are skipped; anything else that is not an address throws TrustedProxiesError naming it,
 * because a typo here would silently turn the operator's own proxy into an "attacker".
 */
export function parseTrustedProxies(list: readonly string[]): TrustedProxies {
  const prefixes: IpPrefix[] = [];
  for (const raw of list) {
    const entry = raw.trim();
    if (entry === '') continue;
    const prefix = parsePrefix(entry);
    if (prefix === null) throw new TrustedProxiesError(raw);
    prefixes.push(prefix);
  }
  return { prefixes };
}

/** Whether `source` (an attacker IP as recorded) is one of the trusted proxies. */
export function isTrustedProxy(trusted: TrustedProxies, source: string): boolean {
  if (trusted.prefixes.length === 0) return false;
  const ip = parseIp(source.trim());
  if (ip === null) return false;
  return trusted.prefixes.some((prefix) => prefixContains(prefix, ip));
}
