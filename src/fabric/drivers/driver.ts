import type { Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:net';
import type { DeployDriver } from '../../config/deploy-file.js';
import type { FleetPlan, PlannedDecky, PlannedPort } from '../plan.js';

/** A socket opened on a decky's address: a listening TCP server or a bound UDP socket. */
export type OpenedSocket =
  | { port: PlannedPort; protocol: 'tcp'; server: Server }
  | { port: PlannedPort; protocol: 'udp'; socket: UdpSocket };

/**
 * How deckies get onto the network. The fabric asks a driver to give deckies a network presence,
 * to open sockets on their addresses and to take everything away again; the sockets are then served
 * by the fabric's own event loop whatever the driver.
 */
export interface FabricDriver {
  readonly kind: DeployDriver;
  /**
   * Gives the deckies their network presence (namespaces, links, addresses, sysctls). Either all of
   * them get it or, on failure, nothing this call made is left and the error says what failed.
   */
  create(plan: FleetPlan, deckies: readonly PlannedDecky[]): Promise<void>;
  /**
   * Opens sockets on a decky's address, returned in the order of `ports`. On failure, closes what it
   * opened and throws.
   */
  open(decky: PlannedDecky, ports: readonly PlannedPort[]): Promise<OpenedSocket[]>;
  /**
   * A listening TCP server on a running decky's address, `port` 0 for an ephemeral one, asked for by
   * a service while it runs (ServiceContext.listenTcp). Rejects with PortUnavailableError.
   */
  listenTcp(decky: PlannedDecky, port: number): Promise<Server>;
  /** Removes the deckies' network presence. Idempotent: what is already gone is skipped. */
  destroy(names: readonly string[]): Promise<void>;
  /** Removes what a previous instance of this installation left behind (after a crash). */
  recover(): Promise<void>;
}

/** A port someone else holds, or one this process may not bind: an error that names both. */
export class PortUnavailableError extends Error {
  constructor(
    readonly address: string,
    readonly port: number,
    readonly protocol: 'tcp' | 'udp',
    code: string,
  ) {
    super(
      code === 'EADDRINUSE'
        ? `${protocol} port ${port} on ${address} is already in use by another program`
        : code === 'EACCES'
          ? `${protocol} port ${port} on ${address} needs root (or CAP_NET_BIND_SERVICE)`
          : `cannot listen on ${protocol} ${address}:${port}: ${code}`,
    );
    this.name = 'PortUnavailableError';
  }
}

/** Closes sockets a driver opened; sockets already closed are fine. */
export async function closeAll(opened: readonly OpenedSocket[]): Promise<void> {
  await Promise.all(opened.map((o) => (o.protocol === 'tcp' ? closeServer(o.server) : closeUdp(o.socket))));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
