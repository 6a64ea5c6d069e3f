/**
 * Creates and removes decky networks in the kernel: one namespace per decky, its link (veth into a
 * bridge, or macvlan on a host NIC), address, routes. Everything goes through a handful of `ip -batch`
 * processes: one for the whole host side, then one `ip -n NS -batch -` per namespace, several at once
 * (measured on 2 cores: 100 deckies in ~0.3 s).
 */
import { randomInt } from 'node:crypto';
import { DeckyNetworkError, IpError } from './errors.js';
import { ipBatch } from './ip.js';
import { NETNS_LIMITS } from './limits.js';
import {
  BRIDGE_NAME_PATTERN,
  HOST_LINK_NAME_PATTERN,
  isInstallationBridge,
  isInstallationHostLink,
  isInstallationNamespace,
  NAMESPACE_NAME_PATTERN,
} from './names.js';
import { createdBefore, deckyNetworkProblems, INTERFACE_NAME_PATTERN, planDeckyNetworks } from './plan.js';
import { forEachLimited } from './pool.js';
import { type LinkState, listLinks, listNamespaces } from './state.js';
import type { CreatedResources, DeckyLink, LinkMode } from './types.js';

export { netnsAvailability } from './availability.js';
export type { CreatedResources, DeckyLink, LinkMode } from './types.js';

function count(resources: CreatedResources): string {
  const parts = [`${resources.namespaces.length} namespace(s)`, `${resources.hostLinks.length} host link(s)`];
  if (resources.bridge) parts.push(`bridge ${resources.bridge}`);
  return parts.join(', ');
}

/** Removes what a failed creation made; says how that went, for the error the caller gets. */
async function rollBack(created: CreatedResources): Promise<string> {
  try {
    await removeDeckyNetworks(created);
    return `removed what this call had created (${count(created)})`;
  } catch (error) {
    return `and removing what this call had created (${count(created)}) failed too: ${(error as Error).message}`;
  }
}

/**
 * Creates the bridge (bridge mode, when missing) and, for each decky, its namespace and link (veth
 * peer or macvlan created inside the namespace as eth0 with the given MAC), address, `lo` and `eth0`
 * up, and the default route. On any failure removes what this call created, and throws a
 * DeckyNetworkError naming the failed command and the kernel's message. `bridge` in the result is set
 * only when this call created it.
 */
export async function createDeckyNetworks(mode: LinkMode, links: DeckyLink[]): Promise<CreatedResources> {
  const problems = deckyNetworkProblems(mode, links);
  if (problems.length > 0)
    throw new DeckyNetworkError(`cannot create decky networks:\n- ${problems.join('\n- ')}`);
  if (links.length === 0) return { namespaces: [], hostLinks: [], bridge: null };

  const [namespacesBefore, linksBefore] = await Promise.all([listNamespaces(), listLinks()]);
  let createBridge = false;
  if (mode.kind === 'bridge') {
    const existing = linksBefore.find((link) => link.ifname === mode.bridge);
    if (existing && existing.linkinfo?.info_kind !== 'bridge')
      throw new DeckyNetworkError(`cannot create decky networks: ${mode.bridge} exists and is not a bridge`);
    createBridge = existing === undefined;
  }
  const plan = planDeckyNetworks(mode, links, { createBridge });
  const planned = createdBefore(plan.hostLines, plan.hostLines.length);
  // What the host lines before `line` created, less what existed before this call: never ours to
  // roll back, whatever failed and where.
  const namespaceExisted = new Set(namespacesBefore);
  const linkExisted = new Set(linksBefore.map((link) => link.ifname));
  const oursUpTo = (line: number): CreatedResources => {
    const created = createdBefore(plan.hostLines, line);
    return {
      namespaces: created.namespaces.filter((name) => !namespaceExisted.has(name)),
      hostLinks: created.hostLinks.filter((name) => !linkExisted.has(name)),
      bridge: created.bridge,
    };
  };
  const fail = async (error: unknown, created: CreatedResources) => {
    const what = error instanceof IpError ? error.message : String(error);
    return new DeckyNetworkError(`cannot create decky networks: ${what}; ${await rollBack(created)}`, {
      cause: error,
    });
  };

  try {
    await ipBatch(plan.hostLines.map((line) => line.tokens));
  } catch (error) {
    // A failed line says how far the batch got; without one (timeout), assume every line ran.
    const reached = error instanceof IpError && error.line !== undefined ? error.line : plan.hostLines.length;
    throw await fail(error, oursUpTo(reached));
  }
  try {
    await forEachLimited(plan.namespaceBatches, NETNS_LIMITS.namespaceConfigConcurrency, async (batch) => {
      await ipBatch(batch.lines, { namespace: batch.namespace });
    });
  } catch (error) {
    throw await fail(error, oursUpTo(plan.hostLines.length));
  }
  return planned;
}

