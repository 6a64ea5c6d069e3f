import { MAX_IP_TEXT_CHARS } from './limits.js';

/**
 * IP addresses and prefixes as numbers, so ranges are plain arithmetic. IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`) is folded to IPv4 everywhere: a dual-stack socket reports IPv4 peers that way,
 * and the same host must compare equal whichever form it arrived in.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

export interface IpPrefix {
  readonly version: 4 | 6;
  /** The network address, host bits cleared. */
  readonly network: bigint;
  readonly length: number;
}

const BITS = { 4: 32, 6: 128 } as const;
const IPV4_MAPPED_PREFIX = 0xffffn << 32n;
const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Parses a literal IPv4 or IPv6 address (an IPv6 zone id is accepted and ignored). Null if not one. */
export function parseIp(text: string): IpAddress | null {
  if (text.length === 0 || text.length > MAX_IP_TEXT_CHARS) return null;
  const v4 = parseIpv4(text);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 === null) return null;
  return unmapIpv4({ version: 6, value: v6 });
}

function parseIpv4(text: string): bigint | null {
  const match = IPV4_PATTERN.exec(text);
  if (match === null) return null;
  let value = 0n;
  for (const octet of match.slice(1)) {
    // Leading zeros are ambiguous (octal in inet_aton), so they are rejected as Python's ipaddress does.
    if (octet.length > 1 && octet.startsWith('0')) return null;
    const n = Number(octet);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  const zone = text.indexOf('%');
  if (zone === 0 || zone === text.length - 1) return null;
  let address = zone === -1 ? text : text.slice(0, zone);
  if (address.includes('.')) {
    // An embedded IPv4 is only allowed as the last 32 bits: rewrite it as two hex groups.
    const lastColon = address.lastIndexOf(':');
    const v4 = lastColon === -1 ? null : parseIpv4(address.slice(lastColon + 1));
    if (v4 === null) return null;
    address = `${address.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = hexGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? hexGroups(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return null;
  const words = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  return words.reduce((acc, word) => (acc << 16n) | BigInt(word), 0n);
}

/** `a:b:c` as 16-bit words; null if any piece is not 1–4 hex digits. */
function hexGroups(part: string): number[] | null {
  if (part === '') return [];
  const words: number[] = [];
  for (const piece of part.split(':')) {
    if (!HEX_GROUP.test(piece)) return null;
    words.push(Number.parseInt(piece, 16));
  }
  return words;
}

/** `::ffff:a.b.c.d` becomes `a.b.c.d`; anything else is returned unchanged. */
export function unmapIpv4(ip: IpAddress): IpAddress {
  if (ip.version === 6 && ip.value >> 32n === IPV4_MAPPED_PREFIX >> 32n) {
    return { version: 4, value: ip.value & 0xffffffffn };
  }
  return ip;
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run of two or more as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join('.');
  }
  const words = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) =>
    Number((ip.value >> shift) & 0xffffn),
  );
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (slice: number[]) => slice.map((w) => w.toString(16)).join(':');
  if (bestStart === -1) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLength))}`;
}

export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.value === b.value;
}

/**
 * Parses `address` or `address/length`. Host bits are cleared (as Python's `ip_network(strict=False)`).
 * An IPv6 prefix inside ::ffff:0:0/96 becomes the IPv4 prefix it maps. Null if not valid.
 */
export function parsePrefix(text: string): IpPrefix | null {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  if (addressText.includes('%')) return null;
  const parsed = parseIp(addressText);
  if (parsed === null) return null;
  const mapped = parsed.version === 4 && !IPV4_PATTERN.test(addressText);
  const version = parsed.version;
  let length: number = BITS[version];
  if (slash !== -1) {
    const lengthText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText)) return null;
    length = Number(lengthText);
    if (mapped) {
      // Written as ::ffff:a.b.c.d/len: the length counts IPv6 bits.
      if (length < 96 || length > 128) return null;
      length -= 96;
    }
    if (length > BITS[version]) return null;
  }
  return { version, network: clearHostBits(parsed.value, BITS[version], length), length };
}

function clearHostBits(value: bigint, bits: number, length: number): bigint {
  const hostBits = BigInt(bits - length);
  return (value >> hostBits) << hostBits;
}

export function prefixContains(prefix: IpPrefix, ip: IpAddress): boolean {
  if (prefix.version !== ip.version) return false;
  return clearHostBits(ip.value, BITS[ip.version], prefix.length) === prefix.network;
}
