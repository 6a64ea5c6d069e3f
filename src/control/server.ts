import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from '../runtime/logger.js';
import { CONTROL_LIMITS, ControlError, type ControlRequest, type ControlResponse } from './protocol.js';

export type ControlHandler = (params: unknown) => Promise<unknown>;

/**
 * The running instance's end of the control channel. Roles register the methods they answer
 * (`status`, `ingest.append`, later `deploy`…); a bad request gets an error response, never a crash.
 */
export class ControlServer {
  private readonly handlers = new Map<string, ControlHandler>();
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  handle(method: string, handler: ControlHandler): this {
    this.handlers.set(method, handler);
    return this;
  }

  /**
   * Listens on the socket path. The caller holds the instance lock, so a socket file already there is
   * stale (its instance was killed before it could remove it) and is replaced.
   */
  async listen(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    try {
      unlinkSync(this.path);
    } catch {
      // No stale socket: the usual case.
    }
    const server = createServer((socket) => this.serve(socket));
    server.maxConnections = CONTROL_LIMITS.maxConnections;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    chmodSync(this.path, 0o600);
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: closing the server usually removes it.
    }
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered: Buffer[] = [];
    let size = 0;
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        buffered.push(chunk.subarray(start, nl));
        const line = Buffer.concat(buffered).toString('utf8');
        buffered = [];
        size = 0;
        start = nl + 1;
        void this.dispatch(socket, line);
      }
      if (start < chunk.length) {
        buffered.push(chunk.subarray(start));
        size += chunk.length - start;
        if (size > CONTROL_LIMITS.maxFrameBytes) {
          this.reply(socket, {
            id: 0,
            ok: false,
            error: { code: 'too_large', message: 'request too large' },
          });
          socket.end();
        }
      }
    });
  }

  private async dispatch(socket: Socket, line: string): Promise<void> {
    let request: ControlRequest;
    try {
      request = JSON.parse(line) as ControlRequest;
      if (typeof request !== 'object' || request === null || typeof request.method !== 'string')
        throw new Error();
    } catch {
      this.reply(socket, {
        id: 0,
        ok: false,
        error: { code: 'bad_request', message: 'not a control request' },
      });
      return;
    }
    const id = typeof request.id === 'number' ? request.id : 0;
    const handler = this.handlers.get(request.method);
    if (!handler) {
      this.reply(socket, {
        id,
        ok: false,
        error: { code: 'unknown_method', message: `unknown method ${request.method}` },
      });
      return;
    }
    try {
      const result = await handler(request.params ?? {});
      this.reply(socket, { id, ok: true, result: result ?? null });
    } catch (err) {
      // A plan the fabric refused is the caller's mistake, not the instance's: it keeps its own code.
      const code =
        err instanceof ControlError
          ? err.code
          : (err as Error).name === 'PlanError'
            ? 'invalid_plan'
            : 'failed';
      if (code === 'failed')
        this.logger.error({ method: request.method, err: (err as Error).message }, 'control request failed');
      this.reply(socket, { id, ok: false, error: { code, message: (err as Error).message } });
    }
  }

  private reply(socket: Socket, response: ControlResponse): void {
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  }
}
