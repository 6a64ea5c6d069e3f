/** which(1) (debianutils' on Debian, GNU which on Red Hat) and whereis(1). */
import { familyOf } from '../machine.js';
import { coreTool, gnuOnly } from './lib/availability.js';
import { defineCommand, progName } from './lib/program.js';

export const whichCommand = defineCommand({
  name: 'which',
  path: '/usr/bin/which',
  availableOn: coreTool('which'),
  run: (ctx) => {
    const prog = progName(ctx, 'which');
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const all = ctx.argv.includes('-a');
    const gnu = familyOf(ctx.machine.distro) === 'rhel';
    let status = 0;
    for (const name of names) {
      const found = ctx.which(name);
      if (found) {
        ctx.stdout(`${found}\n`);
        if (
          all &&
          found.startsWith('/usr/') &&
          ['debian', 'rhel', 'arch'].includes(familyOf(ctx.machine.distro))
        ) {
          // On merged-/usr systems /bin is the same directory, listed again by `which -a`.
          const alt = found.replace(/^\/usr/, '');
          if ((ctx.env.get('PATH') ?? '').split(':').includes(alt.slice(0, alt.lastIndexOf('/'))))
            ctx.stdout(`${alt}\n`);
        }
      } else {
        status = 1;
        if (gnu) ctx.stderr(`${prog}: no ${name} in (${ctx.env.get('PATH') ?? ''})\n`);
      }
    }
    return status;
  },
});

export const whereisCommand = defineCommand({
  name: 'whereis',
  path: '/usr/bin/whereis',
  availableOn: gnuOnly,
  run: (ctx) => {
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    for (const name of names) {
      const found = ctx.which(name);
      ctx.stdout(found ? `${name}: ${found} /usr/share/man/man1/${name}.1.gz\n` : `${name}:\n`);
    }
    return 0;
  },
});
