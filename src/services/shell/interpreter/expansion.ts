/**
 * Word expansion in bash's order (bash(1) "EXPANSION"): brace expansion, then tilde, parameter,
 * arithmetic and command substitution left to right, then field splitting of what unquoted expansions
 * produced, pathname expansion, and quote removal. All text is bytes (see `syntax/bytes.ts`).
 */

import type { ShellFs } from '../filesystem.js';
import type { ListNode, ParamPart, Word, WordPart } from '../syntax/ast.js';
import { toText } from '../syntax/bytes.js';
import { ArithError, evaluateArithmetic } from './arithmetic.js';
import { BraceLimitError, expandBraces } from './brace.js';
import type { LineBudget } from './budget.js';
import { glob } from './glob.js';
import { Pattern, type PatternSegment } from './pattern.js';

/** An expansion failed the way bash reports it (`${x}: bad substitution`); the command line stops. */
export class ExpansionError extends Error {
  constructor(
    message: string,
    /** `${x:?}` makes a non-interactive shell exit. */
    readonly fatal = false,
  ) {
    super(message);
    this.name = 'ExpansionError';
  }
}

/** What expansion needs from the shell. */
export interface ExpansionHost {
  readonly budget: LineBudget;
  readonly fs: ShellFs;
  /** Current directory (text, as the filesystem takes paths). */
  readonly cwd: string;
  readonly maxBraceWords: number;
  readonly maxGlobMatches: number;
  /** A variable or special parameter (`?`, `#`, `1`, `RANDOM` …); undefined when unset. */
  lookup(name: string): string | undefined;
  assign(name: string, value: string): void;
  positional(): readonly string[];
  /** The home directory of a user (`~user`), or undefined. */
  homeOf(user: string): string | undefined;
  /** Runs a command substitution and returns its output. */
  substitute(body: ListNode): Promise<string>;
}

/**
 * A piece of an expanded word: `quoted` text is final; `literal` text was unquoted in the source (globbing
 * applies, splitting does not); `expanded` text came from an unquoted expansion (both apply). `break`
 * separates the fields "$@" makes.
 */
type Frag = { text: string; mode: 'quoted' | 'literal' | 'expanded' } | { break: true };

interface Field {
  segments: PatternSegment[];
  /** Has text, or a quoted part (even an empty one): kept even when empty. */
  keep: boolean;
}

const DEFAULT_IFS = ' \t\n';

export class Expander {
  constructor(private readonly host: ExpansionHost) {}

  /** Fields for a command's arguments (every expansion, splitting and globbing). */
  async fields(word: Word): Promise<string[]> {
    let variants: WordPart[][];
    try {
      variants = expandBraces(word.parts, this.host.maxBraceWords);
    } catch (err) {
      if (err instanceof BraceLimitError) {
        // bash tries and dies allocating; the fake one refuses the command the way that looks.
        throw new ExpansionError(`xmalloc: cannot allocate ${err.words * 8} bytes`);
      }
      throw err;
    }
    const out: string[] = [];
    for (const parts of variants) {
      const frags = await this.frags(parts, false, true);
      for (const field of this.split(frags)) out.push(...this.globField(field));
    }
    return out;
  }

