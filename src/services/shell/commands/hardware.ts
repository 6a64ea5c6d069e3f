/** Hardware and system identity: nproc, lscpu, lsblk, lspci, lsusb, mount, dmesg, getconf, locale, lsb_release. */
import type { CommandContext } from '../command.js';
import { cpuModel, familyOf, hypervisorOf, swapKiBFor } from '../machine.js';
import { kernelLog } from '../vfs/kernel.js';
import { mountTable } from '../vfs/mounts.js';
import { freebsdBootLog } from '../vfs/seed/freebsd.js';
import { dmesgRestricted } from '../vfs/seed/proc.js';
import { coreTool, gnuOnly, onlyOn, packaged } from './lib/availability.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

export const nprocCommand = defineCommand({
  name: 'nproc',
  path: '/usr/bin/nproc',
  availableOn: coreTool('nproc'),
  run: (ctx) => {
    ctx.stdout(`${ctx.machine.cpu.cores}\n`);
    return 0;
  },
});

/** util-linux 2.37 switched lscpu to a sectioned layout; Ubuntu 20.04 and CentOS 7 keep the flat one. */
function flatLscpu(ctx: CommandContext): boolean {
  return ['ubuntu20', 'centos7'].includes(ctx.machine.distro.name);
}

export const lscpuCommand = defineCommand({
  name: 'lscpu',
  path: '/usr/bin/lscpu',
  availableOn: gnuOnly,
  run: (ctx) => {
    const m = ctx.machine;
    const info = cpuModel(m.cpu.model);
    const n = m.cpu.cores;
    const hv = hypervisorOf(m);
    const list = n === 1 ? '0' : `0-${n - 1}`;
    const amd = info.vendor === 'AuthenticAMD';
    const l1 = n * (amd ? 32 : 32);
    const l2 = amd ? n * 512 : n * 256;
    const l3 = info.cacheKiB;
    const size = (kib: number) => (kib >= 1024 ? `${Math.round(kib / 1024)} MiB` : `${kib} KiB`);
    const instances = (k: number) => `(${k} instance${k === 1 ? '' : 's'})`;
    const bogomips = (m.cpu.mhz * 2).toFixed(2);
    if (flatLscpu(ctx)) {
      const rows: Array<[string, string]> = [
        ['Architecture', m.distro.arch],
        ['CPU op-mode(s)', '32-bit, 64-bit'],
        ['Byte Order', 'Little Endian'],
        ...(ctx.machine.distro.name === 'centos7'
          ? []
          : ([['Address sizes', info.addressSizes]] as Array<[string, string]>)),
        ['CPU(s)', String(n)],
        ['On-line CPU(s) list', list],
        ['Thread(s) per core', '1'],
        ['Core(s) per socket', String(n)],
        ['Socket(s)', '1'],
        ['NUMA node(s)', '1'],
        ['Vendor ID', info.vendor],
        ...(hv ? ([['Hypervisor vendor', hv.vendor]] as Array<[string, string]>) : []),
        ...(hv ? ([['Virtualization type', 'full']] as Array<[string, string]>) : []),
        ['CPU family', String(info.family)],
        ['Model', String(info.modelNumber)],
        ['Model name', info.model],
        ['Stepping', String(info.stepping)],
        ['CPU MHz', m.cpu.mhz.toFixed(3)],
        ['BogoMIPS', bogomips],
        ['L1d cache', ctx.machine.distro.name === 'centos7' ? '32K' : size(l1)],
        ['L1i cache', ctx.machine.distro.name === 'centos7' ? '32K' : size(l1)],
        ['L2 cache', ctx.machine.distro.name === 'centos7' ? `${l2 / n}K` : size(l2)],
        ['L3 cache', ctx.machine.distro.name === 'centos7' ? `${l3}K` : size(l3)],
        ['NUMA node0 CPU(s)', list],
        ['Flags', m.cpu.flags],
      ];
      const width = ctx.machine.distro.name === 'centos7' ? 23 : 33;
      ctx.stdout(rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}\n`).join(''));
      return 0;
    }
    const rows: Array<[number, string, string]> = [
      [0, 'Architecture', m.distro.arch],
      [1, 'CPU op-mode(s)', '32-bit, 64-bit'],
      [1, 'Address sizes', info.addressSizes],
      [1, 'Byte Order', 'Little Endian'],
      [0, 'CPU(s)', String(n)],
      [1, 'On-line CPU(s) list', list],
      [0, 'Vendor ID', info.vendor],
      ...(hv?.sysVendor === 'QEMU'
        ? ([[1, 'BIOS Vendor ID', 'QEMU']] as Array<[number, string, string]>)
        : []),
      [1, 'Model name', info.model],
      ...(hv?.sysVendor === 'QEMU'
        ? ([
            [2, 'BIOS Model name', 'pc-i440fx-8.1  CPU @ 2.0GHz'],
            [2, 'BIOS CPU family', '1'],
          ] as Array<[number, string, string]>)
        : []),
      [2, 'CPU family', String(info.family)],
      [2, 'Model', String(info.modelNumber)],
      [2, 'Thread(s) per core', '1'],
      [2, 'Core(s) per socket', String(n)],
      [2, 'Socket(s)', '1'],
      [2, 'Stepping', String(info.stepping)],
      [2, 'BogoMIPS', bogomips],
      [2, 'Flags', m.cpu.flags],
      ...(hv
        ? ([
            [0, 'Virtualization features', ''],
            [1, 'Hypervisor vendor', hv.vendor],
            [1, 'Virtualization type', 'full'],
          ] as Array<[number, string, string]>)
        : []),
      [0, 'Caches (sum of all)', ''],
      [1, 'L1d', `${size(l1)} ${instances(n)}`],
      [1, 'L1i', `${size(l1)} ${instances(n)}`],
      [1, 'L2', `${size(l2)} ${instances(n)}`],
      [1, 'L3', `${size(l3)} ${instances(1)}`],
      [0, 'NUMA', ''],
      [1, 'NUMA node(s)', '1'],
      [1, 'NUMA node0 CPU(s)', list],
      [0, 'Vulnerabilities', ''],
      [1, 'Itlb multihit', amd ? 'Not affected' : 'KVM: Mitigation: VMX unsupported'],
      [1, 'L1tf', amd ? 'Not affected' : 'Mitigation; PTE Inversion'],
      [1, 'Mds', amd ? 'Not affected' : 'Mitigation; Clear CPU buffers; SMT Host state unknown'],
      [1, 'Meltdown', amd ? 'Not affected' : 'Mitigation; PTI'],
      [1, 'Spec store bypass', 'Mitigation; Speculative Store Bypass disabled via prctl'],
      [1, 'Spectre v1', 'Mitigation; usercopy/swapgs barriers and __user pointer sanitization'],
      [
        1,
        'Spectre v2',
        amd
          ? 'Mitigation; Retpolines; IBPB conditional; STIBP disabled; RSB filling; PBRSB-eIBRS Not affected; BHI Not affected'
          : 'Mitigation; Retpolines; IBPB conditional; IBRS_FW; STIBP disabled; RSB filling; PBRSB-eIBRS Not affected; BHI Retpoline',
      ],
      [1, 'Srbds', 'Not affected'],
      [1, 'Tsx async abort', amd ? 'Not affected' : 'Mitigation; Clear CPU buffers; SMT Host state unknown'],
    ];
    ctx.stdout(
      rows
        .map(([depth, k, v]) => `${`${' '.repeat(depth * 2)}${k}:`.padEnd(25)}${v === '' ? ' ' : v}\n`)
        .join(''),
    );
    return 0;
  },
});

interface BlockDevice {
  name: string;
  majmin: string;
  rm: string;
  size: string;
  ro: string;
  type: string;
  mount: string;
  depth: number;
  last: boolean;
}

function blockDevices(ctx: CommandContext): BlockDevice[] {
  const m = ctx.machine;
  const family = familyOf(m.distro);
  const gib = (kib: number) => `${Math.round(kib / 1024 / 1024)}G`;
  const disk = m.disk.device.includes('vda') ? 'vda' : m.disk.device.includes('nvme') ? 'nvme0n1' : 'sda';
  const major = disk === 'vda' ? '252' : disk === 'nvme0n1' ? '259' : '8';
  const total = Math.round((m.disk.blocks / 0.96 + (swapKiBFor(m) || 0)) * 1.02);
  const part = (n: number) => (disk === 'nvme0n1' ? `${disk}p${n}` : `${disk}${n}`);
  const dev = (
    name: string,
    mm: string,
    size: string,
    type: string,
    mount: string,
    depth: number,
    last: boolean,
    rm = '0',
    ro = '0',
  ): BlockDevice => ({ name, majmin: mm, rm, size, ro, type, mount, depth, last });
  const out: BlockDevice[] = [];
  if (m.distro.name.startsWith('ubuntu')) {
    out.push(dev('loop0', '7:0', '63.9M', 'loop', '/snap/core20/2379', 0, false, '0', '1'));
    out.push(dev('loop1', '7:1', '87M', 'loop', '/snap/lxd/29351', 0, false, '0', '1'));
    out.push(dev('loop2', '7:2', '38.8M', 'loop', '/snap/snapd/21759', 0, false, '0', '1'));
  }
  out.push(dev(disk, `${major}:0`, gib(total), 'disk', '', 0, false));
  if (m.disk.device.includes('mapper')) {
    const vg = m.disk.device.replace('/dev/mapper/', '');
    const ubuntu = m.distro.name.startsWith('ubuntu');
    out.push(dev(part(1), `${major}:1`, ubuntu ? '1M' : '1G', 'part', ubuntu ? '' : '/boot', 1, false));
    out.push(
      dev(
        part(2),
        `${major}:2`,
        ubuntu ? '2G' : gib(total - 1_048_576),
        'part',
        ubuntu ? '/boot' : '',
        1,
        !ubuntu,
      ),
    );
    if (ubuntu) {
      out.push(dev(part(3), `${major}:3`, gib(total - 2_097_152), 'part', '', 1, true));
      out.push(dev(vg, '253:0', gib(m.disk.blocks / 0.96), 'lvm', '/', 2, true));
    } else {
      out.push(dev(vg, '253:0', gib(m.disk.blocks / 0.96), 'lvm', '/', 2, swapKiBFor(m) === 0));
      if (swapKiBFor(m) > 0)
        out.push(dev(vg.replace('-root', '-swap'), '253:1', gib(swapKiBFor(m)), 'lvm', '[SWAP]', 2, true));
    }
  } else if (family === 'alpine') {
    out.push(dev(part(1), `${major}:1`, '300M', 'part', '/boot', 1, false));
    out.push(dev(part(2), `${major}:2`, gib(swapKiBFor(m) || 1_048_576), 'part', '[SWAP]', 1, false));
    out.push(dev(part(3), `${major}:3`, gib(m.disk.blocks / 0.96), 'part', '/', 1, true));
  } else {
    const swap = swapKiBFor(m);
    out.push(dev(part(1), `${major}:1`, gib(m.disk.blocks / 0.96), 'part', '/', 1, swap === 0));
    if (swap > 0) {
      out.push(dev(part(2), `${major}:2`, '1K', 'part', '', 1, false));
      out.push(dev(part(5), `${major}:5`, gib(swap), 'part', '[SWAP]', 1, true));
    }
  }
  if (hypervisorOf(m)) out.push(dev('sr0', '11:0', '1024M', 'rom', '', 0, true, '1', '0'));
  return out;
}

export const lsblkCommand = defineCommand({
  name: 'lsblk',
  path: '/usr/bin/lsblk',
  availableOn: gnuOnly,
  run: (ctx) => {
    const devices = blockDevices(ctx);
    const old = ['ubuntu20', 'centos7'].includes(ctx.machine.distro.name);
    const names = devices.map((d) =>
      d.depth === 0 ? d.name : `${'  '.repeat(d.depth - 1)}${d.last ? '└─' : '├─'}${d.name}`,
    );
    const nw = Math.max(4, ...names.map((n) => n.length));
    const mw = Math.max(7, ...devices.map((d) => d.majmin.length));
    const sw = Math.max(4, ...devices.map((d) => d.size.length));
    let out = `${'NAME'.padEnd(nw)} ${'MAJ:MIN'.padStart(mw)} RM ${'SIZE'.padStart(sw)} RO TYPE ${old ? 'MOUNTPOINT' : 'MOUNTPOINTS'}\n`;
    devices.forEach((d, i) => {
      out += `${names[i]!.padEnd(nw)} ${d.majmin.padStart(mw)} ${d.rm.padStart(2)} ${d.size.padStart(sw)} ${d.ro.padStart(2)} ${d.type.padEnd(4)} ${d.mount}\n`;
    });
    ctx.stdout(out);
    return 0;
  },
});

export const lspciCommand = defineCommand({
  name: 'lspci',
  path: '/usr/bin/lspci',
  availableOn: onlyOn('debian12', 'ubuntu22', 'ubuntu20', 'kali', 'centos7'),
  run: (ctx) => {
    const hv = hypervisorOf(ctx.machine);
    let devices: string[];
    if (hv?.sysVendor === 'VMware, Inc.') {
      devices = [
        '00:00.0 Host bridge: Intel Corporation 440BX/ZX/DX - 82443BX/ZX/DX Host bridge (rev 01)',
        '00:01.0 PCI bridge: Intel Corporation 440BX/ZX/DX - 82443BX/ZX/DX AGP bridge (rev 01)',
        '00:07.0 ISA bridge: Intel Corporation 82371AB/EB/MB PIIX4 ISA (rev 08)',
        '00:07.1 IDE interface: Intel Corporation 82371AB/EB/MB PIIX4 IDE (rev 01)',
        '00:07.3 Bridge: Intel Corporation 82371AB/EB/MB PIIX4 ACPI (rev 08)',
        '00:07.7 System peripheral: VMware Virtual Machine Communication Interface (rev 10)',
        '00:0f.0 VGA compatible controller: VMware SVGA II Adapter',
        '00:10.0 SCSI storage controller: Broadcom / LSI 53c1030 PCI-X Fusion-MPT Dual Ultra320 SCSI (rev 01)',
        '0b:00.0 Ethernet controller: VMware VMXNET3 Ethernet Controller (rev 01)',
      ];
    } else if (hv?.productName === 'VirtualBox') {
      devices = [
        '00:00.0 Host bridge: Intel Corporation 440FX - 82441FX PMC [Natoma] (rev 02)',
        '00:01.0 ISA bridge: Intel Corporation 82371SB PIIX3 ISA [Natoma/Triton II]',
        '00:01.1 IDE interface: Intel Corporation 82371AB/EB/MB PIIX4 IDE (rev 01)',
        '00:02.0 VGA compatible controller: VMware SVGA II Adapter',
        '00:03.0 Ethernet controller: Intel Corporation 82540EM Gigabit Ethernet Controller (rev 02)',
        '00:04.0 System peripheral: InnoTek Systemberatung GmbH VirtualBox Guest Service',
        '00:07.0 Bridge: Intel Corporation 82371AB/EB/MB PIIX4 ACPI (rev 08)',
        '00:0d.0 SATA controller: Intel Corporation 82801HM/HEM (ICH8M/ICH8M-E) SATA Controller [AHCI mode] (rev 02)',
      ];
    } else {
      devices = [
        '00:00.0 Host bridge: Intel Corporation 440FX - 82441FX PMC [Natoma] (rev 02)',
        '00:01.0 ISA bridge: Intel Corporation 82371SB PIIX3 ISA [Natoma/Triton II]',
        '00:01.1 IDE interface: Intel Corporation 82371SB PIIX3 IDE [Natoma/Triton II]',
        '00:01.2 USB controller: Intel Corporation 82371SB PIIX3 USB [Natoma/Triton II] (rev 01)',
        '00:01.3 Bridge: Intel Corporation 82371AB/EB/MB PIIX4 ACPI (rev 03)',
        '00:02.0 VGA compatible controller: Device 1234:1111 (rev 02)',
        '00:03.0 Unclassified device [00ff]: Red Hat, Inc. Virtio memory balloon',
        '00:05.0 SCSI storage controller: Red Hat, Inc. Virtio SCSI',
        `00:${ctx.machine.network.iface === 'ens18' ? '12' : '03'}.0 Ethernet controller: Red Hat, Inc. Virtio network device`,
      ];
    }
    ctx.stdout(devices.map((d) => `${d}\n`).join(''));
    return 0;
  },
});

export const lsusbCommand = defineCommand({
  name: 'lsusb',
  path: '/usr/bin/lsusb',
  availableOn: packaged(['ubuntu22', 'ubuntu20', 'kali'], 'lsusb'),
  run: (ctx) => {
    if (isBusybox(ctx)) {
      ctx.stdout('Bus 001 Device 001: ID 1d6b:0002\n');
      return 0;
    }
    const qemu = hypervisorOf(ctx.machine)?.sysVendor === 'QEMU';
    ctx.stdout(
      qemu
        ? 'Bus 001 Device 002: ID 0627:0001 Adomax Technology Co., Ltd QEMU USB Tablet\nBus 001 Device 001: ID 1d6b:0001 Linux Foundation 1.1 root hub\n'
        : 'Bus 001 Device 001: ID 1d6b:0001 Linux Foundation 1.1 root hub\nBus 002 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n',
    );
    return 0;
  },
});

/** FreeBSD's mount(8): `/dev/vtbd0p2 on / (ufs, local, soft-updates)`; mounting needs root. */
function freebsdMount(ctx: CommandContext, prog: string): number {
  const args = ctx.argv.slice(1).filter((a) => a !== '-v');
  const typeFilter = args[0] === '-t' ? args[1] : undefined;
  if (args.length === 0 || (typeFilter && args.length === 2)) {
    const rows = mountTable(ctx.machine).filter((e) => !typeFilter || e.type === typeFilter);
    ctx.stdout(
      rows
        .map(
          (e) => `${e.source} on ${e.target} (${[e.type, ...(e.options ? [e.options] : [])].join(', ')})\n`,
        )
        .join(''),
    );
    return 0;
  }
  const operands = args.filter((a) => !a.startsWith('-'));
  ctx.stderr(
    ctx.user.uid === 0
      ? `${prog}: ${operands[0] ?? ''}: No such file or directory\n`
      : `${prog}: ${operands[0] ?? ''}: Operation not permitted\n`,
  );
  return 1;
}

export const mountCommand = defineCommand({
  name: 'mount',
  path: '/usr/bin/mount',
  availableOn: coreTool('mount'),
  run: (ctx) => {
    const prog = progName(ctx, 'mount');
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdMount(ctx, prog);
    const args = ctx.argv.slice(1).filter((a) => a !== '-l' && a !== '-v');
    const typeFilter = args[0] === '-t' ? args[1] : undefined;
    if (args.length === 0 || (typeFilter && args.length === 2)) {
      const rows = mountTable(ctx.machine).filter((e) => !typeFilter || e.type === typeFilter);
      ctx.stdout(rows.map((e) => `${e.source} on ${e.target} type ${e.type} (${e.options})\n`).join(''));
      return 0;
    }
    const target = args.filter((a) => !a.startsWith('-')).pop() ?? '';
    if (ctx.user.uid !== 0) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: permission denied (are you root?)\n`
          : `${prog}: ${target}: must be superuser to use mount.\n`,
      );
      return isBusybox(ctx) ? 1 : 32;
    }
    const source = args.filter((a) => !a.startsWith('-'))[0] ?? '';
    ctx.stderr(
      isBusybox(ctx)
        ? `${prog}: mounting ${source} on ${target} failed: No such file or directory\n`
        : `${prog}: ${target}: special device ${source} does not exist.\n`,
    );
    return 32;
  },
});

