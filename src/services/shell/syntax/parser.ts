/**
 * Bash's grammar (bash(1) "SHELL GRAMMAR", POSIX XCU 2.10) by recursive descent over the lexer's
 * tokens. Reserved words are words recognised only where a command starts, as in bash.
 *
 * A script is parsed one complete command (one top-level line) at a time, as bash reads it, so a
 * syntax error on line 10 is reported after lines 1–9 ran.
 */

import type {
  AndOr,
  Assignment,
  CaseItem,
  CommandNode,
  CompoundCommand,
  CondExpr,
  ListNode,
  Pipeline,
  Redirect,
  SimpleCommand,
  Word,
} from './ast.js';
import { ParseError } from './errors.js';
import { Lexer, type LexerHooks, type Token } from './lexer.js';
import { BINARY_TEST_OPERATORS, UNARY_TEST_OPERATORS } from './test-operators.js';

export interface ParseOptions {
  /** Interactive input: an unfinished construct asks for a continuation line instead of failing. */
  interactive?: boolean;
  /** Nesting of compound commands and substitutions (SHELL_LIMITS.maxNestingDepth). */
  maxDepth: number;
  /** Line number of the first line (for messages). */
  firstLine?: number;
}

export interface ParseWarning {
  line: number;
  message: string;
}

const RESERVED_AT_START = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}', ']]']);

const COND_BINARY = new Set([...BINARY_TEST_OPERATORS, '=~']);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;

/** The word's text when it is one unquoted literal (how reserved words and `]]` are recognised). */
function plain(token: Token): string | null {
  if (token.kind !== 'word') return null;
  const [part, ...rest] = token.word.parts;
  if (part?.type !== 'lit' || rest.length > 0 || part.value !== token.word.text) return null;
  return part.value;
}

function isReserved(token: Token, word: string): boolean {
  return plain(token) === word;
}

function isOp(token: Token, ...ops: string[]): boolean {
  return token.kind === 'op' && ops.includes(token.op);
}

/** How bash names a token in `syntax error near unexpected token`. */
function tokenText(token: Token): string {
  switch (token.kind) {
    case 'op':
      return token.op === '\n' ? 'newline' : token.op;
    case 'redir':
      return token.op;
    case 'word':
      return token.word.text;
    case 'eof':
      return 'newline';
  }
}

export class Parser {
  readonly lexer: Lexer;
  readonly warnings: ParseWarning[];
  private buffered: Token | null = null;
  private lastEnd = 0;
  private nesting = 0;

  constructor(
    private readonly source: string,
    private readonly options: ParseOptions,
    start = 0,
    private readonly depth = 0,
    warnings: ParseWarning[] = [],
  ) {
    this.warnings = warnings;
    const hooks: LexerHooks = {
      parseSubstitution: (pos, depth) => this.parseSubstitution(pos, depth),
      parseProgram: (text, line, depth) =>
        new Parser(text, { ...this.options, firstLine: line }, 0, depth, this.warnings).parseAll(),
    };
    this.lexer = new Lexer(
      source,
      {
        interactive: options.interactive ?? false,
        maxDepth: options.maxDepth,
        firstLine: options.firstLine ?? 1,
        warnings,
      },
      hooks,
      start,
      depth,
    );
    this.lastEnd = start;
  }

  /** The whole source as one list (command substitutions, `eval`, here-strings of code). */
  parseAll(): ListNode {
    const items: AndOr[] = [];
    for (;;) {
      const next = this.nextCommand();
      if (next === null) return { type: 'list', items };
      items.push(...next.items);
    }
  }

  /** The next complete command: the and-or lists up to an unquoted newline; null at the end of input. */
  nextCommand(): ListNode | null {
    this.skipNewlines();
    if (this.peek().kind === 'eof') return null;
    const items: AndOr[] = [];
    for (;;) {
      const item = this.parseAndOr();
      items.push(item);
      const t = this.peek();
      if (isOp(t, ';', '&')) {
        this.take();
        item.background = t.kind === 'op' && t.op === '&';
        const after = this.peek();
        if (isOp(after, '\n')) {
          this.take();
          break;
        }
        if (after.kind === 'eof') break;
        continue;
      }
      if (isOp(t, '\n')) {
        this.take();
        break;
      }
      if (t.kind === 'eof') break;
      this.unexpected(t);
    }
    return { type: 'list', items };
  }

