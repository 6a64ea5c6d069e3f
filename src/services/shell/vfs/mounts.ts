/**
 * The decky's mounts: one table behind /proc/mounts, `mount`, `df` and `lsblk`, so they agree. Sizes
 * of memory-backed filesystems follow the kernel's defaults (tmpfs half of RAM, /run a tenth).
 */
import { seededRandom } from '../../shared/seeded-random.js';
import type { Machine } from '../command.js';
import { familyOf, rootFsType, swapKiBFor } from '../machine.js';

export interface MountEntry {
  source: string;
  target: string;
  type: string;
  options: string;
  /** 1K blocks, used and available as statfs reports them (0 for virtual filesystems). */
  blocks: number;
  used: number;
  available: number;
  /** Whether GNU df lists it without -a (real block devices and tmpfs). */
  inDf: boolean;
}

function sized(
  total: number,
  used: number,
  reservedShare: number,
): { blocks: number; used: number; available: number } {
  return { blocks: total, used, available: Math.max(0, Math.floor(total - used - total * reservedShare)) };
}

const NO_SIZE = { blocks: 0, used: 0, available: 0 };

/** Pseudo-filesystems several of the families below mount with the same options. */
const DEVPTS: MountEntry = {
  source: 'devpts',
  target: '/dev/pts',
  type: 'devpts',
  options: 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000',
  ...NO_SIZE,
  inDf: false,
};
const MQUEUE: MountEntry = {
  source: 'mqueue',
  target: '/dev/mqueue',
  type: 'mqueue',
  options: 'rw,nosuid,nodev,noexec,relatime',
  ...NO_SIZE,
  inDf: false,
};
const SECURITYFS: MountEntry = {
  source: 'securityfs',
  target: '/sys/kernel/security',
  type: 'securityfs',
  options: 'rw,nosuid,nodev,noexec,relatime',
  ...NO_SIZE,
  inDf: false,
};
const CGROUP2: MountEntry = {
  source: 'cgroup2',
  target: '/sys/fs/cgroup',
  type: 'cgroup2',
  options: 'rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot',
  ...NO_SIZE,
  inDf: false,
};
const PSTORE: MountEntry = {
  source: 'pstore',
  target: '/sys/fs/pstore',
  type: 'pstore',
  options: 'rw,nosuid,nodev,noexec,relatime',
  ...NO_SIZE,
  inDf: false,
};
const BPF: MountEntry = {
  source: 'bpf',
  target: '/sys/fs/bpf',
  type: 'bpf',
  options: 'rw,nosuid,nodev,noexec,relatime,mode=700',
  ...NO_SIZE,
  inDf: false,
};
const HUGETLBFS: MountEntry = {
  source: 'hugetlbfs',
  target: '/dev/hugepages',
  type: 'hugetlbfs',
  options: 'rw,relatime,pagesize=2M',
  ...NO_SIZE,
  inDf: false,
};

/** Whether the boot partition is separate (every installer's default layout except cloud images). */
function bootPartition(machine: Machine): { source: string; blocks: number; used: number } | null {
  const family = familyOf(machine.distro);
  const random = seededRandom(machine.persona.seed, 'mounts:boot');
  if (family === 'busybox' || family === 'arch') return null;
  const root = machine.disk.device;
  if (family === 'debian' && !root.includes('mapper')) return null;
  const disk = root.includes('vda') ? '/dev/vda' : '/dev/sda';
  if (family === 'alpine') return { source: `${disk}1`, blocks: 278_627, used: 24_000 + random.int(0, 9000) };
  const blocks = family === 'rhel' ? (machine.distro.name === 'centos7' ? 1_038_336 : 983_040) : 1_992_552;
  return {
    source: family === 'debian' ? `${disk}2` : `${disk}1`,
    blocks,
    used: Math.round(blocks * (0.14 + random.next() * 0.15)),
  };
}

/**
 * A FreeBSD guest's mounts after bsdinstall's guided UFS layout: the root with soft updates and devfs
 * (no procfs, no tmpfs). Options hold what mount(8) prints after the type; UFS keeps 8% minfree.
 */