export const dmesgCommand = defineCommand({
  name: 'dmesg',
  path: '/usr/bin/dmesg',
  availableOn: coreTool('dmesg'),
  run: (ctx) => {
    const prog = progName(ctx, 'dmesg');
    if (familyOf(ctx.machine.distro) === 'bsd') {
      // security.bsd.unprivileged_read_msgbuf is 1 by default: anyone may read the buffer.
      ctx.stdout(
        freebsdBootLog(ctx)
          .map((l) => `${l}\n`)
          .join(''),
      );
      return 0;
    }
    if (ctx.user.uid !== 0 && dmesgRestricted(ctx.machine)) {
      ctx.stderr(`${prog}: read kernel buffer failed: Operation not permitted\n`);
      return 1;
    }
    const human = ctx.argv.includes('-T') || ctx.argv.includes('--ctime');
    const lines = kernelLog(ctx.machine).map((l) => {
      if (!human) return l;
      const seconds = Number(/\[\s*([\d.]+)\]/.exec(l)?.[1] ?? 0);
      const d = new Date(ctx.machine.bootMs + seconds * 1000);
      return l.replace(
        /^\[[^\]]*\]/,
        `[${d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4')}]`,
      );
    });
    ctx.stdout(lines.map((l) => `${l}\n`).join(''));
    return 0;
  },
});

