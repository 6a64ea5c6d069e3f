/** `hostname`: the computer's host name. */
import { defineCmd } from '../command.js';

export const hostnameCommand = defineCmd({
  name: 'hostname',
  path: 'C:\\Windows\\System32\\hostname.exe',
  run: (ctx) => {
    if (ctx.args.length > 0) {
      ctx.stderr('sethostname: Use the Network Control Panel Applet to set hostname.\r\n');
      return 1;
    }
    ctx.stdout(`${ctx.machine.hostname.split('.')[0]}\r\n`);
    return 0;
  },
});
