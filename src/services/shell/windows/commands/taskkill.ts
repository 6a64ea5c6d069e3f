/** `taskkill /pid N | /im NAME [/f]`: system processes are refused; the session's own may "end". */
import { defineCmd } from '../command.js';
import { processesFor } from './lib/session-processes.js';
import { switchValue } from './lib/switches.js';

/** Processes Windows will not let anyone end (critical system processes). */
const CRITICAL = new Set([
  'system',
  'system idle process',
  'registry',
  'smss.exe',
  'csrss.exe',
  'wininit.exe',
  'services.exe',
  'lsass.exe',
  'winlogon.exe',
]);

export const taskkillCommand = defineCmd({
  name: 'taskkill',
  path: 'C:\\Windows\\System32\\taskkill.exe',
  run: (ctx) => {
    const pid = switchValue(ctx.args, 'pid');
    const image = switchValue(ctx.args, 'im');
    if (pid === null && image === null) {
      ctx.stderr(
        'ERROR: Invalid syntax. Neither /FI nor /PID nor /IM were specified.\r\nType "TASKKILL /?" for usage.\r\n',
      );
      return 1;
    }
    const processes = processesFor(ctx, 'taskkill.exe');
    const targets = processes.filter((p) =>
      pid !== null ? String(p.pid) === pid : p.name.toLowerCase() === (image ?? '').toLowerCase(),
    );
    if (targets.length === 0) {
      ctx.stderr(
        pid !== null
          ? `ERROR: The process "${pid}" not found.\r\n`
          : `ERROR: The process "${image}" not found.\r\n`,
      );
      return 128;
    }
    let status = 0;
    for (const target of targets) {
      if (CRITICAL.has(target.name.toLowerCase()) || target.pid <= 4) {
        ctx.stderr(
          `ERROR: The process with PID ${target.pid} could not be terminated.\r\nReason: Access is denied.\r\n`,
        );
        status = 1;
        continue;
      }
      ctx.stdout(
        pid !== null
          ? `SUCCESS: The process with PID ${target.pid} has been terminated.\r\n`
          : `SUCCESS: The process "${target.name}" with PID ${target.pid} has been terminated.\r\n`,
      );
    }
    return status;
  },
});
