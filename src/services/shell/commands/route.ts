/** route(8) and arp(8) from net-tools (BusyBox's on firmware). */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { neighbours } from '../vfs/system-state.js';
import { NET_TOOLS } from './ifconfig.js';
import { packaged } from './lib/availability.js';
import { gatewayName, managedByNetworkManager, netmask, networkAddress } from './lib/net.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

const FREEBSD_ROUTE_USAGE = 'usage: route [-46dnqtv] command [[modifiers] args]\n';

/** FreeBSD's route(8): `get <destination>` answers from the machine's one default route; changes need root. */
function freebsdRoute(ctx: CommandContext, prog: string): number {
  const words = ctx.argv.slice(1).filter((a) => !/^-[46dnqtv]+$/.test(a));
  const [command, target] = words;
  const n = ctx.machine.network;
  if (command === 'get' || command === 'show') {
    const local =
      target !== undefined && networkAddress(target, n.prefixLength) === networkAddress(n.ip, n.prefixLength);
    const destination =
      target === undefined || target === 'default' || target === '0.0.0.0' ? 'default' : target;
    ctx.stdout(
      `   route to: ${destination}\ndestination: ${local ? networkAddress(n.ip, n.prefixLength) : 'default'}\n       mask: ${local ? netmask(n.prefixLength) : 'default'}\n` +
        `${local ? '' : `    gateway: ${n.gateway}\n`}        fib: 0\n  interface: ${n.iface}\n      flags: <UP,${local ? '' : 'GATEWAY,'}DONE${local ? '' : ',STATIC'}>\n` +
        ' recvpipe  sendpipe  ssthresh  rtt,msec    mtu        weight    expire\n       0         0         0         0      1500         1         0 \n',
    );
    return 0;
  }
  if (command === 'add' || command === 'delete' || command === 'change' || command === 'flush') {
    ctx.stderr(
      ctx.user.uid === 0
        ? `${prog}: writing to routing socket: File exists\n`
        : `${prog}: must be root to alter routing table\n`,
    );
    return 1;
  }
  ctx.stderr(FREEBSD_ROUTE_USAGE);
  return 64;
}

export const routeCommand = defineCommand({
  name: 'route',
  path: '/usr/sbin/route',
  availableOn: NET_TOOLS,
  run: (ctx) => {
    const prog = progName(ctx, 'route');
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdRoute(ctx, prog);
    const args = ctx.argv.slice(1);
    const numeric = args.some((a) => /^-\w*n/.test(a));
    if (args.some((a) => a === 'add' || a === 'del')) {
      ctx.stderr(ctx.user.uid === 0 ? 'SIOCADDRT: File exists\n' : 'SIOCADDRT: Operation not permitted\n');
      return 7;
    }
    const bad = args.find((a) => a.startsWith('-') && !/^-[neAFCv]+$/.test(a) && a !== '-4');
    if (bad) {
      ctx.stderr(
        `${prog}: invalid option -- '${bad.slice(1, 2)}'\nUsage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n`,
      );
      return 4;
    }
    const n = ctx.machine.network;
    const metric = managedByNetworkManager(ctx.machine) ? '100' : '0';
    const gw = numeric ? n.gateway : isBusybox(ctx) ? n.gateway : gatewayName(ctx.machine);
    const dest = numeric || isBusybox(ctx) ? '0.0.0.0' : 'default';
    ctx.stdout(
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        `${dest.padEnd(16)}${gw.padEnd(16)}0.0.0.0         UG    ${metric.padEnd(6)} 0        0 ${n.iface}\n` +
        `${networkAddress(n.ip, n.prefixLength).padEnd(16)}0.0.0.0         ${netmask(n.prefixLength).padEnd(16)}U     ${metric.padEnd(6)} 0        0 ${n.iface}\n`,
    );
    return 0;
  },
});

export const arpCommand = defineCommand({
  name: 'arp',
  path: '/usr/sbin/arp',
  availableOn: packaged(['debian12', 'ubuntu20', 'centos7', 'kali'], 'arp'),
  run: (ctx) => {
    const args = ctx.argv.slice(1);
    const numeric = args.some((a) => /^-\w*n/.test(a));
    const bsd = args.some((a) => /^-\w*a/.test(a)) || isBusybox(ctx);
    const n = ctx.machine.network;
    const list = neighbours(ctx.machine);
    const name = (ip: string, i: number) =>
      numeric ? ip : i === 0 && !isBusybox(ctx) ? gatewayName(ctx.machine) : '?';
    if (bsd) {
      ctx.stdout(
        list
          .map(
            (x, i) =>
              `${name(x.ip, i) === x.ip ? '?' : name(x.ip, i)} (${x.ip}) at ${x.mac} [ether]${isBusybox(ctx) ? '  ' : ' '}on ${n.iface}\n`,
          )
          .join(''),
      );
      return 0;
    }
    let out = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';
    out += list
      .map(
        (x, i) =>
          `${(numeric ? x.ip : i === 0 ? gatewayName(ctx.machine) : x.ip).padEnd(25)}ether   ${x.mac}   C                     ${n.iface}\n`,
      )
      .join('');
    ctx.stdout(out);
    return 0;
  },
});
