import { connect, type Socket } from 'node:net';
import { CONTROL_LIMITS, ControlError, type ControlResponse } from './protocol.js';

/** A command's connection to the running instance. */
export class ControlClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private buffered = '';

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('close', () =>
      this.failAll(new ControlError('disconnected', 'the DECNET instance closed the control connection')),
    );
    socket.on('error', (err) =>
      this.failAll(new ControlError('disconnected', `control connection failed: ${err.message}`)),
    );
  }

  /** Connects to the instance listening on `path`, or resolves null when none is running. */
  static async connect(path: string): Promise<ControlClient | null> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      socket.once('connect', () => resolve(new ControlClient(socket)));
      socket.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(null);
        else
          reject(
            new ControlError('unreachable', `cannot reach the DECNET instance at ${path}: ${err.message}`),
          );
      });
    });
  }

  call<T = unknown>(method: string, params: unknown = {}): Promise<T> {
    const id = this.nextId++;
    const frame = `${JSON.stringify({ id, method, params })}\n`;
    if (Buffer.byteLength(frame) > CONTROL_LIMITS.maxFrameBytes) {
      return Promise.reject(new ControlError('too_large', `control request ${method} is too large`));
    }
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(frame);
    });
  }

  close(): void {
    this.socket.end();
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    for (let nl = this.buffered.indexOf('\n'); nl !== -1; nl = this.buffered.indexOf('\n')) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      let response: ControlResponse;
      try {
        response = JSON.parse(line) as ControlResponse;
      } catch {
        continue;
      }
      const waiter = this.pending.get(response.id);
      if (!waiter) continue;
      this.pending.delete(response.id);
      if (response.ok) waiter.resolve(response.result);
      else waiter.reject(new ControlError(response.error.code, response.error.message));
    }
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}
