import { describe, expect, it } from 'vitest';
import { compileRegex, type Regex, RegexBudget, type RegexOptions } from './vm.js';

function re(pattern: string, options: RegexOptions, budget = new RegexBudget()): Regex {
  const compiled = compileRegex(pattern, options, budget);
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled;
}

function span(pattern: string, input: string, options: RegexOptions): string | null {
  const m = re(pattern, options).exec(input);
  return m ? input.slice(m.start, m.end) : null;
}

describe('POSIX regular expressions', () => {
  it('reads BRE: literal + ? | ( ), escaped intervals and groups', () => {
    const bre: RegexOptions = { syntax: 'bre' };
    expect(span('a+b', 'xa+by', bre)).toBe('a+b');
    expect(span('a\\+b', 'xaaby', bre)).toBe('aab');
    expect(span('\\(ab\\)\\{2\\}', 'ababab', bre)).toBe('abab');
    expect(span('a|b', 'a|b', bre)).toBe('a|b');
    expect(span('^*x', '*x', bre)).toBe('*x');
    expect(span('[[:digit:]]\\+', 'port 2222 open', bre)).toBe('2222');
  });

  it('reads ERE, with leftmost-longest alternation as POSIX requires', () => {
    const ere: RegexOptions = { syntax: 'ere' };
    expect(span('(ab){2}', 'xababx', ere)).toBe('abab');
    expect(span('a|ab|abc', 'abcd', ere)).toBe('abc');
    expect(span('[^:]+', 'root:x:0', ere)).toBe('root');
    expect(span('\\<ssh\\>', 'openssh ssh', ere)).toBe('ssh');
    expect(re('\\bssh\\b', ere).exec('openssh ssh')!.start).toBe(8);
    expect(span('[a-z]+', 'ROOT', { syntax: 'ere', icase: true })).toBe('ROOT');
  });

  it('supports back-references in BRE', () => {
    expect(span('\\(.\\)\\1', 'abccd', { syntax: 'bre' })).toBe('cc');
  });

  it('reports syntax errors with the GNU messages', () => {
    const budget = new RegexBudget();
    expect(compileRegex('a\\{1', { syntax: 'bre' }, budget)).toEqual({ error: 'Unmatched \\{' });
    expect(compileRegex('(a', { syntax: 'ere' }, budget)).toEqual({ error: 'Unmatched ( or \\(' });
    expect(compileRegex('[a', { syntax: 'ere' }, budget)).toEqual({
      error: 'Unmatched [, [^, [:, [., or [=',
    });
  });

  it('runs pathological patterns in linear time, and stops at the work budget', () => {
    const evil = re('(a+)+$', { syntax: 'ere' });
    const input = `${'a'.repeat(5000)}!`;
    const started = Date.now();
    expect(evil.test(input)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    const tiny = re('(x|y)*z', { syntax: 'ere' }, new RegexBudget(1000));
    expect(() => tiny.test('xy'.repeat(10_000))).toThrow(RangeError);
  });
});
