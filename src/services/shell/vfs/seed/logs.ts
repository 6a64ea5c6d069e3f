/**
 * /var/log as a machine that has been administered for a while leaves it: the administrator's SSH
 * logins and sudo use, hourly cron sessions, scanners' failed logins, the boot messages, and wtmp/btmp
 * records matching those logins. Times lie before the boot (earlier uptimes) and in the boot's first
 * minutes, never in the future of any session.
 */
import type { Machine } from '../../command.js';
import { kernelLog } from '../kernel.js';
import { processTable } from '../processes.js';
import { encodeUtmp, UT_TYPE, type UtmpRecord } from '../wtmp.js';
import type { SeedAccount } from './accounts.js';
import { DAY_MS, type SeedContext } from './context.js';

/** The listening sshd's pid in the process table, so its log lines and `ps` agree. */
function sshdPid(machine: Machine): number {
  const table = processTable(machine, machine.bootMs + DAY_MS);
  return table.find((p) => p.ppid === 1 && p.command.startsWith('sshd'))?.pid ?? 701;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface AdminLogin {
  user: SeedAccount;
  from: string;
  port: number;
  pid: number;
  startMs: number;
  endMs: number;
  method: 'password' | 'publickey';
  sudo: string[];
}

const SUDO_HABITS: readonly [readonly string[], ...(readonly string[])[]] = [
  ['/usr/bin/apt update'],
  ['/usr/bin/systemctl restart sshd'],
  ['/usr/bin/tail -f /var/log/syslog'],
  [],
  ['/usr/bin/journalctl -xe'],
];

/** How many earlier administrator sessions the logs remember, and over how many days before the boot. */
const LOGIN_HISTORY = { min: 3, max: 8, days: 12 } as const;

/** The administrator's sessions before this boot (shared by auth.log, wtmp and `last`). */
export function adminLogins(ctx: SeedContext): AdminLogin[] {
  const random = ctx.random('logins');
  const admin = ctx.accounts.admin;
  const root = ctx.accounts.users[0]!;
  const net = ctx.machine.network.ip.split('.');
  const from = net.length === 4 ? `${net[0]}.${net[1]}.${net[2]}.${random.int(10, 60)}` : '10.0.0.15';
  const count = random.int(LOGIN_HISTORY.min, LOGIN_HISTORY.max);
  const out: AdminLogin[] = [];
  for (let i = 0; i < count; i++) {
    const startMs =
      ctx.machine.bootMs -
      random.int(1, LOGIN_HISTORY.days) * DAY_MS +
      random.int(8, 18) * 3_600_000 +
      random.int(0, 3_599_999);
    const user = random.next() < 0.25 ? root : admin;
    out.push({
      user,
      from:
        random.next() < 0.8
          ? from
          : `${net[0] ?? '10'}.${net[1] ?? '0'}.${net[2] ?? '0'}.${random.int(61, 120)}`,
      port: random.int(40_000, 65_000),
      pid: random.int(1_000, 60_000),
      startMs,
      endMs: startMs + random.int(2, 95) * 60_000,
      method: random.next() < 0.6 ? 'publickey' : 'password',
      sudo: user.uid === 0 ? [] : [...random.pick(SUDO_HABITS)],
    });
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

export function seedLogs(ctx: SeedContext): void {
  const { tree, machine, family } = ctx;
  const host = machine.hostname.split('.')[0] ?? machine.hostname;
  const random = ctx.random('logs');
  const logins = adminLogins(ctx);
  const boot = machine.bootMs;
  const admGid = ctx.gidOf('adm');
  const debian12 = machine.distro.name === 'debian12';
  tree.dir('/var/log', {
    mode: family === 'debian' ? 0o755 : 0o755,
    gid: family === 'debian' && machine.distro.name.startsWith('ubuntu') ? ctx.gidOf('syslog') : 0,
    mtimeMs: boot + 5000,
  });

  const stamp = (ms: number): string => {
    const d = new Date(ms);
    if (debian12) return `${d.toISOString().slice(0, 23)}${String((ms * 7) % 1000).padStart(3, '0')}+00:00`;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  };
  const bb = family === 'alpine' || family === 'busybox';
  const line = (ms: number, tag: string, msg: string, facility = 'authpriv.info') =>
    bb ? `${stamp(ms)} ${host} ${facility} ${tag}: ${msg}` : `${stamp(ms)} ${host} ${tag}: ${msg}`;

  const auth: Array<[number, string]> = [];
  const sshdTag = family === 'busybox' ? 'dropbear' : 'sshd';
  for (const l of logins) {
    const tag = `${sshdTag}[${l.pid}]`;
    if (family === 'busybox') {
      auth.push([
        l.startMs,
        line(l.startMs, tag, `Password auth succeeded for '${l.user.name}' from ${l.from}:${l.port}`),
      ]);
      auth.push([l.endMs, line(l.endMs, tag, `Exit (${l.user.name}): Disconnect received`)]);
      continue;
    }
    const fp = `SHA256:${random.bytes(32).toString('base64').replace(/=+$/, '')}`;
    auth.push([
      l.startMs,
      line(
        l.startMs,
        tag,
        `Accepted ${l.method} for ${l.user.name} from ${l.from} port ${l.port} ssh2${l.method === 'publickey' ? `: ED25519 ${fp}` : ''}`,
      ),
    ]);
    if (!bb)
      auth.push([
        l.startMs + 20,
        line(
          l.startMs + 20,
          tag,
          `pam_unix(sshd:session): session opened for user ${l.user.name}(uid=${l.user.uid}) by (uid=0)`,
        ),
      ]);
    if (family !== 'alpine' && family !== 'rhel')
      auth.push([
        l.startMs + 40,
        line(
          l.startMs + 40,
          `systemd-logind[${400 + (l.pid % 200)}]`,
          `New session ${l.pid % 97} of user ${l.user.name}.`,
        ),
      ]);
    let t = l.startMs + random.int(30, 600) * 1000;
    for (const cmd of l.sudo) {
      auth.push([
        t,
        line(
          t,
          'sudo',
          `${l.user.name.padStart(8)} : TTY=pts/0 ; PWD=/home/${l.user.name} ; USER=root ; COMMAND=${cmd}`,
        ),
      ]);
      auth.push([
        t + 5,
        line(
          t + 5,
          'sudo',
          `pam_unix(sudo:session): session opened for user root(uid=0) by ${l.user.name}(uid=${l.user.uid})`,
        ),
      ]);
      auth.push([t + 9000, line(t + 9000, 'sudo', 'pam_unix(sudo:session): session closed for user root')]);
      t += random.int(60, 900) * 1000;
    }
    auth.push([
      l.endMs,
      line(l.endMs, tag, `Received disconnect from ${l.from} port ${l.port}:11: disconnected by user`),
    ]);
    auth.push([
      l.endMs + 2,
      line(l.endMs + 2, tag, `Disconnected from user ${l.user.name} ${l.from} port ${l.port}`),
    ]);
    if (!bb)
      auth.push([
        l.endMs + 5,
        line(l.endMs + 5, tag, `pam_unix(sshd:session): session closed for user ${l.user.name}`),
      ]);
  }
  // Internet background noise: password guessing against sshd.
  const scanners = random.int(2, 6);
  for (let i = 0; i < scanners; i++) {
    const ms = boot - random.int(1, 9) * DAY_MS + random.int(0, DAY_MS - 1);
    const ip = `${random.int(31, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
    const pid = random.int(1_000, 60_000);
    const user = random.pick(['admin', 'test', 'oracle', 'user', 'ubuntu', 'postgres', 'git'] as const);
    const port = random.int(30_000, 65_000);
    if (family === 'busybox') {
      auth.push([ms, line(ms, `dropbear[${pid}]`, `Login attempt for nonexistent user from ${ip}:${port}`)]);
      continue;
    }
    auth.push([ms, line(ms, `${sshdTag}[${pid}]`, `Invalid user ${user} from ${ip} port ${port}`)]);
    auth.push([
      ms + 1800,
      line(
        ms + 1800,
        `${sshdTag}[${pid}]`,
        `Failed password for invalid user ${user} from ${ip} port ${port} ssh2`,
      ),
    ]);
    auth.push([
      ms + 2100,
      line(
        ms + 2100,
        `${sshdTag}[${pid}]`,
        `Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`,
      ),
    ]);
  }
  // cron's hourly run-parts, the last half day before the boot.
  if (family === 'debian' || family === 'rhel') {
    for (let h = 12; h >= 1; h--) {
      const ms = boot - h * 3_600_000 - ((boot / 1000) % 3600) * 1000 + 17 * 60_000;
      if (ms >= boot) continue;
      const pid = random.int(1_000, 60_000);
      const tag = family === 'rhel' ? `crond[${pid}]` : `CRON[${pid}]`;
      auth.push([
        ms,
        line(ms, tag, `pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`),
      ]);
      auth.push([ms + 40, line(ms + 40, tag, 'pam_unix(cron:session): session closed for user root')]);
    }
  }
  // After this boot: sshd starting.
  if (family !== 'busybox')
    auth.push([
      boot + 7000,
      line(boot + 7000, `${sshdTag}[${sshdPid(machine)}]`, 'Server listening on 0.0.0.0 port 22.'),
    ]);
  const authText = `${auth
    .sort((a, b) => a[0] - b[0])
    .map((x) => x[1])
    .join('\n')}\n`;

  const kernel = kernelLog(machine);
  const syslogLines = [
    ...kernel.slice(0, 25).map((k, i) => line(boot + i * 13, 'kernel', k, 'kern.info')),
    line(boot + 3100, 'systemd[1]', `Reached target multi-user.target - Multi-User System.`, 'daemon.info'),
    line(
      boot + 3200,
      'systemd[1]',
      'Startup finished in 2.104s (kernel) + 4.517s (userspace) = 6.621s.',
      'daemon.info',
    ),
  ].join('\n');

  const lastMs = boot + 8000;
  if (family === 'debian') {
    const syslogGid = machine.distro.name.startsWith('ubuntu') ? admGid : admGid;
    const owner = machine.distro.name.startsWith('ubuntu') ? ctx.uidOf('syslog') : 0;
    tree.file('/var/log/auth.log', authText, { mode: 0o640, uid: owner, gid: syslogGid, mtimeMs: lastMs });
    tree.file('/var/log/syslog', `${syslogLines}\n`, {
      mode: 0o640,
      uid: owner,
      gid: syslogGid,
      mtimeMs: lastMs,
    });
    tree.file(
      '/var/log/kern.log',
      `${kernel
        .slice(0, 25)
        .map((k, i) => line(boot + i * 13, 'kernel', k))
        .join('\n')}\n`,
      { mode: 0o640, uid: owner, gid: syslogGid, mtimeMs: lastMs },
    );
    if (machine.distro.name.startsWith('ubuntu'))
      tree.file('/var/log/dmesg', `${kernel.join('\n')}\n`, {
        mode: 0o640,
        gid: admGid,
        mtimeMs: boot + 4000,
      });
    tree.file('/var/log/dpkg.log', dpkgLog(ctx), { mtimeMs: ctx.installMs + 2 * DAY_MS });
    tree.file(
      '/var/log/apt/history.log',
      `\nStart-Date: ${isoish(ctx.installMs + DAY_MS)}\nCommandline: apt-get -y install openssh-server\nInstall: openssh-server:amd64 (1:9.2p1-2+deb12u3)\nEnd-Date: ${isoish(ctx.installMs + DAY_MS + 21_000)}\n`,
      { mtimeMs: ctx.installMs + DAY_MS },
    );
    tree.dir('/var/log/journal', { mode: 0o2755, gid: ctx.gidOf('systemd-journal') });
    tree.dir('/var/log/installer', { mode: 0o755 });
  } else if (family === 'rhel') {
    tree.file('/var/log/secure', authText, { mode: 0o600, mtimeMs: lastMs });
    tree.file('/var/log/messages', `${syslogLines}\n`, { mode: 0o600, mtimeMs: lastMs });
    tree.file('/var/log/cron', '', { mode: 0o600, mtimeMs: lastMs });
    tree.file('/var/log/boot.log', '', { mode: 0o600, mtimeMs: boot + 6000 });
    tree.file(machine.distro.name === 'centos7' ? '/var/log/yum.log' : '/var/log/dnf.log', '', {
      mode: 0o600,
      mtimeMs: ctx.installMs,
    });
    tree.dir('/var/log/anaconda', { mode: 0o700 });
    tree.dir('/var/log/audit', { mode: 0o700 });
    tree.file(
      '/var/log/audit/audit.log',
      `type=DAEMON_START msg=audit(${(boot / 1000).toFixed(3)}:${random.int(1000, 9000)}): op=start ver=3.1.5 format=enriched kernel=${machine.distro.kernel} auid=4294967295 pid=${random.int(600, 700)} uid=0 ses=4294967295 res=success\n`,
      { mode: 0o600, mtimeMs: lastMs },
    );
  } else if (family === 'arch') {
    tree.dir('/var/log/journal', { mode: 0o2755 });
    tree.file(
      '/var/log/pacman.log',
      `[${new Date(ctx.installMs).toISOString().slice(0, 19)}+0000] [PACMAN] Running 'pacman -S -y --config /etc/pacman.conf --disable-download-timeout --cachedir /mnt/var/cache/pacman/pkg --noconfirm base linux linux-firmware'\n`,
      { mtimeMs: ctx.installMs },
    );
  } else {
    tree.file('/var/log/messages', `${syslogLines}\n${authText}`, { mode: 0o640, mtimeMs: lastMs });
  }

  // wtmp/btmp: the reboot and the administrator's sessions, as `last` and `lastb` read them.
  if (family !== 'alpine' && family !== 'busybox') {
    const records: UtmpRecord[] = [];
    for (const l of logins) {
      records.push({
        type: UT_TYPE.USER_PROCESS,
        pid: l.pid,
        line: 'pts/0',
        id: 'ts/0',
        user: l.user.name,
        host: l.from,
        time: Math.floor(l.startMs / 1000),
        addr: l.from,
      });
      records.push({
        type: UT_TYPE.DEAD_PROCESS,
        pid: l.pid,
        line: 'pts/0',
        id: 'ts/0',
        user: '',
        host: '',
        time: Math.floor(l.endMs / 1000),
      });
    }
    records.sort((a, b) => a.time - b.time);
    records.push({
      type: UT_TYPE.BOOT_TIME,
      pid: 0,
      line: '~',
      id: '~~',
      user: 'reboot',
      host: machine.distro.kernel,
      time: Math.floor(boot / 1000),
    });
    records.push({
      type: UT_TYPE.RUN_LVL,
      pid: 53,
      line: '~',
      id: '~~',
      user: 'runlevel',
      host: machine.distro.kernel,
      time: Math.floor(boot / 1000) + 7,
    });
    const utmpGid = ctx.gidOf('utmp');
    tree.file('/var/log/wtmp', encodeUtmp(records), { mode: 0o664, gid: utmpGid, mtimeMs: boot + 7000 });
    tree.file('/var/log/btmp', encodeUtmp([]), {
      mode: family === 'rhel' ? 0o600 : 0o660,
      gid: family === 'rhel' ? 0 : utmpGid,
      mtimeMs: boot,
    });
    const maxUid = Math.max(...ctx.accounts.users.filter((u) => u.uid < 65_000).map((u) => u.uid));
    const size = (maxUid + 1) * 292;
    tree.file(
      '/var/log/lastlog',
      { kind: 'lazy', size, make: () => Buffer.alloc(size) },
      { mode: 0o664, gid: utmpGid, mtimeMs: logins.at(-1)?.startMs ?? boot },
    );
  }

  const archetype = machine.persona.archetype ?? '';
  if (
    ['web-server', 'linux-server', 'dev-box', 'nas', 'monitoring-node', 'voip-server'].includes(archetype) &&
    family !== 'busybox'
  ) {
    const server = machine.distro.httpServer.toLowerCase();
    const dir = server.startsWith('nginx')
      ? '/var/log/nginx'
      : family === 'rhel'
        ? '/var/log/httpd'
        : '/var/log/apache2';
    const files =
      family === 'rhel' && !server.startsWith('nginx')
        ? ['access_log', 'error_log']
        : ['access.log', 'error.log'];
    tree.dir(dir, {
      mode: family === 'rhel' ? 0o700 : 0o755,
      uid: family === 'debian' ? ctx.uidOf('root') : 0,
      gid: family === 'debian' ? admGid : 0,
    });
    const hits: string[] = [];
    for (let i = 0; i < 12; i++) {
      const ms = boot + random.int(60, 600) * 1000 + i * 41_000;
      const ip = `${random.int(31, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
      const d = new Date(ms);
      const when = `${String(d.getUTCDate()).padStart(2, '0')}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
      const path = random.pick([
        '/',
        '/',
        '/robots.txt',
        '/favicon.ico',
        '/.env',
        '/wp-login.php',
        '/.git/config',
      ] as const);
      const status = path === '/' ? 200 : path === '/robots.txt' && server.startsWith('nginx') ? 404 : 404;
      hits.push(
        `${ip} - - [${when}] "GET ${path} HTTP/1.1" ${status} ${status === 200 ? 612 : 162} "-" "${random.pick(['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'curl/7.88.1', 'Mozilla/5.0 zgrab/0.x', 'python-requests/2.31.0'] as const)}"`,
      );
    }
    tree.file(`${dir}/${files[0]}`, `${hits.join('\n')}\n`, {
      mode: 0o640,
      uid: 0,
      gid: family === 'debian' ? admGid : 0,
      mtimeMs: boot + 900_000,
    });
    tree.file(`${dir}/${files[1]}`, '', {
      mode: 0o640,
      gid: family === 'debian' ? admGid : 0,
      mtimeMs: boot + 8000,
    });
  }
}

function isoish(ms: number): string {
  return new Date(ms).toISOString().replace('T', '  ').slice(0, 20);
}

function dpkgLog(ctx: SeedContext): string {
  const t = ctx.installMs;
  const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  return [
    `${stamp(t)} startup archives unpack`,
    `${stamp(t + 1000)} install openssh-server:amd64 <none> 1:9.2p1-2+deb12u3`,
    `${stamp(t + 1000)} status half-installed openssh-server:amd64 1:9.2p1-2+deb12u3`,
    `${stamp(t + 4000)} status unpacked openssh-server:amd64 1:9.2p1-2+deb12u3`,
    `${stamp(t + 9000)} configure openssh-server:amd64 1:9.2p1-2+deb12u3 <none>`,
    `${stamp(t + 9500)} status installed openssh-server:amd64 1:9.2p1-2+deb12u3`,
    '',
  ].join('\n');
}
