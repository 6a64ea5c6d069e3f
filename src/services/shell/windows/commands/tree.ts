/** `tree`: the folder structure under a directory, drawn with `/a` ASCII or the console's box characters. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { CMD_LIMITS } from '../limits.js';
import { identityOf } from '../system.js';
import { hasSwitch, operands } from './lib/switches.js';

export const treeCommand = defineCmd({
  name: 'tree',
  path: 'C:\\Windows\\System32\\tree.com',
  run: (ctx) => {
    const ascii = hasSwitch(ctx.args, 'a');
    const files = hasSwitch(ctx.args, 'f');
    const target = ctx.drive.resolve(operands(ctx.args)[0] ?? '.');
    if (!ctx.drive.isDirectory(target)) {
      ctx.stdout(
        `Folder PATH listing\r\nVolume serial number is ${identityOf(ctx.machine).volumeSerial}\r\n`,
      );
      ctx.stderr(`Invalid path - ${target.slice(2) || '\\'}\r\nNo subfolders exist \r\n\r\n`);
      return 1;
    }
    ctx.stdout(
      `Folder PATH listing\r\nVolume serial number is ${identityOf(ctx.machine).volumeSerial}\r\n${target.length <= 3 ? target : target.toUpperCase()}\r\n`,
    );
    const budget = { lines: 0 };
    const drawn = draw(ctx, target, '', ascii, files, budget);
    if (!drawn) ctx.stdout('No subfolders exist \r\n\r\n');
    return 0;
  },
});

function draw(
  ctx: CmdContext,
  dir: string,
  indent: string,
  ascii: boolean,
  files: boolean,
  budget: { lines: number },
): boolean {
  let entries: ReturnType<CmdContext['drive']['list']>;
  try {
    entries = ctx.drive.list(dir).filter((e) => !e.attributes.hidden);
  } catch {
    return false;
  }
  const dirs = entries.filter((e) => e.stat.type === 'dir');
  const shown = files ? entries.filter((e) => e.stat.type !== 'dir') : [];
  const [branch, last, pipe] = ascii ? ['+---', '\\---', '|   '] : ['├───', '└───', '│   '];
  for (const file of shown) {
    if (budget.lines++ >= CMD_LIMITS.maxTreeLines) return true;
    ctx.stdout(`${indent}${dirs.length > 0 ? pipe : '    '}${file.name}\r\n`);
  }
  if (shown.length > 0) ctx.stdout(`${indent}${dirs.length > 0 ? pipe : '    '}\r\n`);
  dirs.forEach((entry, i) => {
    if (budget.lines++ >= CMD_LIMITS.maxTreeLines) return;
    const isLast = i === dirs.length - 1;
    ctx.stdout(`${indent}${isLast ? last : branch}${entry.name}\r\n`);
    draw(ctx, entry.path, `${indent}${isLast ? '    ' : pipe}`, ascii, files, budget);
  });
  return dirs.length > 0 || shown.length > 0;
}
