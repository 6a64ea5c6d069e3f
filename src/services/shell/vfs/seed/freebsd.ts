/**
 * The base tree of a FreeBSD decky, laid out as hier(7) describes a 14.x install made with bsdinstall:
 * real /bin, /sbin and /lib (no merged /usr), /home a link to usr/home, /boot with the kernel and
 * loader.conf, rc.conf instead of systemd units, /var/log/messages instead of syslog or a journal, devfs
 * under /dev and an empty /proc (procfs is not mounted by default). Nothing Linux-only is written.
 */
import type { CommandSpec } from '../../command.js';
import { freebsdMemory } from '../../machine.js';
import { elfImage } from '../elf.js';
import { processTable } from '../processes.js';
import { freebsdGroupText, freebsdPasswdText, masterPasswdText } from './accounts.js';
import { DAY_MS, hex, lines, type SeedContext } from './context.js';

/**
 * Where FreeBSD keeps the programs that have an emulator here (hier(7): /bin and /sbin hold what
 * single-user mode needs, the rest lives under /usr). Names not listed go to /usr/bin.
 */
const PROGRAM_DIRS: Readonly<Record<string, readonly string[]>> = {
  '/bin': (
    'cat chflags chmod cp csh date dd df echo ed expr freebsd-version hostname kenv kill ln ls mkdir mv ' +
    'pgrep pkill ps pwd realpath rm rmdir sh sleep stty sync tcsh test uuidgen ['
  ).split(' '),
  '/sbin': (
    'devd dhclient dmesg fsck ifconfig init kldload kldstat kldunload ldconfig md5 mount mount_nullfs ' +
    'newfs nologin pfctl ping ping6 reboot route sha256 shutdown swapon sysctl umount'
  ).split(' '),
  '/usr/sbin': (
    'adduser chown chroot cron daemon freebsd-update inetd iostat pkg pw pwd_mkdb rmuser service ' +
    'sshd swapinfo syslogd sysrc tcpdump traceroute vipw'
  ).split(' '),
};

function programDir(name: string): string {
  for (const [dir, names] of Object.entries(PROGRAM_DIRS)) if (names.includes(name)) return dir;
  return '/usr/bin';
}

/** Programs of the base system every install has besides the emulated ones (what `ls /bin` shows). */
const EXTRA_PROGRAMS: readonly string[] = [
  'sh',
  'csh',
  'tcsh',
  'chflags',
  'ed',
  'kenv',
  'realpath',
  'uuidgen',
  'init',
  'devd',
  'dhclient',
  'fsck',
  'kldload',
  'kldstat',
  'kldunload',
  'ldconfig',
  'md5',
  'newfs',
  'nologin',
  'reboot',
  'shutdown',
  'swapon',
  'umount',
  'adduser',
  'chroot',
  'cron',
  'freebsd-update',
  'pw',
  'pwd_mkdb',
  'sshd',
  'swapinfo',
  'syslogd',
  'sysrc',
  'tcpdump',
  'vipw',
  'ssh',
  'scp',
  'sftp',
  'ssh-keygen',
  'vi',
  'ee',
  'less',
  'more',
  'login',
  'passwd',
  'chpass',
  'crontab',
  'at',
  'fetch',
  'top',
  'sockstat',
  'procstat',
  'vmstat',
  'limits',
  'logger',
  'getent',
];

/** Set-user-ID programs of the base system (what `find / -perm -4000` turns up), as mtree sets them. */
const SETUID_PROGRAMS: readonly string[] = [
  '/usr/bin/su',
  '/usr/bin/passwd',
  '/usr/bin/chpass',
  '/usr/bin/login',
  '/usr/bin/crontab',
  '/usr/bin/at',
  '/sbin/ping',
  '/sbin/ping6',
  '/sbin/shutdown',
];

/** Binary sizes of FreeBSD 14.1's base programs (amd64), so `ls -l /bin` does not show GNU sizes. */
const KNOWN_SIZES: Readonly<Record<string, number>> = {
  sh: 168_040,
  csh: 404_208,
  tcsh: 404_208,
  ls: 49_384,
  cat: 19_704,
  cp: 27_096,
  ps: 54_400,
  sshd: 366_664,
  ifconfig: 151_968,
  sysctl: 27_680,
  'ld-elf.so.1': 203_360,
  'libc.so.7': 1_960_800,
};

function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return h;
}

export function seedFreebsd(ctx: SeedContext, commands: readonly CommandSpec[]): void {
  seedHierarchy(ctx);
  seedPrograms(ctx, commands);
  seedEtc(ctx);
  seedBoot(ctx);
  seedLogs(ctx);
  seedDevices(ctx);
}

