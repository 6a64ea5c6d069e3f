import type { Command } from 'commander';
import { paths } from '../config/settings.js';
import { describeBusTarget, describeDbTarget } from '../config/urls.js';
import { firstAdminLines } from './api.js';
import { parsePort } from './arguments.js';
import { logger, settings } from './context.js';
import { addDeployOptions, type DeployFlags, deployRequest, hasDeployFlags } from './deploy-options.js';
import { CliError } from './errors.js';
import { stopOnSignals, takeLocks } from './process.js';

export function registerUp(program: Command): void {
  addDeployOptions(
    program
      .command('up')
      .description(
        'run DECNET: every role in one process (deckies, ingester, bus, spool, API) on this DECNET_HOME; ' +
          'without deploy flags it brings back the last fleet, or three loopback deckies on a fresh home',
      )
      .option('--host <address>', 'address the API listens on (default: DECNET_API_HOST or 127.0.0.1)')
      .option('--port <port>', 'port the API listens on (default: DECNET_API_PORT or 8000)'),
  ).action(async (opts: { host?: string; port?: string } & DeployFlags) => {
    const s = settings();
    const host = opts.host ?? s.api.host;
    const port = opts.port !== undefined ? parsePort(opts.port, '--port') : s.api.port;
    const initialDeploy = hasDeployFlags(opts) ? await deployRequest(opts) : null;
    const where = paths(s);
    const locks = takeLocks(where.runDir, ['instance', 'ingest']);
    const log = logger();
    const { buildInstance } = await import('./instance.js');
    const instance = buildInstance(s, log, { mode: 'up', host, port, initialDeploy });
    const done = new Promise<void>((resolve) => stopOnSignals(instance, resolve));
    try {
      await instance.supervisor.start();
    } catch (err) {
      for (const lock of locks) lock.release();
      throw new CliError(`could not start: ${(err as Error).message}`);
    }
    const url = instance.apiUrl()!;
    process.stdout.write(
      [
        `DECNET is up (pid ${process.pid}).`,
        `  API:        ${url}/api/v1   (health: ${url}/api/v1/health, docs: ${url}/api/v1/docs)`,
        `  Dashboard:  ${url}/   (the web dashboard is not part of this build yet)`,
        `  Deckies:    ${instance.deckies().length} running (\`decnet status\` lists them)`,
        `  State:      ${s.home}`,
        `  Database:   ${describeDbTarget(s.dbUrl)}`,
        `  Bus:        ${describeBusTarget(s.busUrl)}`,
        ...firstAdminLines(instance.firstAdmin()),
        '  Stop with Ctrl-C (or SIGTERM to this process).',
        '',
      ].join('\n'),
    );
    await done;
    for (const lock of locks) lock.release();
    process.stdout.write('DECNET stopped.\n');
  });
}
