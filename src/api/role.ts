import type { FastifyInstance } from 'fastify';
import type { Role, RoleContext } from '../runtime/supervisor.js';

export interface ApiRoleOptions {
  host: string;
  port: number;
}

/**
 * Serves the API. Its listener opens first of all roles (see `decnet up`), so health answers 503 while
 * the rest start; `start` resolves once it listens and throws a clear error if the address is taken.
 */
export class ApiRole implements Role {
  readonly name = 'api';
  private listening = false;
  private app: FastifyInstance | null = null;

  constructor(
    private readonly build: () => Promise<FastifyInstance>,
    private readonly opts: ApiRoleOptions,
  ) {}

  get url(): string {
    const address = this.app?.server.address();
    const port = address && typeof address === 'object' ? address.port : this.opts.port;
    const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `http://${host}:${port}`;
  }

  async start(_ctx: RoleContext): Promise<void> {
    this.app = await this.build();
    try {
      await this.app.listen({ host: this.opts.host, port: this.opts.port });
      this.listening = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new Error(
          `cannot listen on ${this.opts.host}:${this.opts.port}: the address is in use; choose another with --port or DECNET_API_PORT`,
        );
      }
      if (code === 'EACCES') {
        throw new Error(
          `cannot listen on ${this.opts.host}:${this.opts.port}: permission denied; use a port above 1023 or run as root`,
        );
      }
      throw new Error(`cannot listen on ${this.opts.host}:${this.opts.port}: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    if (this.listening) await this.app?.close();
    this.listening = false;
  }
}
