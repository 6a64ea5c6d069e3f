/** netstat(8) (net-tools; BusyBox's on firmware): listening sockets of the archetype's services and this session. */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { type ListeningSocket, listeningSockets } from '../vfs/system-state.js';
import { NET_TOOLS } from './ifconfig.js';
import { gatewayName, netmask, networkAddress, serviceName } from './lib/net.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';
import { processesWithSession, sessionInfo } from './lib/session.js';

export interface SocketRow {
  proto: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  local: string;
  localPort: number;
  remote: string;
  remotePort: number | null;
  state: string;
  sendQ: number;
  pid: number | null;
  program: string | null;
  /** The owning process's comm (what ss prints). */
  comm: string | null;
  user: string;
}

/** Listening sockets with their owning process, plus the session's own established connection. */
export function socketRows(ctx: CommandContext): SocketRow[] {
  const procs = processesWithSession(ctx, 'netstat');
  const info = sessionInfo(ctx);
  const rows: SocketRow[] = listeningSockets(ctx.machine).map((s: ListeningSocket) => {
    const owner = s.process
      ? procs.find((p) => p.comm === s.process || p.comm.startsWith(s.process!))
      : undefined;
    return {
      proto: s.protocol,
      local: s.address,
      localPort: s.port,
      remote: s.protocol.endsWith('6') ? '::' : '0.0.0.0',
      remotePort: null,
      state: s.protocol.startsWith('tcp') ? 'LISTEN' : '',
      sendQ: 0,
      pid: owner?.pid ?? null,
      program: owner ? programName(owner.command) : null,
      comm: owner?.comm ?? null,
      user: owner?.user ?? 'root',
    };
  });
  if (info.from) {
    rows.push({
      proto: 'tcp',
      local: ctx.machine.network.ip,
      localPort: info.localPort,
      remote: info.from,
      remotePort: info.fromPort ?? 50_000,
      state: 'ESTABLISHED',
      sendQ: 36,
      pid: info.sshdPid,
      program: ctx.user.uid === 0 ? `sshd: root@${info.tty ?? 'notty'}` : `sshd: ${ctx.user.name} [priv]`,
      comm: 'sshd',
      user: 'root',
    });
  }
  return rows;
}

/** What netstat shows after the pid: argv[0] of the command line (its basename when it is a path). */
function programName(command: string): string {
  const argv0 = command.startsWith('/') ? (command.split(' ')[0] ?? command) : command;
  return argv0.startsWith('/') ? argv0.slice(argv0.lastIndexOf('/') + 1) : argv0;
}

function address(
  ctx: CommandContext,
  addr: string,
  port: number | null,
  numeric: boolean,
  v6: boolean,
): string {
  const p = port === null ? '*' : numeric ? String(port) : serviceName(port);
  let host = addr;
  if (!numeric) {
    if (addr === '127.0.0.1') host = 'localhost';
    else if (addr === ctx.machine.network.ip) host = ctx.machine.hostname;
    else if (addr === '127.0.0.53') host = '_localdnsstub';
  }
  return v6 && host.includes(':') ? `${host}:${p}` : `${host}:${p}`;
}

/** An address as FreeBSD's netstat prints it: `10.0.0.5.22`, `*.22`, `*.*`. */
function freebsdAddress(addr: string, port: number | null): string {
  const host = addr === '0.0.0.0' || addr === '::' ? '*' : addr;
  return `${host}.${port === null ? '*' : port}`;
}

