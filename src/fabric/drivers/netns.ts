/**
 * The netns driver: a network namespace per decky, linked by a veth into a bridge that holds a host
 * address (lab, CI: the host reaches its deckies) or by a macvlan on a host NIC (real LAN presence, own
 * MAC; the host itself cannot reach its macvlan children without a helper link). The decky's OS profile
 * is applied through its namespace's sysctls, written by the socket helper that runs inside it.
 * Everything created is recorded in the state file first, so a crashed instance's leftovers are removed
 * on the next start.
 */

import { formatIpv4, parseIpv4 } from '../../config/ipv4.js';
import type { Logger } from '../../runtime/logger.js';
import { defaultBridgeSubnet, mustParseNetwork } from '../addresses.js';
import { ipJson } from '../netns/ip.js';
import { bridgeName, hostLinkName, installationTag, namespaceName } from '../netns/names.js';
import {
  type CreatedResources,
  createDeckyNetworks,
  type DeckyLink,
  type LinkMode,
  listInstallationResources,
  netnsAvailability,
  removeDeckyNetworks,
} from '../netns/network.js';
import { ListenError, type NamespaceSockets, openNamespaceSockets } from '../netns/socket-broker.js';
import type { DeployRequest, FleetPlan, PlanContext, PlannedDecky } from '../plan.js';
import { clearState, emptyState, type FabricState, readState, writeState } from '../state-file.js';
import { closeAll, type FabricDriver, type OpenedSocket, PortUnavailableError } from './driver.js';

export interface NetnsDriverOptions {
  home: string;
  stateFile: string;
  logger: Logger;
}

