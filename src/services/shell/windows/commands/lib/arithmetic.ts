/**
 * `set /a` expressions: integers (decimal, 0x hex, 0 octal) as 32-bit signed values, variables by name,
 * `+ - * / %`, `& | ^ << >>`, `~ !`, parentheses, assignments (`=` and `op=`) and `,`. A small precedence
 * climber over a bounded token list; every outcome is a value or cmd's error text.
 */
import type { CmdEnvironment } from '../../environment.js';
import { CMD_LIMITS } from '../../limits.js';

export type ArithmeticResult = { ok: true; value: number } | { ok: false; error: string };

const MISSING_OPERAND = 'Missing operand.';
const DIVIDE_BY_ZERO = 'Divide by zero error.';
const UNBALANCED = 'Unbalanced parenthesis.';

class ArithmeticError extends Error {}

const BINARY: ReadonlyArray<readonly string[]> = [
  ['|'],
  ['^'],
  ['&'],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

export function evaluateArithmetic(expression: string, env: CmdEnvironment): ArithmeticResult {
  const tokens =
    expression.match(
      /0[xX][0-9a-fA-F]+|\d+|[A-Za-z_$#@.][\w$#@.]*|<<=|>>=|<<|>>|[-+*/%&|^]=|[-+*/%&|^~!(),=]|\S/g,
    ) ?? [];
  if (tokens.length > CMD_LIMITS.maxArithmeticTokens) return { ok: false, error: MISSING_OPERAND };
  let at = 0;
  let last = 0;
  const int32 = (n: number) => n | 0;
  const variable = (name: string) => {
    const value = env.get(name);
    if (value === undefined) return 0;
    const parsed = parseNumber(value.trim());
    return parsed ?? 0;
  };
  const primary = (): number => {
    const token = tokens[at++];
    if (token === undefined) throw new ArithmeticError(MISSING_OPERAND);
    if (token === '(') {
      const value = comma();
      if (tokens[at++] !== ')') throw new ArithmeticError(UNBALANCED);
      return value;
    }
    if (token === '-') return int32(-primary());
    if (token === '+') return primary();
    if (token === '~') return ~primary();
    if (token === '!') return primary() === 0 ? 1 : 0;
    const number = parseNumber(token);
    if (number !== null) return number;
    if (/^[A-Za-z_$#@.]/.test(token)) {
      const op = tokens[at];
      if (op !== undefined && /^([-+*/%&|^]|<<|>>)?=$/.test(op)) {
        at++;
        const rhs = assignment();
        const current = variable(token);
        const value = op === '=' ? rhs : apply(op.slice(0, -1), current, rhs);
        env.set(token, String(value));
        return value;
      }
      return variable(token);
    }
    throw new ArithmeticError(MISSING_OPERAND);
  };
  const binary = (level: number): number => {
    if (level >= BINARY.length) return primary();
    let left = binary(level + 1);
    for (;;) {
      const op = tokens[at];
      if (op === undefined || !(BINARY[level] as readonly string[]).includes(op)) return left;
      at++;
      left = apply(op, left, binary(level + 1));
    }
  };
  const assignment = (): number => binary(0);
  const comma = (): number => {
    let value = assignment();
    while (tokens[at] === ',') {
      at++;
      value = assignment();
    }
    return value;
  };
  try {
    last = comma();
    if (at < tokens.length) return { ok: false, error: tokens[at] === ')' ? UNBALANCED : MISSING_OPERAND };
    return { ok: true, value: last };
  } catch (err) {
    return { ok: false, error: err instanceof ArithmeticError ? err.message : MISSING_OPERAND };
  }
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return (a + b) | 0;
    case '-':
      return (a - b) | 0;
    case '*':
      return Math.imul(a, b);
    case '/':
      if (b === 0) throw new ArithmeticError(DIVIDE_BY_ZERO);
      return Math.trunc(a / b) | 0;
    case '%':
      if (b === 0) throw new ArithmeticError(DIVIDE_BY_ZERO);
      return (a % b) | 0;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '<<':
      return a << (b & 31);
    case '>>':
      return a >> (b & 31);
    default:
      throw new ArithmeticError(MISSING_OPERAND);
  }
}

function parseNumber(text: string): number | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16) | 0;
  if (/^0[0-7]+$/.test(text)) return Number.parseInt(text, 8) | 0;
  if (/^\d+$/.test(text)) return Number(text) | 0;
  return null;
}
