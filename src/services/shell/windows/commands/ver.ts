/** `ver`: the Windows version line, after a blank line. */
import { defineCmd } from '../command.js';
import { cmdBanner } from '../system.js';

export const verCommand = defineCmd({
  name: 'ver',
  run: (ctx) => {
    ctx.stdout(`\r\n${cmdBanner(ctx.machine).split('\r\n')[0]}\r\n`);
    return 0;
  },
});
