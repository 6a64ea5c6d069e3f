/** nohup(1): runs the command through the shell, announcing nohup.out when the output is a terminal. */
import { coreTool } from './lib/availability.js';
import { absolute, defineCommand, progName } from './lib/program.js';

export const nohupCommand = defineCommand({
  name: 'nohup',
  path: '/usr/bin/nohup',
  availableOn: coreTool('nohup'),
  run: async (ctx) => {
    const prog = progName(ctx, 'nohup');
    const command = ctx.argv.slice(1);
    if (command[0] === '--') command.shift();
    if (command.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 125;
    }
    if (ctx.terminal.isTty) {
      ctx.stderr(`${prog}: ignoring input and appending output to 'nohup.out'\n`);
      try {
        ctx.fs.writeFile(absolute(ctx, 'nohup.out'), Buffer.alloc(0), { append: true });
      } catch {
        // nohup falls back to $HOME/nohup.out; either way the command runs.
      }
    }
    const status = await ctx.run(command);
    if (status === 127) {
      ctx.stderr(`${prog}: failed to run command '${command[0]}': No such file or directory\n`);
      return 127;
    }
    return status;
  },
});
