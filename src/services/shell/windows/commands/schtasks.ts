/** `schtasks`: `/query` lists the stock tasks of the install; `/create` and `/delete` succeed in words only. */
import { defineCmd } from '../command.js';
import { hasSwitch, switchValue } from './lib/switches.js';

const TASKS: ReadonlyArray<readonly [folder: string, name: string, next: string, status: string]> = [
  ['\\', 'CreateExplorerShellUnelevatedTask', 'N/A', 'Ready'],
  [
    '\\Microsoft\\Windows\\Active Directory Rights Management Services Client',
    'AD RMS Rights Policy Template Management (Automated)',
    'N/A',
    'Disabled',
  ],
  ['\\Microsoft\\Windows\\AppID', 'SmartScreenSpecific', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\Application Experience', 'Microsoft Compatibility Appraiser', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\Application Experience', 'ProgramDataUpdater', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\Defrag', 'ScheduledDefrag', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\Windows Defender', 'Windows Defender Cache Maintenance', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\Windows Defender', 'Windows Defender Cleanup', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\Windows Defender', 'Windows Defender Scheduled Scan', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\WindowsUpdate', 'Scheduled Start', 'N/A', 'Ready'],
  ['\\Microsoft\\Windows\\UpdateOrchestrator', 'Schedule Scan', 'N/A', 'Ready'],
];

export const schtasksCommand = defineCmd({
  name: 'schtasks',
  path: 'C:\\Windows\\System32\\schtasks.exe',
  run: (ctx) => {
    if (hasSwitch(ctx.args, 'create')) {
      const name = switchValue(ctx.args, 'tn') ?? '';
      ctx.stdout(`SUCCESS: The scheduled task "${name}" has successfully been created.\r\n`);
      return 0;
    }
    // Only stock tasks exist, and those are not the attacker's to run or delete by name.
    if (hasSwitch(ctx.args, 'delete') || hasSwitch(ctx.args, 'run')) {
      ctx.stderr('ERROR: The system cannot find the file specified.\r\n');
      return 1;
    }
    if (ctx.args.length > 0 && !hasSwitch(ctx.args, 'query')) {
      ctx.stderr(`ERROR: Invalid argument/option - '${ctx.args[0]}'.\r\nType "SCHTASKS /?" for usage.\r\n`);
      return 1;
    }
    if ((switchValue(ctx.args, 'fo') ?? '').toLowerCase() === 'csv') {
      ctx.stdout(
        `"TaskName","Next Run Time","Status"\r\n${TASKS.map(([f, n, next, s]) => `"${f === '\\' ? '' : f}\\${n}","${next}","${s}"`).join('\r\n')}\r\n`,
      );
      return 0;
    }
    let out = '';
    let folder = '';
    for (const [f, name, next, status] of TASKS) {
      if (f !== folder) {
        folder = f;
        out += `\r\nFolder: ${f}\r\nTaskName                                 Next Run Time          Status         \r\n======================================== ====================== ===============\r\n`;
      }
      out += `${name.slice(0, 40).padEnd(40)} ${next.padEnd(22)} ${status.padEnd(15)}\r\n`;
    }
    ctx.stdout(out);
    return 0;
  },
});