function seedHierarchy(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const t = ctx.installMs;
  const r = ctx.releaseMs;
  const boot = machine.bootMs;
  for (const dir of ['/bin', '/sbin', '/lib', '/libexec', '/rescue', '/usr/bin', '/usr/sbin', '/usr/lib'])
    tree.dir(dir, { mtimeMs: r });
  for (const dir of [
    '/usr/lib32',
    '/usr/libexec',
    '/usr/include',
    '/usr/libdata',
    '/usr/share/man',
    '/usr/share/misc',
    '/usr/share/doc',
    '/usr/share/zoneinfo',
    '/usr/src',
    '/usr/obj',
    '/usr/tests',
    '/usr/local/bin',
    '/usr/local/sbin',
    '/usr/local/etc',
    '/usr/local/etc/rc.d',
    '/usr/local/lib',
    '/usr/local/libexec',
    '/usr/local/share',
    '/usr/local/include',
    '/usr/local/man',
    '/compat',
    '/media',
    '/mnt',
    '/net',
    '/var/account',
    '/var/at/jobs',
    '/var/audit',
    '/var/authpf',
    '/var/backups',
    '/var/cache/pkg',
    '/var/crash',
    '/var/db/pkg',
    '/var/db/freebsd-update',
    '/var/db/ntp',
    '/var/empty',
    '/var/games',
    '/var/heimdal',
    '/var/lib',
    '/var/msgs',
    '/var/preserve',
    '/var/rwho',
    '/var/spool/clientmqueue',
    '/var/spool/mqueue',
    '/var/spool/lpd',
    '/var/unbound',
    '/var/yp',
  ])
    tree.dir(dir, { mtimeMs: t });
  tree.dir('/usr/home', { mtimeMs: t });
  // hier(7) since 13.0: /home is a link the installer makes into /usr.
  tree.symlink('/home', 'usr/home', { mtimeMs: t });
  // The kernel sources' conventional path; dangling without the src component, as on most installs.
  tree.symlink('/sys', 'usr/src/sys', { mtimeMs: t });
  tree.dir('/tmp', { mode: 0o1777, mtimeMs: boot + 60_000 });
  tree.dir('/var/tmp', { mode: 0o1777, mtimeMs: boot + 60_000 });
  tree.dir('/var/run', { mtimeMs: boot + 8000 });
  tree.dir('/var/mail', { mode: 0o775, gid: ctx.gidOf('mail'), mtimeMs: t });
  tree.dir('/var/cron/tabs', { mode: 0o700, mtimeMs: t });
  // procfs(5) is not mounted by default: an empty, read-only mount point.
  tree.dir('/proc', { mode: 0o555, mtimeMs: r });
  tree.dir('/root', { mode: 0o750, mtimeMs: boot - DAY_MS });
  tree.file('/COPYRIGHT', FREEBSD_COPYRIGHT, { mtimeMs: r });
  tree.file(
    '/entropy',
    { kind: 'lazy', size: 4096, make: () => ctx.random('entropy').bytes(4096) },
    {
      mode: 0o600,
      mtimeMs: boot + 30_000,
    },
  );
  // The root directory carries its own copies of root's dotfiles (hard links in the release tarball).
  tree.file('/.cshrc', ROOT_CSHRC, { mtimeMs: r });
  tree.file('/.profile', ROOT_PROFILE, { mtimeMs: r });
}

function seedPrograms(ctx: SeedContext, commands: readonly CommandSpec[]): void {
  const { tree, machine } = ctx;
  const r = ctx.releaseMs;
  const mtimeOf = (name: string) => r - (nameHash(name) % 200) * DAY_MS - (nameHash(`${name}:t`) % DAY_MS);
  const place = (path: string, name: string, size?: number) => {
    if (tree.has(path)) return;
    const bytes = size ?? KNOWN_SIZES[name] ?? 9_000 + (nameHash(name) % 60_000);
    tree.file(
      path,
      { kind: 'lazy', size: bytes, make: () => elfImage(name, bytes, 'x86_64-freebsd') },
      { mode: 0o555, mtimeMs: mtimeOf(name) },
    );
  };
  place('/libexec/ld-elf.so.1', 'ld-elf.so.1');
  place('/lib/libc.so.7', 'libc.so.7');
  for (const name of EXTRA_PROGRAMS) place(`${programDir(name)}/${name}`, name);
  // pkg(8) in /usr/sbin only bootstraps; the real one lands in /usr/local/sbin on first use.
  place('/usr/local/sbin/pkg', 'pkg', 1_102_464);
  // What pkg info lists (commands/packages.ts freebsdPackages): tmux everywhere, nginx on web servers.
  place('/usr/local/bin/tmux', 'tmux', 1_010_744);
  if (machine.persona.archetype === 'web-server' && machine.distro.httpServer.startsWith('nginx')) {
    place('/usr/local/sbin/nginx', 'nginx', 1_275_008);
    tree.file('/usr/local/etc/nginx/nginx.conf', 'user  www;\nworker_processes  1;\n', {
      mtimeMs: ctx.installMs + DAY_MS,
    });
    tree.dir('/usr/local/www/nginx', { mtimeMs: ctx.installMs + DAY_MS });
  }
  tree.file(
    '/var/db/pkg/local.sqlite',
    { kind: 'lazy', size: 2_342_912, make: () => Buffer.from('SQLite format 3\0') },
    { mtimeMs: ctx.installMs + DAY_MS },
  );
  for (const spec of commands) {
    if (spec.availableOn && !spec.availableOn(machine.distro)) continue;
    place(`${programDir(spec.name)}/${spec.name}`, spec.name);
  }
  for (const path of SETUID_PROGRAMS) {
    place(path, path.slice(path.lastIndexOf('/') + 1));
    const node = tree.get(path);
    if (node?.type === 'file') node.mode = 0o4555;
  }
  tree.symlink('/usr/bin/egrep', 'grep', { mtimeMs: r });
  tree.symlink('/usr/bin/fgrep', 'grep', { mtimeMs: r });
}

/** The hostname without its domain (what rc.conf's hostname and the prompts carry). */
function shortHost(ctx: SeedContext): string {
  return ctx.machine.hostname.split('.')[0] ?? ctx.machine.hostname;
}

