import type { Command } from 'commander';
import { CliError, EXIT } from './errors.js';

/**
 * Workers (sessions, profiler, intel, TTP, attribution, clustering…) arrive with the capabilities that
 * need them, each registered here by name. None is part of this build yet.
 */
interface WorkerDefinition {
  name: string;
  description: string;
}
const WORKERS: readonly WorkerDefinition[] = [];

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run one background worker alone')
    .argument('<name>', 'the worker to run')
    .action(async (name: string) => {
      const known = WORKERS.map((w) => w.name);
      throw new CliError(
        `unknown worker ${JSON.stringify(name)}; ${known.length ? `available: ${known.join(', ')}` : 'this build has no workers yet'}`,
        EXIT.usage,
      );
    });
}
