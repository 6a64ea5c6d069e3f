/** `mkdir`/`md`: makes directories, with any missing parents (command extensions are on by default). */
import { defineCmd } from '../command.js';
import { driveMessage } from '../drive.js';
import { operands } from './lib/switches.js';

export const mkdirCommand = defineCmd({
  name: 'mkdir',
  aliases: ['md'],
  run: (ctx) => {
    const names = operands(ctx.args);
    if (names.length === 0) {
      ctx.stderr('The syntax of the command is incorrect.\r\n');
      return 1;
    }
    let status = 0;
    for (const name of names) {
      if (ctx.drive.exists(name)) {
        ctx.stderr(
          `A subdirectory or file ${name} already exists.\r\nError occurred while processing: ${name}.\r\n`,
        );
        status = 1;
        continue;
      }
      try {
        ctx.drive.mkdir(name);
      } catch (err) {
        ctx.stderr(`${driveMessage(err)}\r\n`);
        status = 1;
      }
    }
    return status;
  },
});
