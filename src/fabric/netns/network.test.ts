import { afterAll, describe, expect, it } from 'vitest';
import { DeckyNetworkError } from './errors.js';
import { ip, ipJson } from './ip.js';
import { bridgeName, hostLinkName, namespaceName } from './names.js';
import {
  createDeckyNetworks,
  listInstallationResources,
  netnsAvailability,
  removeDeckyNetworks,
} from './network.js';
import { IS_ROOT, removeInstallation, testLinks, testSubnet, testTag } from './testing.js';
import type { CreatedResources, LinkMode } from './types.js';

const EMPTY: CreatedResources = { namespaces: [], hostLinks: [], bridge: null };

describe('netnsAvailability', () => {
  it(IS_ROOT ? 'is ok as root with iproute2' : 'says why not when not root', () => {
    const availability = netnsAvailability();
    if (IS_ROOT) expect(availability).toEqual({ ok: true });
    else
      expect(availability).toMatchObject({ ok: false, reason: expect.stringMatching(/not running as root/) });
  });
});

describe.skipIf(!IS_ROOT)('decky networks on a bridge (root)', () => {
  const tag = testTag();
  const subnet = testSubnet();
  const mode: LinkMode = { kind: 'bridge', bridge: bridgeName(tag), hostAddress: `${subnet}.1`, prefix: 24 };
  afterAll(() => removeInstallation(tag));

  async function expectNothingOf(tagged: string): Promise<void> {
    expect(await listInstallationResources(tagged)).toEqual(EMPTY);
  }

  it('creates namespaces, links, addresses and routes, and removes them all', async () => {
    const links = testLinks(tag, subnet, 3);
    const created = await createDeckyNetworks(mode, links);
    expect(created).toEqual({
      namespaces: links.map((link) => link.namespace),
      hostLinks: links.map((link) => hostLinkName(tag, link.decky)),
      bridge: mode.bridge,
    });
    expect(await listInstallationResources(tag)).toEqual({
      namespaces: [...created.namespaces].sort(),
      hostLinks: [...created.hostLinks].sort(),
      bridge: created.bridge,
    });

    const first = links[0]!;
    const addresses = (await ipJson(['addr', 'show'], { namespace: first.namespace })) as {
      ifname: string;
      operstate: string;
      flags: string[];
      address: string;
      addr_info: { family: string; local: string; prefixlen: number }[];
    }[];
    const eth0 = addresses.find((entry) => entry.ifname === 'eth0');
    expect(eth0?.address).toBe(first.mac);
    expect(eth0?.flags).toContain('UP');
    expect(eth0?.addr_info).toContainEqual(
      expect.objectContaining({ family: 'inet', local: first.ip, prefixlen: 24 }),
    );
    expect(addresses.find((entry) => entry.ifname === 'lo')?.flags).toContain('UP');
    const routes = (await ipJson(['route', 'show', 'default'], { namespace: first.namespace })) as {
      gateway: string;
    }[];
    expect(routes).toEqual([expect.objectContaining({ gateway: `${subnet}.1` })]);

    const ports = (await ipJson(['link', 'show', 'master', mode.bridge])) as { ifname: string }[];
    expect(ports.map((port) => port.ifname).sort()).toEqual([...created.hostLinks].sort());
    const bridgeAddresses = (await ipJson(['addr', 'show', 'dev', mode.bridge])) as {
      addr_info: { local: string }[];
    }[];
    expect(bridgeAddresses[0]?.addr_info.map((entry) => entry.local)).toContain(`${subnet}.1`);

    await removeDeckyNetworks(created);
    await expectNothingOf(tag);
    // Idempotent: everything is already gone.
    await removeDeckyNetworks(created);
    await expectNothingOf(tag);
  });

  it('refuses an invalid address before creating anything', async () => {
    const links = testLinks(tag, subnet, 2);
    links[1]!.ip = `${subnet}.300`;
    await expect(createDeckyNetworks(mode, links)).rejects.toThrow(DeckyNetworkError);
    await expect(createDeckyNetworks(mode, links)).rejects.toThrow(/is not an IPv4 address/);
    await expectNothingOf(tag);
  });

  it('rolls back when a namespace name is taken, leaving the existing one alone', async () => {
    const links = testLinks(tag, subnet, 4);
    const taken = links[2]!.namespace;
    await ip(['netns', 'add', taken]);
    try {
      const error = await createDeckyNetworks(mode, links).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeckyNetworkError);
      expect((error as Error).message).toMatch(`ip netns add ${taken}`);
      expect((error as Error).message).toMatch(/File exists/);
      expect((error as Error).message).toMatch(/removed what this call had created \(2 namespace/);
      expect(await listInstallationResources(tag)).toEqual({ ...EMPTY, namespaces: [taken] });
    } finally {
      await ip(['netns', 'del', taken]);
    }
  });

  it('rolls back when a host link name is taken, leaving the existing link alone', async () => {
    const links = testLinks(tag, subnet, 3);
    const taken = hostLinkName(tag, links[1]!.decky);
    await ip(['link', 'add', taken, 'type', 'bridge']);
    try {
      const error = await createDeckyNetworks(mode, links).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(`ip link add ${taken} type veth`);
      expect((error as Error).message).toMatch(/File exists/);
      expect(await listInstallationResources(tag)).toEqual({ ...EMPTY, hostLinks: [taken] });
    } finally {
      await ip(['link', 'del', taken]);
    }
  });

  it('rolls back everything when the kernel refuses a namespace setting', async () => {
    const links = testLinks(tag, subnet, 3);
    // In the subnet, so it passes the checks, but the kernel refuses a broadcast next hop.
    links[2]!.gateway = `${subnet}.255`;
    const error = await createDeckyNetworks(mode, links).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(`ip route add default via ${subnet}.255 dev eth0`);
    expect((error as Error).message).toMatch(/Nexthop has invalid gateway/);
    await expectNothingOf(tag);
  });

  it('uses an existing bridge without claiming it, and removes a bridge only once it has no ports', async () => {
    await ip(['link', 'add', mode.bridge, 'type', 'bridge']);
    const created = await createDeckyNetworks(mode, testLinks(tag, subnet, 2, 'shared'));
    expect(created.bridge).toBeNull();
    await removeDeckyNetworks({ ...created, hostLinks: created.hostLinks.slice(1), namespaces: [] });
    // One port left: asked to remove the bridge too, it stays.
    await removeDeckyNetworks({ namespaces: [], hostLinks: [], bridge: mode.bridge });
    expect((await listInstallationResources(tag)).bridge).toBe(mode.bridge);
    await removeDeckyNetworks({ ...created, bridge: mode.bridge });
    await expectNothingOf(tag);
  });

  it('refuses to remove names that are not DECNET objects', async () => {
    await expect(
      removeDeckyNetworks({ namespaces: ['default'], hostLinks: [], bridge: null }),
    ).rejects.toThrow(/refusing to remove "default"/);
    await expect(removeDeckyNetworks({ namespaces: [], hostLinks: ['eth0'], bridge: null })).rejects.toThrow(
      /refusing to remove "eth0"/,
    );
    // A NIC given as the bridge is not one: left alone.
    await removeDeckyNetworks({ namespaces: [], hostLinks: [], bridge: 'lo' });
    expect((await ipJson(['link', 'show', 'dev', 'lo'])) as unknown[]).toHaveLength(1);
  });

  it("does not list another installation's objects", async () => {
    const other = testTag();
    const created = await createDeckyNetworks(mode, testLinks(tag, subnet, 1));
    try {
      expect(await listInstallationResources(other === tag ? testTag() : other)).toEqual(EMPTY);
      expect((await listInstallationResources(tag)).namespaces).toEqual([namespaceName(tag, 'decky0')]);
    } finally {
      await removeDeckyNetworks(created);
    }
  });
});
