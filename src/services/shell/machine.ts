/**
 * The fake hardware and network a decky reports (`/proc/cpuinfo`, `free`, `df`, `ip addr`, `uptime`),
 * chosen from the decky's seed so every session and every restart sees the same machine, and two deckies
 * differ. Nothing here looks at the host.
 */
import { type Distro, distro as distroByName } from '../../fabric/catalogue/distros.js';
import { macFor } from '../../fabric/mac.js';
import type { DeckyPersona } from '../service.js';
import { type SeededRandom, seededRandom } from '../shared/seeded-random.js';
import type { Machine } from './command.js';

/** Which userland a distro ships: decides file layout, tool flavours and error wording. */
export type DistroFamily = 'debian' | 'rhel' | 'alpine' | 'arch' | 'busybox' | 'bsd' | 'other';

const FAMILY_BY_DISTRO: Readonly<Record<string, DistroFamily>> = {
  debian12: 'debian',
  ubuntu22: 'debian',
  ubuntu20: 'debian',
  kali: 'debian',
  rocky9: 'rhel',
  centos7: 'rhel',
  fedora39: 'rhel',
  alpine319: 'alpine',
  arch: 'arch',
  busybox: 'busybox',
  freebsd14: 'bsd',
};

export function familyOf(distro: Distro): DistroFamily {
  return FAMILY_BY_DISTRO[distro.name] ?? 'other';
}

/** Whether the core tools (ls, cat, ps, wget …) are BusyBox applets, with BusyBox's wording. */
export function hasBusyboxUserland(distro: Distro): boolean {
  const family = familyOf(distro);
  return family === 'alpine' || family === 'busybox';
}

/**
 * `/bin`, `/sbin` and `/lib` are symlinks into `/usr` (the "UsrMove"): Debian 12, Ubuntu since 19.04,
 * Fedora since 17, RHEL/CentOS since 7, Arch since 2013. Alpine and Buildroot keep real directories.
 */
export function hasMergedUsr(distro: Distro): boolean {
  const family = familyOf(distro);
  return family === 'debian' || family === 'rhel' || family === 'arch';
}

export function usesSystemd(distro: Distro): boolean {
  return hasMergedUsr(distro);
}

/** Bounds and anchors for the seeded choices below; each says where its value comes from. */
export const MACHINE_LIMITS = {
  /**
   * No decky claims a boot before this instant: the newest kernel build in the distro catalogue is from
   * early December 2024, and a machine cannot have booted a kernel built after it.
   */
  earliestBootMs: Date.UTC(2024, 11, 15),
  /** Deckies "reboot" (patch windows) every this many days, seeded per decky: uptimes stay plausible. */
  rebootCycleDays: { min: 35, max: 160 },
  /** Root filesystem sizes of servers, GiB (a small VM disk up to a modest physical array). */
  serverDiskGiB: { min: 20, max: 480 },
  /** Root filesystem of an embedded device (an NAND/eMMC partition), MiB. */
  embeddedDiskMiB: { min: 48, max: 230 },
} as const;

const DAY_MS = 86_400_000;

export interface CpuModel {
  model: string;
  vendor: 'GenuineIntel' | 'AuthenticAMD' | 'ARM' | 'MIPS';
  family: number;
  modelNumber: number;
  stepping: number;
  mhz: number;
  cacheKiB: number;
  microcode: string;
  /** Extra /proc/cpuinfo flags beyond the common x86-64 set (or the ARM feature list). */
  flags: string;
  bugs: string;
  addressSizes: string;
}

const X86_BASE_FLAGS =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch';

const INTEL_BROADWELL =
  'cpuid_fault invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm rdseed adx smap xsaveopt arat umip md_clear arch_capabilities';
const INTEL_SKYLAKE_SP =
  'cpuid_fault invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves arat umip pku ospke avx512_vnni md_clear arch_capabilities';
const INTEL_COFFEE_LAKE =
  'cpuid_fault invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx rdseed adx smap clflushopt xsaveopt xsavec xgetbv1 xsaves arat umip md_clear flush_l1d arch_capabilities';
