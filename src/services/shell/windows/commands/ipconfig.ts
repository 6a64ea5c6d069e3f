/** `ipconfig` (`/all`, `/displaydns`, `/flushdns`): the decky's one adapter as Windows describes it. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { hardwareOf, identityOf } from '../system.js';

/** A prefix length as the dotted mask Windows prints. */
function maskOf(prefix: number): string {
  const bits = prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefix, 32))) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

/** A link-local IPv6 address derived from the MAC (what a stable-privacy-less stack shows). */
function linkLocal(mac: string): string {
  const bytes = mac.split(':').map((h) => Number.parseInt(h, 16) || 0);
  const b = (i: number) => bytes[i] ?? 0;
  const group = (x: number, y: number) => ((x << 8) | y).toString(16);
  return `fe80::${group(b(0) ^ 2, b(1))}:${group(b(2), 0xff)}:${group(0xfe, b(3))}:${group(b(4), b(5))}%${6 + (b(5) % 10)}`;
}

export const ipconfigCommand = defineCmd({
  name: 'ipconfig',
  path: 'C:\\Windows\\System32\\ipconfig.exe',
  run: (ctx) => {
    const option = (ctx.args[0] ?? '').toLowerCase().replace(/^-/, '/');
    switch (option) {
      case '':
        ctx.stdout(basic(ctx));
        return 0;
      case '/all':
        ctx.stdout(all(ctx));
        return 0;
      case '/flushdns':
        ctx.stdout('\r\nWindows IP Configuration\r\n\r\nSuccessfully flushed the DNS Resolver Cache.\r\n');
        return 0;
      case '/displaydns':
        ctx.stdout('\r\nWindows IP Configuration\r\n\r\n');
        return 0;
      case '/registerdns':
      case '/release':
      case '/renew':
        ctx.stdout(
          `\r\nWindows IP Configuration\r\n\r\nThe operation failed as no adapter is in the state permissible for\r\nthis operation.\r\n`,
        );
        return 1;
      default:
        if (option === '/?') {
          ctx.stdout(
            '\r\nUSAGE:\r\n    ipconfig [/allcompartments] [/? | /all | /renew [adapter] | /release [adapter] | /flushdns | /displaydns]\r\n',
          );
          return 0;
        }
        // "unrecongnized" is ipconfig's own spelling.
        ctx.stdout('\r\nError: unrecongnized or incomplete command line.\r\n');
        return 1;
    }
  },
});

function basic(ctx: CmdContext): string {
  const { network } = ctx.machine;
  const hardware = hardwareOf(ctx.machine);
  return [
    '',
    'Windows IP Configuration',
    '',
    '',
    `Ethernet adapter ${hardware.adapterName}:`,
    '',
    '   Connection-specific DNS Suffix  . : ',
    `   Link-local IPv6 Address . . . . . : ${linkLocal(network.mac)}`,
    `   IPv4 Address. . . . . . . . . . . : ${network.ip}`,
    `   Subnet Mask . . . . . . . . . . . : ${maskOf(network.prefixLength)}`,
    `   Default Gateway . . . . . . . . . : ${network.gateway}`,
    '',
  ].join('\r\n');
}

function all(ctx: CmdContext): string {
  const { network } = ctx.machine;
  const hardware = hardwareOf(ctx.machine);
  const identity = identityOf(ctx.machine);
  const mac = network.mac.toUpperCase().replace(/:/g, '-');
  return [
    '',
    'Windows IP Configuration',
    '',
    `   Host Name . . . . . . . . . . . . : ${identity.computerName}`,
    '   Primary Dns Suffix  . . . . . . . : ',
    '   Node Type . . . . . . . . . . . . : Hybrid',
    '   IP Routing Enabled. . . . . . . . : No',
    '   WINS Proxy Enabled. . . . . . . . : No',
    '',
    `Ethernet adapter ${hardware.adapterName}:`,
    '',
    '   Connection-specific DNS Suffix  . : ',
    `   Description . . . . . . . . . . . : ${hardware.adapterDescription}`,
    `   Physical Address. . . . . . . . . : ${mac}`,
    '   DHCP Enabled. . . . . . . . . . . : No',
    '   Autoconfiguration Enabled . . . . : Yes',
    `   Link-local IPv6 Address . . . . . : ${linkLocal(network.mac)}(Preferred) `,
    `   IPv4 Address. . . . . . . . . . . : ${network.ip}(Preferred) `,
    `   Subnet Mask . . . . . . . . . . . : ${maskOf(network.prefixLength)}`,
    `   Default Gateway . . . . . . . . . : ${network.gateway}`,
    `   DHCPv6 IAID . . . . . . . . . . . : ${100_000_000 + (ctx.machine.persona.seed % 50_000_000)}`,
    `   DHCPv6 Client DUID. . . . . . . . : 00-01-00-01-${mac}`,
    `   DNS Servers . . . . . . . . . . . : ${network.gateway}`,
    '   NetBIOS over Tcpip. . . . . . . . : Enabled',
    '',
  ].join('\r\n');
}
