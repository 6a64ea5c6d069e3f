/** `ren`/`rename`: renames a file or directory in place (the new name has no path). */
import { defineCmd } from '../command.js';
import { driveMessage } from '../drive.js';
import { parentOf } from '../paths.js';
import { operands } from './lib/switches.js';

export const renCommand = defineCmd({
  name: 'ren',
  aliases: ['rename'],
  run: (ctx) => {
    const [from, to] = operands(ctx.args);
    if (from === undefined || to === undefined || /[\\/:]/.test(to)) {
      ctx.stderr('The syntax of the command is incorrect.\r\n');
      return 1;
    }
    const source = ctx.drive.resolve(from);
    if (!ctx.drive.exists(source)) {
      ctx.stderr('The system cannot find the file specified.\r\n');
      return 1;
    }
    const target = `${parentOf(source)}\\${to}`;
    if (ctx.drive.exists(target)) {
      ctx.stderr('A duplicate file name exists, or the file\r\ncannot be found.\r\n');
      return 1;
    }
    try {
      ctx.drive.rename(source, target);
      return 0;
    } catch (err) {
      ctx.stderr(`${driveMessage(err)}\r\n`);
      return 1;
    }
  },
});
