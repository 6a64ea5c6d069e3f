import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUS_LIMITS } from './limits.js';
import {
  assertPattern,
  assertTopic,
  compilePattern,
  InvalidSubjectError,
  isValidPattern,
  isValidTopic,
  patternProblem,
  SubjectIndex,
  subjectMatches,
  topicProblem,
} from './subject.js';

const longest = 'a'.repeat(BUS_LIMITS.maxTopicChars);
const tooLong = 'a'.repeat(BUS_LIMITS.maxTopicChars + 1);

describe('topic validation', () => {
  it.each([
    ['a', true],
    ['attacker.session.ended', true],
    ['decky.web-01.state', true],
    ['ttp.rule.fired.T1059', true],
    ['unicode.é.token', true],
    ['$sys.like', true],
    [longest, true],
    [tooLong, false],
    ['', false],
    ['.', false],
    ['.a', false],
    ['a.', false],
    ['a..b', false],
    ['a.*', false],
    ['*', false],
    ['a.>', false],
    ['>', false],
    ['a*b', false],
    ['a>b', false],
    ['a b', false],
    ['a\tb', false],
    ['a\nb', false],
    ['a\u0000b', false],
    ['a\u007fb', false],
    ['a\u00a0b', false],
  ])('%j valid: %s', (topic, valid) => {
    expect(isValidTopic(topic)).toBe(valid);
    if (valid) expect(() => assertTopic(topic)).not.toThrow();
    else expect(() => assertTopic(topic)).toThrow(InvalidSubjectError);
  });

  it('explains what is wrong', () => {
    expect(topicProblem('')).toMatch(/empty/);
    expect(topicProblem('a..b')).toMatch(/empty token/);
    expect(topicProblem('a.*')).toMatch(/wildcard/);
    expect(topicProblem('a b')).toMatch(/whitespace/);
    expect(topicProblem(tooLong)).toMatch(/limit is 1024/);
  });
});

describe('pattern validation', () => {
  it.each([
    ['a', true],
    ['*', true],
    ['>', true],
    ['a.*', true],
    ['a.>', true],
    ['*.*', true],
    ['*.>', true],
    ['a.*.c.>', true],
    ['decky.*.state', true],
    [longest, true],
    [tooLong, false],
    ['', false],
    ['a.', false],
    ['.>', false],
    ['a..*', false],
    ['>.a', false],
    ['a.>.b', false],
    ['>.>', false],
    ['a*', false],
    ['*a', false],
    ['a.b>', false],
    ['a.>b', false],
    ['**', false],
    ['a. *', false],
  ])('%j valid: %s', (pattern, valid) => {
    expect(isValidPattern(pattern)).toBe(valid);
    if (!valid) expect(() => assertPattern(pattern)).toThrow(InvalidSubjectError);
  });

  it('explains what is wrong', () => {
    expect(patternProblem('a.>.b')).toMatch(/may only end a pattern/);
    expect(patternProblem('a*')).toMatch(/whole token/);
  });
});

/** [pattern, topic, matches] — every boundary of `*` and `>`. */
const MATCH_CASES: Array<[string, string, boolean]> = [
  // literal
  ['a', 'a', true],
  ['a', 'b', false],
  ['a', 'a.b', false],
  ['a.b', 'a', false],
  ['a.b', 'a.b', true],
  ['a.b', 'a.bc', false],
  ['a.b', 'ab', false],
  // `*`: exactly one token
  ['*', 'a', true],
  ['*', 'a.b', false],
  ['a.*', 'a', false],
  ['a.*', 'a.b', true],
  ['a.*', 'a.b.c', false],
  ['a.*', 'b.c', false],
  ['*.b', 'a.b', true],
  ['*.b', 'a.c', false],
  ['*.b', 'b', false],
  ['a.*.c', 'a.b.c', true],
  ['a.*.c', 'a.c', false],
  ['a.*.c', 'a.b.x.c', false],
  ['*.*', 'a.b', true],
  ['*.*', 'a', false],
  ['*.*', 'a.b.c', false],
  // `>`: one or more trailing tokens
  ['>', 'a', true],
  ['>', 'a.b.c', true],
  ['a.>', 'a', false],
  ['a.>', 'a.b', true],
  ['a.>', 'a.b.c.d', true],
  ['a.>', 'ab.c', false],
  ['a.>', 'b.a.c', false],
  ['a.b.>', 'a.b', false],
  ['a.b.>', 'a.b.c', true],
  ['a.b.>', 'a.bc.d', false],
  // both
  ['*.>', 'a', false],
  ['*.>', 'a.b', true],
  ['*.>', 'a.b.c', true],
  ['a.*.>', 'a.b', false],
  ['a.*.>', 'a.b.c', true],
  ['a.*.>', 'x.b.c', false],
  ['decky.*.state', 'decky.web-01.state', true],
  ['decky.*.state', 'decky.web.01.state', false],
  ['system.*.health', 'system.ttp.health', true],
];

