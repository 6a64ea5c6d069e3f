/**
 * Option parsing as glibc's getopt_long does it (short clusters, attached or separate arguments,
 * unique long-option prefixes, `--`, operands anywhere unless told to stop at the first), with the
 * exact diagnostics of glibc, or of musl for Alpine's BusyBox.
 */

export interface OptionDef {
  /** Key the option is recorded under. */
  key: string;
  short?: string;
  long?: string;
  arg?: 'required' | 'optional';
}

export interface ParsedOption {
  key: string;
  value: string | undefined;
}

export class ParsedArgs {
  constructor(
    readonly options: readonly ParsedOption[],
    readonly operands: readonly string[],
  ) {}

  has(key: string): boolean {
    return this.options.some((o) => o.key === key);
  }

  /** The last value given for the option. */
  value(key: string): string | undefined {
    for (let i = this.options.length - 1; i >= 0; i--)
      if (this.options[i]!.key === key) return this.options[i]!.value;
    return undefined;
  }

  values(key: string): string[] {
    return this.options.filter((o) => o.key === key && o.value !== undefined).map((o) => o.value!);
  }

  count(key: string): number {
    return this.options.filter((o) => o.key === key).length;
  }
}

export type ArgError =
  | { kind: 'invalid'; option: string }
  | { kind: 'unrecognized'; option: string }
  | { kind: 'missing'; option: string; long: boolean }
  | { kind: 'ambiguous'; option: string; candidates: string[] }
  | { kind: 'no-argument'; option: string };

export type ParseResult = { ok: true; args: ParsedArgs } | { ok: false; error: ArgError };

export interface ParseOptions {
  /** Stop at the first operand (POSIX `+` optstring: sudo, env, nohup, xargs …). */
  stopAtOperand?: boolean;
}

export function parseArgs(
  argv: readonly string[],
  defs: readonly OptionDef[],
  options: ParseOptions = {},
): ParseResult {
  const parsed: ParsedOption[] = [];
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const exact = defs.find((d) => d.long === name);
      const matches = exact ? [exact] : defs.filter((d) => d.long?.startsWith(name));
      const distinct = [...new Map(matches.map((m) => [m.key, m])).values()];
      if (distinct.length === 0)
        return {
          ok: false,
          error: { kind: 'unrecognized', option: arg.slice(0, eq === -1 ? undefined : eq) },
        };
      if (distinct.length > 1)
        return {
          ok: false,
          error: { kind: 'ambiguous', option: name, candidates: matches.map((m) => `--${m.long}`) },
        };
      const def = distinct[0]!;
      if (eq !== -1) {
        if (!def.arg) return { ok: false, error: { kind: 'no-argument', option: def.long! } };
        parsed.push({ key: def.key, value: arg.slice(eq + 1) });
      } else if (def.arg === 'required') {
        if (i + 1 >= argv.length)
          return { ok: false, error: { kind: 'missing', option: def.long!, long: true } };
        parsed.push({ key: def.key, value: argv[++i] });
      } else {
        parsed.push({ key: def.key, value: undefined });
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const def = defs.find((d) => d.short === letter);
        if (!def) return { ok: false, error: { kind: 'invalid', option: letter } };
        if (def.arg) {
          const rest = arg.slice(j + 1);
          if (rest !== '') parsed.push({ key: def.key, value: rest });
          else if (def.arg === 'optional') parsed.push({ key: def.key, value: undefined });
          else if (i + 1 < argv.length) parsed.push({ key: def.key, value: argv[++i] });
          else return { ok: false, error: { kind: 'missing', option: letter, long: false } };
          break;
        }
        parsed.push({ key: def.key, value: undefined });
      }
      continue;
    }
    if (options.stopAtOperand) {
      operands.push(...argv.slice(i));
      break;
    }
    operands.push(arg);
  }
  return { ok: true, args: new ParsedArgs(parsed, operands) };
}

/** glibc getopt's message for a parse error (without the "Try … --help" line). */
export function glibcMessage(program: string, error: ArgError): string {
  switch (error.kind) {
    case 'invalid':
      return `${program}: invalid option -- '${error.option}'`;
    case 'unrecognized':
      return `${program}: unrecognized option '${error.option}'`;
    case 'missing':
      return error.long
        ? `${program}: option '--${error.option}' requires an argument`
        : `${program}: option requires an argument -- '${error.option}'`;
    case 'ambiguous':
      return `${program}: option '--${error.option}' is ambiguous; possibilities: ${error.candidates.map((c) => `'${c}'`).join(' ')}`;
    case 'no-argument':
      return `${program}: option '--${error.option}' doesn't allow an argument`;
  }
}

/** musl getopt's message (Alpine's BusyBox). */
export function muslMessage(program: string, error: ArgError): string {
  switch (error.kind) {
    case 'invalid':
      return `${program}: unrecognized option: ${error.option}`;
    case 'unrecognized':
      return `${program}: unrecognized option: ${error.option.replace(/^--/, '')}`;
    case 'missing':
      return `${program}: option requires an argument: ${error.option}`;
    case 'ambiguous':
      return `${program}: option is ambiguous: ${error.option}`;
    case 'no-argument':
      return `${program}: option does not take an argument: ${error.option}`;
  }
}