const AMD_ZEN =
  'cmp_legacy svm cr8_legacy sse4a misalignsse osvw topoext perfctr_core ssbd ibpb stibp vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves clzero xsaveerptr wbnoinvd arat npt nrip_save umip rdpid arch_capabilities';

const INTEL_BUGS_OLD =
  'cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs taa itlb_multihit mmio_stale_data retbleed gds';
const INTEL_BUGS_NEW = 'spectre_v1 spectre_v2 spec_store_bypass swapgs taa mmio_stale_data retbleed gds';
const AMD_BUGS = 'sysret_ss_attrs null_seg spectre_v1 spectre_v2 spec_store_bypass srso';

/** CPUs a VPS or a rack server in a small company plausibly has (as a KVM/VMware guest sees them). */
export const SERVER_CPUS: readonly [CpuModel, ...CpuModel[]] = [
  {
    model: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
    vendor: 'GenuineIntel',
    family: 6,
    modelNumber: 79,
    stepping: 1,
    mhz: 2399.996,
    cacheKiB: 35840,
    microcode: '0xb000040',
    flags: INTEL_BROADWELL,
    bugs: INTEL_BUGS_OLD,
    addressSizes: '46 bits physical, 48 bits virtual',
  },
  {
    model: 'Intel(R) Xeon(R) CPU E5-2650 v3 @ 2.30GHz',
    vendor: 'GenuineIntel',
    family: 6,
    modelNumber: 63,
    stepping: 2,
    mhz: 2299.998,
    cacheKiB: 25600,
    microcode: '0x49',
    flags: INTEL_BROADWELL.replace(' hle', '').replace(' rtm', ''),
    bugs: INTEL_BUGS_OLD,
    addressSizes: '46 bits physical, 48 bits virtual',
  },
  {
    model: 'Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz',
    vendor: 'GenuineIntel',
    family: 6,
    modelNumber: 85,
    stepping: 7,
    mhz: 2194.842,
    cacheKiB: 16896,
    microcode: '0x5003604',
    flags: INTEL_SKYLAKE_SP,
    bugs: INTEL_BUGS_NEW,
    addressSizes: '46 bits physical, 48 bits virtual',
  },
  {
    model: 'Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz',
    vendor: 'GenuineIntel',
    family: 6,
    modelNumber: 85,
    stepping: 7,
    mhz: 2095.076,
    cacheKiB: 36608,
    microcode: '0x5003604',
    flags: INTEL_SKYLAKE_SP,
    bugs: INTEL_BUGS_NEW,
    addressSizes: '46 bits physical, 48 bits virtual',
  },
  {
    model: 'Intel(R) Xeon(R) E-2236 CPU @ 3.40GHz',
    vendor: 'GenuineIntel',
    family: 6,
    modelNumber: 158,
    stepping: 10,
    mhz: 3407.998,
    cacheKiB: 12288,
    microcode: '0xf4',
    flags: INTEL_COFFEE_LAKE,
    bugs: INTEL_BUGS_OLD,
    addressSizes: '39 bits physical, 48 bits virtual',
  },
  {
    model: 'AMD EPYC 7302P 16-Core Processor',
    vendor: 'AuthenticAMD',
    family: 23,
    modelNumber: 49,
    stepping: 0,
    mhz: 2999.998,
    cacheKiB: 512,
    microcode: '0x830107a',
    flags: AMD_ZEN,
    bugs: AMD_BUGS.replace(' srso', ''),
    addressSizes: '43 bits physical, 48 bits virtual',
  },
  {
    model: 'AMD EPYC 7543 32-Core Processor',
    vendor: 'AuthenticAMD',
    family: 25,
    modelNumber: 1,
    stepping: 1,
    mhz: 2794.748,
    cacheKiB: 512,
    microcode: '0xa0011d1',
    flags: `${AMD_ZEN} vaes vpclmulqdq fsrm`,
    bugs: AMD_BUGS,
    addressSizes: '48 bits physical, 48 bits virtual',
  },
];

