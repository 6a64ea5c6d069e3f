/**
 * The directory skeleton and the programs: merged-/usr links where the distro has them, an ELF image
 * at every emulated command's path, BusyBox and its applet links on Alpine and Buildroot, the
 * alternatives links of Debian, and the handful of programs every install has besides (shells, sshd,
 * editors, the dynamic loader).
 */
import type { CommandSpec } from '../../command.js';
import { hasMergedUsr } from '../../machine.js';
import { busyboxFor } from '../busybox.js';
import { type ElfFlavor, elfImage } from '../elf.js';
import { DAY_MS, type SeedContext } from './context.js';

/** Sizes of well-known binaries on Debian 12 amd64 (bytes), so `ls -l /bin/ls` shows the familiar number. */
const KNOWN_SIZES: Readonly<Record<string, number>> = {
  ls: 151_344,
  cat: 44_016,
  bash: 1_265_648,
  dash: 125_640,
  cp: 151_152,
  mv: 147_032,
  rm: 72_752,
  mkdir: 92_848,
  chmod: 64_448,
  chown: 72_672,
  grep: 203_152,
  sed: 113_224,
  mawk: 150_416,
  gawk: 719_184,
  tar: 535_744,
  gzip: 98_136,
  wget: 511_440,
  curl: 289_064,
  ps: 137_688,
  top: 137_656,
  free: 27_064,
  uname: 35_408,
  id: 48_152,
  sudo: 277_936,
  su: 72_000,
  passwd: 68_248,
  ssh: 1_067_000,
  sshd: 1_250_416,
  python3: 6_831_736,
  perl: 3_926_208,
  find: 224_848,
  ip: 788_888,
  ss: 133_408,
  systemctl: 1_398_040,
  busybox: 2_192_000,
};

/** Sizes where a distro's build differs much (Alpine's dynamic musl BusyBox, Buildroot's ARM one). */
const BUSYBOX_SIZE: Readonly<Record<string, number>> = { alpine: 808_712, busybox: 1_046_748 };

function sizeOf(name: string, seedValue: number): number {
  const known = KNOWN_SIZES[name];
  if (known) return known;
  // A typical coreutils/util-linux program: tens of KiB, a few larger.
  return 18_000 + (((seedValue * 2654435761) >>> 0) % 260_000);
}

function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return h;
}

/** Programs present on every install of the family besides the emulated commands. */
const EXTRA_PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  debian: [
    '/usr/bin/bash',
    '/usr/bin/dash',
    '/usr/bin/rbash',
    '/usr/bin/vim.tiny',
    '/usr/bin/nano',
    '/usr/bin/less',
    '/usr/bin/more',
    '/usr/bin/ssh',
    '/usr/bin/scp',
    '/usr/bin/sftp',
    '/usr/bin/ssh-keygen',
    '/usr/bin/openssl',
    '/usr/bin/dpkg-query',
    '/usr/bin/lsattr',
    '/usr/bin/logger',
    '/usr/bin/getent',
    '/usr/bin/stty',
    '/usr/bin/dircolors',
    '/usr/sbin/sshd',
    '/usr/sbin/cron',
    '/usr/sbin/rsyslogd',
    '/usr/sbin/agetty',
    '/usr/sbin/visudo',
    '/usr/lib/systemd/systemd',
  ],
  rhel: [
    '/usr/bin/bash',
    '/usr/bin/vi',
    '/usr/bin/less',
    '/usr/bin/more',
    '/usr/bin/ssh',
    '/usr/bin/scp',
    '/usr/bin/sftp',
    '/usr/bin/ssh-keygen',
    '/usr/bin/openssl',
    '/usr/bin/logger',
    '/usr/bin/getent',
    '/usr/bin/stty',
    '/usr/sbin/sshd',
    '/usr/sbin/crond',
    '/usr/sbin/rsyslogd',
    '/usr/sbin/agetty',
    '/usr/sbin/visudo',
    '/usr/lib/systemd/systemd',
  ],
  arch: [
    '/usr/bin/bash',
    '/usr/bin/vi',
    '/usr/bin/nano',
    '/usr/bin/less',
    '/usr/bin/ssh',
    '/usr/bin/scp',
    '/usr/bin/sshd',
    '/usr/bin/openssl',
    '/usr/lib/systemd/systemd',
  ],
  alpine: [
    '/usr/sbin/sshd',
    '/usr/bin/ssh',
    '/usr/bin/scp',
    '/usr/bin/ssh-keygen',
    '/sbin/openrc',
    '/sbin/rc-service',
    '/sbin/rc-update',
    '/sbin/rc-status',
    '/usr/bin/getent',
    '/usr/bin/ldd',
  ],
  busybox: ['/usr/sbin/dropbear', '/usr/bin/dropbearkey', '/usr/bin/dbclient', '/usr/sbin/lighttpd'],
};

