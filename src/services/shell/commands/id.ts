/** id(1), whoami(1) and groups(1) for the session's current account (after su/sudo). */
import type { CommandContext, ShellUser } from '../command.js';
import { familyOf } from '../machine.js';
import { accountFor } from '../vfs/accounts.js';
import { coreTool } from './lib/availability.js';
import { coreutilsVersion, defineCommand, parseOrReport } from './lib/program.js';

const OPTIONS = [
  { key: 'u', short: 'u', long: 'user' },
  { key: 'g', short: 'g', long: 'group' },
  { key: 'G', short: 'G', long: 'groups' },
  { key: 'n', short: 'n', long: 'name' },
  { key: 'r', short: 'r', long: 'real' },
  { key: 'z', short: 'z', long: 'zero' },
  { key: 'Z', short: 'Z', long: 'context' },
  { key: 'a', short: 'a' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

/** SELinux context Red Hat's `id` appends for a logged-in user. */
const RHEL_CONTEXT = 'unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023';

function fullLine(ctx: CommandContext, user: ShellUser): string {
  const groups = user.groups.map((g) => `${g.gid}(${g.name})`).join(',');
  const primary = user.groups[0]?.name ?? String(user.gid);
  const context = familyOf(ctx.machine.distro) === 'rhel' ? ` context=${RHEL_CONTEXT}` : '';
  return `uid=${user.uid}(${user.name}) gid=${user.gid}(${primary}) groups=${groups}${context}\n`;
}

async function id(ctx: CommandContext): Promise<number> {
  const parsed = parseOrReport(ctx, 'id', OPTIONS, { gnuStatus: 1, busybox: '[-Gnrug] [USER]' });
  if (!parsed.ok) return parsed.status;
  const { args, prog } = parsed;
  if (args.has('help')) {
    ctx.stdout(
      `Usage: ${prog} [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process.\n\n  -a             ignore, for compatibility with other versions\n  -Z, --context  print only the security context of the process\n  -g, --group    print only the effective group ID\n  -G, --groups   print all group IDs\n  -n, --name     print a name instead of a number, for -ugG\n  -r, --real     print the real ID instead of the effective ID, with -ugG\n  -u, --user     print only the effective user ID\n  -z, --zero     delimit entries with NUL characters, not whitespace;\n                   not permitted in default format\n      --help        display this help and exit\n      --version     output version information and exit\n`,
    );
    return 0;
  }
  if (args.has('version')) {
    ctx.stdout(coreutilsVersion(ctx, 'id', 'Arnold Robbins and David MacKenzie'));
    return 0;
  }
  const names = args.operands.length > 0 ? args.operands : [null];
  let status = 0;
  for (const name of names) {
    const user = name === null ? ctx.user : accountFor(ctx.fs, name);
    if (!user) {
      ctx.stderr(`${prog}: '${name}': no such user\n`);
      status = 1;
      continue;
    }
    const byName = args.has('n');
    if (args.has('u')) ctx.stdout(`${byName ? user.name : user.uid}\n`);
    else if (args.has('g')) ctx.stdout(`${byName ? (user.groups[0]?.name ?? user.gid) : user.gid}\n`);
    else if (args.has('G')) ctx.stdout(`${user.groups.map((g) => (byName ? g.name : g.gid)).join(' ')}\n`);
    else if (byName) {
      ctx.stderr(
        `${prog}: cannot print only names or real IDs in default format\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    } else ctx.stdout(fullLine(ctx, name === null ? user : { ...user }));
  }
  return status;
}

export const idCommand = defineCommand({
  name: 'id',
  path: '/usr/bin/id',
  availableOn: coreTool('id'),
  run: id,
});

export const whoamiCommand = defineCommand({
  name: 'whoami',
  path: '/usr/bin/whoami',
  availableOn: coreTool('whoami'),
  run: (ctx) => {
    if (ctx.argv.length > 1 && ctx.argv[1] !== '--help' && ctx.argv[1] !== '--version') {
      ctx.stderr(`whoami: extra operand '${ctx.argv[1]}'\nTry 'whoami --help' for more information.\n`);
      return 1;
    }
    if (ctx.argv[1] === '--version') {
      ctx.stdout(coreutilsVersion(ctx, 'whoami', 'Richard Mlynarik'));
      return 0;
    }
    ctx.stdout(`${ctx.user.name}\n`);
    return 0;
  },
});

export const groupsCommand = defineCommand({
  name: 'groups',
  path: '/usr/bin/groups',
  availableOn: coreTool('groups'),
  run: (ctx) => {
    const names = ctx.argv.slice(1);
    if (names.length === 0) {
      ctx.stdout(`${ctx.user.groups.map((g) => g.name).join(' ')}\n`);
      return 0;
    }
    let status = 0;
    for (const name of names) {
      const user = accountFor(ctx.fs, name);
      if (!user) {
        ctx.stderr(`groups: '${name}': no such user\n`);
        status = 1;
        continue;
      }
      ctx.stdout(`${name} : ${user.groups.map((g) => g.name).join(' ')}\n`);
    }
    return status;
  },
});
