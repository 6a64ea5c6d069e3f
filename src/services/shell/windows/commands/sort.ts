/** `sort`: sorts lines, ignoring case (`/r` reverses). */
import { defineCmd } from '../command.js';
import { readSources } from './lib/input.js';
import { hasSwitch, operands } from './lib/switches.js';

export const sortCommand = defineCmd({
  name: 'sort',
  path: 'C:\\Windows\\System32\\sort.exe',
  run: (ctx) => {
    const sources = readSources(
      ctx,
      operands(ctx.args).slice(0, 1),
      () => 'The system cannot find the file specified.\r\n',
    );
    if (sources === null) return 1;
    const lines = sources.flatMap((s) => s.lines);
    lines.sort((a, b) => {
      const x = a.toUpperCase();
      const y = b.toUpperCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
    if (hasSwitch(ctx.args, 'r')) lines.reverse();
    ctx.stdout(lines.map((l) => `${l}\r\n`).join(''));
    return 0;
  },
});
