/**
 * What a service is to the fabric (DESIGN.md "Services"): a definition with a name, its ports, a config
 * schema and a factory. The fabric owns the sockets (it opens them on the decky's address, in the
 * decky's namespace) and hands each admitted connection or datagram to the service instance; a service
 * never listens on its own (a per-transfer data port too is asked of the fabric, `listenTcp`), never
 * touches the database and never runs anything real.
 */
import type { Server, Socket } from 'node:net';
import type { ServiceConfigField, ServiceValue } from '../config/service-field.js';
import type { Emit } from '../events/emitter.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';

export interface ServicePort {
  port: number;
  protocol: 'tcp' | 'udp';
}

/** Coerced config values of one service on one decky, by field key (prototype-free record). */
export type ServiceValues = Readonly<Record<string, ServiceValue>>;

/** Who the service pretends to be: the decky's persona, stable per decky name. */
export interface DeckyPersona {
  /** Decky name (`decky-01`): the HOSTNAME of every log line it emits. */
  name: string;
  /** Hostname it claims in banners and prompts. */
  hostname: string;
  ip: string;
  /** Distro slug (`ubuntu22`), from the distro catalogue. */
  distro: string;
  /** OS profile name (`linux`, `windows`, …), from the OS profile catalogue. */
  osProfile: string;
  archetype: string | null;
  /** 32-bit seed derived from the decky name: per-decky choices (versions, fake data) use it. */
  seed: number;
}

/** Bounds every service works within; the fabric fills them from its defaults and the config. */
export interface ServiceLimits {
  /** Idle time after which a connection is closed. */
  idleTimeoutMs: number;
  /** Bytes read from one connection before it is closed. */
  maxBytesPerConnection: number;
  /** Bytes of a client's first data kept in a log line. */
  maxLoggedBytes: number;
}

/**
 * The tarpit's hook in the service layer: while a decky is tarpitted every write of its services is
 * held back by `delayMs` (the user-space fallback when traffic control is not available).
 */
export interface Throttle {
  /** Milliseconds to wait before the next write to a client; 0 when the decky is not tarpitted. */
  delayMs(): number;
}

/** Where a service keeps what it must persist for its decky, all under DECNET_HOME. */
export interface ServiceDirs {
  /** Host keys and certificates of this decky (created on first use). */
  keys: string;
  /** Quarantine: files attackers wrote or uploaded, never executed. */
  captures: string;
  /** Recorded interactive sessions. */
  recordings: string;
}

export interface ServiceContext {
  decky: DeckyPersona;
  dirs: ServiceDirs;
  config: ServiceValues;
  /** Emits this service's events: HOSTNAME is the decky name, APP-NAME the service name. */
  emit: Emit;
  clock: Clock;
  logger: Logger;
  limits: ServiceLimits;
  throttle: Throttle;
  /**
   * A listening TCP server on the decky's own address, port 0 for an ephemeral one: for the one kind
   * of port a service cannot declare, a data port chosen per transfer (FTP's PASV/EPSV). The fabric
   * opens it as it opens the declared ports (inside the decky's namespace under the netns driver, where
   * this process could not bind the address); connections are not admitted by the fabric, so the
   * caller checks who connects, bounds how long it waits, and closes the server. Absent where no
   * fabric serves the decky: the service then listens on `decky.ip` itself.
   */
  listenTcp?(port: number): Promise<Server>;
}

/** A running service on one decky. */
export interface ServiceInstance {
  /** An admitted TCP connection to one of the service's TCP ports (the fabric already counted it). */
  handleTcp?(socket: Socket, port: number): void;
  /** A UDP datagram to one of the service's UDP ports; `reply` sends from the port it arrived on. */
  handleUdp?(
    message: Buffer,
    from: { address: string; port: number },
    reply: (data: Buffer) => void,
    port: number,
  ): void;
  /** Ends every connection of this instance; resolves once they are closed. */
  close(): Promise<void>;
}

export interface ServiceDefinition {
  name: string;
  /** One line for `decnet services`. */
  description: string;
  /**
   * `full`: speaks the protocol (logins, commands, requests). `banner`: greets like the real server and
   * records connections and the client's first bytes — what the fabric offers for a protocol whose
   * emulator is not built yet, and honest about it in `decnet services`.
   */
  interaction: 'full' | 'banner';
  fields: readonly ServiceConfigField[];
  /** The ports this service listens on with the given config (defaults when the config sets none). */
  ports(config: ServiceValues): ServicePort[];
  /**
   * Bounds this service needs instead of the fabric's defaults (an SSH session uploads files and stays
   * open for minutes; a banner connection does neither).
   */
  limits?: Partial<ServiceLimits>;
  create(ctx: ServiceContext): ServiceInstance;
}
