/**
 * The accounts a stock install of each distro has (/etc/passwd, /etc/group, /etc/shadow), as its
 * base-passwd / setup / alpine-baselayout package writes them, plus the distro catalogue's extra users
 * and one seeded administrator with a login shell.
 */

import type { SeededRandom } from '../../../shared/seeded-random.js';
import type { Machine } from '../../command.js';
import { type DistroFamily, familyOf } from '../../machine.js';

export interface SeedAccount {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
  /** A person's account: has a password hash, a home directory and history. */
  login: boolean;
}

export interface SeedGroup {
  name: string;
  gid: number;
  members: string[];
}

export interface SeedAccounts {
  users: SeedAccount[];
  groups: SeedGroup[];
  /** The seeded administrator (in sudo/wheel), or the distro's own login user. */
  admin: SeedAccount;
  /** The group whose members may use sudo (`sudo` on Debian, `wheel` elsewhere). */
  sudoGroup: string;
}

type PasswdLine = string;

/** base-passwd 3.6 (Debian 12) / 3.5 (Ubuntu 20.04, 22.04). */
const DEBIAN_BASE: readonly PasswdLine[] = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
  'sync:x:4:65534:sync:/bin:/bin/sync',
  'games:x:5:60:games:/usr/games:/usr/sbin/nologin',
  'man:x:6:12:man:/var/cache/man:/usr/sbin/nologin',
  'lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin',
  'mail:x:8:8:mail:/var/mail:/usr/sbin/nologin',
  'news:x:9:9:news:/var/spool/news:/usr/sbin/nologin',
  'uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin',
  'proxy:x:13:13:proxy:/bin:/usr/sbin/nologin',
  'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
  'backup:x:34:34:backup:/var/backups:/usr/sbin/nologin',
  'list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin',
  'irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
];

const DEBIAN_GROUPS: readonly string[] = [
  'root:x:0:',
  'daemon:x:1:',
  'bin:x:2:',
  'sys:x:3:',
  'adm:x:4:',
  'tty:x:5:',
  'disk:x:6:',
  'lp:x:7:',
  'mail:x:8:',
  'news:x:9:',
  'uucp:x:10:',
  'man:x:12:',
  'proxy:x:13:',
  'kmem:x:15:',
  'dialout:x:20:',
  'fax:x:21:',
  'voice:x:22:',
  'cdrom:x:24:',
  'floppy:x:25:',
  'tape:x:26:',
  'sudo:x:27:',
  'audio:x:29:',
  'dip:x:30:',
  'www-data:x:33:',
  'backup:x:34:',
  'operator:x:37:',
  'list:x:38:',
  'irc:x:39:',
  'src:x:40:',
  'shadow:x:42:',
  'utmp:x:43:',
  'video:x:44:',
  'sasl:x:45:',
  'plugdev:x:46:',
  'staff:x:50:',
  'games:x:60:',
  'users:x:100:',
  'nogroup:x:65534:',
  'systemd-journal:x:999:',
  'crontab:x:101:',
];

/** setup-2.13 (RHEL 9 / Rocky 9), setup-2.8 (CentOS 7). */
const RHEL_BASE: readonly PasswdLine[] = [
  'root:x:0:0:root:/root:/bin/bash',
  'bin:x:1:1:bin:/bin:/sbin/nologin',
  'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
  'adm:x:3:4:adm:/var/adm:/sbin/nologin',
  'lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin',
  'sync:x:5:0:sync:/sbin:/bin/sync',
  'shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown',
  'halt:x:7:0:halt:/sbin:/sbin/halt',
  'mail:x:8:12:mail:/var/spool/mail:/sbin/nologin',
  'operator:x:11:0:operator:/root:/sbin/nologin',
  'games:x:12:100:games:/usr/games:/sbin/nologin',
  'ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin',
  'nobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin',
];

const CENTOS7_BASE: readonly PasswdLine[] = RHEL_BASE.map((l) =>
  l.startsWith('nobody:') ? 'nobody:x:99:99:Nobody:/:/sbin/nologin' : l,
);