export const getconfCommand = defineCommand({
  name: 'getconf',
  path: '/usr/bin/getconf',
  availableOn: onlyOn('debian', 'rhel', 'arch', 'alpine'),
  run: (ctx) => {
    const name = ctx.argv[1];
    const is32 = ctx.machine.distro.arch === 'armv7l';
    const values: Record<string, string> = {
      LONG_BIT: is32 ? '32' : '64',
      WORD_BIT: '32',
      PAGESIZE: '4096',
      PAGE_SIZE: '4096',
      _NPROCESSORS_ONLN: String(ctx.machine.cpu.cores),
      _NPROCESSORS_CONF: String(ctx.machine.cpu.cores),
      ARG_MAX: '2097152',
      CLK_TCK: '100',
      OPEN_MAX: '1024',
      PATH: '/bin:/usr/bin',
      GNU_LIBC_VERSION:
        familyOf(ctx.machine.distro) === 'rhel'
          ? ctx.machine.distro.name === 'centos7'
            ? 'glibc 2.17'
            : 'glibc 2.34'
          : ctx.machine.distro.name === 'ubuntu22'
            ? 'glibc 2.35'
            : 'glibc 2.36',
      HOST_NAME_MAX: '64',
      LOGIN_NAME_MAX: '256',
    };
    if (name === undefined) {
      ctx.stderr(
        'Usage: getconf [-v specification] variable_name [pathname]\n       getconf -a [pathname]\n',
      );
      return 1;
    }
    if (name === '-a') {
      ctx.stdout(
        Object.entries(values)
          .map(([k, v]) => `${k.padEnd(36)}${v}\n`)
          .join(''),
      );
      return 0;
    }
    const value = values[name];
    if (value === undefined || (familyOf(ctx.machine.distro) === 'alpine' && name === 'GNU_LIBC_VERSION')) {
      ctx.stderr(`getconf: Unrecognized variable '${name}'\n`);
      return 1;
    }
    ctx.stdout(`${value}\n`);
    return 0;
  },
});

