/** `exit [/b] [code]`: leaves cmd (or the nested cmd) with an exit code. */
import { defineCmd } from '../command.js';

export const exitCommand = defineCmd({
  name: 'exit',
  run: (ctx) => {
    const args = ctx.args.filter((a) => a.toLowerCase() !== '/b');
    const code = Number.parseInt(args[0] ?? '0', 10);
    ctx.shell.exit(Number.isFinite(code) ? code | 0 : 0);
    return 0;
  },
});
