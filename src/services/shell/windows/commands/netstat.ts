/** `netstat` (`-a`, `-n`, `-o`, `-ano`, `-r`): the decky's listening sockets and this SSH connection. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { listeningPorts } from '../processes.js';
import { processesFor } from './lib/session-processes.js';
import { routeTable } from './route.js';

export const netstatCommand = defineCmd({
  name: 'netstat',
  path: 'C:\\Windows\\System32\\NETSTAT.EXE',
  run: (ctx) => {
    const flags = ctx.args
      .filter((a) => /^[-/]/.test(a))
      .map((a) => a.slice(1).toLowerCase())
      .join('');
    if (flags.includes('r')) {
      ctx.stdout(routeTable(ctx));
      return 0;
    }
    const all = flags.includes('a');
    const withPid = flags.includes('o');
    const rows: string[] = [];
    const row = (proto: string, local: string, foreign: string, state: string, pid: number) =>
      `  ${proto.padEnd(7)}${local.padEnd(23)}${foreign.padEnd(23)}${state.padEnd(16)}${withPid ? String(pid) : ''}`.replace(
        /\s+$/,
        '',
      );
    if (all) {
      for (const port of listeningPorts(ctx.machine)) {
        rows.push(
          port.protocol === 'TCP'
            ? row(
                'TCP',
                `${port.address}:${port.port}`,
                `${port.address === '0.0.0.0' ? '0.0.0.0' : port.address}:0`,
                'LISTENING',
                port.pid,
              )
            : row('UDP', `${port.address}:${port.port}`, '*:*', '', port.pid),
        );
      }
    }
    const connection = sshConnection(ctx);
    if (connection) rows.splice(all ? 1 : 0, 0, connection(row));
    ctx.stdout(
      `\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State${withPid ? '           PID' : ''}\r\n${rows.join('\r\n')}\r\n`,
    );
    return 0;
  },
});

type Row = (proto: string, local: string, foreign: string, state: string, pid: number) => string;

/** This session's own connection to sshd (from SSH_CONNECTION), as a real host lists it. */
function sshConnection(ctx: CmdContext): ((row: Row) => string) | null {
  const parts = (ctx.env.get('SSH_CONNECTION') ?? '').split(' ');
  if (parts.length !== 4) return null;
  const [clientIp, clientPort, serverIp, serverPort] = parts as [string, string, string, string];
  const sshd = processesFor(ctx, 'netstat.exe').find(
    (p) => p.name === 'sshd.exe' && p.user !== 'NT AUTHORITY\\SYSTEM',
  );
  return (row) =>
    row('TCP', `${serverIp}:${serverPort}`, `${clientIp}:${clientPort}`, 'ESTABLISHED', sshd?.pid ?? 0);
}
