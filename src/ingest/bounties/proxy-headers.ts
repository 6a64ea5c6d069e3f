import { type ExtractionContext, fingerprint, isHttpService } from './context.js';
import { findLowerCaseHeader, type HttpHeader } from './headers.js';
import { formatIp, type IpAddress, parseIp, sameIp } from './ip-address.js';
import { classifyIp, type IpCategory } from './ip-category.js';
import { MAX_FORWARDED_HOPS, MAX_IP_TEXT_CHARS } from './limits.js';
import { isTrustedProxy } from './trusted-proxies.js';
import type { Bounty } from './types.js';

/**
 * Proxy headers a client may use to name "its real IP", in the priority order spec §1.7 checks them.
 * A public claim different from the source is an `ip_leak` (the attacker's proxy or VPN gave them
 * away); a claim that cannot be a client (loopback, private …) is a `spoofed_source` fingerprint.
 */
export const PROXY_HEADERS = [
  'Forwarded',
  'X-Forwarded-For',
  'X-Real-IP',
  'True-Client-IP',
  'CF-Connecting-IP',
] as const;
export type ProxyHeader = (typeof PROXY_HEADERS)[number];
const PROXY_HEADER_NAMES = PROXY_HEADERS.map((header) => ({ header, lowerCase: header.toLowerCase() }));

export interface ProxyClaim {
  /** The header the claim came from (canonical spelling). */
  header: ProxyHeader;
  ip: IpAddress;
}

/**
 * The first proxy header, in priority order, whose value names an IP. A header present but naming none
 * (`for=unknown`, garbage) does not stop the search: the next header may still give the client away.
 */
export function findProxyClaim(headers: readonly HttpHeader[]): ProxyClaim | null {
  for (const { header, lowerCase } of PROXY_HEADER_NAMES) {
    const found = findLowerCaseHeader(headers, lowerCase);
    if (found === undefined) continue;
    const ip = claimedIp(header, found.value);
    if (ip !== null) return { header, ip };
  }
  return null;
}

function claimedIp(header: ProxyHeader, value: string): IpAddress | null {
  switch (header) {
    case 'Forwarded':
      return forwardedFor(value);
    case 'X-Forwarded-For':
      return leftmostForwardedIp(value);
    default:
      return hostIp(value);
  }
}

/** RFC 7239: `for=` of the first element that has one; the value may be quoted, bracketed, with a port. */
const FORWARDED_FOR = /(?:^|[;,])\s*for\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*)/i;

export function forwardedFor(value: string): IpAddress | null {
  const match = FORWARDED_FOR.exec(value);
  if (match === null) return null;
  let token = match[1] ?? '';
  if (token.startsWith('"')) token = token.slice(1, -1).replace(/\\(.)/g, '$1');
  return hostIp(token);
}

/** X-Forwarded-For: the leftmost hop that is an IP (the client as the first proxy saw it). */
export function leftmostForwardedIp(value: string): IpAddress | null {
  for (const token of value.split(',', MAX_FORWARDED_HOPS)) {
    const ip = hostIp(token);
    if (ip !== null) return ip;
  }
  return null;
}

/** An IP in `1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:443` form. */
export function hostIp(text: string): IpAddress | null {
  let host = text.trim();
  if (host.length > MAX_IP_TEXT_CHARS + 8) return null;
  if (host.startsWith('"') && host.endsWith('"') && host.length >= 2) host = host.slice(1, -1);
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    const rest = host.slice(end + 1);
    if (end === -1 || (rest !== '' && !isPortSuffix(rest))) return null;
    return parseIp(host.slice(1, end));
  }
  // A bare IPv6 literal is tried whole first, so `2001:db8::1` is never mistaken for host:port.
  const whole = parseIp(host);
  if (whole !== null) return whole;
  const colon = host.indexOf(':');
  if (colon <= 0 || !isPortSuffix(host.slice(colon))) return null;
  return parseIp(host.slice(0, colon));
}

/** `:N` with N a TCP/UDP port number. */
function isPortSuffix(text: string): boolean {
  return /^:\d{1,5}$/.test(text) && Number(text.slice(1)) <= 65_535;
}

/** `ip_leak` / `spoofed_source` (spec §1.7) for HTTP(S) requests from sources that are not trusted proxies. */
export function proxyHeaderBounties(ctx: ExtractionContext): Bounty[] {
  if (ctx.headers === null || !isHttpService(ctx.record)) return [];
  if (isTrustedProxy(ctx.trustedProxies, ctx.attackerIp)) return [];
  const claim = findProxyClaim(ctx.headers);
  if (claim === null) return [];
  const source = parseIp(ctx.attackerIp.trim());
  const claimed = formatIp(claim.ip);
  if (source === null ? claimed === ctx.attackerIp.trim() : sameIp(source, claim.ip)) return [];

  const headersSeen = proxyHeadersSeen(ctx.headers);
  const category: IpCategory = classifyIp(claim.ip);
  if (category === 'public') {
    return [
      {
        bountyType: 'ip_leak',
        fingerprintType: null,
        attackerIp: ctx.attackerIp,
        payload: {
          source_ip: ctx.attackerIp,
          real_ip_claim: claimed,
          source_header: claim.header,
          headers_seen: headersSeen,
        },
      },
    ];
  }
  return [
    fingerprint('spoofed_source', ctx.attackerIp, {
      source_ip: ctx.attackerIp,
      claimed_ip: claimed,
      source_header: claim.header,
      headers_seen: headersSeen,
      claim_category: category,
    }),
  ];
}

/** Every proxy header the request carried, canonical name → raw (capped) value. */
function proxyHeadersSeen(headers: readonly HttpHeader[]): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const { header, lowerCase } of PROXY_HEADER_NAMES) {
    const found = findLowerCaseHeader(headers, lowerCase);
    if (found !== undefined) seen[header] = found.value;
  }
  return seen;
}
