import { randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock.js';
import { AUTH_LIMITS } from './limits.js';
import type { Principal } from './principal.js';

/**
 * Single-use tickets for SSE: EventSource cannot send an Authorization header, and a token in a URL
 * ends up in proxy and browser logs. A ticket is opaque, short-lived, and gone once used. Tickets live
 * in memory, so one works on the API process that minted it (an installation runs one).
 */
export class StreamTickets {
  private readonly tickets = new Map<string, { principal: Principal; expiresMs: number }>();

  constructor(private readonly clock: Clock) {}

  mint(principal: Principal): { ticket: string; expiresInS: number } {
    const now = this.clock.now();
    for (const [key, entry] of this.tickets) {
      if (entry.expiresMs > now && this.tickets.size < AUTH_LIMITS.streamTickets) break;
      this.tickets.delete(key);
    }
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { principal, expiresMs: now + AUTH_LIMITS.streamTicketTtlMs });
    return { ticket, expiresInS: AUTH_LIMITS.streamTicketTtlMs / 1000 };
  }

  /** The principal a ticket was minted for, once; null if unknown, used or expired. */
  redeem(ticket: string): Principal | null {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    return entry.expiresMs > this.clock.now() ? entry.principal : null;
  }
}