const RHEL_GROUPS: readonly string[] = [
  'root:x:0:',
  'bin:x:1:',
  'daemon:x:2:',
  'sys:x:3:',
  'adm:x:4:',
  'tty:x:5:',
  'disk:x:6:',
  'lp:x:7:',
  'mem:x:8:',
  'kmem:x:9:',
  'wheel:x:10:',
  'cdrom:x:11:',
  'mail:x:12:',
  'man:x:15:',
  'dialout:x:18:',
  'floppy:x:19:',
  'games:x:20:',
  'tape:x:33:',
  'video:x:39:',
  'ftp:x:50:',
  'lock:x:54:',
  'audio:x:63:',
  'users:x:100:',
  'nobody:x:65534:',
  'utmp:x:22:',
  'utempter:x:35:',
  'input:x:999:',
  'kvm:x:36:qemu',
  'render:x:998:',
  'systemd-journal:x:190:',
  'ssh_keys:x:994:',
];

/** alpine-baselayout 3.4 (Alpine 3.19). */
const ALPINE_BASE: readonly PasswdLine[] = [
  'root:x:0:0:root:/root:/bin/ash',
  'bin:x:1:1:bin:/bin:/sbin/nologin',
  'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
  'adm:x:3:4:adm:/var/adm:/sbin/nologin',
  'lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin',
  'sync:x:5:0:sync:/sbin:/bin/sync',
  'shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown',
  'halt:x:7:0:halt:/sbin:/sbin/halt',
  'mail:x:8:12:mail:/var/mail:/sbin/nologin',
  'news:x:9:13:news:/usr/lib/news:/sbin/nologin',
  'uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin',
  'operator:x:11:0:operator:/root:/sbin/nologin',
  'man:x:13:15:man:/usr/man:/sbin/nologin',
  'postmaster:x:14:12:postmaster:/var/mail:/sbin/nologin',
  'cron:x:16:16:cron:/var/spool/cron:/sbin/nologin',
  'ftp:x:21:21::/var/lib/ftp:/sbin/nologin',
  'at:x:25:25:at:/var/spool/cron/atjobs:/sbin/nologin',
  'games:x:35:35:games:/usr/games:/sbin/nologin',
  'nobody:x:65534:65534:nobody:/:/sbin/nologin',
];

const ALPINE_GROUPS: readonly string[] = [
  'root:x:0:root',
  'bin:x:1:root,bin,daemon',
  'daemon:x:2:root,bin,daemon',
  'sys:x:3:root,bin,adm',
  'adm:x:4:root,adm,daemon',
  'tty:x:5:',
  'disk:x:6:root,adm',
  'lp:x:7:lp',
  'kmem:x:9:',
  'wheel:x:10:root',
  'floppy:x:11:root',
  'mail:x:12:mail',
  'news:x:13:news',
  'uucp:x:14:uucp',
  'cron:x:16:cron',
  'console:x:17:',
  'audio:x:18:',
  'cdrom:x:19:',
  'dialout:x:20:root',
  'ftp:x:21:',
  'sshd:x:22:',
  'input:x:23:',
  'tape:x:26:root',
  'video:x:27:root',
  'netdev:x:28:',
  'kvm:x:34:kvm',
  'games:x:35:',
  'shadow:x:42:',
  'www-data:x:82:',
  'users:x:100:games',
  'ntp:x:123:',
  'abuild:x:300:',
  'utmp:x:406:',
  'ping:x:999:',
  'nogroup:x:65533:',
  'nobody:x:65534:',
];

/** filesystem 2024 (Arch). */
const ARCH_BASE: readonly PasswdLine[] = [
  'root:x:0:0::/root:/bin/bash',
  'bin:x:1:1::/:/usr/bin/nologin',
  'daemon:x:2:2::/:/usr/bin/nologin',
  'mail:x:8:12::/var/spool/mail:/usr/bin/nologin',
  'ftp:x:14:11::/srv/ftp:/usr/bin/nologin',
  'nobody:x:65534:65534:Kernel Overflow User:/:/usr/bin/nologin',
];

const ARCH_GROUPS: readonly string[] = [
  'root:x:0:root',
  'sys:x:3:bin',
  'mem:x:8:',
  'ftp:x:11:',
  'mail:x:12:',
  'log:x:19:',
  'smmsp:x:25:',
  'proc:x:26:',
  'games:x:50:',
  'lock:x:54:',
  'network:x:90:',
  'floppy:x:94:',
  'scanner:x:96:',
  'power:x:98:',
  'nobody:x:65534:',
  'adm:x:999:daemon',
  'wheel:x:998:',
  'utmp:x:997:',
  'audio:x:996:',
  'disk:x:995:',
  'input:x:994:',
  'kmem:x:993:',
  'kvm:x:992:',
  'lp:x:991:',
  'optical:x:990:',
  'render:x:989:',
  'sgx:x:988:',
  'storage:x:987:',
  'tty:x:5:',
  'uucp:x:986:',
  'video:x:985:',
  'users:x:984:',
  'systemd-journal:x:983:',
  'rfkill:x:982:',
  'bin:x:1:daemon',
  'daemon:x:2:bin',
  'http:x:33:',
];

