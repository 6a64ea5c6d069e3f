/**
 * The pseudo filesystems: /proc (CPU, memory, version, uptime and load generated at read time from
 * the clock, mounts, per-process directories), /sys (network interfaces, DMI) and /dev.
 */
import type { Machine } from '../../command.js';
import { cpuModel, familyOf, hypervisorOf } from '../../machine.js';
import { kernelCommandLine, procVersion } from '../kernel.js';
import { mountTable, swapAreas } from '../mounts.js';
import type { FileContent } from '../node.js';
import { processTable } from '../processes.js';
import {
  interfaceCounters,
  listeningSockets,
  loadAverage,
  memorySnapshot,
  neighbours,
  uptimeSeconds,
} from '../system-state.js';
import type { SeedContext } from './context.js';

const dynamic = (make: (now: number) => string): FileContent => ({
  kind: 'dynamic',
  make: (now) => Buffer.from(make(now)),
});

export function seedProc(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const boot = machine.bootMs;
  const proc = { pseudo: 'proc' as const, mtimeMs: boot };
  tree.dir('/proc', { mode: 0o555, ...proc });
  const file = (path: string, make: (now: number) => string, mode = 0o444) =>
    tree.file(path, dynamic(make), { mode, ...proc });

  file('/proc/cpuinfo', () => cpuinfo(machine));
  file('/proc/meminfo', (now) => meminfo(machine, now));
  file('/proc/version', () => procVersion(machine));
  file('/proc/cmdline', () => `${kernelCommandLine(machine)}\n`);
  file('/proc/uptime', (now) => {
    const up = uptimeSeconds(machine, now);
    return `${up.toFixed(2)} ${(up * machine.cpu.cores * 0.985).toFixed(2)}\n`;
  });
  const table = processTable(machine, boot + 86_400_000);
  const lastPid = table.reduce((m, p) => Math.max(m, p.pid), 0);
  file('/proc/loadavg', (now) => {
    const [a, b, c] = loadAverage(machine, now);
    return `${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} 1/${table.length + 40} ${lastPid + Math.floor((now - boot) / 120_000)}\n`;
  });
  file('/proc/mounts', () =>
    mountTable(machine)
      .map((m) => `${m.source} ${m.target} ${m.type} ${m.options} 0 0\n`)
      .join(''),
  );
  file('/proc/swaps', () =>
    [
      'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n',
      ...swapAreas(machine).map(
        (s) => `${s.source.padEnd(40)}${s.type.padEnd(16)}${String(s.sizeKiB).padEnd(16)}0\t\t-2\n`,
      ),
    ].join(''),
  );
  file(
    '/proc/filesystems',
    () =>
      [
        'sysfs',
        'tmpfs',
        'bdev',
        'proc',
        'cgroup',
        'cgroup2',
        'cpuset',
        'devtmpfs',
        'debugfs',
        'tracefs',
        'securityfs',
        'sockfs',
        'bpf',
        'pipefs',
        'ramfs',
        'hugetlbfs',
        'devpts',
        'mqueue',
        'pstore',
      ]
        .map((f) => `nodev\t${f}\n`)
        .join('') + '\text3\n\text2\n\text4\n\txfs\n\tsquashfs\n\tvfat\n',
  );
  file('/proc/stat', (now) => {
    const up = uptimeSeconds(machine, now) * 100;
    const cpu = (share: number) => Math.round(up * share);
    const line = (name: string, n: number) =>
      `${name} ${cpu(0.006 * n)} ${cpu(0.00002 * n)} ${cpu(0.003 * n)} ${cpu(0.985 * n)} ${cpu(0.0004 * n)} 0 ${cpu(0.0001 * n)} 0 0 0\n`;
    let out = line('cpu ', machine.cpu.cores);
    for (let i = 0; i < machine.cpu.cores; i++) out += line(`cpu${i}`, 1);
    return `${out}btime ${Math.floor(boot / 1000)}\nprocesses ${lastPid + Math.floor((now - boot) / 120_000)}\nprocs_running 1\nprocs_blocked 0\n`;
  });

  // /proc/sys: what scripts and bots read to fingerprint a box.
  const sys = (path: string, value: string, mode = 0o444) =>
    file(`/proc/sys/${path}`, () => `${value}\n`, mode);
  sys('kernel/hostname', machine.hostname, 0o644);
  sys('kernel/ostype', 'Linux');
  sys('kernel/osrelease', machine.distro.kernel);
  sys('kernel/version', machine.distro.kernelVersion);
  sys('kernel/pid_max', familyOf(machine.distro) === 'busybox' ? '32768' : '4194304', 0o644);
  sys('kernel/randomize_va_space', '2', 0o644);
  sys('kernel/dmesg_restrict', dmesgRestricted(machine) ? '1' : '0', 0o644);
  sys('net/ipv4/ip_forward', machine.persona.archetype === 'devops-host' ? '1' : '0', 0o644);
  sys('net/ipv4/tcp_syncookies', '1', 0o644);
  sys('vm/overcommit_memory', '0', 0o644);
  sys('vm/swappiness', '60', 0o644);
  sys('fs/file-max', '9223372036854775807', 0o644);

  seedProcNet(ctx);
  seedProcesses(ctx, table, lastPid);
}

