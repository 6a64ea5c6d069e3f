/**
 * Shell arithmetic (bash(1) "ARITHMETIC EVALUATION"): 64-bit signed integers that wrap, C operators
 * and precedence, variables read by name (their values evaluated as expressions in turn) and assigned
 * with `=`, `+=`, `++` and friends. Evaluation is short-circuit: `0 && x=1` assigns nothing.
 */

export interface ArithScope {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** bash's message without the `bash: ` prefix, e.g. `1/0: division by 0 (error token is "0")`. */
export class ArithError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArithError';
  }
}

/** How deep variable values may refer to further variables (bash's own bound is 1024). */
const MAX_RECURSION = 64;

/** How deep parentheses and unary operators may nest: keeps the recursive descent off the JS stack's end. */
const MAX_NESTING = 200;

type TokenKind = 'num' | 'name' | 'op' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const OPERATORS = [
  '<<=',
  '>>=',
  '**',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '*=',
  '/=',
  '%=',
  '+=',
  '-=',
  '&=',
  '^=',
  '|=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '^',
  '|',
  '!',
  '~',
  '?',
  ':',
  '=',
  ',',
  '(',
  ')',
];

const ASSIGN_OPS = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=']);

const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

function tokenize(expr: string): Token[] | { error: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const start = i;
      while (i < expr.length && /[0-9A-Za-z_#@]/.test(expr[i] as string)) i++;
      tokens.push({ kind: 'num', text: expr.slice(start, i), pos: start });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < expr.length && /[A-Za-z0-9_]/.test(expr[i] as string)) i++;
      tokens.push({ kind: 'name', text: expr.slice(start, i), pos: start });
      continue;
    }
    const op = OPERATORS.find((o) => expr.startsWith(o, i));
    if (!op) return { error: i };
    tokens.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', pos: expr.length });
  return tokens;
}

/** An integer constant: decimal, 0x hex, 0 octal or base#digits (bash(1) "ARITHMETIC EVALUATION"). */
function parseNumber(text: string): bigint | null {
  let base = 10;
  let digits = text;
  const hash = text.indexOf('#');
  if (hash !== -1) {
    base = Number(text.slice(0, hash));
    digits = text.slice(hash + 1);
    if (!/^[0-9]+$/.test(text.slice(0, hash)) || base < 2 || base > 64 || digits === '') return null;
  } else if (/^0[xX]/.test(text)) {
    base = 16;
    digits = text.slice(2);
    if (digits === '') return null;
  } else if (text.length > 1 && text.startsWith('0')) {
    base = 8;
    digits = text.slice(1);
  }
  let value = 0n;
  const b = BigInt(base);
  for (const ch of digits) {
    let d: number;
    if (ch >= '0' && ch <= '9') d = ch.charCodeAt(0) - 48;
    else if (ch >= 'a' && ch <= 'z') d = ch.charCodeAt(0) - 97 + 10;
    else if (ch >= 'A' && ch <= 'Z') d = base <= 36 ? ch.charCodeAt(0) - 65 + 10 : ch.charCodeAt(0) - 65 + 36;
    else if (ch === '@') d = 62;
    else if (ch === '_') d = 63;
    else return null;
    if (d >= base) return null;
    value = wrap(value * b + BigInt(d));
  }
  return value;
}

class Evaluator {
  private tokens: Token[] = [];
  private index = 0;
  private nesting = 0;

  constructor(
    private readonly expr: string,
    private readonly scope: ArithScope,
    private readonly depth: number,
  ) {}

  run(): bigint {
    const tokens = tokenize(this.expr);
    if (!Array.isArray(tokens)) {
      this.fail('syntax error: invalid arithmetic operator', tokens.error);
    }
    this.tokens = tokens;
    if (this.peek().kind === 'end') return 0n;
    const value = this.comma(true);
    if (this.peek().kind !== 'end') this.fail('syntax error in expression', this.peek().pos);
    return value;
  }

