/**
 * The awk language (POSIX awk as mawk, gawk and BusyBox share it): tokens, then a recursive-descent
 * parser to a syntax tree. Regex literals are told apart from division by the previous token, as awk
 * grammars do; newlines end statements except after tokens that continue one.
 */

export type Expr =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'regex'; src: string }
  | { t: 'var'; name: string }
  | { t: 'field'; index: Expr }
  | { t: 'index'; name: string; subs: Expr[] }
  | { t: 'assign'; op: string; target: Expr; value: Expr }
  | { t: 'cond'; test: Expr; yes: Expr; no: Expr }
  | { t: 'binary'; op: string; left: Expr; right: Expr }
  | { t: 'unary'; op: string; arg: Expr }
  | { t: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { t: 'match'; negate: boolean; left: Expr; right: Expr }
  | { t: 'in'; subs: Expr[]; name: string }
  | { t: 'concat'; left: Expr; right: Expr }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'getline'; target: Expr | null; file: Expr | null; command: Expr | null }
  | { t: 'group'; expr: Expr };

export type Redirect = { kind: '>' | '>>' | '|'; target: Expr } | null;

export type Stmt =
  | { t: 'expr'; expr: Expr }
  | { t: 'print'; args: Expr[]; redirect: Redirect }
  | { t: 'printf'; args: Expr[]; redirect: Redirect }
  | { t: 'if'; test: Expr; yes: Stmt; no: Stmt | null }
  | { t: 'while'; test: Expr; body: Stmt }
  | { t: 'do'; body: Stmt; test: Expr }
  | { t: 'for'; init: Stmt | null; test: Expr | null; step: Stmt | null; body: Stmt }
  | { t: 'forin'; variable: string; array: string; body: Stmt }
  | { t: 'block'; body: Stmt[] }
  | { t: 'next' }
  | { t: 'nextfile' }
  | { t: 'exit'; code: Expr | null }
  | { t: 'return'; value: Expr | null }
  | { t: 'break' }
  | { t: 'continue' }
  | { t: 'delete'; name: string; subs: Expr[] | null };

export interface Rule {
  pattern: Expr | null;
  range: Expr | null;
  begin: boolean;
  end: boolean;
  action: Stmt[] | null;
}

export interface AwkFunction {
  params: string[];
  body: Stmt[];
}

export interface AwkProgram {
  rules: Rule[];
  functions: Map<string, AwkFunction>;
}

export class AwkSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Tok =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'regex'; v: string }
  | { k: 'name'; v: string }
  | { k: 'funcname'; v: string }
  | { k: 'op'; v: string }
  | { k: 'nl' }
  | { k: 'eof' };

interface Token {
  tok: Tok;
  line: number;
  col: number;
}

const KEYWORDS = new Set([
  'BEGIN',
  'END',
  'function',
  'func',
  'if',
  'else',
  'while',
  'for',
  'do',
  'break',
  'continue',
  'next',
  'nextfile',
  'exit',
  'return',
  'delete',
  'in',
  'getline',
  'print',
  'printf',
]);
export const BUILTINS = new Set([
  'length',
  'substr',
  'index',
  'split',
  'sub',
  'gsub',
  'match',
  'sprintf',
  'tolower',
  'toupper',
  'int',
  'sqrt',
  'exp',
  'log',
  'sin',
  'cos',
  'atan2',
  'rand',
  'srand',
  'system',
  'close',
  'fflush',
  'systime',
  'strftime',
  'gensub',
]);

