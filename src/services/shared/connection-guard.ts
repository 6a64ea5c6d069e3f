/**
 * Admission control for one decky's TCP connections (DESIGN.md "Services": per-IP connection caps, idle
 * timeouts, bounded reads). The fabric admits every accepted socket here before handing it to a
 * service's `handleTcp`, synchronously in the same 'connection' callback, so that the limits hold for
 * every service whether or not it remembers them.
 *
 * A refused connection is destroyed at once and counted; nothing is ever queued, so a flood of
 * connections costs one accept and one close each.
 */
import type { Socket } from 'node:net';
import { SERVICE_LIMITS } from '../limits.js';
import { closeSocket } from './close-reason.js';
import { applyConnectionLimits, type ConnectionLimits } from './connection-limits.js';
import { normaliseIp } from './peer.js';

export { defaultServiceLimits } from '../limits.js';

export interface ConnectionGuardOptions {
  /** Concurrent connections per source IP (default SERVICE_LIMITS.maxConnectionsPerSource). */
  maxPerSource?: number;
  /** Concurrent connections in total (default SERVICE_LIMITS.maxConnectionsPerDecky). */
  maxTotal?: number;
  /** Close a connection after this long with no data either way (default SERVICE_LIMITS.idleTimeoutMs). */
  idleTimeoutMs?: number;
  /** Close a connection once the client has sent more than this (default SERVICE_LIMITS.maxBytesPerConnection). */
  maxBytesPerConnection?: number;
}

export interface ConnectionGuardStats {
  /** Connections open now. */
  active: number;
  /** Source IPs with at least one open connection. */
  sources: number;
  admitted: number;
  /** Refused because their source IP was at its cap. */
  refusedPerSource: number;
  /** Refused because the decky was at its cap. */
  refusedTotal: number;
  /** Closed by the guard for being idle. */
  closedIdle: number;
  /** Closed by the guard for sending more than the byte limit. */
  closedByteLimit: number;
}

/** Network errors on an attacker's socket (resets, broken pipes) are normal; they end in 'close'. */
function ignoreSocketError(): void {}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`connection guard: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

export class ConnectionGuard {
  private readonly maxPerSource: number;
  private readonly maxTotal: number;
  private readonly idleTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly open = new Set<Socket>();
  /** Open connections per source IP; a source is removed at zero, so the map never exceeds maxTotal. */
  private readonly perSource = new Map<string, number>();
  private readonly counts = {
    admitted: 0,
    refusedPerSource: 0,
    refusedTotal: 0,
    closedIdle: 0,
    closedByteLimit: 0,
  };

  constructor(options: ConnectionGuardOptions = {}) {
    this.maxPerSource = positiveInteger(
      'maxPerSource',
      options.maxPerSource ?? SERVICE_LIMITS.maxConnectionsPerSource,
    );
    this.maxTotal = positiveInteger('maxTotal', options.maxTotal ?? SERVICE_LIMITS.maxConnectionsPerDecky);
    this.idleTimeoutMs = positiveInteger(
      'idleTimeoutMs',
      options.idleTimeoutMs ?? SERVICE_LIMITS.idleTimeoutMs,
    );
    this.maxBytes = positiveInteger(
      'maxBytesPerConnection',
      options.maxBytesPerConnection ?? SERVICE_LIMITS.maxBytesPerConnection,
    );
  }

  /**
   * Admits `socket` (true) or destroys it (false). An admitted socket is closed when idle for the
   * timeout or once it has sent more than the byte limit (applyConnectionLimits); `limits` overrides the
   * guard's own for this socket (a service that needs longer sessions or larger uploads).
   */
  admit(socket: Socket, limits?: ConnectionLimits): boolean {
    socket.on('error', ignoreSocketError);
    const address = socket.remoteAddress;
    if (address === undefined) {
      // Reset before we saw it: nothing to serve, nothing to count against anyone.
      socket.destroy();
      return false;
    }
    const ip = normaliseIp(address);
    if (this.open.size >= this.maxTotal) {
      this.counts.refusedTotal++;
      socket.destroy();
      return false;
    }
    const fromSource = this.perSource.get(ip) ?? 0;
    if (fromSource >= this.maxPerSource) {
      this.counts.refusedPerSource++;
      socket.destroy();
      return false;
    }
    this.perSource.set(ip, fromSource + 1);
    this.open.add(socket);
    this.counts.admitted++;

    socket.once('close', () => {
      this.open.delete(socket);
      const left = (this.perSource.get(ip) ?? 1) - 1;
      if (left > 0) this.perSource.set(ip, left);
      else this.perSource.delete(ip);
    });
    applyConnectionLimits(
      socket,
      limits ?? { idleTimeoutMs: this.idleTimeoutMs, maxBytesPerConnection: this.maxBytes },
      (reason) => {
        if (reason === 'idle_timeout') this.counts.closedIdle++;
        else this.counts.closedByteLimit++;
      },
    );
    return true;
  }

  /** Connections open now from one source IP (the guard's own count; closed ones already subtracted). */
  openFrom(ip: string): number {
    return this.perSource.get(ip) ?? 0;
  }

  get stats(): ConnectionGuardStats {
    return { active: this.open.size, sources: this.perSource.size, ...this.counts };
  }

  /** Destroys every admitted connection (reason `shutdown`); resolves once all have closed. */
  async closeAll(): Promise<void> {
    const closing = [...this.open].map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.closed) return resolve();
          socket.once('close', () => resolve());
          closeSocket(socket, 'shutdown');
        }),
    );
    await Promise.all(closing);
  }
}
