/**
 * `if`: `[not] exist PATH`, `[not] defined VAR`, `[not] errorlevel N`, `[/i] [not] A==B` and the
 * comparison operators, then the command to run (an `else` branch after a parenthesised block is not
 * taken on one line here, as cmd needs the block form for it).
 */
import { defineCmd } from '../command.js';

const COMPARISON = /^(EQU|NEQ|LSS|LEQ|GTR|GEQ)$/i;

export const ifCommand = defineCmd({
  name: 'if',
  run: async (ctx) => {
    let rest = ctx.rawArgs.trim();
    const take = (): string => {
      const m = /^("[^"]*"|\S+)\s*/.exec(rest);
      if (!m) return '';
      rest = rest.slice(m[0].length);
      return m[1] as string;
    };
    let ignoreCase = false;
    let negate = false;
    let word = take();
    if (word.toLowerCase() === '/i') {
      ignoreCase = true;
      word = take();
    }
    if (word.toLowerCase() === 'not') {
      negate = true;
      word = take();
    }
    let result: boolean;
    switch (word.toLowerCase()) {
      case 'exist':
        result = ctx.drive.exists(take().replace(/"/g, ''));
        break;
      case 'defined':
        result = ctx.env.get(take()) !== undefined;
        break;
      case 'errorlevel':
        result = ctx.shell.lastStatus >= Number(take());
        break;
      default: {
        const double = /^("[^"]*"|[^=\s]*)==("[^"]*"|\S*)\s*/.exec(
          `${word} ${rest}`.replace(/\s*==\s*/, '=='),
        );
        if (double) {
          rest = `${word} ${rest}`.replace(/\s*==\s*/, '==').slice(double[0].length);
          const [a, b] = [double[1] as string, double[2] as string];
          result = ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
          break;
        }
        const op = take();
        if (!COMPARISON.test(op)) {
          ctx.stderr(`${op || rest || word} was unexpected at this time.\r\n`);
          return 255;
        }
        const right = take();
        const [x, y] = [Number(word), Number(right)];
        const numeric = Number.isFinite(x) && Number.isFinite(y);
        const cmp = numeric ? x - y : word.localeCompare(right);
        result = { equ: cmp === 0, neq: cmp !== 0, lss: cmp < 0, leq: cmp <= 0, gtr: cmp > 0, geq: cmp >= 0 }[
          op.toLowerCase() as 'equ'
        ];
      }
    }
    if (result === negate || rest.trim() === '') return 0;
    return ctx.run(rest);
  },
});
