/** `copy`: copies files (several sources or a wildcard into a directory), printing how many it copied. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { driveMessage } from '../drive.js';
import { hasWildcard, leafOf, parentOf, wildcardMatches } from '../paths.js';
import { operands } from './lib/switches.js';

export const copyCommand = defineCmd({
  name: 'copy',
  run: (ctx) => transfer(ctx, 'copy'),
});

/** Shared by copy and move: resolves sources and the destination, then copies or renames each. */
export function transfer(ctx: CmdContext, mode: 'copy' | 'move'): number {
  const names = operands(ctx.args);
  if (names.length === 0) {
    ctx.stderr('The syntax of the command is incorrect.\r\n');
    return 1;
  }
  const source = names[0] as string;
  const destination = names[1] ?? '.';
  const sourcePath = ctx.drive.resolve(source);
  let files: string[];
  if (hasWildcard(leafOf(sourcePath))) {
    try {
      files = ctx.drive
        .list(parentOf(sourcePath))
        .filter((e) => e.stat.type === 'file' && wildcardMatches(leafOf(sourcePath), e.name))
        .map((e) => e.path);
    } catch {
      files = [];
    }
  } else if (ctx.drive.isNul(source)) {
    files = ['nul'];
  } else {
    const stat = ctx.drive.stat(sourcePath);
    files = stat ? [sourcePath] : [];
    if (stat?.type === 'dir' && mode === 'move') files = [sourcePath];
    else if (stat?.type === 'dir')
      files = ctx.drive
        .list(sourcePath)
        .filter((e) => e.stat.type === 'file')
        .map((e) => e.path);
  }
  if (files.length === 0) {
    ctx.stderr('The system cannot find the file specified.\r\n');
    if (mode === 'copy') ctx.stdout('        0 file(s) copied.\r\n');
    return 1;
  }
  const intoDirectory = ctx.drive.isDirectory(destination);
  let done = 0;
  for (const file of files) {
    const target = intoDirectory ? `${ctx.drive.resolve(destination)}\\${leafOf(file)}` : destination;
    try {
      if (mode === 'move') ctx.drive.rename(file, target);
      else ctx.drive.write(target, ctx.drive.read(file));
      done++;
      if (files.length > 1 && mode === 'copy') ctx.stdout(`${leafOf(file)}\r\n`);
    } catch (err) {
      ctx.stderr(`${driveMessage(err)}\r\n`);
    }
  }
  const noun =
    mode === 'copy'
      ? 'file(s) copied'
      : files.length === 1 && ctx.drive.isDirectory(files[0] as string)
        ? 'dir(s) moved'
        : 'file(s) moved';
  ctx.stdout(`${String(done).padStart(9)} ${noun}.\r\n`);
  return done === files.length ? 0 : 1;
}