export function createNetnsDriver(options: NetnsDriverOptions): FabricDriver {
  const tag = installationTag(options.home);
  let state: FabricState = emptyState(tag);

  const save = () => {
    if (state.namespaces.length === 0 && state.hostLinks.length === 0 && state.bridge === null)
      clearState(options.stateFile);
    else writeState(options.stateFile, state);
  };
  const forget = (resources: CreatedResources) => {
    const namespaces = new Set(resources.namespaces);
    const links = new Set(resources.hostLinks);
    state = {
      ...state,
      namespaces: state.namespaces.filter((n) => !namespaces.has(n)),
      hostLinks: state.hostLinks.filter((l) => !links.has(l)),
      bridge: resources.bridge === state.bridge ? null : state.bridge,
    };
  };

  /**
   * A socket helper per decky for the listeners services ask for while running (FTP's passive data
   * ports), kept while in use: one process per decky however many sessions ask, not one per request.
   * It exits by itself after NETNS_LIMITS.helperIdleMs without a request and is started again on need.
   */
  const runtimeHelpers = new Map<string, Promise<NamespaceSockets>>();
  const runtimeHelper = async (decky: PlannedDecky): Promise<NamespaceSockets> => {
    const cached = await runtimeHelpers.get(decky.name)?.catch(() => null);
    if (cached?.alive) return cached;
    const opening = openNamespaceSockets(namespaceName(tag, decky.name));
    runtimeHelpers.set(decky.name, opening);
    opening.catch(() => {
      if (runtimeHelpers.get(decky.name) === opening) runtimeHelpers.delete(decky.name);
    });
    return opening;
  };
  const closeRuntimeHelpers = async (names: readonly string[]) => {
    await Promise.all(
      names.map(async (name) => {
        const helper = runtimeHelpers.get(name);
        runtimeHelpers.delete(name);
        await helper?.then((h) => h.close()).catch(() => undefined);
      }),
    );
  };

  return {
    kind: 'netns',

    async create(plan: FleetPlan, deckies) {
      const available = netnsAvailability();
      if (!available.ok) throw new Error(`the netns driver cannot run here: ${available.reason}`);
      const network = mustParseNetwork(plan.subnet, 'subnet');
      const mode: LinkMode =
        plan.link.kind === 'macvlan'
          ? { kind: 'macvlan', parent: plan.link.parent }
          : plan.link.kind === 'bridge'
            ? {
                kind: 'bridge',
                bridge: bridgeName(tag),
                hostAddress: plan.link.hostAddress,
                prefix: network.prefix,
              }
            : unreachable();
      const links: DeckyLink[] = deckies.map((d) => ({
        decky: d.name,
        namespace: namespaceName(tag, d.name),
        ip: d.ip,
        prefix: network.prefix,
        mac: d.mac ?? '',
        gateway: plan.gateway,
      }));
      // Recorded before it exists: a crash in the middle still leaves a complete list to remove.
      const intent: CreatedResources = {
        namespaces: links.map((l) => l.namespace),
        hostLinks: mode.kind === 'bridge' ? deckies.map((d) => hostLinkName(tag, d.name)) : [],
        bridge: mode.kind === 'bridge' ? mode.bridge : null,
      };
      state = {
        ...state,
        namespaces: [...new Set([...state.namespaces, ...intent.namespaces])],
        hostLinks: [...new Set([...state.hostLinks, ...intent.hostLinks])],
        bridge: intent.bridge ?? state.bridge,
      };
      save();
      try {
        await createDeckyNetworks(mode, links);
      } catch (err) {
        forget({
          ...intent,
          bridge: state.namespaces.length > intent.namespaces.length ? null : intent.bridge,
        });
        save();
        throw err;
      }
    },

    async open(decky, ports) {
      const sockets = await openNamespaceSockets(namespaceName(tag, decky.name));
      const opened: OpenedSocket[] = [];
      try {
        await sockets.setSysctls({ ...decky.sysctls });
        for (const port of ports) {
          try {
            if (port.protocol === 'tcp')
              opened.push({
                port,
                protocol: 'tcp',
                server: await sockets.listenTcp(decky.ip, port.listenPort),
              });
            else
              opened.push({
                port,
                protocol: 'udp',
                socket: await sockets.listenUdp(decky.ip, port.listenPort),
              });
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            throw code ? new PortUnavailableError(decky.ip, port.listenPort, port.protocol, code) : err;
          }
        }
        return opened;
      } catch (err) {
        await closeAll(opened);
        throw err;
      } finally {
        await sockets.close();
      }
    },

    async listenTcp(decky, port) {
      const listen = async () => (await runtimeHelper(decky)).listenTcp(decky.ip, port);
      try {
        try {
          return await listen();
        } catch (err) {
          // The helper may have reached its idle exit just as the request went out: one fresh try.
          if (err instanceof ListenError) throw err;
          return await listen();
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw code ? new PortUnavailableError(decky.ip, port, 'tcp', code) : err;
      }
    },

    async destroy(names) {
      await closeRuntimeHelpers(names);
      const namespaces = names.map((n) => namespaceName(tag, n));
      const remaining = state.namespaces.filter((n) => !namespaces.includes(n));
      const resources: CreatedResources = {
        namespaces,
        hostLinks: names.map((n) => hostLinkName(tag, n)),
        // The bridge goes with the last decky on it.
        bridge: remaining.length === 0 ? state.bridge : null,
      };
      await removeDeckyNetworks(resources);
      forget(resources);
      save();
    },

    async recover() {
      const recorded = readState(options.stateFile);
      const root = process.getuid?.() === 0;
      const found = root ? await listInstallationResources(tag) : null;
      const leftovers: CreatedResources = {
        namespaces: [...new Set([...(recorded?.namespaces ?? []), ...(found?.namespaces ?? [])])],
        hostLinks: [...new Set([...(recorded?.hostLinks ?? []), ...(found?.hostLinks ?? [])])],
        bridge: recorded?.bridge ?? found?.bridge ?? null,
      };
      if (
        leftovers.namespaces.length === 0 &&
        leftovers.hostLinks.length === 0 &&
        leftovers.bridge === null
      ) {
        clearState(options.stateFile);
        return;
      }
      if (!root)
        throw new Error(
          `a previous instance left ${leftovers.namespaces.length} network namespaces behind (${options.stateFile}); ` +
            'run `decnet up` or `decnet teardown --all` as root once to remove them',
        );
      options.logger.warn(
        {
          namespaces: leftovers.namespaces.length,
          links: leftovers.hostLinks.length,
          bridge: leftovers.bridge,
        },
        'removing what a previous instance left behind',
      );
      await removeDeckyNetworks(leftovers);
      state = emptyState(tag);
      clearState(options.stateFile);
    },
  };
}

function unreachable(): never {
  throw new Error('the netns driver was given a loopback plan');
}

/**
 * Where a netns deploy puts deckies: on a bridge, the installation's own /24 with the host on .1; on
 * macvlan, the NIC's own subnet, steering around the host's address and using its default gateway.
 */
export async function netnsPlanContext(
  home: string,
  request: DeployRequest,
): Promise<Omit<PlanContext, 'existing'>> {
  if (request.interface) {
    const nic = await describeInterface(request.interface);
    return {
      defaultSubnet: nic.subnet,
      lowestPort: 0,
      hostAddress: nic.address,
      gateway: nic.gateway,
    };
  }
  const subnet = request.subnet ?? request.file?.general.net ?? defaultBridgeSubnet(home);
  const network = mustParseNetwork(subnet, 'subnet');
  const hostAddress = formatIpv4(network.base + 1);
  return { defaultSubnet: subnet, lowestPort: 0, hostAddress, gateway: hostAddress };
}

interface NicFacts {
  address: string;
  subnet: string;
  gateway: string | null;
}

async function describeInterface(name: string): Promise<NicFacts> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,14}$/.test(name))
    throw new Error(`--interface ${name}: not an interface name`);
  let addrs: unknown;
  try {
    addrs = await ipJson(['-4', 'addr', 'show', 'dev', name]);
  } catch {
    throw new Error(`--interface ${name}: no such network interface on this host`);
  }
  const info = (addrs as { addr_info?: { local: string; prefixlen: number }[] }[])[0]?.addr_info?.[0];
  if (!info)
    throw new Error(`--interface ${name} has no IPv4 address; give --subnet and make sure deckies can route`);
  const mask = info.prefixlen === 0 ? 0 : (0xffffffff << (32 - info.prefixlen)) >>> 0;
  const base = ((parseIpv4(info.local) ?? 0) & mask) >>> 0;
  const routes = (await ipJson(['-4', 'route', 'show', 'default', 'dev', name]).catch(() => [])) as {
    gateway?: string;
  }[];
  return {
    address: info.local,
    subnet: `${formatIpv4(base)}/${info.prefixlen}`,
    gateway: routes[0]?.gateway ?? null,
  };
}
