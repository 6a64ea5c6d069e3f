import { describe, expect, it } from 'vitest';
import { ArithError, evaluateArithmetic } from './arithmetic.js';

function evaluate(
  expr: string,
  vars: Record<string, string> = {},
): { value: string; vars: Record<string, string> } {
  const store = { ...vars };
  const value = evaluateArithmetic(expr, {
    get: (n) => store[n],
    set: (n, v) => {
      store[n] = v;
    },
  });
  return { value: value.toString(), vars: store };
}

describe('shell arithmetic', () => {
  const values: Array<[string, string]> = [
    ['', '0'],
    ['1 + 2 * 3 - 4 / 2', '5'],
    ['2 ** 3 ** 2', '512'],
    ['-2 ** 2', '4'],
    ['7 % -3', '1'],
    ['-7 / 2', '-3'],
    ['1 << 4 | 1', '17'],
    ['~0', '-1'],
    ['!5 + !0', '1'],
    ['3 > 2 && 2 >= 2 && 1 != 2 && 1 == 1', '1'],
    ['0 ? 1 : 2 ? 3 : 4', '3'],
    ['(1, 2, 3)', '3'],
    ['0x1f + 017 + 2#11 + 64#_', '112'],
    ['9223372036854775807 + 1', '-9223372036854775808'],
    ['-9223372036854775808 / -1', '-9223372036854775808'],
    ['1 << 64', '1'],
    ['2 ** 64', '0'],
  ];
  for (const [expr, value] of values) {
    it(`evaluates ${JSON.stringify(expr)} to ${value}`, () => {
      expect(evaluate(expr).value).toBe(value);
    });
  }

  it('reads variables, empty and unset as 0, and values as expressions', () => {
    expect(evaluate('a + b + c + d', { a: '2', b: '', c: 'a * 3', d: '010' }).value).toBe('16');
  });

  it('assigns with = and compound operators, and counts with ++ and --', () => {
    const { value, vars } = evaluate('x = 5, x += 2, x *= 3, y = x++, z = --x', {});
    expect(value).toBe('21');
    expect(vars).toEqual({ x: '21', y: '21', z: '21' });
  });

  it('does not evaluate the side not taken', () => {
    expect(evaluate('0 && (a = 1), 1 || (b = 1), 1 ? 2 : (c = 1)').vars).toEqual({});
  });

  const errors: Array<[string, string]> = [
    ['1 / 0', '1 / 0: division by 0 (error token is "0")'],
    ['5 % 0', '5 % 0: division by 0 (error token is "0")'],
    ['1 +', '1 +: syntax error: operand expected (error token is "+")'],
    ['09', '09: value too great for base (error token is "09")'],
    ['1 2', '1 2: syntax error in expression (error token is "2")'],
    ['2 ** -1', '2 ** -1: exponent less than 0 (error token is "-1")'],
    ['a @ b', 'a @ b: syntax error: invalid arithmetic operator (error token is "@ b")'],
    ['(1', '(1: syntax error: `)\' expected (error token is "")'],
  ];
  for (const [expr, message] of errors) {
    it(`reports ${JSON.stringify(expr)} as bash does`, () => {
      expect(() => evaluate(expr)).toThrow(new ArithError(message));
    });
  }

  it('stops a variable that refers to itself', () => {
    expect(() => evaluate('a', { a: 'a' })).toThrow(/expression recursion level exceeded/);
  });
});