  /** Fields for each word, in order. */
  async allFields(words: readonly Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const word of words) out.push(...(await this.fields(word)));
    return out;
  }

  /** One string, without splitting or globbing (assignments, `[[ ]]` operands, here-strings, case). */
  async string(word: Word, options: { assignment?: boolean } = {}): Promise<string> {
    const frags = await this.frags(word.parts, false, true, options.assignment ?? false);
    return joinFrags(frags);
  }

  /** A pattern: unquoted text keeps its special characters (case, `[[ == ]]`, `${x#pat}`). */
  async pattern(word: Word): Promise<Pattern> {
    const frags = await this.frags(word.parts, false, true);
    const segments: PatternSegment[] = [];
    for (const f of frags) {
      if ('break' in f) segments.push({ text: ' ', quoted: true });
      else segments.push({ text: f.text, quoted: f.mode === 'quoted' });
    }
    return Pattern.compile(segments, (units) => this.host.budget.chargeMatching(units));
  }

  /** The right side of `=~`: quoted parts match literally. */
  async regex(word: Word): Promise<string> {
    const frags = await this.frags(word.parts, false, true);
    let out = '';
    for (const f of frags) {
      if ('break' in f) out += ' ';
      else out += f.mode === 'quoted' ? f.text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&') : f.text;
    }
    return out;
  }

  /** The body of an unquoted here-document: expansions, no splitting. */
  async heredoc(word: Word): Promise<string> {
    return joinFrags(await this.frags(word.parts, true, false));
  }

  /** Evaluates `$(( ))` text or a `(( ))` command's expression. */
  async arithmetic(word: Word): Promise<bigint> {
    const text = joinFrags(await this.frags(word.parts, true, false));
    try {
      return evaluateArithmetic(text, {
        get: (n) => this.host.lookup(n),
        set: (n, v) => this.host.assign(n, v),
      });
    } catch (err) {
      if (err instanceof ArithError) throw new ExpansionError(err.message);
      throw err;
    }
  }

  private charge(text: string): string {
    this.host.budget.chargeExpansion(text.length);
    return text;
  }

  /**
   * Expands parts to fragments. `inDquote`: inside double quotes (everything quoted, "$@" still
   * separates fields). `tilde`: a leading `~` may expand. `assignment`: also after `=` and `:`.
   */
  private async frags(
    parts: readonly WordPart[],
    inDquote: boolean,
    tilde: boolean,
    assignment = false,
  ): Promise<Frag[]> {
    const out: Frag[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as WordPart;
      switch (part.type) {
        case 'lit': {
          if (inDquote) {
            out.push({ text: part.value, mode: 'quoted' });
            break;
          }
          const expanded = this.tildes(part.value, tilde && i === 0, assignment, parts[i + 1] !== undefined);
          out.push(...expanded);
          break;
        }
        case 'quoted':
          out.push({ text: part.value, mode: 'quoted' });
          break;
        case 'dquote': {
          const inner = await this.frags(part.parts, true, false);
          const onlyEmptyAt =
            part.parts.length > 0 &&
            part.parts.every((p) => p.type === 'param' && p.name === '@' && !p.op && !p.length) &&
            this.host.positional().length === 0;
          if (!onlyEmptyAt) out.push({ text: '', mode: 'quoted' });
          out.push(...inner);
          break;
        }
        case 'param':
          out.push(...(await this.param(part, inDquote)));
          break;
        case 'command': {
          const output = await this.host.substitute(part.body);
          const text = this.charge(output.replace(/\n+$/, ''));
          out.push({ text, mode: inDquote ? 'quoted' : 'expanded' });
          break;
        }
        case 'arith': {
          const value = await this.arithmetic(part.expr);
          out.push({ text: value.toString(), mode: inDquote ? 'quoted' : 'expanded' });
          break;
        }
      }
    }
    return out;
  }

  /** Tilde expansion of an unquoted literal (bash(1) "Tilde Expansion"). */
  private tildes(text: string, atStart: boolean, assignment: boolean, followed: boolean): Frag[] {
    if (!text.includes('~') || (!atStart && !assignment)) return [{ text, mode: 'literal' }];
    const out: Frag[] = [];
    // In an assignment a tilde may also follow `=` (already split off) or `:`.
    const pieces = assignment ? text.split(':') : [text];
    pieces.forEach((piece, index) => {
      if (index > 0) out.push({ text: ':', mode: 'literal' });
      const canExpand = index > 0 || atStart;
      if (!canExpand || !piece.startsWith('~')) {
        out.push({ text: piece, mode: 'literal' });
        return;
      }
      const slash = piece.indexOf('/');
      const prefix = slash === -1 ? piece.slice(1) : piece.slice(1, slash);
      const last = index === pieces.length - 1;
      if (slash === -1 && last && followed) {
        out.push({ text: piece, mode: 'literal' });
        return;
      }
      const home = this.tildePrefix(prefix);
      if (home === undefined) {
        out.push({ text: piece, mode: 'literal' });
        return;
      }
      out.push({ text: home, mode: 'quoted' });
      if (slash !== -1) out.push({ text: piece.slice(slash), mode: 'literal' });
    });
    return out;
  }

  private tildePrefix(prefix: string): string | undefined {
    if (prefix === '') return this.host.lookup('HOME') ?? this.host.homeOf('');
    if (prefix === '+') return this.host.lookup('PWD');
    if (prefix === '-') return this.host.lookup('OLDPWD');
    return this.host.homeOf(prefix);
  }

  /** A parameter expansion (bash(1) "Parameter Expansion"). */
  private async param(part: ParamPart, inDquote: boolean): Promise<Frag[]> {
    if (part.bad !== undefined) throw new ExpansionError(`${part.bad}: bad substitution`);
    const mode = inDquote ? 'quoted' : 'expanded';
    const isList = part.name === '@' || part.name === '*';
    if (part.length) {
      if (isList) return [{ text: String(this.host.positional().length), mode }];
      const value = this.value(part) ?? '';
      return [{ text: String([...toText(value)].length), mode }];
    }
    if (isList && !part.indirect) return this.listParam(part, inDquote);
    const value = this.value(part);
    const op = part.op;
    if (op === undefined) return value === undefined ? [] : [{ text: this.charge(value), mode }];
    const unsetOrNull = value === undefined || (op.startsWith(':') && value === '');
    switch (op) {
      case ':-':
      case '-':
        return unsetOrNull ? this.argFrags(part.arg, inDquote) : [{ text: value ?? '', mode }];
      case ':+':
      case '+':
        return unsetOrNull ? [] : this.argFrags(part.arg, inDquote);
      case ':=':
      case '=': {
        if (!unsetOrNull) return [{ text: value ?? '', mode }];
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(part.name)) {
          throw new ExpansionError(`$${part.name}: cannot assign in this way`);
        }
        const assigned = part.arg ? await this.string(part.arg) : '';
        this.host.assign(part.name, assigned);
        return [{ text: assigned, mode }];
      }
      case ':?':
      case '?': {
        if (!unsetOrNull) return [{ text: value ?? '', mode }];
        const message = part.arg ? await this.string(part.arg) : '';
        const text =
          message === '' ? (op === ':?' ? 'parameter null or not set' : 'parameter not set') : message;
        throw new ExpansionError(`${part.name}: ${text}`, true);
      }
      default:
        return [{ text: this.charge(await this.operate(part, value ?? '')), mode }];
    }
  }

  /** `$@`, `$*` and their operators: one fragment per positional parameter. */
  private async listParam(part: ParamPart, inDquote: boolean): Promise<Frag[]> {
    let values = [...this.host.positional()];
    if (part.op === 'substring') {
      values = await this.sliceList(values, part);
    } else if (part.op !== undefined) {
      const unsetOrNull = values.length === 0 || (part.op.startsWith(':') && values.join('') === '');
      if (part.op === ':-' || part.op === '-') {
        if (unsetOrNull) return this.argFrags(part.arg, inDquote);
      } else if (part.op === ':+' || part.op === '+') {
        return unsetOrNull ? [] : this.argFrags(part.arg, inDquote);
      } else if (part.op === ':?' || part.op === '?') {
        if (unsetOrNull) throw new ExpansionError(`${part.name}: parameter null or not set`, true);
      } else if (part.op === ':=' || part.op === '=') {
        if (unsetOrNull) throw new ExpansionError(`$${part.name}: cannot assign in this way`);
      } else {
        const operated: string[] = [];
        for (const v of values) operated.push(await this.operate(part, v));
        values = operated;
      }
    }
    const mode = inDquote ? 'quoted' : 'expanded';
    if (part.name === '*' && inDquote) {
      const ifs = this.host.lookup('IFS');
      const sep = ifs === undefined ? ' ' : ifs.slice(0, 1);
      return [{ text: this.charge(values.join(sep)), mode }];
    }
    const out: Frag[] = [];
    values.forEach((v, i) => {
      if (i > 0) out.push({ break: true });
      out.push({ text: this.charge(v), mode });
    });
    return out;
  }

  private async sliceList(values: string[], part: ParamPart): Promise<string[]> {
    // ${@:0} includes $0; offsets count from 1 otherwise.
    const all = [this.host.lookup('0') ?? 'bash', ...values];
    const offset = Number(await this.arithmetic(part.arg ?? { parts: [], text: '' }));
    let start = offset < 0 ? all.length + offset : offset;
    if (start < 0) return [];
    start = Math.min(start, all.length);
    if (!part.arg2) return all.slice(start);
    const length = Number(await this.arithmetic(part.arg2));
    if (length < 0) throw new ExpansionError(`${length}: substring expression < 0`);
    return all.slice(start, start + length);
  }

  private async argFrags(arg: Word | undefined, inDquote: boolean): Promise<Frag[]> {
    if (!arg) return [];
    const frags = await this.frags(arg.parts, inDquote, !inDquote);
    // Unquoted text in the word is split like an expansion's result (`${x:-a b}` is two words).
    return frags.map((f) => ('break' in f || f.mode !== 'literal' ? f : { text: f.text, mode: 'expanded' }));
  }

  private value(part: ParamPart): string | undefined {
    if (part.indirect) {
      const name = this.host.lookup(part.name);
      if (name === undefined || name === '') return undefined;
      if (!/^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])$/.test(name)) {
        throw new ExpansionError(`${name}: invalid variable name`);
      }
      return this.host.lookup(name);
    }
    return this.host.lookup(part.name);
  }

  /** Pattern removal, replacement, case change and substrings of one value. */
  private async operate(part: ParamPart, value: string): Promise<string> {
    const op = part.op;
    switch (op) {
      case '#':
      case '##': {
        const pattern = await this.pattern(part.arg ?? { parts: [], text: '' });
        const matches = pattern.prefixMatches(value);
        const lengths = matches.flatMap((m, n) => (m ? [n] : []));
        if (lengths.length === 0) return value;
        const n = op === '#' ? (lengths[0] as number) : (lengths[lengths.length - 1] as number);
        return value.slice(n);
      }
      case '%':
      case '%%': {
        const pattern = await this.pattern(part.arg ?? { parts: [], text: '' });
        const matches = pattern.suffixMatches(value);
        const lengths = matches.flatMap((m, n) => (m ? [n] : []));
        if (lengths.length === 0) return value;
        const n = op === '%' ? (lengths[0] as number) : (lengths[lengths.length - 1] as number);
        return value.slice(0, value.length - n);
      }
      case '/':
      case '//':
      case '/#':
      case '/%':
        return this.replace(part, value);
      case '^':
      case '^^':
      case ',':
      case ',,': {
        const pattern = part.arg && part.arg.parts.length > 0 ? await this.pattern(part.arg) : null;
        const upper = op.startsWith('^');
        let out = '';
        for (let i = 0; i < value.length; i++) {
          const c = value[i] as string;
          const applies = (op.length === 2 || i === 0) && (pattern === null || pattern.matches(c));
          out += applies ? (upper ? c.toUpperCase() : c.toLowerCase()) : c;
        }
        return out;
      }
      case 'substring': {
        const offset = Number(await this.arithmetic(part.arg ?? { parts: [], text: '' }));
        let start = offset < 0 ? value.length + offset : offset;
        if (start < 0) return '';
        start = Math.min(start, value.length);
        if (!part.arg2) return value.slice(start);
        const length = Number(await this.arithmetic(part.arg2));
        if (length < 0) {
          const end = value.length + length;
          if (end < start) throw new ExpansionError(`${length}: substring expression < 0`);
          return value.slice(start, end);
        }
        return value.slice(start, start + length);
      }
      default:
        return value;
    }
  }

  private async replace(part: ParamPart, value: string): Promise<string> {
    const pattern = await this.pattern(part.arg ?? { parts: [], text: '' });
    const replacement = part.arg2 ? await this.string(part.arg2) : '';
    const op = part.op;
    if (op === '/#' || op === '/%')
      this.host.budget.chargeExpansion(value.length * Math.max(1, pattern.size));
    if (op === '/#') {
      const matches = pattern.prefixMatches(value);
      for (let n = matches.length - 1; n >= 0; n--) if (matches[n]) return replacement + value.slice(n);
      return value;
    }
    if (op === '/%') {
      const matches = pattern.suffixMatches(value);
      for (let n = matches.length - 1; n >= 0; n--) {
        if (matches[n]) return value.slice(0, value.length - n) + replacement;
      }
      return value;
    }
    if (pattern.size === 0) return value;
    let out = '';
    let i = 0;
    while (i < value.length) {
      const end = pattern.longestMatchFrom(value, i);
      if (end > i) {
        out += replacement;
        i = end;
        if (op !== '//') return out + value.slice(i);
        continue;
      }
      out += value[i];
      i++;
    }
    return out;
  }

  /** Field splitting (bash(1) "Word Splitting"): only `expanded` text splits, on $IFS. */
  private split(frags: readonly Frag[]): Field[] {
    const ifs = this.host.lookup('IFS') ?? DEFAULT_IFS;
    const fields: Field[] = [];
    let current: Field = { segments: [], keep: false };
    let delimiter: 'ws' | 'other' | null = null;
    const end = (keep: boolean) => {
      if (current.keep || keep) fields.push(current);
      current = { segments: [], keep: false };
    };
    const add = (text: string, quoted: boolean) => {
      const last = current.segments[current.segments.length - 1];
      if (last && last.quoted === quoted) last.text += text;
      else current.segments.push({ text, quoted });
      if (text !== '' || quoted) current.keep = true;
    };
    for (const f of frags) {
      if ('break' in f) {
        end(true);
        delimiter = null;
        continue;
      }
      if (f.mode !== 'expanded' || ifs === '') {
        add(f.text, f.mode === 'quoted');
        if (f.text !== '') delimiter = null;
        continue;
      }
      for (const c of f.text) {
        if (!ifs.includes(c)) {
          add(c, false);
          delimiter = null;
          continue;
        }
        if (DEFAULT_IFS.includes(c)) {
          if (delimiter === null && current.keep) {
            end(false);
            delimiter = 'ws';
          }
          continue;
        }
        if (delimiter === 'ws') {
          delimiter = 'other';
          continue;
        }
        end(true);
        delimiter = 'other';
      }
    }
    if (current.keep) fields.push(current);
    return fields;
  }

  /** Pathname expansion of one field; an unmatched pattern stays as written (quotes removed). */
  private globField(field: Field): string[] {
    const text = field.segments.map((s) => s.text).join('');
    const wild = field.segments.some((s) => !s.quoted && /[*?[]/.test(s.text));
    if (!wild) return [text];
    const matches = glob(this.host.fs, this.host.cwd, field.segments, this.host.maxGlobMatches);
    return matches.length > 0 ? matches : [Pattern.compile(field.segments).literal];
  }
}

function joinFrags(frags: readonly Frag[]): string {
  let out = '';
  for (const f of frags) out += 'break' in f ? ' ' : f.text;
  return out;
}
