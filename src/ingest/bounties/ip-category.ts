import { type IpAddress, type IpPrefix, parsePrefix, prefixContains, unmapIpv4 } from './ip-address.js';

/**
 * Whether an address could be a real client on the Internet (`public`) or names something that cannot
 * be one. Ranges are the IANA IPv4 / IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
 */
export type IpCategory =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'link_local'
  | 'multicast'
  | 'private'
  | 'reserved';

type NonPublic = Exclude<IpCategory, 'public'>;

/** Checked in order, first match wins, so the narrow ranges come before the ones containing them. */
const SPECIAL_RANGES: ReadonlyArray<readonly [cidr: string, category: NonPublic]> = [
  ['0.0.0.0/32', 'unspecified'],
  ['0.0.0.0/8', 'reserved'], // "this network", RFC 791
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // RFC 1112 "future use", includes 255.255.255.255 broadcast
  ['10.0.0.0/8', 'private'], // RFC 1918
  ['172.16.0.0/12', 'private'], // RFC 1918
  ['192.168.0.0/16', 'private'], // RFC 1918
  ['100.64.0.0/10', 'private'], // RFC 6598 carrier-grade NAT: never a routable client address
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments, RFC 6890
  ['192.0.2.0/24', 'reserved'], // TEST-NET-1, RFC 5737
  ['198.51.100.0/24', 'reserved'], // TEST-NET-2, RFC 5737
  ['203.0.113.0/24', 'reserved'], // TEST-NET-3, RFC 5737
  ['198.18.0.0/15', 'reserved'], // benchmarking, RFC 2544
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fe80::/10', 'link_local'],
  ['ff00::/8', 'multicast'],
  ['fc00::/7', 'private'], // unique local, RFC 4193
  ['fec0::/10', 'private'], // site-local, deprecated by RFC 3879 but still the old private space
  ['64:ff9b:1::/48', 'private'], // local-use NAT64, RFC 8215
  ['100::/64', 'reserved'], // discard-only, RFC 6666
  ['2001:2::/48', 'reserved'], // benchmarking, RFC 5180
  ['2001:db8::/32', 'reserved'], // documentation, RFC 3849
  ['3fff::/20', 'reserved'], // documentation, RFC 9637
];

const RANGES: ReadonlyArray<readonly [IpPrefix, NonPublic]> = SPECIAL_RANGES.map(([cidr, category]) => {
  const prefix = parsePrefix(cidr);
  if (prefix === null) throw new Error(`ip-category: bad built-in range ${cidr}`);
  return [prefix, category] as const;
});

/** 2000::/3, the only IPv6 space IANA allocates as global unicast; the rest is reserved (RFC 4291 §2.4). */
const GLOBAL_UNICAST_V6 = parsePrefix('2000::/3')!;
/** 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052): the low 32 bits are an IPv4 address. */
const NAT64_WELL_KNOWN = parsePrefix('64:ff9b::/96')!;

export function classifyIp(address: IpAddress): IpCategory {
  const ip = unmapIpv4(address);
  if (prefixContains(NAT64_WELL_KNOWN, ip)) return classifyIp({ version: 4, value: ip.value & 0xffffffffn });
  for (const [prefix, category] of RANGES) {
    if (prefixContains(prefix, ip)) return category;
  }
  if (ip.version === 6 && !prefixContains(GLOBAL_UNICAST_V6, ip)) return 'reserved';
  return 'public';
}
