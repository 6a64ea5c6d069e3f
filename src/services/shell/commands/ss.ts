/** ss(8) from iproute2: socket statistics with its dynamic column layout. */
import type { CommandContext } from '../command.js';
import { gnuOnly } from './lib/availability.js';
import { serviceName } from './lib/net.js';
import { defineCommand, progName } from './lib/program.js';
import { type SocketRow, socketRows } from './netstat.js';

function split(
  ctx: CommandContext,
  r: SocketRow,
  numeric: boolean,
): { local: [string, string]; peer: [string, string] } {
  const v6 = r.proto.endsWith('6');
  const fmt = (addr: string) => {
    if (addr === '0.0.0.0') return v6 ? '[::]' : '0.0.0.0';
    if (addr === '::') return '[::]';
    if (addr === '127.0.0.53') return '127.0.0.53%lo';
    if (addr.includes(':')) return `[${addr}]`;
    if (!numeric && addr === '127.0.0.1') return 'localhost';
    if (!numeric && addr === ctx.machine.network.ip) return ctx.machine.hostname;
    return addr;
  };
  const port = (p: number | null) => (p === null ? '*' : numeric ? String(p) : serviceName(p));
  return {
    local: [fmt(r.local), port(r.localPort)],
    peer: [fmt(r.remotePort === null ? (v6 ? '::' : '0.0.0.0') : r.remote), port(r.remotePort)],
  };
}

