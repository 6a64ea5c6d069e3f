/**
 * Parent side of the socket helper: starts it inside a decky's namespace and turns its replies into
 * promises. The servers and sockets it returns live in this process: their connections and datagrams
 * are handled by this event loop, and they answer from the decky's address with the namespace's
 * sysctls (TTL and the rest), because the kernel socket belongs to the namespace it was opened in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket as UdpSocket } from 'node:dgram';
import { createRequire } from 'node:module';
import { isIP, type Server, type Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NETNS_LIMITS } from './limits.js';
import type { BrokerRequest, HelperReply } from './socket-protocol.js';
import { SYSCTL_KEY_PATTERN, SYSCTL_VALUE_PATTERN } from './socket-protocol.js';

export interface NamespaceSockets {
  /** Writes each `key=value` under the namespace's /proc/sys (`net.ipv4.ip_default_ttl` → …/ip_default_ttl). */
  setSysctls(values: Record<string, string>): Promise<void>;
  /** A listening server bound in the namespace; attach 'connection' handlers here. */
  listenTcp(host: string, port: number): Promise<Server>;
  /** A bound UDP socket in the namespace; attach 'message' handlers here. */
  listenUdp(host: string, port: number): Promise<UdpSocket>;
  /** Tells the helper to exit; sockets already handed over keep working. */
  close(): Promise<void>;
  /** Whether the helper still takes requests (it exits after NETNS_LIMITS.helperIdleMs without one). */
  readonly alive: boolean;
}

/** A listen failure, with the errno code (`EADDRINUSE`, `EADDRNOTAVAIL`, …) as `code`. */
export class ListenError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'ListenError';
    this.code = code;
  }
}

/** Run from TypeScript sources (tests, an edited checkout), the helper needs tsx; compiled, it is plain JS. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Node, its flags and the script to run the helper; also used by tests to start it without a namespace. */
export function helperCommand(idleMs: number = NETNS_LIMITS.helperIdleMs): string[] {
  const script = fileURLToPath(new URL(`./socket-helper${FROM_SOURCES ? '.ts' : '.js'}`, import.meta.url));
  // Only tsx's ESM loader: the helper is an ES module, and skipping the CJS hook saves ~60 ms a start.
  const loader = FROM_SOURCES
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href]
    : [];
  return [process.execPath, ...loader, script, String(idleMs)];
}

interface PendingListen {
  protocol: 'tcp' | 'udp';
  resolve: (socket: Server | UdpSocket) => void;
  reject: (error: Error) => void;
  handle: Server | UdpSocket | null;
  released: boolean;
  /** What the helper's copy took in before release, replayed once the caller has its handlers. */
  early: Array<(socket: Server | UdpSocket) => void>;
}

function validateSysctls(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    if (!SYSCTL_KEY_PATTERN.test(key))
      throw new Error(
        `refusing sysctl key ${JSON.stringify(key)}: expected dotted words like net.ipv4.ip_default_ttl`,
      );
    if (typeof value !== 'string' || !SYSCTL_VALUE_PATTERN.test(value))
      throw new Error(`refusing value ${JSON.stringify(value)} for sysctl ${key}: numbers only`);
  }
}

function validateEndpoint(host: string, port: number): void {
  if (isIP(host) === 0) throw new Error(`cannot listen on ${JSON.stringify(host)}: not an IP address`);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`cannot listen on port ${port}`);
}

class HelperConnection implements NamespaceSockets {
  private readonly sysctlWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly listens = new Map<number, PendingListen>();
  private nextId = 1;
  private stderr = '';
  private exited: Error | null = null;
  private readonly exit: Promise<void>;

