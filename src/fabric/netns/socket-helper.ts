/**
 * Socket helper: runs inside a decky's namespace, started by the socket broker as
 * `ip netns exec <ns> node socket-helper.js [idleMs]`, because Node cannot enter a namespace itself.
 * It writes the namespace's sysctls and opens listening sockets there, handing each to the parent over
 * the IPC channel; the parent serves them from its own event loop (protocol: socket-protocol.ts).
 *
 * Imports nothing of the project at run time, so it starts in the time Node itself takes.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { BrokerRequest, HelperReply } from './socket-protocol.js';

// Copies of SYSCTL_KEY_PATTERN and SYSCTL_VALUE_PATTERN (socket-protocol.ts): checked again here
// because this process is the one that writes under /proc/sys.
const SYSCTL_KEY = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/;
const SYSCTL_VALUE = /^[0-9 \t]+$/;
/** NETNS_LIMITS.helperIdleMs; the broker passes it as the first argument. */
const DEFAULT_IDLE_MS = 30_000;

const idleMs = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : DEFAULT_IDLE_MS;
/** Sockets handed to the parent whose own copy this process still holds, until `release`. */
const handedOver = new Map<number, Server | UdpSocket>();

function send(message: HelperReply, handle?: Server | UdpSocket | Socket): void {
  if (process.connected) process.send?.(message, handle);
}

let idleTimer = setTimeout(() => process.exit(0), idleMs);
function stillWanted(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => process.exit(0), idleMs);
}

function setSysctls(values: Record<string, string>): void {
  const entries = Object.entries(values);
  for (const [key, value] of entries) {
    if (!SYSCTL_KEY.test(key)) throw new Error(`refusing sysctl key ${JSON.stringify(key)}`);
    if (!SYSCTL_VALUE.test(String(value)))
      throw new Error(`refusing value ${JSON.stringify(value)} for sysctl ${key}: numbers only`);
  }
  for (const [key, value] of entries) {
    try {
      writeFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, String(value));
    } catch (error) {
      throw new Error(`sysctl ${key}=${value}: ${(error as Error).message}`);
    }
  }
}

function failed(id: number, error: NodeJS.ErrnoException): void {
  send({ op: 'listening', id, ok: false, code: error.code ?? 'ERROR', message: error.message });
}

function listenTcp(id: number, host: string, port: number): void {
  // Paused: a connection this copy happens to accept before release is forwarded unread.
  const server = createServer({ pauseOnConnect: true });
  server.on('connection', (socket) => send({ op: 'connection', id }, socket));
  server.once('error', (error) => failed(id, error));
  server.listen({ host, port }, () => {
    handedOver.set(id, server);
    send({ op: 'listening', id, ok: true }, server);
  });
}

function listenUdp(id: number, host: string, port: number): void {
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
  socket.on('message', (data: Buffer, from: RemoteInfo) =>
    send({ op: 'datagram', id, data: data.toString('base64'), ...from }),
  );
  socket.once('error', (error) => failed(id, error));
  socket.bind({ address: host, port }, () => {
    handedOver.set(id, socket);
    send({ op: 'listening', id, ok: true }, socket);
  });
}

function release(id: number): void {
  const socket = handedOver.get(id);
  handedOver.delete(id);
  if (socket) socket.close();
  send({ op: 'released', id });
}

function handle(message: BrokerRequest): void {
  stillWanted();
  switch (message.op) {
    case 'sysctl':
      try {
        setSysctls(message.values);
        send({ op: 'sysctl', ok: true });
      } catch (error) {
        send({ op: 'sysctl', ok: false, error: (error as Error).message });
      }
      return;
    case 'listen':
      if (message.protocol === 'tcp') listenTcp(message.id, message.host, message.port);
      else listenUdp(message.id, message.host, message.port);
      return;
    case 'release':
      release(message.id);
      return;
    case 'exit':
      process.exit(0);
  }
}

if (!process.send) {
  process.stderr.write('socket-helper: start it with an IPC channel (the socket broker does)\n');
  process.exit(2);
}
// Without its parent the helper has no purpose; exiting closes every socket it still holds.
process.on('disconnect', () => process.exit(0));
process.on('message', handle);
send({ op: 'ready' });
