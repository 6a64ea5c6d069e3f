import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { helperCommand } from './socket-broker.js';
import type { BrokerRequest, HelperReply } from './socket-protocol.js';

// The helper run directly, in this namespace, to pin its own side of the protocol. Only requests that
// touch nothing of the host are sent: sysctls that it must refuse, and listens on 127.0.0.1.

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

async function startHelper(idleMs = 10_000): Promise<ChildProcess> {
  const [node, ...args] = helperCommand(idleMs);
  const child = spawn(node!, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  started.push(child);
  const [ready] = (await once(child, 'message')) as [HelperReply];
  expect(ready).toEqual({ op: 'ready' });
  return child;
}

function next(child: ChildProcess, op: HelperReply['op']): Promise<[HelperReply, unknown]> {
  return new Promise((resolve) => {
    const listener = (message: HelperReply, handle: unknown) => {
      if (message.op !== op) return;
      child.off('message', listener);
      resolve([message, handle]);
    };
    child.on('message', listener);
  });
}

function request(child: ChildProcess, message: BrokerRequest): void {
  child.send(message);
}

describe('socket helper', () => {
  it.each([
    [{ '../../etc/passwd': '1' }, /refusing sysctl key/],
    [{ 'net..ipv4': '1' }, /refusing sysctl key/],
    [{ '.net': '1' }, /refusing sysctl key/],
    [{ 'net/ipv4/ip_forward': '1' }, /refusing sysctl key/],
    [{ 'net.ipv4.ip_default_ttl': '128;reboot' }, /numbers only/],
    [{ 'net.ipv4.ip_default_ttl': '' }, /numbers only/],
  ])('refuses sysctl %j itself, writing nothing', async (values, problem) => {
    const child = await startHelper();
    const reply = next(child, 'sysctl');
    request(child, { op: 'sysctl', values: values as Record<string, string> });
    const [message] = await reply;
    expect(message).toMatchObject({ op: 'sysctl', ok: false, error: expect.stringMatching(problem) });
  });

  it('forwards a connection its own copy accepted before release', async () => {
    const child = await startHelper();
    const listening = next(child, 'listening');
    request(child, { op: 'listen', id: 7, protocol: 'tcp', host: '127.0.0.1', port: 0 });
    const [message, handle] = await listening;
    expect(message).toEqual({ op: 'listening', id: 7, ok: true });
    const server = handle as Server;
    const { port } = server.address() as { port: number };
    // Stop accepting here, so only the helper's copy can take the connection.
    server.close();
    const forwarded = next(child, 'connection');
    const client = connect(port, '127.0.0.1');
    const [connection, socket] = await forwarded;
    expect(connection).toEqual({ op: 'connection', id: 7 });
    (socket as Socket).end('from the parent');
    const [data] = (await once(client, 'data')) as [Buffer];
    expect(String(data)).toBe('from the parent');
    client.destroy();
  });

  it('forwards a datagram its own copy received before release', async () => {
    const child = await startHelper();
    const listening = next(child, 'listening');
    request(child, { op: 'listen', id: 8, protocol: 'udp', host: '127.0.0.1', port: 0 });
    const [, handle] = await listening;
    const socket = handle as UdpSocket;
    const { port } = socket.address();
    socket.close();
    const forwarded = next(child, 'datagram');
    const sender = createSocket('udp4');
    sender.send('early', port, '127.0.0.1');
    const [datagram] = await forwarded;
    expect(datagram).toMatchObject({ op: 'datagram', id: 8, data: Buffer.from('early').toString('base64') });
    sender.close();
  });

  it('reports a failed listen with its errno code', async () => {
    const child = await startHelper();
    const listening = next(child, 'listening');
    // TEST-NET-3 (RFC 5737): no host holds it.
    request(child, { op: 'listen', id: 9, protocol: 'tcp', host: '203.0.113.250', port: 0 });
    const [message] = await listening;
    expect(message).toMatchObject({ op: 'listening', id: 9, ok: false, code: 'EADDRNOTAVAIL' });
  });

  it('exits when told, when idle, and when its parent goes away', async () => {
    const told = await startHelper();
    request(told, { op: 'exit' });
    expect(await once(told, 'exit')).toEqual([0, null]);

    const idle = await startHelper(200);
    expect(await once(idle, 'exit')).toEqual([0, null]);

    const orphan = await startHelper();
    orphan.disconnect();
    expect(await once(orphan, 'exit')).toEqual([0, null]);
  });
});