function seedEtc(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const t = ctx.installMs;
  const r = ctx.releaseMs;
  const n = machine.network;
  tree.dir('/etc', { mtimeMs: t + 3 * DAY_MS });
  tree.file('/etc/passwd', freebsdPasswdText(ctx.accounts), { mtimeMs: t + DAY_MS });
  tree.file('/etc/group', freebsdGroupText(ctx.accounts), { mtimeMs: t + DAY_MS });
  tree.file('/etc/master.passwd', masterPasswdText(machine, ctx.accounts, ctx.random('shadow')), {
    mode: 0o600,
    mtimeMs: t + DAY_MS,
  });
  const db = (size: number) => ({ kind: 'lazy' as const, size, make: () => Buffer.alloc(size) });
  tree.file('/etc/pwd.db', db(40_960), { mtimeMs: t + DAY_MS });
  tree.file('/etc/spwd.db', db(40_960), { mode: 0o600, mtimeMs: t + DAY_MS });
  // rc.d/os-release writes it at every boot; /etc/os-release is a link to it (13.0 and later).
  tree.file('/var/run/os-release', machine.distro.filesystem.osRelease, { mtimeMs: machine.bootMs + 9000 });
  tree.symlink('/etc/os-release', '../var/run/os-release', { mtimeMs: r });
  tree.file('/etc/rc.conf', rcConf(ctx), { mtimeMs: t + DAY_MS });
  tree.file('/etc/hosts', hostsFile(ctx), { mtimeMs: r });
  tree.file(
    '/etc/resolv.conf',
    lines('# Generated by resolvconf', 'search localdomain', `nameserver ${n.gateway}`),
    { mtimeMs: machine.bootMs + 7000 },
  );
  tree.file('/etc/fstab', fstab(ctx), { mtimeMs: t });
  tree.file('/etc/motd.template', FREEBSD_MOTD_TEMPLATE, { mtimeMs: r });
  tree.file('/var/run/motd', `${machine.distro.kernelVersion}\n\n${FREEBSD_MOTD_TEMPLATE}`, {
    mtimeMs: machine.bootMs + 9000,
  });
  tree.symlink('/etc/motd', '../var/run/motd', { mtimeMs: r });
  tree.file('/etc/csh.cshrc', '# System-wide .cshrc file for csh(1).\n', { mtimeMs: r });
  tree.file('/etc/csh.login', '# System-wide .login file for csh(1).\n', { mtimeMs: r });
  tree.file('/etc/profile', ETC_PROFILE, { mtimeMs: r });
  tree.file('/etc/login.conf', LOGIN_CONF, { mtimeMs: r });
  tree.file('/etc/login.conf.db', db(16_384), { mtimeMs: r });
  tree.file('/etc/shells', SHELLS, { mtimeMs: r });
  tree.file('/etc/crontab', CRONTAB, { mtimeMs: r });
  tree.file('/etc/syslog.conf', SYSLOG_CONF, { mtimeMs: r });
  tree.file('/etc/newsyslog.conf', '# configuration file for newsyslog\n', { mtimeMs: r });
  tree.file(
    '/etc/sysctl.conf',
    "# This file is read when going to multi-user and its contents piped thru\n# ``sysctl'' to adjust kernel values.  ``man 5 sysctl.conf'' for details.\n#\n\n# Uncomment this to prevent users from seeing information about processes that\n# are being run under another UID.\n#security.bsd.see_other_uids=0\n",
    { mtimeMs: r },
  );
  tree.file(
    '/etc/ttys',
    '# name\tgetty\t\t\t\ttype\tstatus\t\tcomments\n#\nconsole\tnone\t\t\t\tunknown\toff\tsecure\n',
    {
      mtimeMs: r,
    },
  );
  tree.file('/etc/freebsd-update.conf', FREEBSD_UPDATE_CONF, { mtimeMs: r });
  tree.dir('/etc/rc.d', { mtimeMs: r });
  for (const script of [
    'sshd',
    'syslogd',
    'cron',
    'devd',
    'dhclient',
    'netif',
    'ntpd',
    'sendmail',
    'hostname',
  ])
    tree.file(`/etc/rc.d/${script}`, `#!/bin/sh\n#\n# PROVIDE: ${script}\n\n. /etc/rc.subr\n`, {
      mode: 0o555,
      mtimeMs: r,
    });
  tree.file('/etc/rc.subr', '#!/bin/sh\n# rc.subr: functions used by various rc scripts\n', { mtimeMs: r });
  tree.dir('/etc/defaults', { mtimeMs: r });
  tree.file(
    '/etc/defaults/rc.conf',
    '# This is rc.conf - a file full of useful variables that you can set\n# to change the default startup behavior of your system.\n',
    { mtimeMs: r },
  );
  tree.dir('/etc/pkg', { mtimeMs: r });
  tree.file('/etc/pkg/FreeBSD.conf', PKG_REPO_CONF, { mtimeMs: r });
  tree.dir('/etc/ssh', { mtimeMs: t });
  tree.file('/etc/ssh/sshd_config', SSHD_CONFIG, { mtimeMs: r });
  tree.file('/etc/ssh/ssh_config', '#\tHost *\n#\tForwardAgent no\n', { mtimeMs: r });
  const random = ctx.random('ssh-host-keys');
  for (const kind of ['rsa', 'ecdsa', 'ed25519'] as const) {
    const key = `ssh-${kind === 'ecdsa' ? 'ecdsa-sha2-nistp256' : kind} AAAA${random.bytes(kind === 'rsa' ? 270 : 48).toString('base64')} root@${shortHost(ctx)}\n`;
    tree.file(`/etc/ssh/ssh_host_${kind}_key.pub`, key, { mtimeMs: t + 600_000 });
    tree.file(
      `/etc/ssh/ssh_host_${kind}_key`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${hex(random, 64)}\n-----END OPENSSH PRIVATE KEY-----\n`,
      { mode: 0o600, mtimeMs: t + 600_000 },
    );
  }
  tree.file(
    '/etc/hostid',
    `${hex(ctx.random('hostid'), 8)}-${hex(ctx.random('hostid2'), 4)}-11ef-${hex(ctx.random('hostid3'), 4)}-${hex(ctx.random('hostid4'), 12)}\n`,
    { mtimeMs: machine.bootMs + 3000 },
  );
  tree.dir('/usr/local/etc/pkg/repos', { mtimeMs: t });
  tree.file(
    '/etc/ntp.conf',
    lines(
      'tos minclock 3 maxclock 6',
      'pool 0.freebsd.pool.ntp.org iburst',
      'restrict default limited kod nomodify notrap noquery nopeer',
      'restrict source  limited kod nomodify notrap noquery',
      'restrict 127.0.0.1',
      'restrict ::1',
      'leapfile "/var/db/ntpd.leap-seconds.list"',
    ),
    { mtimeMs: r },
  );
  tree.file(
    '/etc/nsswitch.conf',
    lines(
      'group: compat',
      'group_compat: nis',
      'hosts: files dns',
      'netgroup: compat',
      'networks: files',
      'passwd: compat',
      'passwd_compat: nis',
      'shells: files',
      'services: compat',
      'services_compat: nis',
      'protocols: files',
      'rpc: files',
    ),
    { mtimeMs: r },
  );
  tree.file(
    '/etc/dhclient.conf',
    "#\n#\tThis file is required by the ISC DHCP client.\n#\tSee ``man 5 dhclient.conf'' for details.\n#\n",
    { mtimeMs: r },
  );
  tree.file('/etc/devfs.conf', '# Commonly used by many ports\n#link\tcd0\tcdrom\n', { mtimeMs: r });
  tree.file(
    '/etc/services',
    lines(
      'ftp\t\t 21/tcp\t   #File Transfer [Control]',
      'ssh\t\t 22/tcp\t   #Secure Shell Login',
      'smtp\t\t 25/tcp\t   mail\t\t#Simple Mail Transfer',
      'domain\t\t 53/udp\t   #Domain Name Server',
      'http\t\t 80/tcp\t   www www-http\t#World Wide Web HTTP',
      'ntp\t\t123/udp\t   #Network Time Protocol',
      'https\t\t443/tcp',
    ),
    { mtimeMs: r },
  );
  tree.file('/etc/inetd.conf', '#ftp\tstream\ttcp\tnowait\troot\t/usr/libexec/ftpd\tftpd -l\n', {
    mtimeMs: r,
  });
  tree.file('/etc/localtime', { kind: 'lazy', size: 118, make: () => Buffer.from('TZif2') }, { mtimeMs: t });
  tree.file('/etc/wall_cmos_clock', '', { mtimeMs: t });
  for (const service of ['sshd', 'su', 'system', 'login', 'other', 'passwd'])
    tree.file(`/etc/pam.d/${service}`, `#\n# PAM configuration for the "${service}" service\n#\n`, {
      mtimeMs: r,
    });
  for (const period of ['daily', 'weekly', 'monthly', 'security'])
    tree.dir(`/etc/periodic/${period}`, { mtimeMs: r });
  tree.file('/etc/periodic.conf.local', '', { mtimeMs: t });
  tree.file(
    '/etc/mail/aliases',
    lines(
      '# Basic system aliases -- these MUST be present',
      'MAILER-DAEMON: postmaster',
      'postmaster: root',
      '',
      '# General redirections for pseudo accounts',
      '_dhcp:\troot',
      '_pflogd: root',
      'bin:\troot',
      'daemon:\troot',
    ),
    { mtimeMs: r },
  );
  tree.symlink('/etc/aliases', 'mail/aliases', { mtimeMs: r });
  tree.dir('/etc/ssl/certs', { mtimeMs: r });
  tree.file('/etc/ssl/openssl.cnf', '# OpenSSL example configuration file.\n', { mtimeMs: r });
  tree.dir('/etc/mtree', { mtimeMs: r });
  tree.dir('/etc/zfs', { mtimeMs: r });
  tree.dir('/etc/cron.d', { mtimeMs: r });
  tree.dir('/etc/syslog.d', { mtimeMs: r });
  tree.dir('/etc/profile.d', { mtimeMs: r });
}

