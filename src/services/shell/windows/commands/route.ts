/** `route print` (and `netstat -r`): the interface list and IPv4 route table of the decky's one adapter. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { hardwareOf } from '../system.js';

const RULE = '===========================================================================';

export function routeTable(ctx: CmdContext): string {
  const { network } = ctx.machine;
  const hardware = hardwareOf(ctx.machine);
  const mac = network.mac.replace(/:/g, ' ');
  const parts = network.ip.split('.');
  const subnet = `${parts.slice(0, 3).join('.')}.0`;
  const broadcast = `${parts.slice(0, 3).join('.')}.255`;
  const route = (dest: string, mask: string, gateway: string, iface: string, metric: number) =>
    `${dest.padStart(17)}${mask.padStart(17)}${gateway.padStart(18)}${iface.padStart(16)}${String(metric).padStart(6)}`;
  return [
    RULE,
    'Interface List',
    `  6...${mac} ......${hardware.adapterDescription}`,
    '  1...........................Software Loopback Interface 1',
    RULE,
    '',
    'IPv4 Route Table',
    RULE,
    'Active Routes:',
    'Network Destination        Netmask          Gateway       Interface  Metric',
    route('0.0.0.0', '0.0.0.0', network.gateway, network.ip, 271),
    route('127.0.0.0', '255.0.0.0', 'On-link', '127.0.0.1', 331),
    route('127.0.0.1', '255.255.255.255', 'On-link', '127.0.0.1', 331),
    route('127.255.255.255', '255.255.255.255', 'On-link', '127.0.0.1', 331),
    route(subnet, '255.255.255.0', 'On-link', network.ip, 271),
    route(network.ip, '255.255.255.255', 'On-link', network.ip, 271),
    route(broadcast, '255.255.255.255', 'On-link', network.ip, 271),
    route('224.0.0.0', '240.0.0.0', 'On-link', '127.0.0.1', 331),
    route('224.0.0.0', '240.0.0.0', 'On-link', network.ip, 271),
    route('255.255.255.255', '255.255.255.255', 'On-link', '127.0.0.1', 331),
    route('255.255.255.255', '255.255.255.255', 'On-link', network.ip, 271),
    RULE,
    'Persistent Routes:',
    '  Network Address          Netmask  Gateway Address  Metric',
    `          0.0.0.0          0.0.0.0  ${network.gateway.padEnd(15)}  Default `,
    RULE,
    '',
  ].join('\r\n');
}

export const routeCommand = defineCmd({
  name: 'route',
  path: 'C:\\Windows\\System32\\ROUTE.EXE',
  run: (ctx) => {
    const verb = (ctx.args[0] ?? '').toLowerCase();
    if (verb === 'print') {
      ctx.stdout(routeTable(ctx));
      return 0;
    }
    if (verb === 'add' || verb === 'delete' || verb === 'change') {
      ctx.stdout(' OK!\r\n');
      return 0;
    }
    ctx.stdout(
      '\r\nManipulates network routing tables.\r\n\r\nROUTE [-f] [-p] [-4|-6] command [destination]\r\n                  [MASK netmask]  [gateway] [METRIC metric]  [IF interface]\r\n',
    );
    return 0;
  },
});