export const localeCommand = defineCommand({
  name: 'locale',
  path: '/usr/bin/locale',
  availableOn: gnuOnly,
  run: (ctx) => {
    if (ctx.argv[1] === '-a') {
      ctx.stdout(
        `C\nC.utf8\n${familyOf(ctx.machine.distro) === 'rhel' ? 'en_US.utf8\n' : 'en_US.utf8\n'}POSIX\n`,
      );
      return 0;
    }
    const lang = ctx.env.get('LANG') ?? '';
    const all = ctx.env.get('LC_ALL') ?? '';
    const value = (name: string) => ctx.env.get(name) ?? `"${all || lang || 'POSIX'}"`;
    const names = [
      'LC_CTYPE',
      'LC_NUMERIC',
      'LC_TIME',
      'LC_COLLATE',
      'LC_MONETARY',
      'LC_MESSAGES',
      'LC_PAPER',
      'LC_NAME',
      'LC_ADDRESS',
      'LC_TELEPHONE',
      'LC_MEASUREMENT',
      'LC_IDENTIFICATION',
    ];
    ctx.stdout(
      `LANG=${lang}\nLANGUAGE=${ctx.env.get('LANGUAGE') ?? ''}\n${names.map((n) => `${n}=${value(n)}`).join('\n')}\nLC_ALL=${all}\n`,
    );
    return 0;
  },
});

