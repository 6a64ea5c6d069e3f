/** `start`: launches a program "in a new window": the line is run here, its console output unseen. */
import { defineCmd } from '../command.js';

export const startCommand = defineCmd({
  name: 'start',
  run: async (ctx) => {
    let rest = ctx.rawArgs.trim();
    // An optional quoted window title, then options, then the command.
    if (rest.startsWith('"')) rest = rest.slice(rest.indexOf('"', 1) + 1).trim();
    while (/^\/\S+/.test(rest)) rest = rest.replace(/^\/\S+\s*/, '');
    if (rest === '') return 0;
    // The program runs in its own console: nothing it prints comes back to this one.
    await ctx.run(rest, { discardOutput: true });
    return 0;
  },
});
