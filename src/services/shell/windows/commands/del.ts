/** `del`/`erase`: deletes files (wildcards, `/s` through subdirectories, `/f` read-only ones too, `/q` quietly). */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { type DriveEntry, driveMessage } from '../drive.js';
import { CMD_LIMITS } from '../limits.js';
import { leafOf, parentOf, wildcardMatches } from '../paths.js';
import { hasSwitch, operands } from './lib/switches.js';

export const delCommand = defineCmd({
  name: 'del',
  aliases: ['erase'],
  run: (ctx) => {
    const names = operands(ctx.args);
    if (names.length === 0) {
      ctx.stderr('The syntax of the command is incorrect.\r\n');
      return 1;
    }
    const force = hasSwitch(ctx.args, 'f');
    const quiet = hasSwitch(ctx.args, 'q');
    const recursive = hasSwitch(ctx.args, 's');
    let deleted = 0;
    for (const name of names) {
      const path = ctx.drive.resolve(name);
      const stat = ctx.drive.stat(path);
      // `del somedir` deletes the files inside it, after asking.
      const directory = stat?.type === 'dir' ? path : parentOf(path);
      const pattern = stat?.type === 'dir' ? '*' : leafOf(path);
      if (stat?.type === 'dir' && !quiet) {
        ctx.stdout(`${path}\\*, Are you sure (Y/N)? `);
        if (!ctx.stdin.toString('utf8').trim().toLowerCase().startsWith('y')) {
          ctx.stdout('\r\n');
          continue;
        }
      }
      const matched = collect(ctx, directory, pattern, recursive);
      if (matched.length === 0) {
        ctx.stderr(
          ctx.drive.isDirectory(directory)
            ? `Could Not Find ${path}\r\n`
            : 'The system cannot find the path specified.\r\n',
        );
        continue;
      }
      for (const file of matched) {
        if (deleted >= CMD_LIMITS.maxFilesDeleted) break;
        if (file.attributes.readOnly && !force) {
          ctx.stderr(`${file.path}\r\nAccess is denied.\r\n`);
          continue;
        }
        try {
          ctx.drive.remove(file.path);
          deleted++;
          if (recursive) ctx.stdout(`Deleted file - ${file.path}\r\n`);
        } catch (err) {
          ctx.stderr(`${file.path}\r\n${driveMessage(err)}\r\n`);
        }
      }
    }
    // del reports success even when it could not find a file.
    return 0;
  },
});

function collect(ctx: CmdContext, directory: string, pattern: string, recursive: boolean): DriveEntry[] {
  const out: DriveEntry[] = [];
  const queue = [directory];
  while (queue.length > 0 && out.length < CMD_LIMITS.maxFilesDeleted) {
    let entries: DriveEntry[];
    try {
      entries = ctx.drive.list(queue.shift() as string);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.stat.type === 'dir') {
        if (recursive) queue.push(entry.path);
      } else if (wildcardMatches(pattern, entry.name) && !entry.attributes.hidden && !entry.attributes.system)
        out.push(entry);
    }
  }
  return out;
}