/** Buildroot 2023.02 skeleton (system/skeleton/etc/passwd). */
const BUSYBOX_BASE: readonly PasswdLine[] = [
  'root:x:0:0:root:/root:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
  'bin:x:2:2:bin:/bin:/bin/false',
  'sys:x:3:3:sys:/dev:/bin/false',
  'sync:x:4:100:sync:/bin:/bin/sync',
  'mail:x:8:8:mail:/var/spool/mail:/bin/false',
  'nobody:x:65534:65534:nobody:/home:/bin/false',
];

const BUSYBOX_GROUPS: readonly string[] = [
  'root:x:0:',
  'daemon:x:1:',
  'bin:x:2:',
  'sys:x:3:',
  'adm:x:4:',
  'tty:x:5:',
  'disk:x:6:',
  'lp:x:7:',
  'mail:x:8:',
  'kmem:x:9:',
  'wheel:x:10:root',
  'cdrom:x:11:',
  'dialout:x:18:',
  'floppy:x:19:',
  'video:x:28:',
  'audio:x:29:',
  'tape:x:32:',
  'www-data:x:33:',
  'operator:x:37:',
  'utmp:x:43:',
  'plugdev:x:46:',
  'staff:x:50:',
  'lock:x:54:',
  'netdev:x:82:',
  'users:x:100:',
  'nogroup:x:65534:',
];

/**
 * FreeBSD 14's /etc/master.passwd and /etc/group as the base system installs them (src/etc/master.passwd,
 * src/etc/group); root's shell is /bin/sh since 14.0 (csh before).
 */
const FREEBSD_BASE: readonly PasswdLine[] = [
  'root:x:0:0:Charlie &:/root:/bin/sh',
  'toor:x:0:0:Bourne-again Superuser:/root:',
  'daemon:x:1:1:Owner of many system processes:/root:/usr/sbin/nologin',
  'operator:x:2:5:System &:/:/usr/sbin/nologin',
  'bin:x:3:7:Binaries Commands and Source:/:/usr/sbin/nologin',
  'tty:x:4:65533:Tty Sandbox:/:/usr/sbin/nologin',
  'kmem:x:5:65533:KMem Sandbox:/:/usr/sbin/nologin',
  'games:x:7:13:Games pseudo-user:/:/usr/sbin/nologin',
  'news:x:8:8:News Subsystem:/:/usr/sbin/nologin',
  'man:x:9:9:Mister Man Pages:/usr/share/man:/usr/sbin/nologin',
  'sshd:x:22:22:Secure Shell Daemon:/var/empty:/usr/sbin/nologin',
  'smmsp:x:25:25:Sendmail Submission User:/var/spool/clientmqueue:/usr/sbin/nologin',
  'mailnull:x:26:26:Sendmail Default User:/var/spool/mqueue:/usr/sbin/nologin',
  'bind:x:53:53:Bind Sandbox:/:/usr/sbin/nologin',
  'unbound:x:59:59:Unbound DNS Resolver:/var/unbound:/usr/sbin/nologin',
  'proxy:x:62:62:Packet Filter pseudo-user:/nonexistent:/usr/sbin/nologin',
  '_pflogd:x:64:64:pflogd privsep user:/var/empty:/usr/sbin/nologin',
  '_dhcp:x:65:65:dhcp programs:/var/empty:/usr/sbin/nologin',
  'uucp:x:66:66:UUCP pseudo-user:/var/spool/uucppublic:/usr/local/libexec/uucp/uucico',
  'pop:x:68:6:Post Office Owner:/nonexistent:/usr/sbin/nologin',
  'auditdistd:x:78:77:Auditdistd unprivileged user:/var/empty:/usr/sbin/nologin',
  'www:x:80:80:World Wide Web Owner:/nonexistent:/usr/sbin/nologin',
  'ntpd:x:123:123:NTP Daemon:/var/db/ntp:/usr/sbin/nologin',
  '_ypldap:x:160:160:YP LDAP unprivileged user:/var/empty:/usr/sbin/nologin',
  'hast:x:845:845:HAST unprivileged user:/var/empty:/usr/sbin/nologin',
  'tests:x:977:977:Unprivileged user for tests:/nonexistent:/usr/sbin/nologin',
  'nobody:x:65534:65534:Unprivileged user:/nonexistent:/usr/sbin/nologin',
];