/** Desktop parts for workstations and developer machines. */
export const DESKTOP_CPUS: readonly [CpuModel, ...CpuModel[]] = [
  {
    model: 'Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz',
    vendor: 'GenuineIntel',
    family: 6,
    modelNumber: 158,
    stepping: 10,
    mhz: 3192.001,
    cacheKiB: 12288,
    microcode: '0xf4',
    flags: INTEL_COFFEE_LAKE,
    bugs: INTEL_BUGS_OLD,
    addressSizes: '39 bits physical, 48 bits virtual',
  },
  {
    model: 'Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz',
    vendor: 'GenuineIntel',
    family: 6,
    modelNumber: 165,
    stepping: 3,
    mhz: 3096.002,
    cacheKiB: 12288,
    microcode: '0xf8',
    flags: INTEL_COFFEE_LAKE.replace(' pti', ''),
    bugs: INTEL_BUGS_NEW,
    addressSizes: '39 bits physical, 48 bits virtual',
  },
  {
    model: 'AMD Ryzen 7 5800X 8-Core Processor',
    vendor: 'AuthenticAMD',
    family: 25,
    modelNumber: 33,
    stepping: 0,
    mhz: 3799.998,
    cacheKiB: 512,
    microcode: '0xa20120e',
    flags: `${AMD_ZEN} vaes vpclmulqdq fsrm`,
    bugs: AMD_BUGS,
    addressSizes: '48 bits physical, 48 bits virtual',
  },
];

/** SoCs of cameras, printers and PLCs: what Buildroot firmware runs on. */
export const EMBEDDED_CPUS: readonly [CpuModel, ...CpuModel[]] = [
  {
    model: 'ARMv7 Processor rev 5 (v7l)',
    vendor: 'ARM',
    family: 7,
    modelNumber: 0xc07,
    stepping: 5,
    mhz: 1000,
    cacheKiB: 0,
    microcode: '',
    flags: 'half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32 lpae evtstrm',
    bugs: '',
    addressSizes: '',
  },
  {
    model: 'ARMv7 Processor rev 1 (v7l)',
    vendor: 'ARM',
    family: 7,
    modelNumber: 0xc09,
    stepping: 1,
    mhz: 800,
    cacheKiB: 0,
    microcode: '',
    flags: 'half thumb fastmult vfp edsp neon vfpv3 tls vfpd32',
    bugs: '',
    addressSizes: '',
  },
];

const ALL_CPUS: readonly CpuModel[] = [...SERVER_CPUS, ...DESKTOP_CPUS, ...EMBEDDED_CPUS];

/** Family, model and stepping for a CPU's model name (what /proc/cpuinfo and lscpu print). */
export function cpuModel(name: string): CpuModel {
  return ALL_CPUS.find((c) => c.model === name) ?? SERVER_CPUS[0];
}

const DESKTOP_ARCHETYPES = new Set(['linux-workstation', 'dev-box', 'windows-workstation']);

/** Physical memory sizes (GiB) and how often each is seen on small-company servers. */
const SERVER_MEMORY_GIB: readonly [number, ...number[]] = [1, 2, 2, 4, 4, 4, 8, 8, 8, 16, 16, 32];
const DESKTOP_MEMORY_GIB: readonly [number, ...number[]] = [8, 16, 16, 32];
const EMBEDDED_MEMORY_MIB: readonly [number, ...number[]] = [64, 128, 128, 256, 512];

/** What the kernel keeps for itself (MemTotal is physical memory minus this share). */
const KERNEL_RESERVED_SHARE = 0.035;

export function machineFor(persona: DeckyPersona, now: number = Date.now()): Machine {
  const distro = distroByName(persona.distro) ?? distroByName('debian12')!;
  const family = familyOf(distro);
  const embedded = family === 'busybox';
  const desktop = DESKTOP_ARCHETYPES.has(persona.archetype ?? '');
  const random = (purpose: string): SeededRandom => seededRandom(persona.seed, `machine:${purpose}`);

  const cpu = random('cpu').pick(embedded ? EMBEDDED_CPUS : desktop ? DESKTOP_CPUS : SERVER_CPUS);
  const cores = embedded
    ? random('cores').pick([1, 2, 2, 4] as const)
    : random('cores').pick(desktop ? ([4, 6, 8, 8] as const) : ([1, 2, 2, 4, 4, 4, 8] as const));
  const memoryKiB = embedded
    ? Math.round(random('memory').pick(EMBEDDED_MEMORY_MIB) * 1024 * (1 - KERNEL_RESERVED_SHARE * 2))
    : Math.round(
        random('memory').pick(desktop ? DESKTOP_MEMORY_GIB : SERVER_MEMORY_GIB) *
          1024 *
          1024 *
          (1 - KERNEL_RESERVED_SHARE) +
          random('memory-jitter').int(0, 4096),
      );

  return {
    persona,
    distro,
    hostname: persona.hostname,
    bootMs: bootMsFor(persona, now),
    cpu: {
      model: cpu.model,
      vendor: cpu.vendor,
      cores,
      mhz: cpu.mhz,
      cacheKiB: cpu.cacheKiB,
      flags: cpu.vendor === 'ARM' ? cpu.flags : `${X86_BASE_FLAGS} ${cpu.flags}`,
    },
    memoryKiB,
    disk: diskFor(distro, family, random('disk')),
    network: networkFor(persona, distro, family, random('network')),
  };
}

