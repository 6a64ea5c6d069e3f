/**
 * The per-connection bounds (DESIGN.md "Services": idle timeouts, bounded reads): a connection idle for
 * `idleTimeoutMs` is closed, and so is one that has sent more than `maxBytesPerConnection`. Applied by
 * the connection guard at admission and again by a service from its context's limits; the first
 * application wins, so a service is bounded whether or not the fabric admitted it through a guard.
 */
import type { Socket } from 'node:net';
import type { ConnectionCloseReason } from '../../events/catalogue.js';
import type { ServiceLimits } from '../service.js';
import { closeSocket } from './close-reason.js';

export type ConnectionLimits = Pick<ServiceLimits, 'idleTimeoutMs' | 'maxBytesPerConnection'>;

const bounded = new WeakSet<Socket>();
/** Connections whose silence is ours: a tarpit drip is waiting between slices. */
const held = new WeakSet<Socket>();

/**
 * While the tarpit holds a write back, the connection is quiet because of us, not the client: a delay
 * longer than the idle timeout must not close it. The next slice written re-arms the timer.
 */
export function holdIdleTimeout(socket: Socket, hold: boolean): void {
  if (hold) held.add(socket);
  else held.delete(socket);
}

/**
 * Idle means no data either way: Node resets a socket's timeout on every read and every write. Bytes are
 * counted from a 'data' listener, which puts the socket in flowing mode: what arrives is handed on and
 * released, never left to pile up unread. `onClose` hears which limit closed the connection.
 */
export function applyConnectionLimits(
  socket: Socket,
  limits: ConnectionLimits,
  onClose?: (reason: ConnectionCloseReason) => void,
): void {
  if (bounded.has(socket)) return;
  bounded.add(socket);
  socket.setTimeout(limits.idleTimeoutMs);
  socket.on('timeout', () => {
    if (held.has(socket)) return;
    onClose?.('idle_timeout');
    closeSocket(socket, 'idle_timeout');
  });
  let read = 0;
  socket.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > limits.maxBytesPerConnection && !socket.destroyed) {
      onClose?.('byte_limit');
      closeSocket(socket, 'byte_limit');
    }
  });
}
