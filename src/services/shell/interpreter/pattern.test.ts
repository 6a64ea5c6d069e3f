import { describe, expect, it } from 'vitest';
import { Pattern } from './pattern.js';

const glob = (text: string) => Pattern.compile([{ text, quoted: false }]);

describe('shell patterns', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*', '', true],
    ['*', 'anything', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbb', false],
    ['?', 'x', true],
    ['?', '', false],
    ['[abc]x', 'bx', true],
    ['[!abc]x', 'bx', false],
    ['[^abc]x', 'dx', true],
    ['[a-c]', 'b', true],
    ['[]]', ']', true],
    ['[[:digit:]][[:alpha:]]', '1a', true],
    ['[[:upper:]]', 'a', false],
    ['[a', '[a', true],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['*.tar.gz', 'x.tar.gz', true],
  ];
  for (const [pattern, subject, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${JSON.stringify(subject)} with ${JSON.stringify(pattern)}`, () => {
      expect(glob(pattern).matches(subject)).toBe(expected);
    });
  }

  it('treats quoted text as itself', () => {
    const p = Pattern.compile([
      { text: '*', quoted: true },
      { text: '*', quoted: false },
    ]);
    expect(p.matches('*abc')).toBe(true);
    expect(p.matches('abc')).toBe(false);
    expect(p.hasWildcards).toBe(true);
    expect(p.literal).toBe('**');
  });

  it('lists matching prefixes and suffixes', () => {
    expect(glob('*/').prefixMatches('a/b/')).toEqual([false, false, true, false, true]);
    expect(glob('.*').suffixMatches('a.b.c')).toEqual([false, false, true, false, true, false]);
  });

  it('finds the longest match from a position', () => {
    expect(glob('b*').longestMatchFrom('abcb', 1)).toBe(4);
    expect(glob('x').longestMatchFrom('abc', 0)).toBe(-1);
  });

  it('charges its work to a meter, which may stop it', () => {
    let work = 0;
    Pattern.compile([{ text: '*a*', quoted: false }], (n) => {
      work += n;
    }).matches('bbbbb');
    expect(work).toBe(5 * 3);
    const stopping = Pattern.compile([{ text: '*', quoted: false }], () => {
      throw new Error('stop');
    });
    expect(() => stopping.matches('x')).toThrow('stop');
  });
});
