import { connect, createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock.js';
import { listenTcpOn } from '../shared/listen.js';
import { DataChannel, type PassiveListen } from './data-channel.js';
import { FTP_LIMITS } from './limits.js';

const onLoopback: PassiveListen = (port) => listenTcpOn('127.0.0.1', port);

/** A context's listenTcp that records what it was asked for and the servers it gave. */
function recordingListen(): { listen: PassiveListen; ports: number[]; servers: Server[] } {
  const ports: number[] = [];
  const servers: Server[] = [];
  return {
    ports,
    servers,
    listen: async (port) => {
      ports.push(port);
      const server = await listenTcpOn('127.0.0.1', port);
      servers.push(server);
      return server;
    },
  };
}

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.on('error', reject);
  });
}

describe('DataChannel', () => {
  it('accepts the passive connection of the client and sends the data', async () => {
    const channel = new DataChannel('127.0.0.1', onLoopback, new ManualClock());
    const port = await channel.listenPassive();
    expect(port).toBeGreaterThan(0);
    const client = await connectTo(port as number);
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise((resolve) => client.once('close', resolve));
    const socket = await channel.open();
    expect(socket).not.toBeNull();
    expect(await channel.send(socket as Socket, Buffer.from('listing\r\n'))).toBe(true);
    await closed;
    expect(Buffer.concat(received).toString()).toBe('listing\r\n');
    expect(channel.prepared).toBe(false);
  });

  it('refuses a passive connection from another address and gives up after the accept timeout', async () => {
    const clock = new ManualClock();
    // The client is 127.0.0.2; a connection from 127.0.0.1 is someone else's.
    const channel = new DataChannel('127.0.0.2', onLoopback, clock);
    const port = (await channel.listenPassive()) as number;
    const intruder = await connectTo(port);
    const dropped = new Promise((resolve) => intruder.once('close', resolve));
    intruder.on('error', () => {});
    await dropped;
    const opened = channel.open();
    await clock.advance(FTP_LIMITS.dataConnectTimeoutMs);
    expect(await opened).toBeNull();
  });

  it('cuts an upload at the byte cap', async () => {
    const server = createServer((socket) => socket.end(Buffer.alloc(5000, 0x41)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const channel = new DataChannel('127.0.0.1', onLoopback, new ManualClock());
    channel.setActive({ ip: '127.0.0.1', port });
    const socket = (await channel.open()) as Socket;
    const received = await channel.receive(socket, 1000);
    expect([received.data.length, received.tooLarge, received.complete]).toEqual([1000, true, false]);
    server.close();
  });

  it('gives null for an active target that refuses the connection', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const channel = new DataChannel('127.0.0.1', onLoopback, new ManualClock());
    channel.setActive({ ip: '127.0.0.1', port });
    expect(await channel.open()).toBeNull();
  });

  it('asks the context for an ephemeral listener and closes it once the client has connected', async () => {
    const recorded = recordingListen();
    const channel = new DataChannel('127.0.0.1', recorded.listen, new ManualClock());
    const port = (await channel.listenPassive()) as number;
    expect(recorded.ports).toEqual([0]);
    const client = await connectTo(port);
    const socket = (await channel.open()) as Socket;
    expect(socket).not.toBeNull();
    expect(recorded.servers[0]?.listening).toBe(false);
    client.destroy();
    channel.reset();
  });

  it('keeps one passive listener per session: a second PASV closes the first', async () => {
    const recorded = recordingListen();
    const channel = new DataChannel('127.0.0.1', recorded.listen, new ManualClock());
    await channel.listenPassive();
    await channel.listenPassive();
    expect(recorded.servers.map((s) => s.listening)).toEqual([false, true]);
    channel.reset();
    expect(recorded.servers[1]?.listening).toBe(false);
  });

  it('gives null when the context cannot open a listener, and closes one that arrives after a reset', async () => {
    const refused = new DataChannel(
      '127.0.0.1',
      () => Promise.reject(Object.assign(new Error('bind'), { code: 'EADDRNOTAVAIL' })),
      new ManualClock(),
    );
    expect(await refused.listenPassive()).toBeNull();
    expect(refused.prepared).toBe(false);

    let late: Server | null = null;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = new DataChannel(
      '127.0.0.1',
      async (port) => {
        await held;
        late = await listenTcpOn('127.0.0.1', port);
        return late;
      },
      new ManualClock(),
    );
    const pending = slow.listenPassive();
    slow.reset();
    release();
    expect(await pending).toBeNull();
    expect((late as Server | null)?.listening).toBe(false);
  });
});
