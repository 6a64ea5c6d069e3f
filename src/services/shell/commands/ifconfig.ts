/** ifconfig(8): net-tools 2.10's format (Kali, CentOS 7, Debian), the old format on BusyBox, FreeBSD's own. */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { interfaceCounters } from '../vfs/system-state.js';
import { packaged } from './lib/availability.js';
import { broadcastAddress, linkLocal, netmask, netToolsBytes, oldBytes } from './lib/net.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

/**
 * Where net-tools is installed by default (Ubuntu 22.04, Rocky 9, Fedora and Arch ship none); FreeBSD has
 * its own ifconfig, netstat and route in the base system.
 */
export const NET_TOOLS = packaged(['debian12', 'ubuntu20', 'centos7', 'kali', 'bsd'], 'ifconfig');

function modern(ctx: CommandContext, name: string | null): string {
  const n = ctx.machine.network;
  const counters = interfaceCounters(ctx.machine, ctx.clock.now());
  const blocks: Array<[string, string]> = [];
  const stats = (iface: string) => {
    const c = counters.find((x) => x.name === iface)!;
    return (
      `        RX packets ${c.rxPackets}  bytes ${c.rxBytes} (${netToolsBytes(c.rxBytes)})\n` +
      `        RX errors 0  dropped ${c.rxDropped}  overruns 0  frame 0\n` +
      `        TX packets ${c.txPackets}  bytes ${c.txBytes} (${netToolsBytes(c.txBytes)})\n` +
      '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n'
    );
  };
  blocks.push([
    n.iface,
    `${n.iface}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n` +
      `        inet ${n.ip}  netmask ${netmask(n.prefixLength)}  broadcast ${broadcastAddress(n.ip, n.prefixLength)}\n` +
      `        inet6 ${linkLocal(n.mac)}  prefixlen 64  scopeid 0x20<link>\n` +
      `        ether ${n.mac}  txqueuelen 1000  (Ethernet)\n${stats(n.iface)}\n`,
  ]);
  blocks.push([
    'lo',
    'lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n' +
      '        inet 127.0.0.1  netmask 255.0.0.0\n' +
      '        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n' +
      `        loop  txqueuelen 1000  (Local Loopback)\n${stats('lo')}\n`,
  ]);
  return blocks
    .filter(([iface]) => name === null || iface === name)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([, text]) => text)
    .join('');
}

function old(ctx: CommandContext, name: string | null): string {
  const n = ctx.machine.network;
  const counters = interfaceCounters(ctx.machine, ctx.clock.now());
  const stats = (iface: string) => {
    const c = counters.find((x) => x.name === iface)!;
    return (
      `          RX packets:${c.rxPackets} errors:0 dropped:${c.rxDropped} overruns:0 frame:0\n` +
      `          TX packets:${c.txPackets} errors:0 dropped:0 overruns:0 carrier:0\n` +
      `          collisions:0 txqueuelen:1000 \n` +
      `          RX bytes:${c.rxBytes} (${oldBytes(c.rxBytes)})  TX bytes:${c.txBytes} (${oldBytes(c.txBytes)})\n`
    );
  };
  const blocks: Array<[string, string]> = [
    [
      n.iface,
      `${n.iface.padEnd(10)}Link encap:Ethernet  HWaddr ${n.mac.toUpperCase()}  \n` +
        `          inet addr:${n.ip}  Bcast:${broadcastAddress(n.ip, n.prefixLength)}  Mask:${netmask(n.prefixLength)}\n` +
        `          inet6 addr: ${linkLocal(n.mac)}/64 Scope:Link\n` +
        '          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n' +
        `${stats(n.iface)}\n`,
    ],
    [
      'lo',
      'lo        Link encap:Local Loopback  \n' +
        '          inet addr:127.0.0.1  Mask:255.0.0.0\n' +
        '          inet6 addr: ::1/128 Scope:Host\n' +
        '          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n' +
        `${stats('lo')}\n`,
    ],
  ];
  return blocks
    .filter(([iface]) => name === null || iface === name)
    .map(([, text]) => text)
    .join('');
}

/** A netmask as FreeBSD's ifconfig prints it: `0xffffff00`. */
export function hexNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffff_ffff << (32 - prefix)) >>> 0;
  return `0x${bits.toString(16).padStart(8, '0')}`;
}