describe('matching', () => {
  it.each(MATCH_CASES)('%j ~ %j is %s (compiled)', (pattern, topic, expected) => {
    expect(compilePattern(pattern)(topic)).toBe(expected);
    expect(subjectMatches(pattern, topic)).toBe(expected);
  });

  it.each(MATCH_CASES)('%j ~ %j is %s (index)', (pattern, topic, expected) => {
    const index = new SubjectIndex<string>();
    index.add(pattern, 'sub');
    expect(index.match(topic)).toEqual(expected ? ['sub'] : []);
  });

  it('refuses to compile an invalid pattern', () => {
    expect(() => compilePattern('a.>.b')).toThrow(InvalidSubjectError);
  });
});

/** The definition, written as plainly as possible, to check the fast paths against. */
function reference(pattern: string, topic: string): boolean {
  const p = pattern.split('.');
  const t = topic.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i;
    if (i >= t.length) return false;
    if (p[i] !== '*' && p[i] !== t[i]) return false;
  }
  return p.length === t.length;
}

const token = fc.constantFrom('a', 'b', 'c');
const topicArb = fc.array(token, { minLength: 1, maxLength: 5 }).map((ts) => ts.join('.'));
const patternArb = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', '*'), { minLength: 0, maxLength: 4 }), fc.boolean())
  .filter(([ts, tail]) => ts.length > 0 || tail)
  .map(([ts, tail]) => [...ts, ...(tail ? ['>'] : [])].join('.'));

describe('matcher properties', () => {
  it('compiled patterns and the index agree with the definition', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 8 }), topicArb, (patterns, topic) => {
        const index = new SubjectIndex<number>();
        for (const [i, p] of patterns.entries()) index.add(p, i);
        const expected = patterns.flatMap((p, i) => (reference(p, topic) ? [i] : []));
        expect(index.match(topic).sort((x, y) => x - y)).toEqual(expected);
        for (const p of patterns) expect(compilePattern(p)(topic)).toBe(reference(p, topic));
      }),
    );
  });
});

describe('SubjectIndex', () => {
  it('finds every matching value once, and forgets removed ones', () => {
    const index = new SubjectIndex<string>();
    index.add('a.b', 'exact');
    index.add('a.*', 'star');
    index.add('a.>', 'rest');
    index.add('>', 'all');
    index.add('a.b', 'exact2');
    expect(index.size).toBe(5);
    expect(index.match('a.b').sort()).toEqual(['all', 'exact', 'exact2', 'rest', 'star']);
    expect(index.match('a.b.c').sort()).toEqual(['all', 'rest']);
    expect(index.match('a').sort()).toEqual(['all']);
    expect(index.delete('a.*', 'star')).toBe(true);
    expect(index.delete('a.*', 'star')).toBe(false);
    expect(index.delete('a.b.c', 'exact')).toBe(false);
    expect(index.delete('>', 'all')).toBe(true);
    expect(index.match('a.b').sort()).toEqual(['exact', 'exact2', 'rest']);
    expect(index.size).toBe(3);
  });

  it('does not count a value added twice under one pattern twice', () => {
    const index = new SubjectIndex<string>();
    index.add('a.>', 'v');
    index.add('a.>', 'v');
    expect(index.size).toBe(1);
    expect(index.match('a.b')).toEqual(['v']);
  });

  it('prunes empty branches so a removed pattern leaves nothing behind', () => {
    const index = new SubjectIndex<string>();
    index.add('x.y.z', 'v');
    index.delete('x.y.z', 'v');
    // Internal shape is private; observable: the index still works and is empty.
    expect(index.size).toBe(0);
    expect(index.match('x.y.z')).toEqual([]);
  });
});