function freebsdMounts(machine: Machine): MountEntry[] {
  return [
    {
      source: machine.disk.device,
      target: '/',
      type: 'ufs',
      options: 'local, soft-updates',
      ...sized(machine.disk.blocks, machine.disk.usedBlocks, 0.08),
      inDf: true,
    },
    {
      source: 'devfs',
      target: '/dev',
      type: 'devfs',
      options: '',
      blocks: 1,
      used: 1,
      available: 0,
      inDf: true,
    },
  ];
}

export function mountTable(machine: Machine): MountEntry[] {
  const family = familyOf(machine.distro);
  if (family === 'bsd') return freebsdMounts(machine);
  const mem = machine.memoryKiB;
  const half = Math.floor(mem / 2 / 4) * 4;
  const tenth = Math.floor(mem / 10 / 4) * 4;
  const fsType = rootFsType(machine);
  const rootReserve = fsType === 'ext4' ? 0.05 : 0;
  const random = seededRandom(machine.persona.seed, 'mounts');
  const root: MountEntry = {
    source: machine.disk.device,
    target: '/',
    type: family === 'busybox' ? 'ext2' : fsType,
    options:
      fsType === 'xfs'
        ? 'rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota'
        : family === 'debian' && machine.distro.name === 'debian12'
          ? 'rw,relatime,errors=remount-ro'
          : 'rw,relatime',
    ...sized(machine.disk.blocks, machine.disk.usedBlocks, rootReserve),
    inDf: true,
  };
  const boot = bootPartition(machine);
  const bootEntry: MountEntry[] = boot
    ? [
        {
          source: boot.source,
          target: '/boot',
          type:
            family === 'rhel' && machine.distro.name !== 'centos7'
              ? 'xfs'
              : family === 'rhel'
                ? 'xfs'
                : 'ext4',
          options:
            family === 'rhel' ? 'rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota' : 'rw,relatime',
          ...sized(boot.blocks, boot.used, family === 'rhel' ? 0 : 0.05),
          inDf: true,
        },
      ]
    : [];
  const runUsed = 600 + random.int(0, 9000);
  const proc = (): MountEntry[] => [
    {
      source: 'sysfs',
      target: '/sys',
      type: 'sysfs',
      options: 'rw,nosuid,nodev,noexec,relatime',
      ...NO_SIZE,
      inDf: false,
    },
    {
      source: 'proc',
      target: '/proc',
      type: 'proc',
      options: 'rw,nosuid,nodev,noexec,relatime',
      ...NO_SIZE,
      inDf: false,
    },
  ];
  switch (family) {
    case 'busybox': {
      return [
        { ...root, options: 'rw,relatime' },
        {
          source: 'devtmpfs',
          target: '/dev',
          type: 'devtmpfs',
          options: `rw,relatime,size=${half}k,nr_inodes=${Math.floor(half / 4)},mode=755`,
          ...sized(half, 0, 0),
          inDf: true,
        },
        ...proc(),
        {
          source: 'devpts',
          target: '/dev/pts',
          type: 'devpts',
          options: 'rw,relatime,gid=5,mode=620,ptmxmode=666',
          ...NO_SIZE,
          inDf: false,
        },
        {
          source: 'tmpfs',
          target: '/dev/shm',
          type: 'tmpfs',
          options: 'rw,relatime,mode=777',
          ...sized(half, 0, 0),
          inDf: true,
        },
        {
          source: 'tmpfs',
          target: '/tmp',
          type: 'tmpfs',
          options: 'rw,relatime',
          ...sized(half, 44, 0),
          inDf: true,
        },
        {
          source: 'tmpfs',
          target: '/run',
          type: 'tmpfs',
          options: 'rw,nosuid,nodev,relatime,mode=755',
          ...sized(half, 24, 0),
          inDf: true,
        },
      ];
    }
    case 'alpine':
      return [
        ...proc().reverse(),
        {
          source: 'devtmpfs',
          target: '/dev',
          type: 'devtmpfs',
          options:
            'rw,nosuid,noexec,relatime,size=10240k,nr_inodes=' + Math.floor(half / 4) + ',mode=755,inode64',
          ...sized(10_240, 0, 0),
          inDf: true,
        },
        DEVPTS,
        {
          source: 'shm',
          target: '/dev/shm',
          type: 'tmpfs',
          options: 'rw,nosuid,nodev,noexec,relatime,inode64',
          ...sized(half, 0, 0),
          inDf: true,
        },
        root,
        {
          source: 'tmpfs',
          target: '/run',
          type: 'tmpfs',
          options: `rw,nosuid,nodev,size=${Math.floor(mem / 5)}k,nr_inodes=819200,mode=755,inode64`,
          ...sized(Math.floor(mem / 5), 156, 0),
          inDf: true,
        },
        MQUEUE,
        ...bootEntry,
        {
          source: 'tmpfs',
          target: '/tmp',
          type: 'tmpfs',
          options: 'rw,nosuid,nodev,inode64',
          ...sized(half, 4, 0),
          inDf: true,
        },
      ];
    case 'rhel': {
      const c7 = machine.distro.name === 'centos7';
      return [
        ...proc().reverse(),
        {
          source: 'devtmpfs',
          target: '/dev',
          type: 'devtmpfs',
          options: c7
            ? `rw,nosuid,size=${half - 11_000}k,nr_inodes=${Math.floor(half / 4)},mode=755`
            : 'rw,nosuid,size=4096k,nr_inodes=' + Math.floor(half / 4) + ',mode=755,inode64',
          ...sized(c7 ? half - 11_000 : 4096, 0, 0),
          inDf: true,
        },
        SECURITYFS,
        {
          source: 'tmpfs',
          target: '/dev/shm',
          type: 'tmpfs',
          options: c7 ? 'rw,nosuid,nodev' : 'rw,nosuid,nodev,inode64',
          ...sized(half, 0, 0),
          inDf: true,
        },
        DEVPTS,
        {
          source: 'tmpfs',
          target: '/run',
          type: 'tmpfs',
          options: c7
            ? 'rw,nosuid,nodev,mode=755'
            : `rw,nosuid,nodev,size=${Math.floor((mem * 2) / 5)}k,nr_inodes=819200,mode=755,inode64`,
          ...sized(c7 ? half : Math.floor((mem * 2) / 5), 8_600 + random.int(0, 900), 0),
          inDf: true,
        },
        ...(c7
          ? [
              {
                source: 'tmpfs',
                target: '/sys/fs/cgroup',
                type: 'tmpfs',
                options: 'ro,nosuid,nodev,noexec,mode=755',
                ...sized(half, 0, 0),
                inDf: true,
              },
            ]
          : [CGROUP2]),
        PSTORE,
        BPF,
        root,
        MQUEUE,
        HUGETLBFS,
        ...bootEntry,
      ];
    }
    default: {
      const ubuntu = machine.distro.name.startsWith('ubuntu');
      const snaps: MountEntry[] = ubuntu
        ? [
            ['/dev/loop0', '/snap/core20/2379', 65_536],
            ['/dev/loop1', '/snap/lxd/29351', 91_392],
            ['/dev/loop2', '/snap/snapd/21759', 39_424],
          ].map(([source, target, blocks]) => ({
            source: source as string,
            target: target as string,
            type: 'squashfs',
            options: 'ro,nodev,relatime,errors=continue,threads=single',
            blocks: blocks as number,
            used: blocks as number,
            available: 0,
            inDf: true,
          }))
        : [];
      return [
        ...proc(),
        ...(ubuntu
          ? []
          : [
              {
                source: 'udev',
                target: '/dev',
                type: 'devtmpfs',
                options: `rw,nosuid,relatime,size=${half - 11_000}k,nr_inodes=${Math.floor(half / 4)},mode=755,inode64`,
                ...sized(half - 11_000, 0, 0),
                inDf: true,
              },
            ]),
        ...(ubuntu
          ? [
              {
                source: 'udev',
                target: '/dev',
                type: 'devtmpfs',
                options: `rw,nosuid,relatime,size=${half - 11_000}k,nr_inodes=${Math.floor(half / 4)},mode=755,inode64`,
                ...sized(half - 11_000, 0, 0),
                inDf: false,
              },
            ]
          : []),
        DEVPTS,
        {
          source: 'tmpfs',
          target: '/run',
          type: 'tmpfs',
          options: `rw,nosuid,nodev,noexec,relatime,size=${tenth}k,mode=755,inode64`,
          ...sized(tenth, runUsed, 0),
          inDf: true,
        },
        root,
        SECURITYFS,
        {
          source: 'tmpfs',
          target: '/dev/shm',
          type: 'tmpfs',
          options: 'rw,nosuid,nodev,inode64',
          ...sized(half, 0, 0),
          inDf: true,
        },
        {
          source: 'tmpfs',
          target: '/run/lock',
          type: 'tmpfs',
          options: 'rw,nosuid,nodev,noexec,relatime,size=5120k,inode64',
          ...sized(5120, 0, 0),
          inDf: true,
        },
        CGROUP2,
        PSTORE,
        BPF,
        HUGETLBFS,
        MQUEUE,
        {
          source: 'debugfs',
          target: '/sys/kernel/debug',
          type: 'debugfs',
          options: 'rw,nosuid,nodev,noexec,relatime',
          ...NO_SIZE,
          inDf: false,
        },
        {
          source: 'tracefs',
          target: '/sys/kernel/tracing',
          type: 'tracefs',
          options: 'rw,nosuid,nodev,noexec,relatime',
          ...NO_SIZE,
          inDf: false,
        },
        {
          source: 'configfs',
          target: '/sys/kernel/config',
          type: 'configfs',
          options: 'rw,nosuid,nodev,noexec,relatime',
          ...NO_SIZE,
          inDf: false,
        },
        {
          source: 'fusectl',
          target: '/sys/fs/fuse/connections',
          type: 'fusectl',
          options: 'rw,nosuid,nodev,noexec,relatime',
          ...NO_SIZE,
          inDf: false,
        },
        ...bootEntry,
        ...snaps,
      ];
    }
  }
}