/**
 * The decky reboots every `cycle` days at a seeded phase; bootMs is the last reboot at or before `now`.
 * The same decky gets the same boot time from every session of one cycle, so uptime keeps growing
 * between sessions and restarts, and stays within a believable range however long the fleet runs.
 */
function bootMsFor(persona: DeckyPersona, now: number): number {
  const random = seededRandom(persona.seed, 'machine:boot');
  const { min, max } = MACHINE_LIMITS.rebootCycleDays;
  const cycleMs = random.int(min, max) * DAY_MS + random.int(0, DAY_MS - 1);
  const phaseMs = random.int(0, cycleMs - 1);
  const anchor = MACHINE_LIMITS.earliestBootMs + phaseMs;
  return anchor + Math.floor((now - anchor) / cycleMs) * cycleMs;
}

function diskFor(distro: Distro, family: DistroFamily, random: SeededRandom): Machine['disk'] {
  if (family === 'busybox') {
    const { min, max } = MACHINE_LIMITS.embeddedDiskMiB;
    const blocks = random.int(min, max) * 1024;
    return { device: '/dev/root', blocks, usedBlocks: Math.round(blocks * (0.55 + random.next() * 0.35)) };
  }
  const { min, max } = MACHINE_LIMITS.serverDiskGiB;
  const gib = random.pick([min, 25, 30, 40, 50, 60, 80, 100, 120, 200, 250, max] as const);
  // A filesystem reports somewhat less than its partition (metadata, reserved blocks).
  const blocks = Math.round(gib * 1024 * 1024 * 0.96) - random.int(0, 20_000);
  const usedBlocks = Math.round(blocks * (0.08 + random.next() * 0.5));
  const device = ((): string => {
    switch (distro.name) {
      case 'ubuntu22':
      case 'ubuntu20':
        return random.pick(['/dev/mapper/ubuntu--vg-ubuntu--lv', '/dev/sda2', '/dev/vda1'] as const);
      case 'rocky9':
        return '/dev/mapper/rl-root';
      case 'centos7':
        return '/dev/mapper/centos-root';
      case 'fedora39':
        return '/dev/mapper/fedora-root';
      case 'alpine319':
        return random.pick(['/dev/sda3', '/dev/vda3'] as const);
      case 'arch':
        return random.pick(['/dev/sda2', '/dev/nvme0n1p2'] as const);
      case 'freebsd14':
        // bsdinstall's guided UFS layout: p1 boot (or EFI), p2 root, p3 swap.
        return '/dev/vtbd0p2';
      default:
        return random.pick(['/dev/sda1', '/dev/vda1', '/dev/sda1'] as const);
    }
  })();
  return { device, blocks, usedBlocks };
}

/** Predictable interface names (systemd) differ by hypervisor: ens18 on Proxmox, ens192 on VMware … */
const IFACES_BY_FAMILY: Readonly<Record<DistroFamily, readonly [string, ...string[]]>> = {
  debian: ['ens18', 'ens3', 'eth0', 'enp0s3', 'ens192'],
  rhel: ['ens18', 'ens192', 'enp0s3', 'eth0'],
  arch: ['enp0s3', 'ens18', 'eno1'],
  alpine: ['eth0'],
  busybox: ['eth0'],
  // VirtIO, matching the vtbd0 disk diskFor gives FreeBSD (a KVM guest's view).
  bsd: ['vtnet0'],
  other: ['eth0'],
};