  /** The line a message about the current position names. */
  get line(): number {
    return this.buffered?.line ?? this.lexer.line;
  }

  private peek(): Token {
    if (this.buffered === null) this.buffered = this.lexer.next();
    return this.buffered;
  }

  private take(): Token {
    const t = this.peek();
    this.buffered = null;
    this.lastEnd = t.end;
    return t;
  }

  private skipNewlines(): void {
    while (isOp(this.peek(), '\n')) this.take();
  }

  private unexpected(token: Token): never {
    if (token.kind === 'eof') throw new ParseError('eof', '', token.line, true);
    throw new ParseError('token', tokenText(token), token.line, false);
  }

  private expectReserved(word: string): void {
    const t = this.take();
    if (!isReserved(t, word)) this.unexpected(t);
  }

  private expectOp(op: string): void {
    const t = this.take();
    if (!isOp(t, op)) this.unexpected(t);
  }

  private parseSubstitution(pos: number, depth: number): { body: ListNode; end: number } {
    const sub = new Parser(this.source, this.options, pos, depth, this.warnings);
    try {
      const body = sub.parseCompoundList((t) => isOp(t, ')'), true);
      sub.expectOp(')');
      return { body, end: sub.lastEnd };
    } catch (err) {
      if (err instanceof ParseError && err.kind === 'eof') throw new ParseError('quote', ')', err.line, true);
      throw err;
    }
  }

  /** A list inside a compound command, up to (not including) the token `stop` accepts. */
  private parseCompoundList(stop: (t: Token) => boolean, allowEmpty = false): ListNode {
    this.skipNewlines();
    const items: AndOr[] = [];
    for (;;) {
      const t = this.peek();
      if (stop(t)) break;
      if (t.kind === 'eof') this.unexpected(t);
      const item = this.parseAndOr();
      items.push(item);
      const sep = this.peek();
      if (isOp(sep, ';', '&')) {
        this.take();
        item.background = sep.kind === 'op' && sep.op === '&';
        this.skipNewlines();
        continue;
      }
      if (isOp(sep, '\n')) {
        this.skipNewlines();
        continue;
      }
      if (stop(sep)) break;
      this.unexpected(sep);
    }
    if (items.length === 0 && !allowEmpty) this.unexpected(this.peek());
    return { type: 'list', items };
  }