const FREEBSD_GROUPS: readonly string[] = [
  'wheel:x:0:root',
  'daemon:x:1:',
  'kmem:x:2:',
  'sys:x:3:',
  'tty:x:4:',
  'operator:x:5:root',
  'mail:x:6:',
  'bin:x:7:',
  'news:x:8:',
  'man:x:9:',
  'games:x:13:',
  'ftp:x:14:',
  'staff:x:20:',
  'sshd:x:22:',
  'smmsp:x:25:',
  'mailnull:x:26:',
  'guest:x:31:',
  'video:x:44:',
  'realtime:x:47:',
  'bind:x:53:',
  'unbound:x:59:',
  'proxy:x:62:',
  'authpf:x:63:',
  '_pflogd:x:64:',
  '_dhcp:x:65:',
  'uucp:x:66:',
  'dialer:x:68:',
  'network:x:69:',
  'audit:x:77:',
  'www:x:80:',
  'ntpd:x:123:',
  '_ypldap:x:160:',
  'hast:x:845:',
  'tests:x:977:',
  'nogroup:x:65533:',
  'nobody:x:65534:',
];

/** The catalogue's extra users, as each family's packages create them ({uid} when allocated dynamically). */
const KNOWN_USERS: Readonly<Record<DistroFamily, Readonly<Record<string, PasswdLine>>>> = {
  debian: {
    _apt: '_apt:x:{sys}:65534::/nonexistent:/usr/sbin/nologin',
    'systemd-network':
      'systemd-network:x:{sys}:{sys}:systemd Network Management,,,:/run/systemd:/usr/sbin/nologin',
    'systemd-resolve': 'systemd-resolve:x:{sys}:{sys}:systemd Resolver,,,:/run/systemd:/usr/sbin/nologin',
    'systemd-timesync':
      'systemd-timesync:x:{sys}:{sys}:systemd Time Synchronization,,,:/run/systemd:/usr/sbin/nologin',
    messagebus: 'messagebus:x:{sys}:{sys}::/nonexistent:/usr/sbin/nologin',
    syslog: 'syslog:x:{sys}:{sys}::/home/syslog:/usr/sbin/nologin',
    sshd: 'sshd:x:{sys}:65534::/run/sshd:/usr/sbin/nologin',
    lxd: 'lxd:x:999:100::/var/snap/lxd/common/lxd:/bin/false',
    landscape: 'landscape:x:{sys}:{sys}::/var/lib/landscape:/usr/sbin/nologin',
    postgres: 'postgres:x:{sys}:{sys}:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash',
    mysql: 'mysql:x:{sys}:{sys}:MySQL Server,,,:/nonexistent:/bin/false',
    redis: 'redis:x:{sys}:{sys}::/var/lib/redis:/usr/sbin/nologin',
    redsocks: 'redsocks:x:{sys}:{sys}::/var/run/redsocks:/usr/sbin/nologin',
    ubuntu: 'ubuntu:x:{login}:{login}:Ubuntu:/home/ubuntu:/bin/bash',
    kali: 'kali:x:{login}:{login}:Kali,,,:/home/kali:/usr/bin/zsh',
  },
  rhel: {
    sshd: 'sshd:x:74:74:Privilege-separated SSH:/usr/share/empty.sshd:/sbin/nologin',
    dbus: 'dbus:x:81:81:System message bus:/:/sbin/nologin',
    tss: 'tss:x:59:59:Account used for TPM access:/dev/null:/sbin/nologin',
    postfix: 'postfix:x:89:89::/var/spool/postfix:/sbin/nologin',
    'systemd-network': 'systemd-network:x:192:192:systemd Network Management:/:/sbin/nologin',
    polkitd: 'polkitd:x:{sys}:{sys}:User for polkitd:/:/sbin/nologin',
    chrony: 'chrony:x:{sys}:{sys}::/var/lib/chrony:/sbin/nologin',
    'systemd-oom': 'systemd-oom:x:{sys}:{sys}:systemd Userspace OOM Killer:/:/usr/sbin/nologin',
    apache: 'apache:x:48:48:Apache:/usr/share/httpd:/sbin/nologin',
    mysql: 'mysql:x:27:27:MySQL Server:/var/lib/mysql:/sbin/nologin',
    postgres: 'postgres:x:26:26:PostgreSQL Server:/var/lib/pgsql:/bin/bash',
    redis: 'redis:x:{sys}:{sys}:Redis Database Server:/var/lib/redis:/sbin/nologin',
  },
  alpine: {
    sshd: 'sshd:x:22:22:sshd:/dev/null:/sbin/nologin',
    ntp: 'ntp:x:123:123:NTP:/var/empty:/sbin/nologin',
    smmsp: 'smmsp:x:209:209:smmsp:/var/spool/mqueue:/sbin/nologin',
    guest: 'guest:x:405:100:guest:/dev/null:/sbin/nologin',
    nginx: 'nginx:x:100:101:nginx:/var/lib/nginx:/sbin/nologin',
  },
  arch: {
    dbus: 'dbus:x:81:81:System Message Bus:/:/usr/bin/nologin',
    'systemd-network': 'systemd-network:x:{sys}:{sys}:systemd Network Management:/:/usr/bin/nologin',
    'systemd-resolve': 'systemd-resolve:x:{sys}:{sys}:systemd Resolver:/:/usr/bin/nologin',
    'systemd-timesync': 'systemd-timesync:x:{sys}:{sys}:systemd Time Synchronization:/:/usr/bin/nologin',
    http: 'http:x:33:33::/srv/http:/usr/bin/nologin',
    git: 'git:x:{sys}:{sys}:git daemon user:/:/usr/bin/git-shell',
  },
  busybox: {
    'www-data': 'www-data:x:33:33:www-data:/var/www:/bin/false',
    operator: 'operator:x:37:37:Operator:/var:/bin/false',
    admin: 'admin:x:1000:1000:Linux User,,,:/home/admin:/bin/sh',
  },
  bsd: {},
  other: {},
};

