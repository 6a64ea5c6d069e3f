/**
 * Home directories: root's and every login account's, with the distro's skeleton files, a shell
 * history of ordinary administration, and (seeded) an authorized key. Also the rest of the top-level
 * tree (/tmp, /var, /opt, /srv, /boot …) and the web root of web-like archetypes.
 */
import type { SeedAccount } from './accounts.js';
import { DAY_MS, hex, lines, type SeedContext } from './context.js';
import { RHEL_BASH_PROFILE, RHEL_BASHRC, SKEL_BASH_LOGOUT, SKEL_BASHRC, SKEL_PROFILE } from './etc.js';
import { FREEBSD_ROOT_CSHRC, FREEBSD_ROOT_PROFILE, FREEBSD_SHRC } from './freebsd.js';

export function seedHomes(ctx: SeedContext): void {
  const { tree, family } = ctx;
  const root = ctx.accounts.users[0]!;
  // FreeBSD's mtree gives /root 0750; Linux installers 0700.
  const rootMode = family === 'bsd' ? 0o750 : 0o700;
  tree.dir('/root', { mode: rootMode, mtimeMs: ctx.machine.bootMs - DAY_MS });
  tree.dir('/home', { mtimeMs: ctx.installMs });
  seedHome(ctx, root);
  for (const user of ctx.accounts.users) if (user.login && user.uid >= 1000) seedHome(ctx, user);
  if (family === 'rhel') {
    tree.file('/root/anaconda-ks.cfg', anacondaKickstart(ctx), { mode: 0o600, mtimeMs: ctx.installMs });
  }
}

