/** `more`: pages a file or its input; with no console to pause on, it passes everything through. */
import { defineCmd } from '../command.js';
import { readSources } from './lib/input.js';
import { operands } from './lib/switches.js';

export const moreCommand = defineCmd({
  name: 'more',
  path: 'C:\\Windows\\System32\\more.com',
  run: (ctx) => {
    const sources = readSources(
      ctx,
      operands(ctx.args),
      (name) => `Cannot access file ${ctx.drive.resolve(name)}\r\n`,
    );
    if (sources === null) return 1;
    for (const source of sources) for (const line of source.lines) ctx.stdout(`${line}\r\n`);
    return 0;
  },
});