/** kernel.dmesg_restrict is 1 on Debian (since 10), Ubuntu (since 20.10) and Arch; 0 on RHEL and Alpine. */
export function dmesgRestricted(machine: Machine): boolean {
  const family = familyOf(machine.distro);
  return (family === 'debian' && machine.distro.name !== 'ubuntu20') || family === 'arch';
}

function cpuinfo(machine: Machine): string {
  const info = cpuModel(machine.cpu.model);
  const cores = machine.cpu.cores;
  if (info.vendor === 'ARM') {
    let out = '';
    for (let i = 0; i < cores; i++) {
      out += `processor\t: ${i}\nmodel name\t: ${info.model}\nBogoMIPS\t: 48.00\nFeatures\t: ${info.flags} \nCPU implementer\t: 0x41\nCPU architecture: 7\nCPU variant\t: 0x0\nCPU part\t: 0x${info.modelNumber.toString(16)}\nCPU revision\t: ${info.stepping}\n\n`;
    }
    return `${out}Hardware\t: Generic DT based system\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n`;
  }
  let out = '';
  for (let i = 0; i < cores; i++) {
    out += [
      `processor\t: ${i}`,
      `vendor_id\t: ${info.vendor}`,
      `cpu family\t: ${info.family}`,
      `model\t\t: ${info.modelNumber}`,
      `model name\t: ${info.model}`,
      `stepping\t: ${info.stepping}`,
      `microcode\t: ${info.microcode}`,
      `cpu MHz\t\t: ${machine.cpu.mhz.toFixed(3)}`,
      `cache size\t: ${machine.cpu.cacheKiB} KB`,
      'physical id\t: 0',
      `siblings\t: ${cores}`,
      `core id\t\t: ${i}`,
      `cpu cores\t: ${cores}`,
      `apicid\t\t: ${i}`,
      `initial apicid\t: ${i}`,
      'fpu\t\t: yes',
      'fpu_exception\t: yes',
      `cpuid level\t: ${info.vendor === 'AuthenticAMD' ? 16 : 13}`,
      'wp\t\t: yes',
      `flags\t\t: ${machine.cpu.flags}`,
      `bugs\t\t: ${info.bugs}`,
      `bogomips\t: ${(machine.cpu.mhz * 2).toFixed(2)}`,
      ...(info.vendor === 'AuthenticAMD' ? ['TLB size\t: 1024 4K pages'] : []),
      'clflush size\t: 64',
      'cache_alignment\t: 64',
      `address sizes\t: ${info.addressSizes}`,
      'power management:',
      '',
      '',
    ].join('\n');
  }
  return out;
}

