/**
 * Pure part of building decky networks: checks a request and turns it into `ip -batch` lines, each
 * annotated with the kernel object it creates so a failed batch can be rolled back exactly.
 */
import { parseIpv4 } from '../../config/ipv4.js';
import { hostLinkName, parseNamespaceName } from './names.js';
import type { CreatedResources, DeckyLink, LinkMode } from './types.js';

/** An interface name we pass to the kernel: IFNAMSIZ - 1 chars, no '/', ':' or blanks (net/core/dev.c dev_valid_name). */
export const INTERFACE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
const MAC_PATTERN = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

/** Name of the decky's interface inside its namespace. */
export const DECKY_INTERFACE = 'eth0';

export type CreatedObject = { kind: 'namespace' | 'hostLink' | 'bridge'; name: string };

export interface PlannedLine {
  tokens: string[];
  /** What this line creates, when it succeeds. */
  creates?: CreatedObject;
}

export interface NetworkPlan {
  /** One `ip -batch` in the root namespace: namespaces, then the bridge, then the links. */
  hostLines: PlannedLine[];
  /** One `ip -n NS -batch` per decky: lo, address, eth0 up, default route. */
  namespaceBatches: { namespace: string; lines: string[][] }[];
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** A unicast address a host can hold: not 0/8, 127/8, 224/3 (multicast, reserved, broadcast), nor its subnet's network or broadcast address. */
function hostAddress(address: number, prefix: number): boolean {
  const first = address >>> 24;
  if (first === 0 || first === 127 || first >= 224) return false;
  if (prefix >= 31) return true; // RFC 3021: /31 and /32 have no network or broadcast address.
  const host = address & ~maskOf(prefix);
  return host !== 0 && host >>> 0 !== ~maskOf(prefix) >>> 0;
}

function validPrefix(prefix: number): boolean {
  return Number.isInteger(prefix) && prefix >= 1 && prefix <= 32;
}

function modeProblems(mode: LinkMode): string[] {
  if (mode.kind === 'macvlan')
    return INTERFACE_NAME_PATTERN.test(mode.parent)
      ? []
      : [`macvlan parent ${JSON.stringify(mode.parent)} is not a valid interface name`];
  const problems: string[] = [];
  if (!INTERFACE_NAME_PATTERN.test(mode.bridge))
    problems.push(`bridge ${JSON.stringify(mode.bridge)} is not a valid interface name`);
  if (parseIpv4(mode.hostAddress) === null)
    problems.push(`bridge host address ${JSON.stringify(mode.hostAddress)} is not an IPv4 address`);
  if (!validPrefix(mode.prefix)) problems.push(`bridge prefix ${mode.prefix} is not an integer from 1 to 32`);
  return problems;
}

function macProblems(label: string, mac: string): string[] {
  if (!MAC_PATTERN.test(mac)) return [`${label}: MAC ${JSON.stringify(mac)} is not aa:bb:cc:dd:ee:ff`];
  // The I/G bit set means multicast, and all zeros is no address: the kernel refuses both for a device.
  if (Number.parseInt(mac.slice(0, 2), 16) & 1 || /^00(:00){5}$/.test(mac))
    return [`${label}: MAC ${mac} is not a unicast address`];
  return [];
}

function linkProblems(link: DeckyLink): string[] {
  const problems: string[] = [];
  const label = `decky ${JSON.stringify(link.decky)}`;
  const parsed = parseNamespaceName(link.namespace);
  if (!parsed || parsed.decky !== link.decky)
    problems.push(`${label}: namespace ${JSON.stringify(link.namespace)} is not namespaceName(tag, decky)`);
  const address = parseIpv4(link.ip);
  if (address === null) problems.push(`${label}: ${JSON.stringify(link.ip)} is not an IPv4 address`);
  if (!validPrefix(link.prefix))
    problems.push(`${label}: prefix ${link.prefix} is not an integer from 1 to 32`);
  else if (address !== null && !hostAddress(address, link.prefix))
    problems.push(
      `${label}: ${link.ip}/${link.prefix} is not a host address (network, broadcast, loopback or multicast)`,
    );
  // '' means no MAC given: the kernel picks a random locally administered one.
  if (link.mac !== '') problems.push(...macProblems(label, link.mac));
  if (link.gateway !== null) {
    const gateway = parseIpv4(link.gateway);
    if (gateway === null)
      problems.push(`${label}: gateway ${JSON.stringify(link.gateway)} is not an IPv4 address`);
    else if (address !== null && validPrefix(link.prefix)) {
      const mask = maskOf(link.prefix);
      if (gateway === address) problems.push(`${label}: gateway ${link.gateway} is the decky's own address`);
      // The kernel refuses an off-link gateway ("Nexthop has invalid gateway"); say it before creating anything.
      else if ((gateway & mask) >>> 0 !== (address & mask) >>> 0)
        problems.push(`${label}: gateway ${link.gateway} is outside ${link.ip}/${link.prefix}`);
    }
  }
  return problems;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

/** Every problem of a request, in words an operator can act on; empty when it can be built. */
export function deckyNetworkProblems(mode: LinkMode, links: readonly DeckyLink[]): string[] {
  const problems = [...modeProblems(mode), ...links.flatMap(linkProblems)];
  for (const decky of duplicates(links.map((link) => link.decky)))
    problems.push(`decky ${decky} appears twice`);
  for (const ip of duplicates(links.map((link) => link.ip)))
    problems.push(`address ${ip} is given to two deckies`);
  for (const mac of duplicates(links.filter((link) => link.mac !== '').map((link) => link.mac.toLowerCase())))
    problems.push(`MAC ${mac} is given to two deckies`);
  if (mode.kind === 'bridge' && links.some((link) => link.ip === mode.hostAddress))
    problems.push(`address ${mode.hostAddress} is both the bridge's and a decky's`);
  if (mode.kind === 'bridge' && problems.length === 0) {
    const byLink = new Map<string, string>();
    for (const link of links) {
      const name = hostLinkOf(link);
      const other = byLink.get(name);
      if (other !== undefined)
        problems.push(
          `deckies ${other} and ${link.decky} hash to the same host link name ${name}; rename one`,
        );
      byLink.set(name, link.decky);
    }
  }
  return problems;
}

function hostLinkOf(link: DeckyLink): string {
  const parsed = parseNamespaceName(link.namespace);
  if (!parsed) throw new Error(`unchecked namespace ${link.namespace}`);
  return hostLinkName(parsed.tag, link.decky);
}

/** Host-side lines: namespaces first, so a clash on any name fails before links are made. */
function hostLines(mode: LinkMode, links: readonly DeckyLink[], createBridge: boolean): PlannedLine[] {
  const lines: PlannedLine[] = links.map((link) => ({
    tokens: ['netns', 'add', link.namespace],
    creates: { kind: 'namespace', name: link.namespace },
  }));
  if (mode.kind === 'bridge' && createBridge)
    lines.push(
      {
        tokens: ['link', 'add', mode.bridge, 'type', 'bridge'],
        creates: { kind: 'bridge', name: mode.bridge },
      },
      { tokens: ['addr', 'add', `${mode.hostAddress}/${mode.prefix}`, 'dev', mode.bridge] },
      { tokens: ['link', 'set', mode.bridge, 'up'] },
    );
  for (const link of links) {
    const address = link.mac === '' ? [] : ['address', link.mac.toLowerCase()];
    if (mode.kind === 'macvlan') {
      // Created straight inside the namespace under its final name: no rename, no host-visible moment.
      const macvlan = ['link', 'add', 'link', mode.parent, 'name', DECKY_INTERFACE, ...address];
      lines.push({ tokens: [...macvlan, 'netns', link.namespace, 'type', 'macvlan', 'mode', 'bridge'] });
      continue;
    }
    const host = hostLinkOf(link);
    const peer = ['peer', 'name', DECKY_INTERFACE, ...address, 'netns', link.namespace];
    lines.push(
      { tokens: ['link', 'add', host, 'type', 'veth', ...peer], creates: { kind: 'hostLink', name: host } },
      { tokens: ['link', 'set', host, 'master', mode.bridge, 'up'] },
    );
  }
  return lines;
}

function namespaceLines(link: DeckyLink): string[][] {
  const lines = [
    ['link', 'set', 'lo', 'up'],
    ['addr', 'add', `${link.ip}/${link.prefix}`, 'dev', DECKY_INTERFACE],
    ['link', 'set', DECKY_INTERFACE, 'up'],
  ];
  if (link.gateway !== null)
    lines.push(['route', 'add', 'default', 'via', link.gateway, 'dev', DECKY_INTERFACE]);
  return lines;
}

/** The batches that build `links`; the request must have no deckyNetworkProblems. */
export function planDeckyNetworks(
  mode: LinkMode,
  links: readonly DeckyLink[],
  options: { createBridge: boolean },
): NetworkPlan {
  return {
    hostLines: hostLines(mode, links, options.createBridge),
    namespaceBatches: links.map((link) => ({ namespace: link.namespace, lines: namespaceLines(link) })),
  };
}

/** What the lines before `failedLine` created (all of them when `failedLine` is past the end). */
export function createdBefore(lines: readonly PlannedLine[], failedLine: number): CreatedResources {
  const created: CreatedResources = { namespaces: [], hostLinks: [], bridge: null };
  for (const { creates } of lines.slice(0, failedLine)) {
    if (creates?.kind === 'namespace') created.namespaces.push(creates.name);
    else if (creates?.kind === 'hostLink') created.hostLinks.push(creates.name);
    else if (creates?.kind === 'bridge') created.bridge = creates.name;
  }
  return created;
}
