/**
 * systemctl(1), service(8) and journalctl(1) over the units the decky's process table implies (sshd,
 * cron, the web server of a web server …). Starting and stopping is accepted from root and refused
 * to others as polkit refuses a non-interactive session.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import type { ProcessInfo } from '../vfs/processes.js';
import { onlyOn, systemdOnly } from './lib/availability.js';
import { strftime } from './lib/format.js';
import { defineCommand, progName } from './lib/program.js';
import { processesWithSession } from './lib/session.js';

interface Unit {
  name: string;
  description: string;
  /** comm of the main process, to find its pid. */
  comm: string | null;
  path: string;
  docs?: string;
}

function units(ctx: CommandContext): Unit[] {
  const family = familyOf(ctx.machine.distro);
  const debian = family === 'debian';
  const lib = debian ? '/lib/systemd/system' : '/usr/lib/systemd/system';
  const u = (name: string, description: string, comm: string | null): Unit => ({
    name,
    description,
    comm,
    path: `${lib}/${name}`,
  });
  const list: Unit[] = [
    u(
      debian ? 'ssh.service' : 'sshd.service',
      debian ? 'OpenBSD Secure Shell server' : 'OpenSSH server daemon',
      'sshd',
    ),
    u(
      debian ? 'cron.service' : 'crond.service',
      debian ? 'Regular background program processing daemon' : 'Command Scheduler',
      debian ? 'cron' : 'crond',
    ),
    u('rsyslog.service', 'System Logging Service', 'rsyslogd'),
    u('systemd-journald.service', 'Journal Service', 'systemd-journal'),
    u(
      'systemd-logind.service',
      debian && ctx.machine.distro.name !== 'debian12' ? 'Login Service' : 'User Login Management',
      'systemd-logind',
    ),
    u(
      'systemd-udevd.service',
      debian
        ? 'Rule-based Manager for Device Events and Files'
        : 'Rule-based Manager for Device Events and Files',
      'systemd-udevd',
    ),
    u(
      'dbus.service',
      'D-Bus System Message Bus',
      family === 'rhel' && ctx.machine.distro.name !== 'centos7' ? 'dbus-broker-lau' : 'dbus-daemon',
    ),
    u('getty@tty1.service', 'Getty on tty1', 'agetty'),
  ];
  const table = processesWithSession(ctx, 'systemctl');
  const has = (comm: string) => table.some((p) => p.comm === comm);
  const optional: Array<[string, string, string]> = [
    ['systemd-timesyncd.service', 'Network Time Synchronization', 'systemd-timesyn'],
    ['systemd-networkd.service', 'Network Configuration', 'systemd-network'],
    ['systemd-resolved.service', 'Network Name Resolution', 'systemd-resolve'],
    ['NetworkManager.service', 'Network Manager', 'NetworkManager'],
    ['chronyd.service', 'NTP client/server', 'chronyd'],
    ['auditd.service', 'Security Auditing Service', 'auditd'],
    ['tuned.service', 'Dynamic System Tuning Daemon', 'tuned'],
    ['irqbalance.service', 'irqbalance daemon', 'irqbalance'],
    ['polkit.service', 'Authorization Manager', 'polkitd'],
    ['qemu-guest-agent.service', 'QEMU Guest Agent', 'qemu-ga'],
    ['open-vm-tools.service', 'Service for virtual machines hosted on VMware', 'vmtoolsd'],
    ['snapd.service', 'Snap Daemon', 'snapd'],
    ['multipathd.service', 'Device-Mapper Multipath Device Controller', 'multipathd'],
    ['unattended-upgrades.service', 'Unattended Upgrades Shutdown', 'unattended-upgr'],
    ['networkd-dispatcher.service', 'Dispatcher daemon for systemd-networkd', 'networkd-dispat'],
    ['udisks2.service', 'Disk Manager', 'udisksd'],
    ['nginx.service', 'A high performance web server and a reverse proxy server', 'nginx'],
    ['apache2.service', 'The Apache HTTP Server', 'apache2'],
    ['httpd.service', 'The Apache HTTP Server', 'httpd'],
    ['vsftpd.service', 'vsftpd FTP server', 'vsftpd'],
    [
      ctx.machine.distro.name === 'debian12' ? 'mariadb.service' : 'mysql.service',
      ctx.machine.distro.name === 'debian12' ? 'MariaDB 10.11.6 database server' : 'MySQL Community Server',
      ctx.machine.distro.name === 'debian12' ? 'mariadbd' : 'mysqld',
    ],
    ['postgresql.service', 'PostgreSQL RDBMS', 'postgres'],
    ['redis-server.service', 'Advanced key-value store', 'redis-server'],
    ['postfix.service', 'Postfix Mail Transport Agent', 'master'],
    ['dovecot.service', 'Dovecot IMAP/POP3 email server', 'dovecot'],
    ['smbd.service', 'Samba SMB Daemon', 'smbd'],
    ['nmbd.service', 'Samba NMB Daemon', 'nmbd'],
    ['rpcbind.service', 'RPC bind portmap service', 'rpcbind'],
    ['containerd.service', 'containerd container runtime', 'containerd'],
    ['docker.service', 'Docker Application Container Engine', 'dockerd'],
    ['kubelet.service', 'kubelet: The Kubernetes Node Agent', 'kubelet'],
    ['snmpd.service', 'Simple Network Management Protocol (SNMP) Daemon.', 'snmpd'],
    ['asterisk.service', 'Asterisk PBX', 'asterisk'],
    ['zabbix-agent.service', 'Zabbix Agent', 'zabbix_agentd'],
    ['prometheus-node-exporter.service', 'Prometheus exporter for machine metrics', 'prometheus-node'],
    ['mosquitto.service', 'Mosquitto MQTT Broker', 'mosquitto'],
  ];
  for (const [name, description, comm] of optional) if (has(comm)) list.push(u(name, description, comm));
  return list.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function findUnit(ctx: CommandContext, name: string): Unit | undefined {
  const full = name.includes('.') ? name : `${name}.service`;
  const aliases: Record<string, string> = {
    'sshd.service': 'ssh.service',
    'ssh.service': 'sshd.service',
    'crond.service': 'cron.service',
    'cron.service': 'crond.service',
    'mysql.service': 'mariadb.service',
    'mysqld.service': 'mariadb.service',
    'postgresql.service': 'postgresql.service',
    'apache2.service': 'httpd.service',
  };
  const all = units(ctx);
  return all.find((u) => u.name === full) ?? all.find((u) => u.name === aliases[full]);
}

function mainProcess(ctx: CommandContext, unit: Unit): ProcessInfo | undefined {
  const table = processesWithSession(ctx, 'systemctl');
  return table.find((p) => p.comm === unit.comm && (p.ppid === 1 || p.user === 'root'));
}

function ago(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  if (d >= 60) return `${Math.floor(d / 30)} months ${d % 30} days ago`;
  if (d >= 7) return `${Math.floor(d / 7)} weeks ${d % 7} days ago`;
  if (d >= 1) return `${d} day${d === 1 ? '' : 's'} ${Math.floor((s % 86_400) / 3600)}h ago`;
  const h = Math.floor(s / 3600);
  if (h >= 1) return `${h}h ${Math.floor((s % 3600) / 60)}min ago`;
  return `${Math.floor(s / 60)}min ago`;
}

function status(ctx: CommandContext, unit: Unit): string {
  const p = mainProcess(ctx, unit);
  const now = ctx.clock.now();
  const preset =
    ctx.machine.distro.name === 'debian12' || ctx.machine.distro.name === 'fedora39'
      ? 'preset'
      : 'vendor preset';
  const lines = [
    `● ${unit.name} - ${unit.description}`,
    `     Loaded: loaded (${unit.path}; enabled; ${preset}: enabled)`,
    p
      ? `     Active: active (running) since ${strftime('%a %Y-%m-%d %H:%M:%S UTC', p.startMs)}; ${ago(now - p.startMs)}`
      : `     Active: active (exited) since ${strftime('%a %Y-%m-%d %H:%M:%S UTC', ctx.machine.bootMs)}; ${ago(now - ctx.machine.bootMs)}`,
  ];
  if (p) {
    lines.push(`   Main PID: ${p.pid} (${p.comm})`);
    lines.push(
      `      Tasks: ${p.stat.includes('l') ? 3 : 1} (limit: ${Math.floor(ctx.machine.memoryKiB / 1726)})`,
    );
    lines.push(`     Memory: ${(p.rssKiB / 1024).toFixed(1)}M`);
    lines.push(
      `        CPU: ${p.cpuSeconds >= 60 ? `${Math.floor(p.cpuSeconds / 60)}min ${(p.cpuSeconds % 60).toFixed(3)}s` : `${p.cpuSeconds.toFixed(3)}s`}`,
    );
    lines.push(`     CGroup: /system.slice/${unit.name}`);
    lines.push(
      `             └─${p.pid} ${p.command.includes(' ') && p.command.startsWith(p.comm) === false && !p.command.startsWith('/') ? `"${p.command}"` : p.command}`,
    );
  }
  lines.push('');
  const host = ctx.machine.hostname;
  const start = p?.startMs ?? ctx.machine.bootMs;
  lines.push(
    `${strftime('%b %d %H:%M:%S', start - 200)} ${host} systemd[1]: Starting ${unit.description}...`,
  );
  if (unit.comm === 'sshd' && p) {
    lines.push(
      `${strftime('%b %d %H:%M:%S', start)} ${host} sshd[${p.pid}]: Server listening on 0.0.0.0 port 22.`,
    );
    lines.push(
      `${strftime('%b %d %H:%M:%S', start)} ${host} sshd[${p.pid}]: Server listening on :: port 22.`,
    );
  }
  lines.push(`${strftime('%b %d %H:%M:%S', start + 50)} ${host} systemd[1]: Started ${unit.description}.`);
  return `${lines.join('\n')}\n`;
}

const POLKIT_REFUSAL = (verb: string, unit: string) =>
  `Failed to ${verb} ${unit}: Interactive authentication required.\nSee system logs and 'systemctl status ${unit}' for details.\n`;

async function systemctl(ctx: CommandContext): Promise<number> {
  const args = ctx.argv
    .slice(1)
    .filter(
      (a) => !['--no-pager', '-l', '--full', '--no-legend', '-q', '--quiet', '--now', '--plain'].includes(a),
    );
  const typeFilter =
    args.find((a) => a.startsWith('--type='))?.slice(7) ??
    (args.includes('-t') ? args[args.indexOf('-t') + 1] : undefined);
  const positional = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-t');
  if (ctx.argv.includes('--version')) {
    const v =
      {
        debian12: '252 (252.31-1~deb12u1)',
        ubuntu22: '249 (249.11-0ubuntu3.12)',
        ubuntu20: '245 (245.4-4ubuntu3.24)',
        rocky9: '252 (252-46.el9_5.2.0.1.rocky)',
        centos7: '219',
        fedora39: '254 (254.16-1.fc39)',
        kali: '256 (256.7-3)',
        arch: '256 (256.10-1-arch)',
      }[ctx.machine.distro.name] ?? '252';
    ctx.stdout(
      `systemd ${v}\n+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified\n`,
    );
    return 0;
  }
  const verb = positional[0] ?? 'list-units';
  const names = positional.slice(1);
  const root = ctx.user.uid === 0;
  switch (verb) {
    case 'status': {
      if (names.length === 0) {
        ctx.stdout(
          `● ${ctx.machine.hostname}\n    State: running\n    Units: ${180 + units(ctx).length} loaded (incl. loaded aliases)\n     Jobs: 0 queued\n   Failed: 0 units\n    Since: ${strftime('%a %Y-%m-%d %H:%M:%S UTC', ctx.machine.bootMs)}; ${ago(ctx.clock.now() - ctx.machine.bootMs)}\n  systemd: 252.31-1~deb12u1\n   CGroup: /\n`,
        );
        return 0;
      }
      let code = 0;
      for (const n of names) {
        const u = findUnit(ctx, n);
        if (!u) {
          ctx.stderr(`Unit ${n.includes('.') ? n : `${n}.service`} could not be found.\n`);
          code = 4;
          continue;
        }
        ctx.stdout(status(ctx, u));
      }
      return code;
    }
    case 'is-active':
    case 'is-enabled':
    case 'is-failed': {
      let code = 0;
      for (const n of names) {
        const u = findUnit(ctx, n);
        const word =
          verb === 'is-active'
            ? u
              ? 'active'
              : 'inactive'
            : verb === 'is-enabled'
              ? u
                ? 'enabled'
                : 'not-found'
              : u
                ? 'active'
                : 'inactive';
        if (!ctx.argv.includes('-q') && !ctx.argv.includes('--quiet')) ctx.stdout(`${word}\n`);
        if (!u) code = verb === 'is-failed' ? 1 : verb === 'is-enabled' ? 4 : 3;
        else if (verb === 'is-failed') code = 1;
      }
      return code;
    }
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload':
    case 'enable':
    case 'disable':
    case 'mask':
    case 'unmask':
    case 'try-restart':
    case 'reload-or-restart': {
      if (names.length === 0) {
        ctx.stderr(`Too few arguments.\n`);
        return 1;
      }
      for (const n of names) {
        const full = n.includes('.') ? n : `${n}.service`;
        const u = findUnit(ctx, n);
        if (!root) {
          ctx.stderr(POLKIT_REFUSAL(verb, full));
          return 1;
        }
        if (!u && !['enable', 'disable', 'mask', 'unmask'].includes(verb)) {
          ctx.stderr(`Failed to ${verb} ${full}: Unit ${full} not found.\n`);
          return 5;
        }
        if (!u) {
          ctx.stderr(`Failed to ${verb} unit: Unit file ${full} does not exist.\n`);
          return 1;
        }
        if (verb === 'enable')
          ctx.stdout(
            `Synchronizing state of ${u.name} with SysV service script with /lib/systemd/systemd-sysv-install.\nExecuting: /lib/systemd/systemd-sysv-install enable ${u.name.replace('.service', '')}\n`,
          );
      }
      return 0;
    }
    case 'daemon-reload':
    case 'daemon-reexec':
      if (!root) {
        ctx.stderr(`Failed to reload daemon: Interactive authentication required.\n`);
        return 1;
      }
      return 0;
    case 'reboot':
    case 'poweroff':
    case 'halt':
    case 'suspend':
      if (!root) {
        ctx.stderr(
          `Failed to ${verb} system via logind: Interactive authentication required.\nFailed to start ${verb}.target: Interactive authentication required.\nSee system logs and 'systemctl status ${verb}.target' for details.\n`,
        );
        return 1;
      }
      return 0;
    case 'list-units':
    case 'list-unit-files': {
      const list = units(ctx).filter((u) => !typeFilter || u.name.endsWith(`.${typeFilter}`));
      if (verb === 'list-unit-files') {
        const w = Math.max(...list.map((u) => u.name.length)) + 1;
        ctx.stdout(
          `${'UNIT FILE'.padEnd(w)} STATE   ${ctx.machine.distro.name === 'centos7' ? '' : 'PRESET'}\n${list.map((u) => `${u.name.padEnd(w)} enabled enabled\n`).join('')}\n${list.length} unit files listed.\n`,
        );
        return 0;
      }
      const w = Math.max(...list.map((u) => u.name.length)) + 1;
      const body = list
        .map(
          (u) =>
            `  ${u.name.padEnd(w)} loaded active ${mainProcess(ctx, u) ? 'running' : 'exited '} ${u.description}\n`,
        )
        .join('');
      ctx.stdout(
        `  ${'UNIT'.padEnd(w)} LOAD   ACTIVE SUB     DESCRIPTION\n${body}\nLOAD   = Reflects whether the unit definition was properly loaded.\nACTIVE = The high-level unit activation state, i.e. generalization of SUB.\nSUB    = The low-level unit activation state, values depend on unit type.\n${list.length} loaded units listed. Pass --all to see loaded but inactive units, too.\nTo show all installed unit files use 'systemctl list-unit-files'.\n`,
      );
      return 0;
    }
    case 'list-timers':
      ctx.stdout(
        `NEXT                        LEFT          LAST                        PASSED       UNIT                         ACTIVATES\n${strftime('%a %Y-%m-%d %H:%M:%S UTC', ctx.clock.now() + 1_800_000)} 29min left    ${strftime('%a %Y-%m-%d %H:%M:%S UTC', ctx.clock.now() - 1_800_000)} 30min ago    logrotate.timer              logrotate.service\n\n1 timers listed.\nPass --all to see loaded but inactive timers, too.\n`,
      );
      return 0;
    default:
      ctx.stderr(`Unknown command verb ${verb}.\n`);
      return 1;
  }
}

export const systemctlCommand = defineCommand({
  name: 'systemctl',
  path: '/usr/bin/systemctl',
  availableOn: systemdOnly,
  run: systemctl,
});

/** rc.d scripts of a FreeBSD decky: [name, comm of its process, where the script lives, enabled in rc.conf]. */
function freebsdRcScripts(ctx: CommandContext): Array<[string, string | null, string, boolean]> {
  const running = new Set(processesWithSession(ctx, 'service').map((p) => p.comm));
  const scripts: Array<[string, string | null, string, boolean]> = [
    ['hostid', null, '/etc/rc.d', true],
    ['devd', 'devd', '/etc/rc.d', true],
    ['dhclient', 'dhclient', '/etc/rc.d', true],
    ['syslogd', 'syslogd', '/etc/rc.d', true],
    ['ntpd', 'ntpd', '/etc/rc.d', true],
    ['sshd', 'sshd', '/etc/rc.d', true],
    ['cron', 'cron', '/etc/rc.d', true],
    ['sendmail', 'sendmail', '/etc/rc.d', false],
    ['pf', null, '/etc/rc.d', false],
  ];
  if (running.has('nginx')) scripts.push(['nginx', 'nginx', '/usr/local/etc/rc.d', true]);
  return scripts;
}

const FREEBSD_SERVICE_USAGE =
  'usage: service [-j <jail name or id>] -e\n       service [-j <jail name or id>] -R\n       service [-j <jail name or id>] -l | -r\n       service [-j <jail name or id>] -v <rc.d script> start|stop|etc.\n       service -h\n';

/** FreeBSD's service(8) over rc.d: status from the process table, restarts accepted from root only. */
function freebsdService(ctx: CommandContext): number {
  const args = ctx.argv.slice(1).filter((a) => a !== '-v');
  const scripts = freebsdRcScripts(ctx);
  if (args[0] === '-e') {
    ctx.stdout(
      scripts
        .filter(([, , , on]) => on)
        .map(([name, , dir]) => `${dir}/${name}\n`)
        .join(''),
    );
    return 0;
  }
  if (args[0] === '-l') {
    ctx.stdout(
      scripts
        .map(([name]) => name)
        .sort()
        .map((n) => `${n}\n`)
        .join(''),
    );
    return 0;
  }
  const [name, action] = args;
  if (!name || !action || name.startsWith('-')) {
    ctx.stderr(FREEBSD_SERVICE_USAGE);
    return 1;
  }
  const script = scripts.find(([n]) => n === name);
  if (!script) {
    ctx.stderr(
      `${name} does not exist in /etc/rc.d or the local startup\ndirectories (/usr/local/etc/rc.d), or is not executable\n`,
    );
    return 1;
  }
  const [, comm, dir, enabled] = script;
  const pid = comm
    ? processesWithSession(ctx, 'service').find((p) => p.comm === comm && p.ppid === 1)?.pid
    : undefined;
  const plain = action.replace(/^(one|force|quiet)/, '');
  if (
    !enabled &&
    !action.startsWith('one') &&
    !action.startsWith('force') &&
    plain !== 'status' &&
    plain !== 'rcvar'
  ) {
    ctx.stderr(
      `Cannot '${action}' ${name}. Set ${name}_enable to YES in /etc/rc.conf or use 'one${action}' instead of '${action}'.\n`,
    );
    return 1;
  }
  switch (plain) {
    case 'status':
      if (pid === undefined) {
        ctx.stdout(`${name} is not running.\n`);
        return 1;
      }
      ctx.stdout(`${name} is running as pid ${pid}.\n`);
      return 0;
    case 'rcvar':
      ctx.stdout(`# ${name}\n#\n${name}_enable="${enabled ? 'YES' : 'NO'}"\n#   (default: "")\n\n`);
      return 0;
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload':
      if (ctx.user.uid !== 0) {
        ctx.stderr(
          `${dir}/${name}: WARNING: ${plain === 'start' ? 'start' : 'stop'} of ${name} failed: Permission denied\n`,
        );
        return 1;
      }
      if (plain === 'start' && pid !== undefined) {
        ctx.stderr(`${name} already running? (pid=${pid}).\n`);
        return 1;
      }
      if (plain === 'stop' || plain === 'restart')
        ctx.stdout(
          pid === undefined
            ? `${name} not running? (check /var/run/${name}.pid).\n`
            : `Stopping ${name}.\nWaiting for PIDS: ${pid}.\n`,
        );
      if (plain === 'start' || plain === 'restart') ctx.stdout(`Starting ${name}.\n`);
      if (plain === 'reload') ctx.stdout(`Reloading ${name} config files.\n`);
      return 0;
    default:
      ctx.stderr(
        `${dir}/${name}: unknown directive '${action}'.\nUsage: ${dir}/${name} [fast|force|one|quiet](start|stop|restart|rcvar|enable|disable|delete|enabled|describe|extracommands|status|poll)\n`,
      );
      return 1;
  }
}

export const serviceCommand = defineCommand({
  name: 'service',
  path: '/usr/sbin/service',
  availableOn: onlyOn('debian', 'rhel', 'bsd'),
  run: async (ctx) => {
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdService(ctx);
    const prog = progName(ctx, 'service');
    const [name, action] = ctx.argv.slice(1);
    if (name === '--status-all') {
      ctx.stdout(
        units(ctx)
          .map((u) => ` [ ${mainProcess(ctx, u) ? '+' : '-'} ]  ${u.name.replace('.service', '')}\n`)
          .join(''),
      );
      return 0;
    }
    if (!name || !action) {
      ctx.stderr(
        `Usage: ${prog} < option > | --status-all | [ service_name [ command | --full-restart ] ]\n`,
      );
      return 1;
    }
    if (familyOf(ctx.machine.distro) === 'rhel')
      ctx.stderr(`Redirecting to /bin/systemctl ${action} ${name}.service\n`);
    return ctx.run(['systemctl', action, name]);
  },
});

export const journalctlCommand = defineCommand({
  name: 'journalctl',
  path: '/usr/bin/journalctl',
  availableOn: systemdOnly,
  run: (ctx) => {
    const args = ctx.argv.slice(1);
    const privileged =
      ctx.user.uid === 0 || ctx.user.groups.some((g) => ['adm', 'systemd-journal', 'wheel'].includes(g.name));
    if (!privileged) {
      ctx.stdout(
        "Hint: You are currently not seeing messages from other users and the system.\n      Users in groups 'adm', 'systemd-journal' can see all messages.\n      Pass -q to turn off this notice.\n-- No entries --\n",
      );
      return 0;
    }
    let count = 10;
    const n = args.indexOf('-n');
    if (n >= 0) count = Number(args[n + 1]) || 10;
    const unitIndex = args.indexOf('-u');
    const unit = unitIndex >= 0 ? args[unitIndex + 1] : undefined;
    let lines: string[] = [];
    for (const file of ['/var/log/syslog', '/var/log/messages', '/var/log/auth.log', '/var/log/secure']) {
      try {
        lines.push(
          ...ctx.fs
            .readFile(file)
            .toString()
            .split('\n')
            .filter((l) => l !== ''),
        );
      } catch {
        // Files the distro does not keep are simply absent.
      }
    }
    lines = lines.map((l) =>
      l.replace(
        /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})\.\d+\+00:00/,
        (_, y, m, d, t) => `${strftime('%b %d', Date.UTC(Number(y), Number(m) - 1, Number(d)))} ${t}`,
      ),
    );
    // The journal keeps the printk time as metadata, not in the message text syslog shows.
    lines = lines.map((l) => l.replace(/ kernel: \[\s*\d+\.\d+\] /, ' kernel: '));
    if (unit) lines = lines.filter((l) => l.includes(unit.replace('.service', '')));
    lines.sort(
      (a, b) => (Date.parse(`${a.slice(0, 15)} 2000`) || 0) - (Date.parse(`${b.slice(0, 15)} 2000`) || 0),
    );
    const paged =
      args.includes('-n') || args.includes('-f') || args.includes('-e') || args.includes('-xe')
        ? lines.slice(-count)
        : lines;
    // systemd ≤ 245 says "Logs begin at", 246–249 "Journal begins at"; later versions print no header.
    const first = strftime('%a %Y-%m-%d %H:%M:%S UTC', ctx.machine.bootMs - 86_400_000 * 9);
    const last = strftime('%a %Y-%m-%d %H:%M:%S UTC', ctx.clock.now());
    const header = ['ubuntu20', 'centos7'].includes(ctx.machine.distro.name)
      ? `-- Logs begin at ${first}, end at ${last}. --\n`
      : ctx.machine.distro.name === 'ubuntu22'
        ? `-- Journal begins at ${first}, ends at ${last}. --\n`
        : '';
    ctx.stdout(paged.length === 0 ? '-- No entries --\n' : `${header}${paged.join('\n')}\n`);
    return 0;
  },
});
