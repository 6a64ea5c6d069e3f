/** ip(8) from iproute2 (and BusyBox's): addr, link, route, neigh, with their abbreviations and -br/-4/-6/-s. */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { interfaceCounters, neighbours } from '../vfs/system-state.js';
import { coreTool } from './lib/availability.js';
import {
  altName,
  broadcastAddress,
  linkLocal,
  managedByNetworkManager,
  networkAddress,
  qdisc,
} from './lib/net.js';
import { defineCommand, isBusybox } from './lib/program.js';

interface Flags {
  brief: boolean;
  family: '4' | '6' | null;
  stats: boolean;
  oneline: boolean;
}

/** iproute2 matches objects and verbs by any prefix ("a", "addr", "ad"). */
function matches(word: string | undefined, full: string, min = 1): boolean {
  return word !== undefined && word.length >= min && full.startsWith(word);
}

function links(ctx: CommandContext): Array<{
  index: number;
  name: string;
  flags: string;
  mtu: number;
  qdisc: string;
  state: string;
  type: string;
  mac: string;
  brd: string;
}> {
  const n = ctx.machine.network;
  return [
    {
      index: 1,
      name: 'lo',
      flags: 'LOOPBACK,UP,LOWER_UP',
      mtu: 65536,
      qdisc: 'noqueue',
      state: 'UNKNOWN',
      type: 'loopback',
      mac: '00:00:00:00:00:00',
      brd: '00:00:00:00:00:00',
    },
    {
      index: 2,
      name: n.iface,
      flags: 'BROADCAST,MULTICAST,UP,LOWER_UP',
      mtu: 1500,
      qdisc: qdisc(ctx.machine),
      state: 'UP',
      type: 'ether',
      mac: n.mac,
      brd: 'ff:ff:ff:ff:ff:ff',
    },
  ];
}

function linkHeader(ctx: CommandContext, l: ReturnType<typeof links>[number], withMode: boolean): string {
  const busybox = isBusybox(ctx);
  const group = busybox ? '' : ' group default';
  const mode = withMode && !busybox ? ' mode DEFAULT' : '';
  const state = busybox ? '' : ` state ${l.state}`;
  return `${l.index}: ${l.name}: <${l.flags}> mtu ${l.mtu} qdisc ${l.qdisc}${state}${mode}${group} qlen 1000\n    link/${l.type} ${l.mac} brd ${l.brd}\n`;
}

function addrShow(ctx: CommandContext, flags: Flags, only: string | null): string {
  const n = ctx.machine.network;
  const nm = managedByNetworkManager(ctx.machine);
  const alt = altName(ctx.machine);
  let out = '';
  for (const l of links(ctx)) {
    if (only && l.name !== only) continue;
    const v4 =
      l.name === 'lo'
        ? { addr: '127.0.0.1/8', scope: 'host', brd: '' }
        : {
            addr: `${n.ip}/${n.prefixLength}`,
            scope: `global${nm ? ' noprefixroute' : ''}`,
            brd: ` brd ${broadcastAddress(n.ip, n.prefixLength)}`,
          };
    const v6 =
      l.name === 'lo'
        ? { addr: '::1/128', scope: 'host' }
        : { addr: `${linkLocal(l.mac)}/64`, scope: `link${nm ? ' noprefixroute' : ''}` };
    if (flags.brief) {
      const addrs = [flags.family !== '6' ? v4.addr : null, flags.family !== '4' ? v6.addr : null].filter(
        (a) => a !== null,
      );
      out += `${l.name.padEnd(16)} ${l.state.padEnd(14)} ${addrs.map((a) => `${a} `).join('')}\n`;
      continue;
    }
    // With a family filter (-4/-6) iproute2 leaves out the link-layer line.
    const header = linkHeader(ctx, l, false);
    out += flags.family ? `${header.slice(0, header.indexOf('\n') + 1)}` : header;
    if (l.name !== 'lo' && alt && !flags.family) out += `    altname ${alt}\n`;
    if (flags.family !== '6')
      out += `    inet ${v4.addr}${v4.brd} scope ${v4.scope} ${l.name}\n       valid_lft forever preferred_lft forever\n`;
    if (flags.family !== '4')
      out += `    inet6 ${v6.addr} scope ${v6.scope} \n       valid_lft forever preferred_lft forever\n`;
  }
  return out;
}

function linkShow(ctx: CommandContext, flags: Flags, only: string | null): string {
  const alt = altName(ctx.machine);
  const counters = interfaceCounters(ctx.machine, ctx.clock.now());
  let out = '';
  for (const l of links(ctx)) {
    if (only && l.name !== only) continue;
    if (flags.brief) {
      out += `${l.name.padEnd(16)} ${l.state.padEnd(14)} ${l.mac} <${l.flags}> \n`;
      continue;
    }
    out += linkHeader(ctx, l, true);
    if (flags.stats) {
      const c = counters.find((x) => x.name === l.name)!;
      out += `    RX:  bytes packets errors dropped  missed   mcast           \n${String(c.rxBytes).padStart(12)} ${String(c.rxPackets).padStart(7)} ${'0'.padStart(6)} ${String(c.rxDropped).padStart(7)} ${'0'.padStart(7)} ${'0'.padStart(7)} \n    TX:  bytes packets errors dropped carrier collsns           \n${String(c.txBytes).padStart(12)} ${String(c.txPackets).padStart(7)} ${'0'.padStart(6)} ${'0'.padStart(7)} ${'0'.padStart(7)} ${'0'.padStart(7)} \n`;
    }
    if (l.name !== 'lo' && alt) out += `    altname ${alt}\n`;
  }
  return out;
}

