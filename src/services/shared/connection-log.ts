/**
 * `connect` when a client arrives and `disconnect` when it leaves (with how long it stayed, the bytes
 * each way and why it ended), for services that run their own protocol state machine instead of
 * BannerSessions.
 */
import type { Socket } from 'node:net';
import type { ServiceContext } from '../service.js';
import { closeReason } from './close-reason.js';
import type { Peer } from './peer.js';

/** Emits `connect` now and `disconnect` once the socket has closed; `onClose` runs just before it. */
export function logConnection(
  ctx: Pick<ServiceContext, 'emit' | 'clock'>,
  socket: Socket,
  peer: Peer,
  onClose?: () => void,
): void {
  const startedAt = ctx.clock.now();
  const src = { src_ip: peer.ip, src_port: peer.port };
  ctx.emit('connect', src);
  socket.once('close', () => {
    onClose?.();
    ctx.emit('disconnect', {
      ...src,
      duration_s: (Math.max(0, ctx.clock.now() - startedAt) / 1000).toFixed(3),
      bytes_in: socket.bytesRead,
      bytes_out: socket.bytesWritten,
      reason: closeReason(socket),
    });
  });
}
