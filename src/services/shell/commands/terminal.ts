/** clear(1), reset(1) and tput(1): the escape sequences ncurses sends for the session's $TERM. */
import { coreTool, gnuOnly } from './lib/availability.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';

/** ncurses 6 clear: home, erase display, and erase scrollback (E3). */
const CLEAR = '\x1b[H\x1b[2J\x1b[3J';

export const clearCommand = defineCommand({
  name: 'clear',
  path: '/usr/bin/clear',
  availableOn: coreTool('clear'),
  run: (ctx) => {
    ctx.stdout(isBusybox(ctx) ? '\x1b[H\x1b[J' : CLEAR);
    return 0;
  },
});

export const resetCommand = defineCommand({
  name: 'reset',
  path: '/usr/bin/reset',
  availableOn: coreTool('reset'),
  run: (ctx) => {
    ctx.stdout(isBusybox(ctx) ? '\x1bc\x1b(B\x1b[m\x1b[J\x1b[?25h' : '\x1bc\x1b[!p\x1b[?3;4l\x1b[4l\x1b>');
    return 0;
  },
});

export const tputCommand = defineCommand({
  name: 'tput',
  path: '/usr/bin/tput',
  availableOn: gnuOnly,
  run: (ctx) => {
    const prog = progName(ctx, 'tput');
    const [cap, ...rest] = ctx.argv.slice(1).filter((a) => a !== '-T' && !a.startsWith('-T'));
    const term = ctx.env.get('TERM') ?? ctx.terminal.term;
    if (!cap) {
      ctx.stderr(`usage: ${prog} [-V] [-S] [-T term] capname\n`);
      return 2;
    }
    const colors = term.includes('256color') ? 256 : term === 'dumb' ? -1 : 8;
    const simple: Record<string, string> = {
      clear: CLEAR,
      sgr0: '\x1b(B\x1b[m',
      bold: '\x1b[1m',
      dim: '\x1b[2m',
      smul: '\x1b[4m',
      rmul: '\x1b[24m',
      rev: '\x1b[7m',
      smso: '\x1b[7m',
      rmso: '\x1b[27m',
      civis: '\x1b[?25l',
      cnorm: '\x1b[?12l\x1b[?25h',
      el: '\x1b[K',
      ed: '\x1b[J',
      home: '\x1b[H',
      smcup: '\x1b[?1049h\x1b[22;0;0t',
      rmcup: '\x1b[?1049l\x1b[23;0;0t',
      bel: '\x07',
    };
    if (cap === 'cols') ctx.stdout(`${ctx.terminal.columns}\n`);
    else if (cap === 'lines') ctx.stdout(`${ctx.terminal.rows}\n`);
    else if (cap === 'colors') ctx.stdout(`${colors}\n`);
    else if (cap === 'longname')
      ctx.stdout(
        term.includes('256') ? 'xterm with 256 colors' : 'xterm terminal emulator (X Window System)',
      );
    else if (cap === 'setaf' || cap === 'setab')
      ctx.stdout(`\x1b[${cap === 'setaf' ? 3 : 4}${rest[0] ?? 0}m`);
    else if (cap === 'cup') ctx.stdout(`\x1b[${Number(rest[0] ?? 0) + 1};${Number(rest[1] ?? 0) + 1}H`);
    else if (simple[cap] !== undefined) ctx.stdout(simple[cap]!);
    else {
      ctx.stderr(`${prog}: unknown terminfo capability '${cap}'\n`);
      return 4;
    }
    return 0;
  },
});
