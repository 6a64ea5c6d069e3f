/**
 * /etc as the distro's installer and packages leave it: identity files, accounts, name resolution,
 * fstab, cron, sshd and sudo configuration, shells, motd, skeleton files and the network setup.
 */

import { swapAreas } from '../mounts.js';
import { groupText, gshadowText, passwdText, shadowText } from './accounts.js';
import { DAY_MS, hex, lines, type SeedContext, uuid } from './context.js';

export function seedEtc(ctx: SeedContext): void {
  const { tree, machine, family } = ctx;
  const t = ctx.installMs;
  const distro = machine.distro;
  const shadowGid = family === 'debian' || family === 'alpine' ? ctx.gidOf('shadow') : 0;
  const random = ctx.random('etc');

  tree.dir('/etc', { mtimeMs: t + 3 * DAY_MS });
  tree.file('/etc/hostname', `${machine.hostname}\n`, { mtimeMs: t });
  tree.file('/etc/hosts', hostsFile(ctx), { mtimeMs: t });
  tree.file('/etc/passwd', passwdText(ctx.accounts), { mtimeMs: t + DAY_MS });
  tree.file('/etc/passwd-', passwdText(ctx.accounts), { mtimeMs: t + DAY_MS });
  tree.file('/etc/group', groupText(ctx.accounts), { mtimeMs: t + DAY_MS });
  tree.file('/etc/group-', groupText(ctx.accounts), { mtimeMs: t + DAY_MS });
  const changedDay = Math.floor(t / DAY_MS);
  const shadowMode = family === 'rhel' ? 0o000 : 0o640;
  tree.file('/etc/shadow', shadowText(machine, ctx.accounts, ctx.random('shadow'), changedDay), {
    mode: shadowMode,
    gid: shadowGid,
    mtimeMs: t + DAY_MS,
  });
  if (family !== 'busybox') {
    tree.file('/etc/gshadow', gshadowText(ctx.accounts), {
      mode: shadowMode,
      gid: shadowGid,
      mtimeMs: t + DAY_MS,
    });
  }

  // os-release lives in /usr/lib on systemd distros, with /etc/os-release a relative link to it.
  if (family === 'busybox') {
    tree.file('/etc/os-release', distro.filesystem.osRelease, { mtimeMs: ctx.releaseMs });
  } else {
    tree.file('/usr/lib/os-release', distro.filesystem.osRelease, { mtimeMs: ctx.releaseMs });
    tree.symlink('/etc/os-release', '../usr/lib/os-release', { mtimeMs: ctx.releaseMs });
  }
  if (distro.filesystem.issue) tree.file('/etc/issue', distro.filesystem.issue, { mtimeMs: ctx.releaseMs });
  if (family === 'debian')
    tree.file('/etc/issue.net', distro.filesystem.issue.replace(/ \\n \\l\n\n$/, '\n'), {
      mtimeMs: ctx.releaseMs,
    });
  for (const [path, content] of releaseFiles(ctx)) tree.file(path, content, { mtimeMs: ctx.releaseMs });

  seedResolver(ctx);
  tree.file('/etc/fstab', fstab(ctx), { mtimeMs: t });
  seedCron(ctx);
  seedSsh(ctx);
  if (family !== 'busybox' && family !== 'alpine') {
    tree.file('/etc/sudoers', sudoers(ctx), { mode: 0o440, mtimeMs: ctx.releaseMs });
    tree.dir('/etc/sudoers.d', { mode: 0o750 });
    tree.file('/etc/sudoers.d/README', family === 'debian' ? SUDOERS_D_README : '', {
      mode: 0o440,
      mtimeMs: ctx.releaseMs,
    });
  }
  tree.file('/etc/shells', shells(ctx), { mtimeMs: t });
  const motd = motdFile(ctx);
  if (motd !== null) tree.file('/etc/motd', motd, { mtimeMs: ctx.releaseMs });
  tree.file('/etc/machine-id', `${hex(random, 32)}\n`, { mode: 0o444, mtimeMs: t });
  tree.symlink(
    '/etc/localtime',
    family === 'busybox' ? '/usr/share/zoneinfo/UTC' : '/usr/share/zoneinfo/Etc/UTC',
    { mtimeMs: t },
  );
  tree.file(
    '/usr/share/zoneinfo/Etc/UTC',
    Buffer.from(
      'TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\x04UTC\0\nUTC0\n',
      'latin1',
    ),
  );
  if (family === 'debian') tree.file('/etc/timezone', 'Etc/UTC\n', { mtimeMs: t });
  tree.file(
    '/etc/environment',
    family === 'debian' && distro.name.startsWith('ubuntu')
      ? 'PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin"\n'
      : '',
    { mtimeMs: t },
  );
  seedShellProfiles(ctx);
  seedNetwork(ctx);
  seedPackageConfig(ctx);
  tree.file('/etc/nsswitch.conf', NSSWITCH, { mtimeMs: ctx.releaseMs });
  tree.file(
    '/etc/ld.so.conf',
    family === 'rhel' ? 'include ld.so.conf.d/*.conf\n' : 'include /etc/ld.so.conf.d/*.conf\n\n',
    { mtimeMs: ctx.releaseMs },
  );
  tree.file('/etc/login.defs', LOGIN_DEFS, { mtimeMs: ctx.releaseMs });
  if (family === 'alpine' || family === 'busybox')
    tree.file('/etc/inittab', INITTAB[family], { mtimeMs: ctx.releaseMs });
  if (family === 'debian' || family === 'rhel' || family === 'arch') {
    tree.dir('/etc/systemd/system/multi-user.target.wants');
    tree.dir('/etc/systemd/network');
    tree.file('/etc/systemd/journald.conf', '[Journal]\n#Storage=auto\n#Compress=yes\n#SystemMaxUse=\n', {
      mtimeMs: ctx.releaseMs,
    });
  }
  tree.dir('/etc/init.d');
  if (family === 'alpine') {
    for (const name of [
      'acpid',
      'crond',
      'sshd',
      'syslog',
      'networking',
      'hostname',
      'bootmisc',
      'chronyd',
      'local',
    ]) {
      tree.file(`/etc/init.d/${name}`, `#!/sbin/openrc-run\n\ndescription="${name}"\n`, {
        mode: 0o755,
        mtimeMs: ctx.releaseMs,
      });
    }
  } else if (family === 'busybox') {
    for (const name of [
      'rcS',
      'rcK',
      'S01syslogd',
      'S02klogd',
      'S40network',
      'S50dropbear',
      'S50telnet',
      'S80httpd',
    ]) {
      tree.file(`/etc/init.d/${name}`, `#!/bin/sh\n#\n# ${name}\n#\n`, {
        mode: 0o755,
        mtimeMs: ctx.releaseMs,
      });
    }
  }
  seedArchetypeConfig(ctx);
}

function hostsFile(ctx: SeedContext): string {
  const name = ctx.machine.hostname;
  switch (ctx.family) {
    case 'rhel':
      return lines(
        '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4',
        '::1         localhost localhost.localdomain localhost6 localhost6.localdomain6',
      );
    case 'alpine':
      return lines(
        `127.0.0.1\t${name} localhost.localdomain localhost`,
        '::1\t\tlocalhost localhost.localdomain',
      );
    case 'busybox':
      return lines('127.0.0.1\tlocalhost', `127.0.1.1\t${name}`);
    case 'arch':
      return lines(
        '# Static table lookup for hostnames.',
        '# See hosts(5) for details.',
        '127.0.0.1\tlocalhost',
        `127.0.1.1\t${name}`,
      );
    default:
      return lines(
        '127.0.0.1\tlocalhost',
        `127.0.1.1\t${name}`,
        '',
        '# The following lines are desirable for IPv6 capable hosts',
        '::1     localhost ip6-localhost ip6-loopback',
        'ff02::1 ip6-allnodes',
        'ff02::2 ip6-allrouters',
      );
  }
}

