/** `tasklist` (`/svc`, `/v`, `/fo csv|list`, `/fi "IMAGENAME eq x"`): the decky's processes in tasklist's columns. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import type { WindowsProcess } from '../processes.js';
import { groupDigits } from '../system.js';
import { processesFor } from './lib/session-processes.js';
import { hasSwitch, switchValue } from './lib/switches.js';

export const tasklistCommand = defineCmd({
  name: 'tasklist',
  path: 'C:\\Windows\\System32\\tasklist.exe',
  run: (ctx) => {
    let processes = processesFor(ctx, 'tasklist.exe');
    const filter = switchValue(ctx.args, 'fi');
    if (filter !== null) {
      const match = /^\s*(imagename|pid)\s+(eq|ne)\s+(.+?)\s*$/i.exec(filter);
      if (!match) {
        ctx.stderr('ERROR: The search filter cannot be recognized.\r\n');
        return 1;
      }
      const [, field, op, value] = match as unknown as [string, string, string, string];
      const test = (p: WindowsProcess) =>
        field.toLowerCase() === 'pid'
          ? String(p.pid) === value
          : p.name.toLowerCase() === value.toLowerCase().replace(/"/g, '');
      processes = processes.filter((p) => test(p) === (op.toLowerCase() === 'eq'));
      if (processes.length === 0) {
        ctx.stdout('INFO: No tasks are running which match the specified criteria.\r\n');
        return 0;
      }
    }
    const format = (switchValue(ctx.args, 'fo') ?? 'table').toLowerCase();
    if (hasSwitch(ctx.args, 'svc')) {
      ctx.stdout(services(processes));
      return 0;
    }
    if (format === 'csv') {
      const rows = processes.map(
        (p) =>
          `"${p.name}","${p.pid}","${p.session === 0 ? 'Services' : 'Console'}","${p.session}","${groupDigits(p.memoryKiB)} K"`,
      );
      ctx.stdout(
        `${hasSwitch(ctx.args, 'nh') ? '' : '"Image Name","PID","Session Name","Session#","Mem Usage"\r\n'}${rows.join('\r\n')}\r\n`,
      );
      return 0;
    }
    if (format === 'list') {
      ctx.stdout(
        processes
          .map(
            (p) =>
              `\r\nImage Name:   ${p.name}\r\nPID:          ${p.pid}\r\nSession Name: ${p.session === 0 ? 'Services' : 'Console'}\r\nSession#:     ${p.session}\r\nMem Usage:    ${groupDigits(p.memoryKiB)} K`,
          )
          .join('') + '\r\n',
      );
      return 0;
    }
    ctx.stdout(table(ctx, processes, hasSwitch(ctx.args, 'nh')));
    return 0;
  },
});

function table(_ctx: CmdContext, processes: readonly WindowsProcess[], noHeader: boolean): string {
  const head = noHeader
    ? ''
    : `\r\nImage Name                     PID Session Name        Session#    Mem Usage\r\n========================= ======== ================ =========== ============\r\n`;
  const rows = processes.map(
    (p) =>
      `${p.name.slice(0, 25).padEnd(25)} ${String(p.pid).padStart(8)} ${(p.session === 0 ? 'Services' : 'Console').padEnd(16)} ${String(p.session).padStart(11)} ${`${groupDigits(p.memoryKiB)} K`.padStart(12)}`,
  );
  return `${head}${rows.join('\r\n')}\r\n`;
}

function services(processes: readonly WindowsProcess[]): string {
  const head = `\r\nImage Name                     PID Services                                    \r\n========================= ======== ============================================\r\n`;
  const rows = processes.map((p) => {
    const list = p.services && p.services.length > 0 ? p.services.join(', ') : 'N/A';
    return `${p.name.slice(0, 25).padEnd(25)} ${String(p.pid).padStart(8)} ${list}`;
  });
  return `${head}${rows.join('\r\n')}\r\n`;
}
