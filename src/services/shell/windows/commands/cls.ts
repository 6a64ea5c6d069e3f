/** `cls`: clears the console. */
import { defineCmd } from '../command.js';

export const clsCommand = defineCmd({
  name: 'cls',
  run: (ctx) => {
    ctx.shell.clearScreen();
    return 0;
  },
});