function rcConf(ctx: SeedContext): string {
  const archetypeServices: string[] = [];
  if (ctx.machine.persona.archetype === 'web-server') archetypeServices.push('nginx_enable="YES"');
  return lines(
    `hostname="${ctx.machine.hostname}"`,
    `ifconfig_${ctx.machine.network.iface}="DHCP"`,
    'sshd_enable="YES"',
    'ntpd_enable="YES"',
    'ntpd_sync_on_start="YES"',
    'moused_nondefault_enable="NO"',
    '# Set dumpdev to "AUTO" to enable crash dumps, "NO" to disable',
    'dumpdev="AUTO"',
    'zfs_enable="NO"',
    ...archetypeServices,
  );
}

function hostsFile(ctx: SeedContext): string {
  const host = ctx.machine.hostname;
  return lines(
    '#',
    '# Host Database',
    '#',
    '# This file should contain the addresses and aliases for local hosts that',
    "# share this file.  Replace 'my.domain' below with the domainname of your",
    '# machine.',
    '#',
    '# In the presence of the domain name service or NIS, this file may',
    '# not be consulted at all; see /etc/nsswitch.conf for the resolution order.',
    '#',
    '#',
    '::1\t\t\tlocalhost localhost.my.domain',
    '127.0.0.1\t\tlocalhost localhost.my.domain',
    `${ctx.machine.network.ip}\t\t${host} ${shortHost(ctx)}`,
  );
}

function fstab(ctx: SeedContext): string {
  const root = ctx.machine.disk.device;
  const disk = root.replace(/p\d+$/, '');
  return lines(
    '# Device\t\tMountpoint\tFStype\tOptions\t\tDump\tPass#',
    `${root}\t\t/\t\tufs\trw\t\t1\t1`,
    `${disk}p3\t\tnone\t\tswap\tsw\t\t0\t0`,
  );
}