function seedHome(ctx: SeedContext, user: SeedAccount): void {
  const { tree, family } = ctx;
  const home = user.home;
  const uid = user.uid;
  const gid = user.gid;
  const random = ctx.random(`home:${user.name}`);
  const t = ctx.installMs + (uid === 0 ? 0 : DAY_MS);
  const own = { uid, gid, mtimeMs: t };
  tree.dir(home, {
    // adduser(8) on FreeBSD makes homes 0755; Linux useradd 0700 (root's is 0750 on FreeBSD).
    mode: family === 'bsd' ? (uid === 0 ? 0o750 : 0o755) : 0o700,
    uid,
    gid,
    mtimeMs: ctx.machine.bootMs - random.int(1, 5) * DAY_MS,
  });
  if (family === 'debian') {
    tree.file(`${home}/.bashrc`, uid === 0 ? ROOT_BASHRC_DEBIAN : SKEL_BASHRC, own);
    tree.file(`${home}/.profile`, uid === 0 ? ROOT_PROFILE_DEBIAN : SKEL_PROFILE, own);
    if (uid !== 0) tree.file(`${home}/.bash_logout`, SKEL_BASH_LOGOUT, own);
    if (ctx.machine.distro.name.startsWith('ubuntu') && uid !== 0)
      tree.file(`${home}/.sudo_as_admin_successful`, '', own);
    tree.dir(`${home}/.cache`, { mode: 0o700, uid, gid, mtimeMs: t });
  } else if (family === 'rhel' || family === 'arch') {
    tree.file(`${home}/.bashrc`, RHEL_BASHRC, own);
    tree.file(`${home}/.bash_profile`, RHEL_BASH_PROFILE, own);
    tree.file(`${home}/.bash_logout`, '# ~/.bash_logout\n', own);
    if (family === 'rhel' && uid === 0) {
      tree.file(
        `${home}/.cshrc`,
        "# .cshrc\n\n# User specific aliases and functions\n\nalias rm 'rm -i'\nalias cp 'cp -i'\nalias mv 'mv -i'\n\nset prompt=\\[`id -nu`@`hostname -s`\\]\\#\\ \n",
        own,
      );
      tree.file(
        `${home}/.tcshrc`,
        "# .tcshrc\n\n# User specific aliases and functions\n\nalias rm 'rm -i'\nalias cp 'cp -i'\nalias mv 'mv -i'\n\nset prompt=\\[%n@%m\\ %c\\]#\\ \n",
        own,
      );
    }
  }
  if (family === 'bsd') {
    tree.file(`${home}/.cshrc`, FREEBSD_ROOT_CSHRC, own);
    tree.file(`${home}/.profile`, FREEBSD_ROOT_PROFILE, own);
    tree.file(`${home}/.shrc`, FREEBSD_SHRC, own);
    tree.file(
      `${home}/.login`,
      "# .login - csh login script, read by login shell, after `.cshrc' at login.\n",
      own,
    );
    if (uid === 0)
      tree.file(
        `${home}/.k5login`,
        '# .k5login: principals allowed to log in as root (see ksu(1))\n#root@example.com\n',
        own,
      );
    else
      tree.file(
        `${home}/.login_conf`,
        '# /etc/login.conf overrides for this user\nme:\\\n\t:charset=UTF-8:\\\n\t:lang=C.UTF-8:\n',
        own,
      );
  }
  const historyFile =
    family === 'alpine' || family === 'busybox'
      ? '.ash_history'
      : family === 'bsd'
        ? '.sh_history'
        : '.bash_history';
  tree.file(`${home}/${historyFile}`, history(ctx, user), {
    mode: 0o600,
    uid,
    gid,
    mtimeMs: ctx.machine.bootMs - random.int(0, 2) * DAY_MS - random.int(0, DAY_MS),
  });
  if (family === 'busybox') return;
  if (random.next() < 0.6) {
    tree.dir(`${home}/.ssh`, { mode: 0o700, uid, gid, mtimeMs: t });
    const workstation = random.pick(['laptop', 'workstation', 'mbp', 'desktop', 'thinkpad'] as const);
    const keyOwner = uid === 0 ? ctx.accounts.admin.name : user.name;
    tree.file(
      `${home}/.ssh/authorized_keys`,
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${random.bytes(32).toString('base64').slice(0, 43)} ${keyOwner}@${workstation}\n`,
      { mode: 0o600, uid, gid, mtimeMs: t + DAY_MS },
    );
    if (random.next() < 0.5) {
      tree.file(
        `${home}/.ssh/known_hosts`,
        `|1|${random.bytes(20).toString('base64')}|${random.bytes(20).toString('base64')} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${random.bytes(32).toString('base64').slice(0, 43)}\n`,
        { mode: 0o644, uid, gid, mtimeMs: t + 3 * DAY_MS },
      );
    }
  }
}

/** Commands an administrator of this kind of machine plausibly typed; no secrets (they would be a tell). */
function history(ctx: SeedContext, user: SeedAccount): string {
  const random = ctx.random(`history:${user.name}`);
  const family = ctx.family;
  if (family === 'bsd') return lines(...pickHistory(random, FREEBSD_HISTORY));
  const pm =
    family === 'debian'
      ? ['apt update', 'apt upgrade -y', 'apt install -y htop']
      : family === 'rhel'
        ? ctx.machine.distro.name === 'centos7'
          ? ['yum update -y', 'yum install -y epel-release']
          : ['dnf update -y', 'dnf install -y epel-release']
        : family === 'alpine'
          ? ['apk update', 'apk upgrade']
          : family === 'arch'
            ? ['pacman -Syu']
            : [];
  const sudo = user.uid === 0 ? '' : 'sudo ';
  const archetype = ctx.machine.persona.archetype ?? '';
  const server = ctx.machine.distro.httpServer.toLowerCase().startsWith('nginx')
    ? 'nginx'
    : family === 'rhel'
      ? 'httpd'
      : 'apache2';
  const specific: Record<string, string[]> = {
    'web-server': [
      `${sudo}systemctl reload ${server}`,
      `${sudo}${server === 'nginx' ? 'nginx -t' : 'apachectl configtest'}`,
      `tail -n 100 /var/log/${server}/access${server === 'httpd' ? '_log' : '.log'}`,
      'cd /var/www/html',
      'ls -la',
    ],
    'database-server': [
      `${sudo}systemctl status mysql`,
      'mysql -u root -p',
      `${sudo}du -sh /var/lib/mysql`,
      'df -h',
    ],
    'mail-server': ['mailq', `${sudo}postqueue -p`, `tail -f /var/log/mail.log`],
    'file-server': [`${sudo}smbstatus`, 'df -h', `${sudo}systemctl restart smbd`],
    'devops-host': ['docker ps', 'docker images', 'kubectl get pods -A', 'docker system prune -f'],
    'dev-box': ['docker ps', 'git status', 'git pull', 'docker compose up -d'],
    'monitoring-node': [`${sudo}systemctl status zabbix-agent`, 'tail -f /var/log/zabbix/zabbix_agentd.log'],
  };
  const common = [
    'ls -la',
    'df -h',
    'free -m',
    'uptime',
    'ip a',
    'top',
    `${sudo}systemctl status ssh${family === 'rhel' ? 'd' : ''}`,
    'exit',
  ];
  const candidates = [
    ...pm.map((c) => `${sudo}${c}`),
    ...(specific[archetype] ?? []),
    ...common,
    `${sudo}vi /etc/hosts`,
    'history',
    'w',
    'last -n 10',
    'ps aux | grep ssh',
  ];
  return lines(...pickHistory(random, candidates));
}

/** An administrator's FreeBSD habits: pkg, rc.d services, base tools (no systemctl, free or ip). */
const FREEBSD_HISTORY: readonly string[] = [
  'pkg update',
  'pkg upgrade -y',
  'freebsd-update fetch',
  'freebsd-update install',
  'service sshd restart',
  'sysrc -a',
  'ls -la',
  'df -h',
  'top',
  'uptime',
  'ifconfig',
  'sockstat -4l',
  'tail -f /var/log/messages',
  'vi /etc/rc.conf',
  'freebsd-version',
  'w',
  'ps aux | grep ssh',
];

function pickHistory(random: ReturnType<SeedContext['random']>, candidates: readonly string[]): string[] {
  const n = random.int(8, 24);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(candidates[random.int(0, candidates.length - 1)]!);
  out.push('exit');
  return out;
}

function anacondaKickstart(ctx: SeedContext): string {
  const n = ctx.machine.network;
  const random = ctx.random('kickstart');
  return lines(
    '# Generated by Anaconda 34.25.4.9',
    '# Generated by pykickstart v3.32',
    '#version=RHEL9',
    '# Use graphical install',
    'graphical',
    '',
    "%addon com_redhat_kdump --enable --reserve-mb='auto'",
    '',
    '%end',
    '',
    '# Keyboard layouts',
    "keyboard --xlayouts='us'",
    '# System language',
    'lang en_US.UTF-8',
    '',
    '# Network information',
    `network  --bootproto=static --device=${n.iface} --gateway=${n.gateway} --ip=${n.ip} --nameserver=${n.gateway} --netmask=255.255.255.0 --ipv6=auto --activate`,
    `network  --hostname=${ctx.machine.hostname}`,
    '',
    '%packages',
    '@^minimal-environment',
    '',
    '%end',
    '',
    '# Run the Setup Agent on first boot',
    'firstboot --enable',
    '',
    '# Generated using Blivet version 3.6.0',
    'ignoredisk --only-use=sda',
    'autopart',
    '# Partition clearing information',
    'clearpart --none --initlabel',
    '',
    '# System timezone',
    'timezone Etc/UTC --utc',
    '',
    '# Root password',
    `rootpw --iscrypted --allow-ssh $6$${hex(random, 16)}$${hex(random, 86)}`,
  );
}

const ROOT_BASHRC_DEBIAN = `# ~/.bashrc: executed by bash(1) for non-login shells.

# Note: PS1 and umask are already set in /etc/profile. You should not
# need this unless you want different defaults for root.
# PS1='\${debian_chroot:+($debian_chroot)}\\h:\\w\\$ '
# umask 022

# You may uncomment the following lines if you want \`ls' to be colorized:
# export LS_OPTIONS='--color=auto'
# eval "$(dircolors)"
# alias ls='ls $LS_OPTIONS'
# alias ll='ls $LS_OPTIONS -l'
# alias l='ls $LS_OPTIONS -lA'
#
# Some more alias to avoid making mistakes:
# alias rm='rm -i'
# alias cp='cp -i'
# alias mv='mv -i'
`;

const ROOT_PROFILE_DEBIAN = `# ~/.profile: executed by Bourne-compatible login shells.

if [ "$BASH" ]; then
  if [ -f ~/.bashrc ]; then
    . ~/.bashrc
  fi
fi

mesg n 2> /dev/null || true
`;

/** The rest of the top-level tree, with the modes and owners a fresh install has. */
export function seedSkeleton(ctx: SeedContext): void {
  const { tree, family, machine } = ctx;
  const t = ctx.installMs;
  const boot = machine.bootMs;
  tree.dir('/tmp', { mode: 0o1777, mtimeMs: boot + 60_000 });
  tree.dir('/var/tmp', { mode: 0o1777, mtimeMs: boot + 60_000 });
  tree.dir('/opt', { mtimeMs: t });
  tree.dir('/srv', { mtimeMs: t });
  tree.dir('/mnt', { mtimeMs: t });
  tree.dir('/media', { mtimeMs: t });
  tree.dir('/run', { mtimeMs: boot + 8000 });
  tree.dir('/run/lock', { mode: 0o1777, mtimeMs: boot });
  tree.dir('/var/cache', { mtimeMs: t });
  tree.dir('/var/lib', { mtimeMs: t });
  tree.dir('/var/local', {
    mode: family === 'debian' ? 0o2775 : 0o755,
    gid: family === 'debian' ? ctx.gidOf('staff') : 0,
    mtimeMs: t,
  });
  tree.dir('/var/mail', { mode: 0o2775, gid: ctx.gidOf('mail'), mtimeMs: t });
  tree.dir('/var/opt', { mtimeMs: t });
  tree.dir('/var/spool', { mtimeMs: t });
  tree.dir('/var/backups', { mtimeMs: boot - DAY_MS });
  if (family !== 'busybox') {
    tree.symlink('/var/run', '/run', { mtimeMs: t });
    tree.symlink('/var/lock', '/run/lock', { mtimeMs: t });
  }
  if (family === 'debian') {
    tree.dir('/var/lib/dpkg', { mtimeMs: boot - DAY_MS });
    tree.dir('/var/lib/apt/lists', { mtimeMs: boot - DAY_MS });
    tree.dir('/var/cache/apt/archives', { mtimeMs: boot - DAY_MS });
    tree.file('/var/lib/dpkg/status', '', { mtimeMs: boot - DAY_MS });
    tree.dir('/run/sshd', { mode: 0o755, mtimeMs: boot + 7000 });
  }
  if (family === 'rhel') {
    tree.dir('/var/lib/rpm', { mtimeMs: boot - DAY_MS });
    tree.dir('/var/cache/dnf', { mtimeMs: boot - DAY_MS });
    tree.file('/.autorelabel', '', { mtimeMs: t });
  }
  if (family === 'alpine') tree.dir('/var/cache/apk', { mtimeMs: t });
  if (family !== 'busybox' && family !== 'alpine')
    tree.dir('/lost+found', { mode: 0o700, mtimeMs: t - DAY_MS });
  if (machine.distro.name.startsWith('ubuntu')) {
    tree.dir('/snap/bin', { mtimeMs: t });
    tree.dir('/snap/core20', { mtimeMs: t });
    tree.dir('/snap/lxd', { mtimeMs: t });
    tree.dir('/snap/snapd', { mtimeMs: t });
    tree.file(
      '/swap.img',
      { kind: 'lazy', size: 2 * 1024 * 1024 * 1024, make: () => Buffer.alloc(4096) },
      { mode: 0o600, mtimeMs: t },
    );
  }
  seedBoot(ctx);
  seedWebRoot(ctx);
}

function seedBoot(ctx: SeedContext): void {
  const { tree, family, machine } = ctx;
  const k = machine.distro.kernel;
  const r = ctx.releaseMs;
  if (family === 'busybox') return;
  tree.dir('/boot', { mtimeMs: machine.bootMs - 2 * DAY_MS });
  const blob = (size: number) => ({
    kind: 'lazy' as const,
    size,
    make: () => Buffer.alloc(Math.min(size, 4096)),
  });
  if (family === 'alpine') {
    tree.file('/boot/vmlinuz-lts', blob(10_234_880), { mtimeMs: r });
    tree.file('/boot/initramfs-lts', blob(14_998_312), { mtimeMs: r });
    tree.file('/boot/System.map-lts', blob(5_512_911), { mtimeMs: r });
    tree.file('/boot/config-lts', blob(275_120), { mtimeMs: r });
    return;
  }
  tree.file(`/boot/vmlinuz-${k}`, blob(family === 'rhel' ? 13_891_000 : 8_192_928), {
    mode: family === 'rhel' ? 0o755 : 0o644,
    mtimeMs: r,
  });
  tree.file(
    `/boot/initrd.img-${k}`.replace('initrd.img-', family === 'rhel' ? 'initramfs-' : 'initrd.img-') +
      (family === 'rhel' ? '.img' : ''),
    blob(family === 'rhel' ? 33_580_000 : 61_400_000),
    { mode: 0o600, mtimeMs: ctx.installMs },
  );
  tree.file(`/boot/System.map-${k}`, blob(family === 'rhel' ? 8_200_000 : 83_580), {
    mode: 0o600,
    mtimeMs: r,
  });
  tree.file(`/boot/config-${k}`, blob(family === 'rhel' ? 230_000 : 264_000), { mtimeMs: r });
  tree.dir(family === 'rhel' ? '/boot/grub2' : '/boot/grub', {
    mode: family === 'rhel' ? 0o700 : 0o755,
    mtimeMs: ctx.installMs,
  });
  if (family === 'debian') {
    tree.symlink('/vmlinuz', `boot/vmlinuz-${k}`, { mtimeMs: ctx.installMs });
    tree.symlink('/initrd.img', `boot/initrd.img-${k}`, { mtimeMs: ctx.installMs });
  }
}

const APACHE_DEBIAN_INDEX_TITLE = 'Apache2 Debian Default Page: It works';

function seedWebRoot(ctx: SeedContext): void {
  const { tree, family, machine } = ctx;
  const archetype = machine.persona.archetype ?? '';
  tree.dir('/var/www', { mtimeMs: ctx.installMs });
  if (
    !['web-server', 'linux-server', 'dev-box', 'nas', 'monitoring-node', 'voip-server'].includes(archetype) ||
    family === 'busybox'
  ) {
    if (family === 'busybox') {
      tree.dir('/var/www', { mtimeMs: ctx.releaseMs });
      tree.file(
        '/var/www/index.html',
        '<html><head><meta http-equiv="refresh" content="0; url=/login.html"></head></html>\n',
        { mtimeMs: ctx.releaseMs },
      );
    }
    return;
  }
  const nginx = machine.distro.httpServer.toLowerCase().startsWith('nginx');
  const body = nginx
    ? '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n'
    : family === 'rhel'
      ? ''
      : `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n    <title>${APACHE_DEBIAN_INDEX_TITLE}</title>\n  </head>\n  <body>\n    <div class="main_page">\n      <div class="page_header floating_element">\n        <span class="floating_element">\n          Apache2 Default Page\n        </span>\n      </div>\n      <div class="content_section floating_element">\n        <div class="section_header section_header_red">\n          It works!\n        </div>\n      </div>\n    </div>\n  </body>\n</html>\n`;
  const name = nginx && family === 'debian' ? 'index.nginx-debian.html' : 'index.html';
  tree.dir('/var/www/html', { mtimeMs: ctx.installMs + DAY_MS });
  if (body) tree.file(`/var/www/html/${name}`, body, { mtimeMs: ctx.installMs + DAY_MS });
  if (nginx && family === 'debian' && ctx.random('www').next() < 0.5) {
    tree.file(
      '/var/www/html/index.html',
      `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${machine.hostname}</title></head>\n<body><p>Maintenance in progress.</p></body>\n</html>\n`,
      { mtimeMs: ctx.installMs + 5 * DAY_MS },
    );
  }
}