/**
 * FreeBSD 14's ifconfig for a VirtIO guest configured by bsdinstall (DHCP, IPv6 left disabled, hence
 * IFDISABLED and no link-local address on vtnet0), then lo0; interfaces in index order.
 */
function freebsdIfconfigBlocks(ctx: CommandContext): Array<[string, string]> {
  const n = ctx.machine.network;
  return [
    [
      n.iface,
      `${n.iface}: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n` +
        '\toptions=4c07bb<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,JUMBO_MTU,VLAN_HWCSUM,TSO4,TSO6,LRO,VLAN_HWTSO,LINKSTATE,TXCSUM_IPV6>\n' +
        `\tether ${n.mac}\n` +
        `\tinet ${n.ip} netmask ${hexNetmask(n.prefixLength)} broadcast ${broadcastAddress(n.ip, n.prefixLength)}\n` +
        '\tmedia: Ethernet autoselect (10Gbase-T <full-duplex>)\n' +
        '\tstatus: active\n' +
        '\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n',
    ],
    [
      'lo0',
      'lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n' +
        '\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n' +
        '\tinet 127.0.0.1 netmask 0xff000000\n' +
        '\tinet6 ::1 prefixlen 128\n' +
        '\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x2\n' +
        '\tgroups: lo\n' +
        '\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n',
    ],
  ];
}

function freebsdIfconfig(ctx: CommandContext, prog: string): number {
  const args = ctx.argv.slice(1);
  const blocks = freebsdIfconfigBlocks(ctx);
  if (args[0] === '-l') {
    ctx.stdout(`${blocks.map(([name]) => name).join(' ')}\n`);
    return 0;
  }
  const operands = args.filter((a) => a !== '-a');
  const bad = operands.find((a) => a.startsWith('-'));
  if (bad) {
    ctx.stderr(
      `${prog}: illegal option -- ${bad.slice(1, 2)}\nusage: ifconfig [-j jail] [-f type:format] [-L] [-C] [-g groupname] interface address_family\n                [address [dest_address]] [parameters]\n`,
    );
    return 1;
  }
  const name = operands[0];
  const block = name === undefined ? null : blocks.find(([iface]) => iface === name);
  if (name !== undefined && !block) {
    ctx.stderr(`${prog}: interface ${name} does not exist\n`);
    return 1;
  }
  if (operands.length > 1) {
    ctx.stderr(
      ctx.user.uid === 0
        ? `${prog}: ioctl (SIOCAIFADDR): File exists\n`
        : `${prog}: ioctl (SIOCAIFADDR): permission denied\n`,
    );
    return 1;
  }
  ctx.stdout(block ? block[1] : blocks.map(([, text]) => text).join(''));
  return 0;
}

export const ifconfigCommand = defineCommand({
  name: 'ifconfig',
  path: '/usr/sbin/ifconfig',
  availableOn: NET_TOOLS,
  run: (ctx) => {
    const prog = progName(ctx, 'ifconfig');
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdIfconfig(ctx, prog);
    const args = ctx.argv.slice(1).filter((a) => a !== '-a');
    if (args[0] === '--help' || args[0] === '-h') {
      ctx.stderr('Usage:\n  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n');
      return args[0] === '--help' ? 0 : 4;
    }
    if (args[0] === '-V' || args[0] === '--version') {
      ctx.stderr('net-tools 2.10\n');
      return 0;
    }
    if (args[0]?.startsWith('-')) {
      ctx.stderr(
        `${prog}: option \`${args[0]}' not recognised.\n${prog}: \`--help' gives usage information.\n`,
      );
      return 1;
    }
    const name = args[0] ?? null;
    if (name !== null && name !== 'lo' && name !== ctx.machine.network.iface) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: ${name}: error fetching interface information: Device not found\n`
          : `${name}: error fetching interface information: Device not found\n`,
      );
      return 1;
    }
    if (args.length > 1) {
      ctx.stderr(
        ctx.user.uid === 0
          ? 'SIOCSIFADDR: Operation not permitted\n'
          : 'SIOCSIFADDR: Operation not permitted\nSIOCSIFFLAGS: Operation not permitted\n',
      );
      return 1;
    }
    ctx.stdout(isBusybox(ctx) ? old(ctx, name) : modern(ctx, name));
    return 0;
  },
});
