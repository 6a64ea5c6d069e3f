/**
 * Reading an attacker address out of a field value. DESIGN.md: an attacker is one source IP, never one
 * IP:port; the port of a `host:port` value is kept separately (`remote_port`).
 */
import { isIP } from 'node:net';
import { MAX_ADDRESS_TEXT_LENGTH } from './rfc5424/limits.js';

export interface Address {
  ip: string;
  /** Decimal port without leading zeros, or null when the value was a bare IP. */
  port: string | null;
}

const MAX_PORT = 65_535;

function readPort(s: string): string | null {
  const n = s.length;
  if (n === 0 || n > 5) return null;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  return value <= MAX_PORT ? String(value) : null;
}

/** IPv6 in one spelling per address family: lower case, and IPv4-mapped (`::ffff:a.b.c.d`) as plain IPv4. */
function normaliseV6(ip: string): string {
  const lower = ip.toLowerCase();
  if (lower.startsWith('::ffff:')) {
    const tail = lower.slice(7);
    if (isIP(tail) === 4) return tail;
  }
  return lower;
}

/**
 * `a.b.c.d`, `a.b.c.d:port`, an IPv6 literal (never split: `2001:db8::1` is an address, not
 * `2001:db8:` port 1, unlike the reference, spec §1.2 step 4), `[v6]` or `[v6]:port`. Anything else,
 * host names included, is null.
 */
export function parseAddress(value: string): Address | null {
  const n = value.length;
  if (n === 0 || n > MAX_ADDRESS_TEXT_LENGTH) return null;
  if (value.charCodeAt(0) === 91 /* [ */) {
    const close = value.indexOf(']');
    if (close < 0) return null;
    const ip = value.slice(1, close);
    if (isIP(ip) !== 6) return null;
    if (close === n - 1) return { ip: normaliseV6(ip), port: null };
    if (value.charCodeAt(close + 1) !== 58 /* : */) return null;
    const port = readPort(value.slice(close + 2));
    return port === null ? null : { ip: normaliseV6(ip), port };
  }
  const colon = value.indexOf(':');
  if (colon < 0) return isIP(value) === 4 ? { ip: value, port: null } : null;
  if (value.indexOf(':', colon + 1) < 0) {
    // Exactly one colon: only IPv4:port has that shape.
    const ip = value.slice(0, colon);
    const port = readPort(value.slice(colon + 1));
    return port !== null && isIP(ip) === 4 ? { ip, port } : null;
  }
  return isIP(value) === 6 ? { ip: normaliseV6(value), port: null } : null;
}

/** True for a bare IP (no port, no brackets). */
export function isBareIp(value: string): boolean {
  return value.length <= MAX_ADDRESS_TEXT_LENGTH && isIP(value) !== 0;
}
