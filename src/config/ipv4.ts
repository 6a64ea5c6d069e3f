/**
 * IPv4 addresses and CIDR networks as the deployment file uses them. Dotted-quad only, no leading zeros
 * (Python's `ipaddress` refuses them too since 3.9.5: `010.0.0.1` is ambiguous between octal and decimal).
 */

export interface Ipv4Network {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
  /** Canonical text: `192.168.1.0/24`. */
  text: string;
}

const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

/** The address as an unsigned 32-bit integer, or null when `text` is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export type NetworkParseResult = { ok: true; network: Ipv4Network } | { ok: false; reason: string };

/** Parses `a.b.c.d/len`. Host bits must be zero (Python's `ip_network(strict=True)` agrees). */
export function parseIpv4Network(text: string): NetworkParseResult {
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'expected a network in CIDR form, e.g. 192.168.1.0/24' };
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === null || !/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(prefixText)) {
    return { ok: false, reason: 'expected a network in CIDR form, e.g. 192.168.1.0/24' };
  }
  const prefix = Number(prefixText);
  const base = (address & maskOf(prefix)) >>> 0;
  const canonical = `${formatIpv4(base)}/${prefix}`;
  if (base !== address) return { ok: false, reason: `host bits are set; did you mean ${canonical}?` };
  return { ok: true, network: { base, prefix, text: canonical } };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function networkContains(network: Ipv4Network, address: number): boolean {
  return (address & maskOf(network.prefix)) >>> 0 === network.base;
}

export function broadcastOf(network: Ipv4Network): number {
  return (network.base | (~maskOf(network.prefix) >>> 0)) >>> 0;
}

/**
 * True when `address` is the network or broadcast address of `network`. /31 and /32 networks have
 * neither (RFC 3021), so every address in them is usable.
 */
export function isNetworkOrBroadcast(network: Ipv4Network, address: number): boolean {
  if (network.prefix >= 31) return false;
  return address === network.base || address === broadcastOf(network);
}

/** 127.0.0.0/8: every address in it reaches the host's loopback interface on Linux without setup. */
export const LOOPBACK_NETWORK: Ipv4Network = { base: 0x7f000000, prefix: 8, text: '127.0.0.0/8' };