function releaseFiles(ctx: SeedContext): Array<[string, string]> {
  const name = ctx.machine.distro.name;
  switch (name) {
    case 'debian12':
      return [['/etc/debian_version', '12.8\n']];
    case 'ubuntu22':
      return [
        ['/etc/debian_version', 'bookworm/sid\n'],
        [
          '/etc/lsb-release',
          lines(
            'DISTRIB_ID=Ubuntu',
            'DISTRIB_RELEASE=22.04',
            'DISTRIB_CODENAME=jammy',
            'DISTRIB_DESCRIPTION="Ubuntu 22.04.5 LTS"',
          ),
        ],
      ];
    case 'ubuntu20':
      return [
        ['/etc/debian_version', 'bullseye/sid\n'],
        [
          '/etc/lsb-release',
          lines(
            'DISTRIB_ID=Ubuntu',
            'DISTRIB_RELEASE=20.04',
            'DISTRIB_CODENAME=focal',
            'DISTRIB_DESCRIPTION="Ubuntu 20.04.6 LTS"',
          ),
        ],
      ];
    case 'kali':
      return [['/etc/debian_version', 'kali-rolling\n']];
    case 'rocky9':
      return [
        ['/etc/rocky-release', 'Rocky Linux release 9.5 (Blue Onyx)\n'],
        ['/etc/redhat-release', 'Rocky Linux release 9.5 (Blue Onyx)\n'],
        ['/etc/system-release', 'Rocky Linux release 9.5 (Blue Onyx)\n'],
      ];
    case 'centos7':
      return [
        ['/etc/centos-release', 'CentOS Linux release 7.9.2009 (Core)\n'],
        ['/etc/redhat-release', 'CentOS Linux release 7.9.2009 (Core)\n'],
        ['/etc/system-release', 'CentOS Linux release 7.9.2009 (Core)\n'],
      ];
    case 'fedora39':
      return [
        ['/etc/fedora-release', 'Fedora release 39 (Thirty Nine)\n'],
        ['/etc/redhat-release', 'Fedora release 39 (Thirty Nine)\n'],
        ['/etc/system-release', 'Fedora release 39 (Thirty Nine)\n'],
      ];
    case 'alpine319':
      return [['/etc/alpine-release', '3.19.4\n']];
    case 'arch':
      return [['/etc/arch-release', '']];
    default:
      return [];
  }
}

function seedResolver(ctx: SeedContext): void {
  const { tree, machine, family } = ctx;
  const gw = machine.network.gateway;
  if (machine.distro.name.startsWith('ubuntu')) {
    tree.file(
      '/run/systemd/resolve/stub-resolv.conf',
      lines(
        '# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).',
        '# Do not edit.',
        '#',
        "# This file might be symlinked as /etc/resolv.conf. If you're looking at",
        '# /etc/resolv.conf and seeing this text, you have followed the symlink.',
        '#',
        '# This is a dynamic resolv.conf file for connecting local clients to the',
        '# internal DNS stub resolver of systemd-resolved. This file lists all',
        '# configured search domains.',
        '#',
        '# Run "resolvectl status" to see details about the uplink DNS servers',
        '# currently in use.',
        '#',
        '# Third party programs should typically not access this file directly, but only',
        '# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a',
        '# different way, replace this symlink by a static file or a different symlink.',
        '#',
        '# See man:systemd-resolved.service(8) for details about the supported modes of',
        '# operation for /etc/resolv.conf.',
        '',
        'nameserver 127.0.0.53',
        'options edns0 trust-ad',
        'search .',
      ),
      { mtimeMs: machine.bootMs + 4000 },
    );
    tree.symlink('/etc/resolv.conf', '../run/systemd/resolve/stub-resolv.conf', { mtimeMs: ctx.installMs });
    return;
  }
  const body =
    family === 'rhel'
      ? lines('# Generated by NetworkManager', `nameserver ${gw}`)
      : family === 'debian'
        ? lines('domain localdomain', 'search localdomain', `nameserver ${gw}`)
        : lines(`nameserver ${gw}`);
  tree.file('/etc/resolv.conf', body, { mtimeMs: machine.bootMs + 5000 });
}

function fstab(ctx: SeedContext): string {
  const { machine, family } = ctx;
  const random = ctx.random('fstab');
  const rootUuid = uuid(random);
  const bootUuid = uuid(random);
  const swap = swapAreas(machine)[0];
  switch (family) {
    case 'rhel': {
      const vg = machine.disk.device.replace('/dev/mapper/', '').replace('-root', '');
      const created = new Date(ctx.installMs);
      return [
        '',
        '#',
        '# /etc/fstab',
        `# Created by anaconda on ${ctimeString(created)}`,
        '#',
        "# Accessible filesystems, by reference, are maintained under '/dev/disk/'.",
        '# See man pages fstab(5), findfs(8), mount(8) and/or blkid(8) for more info.',
        '#',
        "# After editing this file, run 'systemctl daemon-reload' to update systemd",
        '# units generated from this file.',
        '#',
        `${machine.disk.device.padEnd(23)} /                       xfs     defaults        0 0`,
        `UUID=${bootUuid} /boot                   xfs     defaults        0 0`,
        ...(swap ? [`/dev/mapper/${vg}-swap     none                    swap    defaults        0 0`] : []),
        '',
      ].join('\n');
    }
    case 'alpine':
      return lines(
        `UUID=${rootUuid}\t/\text4\trw,relatime 0 1`,
        `UUID=${bootUuid}\t/boot\text4\trw,relatime 0 2`,
        ...(swap ? [`UUID=${uuid(random)}\tswap\tswap\tdefaults\t0 0`] : []),
        '/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0',
        '/dev/usbdisk\t/media/usb\tvfat\tnoauto\t0 0',
        'tmpfs\t/tmp\ttmpfs\tnosuid,nodev\t0\t0',
      );
    case 'busybox':
      return lines(
        '# <file system>\t<mount pt>\t<type>\t<options>\t<dump>\t<pass>',
        '/dev/root\t/\t\text2\trw,noauto\t0\t1',
        'proc\t\t/proc\t\tproc\tdefaults\t0\t0',
        'devpts\t\t/dev/pts\tdevpts\tdefaults,gid=5,mode=620,ptmxmode=0666\t0\t0',
        'tmpfs\t\t/dev/shm\ttmpfs\tmode=0777\t0\t0',
        'tmpfs\t\t/tmp\t\ttmpfs\tmode=1777\t0\t0',
        'tmpfs\t\t/run\t\ttmpfs\tmode=0755,nosuid,nodev\t0\t0',
        'sysfs\t\t/sys\t\tsysfs\tdefaults\t0\t0',
      );
    case 'arch':
      return lines(
        '# Static information about the filesystems.',
        '# See fstab(5) for details.',
        '',
        '# <file system> <dir> <type> <options> <dump> <pass>',
        `# ${machine.disk.device}`,
        `UUID=${rootUuid}\t/         \text4      \trw,relatime\t0 1`,
        '',
      );
    default: {
      if (machine.distro.name.startsWith('ubuntu')) {
        return lines(
          '# /etc/fstab: static file system information.',
          '#',
          "# Use 'blkid' to print the universally unique identifier for a",
          '# device; this may be used with UUID= as a more robust way to name devices',
          '# that works even if disks are added and removed. See fstab(5).',
          '#',
          '# <file system> <mount point>   <type>  <options>       <dump>  <pass>',
          machine.disk.device.includes('mapper')
            ? `# / was on /dev/ubuntu-vg/ubuntu-lv during curtin installation\n/dev/disk/by-id/dm-uuid-LVM-${hex(random, 64)} / ext4 defaults 0 1`
            : `# / was on ${machine.disk.device} during curtin installation\n/dev/disk/by-uuid/${rootUuid} / ext4 defaults 0 1`,
          ...(machine.disk.device.includes('mapper')
            ? [
                '# /boot was on /dev/sda2 during curtin installation',
                `/dev/disk/by-uuid/${bootUuid} /boot ext4 defaults 0 1`,
              ]
            : []),
          ...(swap ? ['/swap.img\tnone\tswap\tsw\t0\t0'] : []),
        );
      }
      return lines(
        '# /etc/fstab: static file system information.',
        '#',
        "# Use 'blkid' to print the universally unique identifier for a",
        '# device; this may be used with UUID= as a more robust way to name devices',
        '# that works even if disks are added and removed. See fstab(5).',
        '#',
        '# systemd generates mount units based on this file, see systemd.mount(5).',
        "# Please run 'systemctl daemon-reload' after making changes here.",
        '#',
        '# <file system> <mount point>   <type>  <options>       <dump>  <pass>',
        `# / was on ${machine.disk.device} during installation`,
        `UUID=${rootUuid} /               ext4    errors=remount-ro 0       1`,
        ...(swap
          ? [
              `# swap was on ${swap.source} during installation`,
              `UUID=${uuid(random)} none            swap    sw              0       0`,
            ]
          : []),
        '/dev/sr0        /media/cdrom0   udf,iso9660 user,noauto     0       0',
      );
    }
  }
}

/** `Tue Mar  5 10:12:44 2024`: ctime(3) in UTC. */
export function ctimeString(date: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    date.getUTCMonth()
  ];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${String(date.getUTCDate()).padStart(2, ' ')} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}

