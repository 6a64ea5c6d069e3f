import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ip, ipJson } from './ip.js';
import { createDeckyNetworks, listInstallationResources, removeDeckyNetworks } from './network.js';
import { openNamespaceSockets } from './socket-broker.js';
import { IS_ROOT, removeInstallation, tcpProbeFrom, testLinks, testSubnet, testTag } from './testing.js';

describe.skipIf(!IS_ROOT)('decky networks on macvlan (root)', () => {
  const tag = testTag();
  const subnet = testSubnet();
  // A veth pair stands in for the host NIC: macvlan works on a veth parent (spec §9.1).
  const parent = `dnt${tag}p`;
  const peer = `dnt${tag}q`;

  beforeAll(async () => {
    await ip(['link', 'add', parent, 'type', 'veth', 'peer', 'name', peer]);
    await ip(['link', 'set', parent, 'up']);
    await ip(['link', 'set', peer, 'up']);
  });
  afterAll(async () => {
    await removeInstallation(tag);
    await ip(['link', 'del', parent]).catch(() => {});
  });

  it('puts each decky on the parent with its own MAC, and deckies reach each other', async () => {
    const [first, second] = testLinks(tag, subnet, 2);
    const created = await createDeckyNetworks({ kind: 'macvlan', parent }, [first!, second!]);
    expect(created).toEqual({
      namespaces: [first!.namespace, second!.namespace],
      hostLinks: [],
      bridge: null,
    });

    const links = (await ipJson(['link', 'show', 'dev', 'eth0'], {
      namespace: second!.namespace,
      details: true,
    })) as {
      address: string;
      linkinfo: { info_kind: string; info_data: { mode: string } };
    }[];
    expect(links[0]).toMatchObject({
      address: second!.mac,
      linkinfo: { info_kind: 'macvlan', info_data: { mode: 'bridge' } },
    });

    const sockets = await openNamespaceSockets(second!.namespace);
    const server = await sockets.listenTcp(second!.ip, 8080);
    server.on('connection', (socket) => socket.end(`hello ${socket.remoteAddress}`));
    await sockets.close();
    try {
      expect(await tcpProbeFrom(first!.namespace, second!.ip, 8080)).toBe(`hello ${first!.ip}`);
    } finally {
      server.close();
    }

    await removeDeckyNetworks(created);
    expect(await listInstallationResources(tag)).toEqual({ namespaces: [], hostLinks: [], bridge: null });
  });

  it('rolls back the namespaces when the parent NIC does not exist', async () => {
    const links = testLinks(tag, subnet, 2, 'orphan');
    await expect(createDeckyNetworks({ kind: 'macvlan', parent: `dnt${tag}x` }, links)).rejects.toThrow(
      /Cannot find device/,
    );
    expect((await listInstallationResources(tag)).namespaces).toEqual([]);
  });
});