export function seedBinaries(ctx: SeedContext, commands: readonly CommandSpec[]): void {
  const { tree, machine, family } = ctx;
  const distro = machine.distro;
  const r = ctx.releaseMs;
  const flavor: ElfFlavor =
    family === 'busybox' ? 'armhf-glibc' : family === 'alpine' ? 'x86_64-musl' : 'x86_64-glibc';
  const mtimeOf = (name: string) => r - (nameHash(name) % 400) * DAY_MS - (nameHash(`${name}:t`) % DAY_MS);

  // The skeleton first: links before anything is written through them.
  if (hasMergedUsr(distro)) {
    for (const dir of ['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib64']) tree.dir(dir, { mtimeMs: r });
    tree.symlink('/bin', 'usr/bin', { mtimeMs: ctx.installMs });
    tree.symlink('/sbin', 'usr/sbin', { mtimeMs: ctx.installMs });
    tree.symlink('/lib', 'usr/lib', { mtimeMs: ctx.installMs });
    tree.symlink('/lib64', 'usr/lib64', { mtimeMs: ctx.installMs });
    if (family === 'debian') tree.symlink('/lib32', 'usr/lib32', { mtimeMs: ctx.installMs });
  } else {
    for (const dir of ['/bin', '/sbin', '/lib', '/usr/bin', '/usr/sbin', '/usr/lib'])
      tree.dir(dir, { mtimeMs: r });
  }
  for (const dir of [
    '/usr/local/bin',
    '/usr/local/sbin',
    '/usr/local/lib',
    '/usr/local/share',
    '/usr/local/etc',
    '/usr/local/src',
    '/usr/local/include',
    '/usr/share/doc',
    '/usr/share/man',
    '/usr/include',
    '/usr/src',
    '/usr/libexec',
  ]) {
    tree.dir(dir, { mtimeMs: ctx.installMs });
  }
  if (family === 'debian') tree.dir('/usr/local/games');
  if (family === 'debian') tree.dir('/usr/games');

  const place = (path: string, name: string, size?: number) => {
    if (tree.get(path)) return;
    const bytes = size ?? sizeOf(name, nameHash(name));
    tree.file(
      path,
      { kind: 'lazy', size: bytes, make: () => elfImage(name, bytes, flavor) },
      { mode: 0o755, mtimeMs: mtimeOf(name) },
    );
  };

  // Dynamic loader and C library, where file(1) and ldd(1) expect them.
  if (family === 'debian' || family === 'arch' || family === 'rhel') {
    const libdir = family === 'debian' ? '/usr/lib/x86_64-linux-gnu' : '/usr/lib64';
    place(`${libdir}/libc.so.6`, 'libc.so.6', 1_922_136);
    place(`${libdir}/ld-linux-x86-64.so.2`, 'ld-linux-x86-64.so.2', 210_968);
    if (family === 'debian')
      tree.symlink('/usr/lib64/ld-linux-x86-64.so.2', '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
  } else if (family === 'alpine') {
    place('/lib/ld-musl-x86_64.so.1', 'ld-musl-x86_64.so.1', 678_216);
    tree.symlink('/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1');
  } else if (family === 'busybox') {
    place('/lib/ld-linux-armhf.so.3', 'ld-linux-armhf.so.3', 138_720);
    place('/lib/libc.so.6', 'libc.so.6', 1_071_288);
  }

  // BusyBox: the one binary and, where the userland is BusyBox, a link per applet.
  const bb = busyboxFor(distro);
  if (bb) {
    place('/bin/busybox', 'busybox', BUSYBOX_SIZE[family] ?? KNOWN_SIZES.busybox);
    if (bb.linked) {
      for (const [applet, dir] of bb.applets) {
        const path = `${dir}/${applet}`;
        if (tree.has(path)) continue;
        const target =
          family === 'alpine'
            ? '/bin/busybox'
            : dir === '/bin'
              ? 'busybox'
              : dir === '/usr/bin' || dir === '/usr/sbin'
                ? '../../bin/busybox'
                : '../bin/busybox';
        tree.symlink(path, target, { mtimeMs: ctx.installMs });
      }
    }
  }

  for (const [path, target] of alternatives(ctx)) {
    const targetPath = target.startsWith('/') ? target : `${path.slice(0, path.lastIndexOf('/'))}/${target}`;
    if (!target.startsWith('/etc/alternatives')) place(targetPath, target.slice(target.lastIndexOf('/') + 1));
    tree.symlink(path, target, { mtimeMs: ctx.installMs });
  }

  for (const path of EXTRA_PROGRAMS[family] ?? []) place(path, path.slice(path.lastIndexOf('/') + 1));

  for (const spec of commands) {
    if (spec.availableOn && !spec.availableOn(distro)) continue;
    // A BusyBox applet on a BusyBox userland is a link made above; anything else is a real program.
    if (bb?.linked && bb.applets.has(spec.name)) continue;
    if (tree.has(spec.path)) continue;
    place(spec.path, spec.name);
  }

  // The set-id programs (what `find / -perm -4000` turns up first on a box being looted).
  for (const [path, mode, group] of SPECIAL_MODES[family] ?? []) {
    place(path, path.slice(path.lastIndexOf('/') + 1));
    const node = tree.get(path);
    if (node?.type !== 'file') continue;
    node.mode = mode;
    if (group !== undefined) node.gid = ctx.gidOf(group);
  }
}

/** Set-user-ID and set-group-ID programs of each family's stock install: [path, mode, owning group]. */
const SPECIAL_MODES: Readonly<Record<string, ReadonlyArray<readonly [string, number, string?]>>> = {
  debian: [
    ['/usr/bin/passwd', 0o4755],
    ['/usr/bin/su', 0o4755],
    ['/usr/bin/sudo', 0o4755],
    ['/usr/bin/mount', 0o4755],
    ['/usr/bin/umount', 0o4755],
    ['/usr/bin/chsh', 0o4755],
    ['/usr/bin/chfn', 0o4755],
    ['/usr/bin/newgrp', 0o4755],
    ['/usr/bin/gpasswd', 0o4755],
    ['/usr/lib/openssh/ssh-keysign', 0o4755],
    ['/usr/bin/chage', 0o2755, 'shadow'],
    ['/usr/bin/expiry', 0o2755, 'shadow'],
    ['/usr/sbin/unix_chkpwd', 0o2755, 'shadow'],
    ['/usr/bin/crontab', 0o2755, 'crontab'],
  ],
  rhel: [
    ['/usr/bin/passwd', 0o4755],
    ['/usr/bin/su', 0o4755],
    ['/usr/bin/sudo', 0o4111],
    ['/usr/bin/mount', 0o4755],
    ['/usr/bin/umount', 0o4755],
    ['/usr/bin/chage', 0o4755],
    ['/usr/bin/gpasswd', 0o4755],
    ['/usr/bin/newgrp', 0o4755],
    ['/usr/bin/crontab', 0o4755],
    ['/usr/sbin/unix_chkpwd', 0o4755],
    ['/usr/sbin/pam_timestamp_check', 0o4755],
    ['/usr/libexec/openssh/ssh-keysign', 0o2111, 'ssh_keys'],
  ],
  arch: [
    ['/usr/bin/passwd', 0o4755],
    ['/usr/bin/su', 0o4755],
    ['/usr/bin/sudo', 0o4755],
    ['/usr/bin/mount', 0o4755],
    ['/usr/bin/umount', 0o4755],
    ['/usr/bin/chage', 0o4755],
    ['/usr/bin/gpasswd', 0o4755],
    ['/usr/bin/newgrp', 0o4755],
    ['/usr/bin/unix_chkpwd', 0o4755],
  ],
  alpine: [['/bin/bbsuid', 0o4111]],
};

/** Links the distro keeps between names (`/bin/sh` → dash, Debian's /etc/alternatives …). */
function alternatives(ctx: SeedContext): Array<[string, string]> {
  const d = ctx.machine.distro.name;
  switch (ctx.family) {
    case 'debian': {
      const python =
        d === 'debian12'
          ? 'python3.11'
          : d === 'ubuntu22'
            ? 'python3.10'
            : d === 'kali'
              ? 'python3.12'
              : 'python3.8';
      return [
        ['/usr/bin/sh', 'dash'],
        ['/etc/alternatives/awk', '/usr/bin/mawk'],
        ['/usr/bin/awk', '/etc/alternatives/awk'],
        ['/usr/bin/nawk', '/etc/alternatives/nawk'],
        ['/etc/alternatives/nawk', '/usr/bin/mawk'],
        ['/etc/alternatives/vi', '/usr/bin/vim.tiny'],
        ['/usr/bin/vi', '/etc/alternatives/vi'],
        ['/etc/alternatives/editor', '/usr/bin/nano'],
        ['/usr/bin/editor', '/etc/alternatives/editor'],
        ['/usr/bin/python3', python],
        ...(d.startsWith('ubuntu') || d === 'kali'
          ? ([
              ['/etc/alternatives/nc', '/usr/bin/nc.openbsd'],
              ['/usr/bin/nc', '/etc/alternatives/nc'],
              ['/usr/bin/netcat', '/etc/alternatives/netcat'],
              ['/etc/alternatives/netcat', '/usr/bin/nc.openbsd'],
            ] as Array<[string, string]>)
          : []),
      ];
    }
    case 'rhel':
      return [
        ['/usr/bin/sh', 'bash'],
        ['/usr/bin/awk', 'gawk'],
        ...(d === 'centos7'
          ? ([['/usr/bin/python', 'python2']] as Array<[string, string]>)
          : ([['/usr/bin/python3', 'python3.9']] as Array<[string, string]>)),
        ...(d !== 'centos7'
          ? ([
              ['/usr/bin/dnf', 'dnf-3'],
              ['/usr/bin/yum', 'dnf-3'],
            ] as Array<[string, string]>)
          : []),
      ];
    case 'arch':
      return [
        ['/usr/bin/sh', 'bash'],
        ['/usr/bin/awk', 'gawk'],
      ];
    default:
      return [];
  }
}
