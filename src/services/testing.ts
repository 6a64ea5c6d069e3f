/**
 * Test support for services (not shipped: tsconfig.build.json excludes `testing.ts`): a service served
 * on a real loopback socket through a real ConnectionGuard, its events collected through the real
 * emitter and parsed back with the real parser, and a client that waits on what it receives. Every wait
 * is on an event (data, close, a log line), never on a timer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { coerceServiceConfig } from '../config/service-field.js';
import { createEmitter, type EventSink } from '../events/emitter.js';
import type { LogRecord } from '../events/record.js';
import { parseLine } from '../events/rfc5424/parse.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import type {
  DeckyPersona,
  ServiceContext,
  ServiceDefinition,
  ServiceDirs,
  ServiceInstance,
  ServiceLimits,
  Throttle,
} from './service.js';
import {
  ConnectionGuard,
  type ConnectionGuardOptions,
  defaultServiceLimits,
} from './shared/connection-guard.js';
import { listenTcpOn } from './shared/listen.js';

export function testPersona(overrides: Partial<DeckyPersona> = {}): DeckyPersona {
  return {
    name: 'decky-01',
    hostname: 'web-01',
    ip: '127.0.0.1',
    distro: 'ubuntu22',
    osProfile: 'linux',
    archetype: null,
    seed: 0x5eed_1234,
    ...overrides,
  };
}

/** Collects emitted lines and lets a test wait for them. */
export class CollectingSink implements EventSink {
  readonly lines: string[] = [];
  private waiters: Array<() => void> = [];

  append(line: string): void {
    this.lines.push(line);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Every line parsed (a line that does not parse fails the test here). */
  records(type?: string): LogRecord[] {
    const out: LogRecord[] = [];
    for (const line of this.lines) {
      const parsed = parseLine(line);
      if (!parsed.ok) throw new Error(`emitted an unparseable line (${parsed.error.message}): ${line}`);
      if (type === undefined || parsed.record.eventType === type) out.push(parsed.record);
    }
    return out;
  }

  /** Resolves once `count` events of `type` have been emitted. */
  async until(type: string, count = 1): Promise<LogRecord[]> {
    for (;;) {
      const found = this.records(type);
      if (found.length >= count) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** A logger whose error lines a test can assert on: a service handler failing is a bug. */
export function recordingLogger(): { logger: pino.Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });
  return { logger, errors };
}

export interface ServeOptions {
  decky?: DeckyPersona;
  /** Raw values as a deployment file writes them. */
  config?: Record<string, string>;
  limits?: Partial<ServiceLimits>;
  throttle?: Throttle;
  clock?: Clock;
  guard?: ConnectionGuardOptions;
  /** Where the service keeps keys, captures and recordings (default: a fresh temporary directory). */
  dirs?: ServiceDirs;
}

export interface Served {
  port: number;
  sink: CollectingSink;
  guard: ConnectionGuard;
  instance: ServiceInstance;
  /** Error lines the service logged. */
  errors: string[];
  dirs: ServiceDirs;
  close(): Promise<void>;
}

/** Serves `definition`'s TCP side on 127.0.0.1 (ephemeral port), admitting through a ConnectionGuard. */
export async function serveTcp(definition: ServiceDefinition, options: ServeOptions = {}): Promise<Served> {
  const sink = new CollectingSink();
  const clock = options.clock ?? systemClock;
  const decky = options.decky ?? testPersona();
  const limits: ServiceLimits = { ...defaultServiceLimits, ...definition.limits, ...options.limits };
  const scratch = options.dirs ? null : mkdtempSync(join(tmpdir(), 'decnet-service-'));
  const dirs: ServiceDirs = options.dirs ?? {
    keys: join(scratch!, 'keys'),
    captures: join(scratch!, 'captures'),
    recordings: join(scratch!, 'recordings'),
  };
  const { logger, errors } = recordingLogger();
  const ctx: ServiceContext = {
    decky,
    dirs,
    config: coerceServiceConfig(definition.fields, options.config ?? {}, { unknownKeys: 'error' }),
    emit: createEmitter({ sink, clock, decky: decky.name, service: definition.name }),
    clock,
    logger,
    limits,
    throttle: options.throttle ?? { delayMs: () => 0 },
    listenTcp: (port) => listenTcpOn(decky.ip, port),
  };
  const instance = definition.create(ctx);
  const handleTcp = instance.handleTcp;
  if (handleTcp === undefined) throw new Error(`${definition.name} has no TCP side`);
  const guard = new ConnectionGuard({
    idleTimeoutMs: limits.idleTimeoutMs,
    maxBytesPerConnection: limits.maxBytesPerConnection,
    ...options.guard,
  });
  let port = 0;
  const server: Server = createServer((socket) => {
    if (guard.admit(socket)) handleTcp(socket, port);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  port = address.port;
  return {
    port,
    sink,
    guard,
    instance,
    errors,
    dirs,
    async close() {
      await instance.close();
      await guard.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A TCP client that keeps what it receives and can wait for it. */
export class TestClient {
  private chunks: Buffer[] = [];
  private waiters: Array<() => void> = [];
  private isClosed = false;
  /** Resolves when the connection has closed (either side). */
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new TestClient(socket));
      });
      socket.once('error', reject);
    });
  }

  get data(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Resolves with everything received once `length` bytes have arrived (or the connection closed). */
  async receive(length: number): Promise<Buffer> {
    while (this.data.length < length && !this.isClosed) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.data;
  }

  /** Where `next` continues from: the end of the last match. */
  private cursor = 0;

  /**
   * A dialogue step: waits until `pattern` appears after the previous match, moves past it and returns
   * the text (latin1) from the previous match to the end of this one. Rejects if the connection closes
   * first.
   */
  async next(pattern: string | RegExp): Promise<string> {
    for (;;) {
      const tail = this.data.toString('latin1').slice(this.cursor);
      const end =
        typeof pattern === 'string'
          ? tail.includes(pattern)
            ? tail.indexOf(pattern) + pattern.length
            : -1
          : (() => {
              const m = pattern.exec(tail);
              return m ? m.index + m[0].length : -1;
            })();
      if (end >= 0) {
        this.cursor += end;
        return tail.slice(0, end);
      }
      if (this.isClosed)
        throw new Error(`connection closed before ${String(pattern)}; received: ${JSON.stringify(tail)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  send(data: Buffer | string): void {
    this.socket.write(data);
  }

  end(): Promise<void> {
    this.socket.end();
    return this.closed;
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
