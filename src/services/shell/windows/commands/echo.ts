/** `echo`: prints the rest of the line as typed (after its one delimiter), or turns command echo on and off. */
import { defineCmd } from '../command.js';

export const echoCommand = defineCmd({
  name: 'echo',
  run: (ctx) => {
    const raw = ctx.rawArgs;
    const text = raw.slice(1);
    if (raw.trim() === '') {
      ctx.stdout(`ECHO is ${ctx.shell.echo ? 'on' : 'off'}.\r\n`);
      return 0;
    }
    // `echo.`, `echo(`, `echo:` print what follows the delimiter, or an empty line.
    if (raw[0] !== ' ' && raw[0] !== '\t') {
      ctx.stdout(`${text}\r\n`);
      return 0;
    }
    const word = raw.trim().toLowerCase();
    if (word === 'on' || word === 'off') {
      ctx.shell.echo = word === 'on';
      return 0;
    }
    ctx.stdout(`${text}\r\n`);
    return 0;
  },
});