function seedCron(ctx: SeedContext): void {
  const { tree, family } = ctx;
  const r = ctx.releaseMs;
  if (family === 'alpine' || family === 'busybox') {
    tree.file(
      '/etc/crontabs/root',
      lines(
        '# do daily/weekly/monthly maintenance',
        '# min\thour\tday\tmonth\tweekday\tcommand',
        '*/15\t*\t*\t*\t*\trun-parts /etc/periodic/15min',
        '0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly',
        '0\t2\t*\t*\t*\trun-parts /etc/periodic/daily',
        '0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly',
        '0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly',
      ),
      { mode: 0o600, mtimeMs: r },
    );
    if (family === 'alpine')
      for (const p of ['15min', 'hourly', 'daily', 'weekly', 'monthly']) tree.dir(`/etc/periodic/${p}`);
    tree.symlink('/var/spool/cron/crontabs', '/etc/crontabs');
    return;
  }
  if (family === 'rhel') {
    tree.file(
      '/etc/crontab',
      lines(
        'SHELL=/bin/bash',
        'PATH=/sbin:/bin:/usr/sbin:/usr/bin',
        'MAILTO=root',
        '',
        '# For details see man 4 crontabs',
        '',
        '# Example of job definition:',
        '# .---------------- minute (0 - 59)',
        '# |  .------------- hour (0 - 23)',
        '# |  |  .---------- day of month (1 - 31)',
        '# |  |  |  .------- month (1 - 12) OR jan,feb,mar,apr ...',
        '# |  |  |  |  .---- day of week (0 - 6) (Sunday=0 or 7) OR sun,mon,tue,wed,thu,fri,sat',
        '# |  |  |  |  |',
        '# *  *  *  *  * user-name  command to be executed',
        '',
      ),
      { mtimeMs: r },
    );
    tree.file(
      '/etc/cron.d/0hourly',
      lines(
        '# Run the hourly jobs',
        'SHELL=/bin/bash',
        'PATH=/sbin:/bin:/usr/sbin:/usr/bin',
        'MAILTO=root',
        '01 * * * * root run-parts /etc/cron.hourly',
      ),
      { mtimeMs: r },
    );
    tree.file(
      '/etc/anacrontab',
      lines(
        '# /etc/anacrontab: configuration file for anacron',
        '',
        '# See anacron(8) and anacrontab(5) for details.',
        '',
        'SHELL=/bin/sh',
        'PATH=/sbin:/bin:/usr/sbin:/usr/bin',
        'MAILTO=root',
        '# the maximal random delay added to the base delay of the jobs',
        'RANDOM_DELAY=45',
        '# the jobs will be started during the following hours only',
        'START_HOURS_RANGE=3-22',
        '',
        '#period in days   delay in minutes   job-identifier   command',
        '1\t5\tcron.daily\t\tnice run-parts /etc/cron.daily',
        '7\t25\tcron.weekly\t\tnice run-parts /etc/cron.weekly',
        '@monthly 45\tcron.monthly\t\tnice run-parts /etc/cron.monthly',
      ),
      { mtimeMs: r },
    );
    for (const p of ['hourly', 'daily', 'weekly', 'monthly']) tree.dir(`/etc/cron.${p}`);
    tree.dir('/var/spool/cron', { mode: 0o700 });
    return;
  }
  tree.file(
    '/etc/crontab',
    lines(
      '# /etc/crontab: system-wide crontab',
      "# Unlike any other crontab you don't have to run the `crontab'",
      '# command to install the new version when you edit this file',
      '# and files in /etc/cron.d. These files also have username fields,',
      '# that none of the other crontabs do.',
      '',
      'SHELL=/bin/sh',
      '# You can also override PATH, but by default, newer versions inherit it from the environment',
      '#PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin',
      '',
      '# Example of job definition:',
      '# .---------------- minute (0 - 59)',
      '# |  .------------- hour (0 - 23)',
      '# |  |  .---------- day of month (1 - 31)',
      '# |  |  |  .------- month (1 - 12) OR jan,feb,mar,apr ...',
      '# |  |  |  |  .---- day of week (0 - 6) (Sunday=0 or 7) OR sun,mon,tue,wed,thu,fri,sat',
      '# |  |  |  |  |',
      '# *  *  *  *  * user-name command to be executed',
      '17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly',
      '25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }',
      '47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }',
      '52 6\t1 * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }',
      '#',
    ),
    { mtimeMs: r },
  );
  tree.file(
    '/etc/cron.d/e2scrub_all',
    lines(
      '30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron',
      '10 3 * * * root test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r',
    ),
    { mtimeMs: r },
  );
  for (const p of ['hourly', 'daily', 'weekly', 'monthly']) tree.dir(`/etc/cron.${p}`);
  for (const job of ['apt-compat', 'dpkg', 'logrotate', 'man-db']) {
    tree.file(`/etc/cron.daily/${job}`, `#!/bin/sh\n\n# ${job} daily maintenance\n`, {
      mode: 0o755,
      mtimeMs: r,
    });
  }
  tree.dir('/var/spool/cron/crontabs', { mode: 0o1730, gid: ctx.gidOf('crontab') });
}

