/** `cmd`: `/c LINE` runs a line and returns, `/k LINE` runs it and stays; plain `cmd` opens a nested shell. */
import { defineCmd } from '../command.js';
import { cmdBanner } from '../system.js';

export const cmdCommand = defineCmd({
  name: 'cmd',
  path: 'C:\\Windows\\System32\\cmd.exe',
  run: async (ctx) => {
    const match = /(^|\s)\/([ck])\s*(.*)$/is.exec(ctx.rawArgs);
    if (match) {
      let line = (match[3] as string).trim();
      // `cmd /c "a & b"`: one pair of outer quotes is removed, as cmd /? describes.
      if (line.startsWith('"') && line.endsWith('"') && line.length >= 2) line = line.slice(1, -1);
      const status = await ctx.run(line, { stdin: ctx.stdin });
      if ((match[2] as string).toLowerCase() === 'k') ctx.shell.enterCmd();
      return status;
    }
    ctx.stdout(`${cmdBanner(ctx.machine)}`);
    ctx.shell.enterCmd();
    return 0;
  },
});
