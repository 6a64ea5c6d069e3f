import { execFile, spawnSync } from 'node:child_process';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeName } from './names.js';
import { createDeckyNetworks } from './network.js';
import { ListenError, openNamespaceSockets } from './socket-broker.js';
import { commandIn, IS_ROOT, removeInstallation, testLinks, testSubnet, testTag } from './testing.js';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

/**
 * Reads the TTL of replies from a decky, from the host: of a UDP reply (IP_RECVTTL) and of the kernel's
 * ICMP echo reply (raw socket). Node can read neither, and ping/tcpdump are not installed on every host.
 */
const TTL_PROBE = `
import json, os, socket, struct, sys
host, port = sys.argv[1], int(sys.argv[2])
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.setsockopt(socket.IPPROTO_IP, getattr(socket, 'IP_RECVTTL', 12), 1)
udp.settimeout(5)
udp.sendto(b'ttl?', (host, port))
data, ancillary, _, sender = udp.recvmsg(1024, socket.CMSG_SPACE(4))
udp_ttl = next(struct.unpack('i', d[:4])[0] for level, kind, d in ancillary if level == socket.IPPROTO_IP and kind == getattr(socket, 'IP_TTL', 2))
def checksum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
ident = os.getpid() & 0xffff
body = struct.pack('!BBHHH', 8, 0, 0, ident, 1) + b'decnet'
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
raw.settimeout(5)
raw.sendto(struct.pack('!BBHHH', 8, 0, checksum(body), ident, 1) + b'decnet', (host, 0))
while True:
    packet, source = raw.recvfrom(2048)
    header = (packet[0] & 15) * 4
    if source[0] == host and packet[header] == 0 and struct.unpack('!H', packet[header + 4:header + 6])[0] == ident:
        break
print(json.dumps({'udp': udp_ttl, 'udpFrom': sender[0], 'reply': data.decode(), 'icmp': packet[8]}))
`;

function probeTtl(
  host: string,
  port: number,
): Promise<{ udp: number; udpFrom: string; reply: string; icmp: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-c', TTL_PROBE, host, String(port)],
      { timeout: 15_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout)),
    );
  });
}

/** Connects from this (root namespace) process and resolves to what the server sent before closing. */
async function fetchTcp(host: string, port: number): Promise<string> {
  const client = connect(port, host);
  let text = '';
  client.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  await once(client, 'end');
  client.destroy();
  return text;
}