function networkFor(
  persona: DeckyPersona,
  distro: Distro,
  family: DistroFamily,
  random: SeededRandom,
): Machine['network'] {
  // CentOS 7 on older hypervisors keeps eth0 more often than not; seeded like the rest.
  const iface =
    distro.name === 'centos7'
      ? random.pick(['eth0', 'ens192', 'ens33'] as const)
      : random.pick(IFACES_BY_FAMILY[family]);
  const prefixLength = 24;
  return {
    iface,
    ip: persona.ip,
    prefixLength,
    mac: macFor(persona.name, persona.archetype),
    gateway: gatewayFor(persona.ip),
  };
}

/** The first host of the /24, or the last when the decky itself holds the first. */
function gatewayFor(ip: string): string {
  const parts = ip.split('.');
  if (parts.length !== 4) return ip;
  const host = parts[3] === '1' ? '254' : '1';
  return `${parts.slice(0, 3).join('.')}.${host}`;
}

export interface Hypervisor {
  /** What lscpu prints as "Hypervisor vendor". */
  vendor: string;
  /** /sys/class/dmi/id/sys_vendor and product_name. */
  sysVendor: string;
  productName: string;
  biosVendor: string;
}

/**
 * The virtual platform, consistent with the NIC name a guest sees on it (ens18 on Proxmox/QEMU, ens192
 * and ens33 on VMware, enp0s3 on VirtualBox), so `lscpu`, DMI and `ip link` tell one story.
 */
export function hypervisorOf(machine: Machine): Hypervisor | null {
  if (familyOf(machine.distro) === 'busybox') return null;
  const iface = machine.network.iface;
  if (iface === 'ens192' || iface === 'ens33') {
    return {
      vendor: 'VMware',
      sysVendor: 'VMware, Inc.',
      productName: 'VMware Virtual Platform',
      biosVendor: 'Phoenix Technologies LTD',
    };
  }
  if (iface === 'enp0s3') {
    return {
      vendor: 'KVM',
      sysVendor: 'innotek GmbH',
      productName: 'VirtualBox',
      biosVendor: 'innotek GmbH',
    };
  }
  if (iface === 'eno1') return null;
  return {
    vendor: 'KVM',
    sysVendor: 'QEMU',
    productName: 'Standard PC (i440FX + PIIX, 1996)',
    biosVendor: 'SeaBIOS',
  };
}

/** Swap in KiB: Ubuntu's installer makes a /swap.img, LVM layouts a swap volume, cloud images often none. */
export function swapKiBFor(machine: Machine): number {
  const family = familyOf(machine.distro);
  if (family === 'busybox') return 0;
  const random = seededRandom(machine.persona.seed, 'machine:swap');
  if (random.next() < 0.3) return 0;
  const gib = Math.min(8, Math.max(1, Math.round(machine.memoryKiB / 1024 / 1024)));
  return gib * 1024 * 1024 - (family === 'rhel' ? 4 : 0);
}

/** Root filesystem type of the distro's default installer layout. */
export function rootFsType(machine: Machine): string {
  switch (familyOf(machine.distro)) {
    case 'rhel':
      return 'xfs';
    case 'busybox':
      return 'squashfs';
    case 'bsd':
      return 'ufs';
    default:
      return 'ext4';
  }
}

/**
 * Memory as FreeBSD's kernel reports it (dmesg "real memory" / "avail memory", sysctl hw.realmem,
 * hw.physmem), from the same machine as everything else: the guest's RAM rounded to whole 128 MiB
 * (what the hypervisor gave), what the kernel could map, and what was left after the kernel loaded.
 */
export function freebsdMemory(machine: Machine): {
  realBytes: number;
  physBytes: number;
  availBytes: number;
} {
  const block = 128 * 1024 * 1024;
  const physBytes = machine.memoryKiB * 1024;
  const realBytes = Math.max(1, Math.round(physBytes / (1 - KERNEL_RESERVED_SHARE) / block)) * block;
  const availBytes = Math.floor((physBytes * 0.97) / 4096) * 4096;
  return { realBytes, physBytes, availBytes };
}