  constructor(
    private readonly namespace: string,
    private readonly child: ChildProcess,
  ) {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (this.stderr.length < NETNS_LIMITS.helperStderrMaxChars) this.stderr += chunk;
    });
    child.on('message', (message: HelperReply, handle?: Server | UdpSocket | Socket) =>
      this.onMessage(message, handle),
    );
    // A send on a channel the helper just closed fails here; 'exit' follows and fails what is pending.
    child.on('error', () => {});
    this.exit = new Promise((resolve) => {
      // 'close', not 'exit': by then stderr has been read to its end, for the error message.
      child.once('close', (code, signal) => {
        this.exited = new Error(
          `socket helper in namespace ${this.namespace} exited (${signal ?? `code ${code}`})${this.stderrSuffix()}`,
        );
        this.failAll(this.exited);
        resolve();
      });
    });
  }

  /** Resolves when the helper says it is ready; rejects when it exits first or takes too long. */
  started(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(
          new Error(
            `socket helper in namespace ${this.namespace} did not start within ${NETNS_LIMITS.helperStartTimeoutMs} ms`,
          ),
        );
      }, NETNS_LIMITS.helperStartTimeoutMs);
      const onReady = (message: HelperReply) => {
        if (message.op !== 'ready') return;
        clearTimeout(timer);
        this.child.off('message', onReady);
        resolve();
      };
      this.child.on('message', onReady);
      this.child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot start the socket helper for namespace ${this.namespace}: ${error.message}`));
      });
      void this.exit.then(() => {
        clearTimeout(timer);
        reject(
          new Error(
            `cannot start the socket helper in namespace ${this.namespace}${this.stderrSuffix() || ': it exited at once'}`,
          ),
        );
      });
    });
  }

  private stderrSuffix(): string {
    const text = this.stderr.trim();
    return text ? `: ${text}` : '';
  }

  private failAll(error: Error): void {
    for (const waiter of this.sysctlWaiters.splice(0)) waiter.reject(error);
    for (const pending of this.listens.values()) {
      // Received but never handed to the caller: nobody else would close it.
      pending.handle?.close();
      pending.reject(error);
    }
    this.listens.clear();
  }

  private request(message: BrokerRequest): void {
    if (this.exited) throw this.exited;
    if (!this.child.connected)
      throw new Error(
        `socket helper in namespace ${this.namespace} has gone (idle longer than ${NETNS_LIMITS.helperIdleMs} ms?)`,
      );
    this.child.send(message);
  }

  private onMessage(message: HelperReply, handle: Server | UdpSocket | Socket | undefined): void {
    switch (message.op) {
      case 'sysctl': {
        const waiter = this.sysctlWaiters.shift();
        if (message.ok) waiter?.resolve();
        else waiter?.reject(new Error(`namespace ${this.namespace}: ${message.error}`));
        return;
      }
      case 'listening': {
        const pending = this.listens.get(message.id);
        if (!pending) return;
        if (!message.ok) {
          this.listens.delete(message.id);
          pending.reject(new ListenError(`namespace ${this.namespace}: ${message.message}`, message.code));
          return;
        }
        pending.handle = handle as Server | UdpSocket;
        // Only now may the helper drop its copy: Node re-sends an unacknowledged handle.
        this.request({ op: 'release', id: message.id });
        this.settle(message.id, pending);
        return;
      }
      case 'released': {
        const pending = this.listens.get(message.id);
        if (!pending) return;
        pending.released = true;
        this.settle(message.id, pending);
        return;
      }
      case 'connection': {
        const socket = handle as Socket;
        this.listens.get(message.id)?.early.push((server) => (server as Server).emit('connection', socket));
        return;
      }
      case 'datagram': {
        const { data, id, op: _op, ...from } = message;
        const buffer = Buffer.from(data, 'base64');
        this.listens.get(id)?.early.push((socket) => (socket as UdpSocket).emit('message', buffer, from));
        return;
      }
    }
  }

  /** Hands the socket to the caller once it is here and the helper let go of its copy (either order). */
  private settle(id: number, pending: PendingListen): void {
    if (!pending.handle || !pending.released) return;
    this.listens.delete(id);
    const socket = pending.handle;
    pending.resolve(socket);
    // After the caller's `await` has attached its handlers.
    if (pending.early.length === 0) return;
    setImmediate(() => {
      for (const replay of pending.early) replay(socket);
    });
  }

  async setSysctls(values: Record<string, string>): Promise<void> {
    validateSysctls(values);
    return new Promise((resolve, reject) => {
      this.request({ op: 'sysctl', values });
      this.sysctlWaiters.push({ resolve, reject });
    });
  }

  private async listen(protocol: 'tcp' | 'udp', host: string, port: number): Promise<Server | UdpSocket> {
    validateEndpoint(host, port);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.request({ op: 'listen', id, protocol, host, port });
      this.listens.set(id, { protocol, resolve, reject, handle: null, released: false, early: [] });
    });
  }

  listenTcp(host: string, port: number): Promise<Server> {
    return this.listen('tcp', host, port) as Promise<Server>;
  }

  get alive(): boolean {
    return this.exited === null && this.child.connected;
  }

  listenUdp(host: string, port: number): Promise<UdpSocket> {
    return this.listen('udp', host, port) as Promise<UdpSocket>;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    if (this.child.connected) this.child.send({ op: 'exit' } satisfies BrokerRequest);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), NETNS_LIMITS.helperExitTimeoutMs);
    await this.exit;
    clearTimeout(timer);
  }
}

/**
 * Starts a socket helper inside `namespace` (`ip netns exec`); rejects with the helper's own words when
 * it cannot start (no such namespace, not root). The helper exits after NETNS_LIMITS.helperIdleMs
 * without a request, so open what a decky needs and close().
 */
export async function openNamespaceSockets(namespace: string): Promise<NamespaceSockets> {
  if (!NAMESPACE_PATTERN.test(namespace) || namespace.length > 255)
    throw new Error(`cannot open sockets in namespace ${JSON.stringify(namespace)}: not a namespace name`);
  const child = spawn('ip', ['netns', 'exec', namespace, ...helperCommand()], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const connection = new HelperConnection(namespace, child);
  await connection.started();
  return connection;
}