  private fail(message: string, pos: number): never {
    const token = this.expr.slice(pos).trim();
    throw new ArithError(`${this.expr.trim()}: ${message} (error token is "${token}")`);
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private next(): Token {
    return this.tokens[this.index++] as Token;
  }

  private comma(live: boolean): bigint {
    let value = this.assignment(live);
    while (this.isOp(',')) {
      this.next();
      value = this.assignment(live);
    }
    return value;
  }

  private assignment(live: boolean): bigint {
    const t = this.peek();
    const after = this.tokens[this.index + 1];
    if (t.kind === 'name' && after?.kind === 'op' && ASSIGN_OPS.has(after.text)) {
      this.index += 2;
      const right = this.assignment(live);
      if (!live) return right;
      const value =
        after.text === '=' ? right : this.binary(after.text.slice(0, -1), this.variable(t), right, after.pos);
      this.scope.set(t.text, value.toString());
      return value;
    }
    return this.ternary(live);
  }

  private ternary(live: boolean): bigint {
    const condition = this.logical(live, 0);
    if (!this.isOp('?')) return condition;
    this.next();
    const whenTrue = this.comma(live && condition !== 0n);
    if (!this.isOp(':')) this.fail("syntax error: `:' expected for conditional expression", this.peek().pos);
    this.next();
    const whenFalse = this.ternary(live && condition === 0n);
    return condition !== 0n ? whenTrue : whenFalse;
  }

  private static readonly LEVELS: ReadonlyArray<readonly string[]> = [
    ['||'],
    ['&&'],
    ['|'],
    ['^'],
    ['&'],
    ['==', '!='],
    ['<', '<=', '>', '>='],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private logical(live: boolean, level: number): bigint {
    const ops = Evaluator.LEVELS[level];
    if (!ops) return this.power(live);
    let left = this.logical(live, level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !ops.includes(t.text)) return left;
      this.next();
      if (t.text === '&&') {
        const right = this.logical(live && left !== 0n, level + 1);
        left = left !== 0n && right !== 0n ? 1n : 0n;
      } else if (t.text === '||') {
        const right = this.logical(live && left === 0n, level + 1);
        left = left !== 0n || right !== 0n ? 1n : 0n;
      } else {
        const right = this.logical(live, level + 1);
        left = live ? this.binary(t.text, left, right, t.pos) : 0n;
      }
    }
  }

  private binary(op: string, a: bigint, b: bigint, pos: number): bigint {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) this.fail('division by 0', this.tokens[this.index - 1]?.pos ?? pos);
        if (a === -(2n ** 63n) && b === -1n) return op === '/' ? a : 0n;
        return op === '/' ? a / b : a % b;
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return a >> (b & 63n);
      case '<':
        return a < b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
      default:
        return this.fail('syntax error: invalid arithmetic operator', pos);
    }
  }

  private power(live: boolean): bigint {
    const base = this.unary(live);
    if (!this.isOp('**')) return base;
    const op = this.next();
    const exponent = this.power(live);
    if (!live) return 0n;
    if (exponent < 0n) this.fail('exponent less than 0', op.pos + 2);
    let result = 1n;
    let b = base;
    let e = exponent;
    while (e > 0n) {
      if (e & 1n) result = wrap(result * b);
      b = wrap(b * b);
      e >>= 1n;
    }
    return result;
  }

  private unary(live: boolean): bigint {
    if (++this.nesting > MAX_NESTING) {
      this.fail('expression recursion level exceeded', this.peek().pos);
    }
    try {
      return this.unaryOperand(live);
    } finally {
      this.nesting--;
    }
  }

  private unaryOperand(live: boolean): bigint {
    const t = this.peek();
    if (t.kind === 'op') {
      switch (t.text) {
        case '!':
          this.next();
          return this.unary(live) === 0n ? 1n : 0n;
        case '~':
          this.next();
          return ~this.unary(live);
        case '-':
          this.next();
          return wrap(-this.unary(live));
        case '+':
          this.next();
          return this.unary(live);
        case '++':
        case '--': {
          this.next();
          const name = this.next();
          if (name.kind !== 'name') this.fail('syntax error: operand expected', name.pos);
          const value = wrap(this.variable(name) + (t.text === '++' ? 1n : -1n));
          if (live) this.scope.set(name.text, value.toString());
          return value;
        }
      }
    }
    return this.postfix(live);
  }

  private postfix(live: boolean): bigint {
    const t = this.next();
    switch (t.kind) {
      case 'num': {
        const value = parseNumber(t.text);
        if (value === null) this.fail('value too great for base', t.pos);
        return value;
      }
      case 'name': {
        const value = this.variable(t);
        if (this.isOp('++') || this.isOp('--')) {
          const op = this.next();
          if (live) this.scope.set(t.text, wrap(value + (op.text === '++' ? 1n : -1n)).toString());
        }
        return value;
      }
      case 'op':
        if (t.text === '(') {
          const value = this.comma(live);
          if (!this.isOp(')')) this.fail("syntax error: `)' expected", this.peek().pos);
          this.next();
          return value;
        }
        return this.fail('syntax error: operand expected', t.pos);
      case 'end':
        return this.fail('syntax error: operand expected', this.tokens[this.index - 2]?.pos ?? t.pos);
    }
  }

  /** A variable's value as a number: unset or empty is 0, anything else is itself an expression. */
  private variable(token: Token): bigint {
    const raw = this.scope.get(token.text);
    if (raw === undefined || raw.trim() === '') return 0n;
    if (/^-?[0-9]+$/.test(raw.trim())) {
      const n = parseNumber(raw.trim().replace(/^-/, ''));
      if (n !== null) return raw.trim().startsWith('-') ? wrap(-n) : n;
    }
    if (this.depth >= MAX_RECURSION) {
      throw new ArithError(
        `${token.text}: expression recursion level exceeded (error token is "${token.text}")`,
      );
    }
    return new Evaluator(raw, this.scope, this.depth + 1).run();
  }
}

/** Evaluates an arithmetic expression (already expanded); throws ArithError with bash's message. */
export function evaluateArithmetic(expr: string, scope: ArithScope): bigint {
  return new Evaluator(expr, scope, 0).run();
}
