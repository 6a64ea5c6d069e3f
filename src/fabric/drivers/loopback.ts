/**
 * The loopback driver: deckies are addresses in 127.0.0.0/8, which Linux routes to `lo` without any
 * setup, so it needs no root and never touches host networking. No MAC and no OS spoofing: the host's
 * own stack answers. For development, demos and most tests.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { listenTcpOn } from '../../services/shared/listen.js';
import type { PlannedDecky, PlannedPort } from '../plan.js';
import { closeAll, type FabricDriver, type OpenedSocket, PortUnavailableError } from './driver.js';

export function createLoopbackDriver(): FabricDriver {
  return {
    kind: 'loopback',
    async create() {
      // Every 127/8 address already reaches `lo`; ports are checked when they are opened.
    },
    async open(decky, ports) {
      const opened: OpenedSocket[] = [];
      try {
        for (const port of ports) opened.push(await openOne(decky, port));
      } catch (err) {
        await closeAll(opened);
        throw err;
      }
      return opened;
    },
    async listenTcp(decky, port) {
      try {
        return await listenTcpOn(decky.ip, port);
      } catch (err) {
        const error = err as NodeJS.ErrnoException;
        throw new PortUnavailableError(decky.ip, port, 'tcp', error.code ?? error.message);
      }
    },
    async destroy() {
      // Nothing outside the process to remove.
    },
    async recover() {
      // Nothing outside the process can have been left behind.
    },
  };
}

async function openOne(decky: PlannedDecky, port: PlannedPort): Promise<OpenedSocket> {
  if (port.protocol === 'tcp') {
    const server = createServer({ pauseOnConnect: false });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(new PortUnavailableError(decky.ip, port.listenPort, 'tcp', err.code ?? err.message)),
      );
      server.listen({ host: decky.ip, port: port.listenPort, backlog: 511 }, () => resolve());
    });
    return { port, protocol: 'tcp', server };
  }
  const socket = createSocket({ type: 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (err: NodeJS.ErrnoException) =>
      reject(new PortUnavailableError(decky.ip, port.listenPort, 'udp', err.code ?? err.message)),
    );
    socket.bind({ address: decky.ip, port: port.listenPort, exclusive: true }, () => resolve());
  });
  return { port, protocol: 'udp', socket };
}
