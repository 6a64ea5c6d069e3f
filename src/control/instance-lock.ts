import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class InstanceLockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstanceLockError';
  }
}

/**
 * One holder per lock and DECNET_HOME: `run/<name>.pid` holds its pid. `decnet up` takes `instance` and
 * `ingest`; a standalone `decnet ingest` takes `ingest`, so two ingesters never tail one spool. A pid
 * file whose process is gone (a crash, kill -9) is stale and taken over.
 */
export class InstanceLock {
  private constructor(private readonly file: string) {}

  static acquire(runDir: string, name: string): InstanceLock {
    mkdirSync(runDir, { recursive: true, mode: 0o700 });
    const file = join(runDir, `${name}.pid`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
        return new InstanceLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = readHolder(file);
        if (holder !== null && holder !== process.pid && isAlive(holder)) {
          throw new InstanceLockError(
            `another DECNET process (pid ${holder}) already holds the ${name} lock of this DECNET_HOME; stop it first or use another DECNET_HOME`,
          );
        }
        unlinkSync(file);
      }
    }
    throw new InstanceLockError(`could not take the instance lock ${file}`);
  }

  release(): void {
    try {
      if (readHolder(this.file) === process.pid) unlinkSync(this.file);
    } catch {
      // Already removed.
    }
  }
}

function readHolder(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
