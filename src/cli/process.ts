import { InstanceLock, InstanceLockError } from '../control/instance-lock.js';
import { CliError } from './errors.js';

/** What `stopOnSignals` stops: a running instance. */
interface Stoppable {
  stop(): Promise<void>;
}

/** SIGINT/SIGTERM stop the instance cleanly; a second signal while stopping exits at once. */
export function stopOnSignals(instance: Stoppable, onStopped: () => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`decnet: ${signal} again, exiting without waiting\n`);
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`decnet: ${signal} received, stopping…\n`);
    void instance.stop().then(onStopped, (err) => {
      process.stderr.write(`decnet: error while stopping: ${(err as Error).message}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

export function takeLocks(runDir: string, names: string[]): InstanceLock[] {
  const taken: InstanceLock[] = [];
  try {
    for (const name of names) taken.push(InstanceLock.acquire(runDir, name));
    return taken;
  } catch (err) {
    for (const lock of taken) lock.release();
    if (err instanceof InstanceLockError) throw new CliError(err.message);
    throw err;
  }
}
