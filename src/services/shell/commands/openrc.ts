/**
 * OpenRC's rc-service(8) and rc-status(8) on Alpine, over the daemons the process table runs. Starting
 * and stopping is pretended for root; the service keeps running.
 */
import type { CommandContext } from '../command.js';
import { onlyOn } from './lib/availability.js';
import { defineCommand, progName } from './lib/program.js';
import { processesWithSession } from './lib/session.js';

/** OpenRC service name of each daemon (process comm) an Alpine decky may run. */
const SERVICE_OF: Readonly<Record<string, string>> = {
  sshd: 'sshd',
  crond: 'crond',
  syslogd: 'syslog',
  acpid: 'acpid',
  chronyd: 'chronyd',
  nginx: 'nginx',
  lighttpd: 'lighttpd',
  httpd: 'apache2',
  vsftpd: 'vsftpd',
  mariadbd: 'mariadb',
  postgres: 'postgresql',
  'redis-server': 'redis',
  dockerd: 'docker',
  containerd: 'containerd',
  snmpd: 'snmpd',
  mosquitto: 'mosquitto',
  zabbix_agentd: 'zabbix-agentd',
};

/** Services of the boot runlevel and the ones pulled in as dependencies, started on every Alpine. */
const BOOT_SERVICES = ['networking', 'hostname', 'bootmisc', 'sysctl', 'urandom', 'hwclock', 'modules'];
const NEEDED_SERVICES = ['sysfs', 'fsck', 'root', 'localmount', 'devfs', 'dmesg', 'mdev'];

function defaultServices(ctx: CommandContext): string[] {
  const names = new Set<string>();
  for (const p of processesWithSession(ctx, 'rc-status')) {
    const service = SERVICE_OF[p.comm];
    if (service && p.ppid === 1) names.add(service);
  }
  return [...names].sort();
}

const line = (name: string, state: string) => ` ${name.padEnd(66)}[  ${state}  ]\n`;

export const rcServiceCommand = defineCommand({
  name: 'rc-service',
  path: '/sbin/rc-service',
  availableOn: onlyOn('alpine'),
  run: (ctx) => {
    const prog = progName(ctx, 'rc-service');
    const args = ctx.argv.slice(1).filter((a) => a !== '-q' && a !== '--quiet');
    if (args[0] === '-l' || args[0] === '--list') {
      ctx.stdout(
        [...defaultServices(ctx), ...BOOT_SERVICES, ...NEEDED_SERVICES]
          .sort()
          .map((s) => `${s}\n`)
          .join(''),
      );
      return 0;
    }
    const [name, action] = args;
    if (!name) {
      ctx.stderr(` * ${prog}: service name required\n`);
      return 1;
    }
    const known = [...defaultServices(ctx), ...BOOT_SERVICES, ...NEEDED_SERVICES];
    if (!known.includes(name)) {
      ctx.stderr(` * ${prog}: service \`${name}' does not exist\n`);
      return 1;
    }
    switch (action) {
      case undefined:
      case 'status':
        ctx.stdout(' * status: started\n');
        return 0;
      case 'start':
      case 'stop':
      case 'restart':
      case 'reload':
        if (ctx.user.uid !== 0) {
          ctx.stderr(` * ${name}: superuser access required\n`);
          return 1;
        }
        if (action === 'start') {
          ctx.stderr(` * WARNING: ${name} has already been started\n`);
          return 0;
        }
        ctx.stderr(
          `${action === 'reload' ? '' : ` * Stopping ${name} ...${' '.repeat(Math.max(1, 58 - name.length))}[ ok ]\n`}${action === 'stop' ? '' : ` * Starting ${name} ...${' '.repeat(Math.max(1, 58 - name.length))}[ ok ]\n`}`,
        );
        return 0;
      default:
        ctx.stderr(` * ${name}: unknown function \`${action}'\n`);
        return 1;
    }
  },
});

export const rcStatusCommand = defineCommand({
  name: 'rc-status',
  path: '/sbin/rc-status',
  availableOn: onlyOn('alpine'),
  run: (ctx) => {
    const args = ctx.argv.slice(1);
    const runlevel = args.find((a) => !a.startsWith('-')) ?? 'default';
    if (args.includes('-r') || args.includes('--runlevel')) {
      ctx.stdout('default\n');
      return 0;
    }
    const services =
      runlevel === 'boot' ? BOOT_SERVICES : runlevel === 'default' ? defaultServices(ctx) : null;
    if (!services) {
      ctx.stderr(` * rc-status: \`${runlevel}' is not a valid runlevel\n`);
      return 1;
    }
    let out = `Runlevel: ${runlevel}\n${services.map((s) => line(s, 'started')).join('')}`;
    if (runlevel === 'default')
      out += `Dynamic Runlevel: hotplugged\nDynamic Runlevel: needed/wanted\n${NEEDED_SERVICES.map((s) => line(s, 'started')).join('')}Dynamic Runlevel: manual\n`;
    ctx.stdout(out);
    return 0;
  },
});