function routeShow(ctx: CommandContext): string {
  const n = ctx.machine.network;
  const net = `${networkAddress(n.ip, n.prefixLength)}/${n.prefixLength}`;
  if (isBusybox(ctx))
    return `default via ${n.gateway} dev ${n.iface} \n${net} dev ${n.iface} scope link  src ${n.ip} \n`;
  if (managedByNetworkManager(ctx.machine)) {
    return `default via ${n.gateway} dev ${n.iface} proto static metric 100 \n${net} dev ${n.iface} proto kernel scope link src ${n.ip} metric 100 \n`;
  }
  const proto = familyOf(ctx.machine.distro) === 'debian' ? ' proto static' : ' proto static';
  const onlink = ctx.machine.distro.name === 'debian12' ? ' onlink' : '';
  return `default via ${n.gateway} dev ${n.iface}${ctx.machine.distro.name === 'debian12' ? onlink : proto} \n${net} dev ${n.iface} proto kernel scope link src ${n.ip} \n`;
}

function neighShow(ctx: CommandContext): string {
  const n = ctx.machine.network;
  return neighbours(ctx.machine)
    .map((x, i) => `${x.ip} dev ${n.iface} lladdr ${x.mac} ${i === 0 ? 'REACHABLE' : 'STALE'}\n`)
    .join('');
}

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

export const ipCommand = defineCommand({
  name: 'ip',
  path: '/usr/sbin/ip',
  availableOn: coreTool('ip'),
  run: (ctx) => {
    const flags: Flags = { brief: false, family: null, stats: false, oneline: false };
    const args = ctx.argv.slice(1);
    while (args[0]?.startsWith('-')) {
      const opt = args.shift()!.replace(/^--?/, '');
      if (opt === '4' || opt === '6') flags.family = opt;
      else if (matches(opt, 'brief', 2)) flags.brief = true;
      else if (matches(opt, 'statistics') || opt === 's') flags.stats = true;
      else if (matches(opt, 'oneline')) flags.oneline = true;
      else if (matches(opt, 'Version')) {
        ctx.stdout(isBusybox(ctx) ? '' : 'ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
        return 0;
      } else if (matches(opt, 'family')) {
        const f = args.shift();
        flags.family = f === 'inet6' ? '6' : '4';
      } else if (
        matches(opt, 'color') ||
        matches(opt, 'details') ||
        matches(opt, 'resolve') ||
        matches(opt, 'human') ||
        matches(opt, 'Numeric') ||
        matches(opt, 'pretty') ||
        matches(opt, 'all')
      ) {
      } else {
        ctx.stderr(`Option "-${opt}" is unknown, try "ip -help".\n`);
        return 255;
      }
    }
    const object = args.shift();
    if (object === undefined || matches(object, 'help')) {
      ctx.stderr(USAGE);
      return object === undefined ? 255 : 0;
    }
    const verb = args[0];
    const showVerb =
      verb === undefined || ['show', 'list', 'lst', 'ls', 'sh', 'l', 's', 'dev'].includes(verb);
    // `ip a show eth0`, `ip a show dev eth0`, `ip link dev eth0`: the device is named after `dev` or bare.
    const devIndex = args.indexOf('dev');
    const bare = showVerb
      ? args.slice(1).find((a) => !['up', 'scope', 'global', 'link', 'host', 'permanent'].includes(a))
      : undefined;
    const dev = devIndex >= 0 ? (args[devIndex + 1] ?? null) : (bare ?? null);
    const known = links(ctx).map((l) => l.name);
    if (dev && !known.includes(dev)) {
      ctx.stderr(`Device "${dev}" does not exist.\n`);
      return 1;
    }
    const change = (what: string) => {
      if (ctx.user.uid !== 0) {
        ctx.stderr('RTNETLINK answers: Operation not permitted\n');
        return 2;
      }
      ctx.stderr(`RTNETLINK answers: ${what}\n`);
      return 2;
    };
    if (matches(object, 'address') || object === 'a') {
      if (!showVerb) return change('File exists');
      ctx.stdout(addrShow(ctx, flags, dev));
      return 0;
    }
    if (matches(object, 'link')) {
      if (!showVerb) return change('Operation not supported');
      ctx.stdout(linkShow(ctx, flags, dev));
      return 0;
    }
    if (matches(object, 'route') || object === 'r' || object === 'ro') {
      if (verb === 'get') {
        const n = ctx.machine.network;
        ctx.stdout(
          `${args[1] ?? '0.0.0.0'} via ${n.gateway} dev ${n.iface} src ${n.ip} uid ${ctx.user.uid} \n    cache \n`,
        );
        return 0;
      }
      if (!showVerb) return change('File exists');
      ctx.stdout(routeShow(ctx));
      return 0;
    }
    if (matches(object, 'neighbour') || matches(object, 'neighbor') || object === 'n') {
      ctx.stdout(neighShow(ctx));
      return 0;
    }
    if (matches(object, 'rule') || object === 'ru') {
      ctx.stdout(
        '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
      );
      return 0;
    }
    if (matches(object, 'netns')) return 0;
    ctx.stderr(`Object "${object}" is unknown, try "ip help".\n`);
    return 255;
  },
});
