/** `call`: runs the rest of the line (a batch file or a command) in this shell; `setlocal` and friends are accepted. */
import { defineCmd } from '../command.js';

export const callCommand = defineCmd({
  name: 'call',
  run: (ctx) => (ctx.rawArgs.trim() === '' ? 0 : ctx.run(ctx.rawArgs.trim(), { stdin: ctx.stdin })),
});

/** Batch-only commands that change nothing on a command line: they succeed quietly, as cmd's do there. */
export const setlocalCommand = defineCmd({ name: 'setlocal', run: () => 0 });
export const endlocalCommand = defineCmd({ name: 'endlocal', run: () => 0 });
export const gotoCommand = defineCmd({ name: 'goto', run: () => 0 });
export const shiftCommand = defineCmd({ name: 'shift', run: () => 0 });
export const verifyCommand = defineCmd({
  name: 'verify',
  run: (ctx) => {
    ctx.stdout('VERIFY is off.\r\n');
    return 0;
  },
});
