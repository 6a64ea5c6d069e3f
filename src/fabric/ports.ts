/**
 * Which port a service really listens on. With the loopback driver and no root, ports below the
 * kernel's unprivileged start (1024 unless lowered) cannot be bound, so they are shifted by a fixed
 * offset: ssh 22 listens on 10022, http 80 on 10080. `decnet status` shows both.
 */
import { readFileSync } from 'node:fs';

export const UNPRIVILEGED_PORT_OFFSET = 10_000;

/** The lowest port this process may bind: 0 as root, else the kernel's `ip_unprivileged_port_start`. */
export function lowestBindablePort(): number {
  if (process.getuid?.() === 0) return 0;
  try {
    const value = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
    return Number.isInteger(value) ? value : 1024;
  } catch {
    return 1024;
  }
}

/** The port to bind for a service port, given the lowest bindable one. */
export function listenPortFor(port: number, lowest: number): number {
  return port < lowest ? port + UNPRIVILEGED_PORT_OFFSET : port;
}
