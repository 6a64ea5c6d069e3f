import type { Command } from 'commander';
import type { FirstAdmin } from '../api/auth/authenticator.js';
import { describeDbTarget } from '../config/urls.js';
import { parsePort } from './arguments.js';
import { logger, settings } from './context.js';
import { CliError } from './errors.js';
import { stopOnSignals } from './process.js';

export function registerApi(program: Command): void {
  program
    .command('api')
    .description(
      "run the REST API alone over this DECNET_HOME's database; deploys and teardowns go to the instance " +
        '`decnet up` runs on the same home',
    )
    .option('--host <address>', 'address to listen on (default: DECNET_API_HOST or 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: DECNET_API_PORT or 8000)')
    .action(async (opts: { host?: string; port?: string }) => {
      const s = settings();
      const host = opts.host ?? s.api.host;
      const port = opts.port !== undefined ? parsePort(opts.port, '--port') : s.api.port;
      const { buildInstance } = await import('./instance.js');
      const instance = buildInstance(s, logger(), { mode: 'api', host, port });
      const done = new Promise<void>((resolve) => stopOnSignals(instance, resolve));
      try {
        await instance.supervisor.start();
      } catch (err) {
        await instance.stop();
        throw new CliError(`could not start the API: ${(err as Error).message}`);
      }
      const url = instance.apiUrl()!;
      process.stdout.write(
        [
          `DECNET API is up (pid ${process.pid}).`,
          `  API:        ${url}/api/v1   (docs: ${url}/api/v1/docs)`,
          `  Database:   ${describeDbTarget(s.dbUrl)}`,
          ...firstAdminLines(instance.firstAdmin()),
          '  Stop with Ctrl-C (or SIGTERM to this process).',
          '',
        ].join('\n'),
      );
      await done;
      process.stdout.write('DECNET API stopped.\n');
    });
}

/**
 * The first administrator's credentials, printed once when this start created them. A generated password
 * goes to the terminal only: never to the log.
 */
export function firstAdminLines(admin: FirstAdmin | null): string[] {
  if (!admin) return [];
  const password =
    admin.generatedPassword === null
      ? 'the password in DECNET_ADMIN_PASSWORD'
      : `password ${admin.generatedPassword}   (generated; shown only this once)`;
  return [`  Admin:      user ${admin.username}, ${password}; you must change it at the first login`];
}
