/**
 * Where deckies live on the network: the default subnets of each driver and the allocation of decky
 * addresses. An address is derived from the decky's number (`decky-07` → the 7th slot), so a fleet that
 * is torn down and deployed again comes back on the same addresses; a slot that is taken falls through to
 * the next free one.
 */
import { createHash } from 'node:crypto';
import {
  broadcastOf,
  formatIpv4,
  type Ipv4Network,
  isNetworkOrBroadcast,
  networkContains,
  parseIpv4,
  parseIpv4Network,
} from '../config/ipv4.js';

/** Loopback deckies: 127.77.0.0/16, away from 127.0.0.1 and the 127.0.1.1 Debian gives the hostname. */
export const LOOPBACK_DEFAULT_SUBNET = '127.77.0.0/16';

/** First host number of a decky in its subnet: .1 is the host's bridge address (netns) and .2–.9 stay free for gateways and helpers. */
export const FIRST_DECKY_HOST = 10;

/**
 * The default bridge subnet of a netns installation: a /24 in 10.77.0.0/16 picked by the installation,
 * so two DECNET_HOMEs on one machine get different bridges and different subnets.
 */
export function defaultBridgeSubnet(home: string): string {
  const third = createHash('sha256').update(home).digest()[0]!;
  return `10.77.${third}.0/24`;
}

export function mustParseNetwork(text: string, what: string): Ipv4Network {
  const parsed = parseIpv4Network(text);
  if (!parsed.ok) throw new Error(`${what} ${JSON.stringify(text)}: ${parsed.reason}`);
  return parsed.network;
}

export interface AddressPool {
  network: Ipv4Network;
  /** Addresses that may not be given out (host, gateway, deckies already placed, explicit ones). */
  taken: Set<number>;
}

/**
 * The address of decky number `index` (1-based): its own slot when free, else the next free one.
 * Throws when the subnet is full.
 */
export function allocateAddress(pool: AddressPool, index: number): string {
  const { network } = pool;
  const size = broadcastOf(network) - network.base + 1;
  const start = network.base + ((FIRST_DECKY_HOST + index - 1) % size);
  for (let step = 0; step < size; step++) {
    const candidate = network.base + ((start - network.base + step) % size);
    if (pool.taken.has(candidate) || isNetworkOrBroadcast(network, candidate)) continue;
    if (network.prefix < 31 && candidate - network.base < FIRST_DECKY_HOST && size > 64) continue;
    pool.taken.add(candidate);
    return formatIpv4(candidate);
  }
  throw new Error(`subnet ${network.text} has no free address left for another decky`);
}

/** Marks an explicit address as used, checking it lies in the subnet and is not already given out. */
export function claimAddress(pool: AddressPool, text: string, owner: string): void {
  const value = parseIpv4(text);
  if (value === null) throw new Error(`${owner}: ${JSON.stringify(text)} is not an IPv4 address`);
  if (!networkContains(pool.network, value))
    throw new Error(`${owner}: ${text} is outside the subnet ${pool.network.text}`);
  if (isNetworkOrBroadcast(pool.network, value))
    throw new Error(`${owner}: ${text} is the network or broadcast address of ${pool.network.text}`);
  if (pool.taken.has(value)) throw new Error(`${owner}: ${text} is already used`);
  pool.taken.add(value);
}
