/** `type`, `command`, `hash` and `builtin` (bash(1) SHELL BUILTIN COMMANDS): how a name would run. */
import { toBytes } from '../../syntax/bytes.js';
import type { BuiltinContext } from '../shell.js';
import { singleQuote } from './quote.js';

export const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'case',
  'esac',
  'for',
  'select',
  'while',
  'until',
  'do',
  'done',
  'in',
  'function',
  'time',
  '{',
  '}',
  '!',
  '[[',
  ']]',
  'coproc',
]);

type Kind = 'alias' | 'keyword' | 'function' | 'builtin' | 'file';

interface Resolution {
  kind: Kind;
  /** The alias's value, the function's source or the file's path. */
  detail: string;
}

/** Every way `name` resolves, in the order the shell tries them. */
function resolutions(ctx: BuiltinContext, name: string, builtins: ReadonlySet<string>): Resolution[] {
  const { state } = ctx.shell;
  const out: Resolution[] = [];
  const alias = state.aliases.get(name);
  if (alias !== undefined && state.mode === 'interactive') out.push({ kind: 'alias', detail: alias });
  if (KEYWORDS.has(name)) out.push({ kind: 'keyword', detail: name });
  const fn = state.functions.get(name);
  if (fn) out.push({ kind: 'function', detail: fn.source });
  if (builtins.has(name)) out.push({ kind: 'builtin', detail: name });
  const path = ctx.shell.which(name);
  if (path !== null) out.push({ kind: 'file', detail: toBytes(path) });
  return out;
}

function describe(name: string, r: Resolution): string {
  switch (r.kind) {
    case 'alias':
      return `${name} is aliased to \`${r.detail}'\n`;
    case 'keyword':
      return `${name} is a shell keyword\n`;
    case 'function':
      return `${name} is a function\n${r.detail}\n`;
    case 'builtin':
      return `${name} is a shell builtin\n`;
    case 'file':
      return `${name} is ${r.detail}\n`;
  }
}

export function makeType(builtins: ReadonlySet<string>) {
  return function type(ctx: BuiltinContext): number {
    const args = ctx.argv.slice(1);
    const flags = new Set<string>();
    while (args.length > 0 && /^-[afptP]+$/.test(args[0] as string))
      for (const f of (args.shift() as string).slice(1)) flags.add(f);
    let status = 0;
    for (const name of args) {
      let found = resolutions(ctx, name, builtins);
      if (flags.has('P')) found = found.filter((r) => r.kind === 'file');
      if (found.length === 0) {
        if (!flags.has('t') && !flags.has('p') && !flags.has('P')) ctx.error(`${name}: not found`);
        status = 1;
        continue;
      }
      const shown = flags.has('a') ? found : found.slice(0, 1);
      for (const r of shown) {
        if (flags.has('t')) ctx.out(`${r.kind}\n`);
        else if (flags.has('p') || flags.has('P')) {
          if (r.kind === 'file') ctx.out(`${r.detail}\n`);
        } else ctx.out(describe(name, r));
      }
    }
    return status;
  };
}

export function makeCommand(builtins: ReadonlySet<string>) {
  return async function command(ctx: BuiltinContext): Promise<number> {
    const args = ctx.argv.slice(1);
    const flags = new Set<string>();
    while (args.length > 0 && /^-[pvV]+$/.test(args[0] as string))
      for (const f of (args.shift() as string).slice(1)) flags.add(f);
    if (args[0] === '--') args.shift();
    if (args.length === 0) return 0;
    if (flags.has('v') || flags.has('V')) {
      let status = 0;
      for (const name of args) {
        const [r] = resolutions(ctx, name, builtins);
        if (!r) {
          if (flags.has('V')) ctx.error(`${name}: not found`);
          status = 1;
          continue;
        }
        if (flags.has('V')) ctx.out(describe(name, r));
        else if (r.kind === 'alias') ctx.out(`alias ${name}=${singleQuote(r.detail)}\n`);
        else if (r.kind === 'file') ctx.out(`${r.detail}\n`);
        else ctx.out(`${name}\n`);
      }
      return status;
    }
    return ctx.shell.dispatch(args, [], ctx.fds, false);
  };
}

export function hash(ctx: BuiltinContext): number {
  const args = ctx.argv.slice(1).filter((a) => !/^-[rdlt]+$/.test(a));
  if (ctx.argv.length === 1) {
    ctx.out('hash: hash table empty\n');
    return 0;
  }
  let status = 0;
  for (const name of args) {
    if (ctx.shell.which(name) === null) {
      ctx.error(`${name}: not found`);
      status = 1;
    }
  }
  return status;
}