function seedBoot(ctx: SeedContext): void {
  const { tree } = ctx;
  const r = ctx.releaseMs;
  const blob = (size: number) => ({
    kind: 'lazy' as const,
    size,
    make: () => Buffer.alloc(Math.min(size, 4096)),
  });
  tree.dir('/boot/kernel', { mtimeMs: r });
  tree.dir('/boot/modules', { mtimeMs: r });
  tree.dir('/boot/defaults', { mtimeMs: r });
  tree.dir('/boot/efi', { mtimeMs: r });
  tree.file(
    '/boot/kernel/kernel',
    { kind: 'lazy', size: 29_837_248, make: () => elfImage('kernel', 29_837_248, 'x86_64-freebsd') },
    { mode: 0o555, mtimeMs: r },
  );
  for (const [module, size] of [
    ['linker.hints', 195_272],
    ['zfs.ko', 6_498_728],
    ['if_vtnet.ko', 98_544],
    ['virtio.ko', 56_920],
    ['pf.ko', 1_074_552],
    ['linux64.ko', 482_224],
  ] as const)
    tree.file(`/boot/kernel/${module}`, blob(size), { mode: 0o555, mtimeMs: r });
  tree.file('/boot/loader', blob(561_152), { mode: 0o555, mtimeMs: r });
  tree.file('/boot/loader.efi', blob(649_728), { mode: 0o555, mtimeMs: r });
  tree.file(
    '/boot/loader.conf',
    lines('kern.geom.label.disk_ident.enable="0"', 'kern.geom.label.gptid.enable="0"', 'autoboot_delay="3"'),
    { mtimeMs: ctx.installMs },
  );
  tree.file(
    '/boot/defaults/loader.conf',
    '# This is defaults/loader.conf - a file full of useful variables that you can\n# set to change the default startup behavior of your system.\n',
    { mtimeMs: r },
  );
  tree.file(
    '/boot/device.hints',
    'hint.fdc.0.at="isa"\nhint.fdc.0.port="0x3F0"\nhint.atkbdc.0.at="isa"\nhint.atkbdc.0.port="0x060"\n',
    { mtimeMs: r },
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** syslogd's timestamp (RFC 3164): `Nov 27 10:12:01`. */
function syslogStamp(ms: number): string {
  const d = new Date(ms);
  const two = (v: number) => String(v).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function seedLogs(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const boot = machine.bootMs;
  const host = shortHost(ctx);
  const random = ctx.random('logs');
  const admin = ctx.accounts.admin;
  tree.dir('/var/log', { mtimeMs: boot + 5000 });
  const line = (ms: number, tag: string, msg: string) => `${syslogStamp(ms)} ${host} ${tag}: ${msg}`;
  const bootLog = freebsdBootLog(ctx);
  const messages = [
    line(boot + 1000, 'syslogd', 'kernel boot file is /boot/kernel/kernel'),
    line(boot + 1100, 'kernel', `---<<BOOT>>---`),
    line(boot + 1100, 'kernel', 'Copyright (c) 1992-2023 The FreeBSD Project.'),
    line(boot + 1100, 'kernel', `FreeBSD ${machine.distro.kernel} GENERIC amd64`),
    line(boot + 1100, 'kernel', `CPU: ${machine.cpu.model} (${machine.cpu.mhz.toFixed(2)}-MHz K8-class CPU)`),
    line(boot + 1100, 'kernel', bootLog.find((l) => l.startsWith('real memory')) ?? ''),
    line(boot + 5200, 'kernel', `${machine.network.iface}: link state changed to UP`),
    line(boot + 6400, 'dhclient', `New IP Address (${machine.network.iface}): ${machine.network.ip}`),
    line(boot + 6450, 'dhclient', `New Subnet Mask (${machine.network.iface}): 255.255.255.0`),
    line(boot + 6500, 'dhclient', `New Routers (${machine.network.iface}): ${machine.network.gateway}`),
    line(boot + 9800, 'ntpd', `ntpd 4.2.8p17-a (1): Starting`),
  ];
  const auth: Array<[number, string]> = [];
  const cron: string[] = [];
  for (let day = 12; day >= 1; day--) {
    const at = boot - day * DAY_MS + random.int(8, 18) * 3_600_000 + random.int(0, 3_599_999);
    const pid = random.int(1_000, 60_000);
    const from = `${machine.network.ip.split('.').slice(0, 3).join('.')}.${random.int(10, 60)}`;
    if (random.next() < 0.5) {
      const key = random.bytes(32).toString('base64').replace(/=+$/, '');
      const port = random.int(40_000, 65_000);
      auth.push([
        at,
        line(
          at,
          `sshd[${pid}]`,
          `Accepted publickey for ${admin.name} from ${from} port ${port} ssh2: ED25519 SHA256:${key}`,
        ),
      ]);
      auth.push([at + 30_000, line(at + 30_000, 'su', `${admin.name} to root on /dev/pts/0`)]);
    }
    // Scanners guessing account names, as on any host with sshd facing a network.
    const probe = at - random.int(1, 7) * 3_600_000;
    const guess = random.pick(['admin', 'oracle', 'test', 'ubuntu', 'git'] as const);
    const source = `${random.int(45, 220)}.${random.int(1, 254)}.${random.int(1, 254)}.${random.int(1, 254)}`;
    auth.push([
      probe,
      line(
        probe,
        `sshd[${pid + 7}]`,
        `Invalid user ${guess} from ${source} port ${random.int(30_000, 65_000)}`,
      ),
    ]);
  }
  auth.sort((x, y) => x[0] - y[0]);
  for (let m = 0; m < 12; m++) {
    const at = boot + m * 300_000 + 60_000;
    cron.push(line(at, `/usr/sbin/cron[${2000 + m * 7}]`, '(root) CMD (/usr/libexec/atrun)'));
  }
  tree.file('/var/log/messages', `${messages.join('\n')}\n`, { mode: 0o644, mtimeMs: boot + 10_000 });
  tree.file('/var/log/auth.log', `${auth.map(([, text]) => text).join('\n')}\n`, {
    mode: 0o600,
    mtimeMs: boot - DAY_MS,
  });
  tree.file('/var/log/security', '', { mode: 0o600, mtimeMs: boot });
  tree.file('/var/log/cron', `${cron.join('\n')}\n`, { mode: 0o600, mtimeMs: boot + 3_600_000 });
  tree.file('/var/log/maillog', '', { mode: 0o640, mtimeMs: boot });
  tree.file('/var/log/debug.log', '', { mode: 0o600, mtimeMs: boot });
  tree.file('/var/log/daemon.log', '', { mode: 0o644, mtimeMs: boot });
  tree.file('/var/log/lpd-errs', '', { mode: 0o644, mtimeMs: boot });
  tree.file('/var/log/xferlog', '', { mode: 0o600, mtimeMs: boot });
  tree.file('/var/log/ppp.log', '', { mode: 0o600, mtimeMs: boot });
  tree.file('/var/log/devd.log', '', { mode: 0o644, mtimeMs: boot });
  tree.file('/var/log/bsdinstall_log', `DEBUG: Running installation step: auto\n`, {
    mtimeMs: ctx.installMs,
  });
  tree.file('/var/log/utx.lastlogin', Buffer.alloc(197 * 2), { mode: 0o644, mtimeMs: boot - DAY_MS });
  tree.file('/var/log/utx.log', Buffer.alloc(197 * 8), { mode: 0o644, mtimeMs: boot - DAY_MS });
  tree.file('/var/run/dmesg.boot', `${freebsdBootLog(ctx).join('\n')}\n`, { mtimeMs: boot + 9000 });
  const sshd = processTable(machine, boot + DAY_MS).find((p) => p.ppid === 1 && p.comm === 'sshd');
  tree.file('/var/run/sshd.pid', `${sshd?.pid ?? 546}\n`, { mtimeMs: boot + 9000 });
}

/** The head of the kernel message buffer, as `dmesg` and /var/run/dmesg.boot show it after a boot. */
export function freebsdBootLog(ctx: Pick<SeedContext, 'machine'>): string[] {
  const m = ctx.machine;
  const memory = freebsdMemory(m);
  const mib = (bytes: number) => Math.floor(bytes / 1024 / 1024);
  const disk = m.disk.device.replace('/dev/', '').replace(/p\d+$/, '');
  return [
    '---<<BOOT>>---',
    'Copyright (c) 1992-2023 The FreeBSD Project.',
    'Copyright (c) 1979, 1980, 1983, 1986, 1988, 1989, 1991, 1992, 1993, 1994',
    '\tThe Regents of the University of California. All rights reserved.',
    'FreeBSD is a registered trademark of The FreeBSD Foundation.',
    `FreeBSD ${m.distro.kernel} GENERIC amd64`,
    'FreeBSD clang version 18.1.5 (https://github.com/llvm/llvm-project.git llvmorg-18.1.5-0-g617a15a9eac9)',
    'VT(vga): text 80x25',
    `CPU: ${m.cpu.model} (${m.cpu.mhz.toFixed(2)}-MHz K8-class CPU)`,
    `  Origin="${m.cpu.vendor}"`,
    `real memory  = ${memory.realBytes} (${mib(memory.realBytes)} MB)`,
    `avail memory = ${memory.availBytes} (${mib(memory.availBytes)} MB)`,
    'Event timer "LAPIC" quality 600',
    'ACPI APIC Table: <BOCHS  BXPC    >',
    `FreeBSD/SMP: Multiprocessor System Detected: ${m.cpu.cores} CPUs`,
    `FreeBSD/SMP: ${m.cpu.cores} package(s) x 1 core(s)`,
    'random: registering fast source Intel Secure Key RNG',
    'ioapic0 <Version 1.1> irqs 0-23',
    'Launching APs: 1',
    `${disk}: <VirtIO Block Device>`,
    `${disk}: ${Math.round(m.disk.blocks / 1024)}MB (${m.disk.blocks * 2} 512 byte sectors)`,
    `${m.network.iface}: <VirtIO Networking Adapter> on virtio_pci0`,
    `${m.network.iface}: Ethernet address: ${m.network.mac}`,
    `Trying to mount root from ufs:${m.disk.device} [rw]...`,
  ];
}

function seedDevices(ctx: SeedContext): void {
  const { tree, machine } = ctx;
  const boot = machine.bootMs;
  const at = { mtimeMs: boot + 2000 };
  const operator = ctx.gidOf('operator');
  const tty = ctx.gidOf('tty');
  const kmem = ctx.gidOf('kmem');
  tree.dir('/dev', { mode: 0o555, mtimeMs: boot });
  tree.device('/dev/null', 'null', at);
  tree.device('/dev/zero', 'zero', at);
  tree.device('/dev/random', 'random', at);
  tree.symlink('/dev/urandom', 'random', at);
  tree.device('/dev/tty', 'tty', at);
  tree.device('/dev/console', 'console', { ...at, mode: 0o600 });
  tree.device('/dev/ptmx', 'ptmx', at);
  tree.dir('/dev/pts', { mode: 0o755, mtimeMs: boot });
  tree.device('/dev/pts/0', 'pts', { mode: 0o620, gid: tty, mtimeMs: boot });
  tree.dir('/dev/fd', { mode: 0o555, mtimeMs: boot });
  for (const fd of [0, 1, 2]) tree.device(`/dev/fd/${fd}`, 'tty', at);
  tree.symlink('/dev/stdin', 'fd/0', at);
  tree.symlink('/dev/stdout', 'fd/1', at);
  tree.symlink('/dev/stderr', 'fd/2', at);
  tree.symlink('/dev/log', '/var/run/log', at);
  // Disks, memory and the virtual consoles: root and operator (or kmem) only, as devfs.rules leaves them.
  // They read as empty here; nothing an intruder can do with them on a real box needs their contents.
  const disk = machine.disk.device.replace(/p\d+$/, '');
  for (const node of [disk, `${disk}p1`, `${disk}p2`, `${disk}p3`])
    tree.device(node, 'null', { ...at, mode: 0o640, gid: operator });
  tree.device('/dev/mem', 'null', { ...at, mode: 0o640, gid: kmem });
  tree.device('/dev/kmem', 'null', { ...at, mode: 0o640, gid: kmem });
  tree.device('/dev/klog', 'null', { ...at, mode: 0o600 });
  for (let v = 0; v < 8; v++) tree.device(`/dev/ttyv${v}`, 'tty', { ...at, mode: 0o600 });
  for (const node of ['bpf', 'pf', 'devstat', 'geom.ctl', 'reroot/reroot', 'sndstat', 'xpt0', 'acpi', 'io'])
    tree.device(`/dev/${node}`, 'null', { ...at, mode: 0o600 });
  tree.symlink('/dev/bpf0', 'bpf', at);
  tree.dir('/dev/gpt', { mode: 0o555, mtimeMs: boot });
  tree.dir('/dev/diskid', { mode: 0o555, mtimeMs: boot });
  tree.dir('/dev/input', { mode: 0o555, mtimeMs: boot });
  tree.dir('/dev/usb', { mode: 0o555, mtimeMs: boot });
}

const ROOT_CSHRC = `#
# .cshrc - csh resource script, read at beginning of execution by each shell
#
# see also csh(1), environ(7).
# more examples available at /usr/share/examples/csh/
#

alias h\t\thistory 25
alias j\t\tjobs -l
alias la\tls -aF
alias lf\tls -FA
alias ll\tls -lAF

# read(2) of directories may not be desirable by default, as this will provoke
# EISDIR errors from each directory encountered.
# alias grep\tgrep -d skip

# A righteous umask
umask 22

set path = (/sbin /bin /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin $HOME/bin)

setenv\tEDITOR\tvi
setenv\tPAGER\tless

if ($?prompt) then
\t# An interactive shell -- set some stuff up
\tset prompt = "%N@%m:%~ %# "
\tset promptchars = "%#"

\tset filec
\tset history = 1000
\tset savehist = (1000 merge)
\tset autolist = ambiguous
\t# Use history to aid expansion
\tset autoexpand
\tset autorehash
\tset mail = (/var/mail/$USER)
\tif ( $?tcsh ) then
\t\tbindkey "^W" backward-delete-word
\t\tbindkey -k up history-search-backward
\t\tbindkey -k down history-search-forward
\tendif

endif
`;

const ROOT_PROFILE = `#
# .profile - Bourne Shell startup script for login shells
#
# see also sh(1), environ(7).
#

# These are normally set through /etc/login.conf.  You may override them here
# if wanted.
# PATH=/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:$HOME/bin; export PATH

# Setting TERM is normally done through /etc/ttys.  Do only override
# if you're sure that you'll never log in via telnet or xterm or a
# serial line.
# TERM=xterm; \texport TERM

EDITOR=vi;   \texport EDITOR
PAGER=less;  \texport PAGER

# set ENV to a file invoked each time sh is started for interactive use.
ENV=$HOME/.shrc; export ENV

# Query terminal size; useful for serial lines.
if [ -x /usr/bin/resizewin ] ; then /usr/bin/resizewin -z ; fi

# Display a random cookie on each login.
if [ -x /usr/bin/fortune ] ; then /usr/bin/fortune freebsd-tips ; fi
`;

export const FREEBSD_ROOT_CSHRC = ROOT_CSHRC;
export const FREEBSD_ROOT_PROFILE = ROOT_PROFILE;

export const FREEBSD_SHRC = `#
# .shrc - bourne shell startup file
#
# This file will be used if the shell is invoked for interactive use and
# the environment variable ENV is set to this file.
#
# see also sh(1), environ(7).
#

# file permissions: rwxr-xr-x
#
# umask\t022

# Uncomment this to enable the builtin vi(1) command line editor in sh(1),
# e.g. ESC to go into visual mode.
# set -o vi

# set prompt: \`\`username@hostname:directory $ ''
PS1="\\u@\\h:\\w \\\\$ "

# search path for cd(1)
# CDPATH=:$HOME
`;

/** /etc/motd.template of 14.x; rc.d/motd puts `uname -v` and a blank line above it in /var/run/motd. */
export const FREEBSD_MOTD_TEMPLATE = `Welcome to FreeBSD!

Release Notes, Errata: https://www.FreeBSD.org/releases/
Security Advisories:   https://www.FreeBSD.org/security/
FreeBSD Handbook:      https://www.FreeBSD.org/handbook/
FreeBSD FAQ:           https://www.FreeBSD.org/faq/
Questions List:        https://www.FreeBSD.org/lists/questions/
FreeBSD Forums:        https://forums.FreeBSD.org/

Documents installed with the system are in the /usr/local/share/doc/freebsd/
directory, or can be installed later with:  pkg install en-freebsd-doc
For other languages, replace "en" with a language code like de or fr.

Show the version of FreeBSD installed:  freebsd-version ; uname -a
Please include that output and any error messages when posting questions.
Introduction to manual pages:  man man
FreeBSD directory layout:      man hier

To change this login announcement, see motd(5).
`;

const ETC_PROFILE = `#
# System-wide .profile file for sh(1).
#
# Uncomment this to give you the default 4.2 behavior, where disk
# information is shown in K-Blocks
# BLOCKSIZE=K; export BLOCKSIZE
#
# For the setting of languages and character sets please see
# login.conf(5) and in particular the charset and lang options.
# For full locales list check /usr/share/locale/*
# You should also read the setlocale(3) man page for information
# on how to achieve more precise control of locale settings.
#
# Check system messages
# msgs -q
# Allow terminal messages
# mesg y

# Load each .sh file in /etc/profile.d/, then /usr/local/etc/profile,
# then each .sh file in /usr/local/etc/profile.d/.
_loaded=\${_loaded:-/etc/profile}
export _loaded
for _dir in /etc /usr/local/etc ; do
    [ -e $_dir/profile.d ] || continue
    for _file in $_dir/profile.d/*.sh ; do
        [ -e $_file ] && [ \${_loaded#*$_file} = \${_loaded} ] || continue
        _loaded="\${_loaded} \${_file}"
        . $_file
    done
done
`;

const LOGIN_CONF = `# login.conf - login class capabilities database.
#
# Remember to rebuild the database after each change to this file:
#
#\tcap_mkdb /etc/login.conf
#
# This file controls resource limits, accounting limits and
# default user environment settings.
#

default:\\
\t:passwd_format=sha512:\\
\t:copyright=/etc/COPYRIGHT:\\
\t:welcome=/var/run/motd:\\
\t:setenv=BLOCKSIZE=K:\\
\t:mail=/var/mail/$:\\
\t:path=/sbin /bin /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin ~/bin:\\
\t:nologin=/var/run/nologin:\\
\t:cputime=unlimited:\\
\t:datasize=unlimited:\\
\t:stacksize=unlimited:\\
\t:memorylocked=64K:\\
\t:memoryuse=unlimited:\\
\t:filesize=unlimited:\\
\t:coredumpsize=unlimited:\\
\t:openfiles=unlimited:\\
\t:maxproc=unlimited:\\
\t:sbsize=unlimited:\\
\t:vmemoryuse=unlimited:\\
\t:swapuse=unlimited:\\
\t:pseudoterminals=unlimited:\\
\t:kqueues=unlimited:\\
\t:umtxp=unlimited:\\
\t:priority=0:\\
\t:ignoretime@:\\
\t:umask=022:\\
\t:charset=UTF-8:\\
\t:lang=C.UTF-8:

#
# A collection of common class names - forward them all to 'default'
# (login would normally do this anyway, but having a class name
#  here suppresses the diagnostic)
#
standard:\\
\t:tc=default:
xuser:\\
\t:tc=default:
staff:\\
\t:tc=default:

#
# Root can always login
#
# N.B.  login_getpwclass(3) will use this entry for the root account,
#       in preference to 'default'.
root:\\
\t:ignorenologin:\\
\t:memorylocked=unlimited:\\
\t:tc=default:
`;

const SHELLS = `# List of acceptable shells for chpass(1).
# Ftpd will not allow users to connect who are not using
# one of these shells.

/bin/sh
/bin/csh
/bin/tcsh
`;

const CRONTAB = `#
SHELL=/bin/sh
PATH=/etc:/bin:/sbin:/usr/bin:/usr/sbin
#
#minute\thour\tmday\tmonth\twday\twho\tcommand
#
# Save some entropy so that /dev/random can re-seed on boot.
*/11\t*\t*\t*\t*\toperator /usr/libexec/save-entropy
#
# Rotate log files every hour, if necessary.
0\t*\t*\t*\t*\troot\tnewsyslog
#
# Perform daily/weekly/monthly maintenance.
1\t3\t*\t*\t*\troot\tperiodic daily
15\t4\t*\t*\t6\troot\tperiodic weekly
30\t5\t1\t*\t*\troot\tperiodic monthly
#
# Adjust the time zone if the CMOS clock keeps local time, as opposed to
# UTC time.  See adjkerntz(8) for details.
1,31\t0-5\t*\t*\t*\troot\tadjkerntz -a
`;

const SYSLOG_CONF = `#
#\tSpaces ARE valid field separators in this file. However,
#\tother *nix-like systems still insist on using tabs as field
#\tseparators. If you are sharing this file between systems, you
#\tmay want to use only tabs as field separators here.
#\tConsult the syslog.conf(5) manpage.
*.err;kern.warning;auth.notice;mail.crit\t\t/dev/console
*.notice;authpriv.none;kern.debug;lpr.info;mail.crit;news.err\t/var/log/messages
security.*\t\t\t\t\t/var/log/security
auth.info;authpriv.info\t\t\t\t/var/log/auth.log
mail.info\t\t\t\t\t/var/log/maillog
cron.*\t\t\t\t\t\t/var/log/cron
!-devd
*.=debug\t\t\t\t\t/var/log/debug.log
*.emerg\t\t\t\t\t\t*
daemon.info\t\t\t\t\t/var/log/daemon.log
include\t\t\t\t\t\t/etc/syslog.d
include\t\t\t\t\t\t/usr/local/etc/syslog.d
`;

const FREEBSD_UPDATE_CONF = `# Trusted keyprint.  Changing this is a Bad Idea unless you've received
# a PGP-signed email from <security-officer@FreeBSD.org> telling you to
# change it and explaining why.
KeyPrint 800651ef4b4c71c27e60786d7b487188970f4b4169cc055784e21eb71d410cc5

# Server or server pool from which to fetch updates.  You can change
# this to point at a specific server if you want, but in most cases
# using a "nearby" server won't provide a measurable improvement in
# performance.
ServerName update.FreeBSD.org

# Components of the base system which should be kept updated.
Components src world kernel
`;

const PKG_REPO_CONF = `#
# To disable this repository, instead of modifying or removing this file,
# create a /usr/local/etc/pkg/repos/FreeBSD.conf file:
#
#   mkdir -p /usr/local/etc/pkg/repos
#   echo "FreeBSD: { enabled: no }" > /usr/local/etc/pkg/repos/FreeBSD.conf
#

FreeBSD: {
  url: "pkg+http://pkg.FreeBSD.org/\${ABI}/quarterly",
  mirror_type: "srv",
  signature_type: "fingerprints",
  fingerprints: "/usr/share/keys/pkg",
  enabled: yes
}
`;

const SSHD_CONFIG = `
#\tThis is the sshd server system-wide configuration file.  See
# sshd_config(5) for more information.

# This sshd was compiled with PATH=/usr/bin:/bin:/usr/sbin:/sbin

# The strategy used for options in the default sshd_config shipped with
# OpenSSH is to specify options with their default value where
# possible, but leave them commented.  Uncommented options override the
# default value.

# Note that some of FreeBSD's defaults differ from OpenBSD's, and
# FreeBSD has a few additional options.

#Port 22
#AddressFamily any
#ListenAddress 0.0.0.0
#ListenAddress ::

#HostKey /etc/ssh/ssh_host_rsa_key
#HostKey /etc/ssh/ssh_host_ecdsa_key
#HostKey /etc/ssh/ssh_host_ed25519_key

# Logging
#SyslogFacility AUTH
#LogLevel INFO

# Authentication:

#LoginGraceTime 2m
PermitRootLogin yes
#StrictModes yes
#MaxAuthTries 6
#MaxSessions 10

#PubkeyAuthentication yes

# The default is to check both .ssh/authorized_keys and .ssh/authorized_keys2
# but this is overridden so installations will only check .ssh/authorized_keys
AuthorizedKeysFile\t.ssh/authorized_keys

# Change to yes to enable built-in password authentication.
# Note that passwords may also be accepted via KbdInteractiveAuthentication.
#PasswordAuthentication no
#PermitEmptyPasswords no

# Change to no to disable PAM authentication
#KbdInteractiveAuthentication yes

# Set this to 'no' to do not use PAM authentication, account processing,
# and session processing. If this is enabled, PAM authentication will
# be allowed through the KbdInteractiveAuthentication and
# PasswordAuthentication.  Depending on your PAM configuration,
# PAM authentication via KbdInteractiveAuthentication may bypass
# the setting of "PermitRootLogin prohibit-password".
# If you just want the PAM account and session checks to run without
# PAM authentication, then enable this but set PasswordAuthentication
# and KbdInteractiveAuthentication to 'no'.
#UsePAM yes

#AllowAgentForwarding yes
#AllowTcpForwarding yes
#GatewayPorts no
#X11Forwarding no
#PrintMotd yes
#PrintLastLog yes
#TCPKeepAlive yes
#PermitUserEnvironment no
#UseDNS yes
#PidFile /var/run/sshd.pid

# no default banner path
#Banner none

# override default of no subsystems
Subsystem\tsftp\t/usr/libexec/sftp-server
`;

const FREEBSD_COPYRIGHT = `#\t@(#)COPYRIGHT\t8.2 (Berkeley) 3/21/94

The compilation of software known as FreeBSD is distributed under the
following terms:

Copyright (c) 1992-2023 The FreeBSD Project.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:
1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in the
   documentation and/or other materials provided with the distribution.
`;
