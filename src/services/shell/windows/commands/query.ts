/** `query user` / `quser` (and `query session`): the SSH logon is a disconnected-less "services" session. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { shortDate, shortTime } from '../system.js';

export const queryCommand = defineCmd({
  name: 'query',
  path: 'C:\\Windows\\System32\\query.exe',
  run: (ctx) => {
    const verb = (ctx.args[0] ?? '').toLowerCase();
    if (verb === 'user') return users(ctx);
    if (verb === 'session') {
      ctx.stdout(
        ' SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE \r\n>services                                    0  Disc                        \r\n console                                     1  Conn                        \r\n rdp-tcp                                 65536  Listen                      \r\n',
      );
      return 0;
    }
    if (verb === 'process') {
      ctx.stdout(
        ` USERNAME              SESSIONNAME         ID    PID  IMAGE\r\n>${ctx.user.name.toLowerCase().padEnd(22)}                     0   4312  cmd.exe\r\n`,
      );
      return 0;
    }
    ctx.stdout('Invalid parameter(s)\r\nQUERY { PROCESS | SESSION | TERMSERVER | USER }\r\n');
    return 1;
  },
});

export const quserCommand = defineCmd({
  name: 'quser',
  path: 'C:\\Windows\\System32\\quser.exe',
  run: (ctx) => users(ctx),
});

/** An SSH logon is not a terminal-services session, so Windows lists none; the console's own logon, if any, is shown. */
function users(ctx: CmdContext): number {
  const logon = ctx.machine.bootMs + 3 * 60_000;
  ctx.stdout(
    ` USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME\r\n administrator         console             1  Active      none   ${shortDate(logon).replace(/^0/, '')} ${shortTime(logon).replace(/^0/, '')}\r\n`,
  );
  return 0;
}