export const lsbReleaseCommand = defineCommand({
  name: 'lsb_release',
  path: '/usr/bin/lsb_release',
  availableOn: onlyOn('ubuntu22', 'ubuntu20', 'kali'),
  run: (ctx) => {
    const d = ctx.machine.distro;
    const os = d.filesystem.osRelease;
    const get = (key: string) => new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(os)?.[1] ?? '';
    const id = d.name === 'kali' ? 'Kali' : 'Ubuntu';
    const fields = { i: id, d: get('PRETTY_NAME'), r: get('VERSION_ID'), c: get('VERSION_CODENAME') };
    const args = ctx.argv.slice(1).join('');
    const short = args.includes('s');
    const wanted =
      args.includes('a') || args === ''
        ? ['i', 'd', 'r', 'c']
        : (['i', 'd', 'r', 'c'] as const).filter((k) => args.includes(k));
    if (!short) ctx.stderr('No LSB modules are available.\n');
    if (args === '') {
      ctx.stderr('');
      return 0;
    }
    const labels: Record<string, string> = {
      i: 'Distributor ID',
      d: 'Description',
      r: 'Release',
      c: 'Codename',
    };
    ctx.stdout(
      wanted.map((k) => (short ? `${fields[k as 'i']}\n` : `${labels[k]}:\t${fields[k as 'i']}\n`)).join(''),
    );
    return 0;
  },
});
