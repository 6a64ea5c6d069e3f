/** su(1) (util-linux; BusyBox's on firmware): root changes account freely; anyone else fails authentication. */
import { familyOf } from '../machine.js';
import { accountFor } from '../vfs/accounts.js';
import { coreTool } from './lib/availability.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

/** pam_unix's delay after a failed authentication (FAIL_DELAY, 2 s on most distros). */
const AUTH_FAILURE_DELAY_MS = 2_000;

export const suCommand = defineCommand({
  name: 'su',
  path: '/usr/bin/su',
  availableOn: coreTool('su'),
  run: async (ctx) => {
    const prog = progName(ctx, 'su');
    const argv = ctx.argv.slice(1);
    let login = false;
    let command: string | null = null;
    let shell: string | null = null;
    let target: string | null = null;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-' || a === '-l' || a === '--login') login = true;
      else if (a === '-c' || a === '--command') command = argv[++i] ?? '';
      else if (a.startsWith('--command=')) command = a.slice(10);
      else if (a === '-s' || a === '--shell') shell = argv[++i] ?? null;
      else if (a === '-m' || a === '-p' || a === '--preserve-environment') continue;
      else if (a === '-h' || a === '--help') {
        ctx.stdout(
          `\nUsage:\n su [options] [-] [<user> [<argument>...]]\n\nChange the effective user ID and group ID to that of <user>.\nA mere - implies -l.  If <user> is not given, root is assumed.\n`,
        );
        return 0;
      } else if (a === '-V' || a === '--version') {
        ctx.stdout('su from util-linux 2.38.1\n');
        return 0;
      } else if (a.startsWith('-')) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: unrecognized option: ${a.slice(1, 2)}\n`
            : `${prog}: invalid option -- '${a.slice(1, 2)}'\nTry '${prog} --help' for more information.\n`,
        );
        return 1;
      } else if (target === null) target = a;
    }
    const name = target ?? 'root';
    const account = accountFor(ctx.fs, name);
    if (!account) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: unknown user ${name}\n`
          : familyOf(ctx.machine.distro) === 'rhel' && ctx.machine.distro.name === 'centos7'
            ? `${prog}: user ${name} does not exist\n`
            : `${prog}: user ${name} does not exist or the user entry does not contain all the required fields\n`,
      );
      return 1;
    }
    if (ctx.user.uid !== 0) {
      ctx.stderr('Password: ');
      await ctx.sleep(AUTH_FAILURE_DELAY_MS);
      ctx.stderr(isBusybox(ctx) ? `\n${prog}: incorrect password\n` : `\n${prog}: Authentication failure\n`);
      return 1;
    }
    const loginShell = shell ?? account.shell;
    if (/nologin|\/false$/.test(loginShell) && shell === null) {
      if (loginShell.endsWith('nologin')) ctx.stdout('This account is currently not available.\n');
      return 1;
    }
    if (command !== null) {
      const original = ctx.user.name;
      ctx.switchUser(name);
      try {
        return await ctx.run(command);
      } finally {
        ctx.switchUser(original);
      }
    }
    ctx.switchUser(name);
    if (login) {
      try {
        ctx.chdir(account.home);
      } catch {
        ctx.stderr(
          `${prog}: warning: cannot change directory to ${account.home}: No such file or directory\n`,
        );
      }
    }
    return 0;
  },
});
