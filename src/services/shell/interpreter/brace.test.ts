// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell words, where ${…} is parameter expansion.
import { describe, expect, it } from 'vitest';
import type { WordPart } from '../syntax/ast.js';
import { BraceLimitError, expandBraces } from './brace.js';

function words(text: string, max = 10_000): string[] {
  return expandBraces([{ type: 'lit', value: text }], max).map((parts) =>
    parts.map((p) => (p.type === 'lit' ? p.value : '?')).join(''),
  );
}

describe('brace expansion', () => {
  const cases: Array<[string, string[]]> = [
    ['a{b,c}d', ['abd', 'acd']],
    ['{a,b}{1,2}', ['a1', 'a2', 'b1', 'b2']],
    ['{a,{b,c}}', ['a', 'b', 'c']],
    ['x{,y}', ['x', 'xy']],
    ['{1..4}', ['1', '2', '3', '4']],
    ['{4..1..2}', ['4', '2']],
    ['{-1..1}', ['-1', '0', '1']],
    ['{08..11}', ['08', '09', '10', '11']],
    ['{a..e..2}', ['a', 'c', 'e']],
    ['{Z..X}', ['Z', 'Y', 'X']],
    ['{a}', ['{a}']],
    ['{}', ['{}']],
    ['{1..b}', ['{1..b}']],
    ['a}b{c', ['a}b{c']],
    ['${x}', ['${x}']],
  ];
  for (const [text, expected] of cases) {
    it(`expands ${text}`, () => {
      expect(words(text)).toEqual(expected);
    });
  }

  it('passes quoted parts through', () => {
    const parts: WordPart[] = [
      { type: 'quoted', value: '{a,b}' },
      { type: 'lit', value: '{1,2}' },
    ];
    expect(expandBraces(parts, 100)).toEqual([
      [
        { type: 'quoted', value: '{a,b}' },
        { type: 'lit', value: '1' },
      ],
      [
        { type: 'quoted', value: '{a,b}' },
        { type: 'lit', value: '2' },
      ],
    ]);
  });

  it('refuses to make more words than the limit, before making them', () => {
    expect(() => words('{1..999999999}')).toThrow(BraceLimitError);
    expect(() => words('{1..100}{1..100}{1..100}')).toThrow(BraceLimitError);
    expect(words('{1..100}{1..100}')).toHaveLength(10_000);
  });
});
