/** `rem`, `title`, `prompt`, `color`: commands that change nothing visible on a remote console but must exist. */
import { defineCmd } from '../command.js';

export const remCommand = defineCmd({ name: 'rem', run: () => 0 });

export const titleCommand = defineCmd({ name: 'title', run: () => 0 });

export const colorCommand = defineCmd({ name: 'color', run: () => 0 });

export const promptCommand = defineCmd({
  name: 'prompt',
  run: (ctx) => {
    const value = ctx.rawArgs.trim();
    ctx.env.set('PROMPT', value === '' ? '$P$G' : value);
    return 0;
  },
});