function seedSsh(ctx: SeedContext): void {
  const { tree, family } = ctx;
  const r = ctx.releaseMs;
  const random = ctx.random('ssh-host-keys');
  const sftp =
    family === 'rhel'
      ? '/usr/libexec/openssh/sftp-server'
      : family === 'alpine'
        ? '/usr/lib/ssh/sftp-server'
        : family === 'arch'
          ? '/usr/lib/ssh/sftp-server'
          : '/usr/lib/openssh/sftp-server';
  if (family === 'busybox') {
    tree.dir('/etc/dropbear', { mode: 0o755 });
    tree.file('/etc/dropbear/dropbear_rsa_host_key', random.bytes(1191), {
      mode: 0o600,
      mtimeMs: ctx.installMs,
    });
    tree.file('/etc/dropbear/dropbear_ecdsa_host_key', random.bytes(140), {
      mode: 0o600,
      mtimeMs: ctx.installMs,
    });
    return;
  }
  tree.file('/etc/ssh/sshd_config', sshdConfig(family, sftp), {
    mode: family === 'rhel' ? 0o600 : 0o644,
    mtimeMs: ctx.installMs,
  });
  tree.dir('/etc/ssh/sshd_config.d');
  if (family === 'rhel' && ctx.machine.distro.name !== 'centos7') {
    tree.file(
      '/etc/ssh/sshd_config.d/50-redhat.conf',
      lines(
        '# This system is following system-wide crypto policy. The changes to',
        '# crypto properties (Ciphers, MACs, ...) will not have any effect in',
        '# this or following included files. To override some configuration option,',
        '# write it before this block or include it before this file.',
        '# Please, see manual pages for update-crypto-policies(8) and sshd_config(5).',
        'Include /etc/crypto-policies/back-ends/opensshserver.config',
        '',
        'SyslogFacility AUTHPRIV',
        '',
        'ChallengeResponseAuthentication no',
        '',
        'GSSAPIAuthentication yes',
        'GSSAPICleanupCredentials no',
        '',
        'UsePAM yes',
        '',
        'X11Forwarding yes',
        '',
        '# It is recommended to use pam_motd in /etc/pam.d/sshd instead of PrintMotd,',
        '# as it is more configurable and versatile than the built-in version.',
        'PrintMotd no',
      ),
      { mode: 0o600, mtimeMs: r },
    );
  }
  tree.file(
    '/etc/ssh/ssh_config',
    lines(
      '# This is the ssh client system-wide configuration file.  See',
      '# ssh_config(5) for more information.',
      '',
      'Include /etc/ssh/ssh_config.d/*.conf',
      '',
      'Host *',
      '#   ForwardAgent no',
      '#   ForwardX11 no',
      '#   PasswordAuthentication yes',
      '#   IdentityFile ~/.ssh/id_rsa',
      '#   Port 22',
      '#   Protocol 2',
      '    SendEnv LANG LC_*',
      '    HashKnownHosts yes',
      '    GSSAPIAuthentication yes',
    ),
    { mtimeMs: r },
  );
  const keyGroup = family === 'rhel' ? ctx.gidOf('ssh_keys') : 0;
  for (const [type, bytes] of [
    ['rsa', 1823],
    ['ecdsa', 227],
    ['ed25519', 128],
  ] as const) {
    const body = random
      .bytes(bytes)
      .toString('base64')
      .replace(/(.{70})/g, '$1\n');
    tree.file(
      `/etc/ssh/ssh_host_${type}_key`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`,
      {
        mode: family === 'rhel' ? 0o640 : 0o600,
        gid: keyGroup,
        mtimeMs: ctx.installMs,
      },
    );
    const algo = type === 'rsa' ? 'ssh-rsa' : type === 'ecdsa' ? 'ecdsa-sha2-nistp256' : 'ssh-ed25519';
    tree.file(
      `/etc/ssh/ssh_host_${type}_key.pub`,
      `${algo} ${random.bytes(type === 'rsa' ? 279 : type === 'ecdsa' ? 104 : 51).toString('base64')} root@${ctx.machine.hostname}\n`,
      { mtimeMs: ctx.installMs },
    );
  }
}

function sshdConfig(family: string, sftp: string): string {
  const rhel = family === 'rhel';
  return lines(
    `#\t$OpenBSD: sshd_config,v 1.104 2021/07/02 05:11:21 dtucker Exp $`,
    '',
    '# This is the sshd server system-wide configuration file.  See',
    '# sshd_config(5) for more information.',
    '',
    rhel
      ? '# This sshd was compiled with PATH=/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin'
      : '# This sshd was compiled with PATH=/usr/local/bin:/usr/bin:/bin:/usr/games',
    '',
    '# The strategy used for options in the default sshd_config shipped with',
    '# OpenSSH is to specify options with their default value where',
    '# possible, but leave them commented.  Uncommented options override the',
    '# default value.',
    '',
    ...(rhel
      ? [
          '# To modify the system-wide sshd configuration, create a  *.conf  file under',
          '#  /etc/ssh/sshd_config.d/  which will be automatically included below',
          '',
        ]
      : []),
    'Include /etc/ssh/sshd_config.d/*.conf',
    '',
    '#Port 22',
    '#AddressFamily any',
    '#ListenAddress 0.0.0.0',
    '#ListenAddress ::',
    '',
    '#HostKey /etc/ssh/ssh_host_rsa_key',
    '#HostKey /etc/ssh/ssh_host_ecdsa_key',
    '#HostKey /etc/ssh/ssh_host_ed25519_key',
    '',
    '# Ciphers and keying',
    '#RekeyLimit default none',
    '',
    '# Logging',
    '#SyslogFacility AUTH',
    '#LogLevel INFO',
    '',
    '# Authentication:',
    '',
    '#LoginGraceTime 2m',
    'PermitRootLogin yes',
    '#StrictModes yes',
    '#MaxAuthTries 6',
    '#MaxSessions 10',
    '',
    '#PubkeyAuthentication yes',
    '',
    '# Expect .ssh/authorized_keys2 to be disregarded by default in future.',
    '#AuthorizedKeysFile\t.ssh/authorized_keys .ssh/authorized_keys2',
    '',
    '#AuthorizedPrincipalsFile none',
    '',
    '#AuthorizedKeysCommand none',
    '#AuthorizedKeysCommandUser nobody',
    '',
    '# For this to work you will also need host keys in /etc/ssh/ssh_known_hosts',
    '#HostbasedAuthentication no',
    "# Change to yes if you don't trust ~/.ssh/known_hosts for",
    '# HostbasedAuthentication',
    '#IgnoreUserKnownHosts no',
    "# Don't read the user's ~/.rhosts and ~/.shosts files",
    '#IgnoreRhosts yes',
    '',
    '# To disable tunneled clear text passwords, change to no here!',
    'PasswordAuthentication yes',
    '#PermitEmptyPasswords no',
    '',
    '# Change to yes to enable challenge-response passwords (beware issues with',
    '# some PAM modules and threads)',
    'KbdInteractiveAuthentication no',
    '',
    '# Kerberos options',
    '#KerberosAuthentication no',
    '#KerberosOrLocalPasswd yes',
    '#KerberosTicketCleanup yes',
    '#KerberosGetAFSToken no',
    '',
    '# GSSAPI options',
    '#GSSAPIAuthentication no',
    '#GSSAPICleanupCredentials yes',
    '',
    ...(family === 'alpine' ? ['#UsePAM no'] : ['UsePAM yes']),
    '',
    '#AllowAgentForwarding yes',
    '#AllowTcpForwarding yes',
    '#GatewayPorts no',
    family === 'alpine' ? '#X11Forwarding no' : 'X11Forwarding yes',
    '#X11DisplayOffset 10',
    '#X11UseLocalhost yes',
    '#PermitTTY yes',
    family === 'debian' ? 'PrintMotd no' : '#PrintMotd yes',
    '#PrintLastLog yes',
    '#TCPKeepAlive yes',
    '#PermitUserEnvironment no',
    '#Compression delayed',
    '#ClientAliveInterval 0',
    '#ClientAliveCountMax 3',
    '#UseDNS no',
    '#PidFile /var/run/sshd.pid',
    '#MaxStartups 10:30:100',
    '#PermitTunnel no',
    '#ChrootDirectory none',
    '#VersionAddendum none',
    '',
    '# no default banner path',
    '#Banner none',
    '',
    ...(family === 'debian'
      ? ['# Allow client to pass locale environment variables', 'AcceptEnv LANG LC_*', '']
      : []),
    '# override default of no subsystems',
    `Subsystem\tsftp\t${sftp}`,
    '',
    '# Example of overriding settings on a per-user basis',
    '#Match User anoncvs',
    '#\tX11Forwarding no',
    '#\tAllowTcpForwarding no',
    '#\tPermitTTY no',
    '#\tForceCommand cvs server',
  );
}

const SUDOERS_D_README = lines(
  '#',
  '# The default /etc/sudoers file created on installation of the',
  '# sudo  package now includes the directive:',
  '# ',
  '# \t@includedir /etc/sudoers.d',
  '# ',
  '# This will cause sudo to read and parse any files in the /etc/sudoers.d ',
  "# directory that do not end in '~' or contain a '.' character.",
  '# ',
  '# Note that there must be at least one file in the sudoers.d directory (this',
  '# one will do).',
  '# ',
  '# Note also, that because sudoers contents can vary widely, no attempt is ',
  '# made to add this directive to existing sudoers files on upgrade.  Feel free',
  '# to add the above directive to the end of your /etc/sudoers file to enable ',
  '# this functionality for existing installations if you wish! Sudo',
  '# versions older than the one in Debian 11 (bullseye) require the',
  '# directive will only support the old syntax #includedir, and the current',
  '# sudo will happily accept both @includedir and #includedir',
  '#',
  '# Finally, please note that using the visudo command is the recommended way',
  '# to update sudoers content, since it protects against many failure modes.',
  '# See the man page for visudo and sudoers for more information.',
  '#',
);

function sudoers(ctx: SeedContext): string {
  if (ctx.family === 'debian') {
    return lines(
      '#',
      "# This file MUST be edited with the 'visudo' command as root.",
      '#',
      '# Please consider adding local content in /etc/sudoers.d/ instead of',
      '# directly modifying this file.',
      '#',
      '# See the man page for details on how to write a sudoers file.',
      '#',
      'Defaults\tenv_reset',
      'Defaults\tmail_badpass',
      'Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
      '',
      '# This fixes CVE-2005-4890 and possibly breaks some versions of kdesu',
      '# (#1011624, https://bugzilla.sudo.ws/show_bug.cgi?id=1011)',
      'Defaults\tuse_pty',
      '',
      '# Host alias specification',
      '',
      '# User alias specification',
      '',
      '# Cmnd alias specification',
      '',
      '# User privilege specification',
      'root\tALL=(ALL:ALL) ALL',
      '',
      '# Allow members of group sudo to execute any command',
      '%sudo\tALL=(ALL:ALL) ALL',
      '',
      '# See sudoers(5) for more information on "@include" directives:',
      '',
      '@includedir /etc/sudoers.d',
    );
  }
  return lines(
    '## Sudoers allows particular users to run various commands as',
    '## the root user, without needing the root password.',
    '##',
    "## This file must be edited with the 'visudo' command.",
    '',
    'Defaults   !visiblepw',
    '',
    'Defaults    always_set_home',
    'Defaults    match_group_by_gid',
    '',
    'Defaults    env_reset',
    'Defaults    env_keep =  "COLORS DISPLAY HOSTNAME HISTSIZE KDEDIR LS_COLORS"',
    'Defaults    env_keep += "MAIL QTDIR USERNAME LANG LC_ADDRESS LC_CTYPE"',
    '',
    'Defaults    secure_path = /sbin:/bin:/usr/sbin:/usr/bin',
    '',
    '## Allow root to run any commands anywhere ',
    'root\tALL=(ALL) \tALL',
    '',
    '## Allows people in group wheel to run all commands',
    '%wheel\tALL=(ALL)\tALL',
    '',
    '## Same thing without a password',
    '# %wheel\tALL=(ALL)\tNOPASSWD: ALL',
    '',
    '## Read drop-in files from /etc/sudoers.d (the # here does not mean a comment)',
    '#includedir /etc/sudoers.d',
  );
}

function shells(ctx: SeedContext): string {
  switch (ctx.family) {
    case 'rhel':
      return lines('/bin/sh', '/bin/bash', '/usr/bin/sh', '/usr/bin/bash');
    case 'alpine':
      return lines('# valid login shells', '/bin/sh', '/bin/ash');
    case 'busybox':
      return lines('/bin/sh');
    case 'arch':
      return lines(
        '#',
        '# /etc/shells',
        '#',
        '',
        '/bin/sh',
        '/bin/bash',
        '/usr/bin/git-shell',
        '',
        '# End of file',
      );
    default:
      return lines(
        '# /etc/shells: valid login shells',
        '/bin/sh',
        '/usr/bin/sh',
        '/bin/bash',
        '/usr/bin/bash',
        '/bin/rbash',
        '/usr/bin/rbash',
        '/usr/bin/dash',
        ...(ctx.machine.distro.name === 'kali' ? ['/bin/zsh', '/usr/bin/zsh'] : []),
        ...(ctx.machine.distro.name.startsWith('ubuntu') ? ['/usr/bin/tmux', '/usr/bin/screen'] : []),
      );
  }
}

/** /etc/motd as shipped: Debian's licence text, Alpine's welcome, an empty file on Red Hat. */
function motdFile(ctx: SeedContext): string | null {
  const name = ctx.machine.distro.name;
  if (name === 'debian12' || name === 'kali') {
    const label = name === 'kali' ? 'Kali GNU/Linux' : 'Debian GNU/Linux';
    return lines(
      '',
      `The programs included with the ${label} system are free software;`,
      'the exact distribution terms for each program are described in the',
      'individual files in /usr/share/doc/*/copyright.',
      '',
      `${label} comes with ABSOLUTELY NO WARRANTY, to the extent`,
      'permitted by applicable law.',
    );
  }
  if (ctx.family === 'alpine') {
    return lines(
      'Welcome to Alpine!',
      '',
      'The Alpine Wiki contains a large amount of how-to guides and general',
      'information about administrating Alpine systems.',
      'See <https://wiki.alpinelinux.org/>.',
      '',
      'You can setup the system with the command: setup-alpine',
      '',
      'You may change this message by editing /etc/motd.',
      '',
    );
  }
  if (ctx.family === 'rhel') return '';
  return null;
}

function seedShellProfiles(ctx: SeedContext): void {
  const { tree, family } = ctx;
  const r = ctx.releaseMs;
  if (family === 'debian') {
    tree.file('/etc/profile', DEBIAN_PROFILE, { mtimeMs: r });
    tree.file(
      '/etc/bash.bashrc',
      '# System-wide .bashrc file for interactive bash(1) shells.\n\n# If not running interactively, don\'t do anything\n[ -z "$PS1" ] && return\n\n# check the window size after each command and, if necessary,\n# update the values of LINES and COLUMNS.\nshopt -s checkwinsize\n',
      { mtimeMs: r },
    );
    tree.file('/etc/skel/.bashrc', SKEL_BASHRC, { mtimeMs: r });
    tree.file('/etc/skel/.profile', SKEL_PROFILE, { mtimeMs: r });
    tree.file('/etc/skel/.bash_logout', SKEL_BASH_LOGOUT, { mtimeMs: r });
  } else if (family === 'rhel' || family === 'arch') {
    tree.file(
      '/etc/profile',
      '# /etc/profile\n\n# System wide environment and startup programs, for login setup\n# Functions and aliases go in /etc/bashrc\n\npathmunge () {\n    case ":$\u007bPATH}:" in\n        *:"$1":*)\n            ;;\n        *)\n            if [ "$2" = "after" ] ; then\n                PATH=$PATH:$1\n            else\n                PATH=$1:$PATH\n            fi\n    esac\n}\n',
      { mtimeMs: r },
    );
    tree.file(
      '/etc/bashrc',
      '# /etc/bashrc\n\n# System wide functions and aliases\n# Environment stuff goes in /etc/profile\n',
      { mtimeMs: r },
    );
    tree.file('/etc/skel/.bashrc', RHEL_BASHRC, { mtimeMs: r });
    tree.file('/etc/skel/.bash_profile', RHEL_BASH_PROFILE, { mtimeMs: r });
    tree.file('/etc/skel/.bash_logout', '# ~/.bash_logout\n', { mtimeMs: r });
  } else {
    tree.file(
      '/etc/profile',
      'export CHARSET=UTF-8\nexport LANG=C.UTF-8\nexport PAGER=less\nexport PS1=\'\\h:\\w\\$ \'\numask 022\n\nfor script in /etc/profile.d/*.sh ; do\n\tif [ -r "$script" ] ; then\n\t\t. "$script"\n\tfi\ndone\nunset script\n',
      { mtimeMs: r },
    );
    tree.dir('/etc/skel');
  }
  tree.dir('/etc/profile.d');
}

function seedNetwork(ctx: SeedContext): void {
  const { tree, machine, family } = ctx;
  const n = machine.network;
  const t = ctx.installMs;
  const cidr = `${n.ip}/${n.prefixLength}`;
  if (machine.distro.name.startsWith('ubuntu')) {
    tree.file(
      '/etc/netplan/00-installer-config.yaml',
      lines(
        "# This is the network config written by 'subiquity'",
        'network:',
        '  ethernets:',
        `    ${n.iface}:`,
        '      addresses:',
        `      - ${cidr}`,
        '      nameservers:',
        '        addresses:',
        `        - ${n.gateway}`,
        '        search: []',
        '      routes:',
        '      - to: default',
        `        via: ${n.gateway}`,
        '  version: 2',
      ),
      { mode: 0o600, mtimeMs: t },
    );
  } else if (family === 'debian' || family === 'alpine') {
    tree.file(
      '/etc/network/interfaces',
      family === 'alpine'
        ? lines(
            'auto lo',
            'iface lo inet loopback',
            '',
            `auto ${n.iface}`,
            `iface ${n.iface} inet static`,
            `\taddress ${cidr}`,
            `\tgateway ${n.gateway}`,
          )
        : lines(
            '# This file describes the network interfaces available on your system',
            '# and how to activate them. For more information, see interfaces(5).',
            '',
            'source /etc/network/interfaces.d/*',
            '',
            '# The loopback network interface',
            'auto lo',
            'iface lo inet loopback',
            '',
            '# The primary network interface',
            `allow-hotplug ${n.iface}`,
            `iface ${n.iface} inet static`,
            `\taddress ${cidr}`,
            `\tgateway ${n.gateway}`,
            '\t# dns-* options are implemented by the resolvconf package, if installed',
            `\tdns-nameservers ${n.gateway}`,
          ),
      { mtimeMs: t },
    );
    tree.dir('/etc/network/interfaces.d');
  } else if (machine.distro.name === 'centos7') {
    tree.file(
      `/etc/sysconfig/network-scripts/ifcfg-${n.iface}`,
      lines(
        'TYPE=Ethernet',
        'PROXY_METHOD=none',
        'BROWSER_ONLY=no',
        'BOOTPROTO=none',
        'DEFROUTE=yes',
        'IPV4_FAILURE_FATAL=no',
        `NAME=${n.iface}`,
        `UUID=${uuid(ctx.random('nm'))}`,
        `DEVICE=${n.iface}`,
        'ONBOOT=yes',
        `IPADDR=${n.ip}`,
        `PREFIX=${n.prefixLength}`,
        `GATEWAY=${n.gateway}`,
        `DNS1=${n.gateway}`,
      ),
      { mtimeMs: t },
    );
  } else if (family === 'rhel') {
    tree.file(
      `/etc/NetworkManager/system-connections/${n.iface}.nmconnection`,
      lines(
        '[connection]',
        `id=${n.iface}`,
        `uuid=${uuid(ctx.random('nm'))}`,
        'type=ethernet',
        'autoconnect-priority=-999',
        `interface-name=${n.iface}`,
        '',
        '[ethernet]',
        '',
        '[ipv4]',
        `address1=${cidr},${n.gateway}`,
        `dns=${n.gateway};`,
        'method=manual',
        '',
        '[ipv6]',
        'addr-gen-mode=eui64',
        'method=auto',
        '',
        '[proxy]',
      ),
      { mode: 0o600, mtimeMs: t },
    );
  }
}

function seedPackageConfig(ctx: SeedContext): void {
  const { tree, machine, family } = ctx;
  const r = ctx.releaseMs;
  switch (machine.distro.name) {
    case 'debian12':
      tree.file(
        '/etc/apt/sources.list',
        lines(
          'deb http://deb.debian.org/debian/ bookworm main non-free-firmware',
          'deb-src http://deb.debian.org/debian/ bookworm main non-free-firmware',
          '',
          'deb http://security.debian.org/debian-security bookworm-security main non-free-firmware',
          'deb-src http://security.debian.org/debian-security bookworm-security main non-free-firmware',
          '',
          '# bookworm-updates, to get updates before a point release is made;',
          '# see https://www.debian.org/doc/manuals/debian-reference/ch02.en.html#_updates_and_backports',
          'deb http://deb.debian.org/debian/ bookworm-updates main non-free-firmware',
          'deb-src http://deb.debian.org/debian/ bookworm-updates main non-free-firmware',
        ),
        { mtimeMs: ctx.installMs },
      );
      break;
    case 'ubuntu22':
    case 'ubuntu20': {
      const code = machine.distro.name === 'ubuntu22' ? 'jammy' : 'focal';
      tree.file(
        '/etc/apt/sources.list',
        lines(
          `# See http://help.ubuntu.com/community/UpgradeNotes for how to upgrade to`,
          '# newer versions of the distribution.',
          `deb http://archive.ubuntu.com/ubuntu ${code} main restricted`,
          `# deb-src http://archive.ubuntu.com/ubuntu ${code} main restricted`,
          '',
          `deb http://archive.ubuntu.com/ubuntu ${code}-updates main restricted`,
          `deb http://archive.ubuntu.com/ubuntu ${code} universe`,
          `deb http://archive.ubuntu.com/ubuntu ${code}-updates universe`,
          `deb http://archive.ubuntu.com/ubuntu ${code} multiverse`,
          `deb http://archive.ubuntu.com/ubuntu ${code}-updates multiverse`,
          `deb http://archive.ubuntu.com/ubuntu ${code}-backports main restricted universe multiverse`,
          `deb http://security.ubuntu.com/ubuntu ${code}-security main restricted`,
          `deb http://security.ubuntu.com/ubuntu ${code}-security universe`,
          `deb http://security.ubuntu.com/ubuntu ${code}-security multiverse`,
        ),
        { mtimeMs: ctx.installMs },
      );
      break;
    }
    case 'kali':
      tree.file(
        '/etc/apt/sources.list',
        lines(
          '# See https://www.kali.org/docs/general-use/kali-linux-sources-list-repositories/',
          'deb http://http.kali.org/kali kali-rolling main contrib non-free non-free-firmware',
          '',
          '# Additional line for source packages',
          '# deb-src http://http.kali.org/kali kali-rolling main contrib non-free non-free-firmware',
        ),
        { mtimeMs: ctx.installMs },
      );
      break;
    case 'rocky9':
      tree.file(
        '/etc/yum.repos.d/rocky.repo',
        lines(
          '# rocky.repo',
          '#',
          '# The mirrorlist system uses the connecting IP address of the client and the',
          '# update status of each mirror to pick current mirrors that are geographically',
          '# close to the client.  You should use this for Rocky updates unless you are',
          '# manually picking other mirrors.',
          '#',
          '',
          '[baseos]',
          'name=Rocky Linux $releasever - BaseOS',
          'mirrorlist=https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=BaseOS-$releasever$rltype',
          '#baseurl=http://dl.rockylinux.org/$contentdir/$releasever/BaseOS/$basearch/os/',
          'gpgcheck=1',
          'enabled=1',
          'countme=1',
          'metadata_expire=6h',
          'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9',
          '',
          '[appstream]',
          'name=Rocky Linux $releasever - AppStream',
          'mirrorlist=https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=AppStream-$releasever$rltype',
          '#baseurl=http://dl.rockylinux.org/$contentdir/$releasever/AppStream/$basearch/os/',
          'gpgcheck=1',
          'enabled=1',
          'countme=1',
          'metadata_expire=6h',
          'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9',
        ),
        { mtimeMs: r },
      );
      tree.file(
        '/etc/dnf/dnf.conf',
        lines(
          '[main]',
          'gpgcheck=1',
          'installonly_limit=3',
          'clean_requirements_on_remove=True',
          'best=True',
          'skip_if_unavailable=False',
        ),
        { mtimeMs: r },
      );
      break;
    case 'centos7':
      tree.file(
        '/etc/yum.repos.d/CentOS-Base.repo',
        lines(
          '# CentOS-Base.repo',
          '#',
          '# The mirror system uses the connecting IP address of the client and the',
          '# update status of each mirror to pick mirrors that are updated to and',
          '# geographically close to the client.  You should use this for CentOS updates',
          '# unless you are manually picking other mirrors.',
          '#',
          '',
          '[base]',
          'name=CentOS-$releasever - Base',
          'mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=os&infra=$infra',
          '#baseurl=http://mirror.centos.org/centos/$releasever/os/$basearch/',
          'gpgcheck=1',
          'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7',
          '',
          '#released updates ',
          '[updates]',
          'name=CentOS-$releasever - Updates',
          'mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=updates&infra=$infra',
          '#baseurl=http://mirror.centos.org/centos/$releasever/updates/$basearch/',
          'gpgcheck=1',
          'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7',
        ),
        { mtimeMs: r },
      );
      tree.file(
        '/etc/yum.conf',
        lines(
          '[main]',
          'cachedir=/var/cache/yum/$basearch/$releasever',
          'keepcache=0',
          'debuglevel=2',
          'logfile=/var/log/yum.log',
          'exactarch=1',
          'obsoletes=1',
          'gpgcheck=1',
          'plugins=1',
          'installonly_limit=5',
          'bugtracker_url=http://bugs.centos.org/set_project.php?project_id=23&ref=http://bugs.centos.org/bug_report_page.php?category=yum',
          'distroverpkg=centos-release',
        ),
        { mtimeMs: r },
      );
      break;
    case 'fedora39':
      tree.file(
        '/etc/yum.repos.d/fedora.repo',
        lines(
          '[fedora]',
          'name=Fedora $releasever - $basearch',
          '#baseurl=http://download.example/pub/fedora/linux/releases/$releasever/Everything/$basearch/os/',
          'metalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch',
          'enabled=1',
          'countme=1',
          'metadata_expire=7d',
          'repo_gpgcheck=0',
          'type=rpm',
          'gpgcheck=1',
          'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch',
          'skip_if_unavailable=False',
        ),
        { mtimeMs: r },
      );
      break;
    case 'alpine319':
      tree.file(
        '/etc/apk/repositories',
        lines(
          'https://dl-cdn.alpinelinux.org/alpine/v3.19/main',
          'https://dl-cdn.alpinelinux.org/alpine/v3.19/community',
        ),
        { mtimeMs: ctx.installMs },
      );
      tree.file(
        '/etc/apk/world',
        lines(
          'alpine-base',
          'chrony',
          'openssh',
          ...(machine.persona.archetype === 'web-server' ? ['nginx'] : []),
        ),
        { mtimeMs: ctx.installMs },
      );
      break;
    case 'arch':
      tree.file(
        '/etc/pacman.conf',
        lines(
          '#',
          '# /etc/pacman.conf',
          '#',
          '# See the pacman.conf(5) manpage for option and repository directives',
          '',
          '[options]',
          'HoldPkg     = pacman glibc',
          'Architecture = auto',
          'CheckSpace',
          'ParallelDownloads = 5',
          'SigLevel    = Required DatabaseOptional',
          'LocalFileSigLevel = Optional',
          '',
          '[core]',
          'Include = /etc/pacman.d/mirrorlist',
          '',
          '[extra]',
          'Include = /etc/pacman.d/mirrorlist',
        ),
        { mtimeMs: r },
      );
      tree.file(
        '/etc/pacman.d/mirrorlist',
        lines(
          '##',
          '## Arch Linux repository mirrorlist',
          '##',
          '',
          'Server = https://geo.mirror.pkgbuild.com/$repo/os/$arch',
          'Server = https://mirror.rackspace.com/archlinux/$repo/os/$arch',
        ),
        { mtimeMs: r },
      );
      break;
    default:
      break;
  }
  if (family === 'debian') tree.dir('/etc/apt/sources.list.d');
}

/** Configuration of the daemons the archetype runs (the web root, database and mail configs). */
function seedArchetypeConfig(ctx: SeedContext): void {
  const { tree, machine, family } = ctx;
  const archetype = machine.persona.archetype ?? '';
  const r = ctx.releaseMs;
  const server = machine.distro.httpServer.toLowerCase();
  const webLike = ['web-server', 'linux-server', 'dev-box', 'nas', 'monitoring-node', 'voip-server'].includes(
    archetype,
  );
  if (webLike && family !== 'busybox') {
    if (server.startsWith('nginx')) {
      tree.file(
        '/etc/nginx/nginx.conf',
        NGINX_CONF(family === 'debian' ? 'www-data' : family === 'arch' ? 'http' : 'nginx'),
        { mtimeMs: r },
      );
      if (family === 'debian') {
        tree.file('/etc/nginx/sites-available/default', NGINX_SITE, { mtimeMs: r });
        tree.symlink('/etc/nginx/sites-enabled/default', '/etc/nginx/sites-available/default', {
          mtimeMs: ctx.installMs,
        });
      }
    } else if (family === 'rhel') {
      tree.file(
        '/etc/httpd/conf/httpd.conf',
        '#\n# This is the main Apache HTTP server configuration file.  It contains the\n# configuration directives that give the server its instructions.\n#\nServerRoot "/etc/httpd"\n\nListen 80\n\nInclude conf.modules.d/*.conf\n\nUser apache\nGroup apache\n\nServerAdmin root@localhost\n\nDocumentRoot "/var/www/html"\n',
        { mtimeMs: r },
      );
    } else {
      tree.file(
        '/etc/apache2/apache2.conf',
        '# This is the main Apache server configuration file.  It contains the\n# configuration directives that give the server its instructions.\n# See http://httpd.apache.org/docs/2.4/ for detailed information about\n# the directives and /usr/share/doc/apache2/README.Debian about Debian specific\n# hints.\n\nDefaultRuntimeDir $\u007bAPACHE_RUN_DIR}\nPidFile $\u007bAPACHE_PID_FILE}\nTimeout 300\nKeepAlive On\nMaxKeepAliveRequests 100\nKeepAliveTimeout 5\n\nUser $\u007bAPACHE_RUN_USER}\nGroup $\u007bAPACHE_RUN_GROUP}\n\nHostnameLookups Off\nErrorLog $\u007bAPACHE_LOG_DIR}/error.log\nLogLevel warn\n\nIncludeOptional mods-enabled/*.load\nIncludeOptional mods-enabled/*.conf\nInclude ports.conf\n\nAccessFileName .htaccess\n\nIncludeOptional conf-enabled/*.conf\nIncludeOptional sites-enabled/*.conf\n',
        { mtimeMs: r },
      );
      tree.file(
        '/etc/apache2/ports.conf',
        '# If you just change the port or add more ports here, you will likely also\n# have to change the VirtualHost statement in\n# /etc/apache2/sites-enabled/000-default.conf\n\nListen 80\n\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n\n<IfModule mod_gnutls.c>\n\tListen 443\n</IfModule>\n',
        { mtimeMs: r },
      );
    }
  }
  if (archetype === 'database-server') {
    if (family === 'debian') {
      tree.file(
        '/etc/mysql/my.cnf',
        '# The MariaDB configuration file\n#\n# The MariaDB/MySQL tools read configuration files in the following order:\n# 0. "/etc/mysql/my.cnf" symlinks to this file, reason why all the rest is read.\n# 1. "/etc/mysql/mariadb.cnf" (this file) to set global defaults,\n# 2. "/etc/mysql/conf.d/*.cnf" to set global options.\n# 3. "/etc/mysql/mariadb.conf.d/*.cnf" to set MariaDB-only options.\n# 4. "~/.my.cnf" to set user-specific options.\n\n[client-server]\nsocket = /run/mysqld/mysqld.sock\n\n!includedir /etc/mysql/conf.d/\n!includedir /etc/mysql/mariadb.conf.d/\n',
        { mtimeMs: r },
      );
      tree.file(
        '/etc/mysql/debian.cnf',
        `# Automatically generated for Debian scripts. DO NOT TOUCH!\n[client]\nhost     = localhost\nuser     = debian-sys-maint\npassword = ${hex(ctx.random('debian-cnf'), 16)}\nsocket   = /var/run/mysqld/mysqld.sock\n[mysql_upgrade]\nhost     = localhost\nuser     = debian-sys-maint\npassword = ${hex(ctx.random('debian-cnf'), 16)}\nsocket   = /var/run/mysqld/mysqld.sock\n`,
        { mode: 0o600, mtimeMs: ctx.installMs },
      );
    } else {
      tree.file(
        '/etc/my.cnf',
        '#\n# This group is read both both by the client and the server\n# use it for options that affect everything\n#\n[client-server]\n\n#\n# include all files from the config directory\n#\n!includedir /etc/my.cnf.d\n\n',
        { mtimeMs: r },
      );
    }
    tree.file(
      '/etc/redis/redis.conf',
      'bind 127.0.0.1 -::1\nprotected-mode yes\nport 6379\ntcp-backlog 511\ntimeout 0\ntcp-keepalive 300\ndaemonize yes\npidfile /run/redis/redis-server.pid\nloglevel notice\nlogfile /var/log/redis/redis-server.log\ndatabases 16\n',
      { mode: 0o640, mtimeMs: r },
    );
  }
  if (archetype === 'mail-server') {
    tree.file(
      '/etc/postfix/main.cf',
      `smtpd_banner = $myhostname ESMTP $mail_name\nbiff = no\nappend_dot_mydomain = no\nreadme_directory = no\ncompatibility_level = 3.6\nsmtpd_tls_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem\nsmtpd_tls_key_file=/etc/ssl/private/ssl-cert-snakeoil.key\nsmtpd_tls_security_level=may\nmyhostname = ${machine.hostname}\nalias_maps = hash:/etc/aliases\nalias_database = hash:/etc/aliases\nmydestination = $myhostname, localhost.localdomain, localhost\nrelayhost =\nmynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128\nmailbox_size_limit = 0\nrecipient_delimiter = +\ninet_interfaces = all\ninet_protocols = all\n`,
      { mtimeMs: ctx.installMs },
    );
    tree.file('/etc/aliases', '# See man 5 aliases for format\npostmaster:    root\n', {
      mtimeMs: ctx.installMs,
    });
  }
}

const NSSWITCH = lines(
  '# /etc/nsswitch.conf',
  '#',
  '# Example configuration of GNU Name Service Switch functionality.',
  "# If you have the `glibc-doc-reference' and `info' packages installed, try:",
  '# `info libc "Name Service Switch"\' for information about this file.',
  '',
  'passwd:         files systemd',
  'group:          files systemd',
  'shadow:         files',
  'gshadow:        files',
  '',
  'hosts:          files dns',
  'networks:       files',
  '',
  'protocols:      db files',
  'services:       db files',
  'ethers:         db files',
  'rpc:            db files',
  '',
  'netgroup:       nis',
);

const LOGIN_DEFS = lines(
  '#',
  '# /etc/login.defs - Configuration control definitions for the login package.',
  '#',
  'MAIL_DIR        /var/mail',
  'FAILLOG_ENAB\t\tyes',
  'LOG_UNKFAIL_ENAB\tno',
  'LOG_OK_LOGINS\t\tno',
  'SYSLOG_SU_ENAB\t\tyes',
  'SYSLOG_SG_ENAB\t\tyes',
  'FTMP_FILE\t/var/log/btmp',
  'SU_NAME\t\tsu',
  'HUSHLOGIN_FILE\t.hushlogin',
  'ENV_SUPATH\tPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'ENV_PATH\tPATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games',
  'TTYGROUP\ttty',
  'TTYPERM\t\t0600',
  'ERASECHAR\t0177',
  'KILLCHAR\t025',
  'UMASK\t\t022',
  'PASS_MAX_DAYS\t99999',
  'PASS_MIN_DAYS\t0',
  'PASS_WARN_AGE\t7',
  'UID_MIN\t\t\t 1000',
  'UID_MAX\t\t\t60000',
  'SYS_UID_MIN\t\t  100',
  'SYS_UID_MAX\t\t  999',
  'GID_MIN\t\t\t 1000',
  'GID_MAX\t\t\t60000',
  'SYS_GID_MIN\t\t  100',
  'SYS_GID_MAX\t\t  999',
  'LOGIN_RETRIES\t\t5',
  'LOGIN_TIMEOUT\t\t60',
  'CHFN_RESTRICT\t\trwh',
  'DEFAULT_HOME\tyes',
  'USERGROUPS_ENAB yes',
  'ENCRYPT_METHOD SHA512',
);

const INITTAB: Record<'alpine' | 'busybox', string> = {
  alpine: lines(
    '# /etc/inittab',
    '',
    '::sysinit:/sbin/openrc sysinit',
    '::sysinit:/sbin/openrc boot',
    '::wait:/sbin/openrc default',
    '',
    "# Set up a couple of getty's",
    'tty1::respawn:/sbin/getty 38400 tty1',
    'tty2::respawn:/sbin/getty 38400 tty2',
    'tty3::respawn:/sbin/getty 38400 tty3',
    'tty4::respawn:/sbin/getty 38400 tty4',
    'tty5::respawn:/sbin/getty 38400 tty5',
    'tty6::respawn:/sbin/getty 38400 tty6',
    '',
    '# Put a getty on the serial port',
    '#ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100',
    '',
    '# Stuff to do for the 3-finger salute',
    '::ctrlaltdel:/sbin/reboot',
    '',
    '# Stuff to do before rebooting',
    '::shutdown:/sbin/openrc shutdown',
  ),
  busybox: lines(
    '# /etc/inittab',
    '#',
    '# Copyright (C) 2001 Erik Andersen <andersen@codepoet.org>',
    '#',
    "# Note: BusyBox init doesn't support runlevels.  The runlevels field is",
    '# completely ignored by BusyBox init. If you want runlevels, use',
    '# sysvinit.',
    '',
    '# Startup the system',
    '::sysinit:/bin/mount -t proc proc /proc',
    '::sysinit:/bin/mount -o remount,rw /',
    '::sysinit:/bin/mkdir -p /dev/pts /dev/shm',
    '::sysinit:/bin/mount -a',
    '::sysinit:/bin/hostname -F /etc/hostname',
    '# now run any rc scripts',
    '::sysinit:/etc/init.d/rcS',
    '',
    '# Put a getty on the serial port',
    'console::respawn:/sbin/getty -L  console 0 vt100 # GENERIC_SERIAL',
    '',
    '# Stuff to do for the 3-finger salute',
    '#::ctrlaltdel:/sbin/reboot',
    '',
    '# Stuff to do before rebooting',
    '::shutdown:/etc/init.d/rcK',
    '::shutdown:/bin/umount -a -r',
  ),
};

const DEBIAN_PROFILE = `# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
# and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

if [ "$(id -u)" -eq 0 ]; then
  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
else
  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
fi
export PATH

if [ "\${PS1-}" ]; then
  if [ "\${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    # The file bash.bashrc already sets the default PS1.
    # PS1='\\h:\\w\\$ '
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  else
    if [ "$(id -u)" -eq 0 ]; then
      PS1='# '
    else
      PS1='$ '
    fi
  fi
fi

if [ -d /etc/profile.d ]; then
  for i in /etc/profile.d/*.sh; do
    if [ -r $i ]; then
      . $i
    fi
  done
  unset i
fi
`;

export const SKEL_BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.
# see /usr/share/doc/bash/examples/startup-files (in the package bash-doc)
# for examples

# If not running interactively, don't do anything
case $- in
    *i*) ;;
      *) return;;
