/**
 * A UDP datagram to a banner-level service: logged as `data_received` (bounded by the log cap) and never
 * answered. A reply to a spoofed source would make the decky a reflector; and there is no connection,
 * so no `connect`/`disconnect` either.
 */
import type { ServiceContext } from '../service.js';
import { firstBytesFields } from './first-bytes.js';
import { normaliseIp } from './peer.js';

export function recordDatagram(
  ctx: ServiceContext,
  message: Buffer,
  from: { address: string; port: number },
  port: number,
): void {
  try {
    const kept = message.subarray(0, ctx.limits.maxLoggedBytes);
    ctx.emit('data_received', {
      src_ip: normaliseIp(from.address),
      src_port: from.port,
      dst_port: port,
      transport: 'udp',
      ...firstBytesFields(kept, message.length),
    });
  } catch (err) {
    ctx.logger.error({ err, decky: ctx.decky.name }, 'recording a datagram failed');
  }
}
