/**
 * Builtins over variables and the positional parameters (bash(1) "declare", "export", "local",
 * "readonly", "unset", "set", "shift").
 */
import type { BuiltinContext } from '../shell.js';
import { evaluateArithmeticText } from '../shell.js';
import { VALID_NAME, type Variable } from '../variables.js';
import { declareQuote, setQuote } from './quote.js';

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=(.*)$/s;

/** `declare -x NAME="value"` as `declare -p` and `export -p` print a variable. */
function declaration(name: string, v: Variable): string {
  let flags = '';
  if (v.integer) flags += 'i';
  if (v.readonly) flags += 'r';
  if (v.exported) flags += 'x';
  const value = v.value === undefined ? '' : `=${declareQuote(v.value)}`;
  return `declare -${flags || '-'} ${name}${value}\n`;
}

interface Attributes {
  exported?: boolean;
  readonly?: boolean;
  integer?: boolean;
}

/** Sets `name[=value]` words with attributes; `local` puts them in the function's scope. */
function declareWords(
  ctx: BuiltinContext,
  words: readonly string[],
  attributes: Attributes,
  local: boolean,
): number {
  const { shell } = ctx;
  const vars = shell.state.vars;
  let status = 0;
  for (const word of words) {
    const m = ASSIGNMENT.exec(word);
    const name = m ? (m[1] as string) : word;
    if (!VALID_NAME.test(name)) {
      ctx.error(`\`${word}': not a valid identifier`);
      status = 1;
      continue;
    }
    const existing = vars.lookup(name);
    if (existing?.readonly && (m || attributes.readonly === false)) {
      ctx.error(`${name}: readonly variable`);
      status = 1;
      continue;
    }
    if (local) vars.declareLocal(name, undefined);
    if (attributes.integer !== undefined || attributes.exported !== undefined) {
      vars.setAttributes(name, { ...pick(attributes, 'integer', 'exported') });
    }
    if (m) {
      const append = m[2] === '+';
      let value = m[3] as string;
      if (vars.lookup(name)?.integer) {
        value = String(evaluateArithmeticText(append ? `${vars.get(name) ?? '0'}+(${value})` : value, shell));
      } else if (append) value = (vars.get(name) ?? '') + value;
      vars.set(name, value);
    } else if (
      !local &&
      attributes.exported === undefined &&
      attributes.readonly === undefined &&
      attributes.integer === undefined
    ) {
      if (!existing) vars.declareLocal(name, undefined);
    }
    if (attributes.readonly) vars.setAttributes(name, { readonly: true });
  }
  return status;
}

function pick(attributes: Attributes, ...keys: Array<keyof Attributes>): Attributes {
  const out: Attributes = {};
  for (const k of keys) if (attributes[k] !== undefined) out[k] = attributes[k];
  return out;
}

/** Splits leading `-x`/`+x` option words from the rest. */
function options(args: readonly string[]): {
  on: Set<string>;
  off: Set<string>;
  rest: string[];
  bad?: string;
} {
  const on = new Set<string>();
  const off = new Set<string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!/^[-+][A-Za-z]+$/.test(arg)) break;
    for (const c of arg.slice(1)) (arg[0] === '-' ? on : off).add(c);
  }
  return { on, off, rest: args.slice(i) };
}

export function exportBuiltin(ctx: BuiltinContext): number {
  const { on, rest } = options(ctx.argv.slice(1));
  const vars = ctx.shell.state.vars;
  if (rest.length === 0 || on.has('p')) {
    for (const [name, v] of vars.entries()) if (v.exported) ctx.out(declaration(name, v));
    return 0;
  }
  if (on.has('f')) return 0;
  if (on.has('n')) {
    for (const name of rest) if (vars.lookup(name)) vars.setAttributes(name, { exported: false });
    return 0;
  }
  return declareWords(ctx, rest, { exported: true }, false);
}

export function readonlyBuiltin(ctx: BuiltinContext): number {
  const { on, rest } = options(ctx.argv.slice(1));
  const vars = ctx.shell.state.vars;
  if (rest.length === 0 || on.has('p')) {
    for (const [name, v] of vars.entries()) if (v.readonly) ctx.out(declaration(name, v));
    return 0;
  }
  return declareWords(ctx, rest, { readonly: true }, false);
}

export function unset(ctx: BuiltinContext): number {
  const { on, rest } = options(ctx.argv.slice(1));
  const { state } = ctx.shell;
  let status = 0;
  for (const name of rest) {
    if (on.has('f')) {
      state.functions.delete(name);
      continue;
    }
    if (!VALID_NAME.test(name)) {
      ctx.error(`\`${name}': not a valid identifier`);
      status = 1;
      continue;
    }
    if (!on.has('v') && state.vars.lookup(name) === undefined && state.functions.has(name)) {
      state.functions.delete(name);
      continue;
    }
    if (!state.vars.unset(name)) {
      ctx.error(`${name}: cannot unset: readonly variable`);
      status = 1;
    }
  }
  return status;
}

