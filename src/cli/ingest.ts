import type { Command } from 'commander';
import { ImportThreads } from '../ingest/import-thread/client.js';
import { CliError } from './errors.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'run the ingester alone (tail the spool into the database), or import a file of RFC 5424 lines once',
    )
    .option('--from <file>', "import this file of RFC 5424 lines once ('-' for standard input) and exit")
    .action(async (opts: { from?: string }) => {
      if (opts.from !== undefined) {
        // The import threads start before anything else loads: they take about as long to load their
        // own modules as the rest of this command's start-up (see ImportThreads).
        const threads = new ImportThreads();
        const { importFile, printReport } = await import('./import-file.js');
        printReport(opts.from, await importFile(opts.from, threads));
        return;
      }
      await runIngester();
    });
}

async function runIngester(): Promise<void> {
  const [{ paths }, { logger, settings }, { takeLocks, stopOnSignals }] = await Promise.all([
    import('../config/settings.js'),
    import('./context.js'),
    import('./process.js'),
  ]);
  const s = settings();
  const locks = takeLocks(paths(s).runDir, ['ingest']);
  const { buildInstance } = await import('./instance.js');
  const instance = buildInstance(s, logger(), { mode: 'ingest', host: s.api.host, port: s.api.port });
  const done = new Promise<void>((resolve) => stopOnSignals(instance, resolve));
  try {
    await instance.supervisor.start();
  } catch (err) {
    for (const lock of locks) lock.release();
    throw new CliError(`could not start the ingester: ${(err as Error).message}`);
  }
  process.stderr.write(`decnet: ingesting ${paths(s).spoolDir} (pid ${process.pid}); stop with Ctrl-C\n`);
  await done;
  for (const lock of locks) lock.release();
}