esac

# don't put duplicate lines or lines starting with space in the history.
# See bash(1) for more options
HISTCONTROL=ignoreboth

# append to the history file, don't overwrite it
shopt -s histappend

# for setting history length see HISTSIZE and HISTFILESIZE in bash(1)
HISTSIZE=1000
HISTFILESIZE=2000

# check the window size after each command and, if necessary,
# update the values of LINES and COLUMNS.
shopt -s checkwinsize

# make less more friendly for non-text input files, see lesspipe(1)
#[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"

# set a fancy prompt (non-color, unless we know we "want" color)
case "$TERM" in
    xterm-color|*-256color) color_prompt=yes;;
esac

if [ "$color_prompt" = yes ]; then
    PS1='\${debian_chroot:+($debian_chroot)}\\[\\033[01;32m\\]\\u@\\h\\[\\033[00m\\]:\\[\\033[01;34m\\]\\w\\[\\033[00m\\]\\$ '
else
    PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
fi
unset color_prompt force_color_prompt

# enable color support of ls and also add handy aliases
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
    #alias dir='dir --color=auto'
    #alias vdir='vdir --color=auto'

    #alias grep='grep --color=auto'
    #alias fgrep='fgrep --color=auto'
    #alias egrep='egrep --color=auto'
fi

# some more ls aliases
#alias ll='ls -l'
#alias la='ls -A'
#alias l='ls -CF'

