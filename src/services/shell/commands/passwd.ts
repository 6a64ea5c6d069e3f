/** passwd(1) and chpasswd(8): password changes as PAM reports them; stdin supplies what a terminal would. */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { accountFor } from '../vfs/accounts.js';
import { setPassword } from './lib/accounts-edit.js';
import { coreTool } from './lib/availability.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

function success(ctx: CommandContext, prog: string, user: string): string {
  if (isBusybox(ctx)) return `${prog}: password for ${user} changed by ${ctx.user.name}\n`;
  return familyOf(ctx.machine.distro) === 'rhel'
    ? `${prog}: all authentication tokens updated successfully.\n`
    : `${prog}: password updated successfully\n`;
}

export const passwdCommand = defineCommand({
  name: 'passwd',
  path: '/usr/bin/passwd',
  availableOn: coreTool('passwd'),
  run: async (ctx) => {
    const prog = progName(ctx, 'passwd');
    const args = ctx.argv.slice(1);
    const fromStdin = args.includes('--stdin');
    const flags = args.filter((a) => a.startsWith('-'));
    const target = args.find((a) => !a.startsWith('-')) ?? ctx.user.name;
    const rhel = familyOf(ctx.machine.distro) === 'rhel';
    if (flags.some((f) => f === '-S' || f === '--status')) {
      const day = Math.floor(ctx.clock.now() / 86_400_000);
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      ctx.stdout(
        rhel
          ? `${target} PS ${date} 0 99999 7 -1 (Password set, SHA512 crypt.)\n`
          : `${target} P ${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)} 0 99999 7 -1\n`,
      );
      return 0;
    }
    if (ctx.user.uid !== 0 && target !== ctx.user.name) {
      ctx.stderr(`${prog}: You may not view or modify password information for ${target}.\n`);
      return 1;
    }
    if (!accountFor(ctx.fs, target)) {
      ctx.stderr(`${prog}: user '${target}' does not exist\n`);
      return 1;
    }
    if (
      flags.some((f) => ['-l', '-u', '-d', '-e', '--lock', '--unlock', '--delete', '--expire'].includes(f))
    ) {
      if (ctx.user.uid !== 0) {
        ctx.stderr(`${prog}: Permission denied.\n`);
        return 1;
      }
      ctx.stdout(`${prog}: password changed.\n`);
      return 0;
    }
    const lines = ctx.stdin.toString().split('\n');
    if (fromStdin && rhel) {
      if (ctx.user.uid !== 0) {
        ctx.stderr(`${prog}: Only root can specify a user name.\n`);
        return 1;
      }
      ctx.stdout(`Changing password for user ${target}.\n`);
      setPassword(ctx, target, lines[0] ?? '');
      ctx.stdout(success(ctx, prog, target));
      return 0;
    }
    if (isBusybox(ctx)) ctx.stdout(`Changing password for ${target}\n`);
    else if (rhel) ctx.stdout(`Changing password for user ${target}.\n`);
    else if (ctx.user.uid !== 0) ctx.stdout(`Changing password for ${target}.\n`);
    let at = 0;
    const fail = () => {
      ctx.stderr(`${prog}: Authentication token manipulation error\n${prog}: password unchanged\n`);
      return 10;
    };
    if (ctx.user.uid !== 0) {
      ctx.stdout(isBusybox(ctx) ? 'Old password:' : 'Current password: ');
      if (lines[at++] === undefined || ctx.stdin.length === 0) {
        ctx.stdout('\n');
        return fail();
      }
      // The current password is checked by PAM; the decky's is nobody's, so the check fails after the delay.
      await ctx.sleep(2000);
      ctx.stderr(`${prog}: Authentication token manipulation error\n${prog}: password unchanged\n`);
      return 10;
    }
    ctx.stdout(isBusybox(ctx) ? 'New password:' : 'New password: ');
    const first = lines[at++];
    if (first === undefined || ctx.stdin.length === 0) {
      ctx.stdout('\n');
      return fail();
    }
    ctx.stdout(isBusybox(ctx) ? '\nRetype password:' : 'Retype new password: ');
    const second = lines[at++];
    if (second !== first) {
      ctx.stdout(isBusybox(ctx) ? '\n' : '');
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: passwords don't match\n`
          : `Sorry, passwords do not match.\n${prog}: Authentication token manipulation error\n${prog}: password unchanged\n`,
      );
      return isBusybox(ctx) ? 1 : 10;
    }
    if (isBusybox(ctx)) ctx.stdout('\n');
    setPassword(ctx, target, first);
    ctx.stdout(success(ctx, prog, target));
    return 0;
  },
});

export const chpasswdCommand = defineCommand({
  name: 'chpasswd',
  path: '/usr/sbin/chpasswd',
  availableOn: coreTool('chpasswd'),
  run: (ctx) => {
    const prog = progName(ctx, 'chpasswd');
    const lines = ctx.stdin
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '');
    let status = 0;
    lines.forEach((line, i) => {
      const colon = line.indexOf(':');
      const user = colon === -1 ? line : line.slice(0, colon);
      if (colon === -1) {
        ctx.stderr(`${prog}: line ${i + 1}: missing new password\n`);
        status = 1;
        return;
      }
      if (ctx.user.uid !== 0) {
        ctx.stderr(
          `${prog}: (user ${user}) pam_chauthtok() failed, error:\nAuthentication token manipulation error\n${prog}: (line ${i + 1}, user ${user}) password not changed\n`,
        );
        status = 1;
        return;
      }
      if (!accountFor(ctx.fs, user)) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: unknown user ${user}\n`
            : `${prog}: line ${i + 1}: user '${user}' does not exist\n`,
        );
        status = 1;
        return;
      }
      setPassword(ctx, user, line.slice(colon + 1));
    });
    if (status !== 0 && !isBusybox(ctx) && ctx.user.uid === 0)
      ctx.stderr(`${prog}: error detected, changes ignored\n`);
    return status;
  },
});