export function declare(ctx: BuiltinContext): number {
  const { shell } = ctx;
  const { on, off, rest } = options(ctx.argv.slice(1));
  const { state } = shell;
  if (on.has('f') || on.has('F')) {
    const names = rest.length > 0 ? rest : [...state.functions.keys()].sort();
    let status = 0;
    for (const name of names) {
      const fn = state.functions.get(name);
      if (!fn) {
        status = 1;
        continue;
      }
      ctx.out(on.has('F') ? `declare -f ${name}\n` : `${fn.source}\n`);
    }
    return status;
  }
  if (rest.length === 0) {
    for (const [name, v] of state.vars.entries()) {
      if (on.has('x') && !v.exported) continue;
      if (on.has('r') && !v.readonly) continue;
      if (v.value === undefined && !on.has('p')) continue;
      ctx.out(on.size > 0 ? declaration(name, v) : `${name}=${setQuote(v.value ?? '')}\n`);
    }
    return 0;
  }
  if (on.has('p')) {
    let status = 0;
    for (const name of rest) {
      const v = state.vars.lookup(name);
      if (!v) {
        ctx.error(`${name}: not found`);
        status = 1;
      } else ctx.out(declaration(name, v));
    }
    return status;
  }
  const attributes: Attributes = {};
  if (on.has('x')) attributes.exported = true;
  if (off.has('x')) attributes.exported = false;
  if (on.has('r')) attributes.readonly = true;
  if (on.has('i')) attributes.integer = true;
  if (off.has('i')) attributes.integer = false;
  const local = state.functionDepth > 0 && !on.has('g');
  return declareWords(ctx, rest, attributes, local);
}

export function local(ctx: BuiltinContext): number {
  if (ctx.shell.state.functionDepth === 0) {
    ctx.error('can only be used in a function');
    return 1;
  }
  const { on, rest } = options(ctx.argv.slice(1));
  const attributes: Attributes = {};
  if (on.has('x')) attributes.exported = true;
  if (on.has('r')) attributes.readonly = true;
  if (on.has('i')) attributes.integer = true;
  return declareWords(ctx, rest, attributes, true);
}

/** Option letters `set -o NAME` accepts, as `set -o` lists them. */
const LONG_OPTIONS: ReadonlyArray<[string, string | null]> = [
  ['allexport', 'a'],
  ['braceexpand', 'B'],
  ['emacs', null],
  ['errexit', 'e'],
  ['errtrace', 'E'],
  ['functrace', 'T'],
  ['hashall', 'h'],
  ['histexpand', 'H'],
  ['history', null],
  ['ignoreeof', null],
  ['interactive-comments', null],
  ['keyword', 'k'],
  ['monitor', 'm'],
  ['noclobber', 'C'],
  ['noexec', 'n'],
  ['noglob', 'f'],
  ['nolog', null],
  ['notify', 'b'],
  ['nounset', 'u'],
  ['onecmd', 't'],
  ['physical', 'P'],
  ['pipefail', null],
  ['posix', null],
  ['privileged', 'p'],
  ['verbose', 'v'],
  ['vi', null],
  ['xtrace', 'x'],
];

export function set(ctx: BuiltinContext): number {
  const { shell } = ctx;
  const { state } = shell;
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    for (const [name, v] of state.vars.entries()) {
      if (v.value !== undefined) ctx.out(`${name}=${setQuote(v.value)}\n`);
    }
    for (const name of [...state.functions.keys()].sort()) ctx.out(`${state.functions.get(name)?.source}\n`);
    return 0;
  }
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      state.positional = args.slice(i + 1);
      return 0;
    }
    if (arg === '-' || arg === '+') {
      state.positional = args.slice(i + 1);
      return 0;
    }
    if (!/^[-+]/.test(arg)) break;
    const enable = arg[0] === '-';
    for (const flag of arg.slice(1)) {
      if (flag === 'o') {
        const name = args[++i];
        if (name === undefined) {
          for (const [long, letter] of LONG_OPTIONS) {
            const active = letter !== null && state.options.has(letter);
            ctx.out(
              enable
                ? `${long.padEnd(15)}\t${active ? 'on' : 'off'}\n`
                : `set ${active ? '-' : '+'}o ${long}\n`,
            );
          }
          break;
        }
        const known = LONG_OPTIONS.find(([long]) => long === name);
        if (!known) {
          ctx.error(`${name}: invalid option name`);
          return 1;
        }
        if (known[1] !== null) {
          if (enable) state.options.add(known[1]);
          else state.options.delete(known[1]);
        }
        continue;
      }
      if (!'abefhkmnptuvxBCEHPT'.includes(flag)) {
        ctx.error(`${arg[0]}${flag}: invalid option`);
        ctx.err('set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n');
        return 2;
      }
      if (enable) state.options.add(flag);
      else state.options.delete(flag);
    }
  }
  if (i < args.length) state.positional = args.slice(i);
  return 0;
}

export function shift(ctx: BuiltinContext): number {
  const { state } = ctx.shell;
  const arg = ctx.argv[1];
  let n = 1;
  if (arg !== undefined) {
    if (!/^[0-9]+$/.test(arg)) {
      ctx.error(`${arg}: numeric argument required`);
      return 1;
    }
    n = Number(arg);
  }
  if (n > state.positional.length) return 1;
  state.positional = state.positional.slice(n);
  return 0;
}
