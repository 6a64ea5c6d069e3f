/**
 * freebsd-version(1): the installed kernel (-k), the running kernel (-r) and the userland (-u, the
 * default). A decky patched with freebsd-update runs what it installed, so all three agree.
 */
import type { CommandContext } from '../command.js';
import { onlyOn } from './lib/availability.js';
import { defineCommand, progName } from './lib/program.js';

const USAGE = 'usage: freebsd-version [-kru] [-j jail]\n';

function freebsdVersion(ctx: CommandContext): number {
  const prog = progName(ctx, 'freebsd-version');
  const wanted = new Set<string>();
  for (const arg of ctx.argv.slice(1)) {
    if (!arg.startsWith('-') || arg === '-') {
      ctx.stderr(USAGE);
      return 1;
    }
    for (const c of arg.slice(1)) {
      if (c !== 'k' && c !== 'r' && c !== 'u') {
        ctx.stderr(`${prog}: illegal option -- ${c}\n${USAGE}`);
        return 1;
      }
      wanted.add(c);
    }
  }
  const release = ctx.machine.distro.kernel;
  // The script prints in the fixed order -k, -r, -u whatever order the flags came in.
  const order = wanted.size === 0 ? ['u'] : ['k', 'r', 'u'].filter((c) => wanted.has(c));
  ctx.stdout(order.map(() => `${release}\n`).join(''));
  return 0;
}

export const freebsdVersionCommand = defineCommand({
  name: 'freebsd-version',
  path: '/bin/freebsd-version',
  availableOn: onlyOn('bsd'),
  run: freebsdVersion,
});