  private parseAndOr(): AndOr {
    const start = this.peek().start;
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (!isOp(t, '&&', '||')) break;
      this.take();
      this.skipNewlines();
      rest.push({ op: (t as { op: '&&' | '||' }).op, pipeline: this.parsePipeline() });
    }
    return { type: 'and-or', first, rest, background: false, source: this.source.slice(start, this.lastEnd) };
  }

  private parsePipeline(): Pipeline {
    let negated = false;
    let timed = false;
    if (isReserved(this.peek(), 'time')) {
      this.take();
      timed = true;
    }
    while (isReserved(this.peek(), '!')) {
      this.take();
      negated = !negated;
    }
    if (timed && this.atPipelineEnd()) {
      return { type: 'pipeline', negated, commands: [], pipeStderr: [], timed };
    }
    const commands = [this.parseCommand()];
    const pipeStderr: boolean[] = [];
    for (;;) {
      const t = this.peek();
      if (!isOp(t, '|', '|&')) break;
      this.take();
      pipeStderr.push(isOp(t, '|&'));
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return timed
      ? { type: 'pipeline', negated, commands, pipeStderr, timed }
      : { type: 'pipeline', negated, commands, pipeStderr };
  }

  /** `time` alone times nothing (bash prints the times of an empty command). */
  private atPipelineEnd(): boolean {
    const t = this.peek();
    return t.kind === 'eof' || isOp(t, '\n', ';', '&', '&&', '||');
  }

  private enter(): void {
    this.nesting++;
    if (this.depth + this.nesting > this.options.maxDepth) {
      throw new ParseError('other', 'syntax error: nesting too deep', this.line, false);
    }
  }

  private parseCommand(): CommandNode {
    const t = this.peek();
    if (t.kind === 'eof') this.unexpected(t);
    if (t.kind === 'op') {
      if (t.op !== '(') this.unexpected(t);
      return this.withRedirects(this.parseParenthesised(t));
    }
    const word = plain(t);
    if (word !== null) {
      if (RESERVED_AT_START.has(word)) this.unexpected(t);
      const compound = this.parseReserved(word);
      if (compound) return compound;
      if (word === 'function') return this.parseFunctionKeyword();
    }
    return this.parseSimple();
  }

  private parseReserved(word: string): CompoundCommand | null {
    switch (word) {
      case '{':
        return this.withRedirects(this.nested(() => this.parseGroup()));
      case 'if':
        return this.withRedirects(this.nested(() => this.parseIf()));
      case 'for':
      case 'select':
        return this.withRedirects(this.nested(() => this.parseFor()));
      case 'while':
      case 'until':
        return this.withRedirects(this.nested(() => this.parseWhile(word === 'until')));
      case 'case':
        return this.withRedirects(this.nested(() => this.parseCase()));
      case '[[':
        return this.withRedirects(this.nested(() => this.parseCond()));
      default:
        return null;
    }
  }

  private nested<T>(parse: () => T): T {
    this.enter();
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private withRedirects<T extends { redirects: Redirect[] }>(node: T): T {
    while (this.peek().kind === 'redir') node.redirects.push(this.parseRedirect(this.take()));
    return node;
  }

  /** `( list )` or `(( expression ))`. */
  private parseParenthesised(open: Token): CompoundCommand {
    if (this.source[open.start + 1] === '(') {
      const close = this.lexer.matchingArithClose(open.start + 2);
      if (close !== -1) {
        this.buffered = null;
        const expr = this.lexer.subWord(open.start + 2, close, 'arith');
        this.lexer.pos = close + 2;
        this.lastEnd = close + 2;
        return { type: 'arith-cmd', expr, redirects: [], line: open.line };
      }
    }
    return this.nested(() => {
      this.take();
      const body = this.parseCompoundList((t) => isOp(t, ')'));
      this.expectOp(')');
      return { type: 'subshell', body, redirects: [] };
    });
  }

  private parseGroup(): CompoundCommand {
    this.take();
    const body = this.parseCompoundList((t) => isReserved(t, '}'));
    this.expectReserved('}');
    return { type: 'group', body, redirects: [] };
  }

  private parseIf(): CompoundCommand {
    this.take();
    const clauses: Array<{ condition: ListNode; body: ListNode }> = [];
    let elseBody: ListNode | undefined;
    for (;;) {
      const condition = this.parseCompoundList((t) => isReserved(t, 'then'));
      this.expectReserved('then');
      const body = this.parseCompoundList(
        (t) => isReserved(t, 'elif') || isReserved(t, 'else') || isReserved(t, 'fi'),
      );
      clauses.push({ condition, body });
      const t = this.take();
      if (isReserved(t, 'elif')) continue;
      if (isReserved(t, 'else')) {
        elseBody = this.parseCompoundList((u) => isReserved(u, 'fi'));
        this.expectReserved('fi');
      } else if (!isReserved(t, 'fi')) this.unexpected(t);
      break;
    }
    return elseBody
      ? { type: 'if', clauses, elseBody, redirects: [] }
      : { type: 'if', clauses, redirects: [] };
  }

  private parseDoGroup(): ListNode {
    this.skipNewlines();
    const t = this.peek();
    if (isReserved(t, '{')) {
      this.take();
      const body = this.parseCompoundList((u) => isReserved(u, '}'));
      this.expectReserved('}');
      return body;
    }
    this.expectReserved('do');
    const body = this.parseCompoundList((u) => isReserved(u, 'done'));
    this.expectReserved('done');
    return body;
  }

  private parseFor(): CompoundCommand {
    const keyword = this.take();
    const open = this.peek();
    if (isOp(open, '(') && this.source[open.start + 1] === '(') return this.parseArithFor(open);
    const nameToken = this.take();
    if (nameToken.kind !== 'word') this.unexpected(nameToken);
    const name = nameToken.word.text;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ParseError('other', `\`${name}': not a valid identifier`, keyword.line, false);
    }
    this.skipNewlines();
    let items: Word[] | undefined;
    if (isReserved(this.peek(), 'in')) {
      this.take();
      items = [];
      for (;;) {
        const t = this.peek();
        if (t.kind === 'word') {
          items.push(t.word);
          this.take();
        } else if (isOp(t, ';', '\n')) {
          this.take();
          break;
        } else this.unexpected(t);
      }
    } else if (isOp(this.peek(), ';')) {
      this.take();
    }
    const body = this.parseDoGroup();
    return items
      ? { type: 'for', name, items, body, redirects: [] }
      : { type: 'for', name, body, redirects: [] };
  }

  private parseArithFor(open: Token): CompoundCommand {
    const from = open.start + 2;
    const close = this.lexer.matchingArithClose(from);
    if (close === -1) this.unexpected(open);
    this.buffered = null;
    const sections: Word[] = [];
    let sectionStart = from;
    let depth = 0;
    for (let i = from; i <= close; i++) {
      const c = this.source[i];
      if (c === '(') depth++;
      else if (c === ')' && i < close) depth--;
      else if ((c === ';' && depth === 0) || i === close) {
        sections.push(this.lexer.subWord(sectionStart, i, 'arith'));
        sectionStart = i + 1;
      }
    }
    this.lexer.pos = close + 2;
    this.lastEnd = close + 2;
    const [init, condition, step] = sections;
    if (sections.length !== 3 || !init || !condition || !step) {
      throw new ParseError('other', 'syntax error: arithmetic expression required', open.line, false);
    }
    if (isOp(this.peek(), ';')) this.take();
    const body = this.parseDoGroup();
    return { type: 'arith-for', init, condition, step, body, redirects: [], line: open.line };
  }

  private parseWhile(until: boolean): CompoundCommand {
    this.take();
    const condition = this.parseCompoundList((t) => isReserved(t, 'do'));
    this.expectReserved('do');
    const body = this.parseCompoundList((t) => isReserved(t, 'done'));
    this.expectReserved('done');
    return { type: 'while', until, condition, body, redirects: [] };
  }

  private parseCase(): CompoundCommand {
    this.take();
    const subject = this.take();
    if (subject.kind !== 'word') this.unexpected(subject);
    this.skipNewlines();
    this.expectReserved('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (isReserved(t, 'esac')) {
        this.take();
        break;
      }
      if (isOp(t, '(')) this.take();
      const patterns: Word[] = [this.takeWord()];
      while (isOp(this.peek(), '|')) {
        this.take();
        patterns.push(this.takeWord());
      }
      this.expectOp(')');
      const body = this.parseCompoundList((u) => isOp(u, ';;', ';&', ';;&') || isReserved(u, 'esac'), true);
      const end = this.peek();
      let terminator: CaseItem['terminator'] = ';;';
      if (end.kind === 'op' && (end.op === ';;' || end.op === ';&' || end.op === ';;&')) {
        terminator = end.op;
        this.take();
      }
      items.push({ patterns, body, terminator });
    }
    return { type: 'case', word: subject.word, items, redirects: [] };
  }

  private takeWord(): Word {
    const t = this.take();
    if (t.kind !== 'word') this.unexpected(t);
    return t.word;
  }

  /** `[[ expression ]]` (bash(1) "CONDITIONAL EXPRESSIONS"). */
  private parseCond(): CompoundCommand {
    const open = this.take();
    const expr = this.parseCondOr();
    const close = this.take();
    if (!isReserved(close, ']]')) this.unexpected(close);
    return { type: 'cond', expr, redirects: [], line: open.line };
  }

  private parseCondOr(): CondExpr {
    let left = this.parseCondAnd();
    while (isOp(this.peek(), '||')) {
      this.take();
      this.skipNewlines();
      left = { type: 'or', left, right: this.parseCondAnd() };
    }
    return left;
  }

  private parseCondAnd(): CondExpr {
    let left = this.parseCondNot();
    while (isOp(this.peek(), '&&')) {
      this.take();
      this.skipNewlines();
      left = { type: 'and', left, right: this.parseCondNot() };
    }
    return left;
  }

  private parseCondNot(): CondExpr {
    return this.nested(() => {
      if (isReserved(this.peek(), '!')) {
        this.take();
        return { type: 'not', expr: this.parseCondNot() };
      }
      return this.parseCondPrimary();
    });
  }

  private parseCondPrimary(): CondExpr {
    const t = this.peek();
    if (isOp(t, '(')) {
      this.take();
      const inner = this.parseCondOr();
      this.expectOp(')');
      return inner;
    }
    if (t.kind !== 'word' || isReserved(t, ']]')) {
      if (t.kind === 'eof') this.unexpected(t);
      throw new ParseError('token', tokenText(t), t.line, false);
    }
    this.take();
    const op = plain(t);
    if (op !== null && UNARY_TEST_OPERATORS.has(op)) {
      const arg = this.peek();
      if (arg.kind === 'word' && !isReserved(arg, ']]')) {
        this.take();
        return { type: 'unary', op, arg: arg.word };
      }
      if (arg.kind === 'eof') this.unexpected(arg);
      throw new ParseError(
        'other',
        `unexpected argument \`${tokenText(arg)}' to conditional unary operator`,
        t.line,
        false,
      );
    }
    const next = this.peek();
    const binary = plain(next);
    if (binary !== null && COND_BINARY.has(binary)) {
      this.take();
      if (binary === '=~') {
        const right = this.lexer.readRegexWord();
        this.lastEnd = this.lexer.pos;
        return { type: 'binary', op: binary, left: t.word, right };
      }
      return { type: 'binary', op: binary, left: t.word, right: this.takeCondOperand(next) };
    }
    if (next.kind === 'redir' && next.fd === undefined && (next.op === '<' || next.op === '>')) {
      this.take();
      return { type: 'binary', op: next.op, left: t.word, right: this.takeCondOperand(next) };
    }
    return { type: 'word', word: t.word };
  }

  private takeCondOperand(op: Token): Word {
    const t = this.peek();
    if (t.kind === 'word' && !isReserved(t, ']]')) {
      this.take();
      return t.word;
    }
    if (t.kind === 'eof') this.unexpected(t);
    throw new ParseError(
      'other',
      `unexpected argument \`${tokenText(t)}' to conditional binary operator`,
      op.line,
      false,
    );
  }

  /** `function name [()] compound-command` */
  private parseFunctionKeyword(): CommandNode {
    const start = this.take().start;
    const nameToken = this.take();
    if (nameToken.kind !== 'word') this.unexpected(nameToken);
    if (isOp(this.peek(), '(')) {
      this.take();
      this.expectOp(')');
    }
    return this.parseFunctionBody(nameToken.word.text, start);
  }

  private parseFunctionBody(name: string, start: number): CommandNode {
    this.skipNewlines();
    const t = this.peek();
    const word = plain(t);
    let body: CompoundCommand | null = null;
    if (isOp(t, '(')) body = this.withRedirects(this.parseParenthesised(t));
    else if (word !== null) body = this.parseReserved(word);
    if (body === null) this.unexpected(t);
    return { type: 'function', name, body, source: this.source.slice(start, this.lastEnd), redirects: [] };
  }

  private parseRedirect(token: Token): Redirect {
    if (token.kind !== 'redir') this.unexpected(token);
    const target = this.take();
    if (target.kind !== 'word') throw new ParseError('token', tokenText(target), target.line, false);
    const redirect: Redirect =
      token.fd === undefined
        ? { op: token.op, target: target.word }
        : { fd: token.fd, op: token.op, target: target.word };
    if (token.op === '<<' || token.op === '<<-')
      this.lexer.addHeredoc(redirect, target.word, token.op === '<<-');
    return redirect;
  }

  private parseSimple(): CommandNode {
    const first = this.peek();
    const start = first.start;
    const command: SimpleCommand = {
      type: 'simple',
      assignments: [],
      words: [],
      redirects: [],
      line: first.line,
      source: '',
    };
    let wordsStart = -1;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'redir') {
        this.take();
        command.redirects.push(this.parseRedirect(t));
        continue;
      }
      if (t.kind !== 'word') break;
      this.take();
      const assignment = ASSIGNMENT.exec(t.word.text);
      if (assignment && command.words.length === 0 && t.word.parts[0]?.type === 'lit') {
        command.assignments.push(this.assignmentOf(t.word, assignment[1] as string, assignment[2] === '+'));
        continue;
      }
      if (assignment && t.word.text.endsWith('=') && this.source[this.lexer.pos] === '(') {
        command.words.push(this.arrayArgument(t.word));
        continue;
      }
      if (wordsStart === -1) wordsStart = t.start;
      command.words.push(t.word);
      if (command.words.length === 1 && command.assignments.length === 0 && isOp(this.peek(), '(')) {
        this.take();
        this.expectOp(')');
        return this.parseFunctionBody(t.word.text, start);
      }
    }
    if (command.words.length === 0 && command.assignments.length === 0 && command.redirects.length === 0) {
      this.unexpected(this.peek());
    }
    command.source = wordsStart === -1 ? '' : this.source.slice(wordsStart, this.lastEnd);
    return command;
  }

  private assignmentOf(word: Word, name: string, append: boolean): Assignment {
    const [head, ...rest] = word.parts;
    const prefix = name.length + (append ? 2 : 1);
    const remainder = head?.type === 'lit' ? head.value.slice(prefix) : '';
    const parts = remainder === '' ? rest : [{ type: 'lit' as const, value: remainder }, ...rest];
    if (parts.length === 0 && this.source[this.lexer.pos] === '(' && this.buffered === null) {
      const elements = this.arrayElements();
      return { name, append, value: elements[0] ?? { parts: [], text: '' } };
    }
    return { name, append, value: { parts, text: word.text.slice(prefix) } };
  }

  /**
   * `name=(a b c)`: the fake shell has no arrays; the variable gets the first element, which is what
   * `$name` gives in bash.
   */
  private arrayElements(): Word[] {
    this.lexer.pos++;
    const elements: Word[] = [];
    for (;;) {
      const t = this.take();
      if (t.kind === 'word') elements.push(t.word);
      else if (isOp(t, ')')) return elements;
      else if (!isOp(t, '\n')) this.unexpected(t);
    }
  }

  /** `declare -a name=(a b)` as an argument: `name=` followed by the first element. */
  private arrayArgument(word: Word): Word {
    const [first] = this.arrayElements();
    return { parts: [...word.parts, ...(first?.parts ?? [])], text: word.text + (first?.text ?? '') };
  }
}

/**
 * Text read the way a here-document body is (expansions and `\$ \` \\` only): a prompt string after its
 * escapes (bash(1) "PROMPTING": promptvars). Throws ParseError.
 */
export function parseExpandable(text: string, options: ParseOptions): Word {
  return { parts: new Parser(text, options).lexer.readEmbedded('heredoc'), text };
}

/** Parses a whole source (for `$(…)`, `eval` and tests); throws ParseError. */
export function parse(source: string, options: ParseOptions): ListNode {
  return new Parser(source, options).parseAll();
}
