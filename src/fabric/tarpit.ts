/**
 * The tarpit of one decky: while it is on, every write of the decky's services waits `delayMs`
 * (the user-space throttle: this kernel has no netem to delay packets), and each attacker address is
 * logged as it enters (first connection while tarpitted) and leaves (last connection closed), with the
 * time it spent in the pit.
 */
import type { Emit } from '../events/emitter.js';
import type { Clock } from '../runtime/clock.js';
import type { Throttle } from '../services/service.js';

/** Delays an operator may set, milliseconds (the reference's API bounds). */
export const TARPIT_DELAY_MIN_MS = 100;
export const TARPIT_DELAY_MAX_MS = 300_000;

export class Tarpit implements Throttle {
  private enabled = false;
  private delay = 0;
  /** Attackers currently in the pit: address → when they entered (ms) and on which port. */
  private readonly inside = new Map<string, { since: number; port: number }>();

  constructor(
    private readonly emit: Emit,
    private readonly clock: Clock,
  ) {}

  delayMs(): number {
    return this.enabled ? this.delay : 0;
  }

  set(enabled: boolean, delayMs: number): void {
    if (
      enabled &&
      (!Number.isInteger(delayMs) || delayMs < TARPIT_DELAY_MIN_MS || delayMs > TARPIT_DELAY_MAX_MS)
    ) {
      throw new RangeError(`tarpit delay must be ${TARPIT_DELAY_MIN_MS}–${TARPIT_DELAY_MAX_MS} ms`);
    }
    if (!enabled) for (const address of [...this.inside.keys()]) this.leave(address);
    this.enabled = enabled;
    this.delay = enabled ? delayMs : 0;
  }

  /** The first open connection of `address` on this decky. */
  attackerArrived(address: string, port: number): void {
    if (!this.enabled || this.inside.has(address)) return;
    this.inside.set(address, { since: this.clock.now(), port });
    this.emit('tarpit_enter', { src_ip: address, port, delay_ms: this.delay });
  }

  /** The last open connection of `address` on this decky closed. */
  attackerLeft(address: string, _port: number): void {
    this.leave(address);
  }

  describe(): { enabled: boolean; delay_ms: number; inside: number } {
    return { enabled: this.enabled, delay_ms: this.delay, inside: this.inside.size };
  }

  private leave(address: string): void {
    const entry = this.inside.get(address);
    if (!entry) return;
    this.inside.delete(address);
    const duration = (this.clock.now() - entry.since) / 1000;
    this.emit('tarpit_exit', {
      src_ip: address,
      port: entry.port,
      duration_s: Math.round(duration * 1000) / 1000,
    });
  }
}