export const ssCommand = defineCommand({
  name: 'ss',
  path: '/usr/bin/ss',
  availableOn: gnuOnly,
  run: (ctx) => {
    const prog = progName(ctx, 'ss');
    const flags = new Set<string>();
    const long: Record<string, string> = {
      '--tcp': 't',
      '--udp': 'u',
      '--listening': 'l',
      '--all': 'a',
      '--numeric': 'n',
      '--processes': 'p',
      '--extended': 'e',
      '--summary': 's',
      '--unix': 'x',
      '--ipv4': '4',
      '--ipv6': '6',
      '--options': 'o',
      '--resolve': 'r',
      '--info': 'i',
      '--memory': 'm',
      '--no-header': 'H',
    };
    for (const arg of ctx.argv.slice(1)) {
      if (arg === '-V' || arg === '--version') {
        ctx.stdout('ss utility, iproute2-6.1.0\n');
        return 0;
      }
      if (arg === '-h' || arg === '--help') {
        ctx.stdout(
          "Usage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n   -h, --help          this message\n   -V, --version       output version information\n   -n, --numeric       don't resolve service names\n   -r, --resolve       resolve host names\n   -a, --all           display all sockets\n   -l, --listening     display listening sockets\n   -o, --options       show timer information\n   -e, --extended      show detailed socket information\n   -m, --memory        show socket memory usage\n   -p, --processes     show process using socket\n   -t, --tcp           display only TCP sockets\n   -u, --udp           display only UDP sockets\n   -x, --unix          display only Unix domain sockets\n   -4, --ipv4          display only IP version 4 sockets\n   -6, --ipv6          display only IP version 6 sockets\n   -s, --summary       show socket usage summary\n",
        );
        return 0;
      }
      if (arg.startsWith('--')) {
        const f = long[arg];
        if (!f) {
          ctx.stderr(`${prog}: unrecognized option '${arg}'\n`);
          return 255;
        }
        flags.add(f);
      } else if (arg.startsWith('-')) {
        for (const c of arg.slice(1)) {
          if (!'tulanpesxo46rimHwA'.includes(c)) {
            ctx.stderr(
              `${prog}: invalid option -- '${c}'\nUsage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n`,
            );
            return 255;
          }
          flags.add(c);
        }
      }
    }
    const rows = socketRows(ctx);
    if (flags.has('s')) {
      const tcp = rows.filter((r) => r.proto.startsWith('tcp'));
      const est = tcp.filter((r) => r.state === 'ESTABLISHED').length;
      ctx.stdout(
        `Total: ${120 + rows.length}\nTCP:   ${tcp.length + 2} (estab ${est}, closed 0, orphaned 0, timewait 0)\n\nTransport Total     IP        IPv6\nRAW\t  1         0         1        \nUDP\t  ${rows.filter((r) => r.proto.startsWith('udp')).length}         ${rows.filter((r) => r.proto === 'udp').length}         ${rows.filter((r) => r.proto === 'udp6').length}        \nTCP\t  ${tcp.length}         ${tcp.filter((r) => r.proto === 'tcp').length}         ${tcp.filter((r) => r.proto === 'tcp6').length}        \nINET\t  ${rows.length + 1}         ${rows.filter((r) => !r.proto.endsWith('6')).length}         ${rows.filter((r) => r.proto.endsWith('6')).length + 1}        \nFRAG\t  0         0         0        \n\n`,
      );
      return 0;
    }
    const wantTcp = flags.has('t') || (!flags.has('u') && !flags.has('x'));
    const wantUdp = flags.has('u');
    const listening = flags.has('l');
    const all = flags.has('a');
    const numeric = flags.has('n');
    const picked = rows.filter((r) => {
      if (r.proto.startsWith('tcp') && !wantTcp) return false;
      if (r.proto.startsWith('udp') && !wantUdp && !(all && !flags.has('t'))) return false;
      if (flags.has('4') && r.proto.endsWith('6')) return false;
      if (flags.has('6') && !r.proto.endsWith('6')) return false;
      const isListen = r.state === 'LISTEN' || r.state === '';
      if (listening) return isListen;
      return all || !isListen;
    });
    const showNetid =
      (!(flags.has('t') && !flags.has('u')) && !(flags.has('u') && !flags.has('t'))) ||
      (flags.has('t') && flags.has('u'));
    const root = ctx.user.uid === 0;
    const table = picked.map((r) => {
      const { local, peer } = split(ctx, r, numeric);
      const state = r.state === '' ? 'UNCONN' : r.state === 'ESTABLISHED' ? 'ESTAB' : r.state;
      const proc =
        flags.has('p') && r.pid !== null && (root || r.user === ctx.user.name)
          ? `users:(("${r.comm ?? ''}",pid=${r.pid},fd=${r.state === 'ESTABLISHED' ? 4 : r.proto.endsWith('6') ? 4 : 3}))`
          : '';
      const backlog = r.state === 'LISTEN' ? (r.localPort === 53 ? '4096' : '128') : String(r.sendQ);
      return {
        netid: r.proto.replace('6', ''),
        state,
        recv: '0',
        send: r.state === 'LISTEN' ? backlog : String(r.sendQ),
        local,
        peer,
        proc,
      };
    });
    const la = Math.max('Local Address'.length, ...table.map((t) => t.local[0].length));
    const lp = Math.max('Port'.length, ...table.map((t) => t.local[1].length));
    const pa = Math.max('Peer Address'.length, ...table.map((t) => t.peer[0].length));
    const pp = Math.max('Port'.length, ...table.map((t) => t.peer[1].length));
    const lines: string[] = [];
    if (!flags.has('H')) {
      lines.push(
        `${showNetid ? 'Netid '.padEnd(6) : ''}${'State'.padEnd(7)}${'Recv-Q'.padEnd(7)}${'Send-Q'.padEnd(7)}${'Local Address'.padStart(la)}:${'Port'.padEnd(lp)} ${'Peer Address'.padStart(pa)}:${'Port'.padEnd(pp)}${flags.has('p') ? 'Process' : ''}`,
      );
    }
    for (const t of table) {
      lines.push(
        `${showNetid ? t.netid.padEnd(6) : ''}${t.state.padEnd(7)}${t.recv.padEnd(7)}${t.send.padEnd(7)}${t.local[0].padStart(la)}:${t.local[1].padEnd(lp)} ${t.peer[0].padStart(pa)}:${t.peer[1].padEnd(pp)}${t.proc}`,
      );
    }
    ctx.stdout(lines.map((l) => `${l}\n`).join(''));
    return 0;
  },
});
