/**
 * The ServiceInstance of a protocol that runs a state machine per connection (Telnet, FTP, SMTP, POP3,
 * IMAP, SSH): admits a socket (bounded by the service's limits, logged as `connect`/`disconnect`), hands
 * it to `open`, and on `close` ends every connection (reason `shutdown`) before `flushed` runs.
 */
import type { Socket } from 'node:net';
import type { ServiceContext, ServiceInstance } from '../service.js';
import { closeSocket } from './close-reason.js';
import { applyConnectionLimits } from './connection-limits.js';
import { logConnection } from './connection-log.js';
import { type Peer, peerOf } from './peer.js';

/** One connection's protocol handler. */
export interface ServedConnection {
  start(): void;
  /** Runs once the socket has closed, before `disconnect` is logged (ends sessions, logs first bytes). */
  onClose?(): void;
}

export function connectionService(
  ctx: ServiceContext,
  open: (socket: Socket, peer: Peer, port: number) => ServedConnection,
  flushed: () => Promise<void> = async () => {},
): ServiceInstance {
  const sockets = new Set<Socket>();
  return {
    handleTcp(socket, port) {
      socket.on('error', () => {});
      const peer = peerOf(socket);
      if (peer === null) {
        socket.destroy();
        return;
      }
      applyConnectionLimits(socket, ctx.limits);
      sockets.add(socket);
      const connection = open(socket, peer, port);
      logConnection(ctx, socket, peer, () => {
        sockets.delete(socket);
        connection.onClose?.();
      });
      connection.start();
    },
    async close() {
      await Promise.all(
        [...sockets].map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.closed) return resolve();
              socket.once('close', () => resolve());
              closeSocket(socket, 'shutdown');
            }),
        ),
      );
      await flushed();
    },
  };
}
