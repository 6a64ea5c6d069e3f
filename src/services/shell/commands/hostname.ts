/** hostname(1) and hostnamectl(1): the decky's name, its addresses, and the systemd view of the machine. */

import { seededRandom } from '../../shared/seeded-random.js';
import type { CommandContext } from '../command.js';
import { hypervisorOf } from '../machine.js';
import { coreTool, systemdOnly } from './lib/availability.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

export const hostnameCommand = defineCommand({
  name: 'hostname',
  path: '/usr/bin/hostname',
  availableOn: coreTool('hostname'),
  run: (ctx) => {
    const prog = progName(ctx, 'hostname');
    const name = ctx.machine.hostname;
    const args = ctx.argv.slice(1);
    let operand: string | undefined;
    for (const arg of args) {
      if (arg === '-I' || arg === '--all-ip-addresses') {
        ctx.stdout(`${ctx.machine.network.ip} \n`);
        return 0;
      }
      if (arg === '-i' || arg === '--ip-address') {
        ctx.stdout(
          `${ctx.machine.distro.name.startsWith('ubuntu') || ctx.machine.distro.name === 'debian12' ? '127.0.1.1' : ctx.machine.network.ip}\n`,
        );
        return 0;
      }
      if (arg === '-f' || arg === '--fqdn' || arg === '--long' || arg === '-A' || arg === '--all-fqdns') {
        ctx.stdout(`${name}${arg === '-A' || arg === '--all-fqdns' ? ' ' : ''}\n`);
        return 0;
      }
      if (arg === '-s' || arg === '--short') {
        ctx.stdout(`${name.split('.')[0]}\n`);
        return 0;
      }
      if (arg === '-d' || arg === '--domain' || arg === '-y' || arg === '--yp' || arg === '--nis') {
        ctx.stdout(arg === '-d' || arg === '--domain' ? '\n' : '');
        if (arg !== '-d' && arg !== '--domain') ctx.stderr(`${prog}: Local domain name not set\n`);
        return arg === '-d' || arg === '--domain' ? 0 : 1;
      }
      if (arg === '-V' || arg === '--version') {
        ctx.stdout('hostname 3.23+nmu1\n');
        return 0;
      }
      if (arg === '-h' || arg === '--help') {
        ctx.stdout(
          `Usage: hostname [-b] {hostname|-F file}         set host name (from file)\n       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name\n       hostname                                display host name\n`,
        );
        return 0;
      }
      if (arg.startsWith('-') && arg !== '-b' && arg !== '-F' && arg !== '--file' && arg !== '--boot') {
        ctx.stderr(
          `${prog}: invalid option -- '${arg.slice(1, 2)}'\nUsage: hostname [-b] {hostname|-F file}         set host name (from file)\n`,
        );
        return 1;
      }
      if (!arg.startsWith('-')) operand = arg;
    }
    if (operand !== undefined) {
      if (ctx.user.uid !== 0) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: sethostname: Operation not permitted\n`
            : `${prog}: you must be root to change the host name\n`,
        );
        return 1;
      }
      return 0;
    }
    ctx.stdout(`${name}\n`);
    return 0;
  },
});

function machineId(ctx: CommandContext): string {
  try {
    return ctx.fs.readFile('/etc/machine-id').toString().trim();
  } catch {
    return '';
  }
}

export const hostnamectlCommand = defineCommand({
  name: 'hostnamectl',
  path: '/usr/bin/hostnamectl',
  availableOn: systemdOnly,
  run: (ctx) => {
    const args = ctx.argv.slice(1);
    const verb = args.find((a) => !a.startsWith('-')) ?? 'status';
    if (verb === 'set-hostname' || (verb === 'hostname' && args.length > 1)) {
      if (ctx.user.uid !== 0) {
        ctx.stderr('Could not set static hostname: Access denied\n');
        return 1;
      }
      return 0;
    }
    if (verb !== 'status') {
      ctx.stderr(`Unknown command verb ${verb}.\n`);
      return 1;
    }
    const hv = hypervisorOf(ctx.machine);
    const bootId = seededRandom(ctx.machine.persona.seed ^ Math.floor(ctx.machine.bootMs / 1000), 'boot-id')
      .bytes(16)
      .toString('hex');
    const d = ctx.machine.distro;
    const modernSystemd = ['debian12', 'rocky9', 'fedora39', 'kali', 'arch'].includes(d.name);
    const rows: Array<[string, string]> = [
      ['Static hostname', ctx.machine.hostname],
      ['Icon name', hv ? 'computer-vm' : 'computer-server'],
      ['Chassis', hv ? (modernSystemd ? 'vm 🖴' : 'vm') : modernSystemd ? 'server 🖳' : 'server'],
      ['Machine ID', machineId(ctx)],
      ['Boot ID', bootId],
      ...(hv
        ? ([
            [
              'Virtualization',
              hv.vendor === 'VMware' ? 'vmware' : hv.productName === 'VirtualBox' ? 'oracle' : 'kvm',
            ],
          ] as Array<[string, string]>)
        : []),
      ['Operating System', d.filesystem.osRelease.match(/PRETTY_NAME="([^"]+)"/)?.[1] ?? d.label],
      ...(d.name === 'rocky9'
        ? ([['CPE OS Name', 'cpe:/o:rocky:rocky:9::baseos']] as Array<[string, string]>)
        : []),
      ['Kernel', `Linux ${d.kernel}`],
      ['Architecture', 'x86-64'],
      ...(hv
        ? ([
            ['Hardware Vendor', hv.sysVendor === 'QEMU' ? 'QEMU' : hv.sysVendor],
            ['Hardware Model', hv.productName.replace(/[()]/g, '_')],
          ] as Array<[string, string]>)
        : []),
      ...(modernSystemd && hv?.biosVendor === 'SeaBIOS'
        ? ([['Firmware Version', 'rel-1.16.2-0-gea1b7a073390-prebuilt.qemu.org']] as Array<[string, string]>)
        : []),
    ];
    ctx.stdout(rows.map(([k, v]) => `${k.padStart(16)}: ${v}\n`).join(''));
    return 0;
  },
});
