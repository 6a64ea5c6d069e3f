import { describe, expect, it } from 'vitest';
import { Regex, RegexError } from './regex.js';

describe('extended regular expressions', () => {
  const cases: Array<[string, string, boolean]> = [
    ['abc', 'xabcx', true],
    ['^abc$', 'xabc', false],
    ['^a.c$', 'abc', true],
    ['^(ab|cd)+$', 'abcdab', true],
    ['^(ab|cd)+$', 'abce', false],
    ['^a{2,3}$', 'aaa', true],
    ['^a{2,3}$', 'aaaa', false],
    ['^a{2,}$', 'aaaaa', true],
    ['^a?b+$', 'bbb', true],
    ['[[:digit:]]+\\.[0-9]', 'v1.2', true],
    ['^[^a-z]*$', 'ABC1', true],
    ['\\w+@\\w+', 'root@host', true],
    ['^\\s*$', '  \t', true],
    ['x|^$', '', true],
    ['^(a+)+$', `${'a'.repeat(60)}!`, false],
  ];
  for (const [source, subject, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${JSON.stringify(subject)} with ${JSON.stringify(source)}`, () => {
      expect(Regex.compile(source).test(subject)).toBe(expected);
    });
  }

  const invalid = ['(a', 'a)', '[a', '*a', 'a{300}', 'a{3,1}', '[[:nope:]]', 'a\\'];
  for (const source of invalid) {
    it(`refuses ${JSON.stringify(source)}`, () => {
      expect(() => Regex.compile(source)).toThrow(RegexError);
    });
  }

  it('refuses an expression that compiles too large', () => {
    expect(() => Regex.compile('((a{255}){255}){255}')).toThrow(RegexError);
  });
});