function meminfo(machine: Machine, now: number): string {
  const m = memorySnapshot(machine, now);
  const row = (name: string, kib: number, unit = ' kB') =>
    `${`${name}:`.padEnd(16)}${String(kib).padStart(8)}${unit}\n`;
  const hugeTotal = 0;
  return [
    row('MemTotal', m.totalKiB),
    row('MemFree', m.freeKiB),
    row('MemAvailable', m.availableKiB),
    row('Buffers', m.buffersKiB),
    row('Cached', m.cachedKiB),
    row('SwapCached', 0),
    row('Active', m.activeKiB),
    row('Inactive', m.inactiveKiB),
    row('Active(anon)', Math.round(m.anonKiB * 0.3)),
    row('Inactive(anon)', Math.round(m.anonKiB * 0.7)),
    row('Active(file)', Math.round(m.cachedKiB * 0.45)),
    row('Inactive(file)', Math.round(m.cachedKiB * 0.55)),
    row('Unevictable', 0),
    row('Mlocked', 0),
    row('SwapTotal', m.swapTotalKiB),
    row('SwapFree', m.swapFreeKiB),
    row('Zswap', 0),
    row('Zswapped', 0),
    row('Dirty', 84 + (Math.floor(now / 1000) % 97)),
    row('Writeback', 0),
    row('AnonPages', m.anonKiB),
    row('Mapped', m.mappedKiB),
    row('Shmem', m.shmemKiB),
    row('KReclaimable', m.sReclaimableKiB),
    row('Slab', m.sReclaimableKiB + m.sUnreclaimKiB),
    row('SReclaimable', m.sReclaimableKiB),
    row('SUnreclaim', m.sUnreclaimKiB),
    row('KernelStack', m.kernelStackKiB),
    row('PageTables', m.pageTablesKiB),
    row('SecPageTables', 0),
    row('NFS_Unstable', 0),
    row('Bounce', 0),
    row('WritebackTmp', 0),
    row('CommitLimit', Math.round(m.totalKiB / 2 + m.swapTotalKiB)),
    row('Committed_AS', m.committedKiB),
    row('VmallocTotal', 34359738367),
    row('VmallocUsed', 15692 + machine.cpu.cores * 1200),
    row('VmallocChunk', 0),
    row('Percpu', 712 * machine.cpu.cores),
    row('HardwareCorrupted', 0),
    row('AnonHugePages', 0),
    row('ShmemHugePages', 0),
    row('ShmemPmdMapped', 0),
    row('FileHugePages', 0),
    row('FilePmdMapped', 0),
    row('HugePages_Total', hugeTotal, ''),
    row('HugePages_Free', 0, ''),
    row('HugePages_Rsvd', 0, ''),
    row('HugePages_Surp', 0, ''),
    row('Hugepagesize', 2048),
    row('Hugetlb', 0),
    row('DirectMap4k', 184_180),
    row('DirectMap2M', Math.max(0, Math.round(m.totalKiB - 184_180 + 20_000))),
  ].join('');
}

/** IPv4 address as /proc/net prints it: four bytes in host (little-endian) order, as hex. */
function procHex(ip: string): string {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n))) return '00000000';
  return parts
    .reverse()
    .map((n) => n.toString(16).toUpperCase().padStart(2, '0'))
    .join('');
}