/** Names a small company's administrator account plausibly has. */
const ADMIN_NAMES: readonly [string, ...string[]] = [
  'admin',
  'sysadmin',
  'deploy',
  'ops',
  'devops',
  'jenkins',
  'ansible',
  'mike',
  'dave',
  'alex',
  'chris',
  'jsmith',
  'mark',
  'tom',
  'support',
  'it',
];

const FULL_NAMES: Readonly<Record<string, string>> = {
  mike: 'Mike Turner',
  dave: 'David Hall',
  alex: 'Alex Morgan',
  chris: 'Chris Walker',
  jsmith: 'John Smith',
  mark: 'Mark Ellis',
  tom: 'Tom Becker',
};

function parsePasswd(line: string): SeedAccount {
  const [name = '', , uid = '0', gid = '0', gecos = '', home = '/', shell = '/bin/sh'] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid), gecos, home, shell, login: false };
}

function parseGroup(line: string): SeedGroup {
  const [name = '', , gid = '0', members = ''] = line.split(':');
  return { name, gid: Number(gid), members: members === '' ? [] : members.split(',') };
}

export function seedAccounts(machine: Machine, random: SeededRandom): SeedAccounts {
  const family = familyOf(machine.distro);
  const base =
    family === 'rhel'
      ? machine.distro.name === 'centos7'
        ? CENTOS7_BASE
        : RHEL_BASE
      : family === 'alpine'
        ? ALPINE_BASE
        : family === 'arch'
          ? ARCH_BASE
          : family === 'busybox'
            ? BUSYBOX_BASE
            : family === 'bsd'
              ? FREEBSD_BASE
              : DEBIAN_BASE;
  const groupLines =
    family === 'rhel'
      ? RHEL_GROUPS
      : family === 'alpine'
        ? ALPINE_GROUPS
        : family === 'arch'
          ? ARCH_GROUPS
          : family === 'busybox'
            ? BUSYBOX_GROUPS
            : family === 'bsd'
              ? FREEBSD_GROUPS
              : DEBIAN_GROUPS;
  const users = base.map(parsePasswd);
  const groups = groupLines.map(parseGroup);
  const rootShell = machine.distro.filesystem.shell.startsWith('/')
    ? machine.distro.filesystem.shell
    : '/bin/sh';
  users[0] = { ...users[0]!, shell: family === 'debian' ? '/bin/bash' : rootShell };

  // Dynamic system ids: Debian counts up from 100, Red Hat and Arch count down from 999 (login.defs
  // SYS_UID_*); user and group ids are allocated independently, as useradd/groupadd do.
  const step = family === 'debian' ? 1 : -1;
  const start = family === 'debian' ? 100 : 999;
  const takeFree = (used: Set<number>): number => {
    let id = start;
    while (used.has(id)) id += step;
    return id;
  };
  const takeSysUid = (): number => takeFree(new Set(users.map((u) => u.uid)));
  const takeSysGid = (): number => takeFree(new Set(groups.map((g) => g.gid)));
  // FreeBSD's adduser(8) hands out ids from 1001 (uid 1000 stays unused on a stock install).
  const firstLoginId = family === 'bsd' ? 1001 : 1000;
  const nextLogin = (): number => {
    let id = firstLoginId;
    while (users.some((u) => u.uid === id)) id++;
    return id;
  };

  const addGroup = (name: string, gid: number): void => {
    if (!groups.some((g) => g.name === name)) groups.push({ name, gid, members: [] });
  };
  const addUser = (line: string, login: boolean): SeedAccount => {
    let text = line;
    // The first {sys} is the user id, a second one the id of the user's own group.
    if (text.includes('{sys}')) text = text.replace('{sys}', String(takeSysUid()));
    if (text.includes('{sys}')) text = text.replace('{sys}', String(takeSysGid()));
    if (text.includes('{login}')) text = text.replaceAll('{login}', String(nextLogin()));
    const account = { ...parsePasswd(text), login };
    users.push(account);
    if (!groups.some((g) => g.gid === account.gid) && account.gid !== 65534)
      addGroup(account.name, account.gid);
    return account;
  };

  const known = KNOWN_USERS[family];
  for (const name of machine.distro.filesystem.users) {
    if (users.some((u) => u.name === name)) continue;
    const line = known[name];
    const login = ['ubuntu', 'kali', 'admin'].includes(name);
    if (line) addUser(line, login);
    else
      addUser(
        `${name}:x:{sys}:{sys}::/nonexistent:${family === 'debian' ? '/usr/sbin/nologin' : '/sbin/nologin'}`,
        false,
      );
  }
  for (const name of archetypeUsers(machine.persona.archetype, family)) {
    if (users.some((u) => u.name === name)) continue;
    const line = known[name];
    if (line) addUser(line, false);
  }

  const sudoGroup = family === 'debian' ? 'sudo' : 'wheel';
  const loginShell = family === 'alpine' ? '/bin/ash' : family === 'busybox' ? '/bin/sh' : rootShell;
  let admin = users.find((u) => u.login && u.uid >= 1000);
  if (!admin || family !== 'busybox') {
    const taken = new Set(users.map((u) => u.name));
    const choices = ADMIN_NAMES.filter((n) => !taken.has(n));
    const name =
      choices.length > 0 ? choices[random.int(0, choices.length - 1)]! : `user${random.int(10, 99)}`;
    const uid = nextLogin();
    const gecos = family === 'debian' ? `${FULL_NAMES[name] ?? name},,,` : (FULL_NAMES[name] ?? '');
    admin = addUser(`${name}:x:${uid}:${uid}:${gecos}:/home/${name}:${loginShell}`, true);
    addGroup(name, uid);
  }
  const adminGroups =
    family === 'debian'
      ? ['adm', 'cdrom', 'sudo', 'dip', 'plugdev']
      : family === 'rhel' || family === 'arch'
        ? ['wheel']
        : ['wheel'];
  for (const user of users.filter((u) => u.login && u.uid >= 1000)) {
    for (const group of adminGroups) {
      const g = groups.find((x) => x.name === group);
      if (g && !g.members.includes(user.name)) g.members.push(user.name);
    }
  }
  if (family === 'debian') {
    const adm = groups.find((g) => g.name === 'adm');
    if (adm && users.some((u) => u.name === 'syslog') && !adm.members.includes('syslog'))
      adm.members.unshift('syslog');
    const lxd = users.find((u) => u.name === 'lxd');
    if (lxd) {
      addGroup('lxd', takeSysGid());
      const g = groups.find((x) => x.name === 'lxd')!;
      for (const u of users.filter((x) => x.login && x.uid >= 1000)) g.members.push(u.name);
    }
  }
  return { users, groups, admin, sudoGroup };
}