# Alias definitions.
# You may want to put all your additions into a separate file like
# ~/.bash_aliases, instead of adding them here directly.
# See /usr/share/doc/bash-doc/examples in the bash-doc package.

if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi

# enable programmable completion features (you don't need to enable
# this, if it's already enabled in /etc/bash.bashrc and /etc/profile
# sources /etc/bash.bashrc).
if ! shopt -oq posix; then
  if [ -f /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
  elif [ -f /etc/bash_completion ]; then
    . /etc/bash_completion
  fi
fi
`;

export const SKEL_PROFILE = `# ~/.profile: executed by the command interpreter for login shells.
# This file is not read by bash(1), if ~/.bash_profile or ~/.bash_login
# exists.
# see /usr/share/doc/bash/examples/startup-files for examples.
# the files are located in the bash-doc package.

# the default umask is set in /etc/profile; for setting the umask
# for ssh logins, install and configure the libpam-umask package.
#umask 022

# if running bash
if [ -n "$BASH_VERSION" ]; then
    # include .bashrc if it exists
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi

# set PATH so it includes user's private bin if it exists
if [ -d "$HOME/bin" ] ; then
    PATH="$HOME/bin:$PATH"
fi

# set PATH so it includes user's private bin if it exists
if [ -d "$HOME/.local/bin" ] ; then
    PATH="$HOME/.local/bin:$PATH"
fi
`;

export const SKEL_BASH_LOGOUT = `# ~/.bash_logout: executed by bash(1) when login shell exits.

# when leaving the console clear the screen to increase privacy

if [ "$SHLVL" = 1 ]; then
    [ -x /usr/bin/clear_console ] && /usr/bin/clear_console -q
fi
`;

export const RHEL_BASHRC = `# .bashrc

# Source global definitions
if [ -f /etc/bashrc ]; then
	. /etc/bashrc
fi

# User specific environment
if ! [[ "$PATH" =~ "$HOME/.local/bin:$HOME/bin:" ]]
then
    PATH="$HOME/.local/bin:$HOME/bin:$PATH"
fi
export PATH

# Uncomment the following line if you don't like systemctl's auto-paging feature:
# export SYSTEMD_PAGER=

# User specific aliases and functions
`;

export const RHEL_BASH_PROFILE = `# .bash_profile

# Get the aliases and functions
if [ -f ~/.bashrc ]; then
	. ~/.bashrc
fi

# User specific environment and startup programs
`;

const NGINX_CONF = (user: string) => `user ${user};
worker_processes auto;
pid /run/nginx.pid;
include /etc/nginx/modules-enabled/*.conf;

events {
	worker_connections 768;
	# multi_accept on;
}

http {

	##
	# Basic Settings
	##

	sendfile on;
	tcp_nopush on;
	types_hash_max_size 2048;
	# server_tokens off;

	include /etc/nginx/mime.types;
	default_type application/octet-stream;

	##
	# SSL Settings
	##

	ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; # Dropping SSLv3, ref: POODLE
	ssl_prefer_server_ciphers on;

	##
	# Logging Settings
	##

	access_log /var/log/nginx/access.log;
	error_log /var/log/nginx/error.log;

	##
	# Gzip Settings
	##

	gzip on;

	##
	# Virtual Host Configs
	##

	include /etc/nginx/conf.d/*.conf;
	include /etc/nginx/sites-enabled/*;
}
`;

const NGINX_SITE = `##
# You should look at the following URL's in order to grasp a solid understanding
# of Nginx configuration files in order to fully unleash the power of Nginx.
# https://www.nginx.com/resources/wiki/start/
##

# Default server configuration
#
server {
	listen 80 default_server;
	listen [::]:80 default_server;

	root /var/www/html;

	# Add index.php to the list if you are using PHP
	index index.html index.htm index.nginx-debian.html;

	server_name _;

	location / {
		# First attempt to serve request as file, then
		# as directory, then fall back to displaying a 404.
		try_files $uri $uri/ =404;
	}
}
`;
