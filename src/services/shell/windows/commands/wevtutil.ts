/** `wevtutil`: `cl` (clearing a log, to hide tracks) succeeds silently; `el` lists the classic logs. */
import { defineCmd } from '../command.js';

export const wevtutilCommand = defineCmd({
  name: 'wevtutil',
  path: 'C:\\Windows\\System32\\wevtutil.exe',
  run: (ctx) => {
    const verb = (ctx.args[0] ?? '').toLowerCase();
    if (verb === 'el' || verb === 'enum-logs') {
      ctx.stdout('Application\r\nHardwareEvents\r\nSecurity\r\nSetup\r\nSystem\r\nWindows PowerShell\r\n');
      return 0;
    }
    if (verb === 'cl' || verb === 'clear-log' || verb === 'sl' || verb === 'set-log') return 0;
    if (verb === 'qe' || verb === 'query-events') return 0;
    ctx.stderr(`Failed to process the command. The parameter is incorrect.\r\n`);
    return 87;
  },
});
