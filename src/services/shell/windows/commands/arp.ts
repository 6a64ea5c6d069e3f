/** `arp -a`: the neighbour cache of the decky's adapter (its gateway and a few hosts of its /24). */

import { seededRandom } from '../../../shared/seeded-random.js';
import { defineCmd } from '../command.js';

export const arpCommand = defineCmd({
  name: 'arp',
  path: 'C:\\Windows\\System32\\ARP.EXE',
  run: (ctx) => {
    const option = (ctx.args[0] ?? '').toLowerCase().replace(/^\//, '-');
    if (option !== '-a' && option !== '-g') {
      if (option === '-d' || option === '-s') {
        ctx.stderr('The ARP entry addition failed: Access is denied.\r\n\r\n');
        return 1;
      }
      ctx.stdout(
        '\r\nDisplays and modifies the IP-to-Physical address translation tables used by\r\naddress resolution protocol (ARP).\r\n\r\nARP -s inet_addr eth_addr [if_addr]\r\nARP -d inet_addr [if_addr]\r\nARP -a [inet_addr] [-N if_addr] [-v]\r\n',
      );
      return 1;
    }
    const { network } = ctx.machine;
    const random = seededRandom(ctx.machine.persona.seed, 'windows:arp');
    const prefix = network.ip.split('.').slice(0, 3).join('.');
    const mac = () =>
      Array.from({ length: 6 }, (_, i) =>
        (i === 0 ? random.pick([0x00, 0x52, 0x3c, 0xf4] as const) : random.int(0, 255))
          .toString(16)
          .padStart(2, '0'),
      ).join('-');
    const dynamic = [network.gateway, `${prefix}.${random.int(2, 60)}`, `${prefix}.${random.int(61, 200)}`];
    const row = (ip: string, physical: string, type: string) =>
      `  ${ip.padEnd(22)}${physical.padEnd(22)}${type}`;
    const lines = [
      '',
      `Interface: ${network.ip} --- 0x6`,
      '  Internet Address      Physical Address      Type',
      ...dynamic.map((ip) => row(ip, mac(), 'dynamic')),
      row(`${prefix}.255`, 'ff-ff-ff-ff-ff-ff', 'static'),
      row('224.0.0.22', '01-00-5e-00-00-16', 'static'),
      row('224.0.0.251', '01-00-5e-00-00-fb', 'static'),
      row('224.0.0.252', '01-00-5e-00-00-fc', 'static'),
      row('239.255.255.250', '01-00-5e-7f-ff-fa', 'static'),
      row('255.255.255.255', 'ff-ff-ff-ff-ff-ff', 'static'),
      '',
    ];
    ctx.stdout(lines.join('\r\n'));
    return 0;
  },
});
