/**
 * sudo(8): runs a command as root through the shell. Root and members of the sudo/wheel group get in
 * (the password they are asked for once is the one they logged in with, so it is taken as typed right);
 * anyone else is told they are not in the sudoers file.
 */
import type { CommandContext } from '../command.js';
import type { ShellFs } from '../filesystem.js';
import { familyOf } from '../machine.js';
import { accountFor } from '../vfs/accounts.js';
import { gnuOnly } from './lib/availability.js';
import { defineCommand, progName } from './lib/program.js';

/** sudo's credential cache (timestamp_timeout, 15 minutes by default), per session. */
const AUTHENTICATED = new WeakMap<ShellFs, number>();
const TIMESTAMP_TIMEOUT_MS = 15 * 60_000;

function sudoVersion(ctx: CommandContext): string {
  return (
    {
      debian12: '1.9.13p3',
      ubuntu22: '1.9.9',
      ubuntu20: '1.8.31',
      rocky9: '1.9.5p2',
      centos7: '1.8.23',
      fedora39: '1.9.15p5',
      kali: '1.9.16',
      arch: '1.9.16p2',
    }[ctx.machine.distro.name] ?? '1.9.13p3'
  );
}

function mayUseSudo(ctx: CommandContext): boolean {
  if (ctx.user.uid === 0) return true;
  const group = familyOf(ctx.machine.distro) === 'debian' ? ['sudo', 'admin'] : ['wheel'];
  return ctx.user.groups.some((g) => group.includes(g.name));
}

const USAGE =
  'usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] [VAR=value] [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] file ...\n';

export const sudoCommand = defineCommand({
  name: 'sudo',
  path: '/usr/bin/sudo',
  availableOn: gnuOnly,
  run: async (ctx) => {
    const prog = progName(ctx, 'sudo');
    const argv = ctx.argv.slice(1);
    let target = 'root';
    let login = false;
    let shell = false;
    let list = false;
    let nonInteractive = false;
    let stdinPassword = false;
    let i = 0;
    for (; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-') || a === '-') break;
      if (a === '-V' || a === '--version') {
        const v = sudoVersion(ctx);
        ctx.stdout(
          ctx.user.uid === 0
            ? `Sudo version ${v}\nConfigure options: --build=x86_64-linux-gnu --prefix=/usr --with-all-insults --with-pam --with-fqdn --with-logging=syslog --with-logfac=authpriv --with-env-editor --with-editor=/usr/bin/editor --with-exempt=sudo --with-pam-login --enable-zlib=system --with-sssd --with-rundir=/run/sudo --with-sudoers-mode=0440 --with-tty-tickets --with-sendmail=/usr/sbin/sendmail\nSudoers policy plugin version ${v}\nSudoers file grammar version 50\n`
            : `Sudo version ${v}\n`,
        );
        return 0;
      }
      if (a === '-h' || a === '--help') {
        ctx.stdout(`sudo - execute a command as another user\n\n${USAGE}`);
        return 0;
      }
      if (a === '-u' || a === '--user') target = argv[++i] ?? 'root';
      else if (a.startsWith('-u') && a.length > 2) target = a.slice(2);
      else if (a === '-i' || a === '--login') login = true;
      else if (a === '-s' || a === '--shell') shell = true;
      else if (a === '-l' || a === '--list' || a === '-ll') list = true;
      else if (a === '-n' || a === '--non-interactive') nonInteractive = true;
      else if (a === '-S' || a === '--stdin') stdinPassword = true;
      else if (a === '-k' || a === '-K' || a === '--reset-timestamp' || a === '--remove-timestamp') {
        AUTHENTICATED.delete(ctx.fs);
        if (argv.length === 1) return 0;
      } else if (
        a === '-E' ||
        a === '-H' ||
        a === '-b' ||
        a === '-P' ||
        a === '--preserve-env' ||
        a.startsWith('--preserve-env=')
      )
        continue;
      else if (
        a === '-g' ||
        a === '-p' ||
        a === '-C' ||
        a === '-D' ||
        a === '-T' ||
        a === '-h' ||
        a === '-r' ||
        a === '-t'
      )
        i++;
      else {
        ctx.stderr(`${prog}: invalid option -- '${a.slice(1, 2)}'\n${USAGE}`);
        return 1;
      }
    }
    const command = argv.slice(i);
    if (command.length === 0 && !login && !shell && !list) {
      ctx.stderr(USAGE);
      return 1;
    }
    const me = ctx.user;
    const host = ctx.machine.hostname;
    const now = ctx.clock.now();
    const cached = (AUTHENTICATED.get(ctx.fs) ?? 0) + TIMESTAMP_TIMEOUT_MS > now;
    if (me.uid !== 0 && !cached) {
      if (nonInteractive) {
        ctx.stderr(`${prog}: a password is required\n`);
        return 1;
      }
      ctx.stderr(`[sudo] password for ${me.name}: `);
      if (stdinPassword || ctx.stdin.length > 0) ctx.stdin.toString();
      ctx.stderr('\n');
      if (!mayUseSudo(ctx)) {
        await ctx.sleep(1000);
        const old = ['ubuntu22', 'ubuntu20', 'centos7', 'rocky9'].includes(ctx.machine.distro.name);
        ctx.stderr(
          `${me.name} is not in the sudoers file.${old ? '  This incident will be reported.' : ''}\n`,
        );
        return 1;
      }
      AUTHENTICATED.set(ctx.fs, now);
    }
    if (list) {
      const debian = familyOf(ctx.machine.distro) === 'debian';
      ctx.stdout(
        `Matching Defaults entries for ${me.name} on ${host}:\n    ${debian ? 'env_reset, mail_badpass, secure_path=/usr/local/sbin\\:/usr/local/bin\\:/usr/sbin\\:/usr/bin\\:/sbin\\:/bin, use_pty' : '!visiblepw, always_set_home, match_group_by_gid, always_query_group_plugin, env_reset, env_keep="COLORS DISPLAY HOSTNAME HISTSIZE KDEDIR LS_COLORS", secure_path=/sbin\\:/bin\\:/usr/sbin\\:/usr/bin'}\n\nUser ${me.name} may run the following commands on ${host}:\n    (ALL${debian ? ' : ALL' : ''}) ALL\n`,
      );
      return 0;
    }
    if (!accountFor(ctx.fs, target)) {
      ctx.stderr(`${prog}: unknown user ${target}\n${prog}: error initializing audit plugin sudoers_audit\n`);
      return 1;
    }
    if (login || shell) {
      if (command.length > 0) {
        const original = me.name;
        ctx.switchUser(target);
        try {
          return await ctx.run(command.join(' '));
        } finally {
          ctx.switchUser(original);
        }
      }
      ctx.switchUser(target);
      if (login) {
        const home = accountFor(ctx.fs, target)?.home;
        try {
          if (home) ctx.chdir(home);
        } catch {
          // A missing home leaves the shell where it was, as sudo -i does.
        }
      }
      return 0;
    }
    const original = me.name;
    ctx.switchUser(target);
    try {
      return await ctx.run(command);
    } finally {
      ctx.switchUser(original);
    }
  },
});
