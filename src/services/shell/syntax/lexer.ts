/**
 * Bash's tokens (bash(1) "DEFINITIONS", "QUOTING", "EXPANSION"): operators, redirections and words,
 * each word already split into its quoted and expanding parts. Here-document bodies are read when the
 * lexer reaches the newline after their operator, as bash reads them.
 *
 * The source is a byte string (see `bytes.ts`).
 */
import type { ListNode, ParamOp, ParamPart, Redirect, RedirectOp, Word, WordPart } from './ast.js';
import { codePointBytes } from './bytes.js';
import { ParseError } from './errors.js';

export type Operator = ';' | ';;' | ';&' | ';;&' | '&' | '&&' | '|' | '|&' | '||' | '(' | ')' | '\n';

interface Span {
  start: number;
  end: number;
  line: number;
}

export type Token =
  | ({ kind: 'word'; word: Word } & Span)
  | ({ kind: 'op'; op: Operator } & Span)
  | ({ kind: 'redir'; op: RedirectOp; fd?: number } & Span)
  | ({ kind: 'eof' } & Span);

export interface LexerHooks {
  /** Parses a `$(…)` body from `pos` (just after the `(`); returns the position after the closing `)`. */
  parseSubstitution(pos: number, depth: number): { body: ListNode; end: number };
  /** Parses a whole string as a program (the inside of backticks). */
  parseProgram(source: string, line: number, depth: number): ListNode;
}

export interface LexerOptions {
  /** An interactive shell asks for more input where a script would take the end of input as it is. */
  interactive: boolean;
  maxDepth: number;
  /** Line number of the source's first line. */
  firstLine?: number;
  /** Where warnings go (shared by the lexers of nested substitutions). */
  warnings?: Array<{ line: number; message: string }>;
}

/** Operators, longest first so that `;;&` is not read as `;;` then `&`. */
const OPERATORS: ReadonlyArray<Operator | RedirectOp> = [
  ';;&',
  '&>>',
  '<<<',
  '<<-',
  ';;',
  ';&',
  '&&',
  '&>',
  '||',
  '|&',
  '<<',
  '<&',
  '<>',
  '>>',
  '>&',
  '>|',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<',
  '>',
];

const REDIRECT_OPS: ReadonlySet<string> = new Set<RedirectOp>([
  '<',
  '>',
  '>>',
  '>|',
  '<>',
  '<&',
  '>&',
  '&>',
  '&>>',
  '<<',
  '<<-',
  '<<<',
]);

const METACHARS = ' \t\n;&|()<>';
const SPECIAL_PARAMS = '@*#?$!-0';

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Collects word parts, merging neighbouring text of the same kind. */
class Parts {
  readonly list: WordPart[] = [];

  lit(value: string): void {
    const last = this.list[this.list.length - 1];
    if (last?.type === 'lit') last.value += value;
    else this.list.push({ type: 'lit', value });
  }

  quoted(value: string): void {
    const last = this.list[this.list.length - 1];
    if (last?.type === 'quoted') last.value += value;
    else this.list.push({ type: 'quoted', value });
  }

  push(part: WordPart): void {
    this.list.push(part);
  }
}

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  line: number;
}

/** Where embedded text (double quotes, here-document bodies, arithmetic) ends and what `\` escapes. */
type EmbeddedMode = 'dquote' | 'heredoc' | 'arith';

export class Lexer {
  pos: number;
  readonly warnings: Array<{ line: number; message: string }>;
  private readonly pending: PendingHeredoc[] = [];
  private readonly newlines: number[] = [];
  private readonly firstLine: number;

