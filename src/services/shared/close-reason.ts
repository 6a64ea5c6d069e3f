/**
 * Why a connection ended, told by whoever ends it (the guard on idle or flood, a writer on a stalled
 * client, the service after its reply) to the code that logs `disconnect` on 'close'. Kept beside the
 * socket in a WeakMap so nothing outlives the socket.
 */
import type { Socket } from 'node:net';
import type { ConnectionCloseReason } from '../../events/catalogue.js';

const reasons = new WeakMap<Socket, ConnectionCloseReason>();

/** Records why we are closing `socket`; the first reason given wins (a flood cut is not later a timeout). */
export function markClosing(socket: Socket, reason: ConnectionCloseReason): void {
  if (!reasons.has(socket)) reasons.set(socket, reason);
}

/** Records the reason and destroys the socket at once. */
export function closeSocket(socket: Socket, reason: ConnectionCloseReason): void {
  markClosing(socket, reason);
  socket.destroy();
}

/** The recorded reason; a connection nobody on our side closed was closed by the client. */
export function closeReason(socket: Socket): ConnectionCloseReason {
  return reasons.get(socket) ?? 'client_closed';
}