function seedProcNet(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const proc = { pseudo: 'proc' as const, mtimeMs: machine.bootMs, mode: 0o444 };
  const n = machine.network;
  const net = (name: string, make: (now: number) => string) =>
    tree.file(`/proc/net/${name}`, dynamic(make), proc);
  net('dev', (now) => {
    const head =
      'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
    return (
      head +
      interfaceCounters(machine, now)
        .map(
          (c) =>
            `${c.name.padStart(6)}: ${String(c.rxBytes).padStart(7)} ${String(c.rxPackets).padStart(7)}    0 ${String(c.rxDropped).padStart(4)}    0     0          0         0 ${String(c.txBytes).padStart(8)} ${String(c.txPackets).padStart(7)}    0    0    0     0       0          0\n`,
        )
        .join('')
    );
  });
  net('route', () => {
    const mask = n.prefixLength === 0 ? 0 : (0xffffffff << (32 - n.prefixLength)) >>> 0;
    const maskIp = [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
    const network = n.ip
      .split('.')
      .map((b, i) => Number(b) & Number(maskIp.split('.')[i]))
      .join('.');
    const pad = (s: string) => `${s.padEnd(127)}\n`;
    return [
      pad('Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT'),
      pad(
        `${n.iface}\t00000000\t${procHex(n.gateway)}\t0003\t0\t0\t${familyOf(machine.distro) === 'rhel' ? 100 : 0}\t00000000\t0\t0\t0`,
      ),
      pad(
        `${n.iface}\t${procHex(network)}\t00000000\t0001\t0\t0\t${familyOf(machine.distro) === 'rhel' ? 100 : 0}\t${procHex(maskIp)}\t0\t0\t0`,
      ),
    ].join('');
  });
  net('arp', () =>
    [
      'IP address       HW type     Flags       HW address            Mask     Device\n',
      ...neighbours(machine).map(
        (x) => `${x.ip.padEnd(17)}0x1         0x2         ${x.mac}     *        ${n.iface}\n`,
      ),
    ].join(''),
  );
  net('tcp', () => {
    const rows = listeningSockets(machine).filter((s) => s.protocol === 'tcp');
    return [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n',
      ...rows.map(
        (s, i) =>
          `${String(i).padStart(4)}: ${procHex(s.address)}:${s.port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${20_000 + i * 37} 1 0000000000000000 100 0 0 10 0                     \n`,
      ),
    ].join('');
  });
}

function seedProcesses(ctx: SeedContext, table: ReturnType<typeof processTable>, lastPid: number): void {
  const { tree, machine } = ctx;
  const uidOf = (user: string) => ctx.uidOf(user);
  for (const p of table) {
    const uid = uidOf(p.user);
    const dir = `/proc/${p.pid}`;
    tree.dir(dir, { mode: 0o555, uid, gid: uid, pseudo: 'proc', mtimeMs: p.startMs });
    const meta = { pseudo: 'proc' as const, uid, gid: uid, mtimeMs: p.startMs };
    tree.file(
      `${dir}/comm`,
      dynamic(() => `${p.comm}\n`),
      { ...meta, mode: 0o644 },
    );
    tree.file(
      `${dir}/cmdline`,
      dynamic(() => (p.kernelThread ? '' : `${p.command.split(' ').join('\0')}\0`)),
      { ...meta, mode: 0o444 },
    );
    tree.file(
      `${dir}/status`,
      dynamic(() => processStatus(p, uid)),
      { ...meta, mode: 0o444 },
    );
    tree.file(
      `${dir}/environ`,
      dynamic(() => ''),
      { ...meta, mode: 0o400 },
    );
    tree.file(
      `${dir}/cgroup`,
      dynamic(() =>
        machine.distro.name === 'centos7'
          ? '1:name=systemd:/\n'
          : p.pid === 1
            ? '0::/init.scope\n'
            : '0::/system.slice\n',
      ),
      { ...meta, mode: 0o444 },
    );
  }
  // /proc/self: the process reading it; a fixed shell-like entry stands in for it.
  const self = lastPid + 1000;
  tree.dir(`/proc/${self}`, { mode: 0o555, pseudo: 'proc', mtimeMs: machine.bootMs });
  tree.file(
    `/proc/${self}/comm`,
    dynamic(() => 'bash\n'),
    { pseudo: 'proc', mode: 0o644 },
  );
  tree.file(
    `/proc/${self}/cmdline`,
    dynamic(() => '-bash\0'),
    { pseudo: 'proc', mode: 0o444 },
  );
  tree.file(
    `/proc/${self}/cgroup`,
    dynamic(() => '0::/user.slice/user-0.slice/session-1.scope\n'),
    { pseudo: 'proc', mode: 0o444 },
  );
  tree.file(
    `/proc/${self}/environ`,
    dynamic(() => ''),
    { pseudo: 'proc', mode: 0o400 },
  );
  tree.file(
    `/proc/${self}/status`,
    dynamic(() =>
      processStatus({ comm: 'bash', pid: self, ppid: self - 1, stat: 'S', vszKiB: 8_900, rssKiB: 5_300 }, 0),
    ),
    { pseudo: 'proc', mode: 0o444 },
  );
  tree.symlink('/proc/self', String(self), { pseudo: 'proc', mtimeMs: machine.bootMs });
}

function processStatus(
  p: { comm: string; pid: number; ppid: number; stat: string; vszKiB: number; rssKiB: number },
  uid: number,
): string {
  const state = p.stat.startsWith('R') ? 'R (running)' : p.stat.startsWith('I') ? 'I (idle)' : 'S (sleeping)';
  return [
    `Name:\t${p.comm}`,
    'Umask:\t0022',
    `State:\t${state}`,
    `Tgid:\t${p.pid}`,
    'Ngid:\t0',
    `Pid:\t${p.pid}`,
    `PPid:\t${p.ppid}`,
    'TracerPid:\t0',
    `Uid:\t${uid}\t${uid}\t${uid}\t${uid}`,
    `Gid:\t${uid}\t${uid}\t${uid}\t${uid}`,
    'FDSize:\t64',
    'Groups:\t',
    ...(p.vszKiB > 0
      ? [
          `VmPeak:\t${String(p.vszKiB + 120).padStart(8)} kB`,
          `VmSize:\t${String(p.vszKiB).padStart(8)} kB`,
          `VmRSS:\t${String(p.rssKiB).padStart(8)} kB`,
        ]
      : []),
    'Threads:\t1',
    '',
  ].join('\n');
}

export function seedSys(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const sysfs = { pseudo: 'sys' as const, mtimeMs: machine.bootMs };
  tree.dir('/sys', { mode: 0o555, ...sysfs });
  for (const d of ['block', 'bus', 'class', 'dev', 'devices', 'firmware', 'fs', 'kernel', 'module', 'power'])
    tree.dir(`/sys/${d}`, sysfs);
  const file = (path: string, value: string, mode = 0o444) =>
    tree.file(path, `${value}\n`, { mode, ...sysfs });
  for (const [iface, mac, mtu] of [
    ['lo', '00:00:00:00:00:00', '65536'],
    [machine.network.iface, machine.network.mac, '1500'],
  ] as const) {
    file(`/sys/class/net/${iface}/address`, mac);
    file(`/sys/class/net/${iface}/mtu`, mtu, 0o644);
    file(`/sys/class/net/${iface}/operstate`, iface === 'lo' ? 'unknown' : 'up');
    file(`/sys/class/net/${iface}/carrier`, '1');
    if (iface !== 'lo')
      file(`/sys/class/net/${iface}/speed`, familyOf(machine.distro) === 'busybox' ? '100' : '10000');
  }
  const hv = hypervisorOf(machine);
  if (hv) {
    file('/sys/class/dmi/id/sys_vendor', hv.sysVendor);
    file('/sys/class/dmi/id/product_name', hv.productName);
    file('/sys/class/dmi/id/bios_vendor', hv.biosVendor);
    file('/sys/class/dmi/id/product_serial', 'Not Specified', 0o400);
  }
  file('/sys/kernel/mm/transparent_hugepage/enabled', 'always [madvise] never', 0o644);
}

export function seedDev(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const boot = machine.bootMs;
  const ttyGid = ctx.gidOf('tty');
  tree.dir('/dev', { mtimeMs: boot + 5000 });
  tree.device('/dev/null', 'null', { mtimeMs: boot });
  tree.device('/dev/zero', 'zero', { mtimeMs: boot });
  tree.device('/dev/full', 'full', { mtimeMs: boot });
  tree.device('/dev/random', 'random', { mtimeMs: boot });
  tree.device('/dev/urandom', 'urandom', { mtimeMs: boot });
  tree.device('/dev/tty', 'tty', { mtimeMs: boot, gid: ttyGid });
  tree.device('/dev/console', 'console', { mode: 0o600, mtimeMs: boot });
  tree.device('/dev/ptmx', 'ptmx', { mtimeMs: boot, gid: ttyGid });
  tree.dir('/dev/pts', { mtimeMs: boot });
  tree.device('/dev/pts/0', 'pts', { mode: 0o620, gid: ttyGid, mtimeMs: boot });
  tree.dir('/dev/shm', { mode: 0o1777, mtimeMs: boot });
  tree.dir('/dev/mqueue', { mode: 0o1777, mtimeMs: boot });
  tree.symlink('/dev/fd', '/proc/self/fd', { mtimeMs: boot });
  tree.symlink('/dev/stdin', '/proc/self/fd/0', { mtimeMs: boot });
  tree.symlink('/dev/stdout', '/proc/self/fd/1', { mtimeMs: boot });
  tree.symlink('/dev/stderr', '/proc/self/fd/2', { mtimeMs: boot });
  if (familyOf(machine.distro) !== 'busybox') {
    tree.dir('/dev/hugepages', { mtimeMs: boot });
    tree.dir('/dev/disk/by-uuid', { mtimeMs: boot });
  }
}
