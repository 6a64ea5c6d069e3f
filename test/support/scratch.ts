import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Scratch directories for tests, removed when their test file ends (test/support/setup.ts registers
 * that), so a run leaves nothing behind in the system's temporary directory.
 */
const made: string[] = [];

/** A fresh directory named `<prefix>-XXXXXX` under the system's temporary directory. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
