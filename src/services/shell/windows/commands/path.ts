/** `path`: prints or sets PATH (`path ;` clears it). */
import { defineCmd } from '../command.js';

export const pathCommand = defineCmd({
  name: 'path',
  run: (ctx) => {
    const value = ctx.rawArgs.trim().replace(/^=/, '');
    if (value === '') {
      const path = ctx.env.get('PATH');
      ctx.stdout(path === undefined ? 'PATH=(null)\r\n' : `PATH=${path}\r\n`);
      return 0;
    }
    ctx.env.set('PATH', value === ';' ? '' : value);
    return 0;
  },
});
