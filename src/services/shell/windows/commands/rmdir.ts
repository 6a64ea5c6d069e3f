/** `rmdir`/`rd`: removes directories; `/s` with their contents, `/q` without asking. */
import { defineCmd } from '../command.js';
import { driveMessage } from '../drive.js';
import { hasSwitch, operands } from './lib/switches.js';

export const rmdirCommand = defineCmd({
  name: 'rmdir',
  aliases: ['rd'],
  run: (ctx) => {
    const names = operands(ctx.args);
    const recursive = hasSwitch(ctx.args, 's');
    const quiet = hasSwitch(ctx.args, 'q');
    if (names.length === 0) {
      ctx.stderr('The syntax of the command is incorrect.\r\n');
      return 1;
    }
    let status = 0;
    for (const name of names) {
      const stat = ctx.drive.stat(name);
      if (stat === null) {
        ctx.stderr('The system cannot find the file specified.\r\n');
        status = 2;
        continue;
      }
      if (stat.type !== 'dir') {
        ctx.stderr('The directory name is invalid.\r\n');
        status = 267;
        continue;
      }
      // Without /q, /s asks first; a remote session has no one to answer, so the default (no) holds.
      if (recursive && !quiet) {
        ctx.stdout(`${name}, Are you sure (Y/N)? `);
        const answer = ctx.stdin.toString('utf8').trim().toLowerCase();
        if (!answer.startsWith('y')) {
          ctx.stdout('\r\n');
          continue;
        }
      }
      try {
        ctx.drive.remove(name, { recursive });
      } catch (err) {
        ctx.stderr(`${driveMessage(err)}\r\n`);
        status = 145;
      }
    }
    return status;
  },
});