/** Routes of a DHCP-configured FreeBSD guest, as the radix tree orders them (by destination address). */
function freebsdRoutes(ctx: CommandContext, numeric: boolean): string {
  const n = ctx.machine.network;
  const toNumber = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const inet: Array<[string, string, string, string]> = [
    [`${networkAddress(n.ip, n.prefixLength)}/${n.prefixLength}`, 'link#1', 'U', n.iface],
    [n.ip, 'link#2', 'UHS', 'lo0'],
    [numeric ? '127.0.0.1' : 'localhost', 'link#2', 'UH', 'lo0'],
  ];
  inet.sort(
    (a, b) =>
      toNumber(a[0].replace(/\/.*/, '').replace('localhost', '127.0.0.1')) -
      toNumber(b[0].replace(/\/.*/, '').replace('localhost', '127.0.0.1')),
  );
  inet.unshift(['default', n.gateway, 'UGS', n.iface]);
  const inet6: Array<[string, string, string, string]> = [
    ['::/96', numeric ? '::1' : 'localhost', 'URS', 'lo0'],
    [numeric ? '::1' : 'localhost', 'link#2', 'UHS', 'lo0'],
    ['::ffff:0.0.0.0/96', numeric ? '::1' : 'localhost', 'URS', 'lo0'],
    ['fe80::/10', numeric ? '::1' : 'localhost', 'URS', 'lo0'],
    ['fe80::%lo0/64', 'link#2', 'U', 'lo0'],
    ['fe80::1%lo0', 'link#2', 'UHS', 'lo0'],
    ['ff02::/16', numeric ? '::1' : 'localhost', 'URS', 'lo0'],
  ];
  const table = (rows: Array<[string, string, string, string]>, dst: number, gw: number) =>
    `${'Destination'.padEnd(dst)} ${'Gateway'.padEnd(gw)} ${'Flags'.padEnd(6)} ${'Netif'.padStart(8)} Expire\n` +
    rows.map(([d, g, f, i]) => `${d.padEnd(dst)} ${g.padEnd(gw)} ${f.padEnd(6)} ${i.padStart(8)}\n`).join('');
  return `Routing tables\n\nInternet:\n${table(inet, 18, 18)}\nInternet6:\n${table(inet6, 33, 29)}`;
}

/** FreeBSD's netstat(1): `-r` routes, otherwise the Internet sockets (`-a` adds the listening ones). */
function freebsdNetstat(ctx: CommandContext, prog: string): number {
  const flags = new Set<string>();
  for (const arg of ctx.argv.slice(1)) {
    if (!arg.startsWith('-')) continue;
    for (const c of arg.slice(1)) {
      if (!'46aAbdfgiLlmnpqrsSTWwx'.includes(c)) {
        ctx.stderr(
          `${prog}: illegal option -- ${c}\nusage: netstat [-46AaLnRSTWx] [-f protocol_family | -p protocol]\n               [-M core] [-N system]\n`,
        );
        return 1;
      }
      flags.add(c);
    }
  }
  if (flags.has('r')) {
    ctx.stdout(freebsdRoutes(ctx, flags.has('n')));
    return 0;
  }
  const all = flags.has('a');
  const rows = socketRows(ctx).filter((r) => all || (r.state !== 'LISTEN' && r.state !== ''));
  let out = `Active Internet connections${all ? ' (including servers)' : ''}\n`;
  out += 'Proto Recv-Q Send-Q Local Address          Foreign Address        (state)    \n';
  for (const r of rows) {
    const proto = r.proto.endsWith('6') ? r.proto : `${r.proto}4`;
    out += `${proto.padEnd(5)} ${String(0).padStart(6)} ${String(r.sendQ).padStart(6)} ${freebsdAddress(r.local, r.localPort).padEnd(22)} ${freebsdAddress(r.remote, r.remotePort).padEnd(22)} ${r.state.padEnd(11)}\n`;
  }
  ctx.stdout(out);
  return 0;
}

