/** `set`: lists, shows and changes variables; `/a` evaluates arithmetic, `/p` reads a value from input. */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { evaluateArithmetic } from './lib/arithmetic.js';

export const setCommand = defineCmd({
  name: 'set',
  run: (ctx) => {
    const raw = ctx.rawArgs.replace(/^[\s]+/, '');
    if (raw === '') return list(ctx, '');
    const option = /^\/([ap])\s*/i.exec(raw);
    if (option?.[1]?.toLowerCase() === 'a') return arithmetic(ctx, raw.slice(option[0].length));
    if (option?.[1]?.toLowerCase() === 'p') return prompt(ctx, raw.slice(option[0].length));
    const assignment = unquote(raw);
    const equals = assignment.indexOf('=');
    if (equals === -1) return list(ctx, assignment.trim());
    const name = assignment.slice(0, equals);
    if (name === '') {
      ctx.stderr('The syntax of the command is incorrect.\r\n');
      return 1;
    }
    if (!ctx.env.set(name, assignment.slice(equals + 1))) {
      ctx.stderr('Not enough memory resources are available to process this command.\r\n');
      return 1;
    }
    return 0;
  },
});

/** `set "x=y"` keeps what lies between the first and the last quote. */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  const last = text.lastIndexOf('"');
  return last > 0 ? text.slice(1, last) : text.slice(1);
}

function list(ctx: CmdContext, prefix: string): number {
  const lower = prefix.toLowerCase();
  const matches = ctx.env.entries().filter(([name]) => name.toLowerCase().startsWith(lower));
  if (matches.length === 0) {
    ctx.stderr(`Environment variable ${prefix} not defined\r\n`);
    return 1;
  }
  ctx.stdout(matches.map(([name, value]) => `${name}=${value}\r\n`).join(''));
  return 0;
}

function arithmetic(ctx: CmdContext, expression: string): number {
  const result = evaluateArithmetic(unquote(expression.trim()), ctx.env);
  if (!result.ok) {
    ctx.stderr(`${result.error}\r\n`);
    return 1073750988;
  }
  // Outside a batch file `set /a` prints its result, without a newline.
  ctx.stdout(String(result.value));
  return 0;
}

function prompt(ctx: CmdContext, rest: string): number {
  const assignment = unquote(rest);
  const equals = assignment.indexOf('=');
  if (equals <= 0) {
    ctx.stderr('The syntax of the command is incorrect.\r\n');
    return 1;
  }
  ctx.stdout(assignment.slice(equals + 1));
  const input = ctx.stdin.toString('utf8');
  const line = input.split(/\r?\n/)[0] ?? '';
  if (line === '') return 1;
  ctx.env.set(assignment.slice(0, equals), line);
  return 0;
}
