/** The attacker end of a socket, in the form events carry (DESIGN.md: an attacker is one source IP). */
import { isIP, type Socket } from 'node:net';

export interface Peer {
  ip: string;
  port: number;
}

/**
 * One spelling per address: a dual-stack listener reports IPv4 clients as `::ffff:a.b.c.d`, which must
 * count (per-IP caps) and log as the same attacker as `a.b.c.d`.
 */
export function normaliseIp(address: string): string {
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) {
    const v4 = lower.slice(7);
    if (isIP(v4) === 4) return v4;
  }
  return lower;
}

/** The socket's remote address, or null once the socket is gone (Node then reports undefined). */
export function peerOf(socket: Socket): Peer | null {
  const address = socket.remoteAddress;
  const port = socket.remotePort;
  if (address === undefined || port === undefined) return null;
  return { ip: normaliseIp(address), port };
}