  constructor(
    readonly src: string,
    private readonly options: LexerOptions,
    private readonly hooks: LexerHooks,
    start = 0,
    readonly depth = 0,
  ) {
    this.pos = start;
    this.firstLine = options.firstLine ?? 1;
    this.warnings = options.warnings ?? [];
    for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  get interactive(): boolean {
    return this.options.interactive;
  }

  /** The 1-based line `pos` is on. */
  lineAt(pos: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.newlines[mid] as number) < pos) lo = mid + 1;
      else hi = mid;
    }
    return this.firstLine + lo;
  }

  get line(): number {
    return this.lineAt(this.pos);
  }

  /** The text of the source line `line` (for `bash: line N: \`…'` messages). */
  sourceLine(line: number): string {
    const index = line - this.firstLine;
    const start = index <= 0 ? 0 : (this.newlines[index - 1] ?? this.src.length) + 1;
    const end = this.newlines[index] ?? this.src.length;
    return this.src.slice(start, end);
  }

  /** Registers a here-document whose body starts after the next newline. */
  addHeredoc(redirect: Redirect, delimiter: Word, stripTabs: boolean): void {
    let text = '';
    let quoted = false;
    const collect = (parts: readonly WordPart[]): void => {
      for (const part of parts) {
        if (part.type === 'lit') text += part.value;
        else if (part.type === 'quoted') {
          text += part.value;
          quoted = true;
        } else if (part.type === 'dquote') {
          quoted = true;
          collect(part.parts);
        } else text += '$';
      }
    };
    collect(delimiter.parts);
    this.pending.push({ redirect, delimiter: text, quoted, stripTabs, line: this.line });
  }

  get hasPendingHeredocs(): boolean {
    return this.pending.length > 0;
  }

  private fail(kind: 'token' | 'eof' | 'quote' | 'other', detail: string, incomplete: boolean): never {
    throw new ParseError(kind, detail, this.line, incomplete);
  }

  /** Skips blanks, line continuations and a comment; stops before a newline or a token. */
  skipBlanks(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2;
        if (this.pos >= this.src.length && this.interactive) this.fail('eof', '', true);
      } else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  next(): Token {
    this.skipBlanks();
    const start = this.pos;
    const line = this.line;
    const c = this.src[this.pos];
    if (c === undefined) {
      this.readHeredocBodies();
      return { kind: 'eof', start, end: start, line };
    }
    if (c === '\n') {
      this.pos++;
      this.readHeredocBodies();
      return { kind: 'op', op: '\n', start, end: start + 1, line };
    }
    if (isDigit(c)) {
      let i = this.pos;
      while (isDigit(this.src[i])) i++;
      const after = this.src[i];
      if ((after === '<' || after === '>') && i - this.pos <= 9) {
        const fd = Number(this.src.slice(this.pos, i));
        this.pos = i;
        const op = this.readOperator();
        if (op !== null && REDIRECT_OPS.has(op) && op !== '&>' && op !== '&>>') {
          return { kind: 'redir', op: op as RedirectOp, fd, start, end: this.pos, line };
        }
        this.pos = start;
      }
    }
    const op = this.readOperator();
    if (op !== null) {
      if (REDIRECT_OPS.has(op)) return { kind: 'redir', op: op as RedirectOp, start, end: this.pos, line };
      return { kind: 'op', op: op as Operator, start, end: this.pos, line };
    }
    const word = this.readWord();
    return { kind: 'word', word, start, end: this.pos, line };
  }

  private readOperator(): Operator | RedirectOp | null {
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    return null;
  }

  /** An ordinary word: up to the next unquoted metacharacter. */
  readWord(): Word {
    const start = this.pos;
    const parts = new Parts();
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || METACHARS.includes(c)) break;
      this.readWordChar(parts, c);
    }
    return { parts: parts.list, text: this.src.slice(start, this.pos) };
  }

  /**
   * The right side of `=~` in `[[ ]]`: parentheses and `|` belong to the regular expression, so only
   * blanks (outside parentheses and brackets) end it.
   */
  readRegexWord(): Word {
    this.skipBlanks();
    const start = this.pos;
    const parts = new Parts();
    let parens = 0;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '\n') break;
      if (parens === 0 && (c === ' ' || c === '\t')) break;
      if (parens === 0 && (this.src.startsWith('&&', this.pos) || this.src.startsWith('||', this.pos))) break;
      if (c === '(') parens++;
      else if (c === ')') {
        if (parens === 0) break;
        parens--;
      }
      if (c === '(' || c === ')' || c === '|' || c === '<' || c === '>' || c === ';' || c === '&') {
        parts.lit(c);
        this.pos++;
        continue;
      }
      this.readWordChar(parts, c);
    }
    if (this.pos === start) this.fail('other', 'syntax error in conditional expression', false);
    return { parts: parts.list, text: this.src.slice(start, this.pos) };
  }

  /** One character (or quoted run, or expansion) of an unquoted word. */
  private readWordChar(parts: Parts, c: string): void {
    switch (c) {
      case '\\': {
        const next = this.src[this.pos + 1];
        if (next === '\n') {
          this.pos += 2;
          if (this.pos >= this.src.length && this.interactive) this.fail('eof', '', true);
        } else if (next === undefined) {
          if (this.interactive) this.fail('eof', '', true);
          parts.lit('\\');
          this.pos++;
        } else {
          parts.quoted(next);
          this.pos += 2;
        }
        return;
      }
      case "'": {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end === -1) {
          this.pos = this.src.length;
          this.fail('quote', "'", true);
        }
        parts.quoted(this.src.slice(this.pos + 1, end));
        this.pos = end + 1;
        return;
      }
      case '"':
        this.pos++;
        parts.push({ type: 'dquote', parts: this.readEmbedded('dquote') });
        return;
      case '$':
        this.readDollar(parts, false);
        return;
      case '`':
        parts.push(this.readBackticks(false));
        return;
      default:
        parts.lit(c);
        this.pos++;
    }
  }

  /**
   * Text whose only special characters are `$`, backquote and `\` (bash(1) "QUOTING"): the inside of
   * double quotes (up to the closing quote), a here-document body or an arithmetic expression (to the
   * end of the source).
   */
  readEmbedded(mode: EmbeddedMode): WordPart[] {
    const parts = new Parts();
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) {
        if (mode === 'dquote') this.fail('quote', '"', true);
        break;
      }
      if (mode === 'dquote' && c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '\n') {
          this.pos += 2;
        } else if (next === '$' || next === '`' || next === '\\' || (mode !== 'heredoc' && next === '"')) {
          parts.quoted(next);
          this.pos += 2;
        } else {
          parts.lit('\\');
          this.pos++;
        }
        continue;
      }
      if (c === '$') {
        this.readDollar(parts, true);
        continue;
      }
      if (c === '`') {
        parts.push(this.readBackticks(mode === 'dquote'));
        continue;
      }
      if (mode === 'arith' && c === '"') {
        this.pos++;
        parts.push({ type: 'dquote', parts: this.readEmbedded('dquote') });
        continue;
      }
      parts.lit(c);
      this.pos++;
    }
    return parts.list;
  }

  private readDollar(parts: Parts, inDquote: boolean): void {
    const next = this.src[this.pos + 1];
    if (next === "'" && !inDquote) {
      parts.quoted(this.readAnsiC());
      return;
    }
    if (next === '"' && !inDquote) {
      this.pos += 2;
      parts.push({ type: 'dquote', parts: this.readEmbedded('dquote') });
      return;
    }
    if (next === '(') {
      if (this.src[this.pos + 2] === '(') {
        const arith = this.tryReadArithmetic(this.pos + 3);
        if (arith) {
          parts.push({ type: 'arith', expr: arith.expr });
          this.pos = arith.end;
          return;
        }
      }
      parts.push(this.readCommandSubstitution());
      return;
    }
    if (next === '[') {
      const end = this.matchingBracket(this.pos + 2);
      if (end !== -1) {
        const expr = this.subWord(this.pos + 2, end, 'arith');
        parts.push({ type: 'arith', expr });
        this.pos = end + 1;
        return;
      }
    }
    if (next === '{') {
      parts.push(this.readParam(inDquote));
      return;
    }
    if (isNameStart(next)) {
      let end = this.pos + 2;
      while (isNameChar(this.src[end])) end++;
      parts.push({ type: 'param', name: this.src.slice(this.pos + 1, end) });
      this.pos = end;
      return;
    }
    if (next !== undefined && (isDigit(next) || SPECIAL_PARAMS.includes(next))) {
      parts.push({ type: 'param', name: next });
      this.pos += 2;
      return;
    }
    parts.lit('$');
    this.pos++;
  }

  /** `$'…'` (bash(1) "QUOTING": ANSI-C quoting). */
  private readAnsiC(): string {
    this.pos += 2;
    let out = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail('quote', "'", true);
      if (c === "'") {
        this.pos++;
        return out;
      }
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.src[this.pos + 1];
      if (e === undefined) this.fail('quote', "'", true);
      this.pos += 2;
      const simple = ANSI_C_SIMPLE[e];
      if (simple !== undefined) {
        out += simple;
      } else if (e >= '0' && e <= '7') {
        let digits = e;
        while (digits.length < 3 && /[0-7]/.test(this.src[this.pos] ?? '')) digits += this.src[this.pos++];
        out += String.fromCharCode(Number.parseInt(digits, 8) & 0xff);
      } else if (e === 'x') {
        const digits = this.takeHex(2);
        out += digits === '' ? '\\x' : String.fromCharCode(Number.parseInt(digits, 16));
      } else if (e === 'u' || e === 'U') {
        const digits = this.takeHex(e === 'u' ? 4 : 8);
        out += digits === '' ? `\\${e}` : codePointBytes(Number.parseInt(digits, 16));
      } else if (e === 'c') {
        const ctl = this.src[this.pos];
        if (ctl === undefined) this.fail('quote', "'", true);
        this.pos++;
        out += String.fromCharCode(ctl.charCodeAt(0) & 0x1f);
      } else {
        out += `\\${e}`;
      }
    }
  }

  private takeHex(max: number): string {
    let digits = '';
    while (digits.length < max && /[0-9a-fA-F]/.test(this.src[this.pos] ?? ''))
      digits += this.src[this.pos++];
    return digits;
  }

  /** `$((…))` from just inside the parentheses, or null when they do not close as `))`. */
  private tryReadArithmetic(from: number): { expr: Word; end: number } | null {
    const close = this.matchingArithClose(from);
    if (close === -1) return null;
    return { expr: this.subWord(from, close, 'arith'), end: close + 2 };
  }

  /**
   * The index of the `))` closing an arithmetic expression that starts at `from`, or -1 when the first
   * unbalanced `)` is not followed by another (then it was `$( (…) )`, a command substitution).
   */
  matchingArithClose(from: number): number {
    let depth = 0;
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '\\') i++;
      else if (c === "'" || c === '"') {
        const end = this.src.indexOf(c, i + 1);
        if (end === -1) return -1;
        i = end;
      } else if (c === '(') depth++;
      else if (c === ')') {
        if (depth > 0) depth--;
        else return this.src[i + 1] === ')' ? i : -1;
      }
    }
    return -1;
  }

  private matchingBracket(from: number): number {
    let depth = 0;
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '[') depth++;
      else if (c === ']') {
        if (depth === 0) return i;
        depth--;
      }
    }
    return -1;
  }

  /** The text between `from` and `to`, read as embedded text in its own lexer (arithmetic, here-docs). */
  subWord(from: number, to: number, mode: EmbeddedMode): Word {
    const text = this.src.slice(from, to);
    const sub = this.child(text, this.lineAt(from));
    return { parts: sub.readEmbedded(mode), text };
  }

  /** A lexer over other text at one more level of nesting (bounded by maxDepth). */
  child(text: string, firstLine: number): Lexer {
    if (this.depth + 1 > this.options.maxDepth) this.fail('other', 'syntax error: nesting too deep', false);
    return new Lexer(
      text,
      { ...this.options, firstLine, warnings: this.warnings },
      this.hooks,
      0,
      this.depth + 1,
    );
  }

  private readCommandSubstitution(): WordPart {
    const start = this.pos + 2;
    if (this.depth + 1 > this.options.maxDepth) this.fail('other', 'syntax error: nesting too deep', false);
    const { body, end } = this.hooks.parseSubstitution(start, this.depth + 1);
    this.pos = end;
    return { type: 'command', body, source: this.src.slice(start, end - 1) };
  }

  /** `` `…` ``: the old form, whose inside is unescaped once and then parsed (bash(1) "Command Substitution"). */
  private readBackticks(inDquote: boolean): WordPart {
    const line = this.line;
    let inner = '';
    let i = this.pos + 1;
    for (;;) {
      const c = this.src[i];
      if (c === undefined) {
        this.pos = i;
        this.fail('quote', '`', true);
      }
      if (c === '`') break;
      if (c === '\\') {
        const next = this.src[i + 1];
        if (next === '$' || next === '`' || next === '\\' || (inDquote && next === '"')) {
          inner += next;
          i += 2;
          continue;
        }
      }
      inner += c;
      i++;
    }
    this.pos = i + 1;
    if (this.depth + 1 > this.options.maxDepth) this.fail('other', 'syntax error: nesting too deep', false);
    const body = this.hooks.parseProgram(inner, line, this.depth + 1);
    return { type: 'command', body, source: inner };
  }

  /** `${…}` (bash(1) "Parameter Expansion"). */
  private readParam(inDquote: boolean): ParamPart {
    const start = this.pos;
    this.pos += 2;
    const param: ParamPart = { type: 'param', name: '' };
    const c = this.src[this.pos];
    const after = this.src[this.pos + 1];
    if (c === '#' && after !== '}' && after !== undefined && isParamStart(after)) {
      param.length = true;
      this.pos++;
    } else if (c === '!' && after !== '}' && after !== undefined && isParamStart(after)) {
      param.indirect = true;
      this.pos++;
    }
    param.name = this.readParamName();
    if (param.name === '' || (param.length && this.src[this.pos] !== '}')) return this.badParam(start);
    const op = this.readParamOp();
    if (op === 'bad') return this.badParam(start);
    if (op !== null) {
      param.op = op;
      if (op === 'substring') {
        param.arg = this.readParamWord(':}', inDquote);
        if (this.src[this.pos] === ':') {
          this.pos++;
          param.arg2 = this.readParamWord('}', inDquote);
        }
      } else if (op === '/' || op === '//' || op === '/#' || op === '/%') {
        param.arg = this.readParamWord('/}', inDquote);
        if (this.src[this.pos] === '/') {
          this.pos++;
          param.arg2 = this.readParamWord('}', inDquote);
        }
      } else {
        param.arg = this.readParamWord('}', inDquote);
      }
    }
    if (this.src[this.pos] !== '}') {
      if (this.pos >= this.src.length) this.fail('quote', '}', true);
      return this.badParam(start);
    }
    this.pos++;
    return param;
  }

  private readParamName(): string {
    const c = this.src[this.pos];
    if (isNameStart(c)) {
      const start = this.pos;
      while (isNameChar(this.src[this.pos])) this.pos++;
      return this.src.slice(start, this.pos);
    }
    if (isDigit(c)) {
      const start = this.pos;
      while (isDigit(this.src[this.pos])) this.pos++;
      return this.src.slice(start, this.pos);
    }
    if (c !== undefined && SPECIAL_PARAMS.includes(c)) {
      this.pos++;
      return c;
    }
    return '';
  }

  private readParamOp(): ParamOp | 'bad' | null {
    const c = this.src[this.pos];
    const next = this.src[this.pos + 1];
    const take = (op: ParamOp): ParamOp => {
      this.pos += op === 'substring' ? 1 : op.length;
      return op;
    };
    switch (c) {
      case '}':
        return null;
      case ':':
        if (next === '-' || next === '=' || next === '?' || next === '+') return take(`:${next}` as ParamOp);
        return take('substring');
      case '-':
      case '=':
      case '?':
      case '+':
        return take(c);
      case '#':
        return take(next === '#' ? '##' : '#');
      case '%':
        return take(next === '%' ? '%%' : '%');
      case '/':
        if (next === '/') return take('//');
        if (next === '#') return take('/#');
        if (next === '%') return take('/%');
        return take('/');
      case '^':
        return take(next === '^' ? '^^' : '^');
      case ',':
        return take(next === ',' ? ',,' : ',');
      default:
        return 'bad';
    }
  }

  /** Skips to the `}` that closes a `${` bash cannot read, and reports it when expanded. */
  private badParam(start: number): ParamPart {
    let depth = 0;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) break;
        depth--;
      }
      this.pos++;
    }
    if (this.pos >= this.src.length) this.fail('quote', '}', true);
    this.pos++;
    return { type: 'param', name: '', bad: this.src.slice(start, this.pos) };
  }

  /** The word after a `${name<op>`: quotes and expansions apply; it ends at an unnested stop character. */
  private readParamWord(stops: string, inDquote: boolean): Word {
    const start = this.pos;
    const parts = new Parts();
    let braces = 0;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) break;
      if (braces === 0 && stops.includes(c)) break;
      if (c === '{') braces++;
      else if (c === '}') braces--;
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '\n') {
          this.pos += 2;
        } else if (next === undefined || (inDquote && !'$`"\\}'.includes(next))) {
          parts.lit('\\');
          this.pos++;
        } else {
          parts.quoted(next);
          this.pos += 2;
        }
        continue;
      }
      if (c === "'" && !inDquote) {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end === -1) {
          this.pos = this.src.length;
          this.fail('quote', "'", true);
        }
        parts.quoted(this.src.slice(this.pos + 1, end));
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        this.pos++;
        parts.push({ type: 'dquote', parts: this.readEmbedded('dquote') });
        continue;
      }
      if (c === '$') {
        this.readDollar(parts, inDquote);
        continue;
      }
      if (c === '`') {
        parts.push(this.readBackticks(inDquote));
        continue;
      }
      parts.lit(c);
      this.pos++;
    }
    return { parts: parts.list, text: this.src.slice(start, this.pos) };
  }

  /** Reads the bodies of the here-documents opened on the line just ended (bash(1) "Here Documents"). */
  private readHeredocBodies(): void {
    while (this.pending.length > 0) {
      const doc = this.pending.shift() as PendingHeredoc;
      let body = '';
      let bodyStart = this.pos;
      let closed = false;
      while (this.pos < this.src.length) {
        const eol = this.src.indexOf('\n', this.pos);
        const end = eol === -1 ? this.src.length : eol;
        let text = this.src.slice(this.pos, end);
        const lineStart = this.pos;
        this.pos = eol === -1 ? end : end + 1;
        if (doc.stripTabs) text = text.replace(/^\t+/, '');
        if (text === doc.delimiter) {
          closed = true;
          break;
        }
        if (body === '') bodyStart = lineStart;
        body += `${text}\n`;
      }
      if (!closed) {
        if (this.interactive) this.fail('eof', '', true);
        this.warnings.push({
          line: this.line,
          message: `warning: here-document at line ${doc.line} delimited by end-of-file (wanted \`${doc.delimiter}')`,
        });
      }
      if (doc.quoted) {
        doc.redirect.heredoc = {
          body: { parts: [{ type: 'quoted', value: body }], text: body },
          quoted: true,
        };
      } else {
        const sub = this.child(body, this.lineAt(bodyStart));
        doc.redirect.heredoc = { body: { parts: sub.readEmbedded('heredoc'), text: body }, quoted: false };
      }
    }
  }
}

function isParamStart(c: string): boolean {
  return isNameStart(c) || isDigit(c) || SPECIAL_PARAMS.includes(c);
}

const ANSI_C_SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};
