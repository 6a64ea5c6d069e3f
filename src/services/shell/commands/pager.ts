/**
 * less(1) and more(1). Without a terminal they copy their input, as both do; on one they show the first
 * screen and return (the shell has no full-screen mode), which looks like a quit with `q`.
 */
import type { CommandContext } from '../command.js';
import { coreTool, packaged } from './lib/availability.js';
import { defineCommand, isBusybox, progName, readPath, splitLines } from './lib/program.js';

function page(ctx: CommandContext, fallback: string): number {
  const prog = progName(ctx, fallback);
  const operands = ctx.argv.slice(1).filter((a) => !a.startsWith('-') && !a.startsWith('+'));
  if (operands.length === 0 && ctx.stdin.length === 0 && ctx.terminal.isTty) {
    ctx.stderr(
      prog === 'less'
        ? 'Missing filename ("less --help" for help)\n'
        : `Usage: ${prog} [options] <file>...\n`,
    );
    return 1;
  }
  let status = 0;
  const texts: Buffer[] = [];
  for (const name of operands.length === 0 ? ['-'] : operands) {
    if (name === '-') {
      texts.push(ctx.stdin);
      continue;
    }
    const read = readPath(ctx, name);
    if (read.ok) {
      texts.push(
        operands.length > 1 && prog === 'more'
          ? Buffer.concat([Buffer.from(`::::::::::::::\n${name}\n::::::::::::::\n`), read.data])
          : read.data,
      );
      continue;
    }
    status = 1;
    if (read.code === 'EISDIR') ctx.stderr(`${name} is a directory\n`);
    else if (isBusybox(ctx)) ctx.stderr(`${prog}: can't open '${name}': No such file or directory\n`);
    else if (prog === 'more') ctx.stderr(`${prog}: cannot open ${name}: No such file or directory\n`);
    else ctx.stderr(`${name}: No such file or directory\n`);
  }
  const data = Buffer.concat(texts);
  if (!ctx.terminal.isTty) {
    ctx.stdout(data);
    return status;
  }
  const screen = splitLines(data).slice(0, Math.max(1, ctx.terminal.rows - 1));
  ctx.stdout(screen.map((l) => `${l}\n`).join(''));
  return status;
}

export const lessCommand = defineCommand({
  name: 'less',
  path: '/usr/bin/less',
  availableOn: packaged(['debian', 'rhel', 'arch'], 'less'),
  run: (ctx) => page(ctx, 'less'),
});

export const moreCommand = defineCommand({
  name: 'more',
  path: '/usr/bin/more',
  availableOn: coreTool('more'),
  run: (ctx) => page(ctx, 'more'),
});