describe.skipIf(!IS_ROOT)('sockets opened in a decky namespace and served here (root)', () => {
  const tag = testTag();
  const subnet = testSubnet();
  const [decky] = testLinks(tag, subnet, 1);
  const host = `${subnet}.1`;

  beforeAll(async () => {
    await createDeckyNetworks({ kind: 'bridge', bridge: bridgeName(tag), hostAddress: host, prefix: 24 }, [
      decky!,
    ]);
  });
  afterAll(() => removeInstallation(tag));

  it("serves TCP from this process's event loop at the decky's address, also after the helper exited", async () => {
    const sockets = await openNamespaceSockets(decky!.namespace);
    const server = await sockets.listenTcp('0.0.0.0', 2222);
    const seen: Socket[] = [];
    server.on('connection', (socket: Socket) => {
      seen.push(socket);
      socket.end(`pid ${process.pid} ${socket.localAddress} <- ${socket.remoteAddress}`);
    });
    try {
      expect(await fetchTcp(decky!.ip, 2222)).toBe(`pid ${process.pid} ${decky!.ip} <- ${host}`);
      await sockets.close();
      expect(await fetchTcp(decky!.ip, 2222)).toBe(`pid ${process.pid} ${decky!.ip} <- ${host}`);
      expect(seen).toHaveLength(2);
      // Bound in the namespace, not here: the host's own 0.0.0.0:2222 is free.
      const local = connect(2222, '127.0.0.1');
      const [error] = (await once(local, 'error')) as [NodeJS.ErrnoException];
      expect(error.code).toBe('ECONNREFUSED');
    } finally {
      server.close();
      await sockets.close();
    }
  });

  it("serves UDP here and replies from the decky's address, also after the helper exited", async () => {
    const sockets = await openNamespaceSockets(decky!.namespace);
    const socket = await sockets.listenUdp(decky!.ip, 5353);
    socket.on('message', (data: Buffer, from: RemoteInfo) =>
      socket.send(`echo ${data}`, from.port, from.address),
    );
    await sockets.close();
    const client = createSocket('udp4');
    try {
      client.send('ping', 5353, decky!.ip);
      const [reply, from] = (await once(client, 'message')) as [Buffer, RemoteInfo];
      expect(String(reply)).toBe('echo ping');
      expect(from).toMatchObject({ address: decky!.ip, port: 5353 });
    } finally {
      client.close();
      socket.close();
    }
  });

  it.skipIf(!HAS_PYTHON)(
    'answers with the TTL the namespace sysctl sets, from handed-over sockets too',
    async () => {
      const sockets = await openNamespaceSockets(decky!.namespace);
      await sockets.setSysctls({ 'net.ipv4.ip_default_ttl': '128' });
      const socket = await sockets.listenUdp(decky!.ip, 5354);
      socket.on('message', (data: Buffer, from: RemoteInfo) =>
        socket.send(`echo ${data}`, from.port, from.address),
      );
      await sockets.close();
      try {
        const read = await commandIn(decky!.namespace, ['cat', '/proc/sys/net/ipv4/ip_default_ttl']);
        expect(read.trim()).toBe('128');
        expect(await probeTtl(decky!.ip, 5354)).toEqual({
          udp: 128,
          udpFrom: decky!.ip,
          reply: 'echo ttl?',
          icmp: 128,
        });
      } finally {
        socket.close();
      }
    },
  );

  it('opens an ephemeral TCP port (0) whose number the handed-over server reports', async () => {
    const sockets = await openNamespaceSockets(decky!.namespace);
    expect(sockets.alive).toBe(true);
    const server = await sockets.listenTcp(decky!.ip, 0);
    server.on('connection', (socket: Socket) => socket.end(`port ${socket.localPort}`));
    try {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      expect(port).toBeGreaterThan(1023);
      expect(await fetchTcp(decky!.ip, port)).toBe(`port ${port}`);
    } finally {
      server.close();
      await sockets.close();
    }
    expect(sockets.alive).toBe(false);
  });

  it('reports an address in use or not in the namespace as a ListenError with its code', async () => {
    const sockets = await openNamespaceSockets(decky!.namespace);
    try {
      const first = await sockets.listenTcp(decky!.ip, 2323);
      const inUse = await sockets.listenTcp(decky!.ip, 2323).catch((e: unknown) => e);
      expect(inUse).toBeInstanceOf(ListenError);
      expect(inUse).toMatchObject({ code: 'EADDRINUSE' });
      first.close();
      // The host's bridge address is not in the namespace.
      await expect(sockets.listenUdp(host, 2323)).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
      // The helper goes on serving after a failed request.
      (await sockets.listenTcp(decky!.ip, 2324)).close();
    } finally {
      await sockets.close();
    }
  });

  it('refuses unsafe sysctls in the parent, and reports a sysctl the kernel lacks', async () => {
    const sockets = await openNamespaceSockets(decky!.namespace);
    try {
      await expect(sockets.setSysctls({ '../../etc/passwd': '1' })).rejects.toThrow(/refusing sysctl key/);
      await expect(sockets.setSysctls({ 'net.ipv4.ip_default_ttl': '64 && reboot' })).rejects.toThrow(
        /numbers only/,
      );
      await expect(sockets.setSysctls({ 'net.ipv4.no_such_knob': '1' })).rejects.toThrow(
        /net.ipv4.no_such_knob=1: ENOENT/,
      );
    } finally {
      await sockets.close();
    }
  });

  it('fails to open with the reason when the namespace does not exist', async () => {
    await expect(openNamespaceSockets(`decnet-${tag}-missing`)).rejects.toThrow(
      /Cannot open network namespace "decnet-[0-9a-f]{4}-missing"/,
    );
    await expect(openNamespaceSockets('a;reboot')).rejects.toThrow(/not a namespace name/);
  });
});