function assertOurs(resources: CreatedResources): void {
  const refused = [
    ...resources.namespaces.filter((name) => !NAMESPACE_NAME_PATTERN.test(name)),
    ...resources.hostLinks.filter((name) => !HOST_LINK_NAME_PATTERN.test(name)),
    ...(resources.bridge !== null && !INTERFACE_NAME_PATTERN.test(resources.bridge)
      ? [resources.bridge]
      : []),
  ];
  if (refused.length > 0)
    throw new DeckyNetworkError(
      `refusing to remove ${refused.map((name) => JSON.stringify(name)).join(', ')}: not DECNET namespace or link names (is the state file damaged?)`,
    );
}

/** A link group no link is in, to delete many links in one netlink request. */
function unusedGroup(links: readonly LinkState[]): string {
  const used = new Set(links.map((link) => String(link.group)));
  for (;;) {
    // High values: iproute2's named groups (/etc/iproute2/group) and admins use small numbers.
    const group = String(randomInt(0x40000000, 0x7fffffff));
    if (!used.has(group)) return group;
  }
}

/**
 * Removes namespaces, host links and, when given and left without ports, the bridge; a bridge is only
 * removed when it is one (a damaged record never deletes a NIC). Idempotent: what is already gone is
 * skipped. One `ip -batch` does it all: host links are moved into one fresh link group and deleted with
 * `link del group`, a single netlink request that waits for the kernel's RCU grace period once instead
 * of once per link (100 veths: 0.1 s against 2 s one by one). Deleting a veth deletes its peer in the
 * namespace at once; namespaces themselves are then unmounted, and the kernel frees them in background.
 */
export async function removeDeckyNetworks(resources: CreatedResources): Promise<void> {
  assertOurs(resources);
  const [namespacesNow, linksNow] = await Promise.all([listNamespaces(), listLinks()]);
  const namespaceSet = new Set(namespacesNow);
  const linkByName = new Map(linksNow.map((link) => [link.ifname, link]));
  const namespaces = resources.namespaces.filter((name) => namespaceSet.has(name));
  const hostLinks = resources.hostLinks.filter((name) => linkByName.has(name));
  const bridge =
    resources.bridge !== null && linkByName.get(resources.bridge)?.linkinfo?.info_kind === 'bridge'
      ? resources.bridge
      : null;

  const lines: string[][] = [];
  if (hostLinks.length > 0) {
    const group = unusedGroup(linksNow);
    for (const name of hostLinks) lines.push(['link', 'set', name, 'group', group]);
    lines.push(['link', 'del', 'group', group]);
  }
  for (const name of namespaces) lines.push(['netns', 'del', name]);
  const leaving = new Set(hostLinks);
  const otherPorts = linksNow.filter((link) => link.master === bridge && !leaving.has(link.ifname));
  if (bridge !== null && otherPorts.length === 0) lines.push(['link', 'del', bridge]);
  if (lines.length === 0) return;

  const failures = await ipBatch(lines, { force: true });
  if (failures.length === 0) return;
  // A line may fail because something vanished meanwhile; only what is still there is an error.
  const left = await listInstallationLeftovers(resources);
  if (left.length > 0)
    throw new DeckyNetworkError(
      `cannot remove ${left.join(', ')}: ${failures.map((failure) => `${failure.command}: ${failure.message}`).join('; ')}`,
    );
}

async function listInstallationLeftovers(resources: CreatedResources): Promise<string[]> {
  const [namespacesNow, linksNow] = await Promise.all([listNamespaces(), listLinks()]);
  const namespaceSet = new Set(namespacesNow);
  const linkByName = new Map(linksNow.map((link) => [link.ifname, link]));
  const left = [
    ...resources.namespaces.filter((name) => namespaceSet.has(name)),
    ...resources.hostLinks.filter((name) => linkByName.has(name)),
  ];
  const bridge = resources.bridge === null ? undefined : linkByName.get(resources.bridge);
  const bridgeHasPorts = linksNow.some((link) => link.master === resources.bridge);
  if (bridge?.linkinfo?.info_kind === 'bridge' && !bridgeHasPorts) left.push(bridge.ifname);
  return left;
}

/** Every namespace, host link and bridge on the machine carrying `tag`, names sorted (crash recovery, tests). */
export async function listInstallationResources(tag: string): Promise<CreatedResources> {
  const [namespacesNow, linksNow] = await Promise.all([listNamespaces(), listLinks()]);
  const bridge = linksNow.find((link) => isInstallationBridge(tag, link.ifname));
  return {
    namespaces: namespacesNow.filter((name) => isInstallationNamespace(tag, name)).sort(),
    hostLinks: linksNow
      .map((link) => link.ifname)
      .filter((name) => isInstallationHostLink(tag, name))
      .sort(),
    bridge: bridge && BRIDGE_NAME_PATTERN.test(bridge.ifname) ? bridge.ifname : null,
  };
}
