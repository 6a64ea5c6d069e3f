/**
 * Depth-first walks of the session filesystem (find, du, ls -R, grep -r, chmod -R, cp -r, tar …),
 * never following symlinks, bounded in the nodes visited.
 */
import type { CommandContext } from '../../command.js';
import type { FileStat, FsErrorCode } from '../../filesystem.js';
import { COMMAND_LIMITS } from './limits.js';
import { codeOf } from './program.js';

export interface WalkEntry {
  /** The path as the program prints it (built from the operand as typed). */
  display: string;
  /** Absolute path. */
  path: string;
  stat: FileStat;
  depth: number;
}

export interface WalkHandlers {
  /** Called before a directory's children (pre-order); return false to skip its contents. */
  enter?(entry: WalkEntry): boolean | undefined;
  /** Called for every non-directory, and for directories after their children (post-order). */
  leave?(entry: WalkEntry): void;
  /** A directory that could not be listed. */
  error?(entry: WalkEntry, code: FsErrorCode): void;
}

export class WalkBudget {
  constructor(public remaining: number = COMMAND_LIMITS.maxWalkNodes) {}
  take(): boolean {
    this.remaining--;
    return this.remaining >= 0;
  }
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Walks from one entry (already stat'ed); returns false when the budget ran out. */
export function walk(
  ctx: CommandContext,
  root: WalkEntry,
  handlers: WalkHandlers,
  budget = new WalkBudget(),
  maxDepth = Number.POSITIVE_INFINITY,
): boolean {
  const visit = (entry: WalkEntry): boolean => {
    if (!budget.take()) return false;
    if (entry.stat.type !== 'dir') {
      handlers.leave?.(entry);
      return true;
    }
    const descend = handlers.enter?.(entry) !== false;
    if (descend && entry.depth < maxDepth) {
      let names: string[] = [];
      try {
        names = ctx.fs.readdir(entry.path);
      } catch (err) {
        handlers.error?.(entry, codeOf(err));
        names = [];
      }
      for (const name of names) {
        const path = join(entry.path, name);
        let stat: FileStat | null = null;
        try {
          stat = ctx.fs.lstat(path);
        } catch {
          stat = null;
        }
        if (!stat) continue;
        if (!visit({ display: join(entry.display, name), path, stat, depth: entry.depth + 1 })) return false;
      }
    }
    handlers.leave?.(entry);
    return true;
  };
  return visit(root);
}