/** The per-login tmpfs systemd-logind mounts at /run/user/<uid> (10% of RAM), for df's view of a session. */
export function userRuntimeMount(machine: Machine, uid: number): MountEntry | null {
  const family = familyOf(machine.distro);
  if (family === 'alpine' || family === 'busybox' || family === 'bsd') return null;
  const size = Math.floor(machine.memoryKiB / 10 / 4) * 4 - 4;
  return {
    source: 'tmpfs',
    target: `/run/user/${uid}`,
    type: 'tmpfs',
    options: `rw,nosuid,nodev,relatime,size=${size}k,nr_inodes=${Math.floor(size / 4)},mode=700${uid === 0 ? '' : `,uid=${uid},gid=${uid}`},inode64`,
    blocks: size,
    used: uid === 0 ? 0 : 4,
    available: size - (uid === 0 ? 0 : 4),
    inDf: true,
  };
}

/** The swap areas (/proc/swaps, swapon, free). */
export function swapAreas(
  machine: Machine,
): Array<{ source: string; type: 'file' | 'partition'; sizeKiB: number }> {
  const size = swapKiBFor(machine);
  if (size === 0) return [];
  const family = familyOf(machine.distro);
  if (family === 'bsd')
    return [{ source: machine.disk.device.replace(/p\d+$/, 'p3'), type: 'partition', sizeKiB: size }];
  if (machine.distro.name.startsWith('ubuntu')) return [{ source: '/swap.img', type: 'file', sizeKiB: size }];
  if (family === 'rhel') {
    const vg = machine.disk.device.replace('-root', '-swap');
    return [
      {
        source: vg.replace('/dev/mapper/', '/dev/dm-').replace(/dm-.*/, 'dm-1'),
        type: 'partition',
        sizeKiB: size,
      },
    ];
  }
  const disk = machine.disk.device.includes('vda') ? '/dev/vda' : '/dev/sda';
  return [{ source: family === 'alpine' ? `${disk}2` : `${disk}5`, type: 'partition', sizeKiB: size }];
}