/** Service accounts the archetype's daemons run as. */
function archetypeUsers(archetype: string | null, family: DistroFamily): string[] {
  switch (archetype) {
    case 'database-server':
      return family === 'rhel' ? ['mysql', 'postgres', 'redis'] : ['mysql', 'postgres', 'redis'];
    case 'web-server':
      return family === 'rhel' ? ['apache'] : [];
    default:
      return [];
  }
}

export function passwdText(accounts: SeedAccounts): string {
  return accounts.users
    .map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.gecos}:${u.home}:${u.shell}\n`)
    .join('');
}

export function groupText(accounts: SeedAccounts): string {
  return accounts.groups.map((g) => `${g.name}:x:${g.gid}:${g.members.join(',')}\n`).join('');
}

const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function cryptChars(random: SeededRandom, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CRYPT_ALPHABET[random.int(0, 63)];
  return out;
}

/** A password hash in the scheme the distro's PAM writes by default. */
export function passwordHash(machine: Machine, random: SeededRandom): string {
  switch (machine.distro.name) {
    case 'debian12':
    case 'ubuntu22':
    case 'kali':
    case 'fedora39':
    case 'arch':
      // yescrypt, the default since Debian 11, Ubuntu 22.04, Fedora 35 and Arch 2023.
      return `$y$j9T$${cryptChars(random, 22)}$${cryptChars(random, 43)}`;
    case 'busybox':
      return `$1$${cryptChars(random, 8)}$${cryptChars(random, 22)}`;
    default:
      return `$6$${cryptChars(random, 16)}$${cryptChars(random, 86)}`;
  }
}

export function shadowText(
  machine: Machine,
  accounts: SeedAccounts,
  random: SeededRandom,
  changedDay: number,
): string {
  const family = familyOf(machine.distro);
  return accounts.users
    .map((u) => {
      const hash =
        u.uid === 0 || u.login
          ? passwordHash(machine, random)
          : family === 'rhel'
            ? u.uid < 1000 && u.uid > 11 && u.uid !== 65534
              ? '!!'
              : '*'
            : family === 'alpine'
              ? u.uid === 0
                ? '*'
                : '!'
              : family === 'busybox'
                ? '*'
                : u.name.startsWith('systemd-')
                  ? '!*'
                  : '*';
      if (family === 'alpine') return `${u.name}:${hash}:${changedDay}:0:::::\n`;
      if (family === 'busybox') return `${u.name}:${hash}:${changedDay}:0:99999:7:::\n`;
      if (family === 'rhel' && hash === '!!') return `${u.name}:!!:${changedDay}::::::\n`;
      return `${u.name}:${hash}:${changedDay}:0:99999:7:::\n`;
    })
    .join('');
}

export function gshadowText(accounts: SeedAccounts): string {
  return accounts.groups.map((g) => `${g.name}:!::${g.members.join(',')}\n`).join('');
}

/** FreeBSD's /etc/passwd: pwd_mkdb(8) writes `*` where Linux writes `x`, and no hashes. */
export function freebsdPasswdText(accounts: SeedAccounts): string {
  return accounts.users
    .map((u) => `${u.name}:*:${u.uid}:${u.gid}:${u.gecos}:${u.home}:${u.shell}\n`)
    .join('');
}

export function freebsdGroupText(accounts: SeedAccounts): string {
  return accounts.groups.map((g) => `${g.name}:*:${g.gid}:${g.members.join(',')}\n`).join('');
}

/**
 * FreeBSD's /etc/master.passwd (passwd(5): name:password:uid:gid:class:change:expire:gecos:home:shell),
 * readable by root only. Accounts nobody logs in to carry `*`; toor has no password, as shipped.
 */
export function masterPasswdText(machine: Machine, accounts: SeedAccounts, random: SeededRandom): string {
  return accounts.users
    .map((u) => {
      const hash =
        u.uid === 0 && u.name === 'root'
          ? passwordHash(machine, random)
          : u.login
            ? passwordHash(machine, random)
            : u.name === 'toor'
              ? ''
              : '*';
      return `${u.name}:${hash}:${u.uid}:${u.gid}::0:0:${u.gecos}:${u.home}:${u.shell}\n`;
    })
    .join('');
}