const OPS = [
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '^=',
  '**=',
  '==',
  '<=',
  '>=',
  '!=',
  '!~',
  '&&',
  '||',
  '>>',
  '++',
  '--',
  '**',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '!',
  '>',
  '<',
  '|',
  '?',
  ':',
  '~',
  '$',
  '=',
];

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (tok: Tok, at: number) => out.push({ tok, line, col: at - lineStart });
  const regexAllowed = () => {
    const prev = out[out.length - 1]?.tok;
    if (!prev) return true;
    if (
      prev.k === 'num' ||
      prev.k === 'str' ||
      prev.k === 'name' ||
      prev.k === 'regex' ||
      prev.k === 'funcname'
    )
      return false;
    if (prev.k === 'op') return ![')', ']', '$', '++', '--'].includes(prev.v);
    return true;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      push({ k: 'nl' }, i);
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      const start = i++;
      let s = '';
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\n') throw new AwkSyntaxError('runaway string constant', line, start - lineStart);
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[++i]!;
          const map: Record<string, string> = {
            n: '\n',
            t: '\t',
            r: '\r',
            '\\': '\\',
            '"': '"',
            '/': '/',
            a: '\x07',
            b: '\b',
            f: '\f',
            v: '\v',
          };
          if (/[0-7]/.test(n)) {
            let d = n;
            while (d.length < 3 && /[0-7]/.test(src[i + 1] ?? '')) d += src[++i];
            s += String.fromCharCode(Number.parseInt(d, 8));
          } else s += map[n] ?? `\\${n}`;
          i++;
          continue;
        }
        s += src[i++];
      }
      if (i >= src.length) throw new AwkSyntaxError('runaway string constant', line, start - lineStart);
      i++;
      push({ k: 'str', v: s }, start);
      continue;
    }
    if (c === '/' && regexAllowed()) {
      const start = i++;
      let s = '';
      let inBracket = false;
      while (i < src.length && (src[i] !== '/' || inBracket)) {
        if (src[i] === '\n') throw new AwkSyntaxError('runaway regular expression', line, start - lineStart);
        if (src[i] === '\\' && i + 1 < src.length) {
          s += src[i]! + src[i + 1]!;
          i += 2;
          continue;
        }
        if (src[i] === '[') inBracket = true;
        else if (src[i] === ']') inBracket = false;
        s += src[i++];
      }
      if (i >= src.length) throw new AwkSyntaxError('runaway regular expression', line, start - lineStart);
      i++;
      push({ k: 'regex', v: s.replace(/\\\//g, '/') }, start);
      continue;
    }
    if (/[0-9.]/.test(c) && /[0-9]/.test(c === '.' ? (src[i + 1] ?? '') : c)) {
      const m = /^(0[xX][0-9a-fA-F]+|\d*\.?\d+(?:[eE][-+]?\d+)?\.?)/.exec(src.slice(i))!;
      push({ k: 'num', v: Number(m[0].replace(/\.$/, '')) }, i);
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      const word = m[0];
      const at = i;
      i += word.length;
      if (!KEYWORDS.has(word) && !BUILTINS.has(word) && src[i] === '(') push({ k: 'funcname', v: word }, at);
      else push({ k: 'name', v: word }, at);
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntaxError(`invalid char '${c}' in expression`, line, i - lineStart);
    push({ k: 'op', v: op === '**' ? '^' : op === '**=' ? '^=' : op }, i);
    i += op.length;
  }
  push({ k: 'eof' }, i);
  return out;
}

export function parseAwk(src: string): AwkProgram {
  const p = new Parser(lex(src));
  return p.program();
}

class Parser {
  private pos = 0;
  private readonly functions = new Map<string, AwkFunction>();
  /** Inside `print` arguments: `>` is redirection, not comparison. */
  private noGt = 0;

  constructor(private readonly toks: Token[]) {}

  private get cur(): Token {
    return this.toks[this.pos]!;
  }

  private is(k: Tok['k'], v?: string): boolean {
    const t = this.cur.tok;
    return t.k === k && (v === undefined || ('v' in t && t.v === v));
  }

  private isOp(v: string): boolean {
    return this.is('op', v);
  }

  private isName(v: string): boolean {
    return this.is('name', v);
  }

  private fail(what?: string): never {
    const t = this.cur;
    const near = t.tok.k === 'eof' ? 'end of file' : t.tok.k === 'nl' ? 'end of line' : String(t.tok.v);
    throw new AwkSyntaxError(what ?? `syntax error at or near ${near}`, t.line, t.col);
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail();
    this.pos++;
  }

  private skipNewlines(): void {
    while (this.is('nl')) this.pos++;
  }

  private skipTerminators(): void {
    while (this.is('nl') || this.isOp(';')) this.pos++;
  }

  program(): AwkProgram {
    const rules: Rule[] = [];
    this.skipTerminators();
    while (!this.is('eof')) {
      if (this.isName('function') || this.isName('func')) {
        this.pos++;
        const name = this.cur.tok;
        if (name.k !== 'name' && name.k !== 'funcname') this.fail();
        this.pos++;
        this.expectOp('(');
        const params: string[] = [];
        while (!this.isOp(')')) {
          const t = this.cur.tok;
          if (t.k !== 'name') this.fail();
          params.push(t.v);
          this.pos++;
          if (this.isOp(',')) {
            this.pos++;
            this.skipNewlines();
          }
        }
        this.pos++;
        this.skipNewlines();
        this.functions.set(name.v, { params, body: this.block() });
      } else if (this.isName('BEGIN') || this.isName('END')) {
        const begin = this.isName('BEGIN');
        this.pos++;
        this.skipNewlines();
        if (!this.isOp('{')) this.fail();
        rules.push({ pattern: null, range: null, begin, end: !begin, action: this.block() });
      } else {
        let pattern: Expr | null = null;
        let range: Expr | null = null;
        if (!this.isOp('{')) {
          pattern = this.expr();
          if (this.isOp(',')) {
            this.pos++;
            this.skipNewlines();
            range = this.expr();
          }
        }
        const action = this.isOp('{') ? this.block() : null;
        rules.push({ pattern, range, begin: false, end: false, action });
      }
      this.skipTerminators();
    }
    return { rules, functions: this.functions };
  }

  private block(): Stmt[] {
    this.expectOp('{');
    const body: Stmt[] = [];
    this.skipTerminators();
    while (!this.isOp('}')) {
      if (this.is('eof')) this.fail('missing } near end of file');
      body.push(this.statement());
      this.skipTerminators();
    }
    this.pos++;
    return body;
  }

  private simpleEnd(): void {
    if (this.isOp(';') || this.is('nl')) {
      this.pos++;
      return;
    }
    if (this.isOp('}') || this.is('eof')) return;
    this.fail();
  }

  private statement(): Stmt {
    if (this.isOp('{')) return { t: 'block', body: this.block() };
    if (this.isOp(';')) {
      this.pos++;
      return { t: 'block', body: [] };
    }
    if (this.isName('if')) {
      this.pos++;
      this.expectOp('(');
      const test = this.expr();
      this.expectOp(')');
      this.skipNewlines();
      const yes = this.statement();
      const save = this.pos;
      this.skipTerminators();
      if (this.isName('else')) {
        this.pos++;
        this.skipNewlines();
        return { t: 'if', test, yes, no: this.statement() };
      }
      this.pos = save;
      return { t: 'if', test, yes, no: null };
    }
    if (this.isName('while')) {
      this.pos++;
      this.expectOp('(');
      const test = this.expr();
      this.expectOp(')');
      if (this.isOp(';')) {
        this.pos++;
        return { t: 'while', test, body: { t: 'block', body: [] } };
      }
      this.skipNewlines();
      return { t: 'while', test, body: this.statement() };
    }
    if (this.isName('do')) {
      this.pos++;
      this.skipNewlines();
      const body = this.statement();
      this.skipTerminators();
      if (!this.isName('while')) this.fail();
      this.pos++;
      this.expectOp('(');
      const test = this.expr();
      this.expectOp(')');
      this.simpleEnd();
      return { t: 'do', body, test };
    }
    if (this.isName('for')) {
      this.pos++;
      this.expectOp('(');
      const t0 = this.toks[this.pos]!.tok;
      const t1 = this.toks[this.pos + 1]?.tok;
      const t2 = this.toks[this.pos + 2]?.tok;
      const t3 = this.toks[this.pos + 3]?.tok;
      if (
        t0.k === 'name' &&
        t1?.k === 'name' &&
        t1.v === 'in' &&
        t2?.k === 'name' &&
        t3?.k === 'op' &&
        t3.v === ')'
      ) {
        this.pos += 4;
        this.skipNewlines();
        return { t: 'forin', variable: t0.v, array: t2.v, body: this.statement() };
      }
      const init = this.isOp(';') ? null : this.simpleStatement();
      this.expectOp(';');
      this.skipNewlines();
      const test = this.isOp(';') ? null : this.expr();
      this.expectOp(';');
      this.skipNewlines();
      const step = this.isOp(')') ? null : this.simpleStatement();
      this.expectOp(')');
      if (this.isOp(';')) {
        this.pos++;
        return { t: 'for', init, test, step, body: { t: 'block', body: [] } };
      }
      this.skipNewlines();
      return { t: 'for', init, test, step, body: this.statement() };
    }
    const stmt = this.simpleStatement();
    this.simpleEnd();
    return stmt;
  }

  private simpleStatement(): Stmt {
    if (this.isName('print') || this.isName('printf')) {
      const printf = this.isName('printf');
      this.pos++;
      let args: Expr[] = [];
      this.noGt++;
      if (this.isOp('(')) {
        // print (a, b) > "f" — a parenthesised list, or an expression starting with a group.
        const save = this.pos;
        this.pos++;
        const list = this.isOp(')') ? [] : this.exprList();
        if (this.isOp(')')) {
          this.pos++;
          if (
            this.isOp(';') ||
            this.is('nl') ||
            this.isOp('}') ||
            this.isOp('>') ||
            this.isOp('>>') ||
            this.isOp('|') ||
            this.is('eof')
          )
            args = list;
          else {
            this.pos = save;
            args = this.exprList();
          }
        } else {
          this.pos = save;
          args = this.exprList();
        }
      } else if (
        !this.isOp(';') &&
        !this.is('nl') &&
        !this.isOp('}') &&
        !this.isOp('>') &&
        !this.isOp('>>') &&
        !this.isOp('|') &&
        !this.is('eof')
      ) {
        args = this.exprList();
      }
      this.noGt--;
      let redirect: Redirect = null;
      if (this.isOp('>') || this.isOp('>>') || this.isOp('|')) {
        const kind = (this.cur.tok as { v: string }).v as '>' | '>>' | '|';
        this.pos++;
        redirect = { kind, target: this.concat() };
      }
      if (printf && args.length === 0) this.fail();
      return printf ? { t: 'printf', args, redirect } : { t: 'print', args, redirect };
    }
    if (this.isName('next')) {
      this.pos++;
      return { t: 'next' };
    }
    if (this.isName('nextfile')) {
      this.pos++;
      return { t: 'nextfile' };
    }
    if (this.isName('exit')) {
      this.pos++;
      const code = this.isOp(';') || this.is('nl') || this.isOp('}') || this.is('eof') ? null : this.expr();
      return { t: 'exit', code };
    }
    if (this.isName('return')) {
      this.pos++;
      const value = this.isOp(';') || this.is('nl') || this.isOp('}') || this.is('eof') ? null : this.expr();
      return { t: 'return', value };
    }
    if (this.isName('break')) {
      this.pos++;
      return { t: 'break' };
    }
    if (this.isName('continue')) {
      this.pos++;
      return { t: 'continue' };
    }
    if (this.isName('delete')) {
      this.pos++;
      const name = this.cur.tok;
      if (name.k !== 'name') this.fail();
      this.pos++;
      if (this.isOp('[')) {
        this.pos++;
        const subs = this.exprList();
        this.expectOp(']');
        return { t: 'delete', name: name.v, subs };
      }
      return { t: 'delete', name: name.v, subs: null };
    }
    return { t: 'expr', expr: this.expr() };
  }

  private exprList(): Expr[] {
    const list = [this.expr()];
    while (this.isOp(',')) {
      this.pos++;
      this.skipNewlines();
      list.push(this.expr());
    }
    return list;
  }

  expr(): Expr {
    return this.ternary();
  }

  private ternary(): Expr {
    const test = this.or();
    if (this.isOp('?')) {
      this.pos++;
      this.skipNewlines();
      const yes = this.ternary();
      this.skipNewlines();
      this.expectOp(':');
      this.skipNewlines();
      const no = this.ternary();
      return { t: 'cond', test, yes, no };
    }
    const assign = ['=', '+=', '-=', '*=', '/=', '%=', '^='].find((o) => this.isOp(o));
    if (assign && (test.t === 'var' || test.t === 'field' || test.t === 'index')) {
      this.pos++;
      this.skipNewlines();
      return { t: 'assign', op: assign, target: test, value: this.ternary() };
    }
    return test;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isOp('||')) {
      this.pos++;
      this.skipNewlines();
      left = { t: 'binary', op: '||', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.inExpr();
    while (this.isOp('&&')) {
      this.pos++;
      this.skipNewlines();
      left = { t: 'binary', op: '&&', left, right: this.inExpr() };
    }
    return left;
  }

  private inExpr(): Expr {
    let left = this.matchExpr();
    while (this.isName('in')) {
      this.pos++;
      const name = this.cur.tok;
      if (name.k !== 'name') this.fail();
      this.pos++;
      left = { t: 'in', subs: [left], name: name.v };
    }
    return left;
  }

  private matchExpr(): Expr {
    let left = this.comparison();
    while (this.isOp('~') || this.isOp('!~')) {
      const negate = this.isOp('!~');
      this.pos++;
      left = { t: 'match', negate, left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.concat();
    const op = ['<', '<=', '!=', '==', '>=', '>'].find((o) => this.isOp(o));
    if (op && !(op === '>' && this.noGt > 0)) {
      this.pos++;
      return { t: 'binary', op, left, right: this.concat() };
    }
    // `cmd | getline`
    if (
      this.isOp('|') &&
      this.toks[this.pos + 1]?.tok.k === 'name' &&
      (this.toks[this.pos + 1]!.tok as { v: string }).v === 'getline'
    ) {
      this.pos += 2;
      const target = this.isLvalueStart() ? this.primary() : null;
      return { t: 'getline', target, file: null, command: left };
    }
    return left;
  }

  private isLvalueStart(): boolean {
    return this.isOp('$') || (this.is('name') && !KEYWORDS.has((this.cur.tok as { v: string }).v));
  }

  private concat(): Expr {
    let left = this.additive();
    for (;;) {
      const t = this.cur.tok;
      const startsOperand =
        t.k === 'num' ||
        t.k === 'str' ||
        t.k === 'regex' ||
        t.k === 'funcname' ||
        (t.k === 'name' && (!KEYWORDS.has(t.v) || t.v === 'getline')) ||
        (t.k === 'op' && ['$', '!', '(', '-', '+', '++', '--'].includes(t.v));
      if (!startsOperand || (t.k === 'name' && t.v === 'in')) return left;
      if (t.k === 'op' && (t.v === '-' || t.v === '+')) return left;
      left = { t: 'concat', left, right: this.additive() };
    }
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.cur.tok as { v: string }).v;
      this.pos++;
      left = { t: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = (this.cur.tok as { v: string }).v;
      this.pos++;
      left = { t: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('!') || this.isOp('-') || this.isOp('+')) {
      const op = (this.cur.tok as { v: string }).v;
      this.pos++;
      return { t: 'unary', op, arg: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.postfix();
    if (this.isOp('^')) {
      this.pos++;
      return { t: 'binary', op: '^', left: base, right: this.unaryPowerOperand() };
    }
    return base;
  }

  private unaryPowerOperand(): Expr {
    if (this.isOp('-') || this.isOp('+') || this.isOp('!')) {
      const op = (this.cur.tok as { v: string }).v;
      this.pos++;
      return { t: 'unary', op, arg: this.unaryPowerOperand() };
    }
    return this.power();
  }

  private postfix(): Expr {
    if (this.isOp('++') || this.isOp('--')) {
      const op = (this.cur.tok as { v: string }).v as '++' | '--';
      this.pos++;
      return { t: 'incdec', op, prefix: true, target: this.postfix() };
    }
    const e = this.primary();
    if ((this.isOp('++') || this.isOp('--')) && (e.t === 'var' || e.t === 'field' || e.t === 'index')) {
      const op = (this.cur.tok as { v: string }).v as '++' | '--';
      this.pos++;
      return { t: 'incdec', op, prefix: false, target: e };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.cur.tok;
    switch (t.k) {
      case 'num':
        this.pos++;
        return { t: 'num', v: t.v };
      case 'str':
        this.pos++;
        return { t: 'str', v: t.v };
      case 'regex':
        this.pos++;
        return { t: 'regex', src: t.v };
      case 'funcname': {
        this.pos++;
        this.expectOp('(');
        const args = this.isOp(')') ? [] : this.exprList();
        this.expectOp(')');
        return { t: 'call', name: t.v, args };
      }
      case 'name': {
        if (t.v === 'getline') {
          this.pos++;
          const target = this.isLvalueStart() ? this.primary() : null;
          let file: Expr | null = null;
          if (this.isOp('<')) {
            this.pos++;
            file = this.primary();
          }
          return { t: 'getline', target, file, command: null };
        }
        if (BUILTINS.has(t.v)) {
          this.pos++;
          if (!this.isOp('(')) {
            if (t.v === 'length') return { t: 'call', name: 'length', args: [] };
            this.fail();
          }
          this.pos++;
          const args = this.isOp(')') ? [] : this.exprList();
          this.expectOp(')');
          return { t: 'call', name: t.v, args };
        }
        if (KEYWORDS.has(t.v)) this.fail();
        this.pos++;
        if (this.isOp('[')) {
          this.pos++;
          const subs = this.exprList();
          this.expectOp(']');
          return { t: 'index', name: t.v, subs };
        }
        return { t: 'var', name: t.v };
      }
      case 'op':
        if (t.v === '$') {
          this.pos++;
          if (this.isOp('++') || this.isOp('--')) return { t: 'field', index: this.postfix() };
          return { t: 'field', index: this.primary() };
        }
        if (t.v === '(') {
          this.pos++;
          const first = this.expr();
          if (this.isOp(',')) {
            // (a, b) in arr
            const list = [first];
            while (this.isOp(',')) {
              this.pos++;
              list.push(this.expr());
            }
            this.expectOp(')');
            if (!this.isName('in')) this.fail();
            this.pos++;
            const name = this.cur.tok;
            if (name.k !== 'name') this.fail();
            this.pos++;
            return { t: 'in', subs: list, name: name.v };
          }
          this.expectOp(')');
          return { t: 'group', expr: first };
        }
        if (t.v === '-' || t.v === '+' || t.v === '!') return this.unary();
        this.fail();
        break;
      default:
        this.fail();
    }
  }
}
