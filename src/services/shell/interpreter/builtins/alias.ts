/** `alias` and `unalias` (bash(1) "ALIASES"). */
import type { BuiltinContext } from '../shell.js';
import { singleQuote } from './quote.js';

export function alias(ctx: BuiltinContext): number {
  const aliases = ctx.shell.state.aliases;
  const args = ctx.argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    for (const name of [...aliases.keys()].sort())
      ctx.out(`alias ${name}=${singleQuote(aliases.get(name) ?? '')}\n`);
    return 0;
  }
  let status = 0;
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq > 0) {
      aliases.set(arg.slice(0, eq), arg.slice(eq + 1));
      continue;
    }
    const value = aliases.get(arg);
    if (value === undefined) {
      ctx.error(`${arg}: not found`);
      status = 1;
    } else ctx.out(`alias ${arg}=${singleQuote(value)}\n`);
  }
  return status;
}

export function unalias(ctx: BuiltinContext): number {
  const aliases = ctx.shell.state.aliases;
  const args = ctx.argv.slice(1);
  if (args[0] === '-a') {
    aliases.clear();
    return 0;
  }
  if (args.length === 0) {
    ctx.err('unalias: usage: unalias [-a] name [name ...]\n');
    return 2;
  }
  let status = 0;
  for (const name of args) {
    if (!aliases.delete(name)) {
      ctx.error(`${name}: not found`);
      status = 1;
    }
  }
  return status;
}
