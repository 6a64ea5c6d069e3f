/** route(8) and arp(8) from net-tools (BusyBox's on firmware). */
import { neighbours } from '../vfs/system-state.js';
import { NET_TOOLS } from './ifconfig.js';
import { packaged } from './lib/availability.js';
import { gatewayName, managedByNetworkManager, netmask, networkAddress } from './lib/net.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

export const routeCommand = defineCommand({
  name: 'route',
  path: '/usr/sbin/route',
  availableOn: NET_TOOLS,
  run: (ctx) => {
    const prog = progName(ctx, 'route');
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