export const netstatCommand = defineCommand({
  name: 'netstat',
  path: '/usr/bin/netstat',
  availableOn: NET_TOOLS,
  run: (ctx) => {
    const prog = progName(ctx, 'netstat');
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdNetstat(ctx, prog);
    const flags = new Set<string>();
    for (const arg of ctx.argv.slice(1)) {
      if (arg === '--help' || arg === '-h') {
        ctx.stdout(
          'usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n       netstat [-vWnNcaeol] [<Socket> ...]\n       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }\n',
        );
        return 0;
      }
      if (arg === '-V' || arg === '--version') {
        ctx.stdout(
          'net-tools 2.10\nFritz Elfert, Fred Baumgarten, Bernd Eckenfels, Alan Cox, Phil Blundell, Tuan Hoang, Brian Micek and others\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\nHW:  +ETHER +ARC +SLIP +PLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64\n',
        );
        return 0;
      }
      const long: Record<string, string> = {
        '--tcp': 't',
        '--udp': 'u',
        '--listening': 'l',
        '--all': 'a',
        '--numeric': 'n',
        '--program': 'p',
        '--route': 'r',
        '--interfaces': 'i',
        '--extend': 'e',
        '--wide': 'W',
        '--continuous': 'c',
        '--statistics': 's',
        '--unix': 'x',
      };
      if (arg.startsWith('--')) {
        const f = long[arg];
        if (!f) {
          ctx.stderr(
            `${prog}: unrecognized option '${arg}'\nusage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n`,
          );
          return 1;
        }
        flags.add(f);
        continue;
      }
      if (!arg.startsWith('-')) continue;
      for (const c of arg.slice(1)) {
        if (!'tulanpreWcsxvo46'.includes(c)) {
          ctx.stderr(
            `${prog}: invalid option -- '${c}'\nusage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n`,
          );
          return 1;
        }
        flags.add(c);
      }
    }
    const numeric = flags.has('n');
    if (flags.has('r')) {
      const n = ctx.machine.network;
      const gw = numeric ? n.gateway : gatewayName(ctx.machine);
      ctx.stdout(
        'Kernel IP routing table\nDestination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n' +
          `${(numeric ? '0.0.0.0' : 'default').padEnd(16)}${gw.padEnd(16)}0.0.0.0         UG        0 0          0 ${n.iface}\n` +
          `${networkAddress(n.ip, n.prefixLength).padEnd(16)}0.0.0.0         ${netmask(n.prefixLength).padEnd(16)}U         0 0          0 ${n.iface}\n`,
      );
      return 0;
    }
    if (flags.has('i')) {
      ctx.stdout(
        `Kernel Interface table\nIface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n${ctx.machine.network.iface.padEnd(10)}     1500   183412      0     12 0        101925      0      0      0 BMRU\nlo               65536     4512      0      0 0          4512      0      0      0 LRU\n`,
      );
      return 0;
    }
    const wantTcp = flags.has('t') || (!flags.has('u') && !flags.has('x'));
    const wantUdp = flags.has('u') || (!flags.has('t') && !flags.has('x'));
    const all = flags.has('a');
    const listening = flags.has('l');
    const rows = socketRows(ctx).filter((r) => {
      if (r.proto.startsWith('tcp') && !wantTcp) return false;
      if (r.proto.startsWith('udp') && !wantUdp) return false;
      if (flags.has('4') && r.proto.endsWith('6')) return false;
      if (flags.has('6') && !r.proto.endsWith('6')) return false;
      const isListen = r.state === 'LISTEN' || r.state === '';
      if (listening) return isListen;
      return all || !isListen;
    });
    const showProgram = flags.has('p');
    const root = ctx.user.uid === 0;
    let out = '';
    if (showProgram && !root && !isBusybox(ctx))
      out +=
        '(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n';
    out += `Active Internet connections ${listening ? '(only servers)' : all ? '(servers and established)' : '(w/o servers)'}\n`;
    out += `Proto Recv-Q Send-Q Local Address           Foreign Address         State      ${showProgram ? ' PID/Program name    ' : ''}\n`;
    for (const r of rows) {
      const v6 = r.proto.endsWith('6');
      const local = address(ctx, v6 && r.local === '::' ? '::' : r.local, r.localPort, numeric, v6);
      const remote = address(ctx, r.remote, r.remotePort, numeric || r.remotePort === null, v6);
      let program = '';
      if (showProgram) {
        const visible = root || r.user === ctx.user.name;
        program =
          visible && r.pid !== null ? `${r.pid}/${r.program ?? ''}`.slice(0, 20).padEnd(20) : '-'.padEnd(20);
      }
      out += `${r.proto.padEnd(5)} ${String(0).padStart(6)} ${String(r.sendQ).padStart(6)} ${local.padEnd(23)} ${remote.padEnd(23)} ${r.state.padEnd(11)}${showProgram ? ` ${program}` : ''}\n`;
    }
    if ((all || flags.has('x')) && !flags.has('t') && !flags.has('u')) {
      out +=
        'Active UNIX domain sockets (servers and established)\nProto RefCnt Flags       Type       State         I-Node   Path\n';
      out += 'unix  2      [ ACC ]     STREAM     LISTENING     18244    /run/systemd/private\n';
      out += 'unix  2      [ ACC ]     STREAM     LISTENING     18253    /run/systemd/journal/stdout\n';
      out += 'unix  2      [ ]         DGRAM                    18258    /run/systemd/journal/socket\n';
      out += 'unix  2      [ ACC ]     STREAM     LISTENING     21520    /run/dbus/system_bus_socket\n';
    }
    ctx.stdout(out);
    return 0;
  },
});
