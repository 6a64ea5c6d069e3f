import { describe, expect, it } from 'vitest';
import { fetchItems, imapString, inSequenceSet, isSequenceSet, LITERAL_MARK, tokenize } from './syntax.js';

describe('IMAP syntax', () => {
  it('tokenizes atoms, quoted strings with escapes, literals and lists', () => {
    const literal = `${LITERAL_MARK}0${LITERAL_MARK}`;
    expect(tokenize(`root "p\\"w d" ${literal} (MESSAGES UNSEEN)`, [Buffer.from('lit')])).toEqual([
      { kind: 'atom', value: 'root' },
      { kind: 'string', value: 'p"w d' },
      { kind: 'string', value: 'lit' },
      { kind: 'list', value: 'MESSAGES UNSEEN' },
    ]);
    expect(tokenize('"unterminated', [])).toBeNull();
    expect(tokenize('(open', [])).toBeNull();
  });

  it.each([
    ['1', 1, 5, true],
    ['2:4', 4, 5, true],
    ['2:4', 5, 5, false],
    ['*', 5, 5, true],
    ['3:*', 4, 5, true],
    ['*:3', 4, 5, true],
    ['1,5', 3, 5, false],
  ])('%s contains %i of %i: %s', (set, n, max, expected) => {
    expect(isSequenceSet(set)).toBe(true);
    expect(inSequenceSet(set, n, max)).toBe(expected);
  });

  it('refuses malformed sequence sets', () => {
    for (const set of ['', '0x1', '1:', ':2', '1,,2', 'a']) expect(isSequenceSet(set)).toBe(false);
  });

  it('splits FETCH items at the top level and expands macros', () => {
    expect(fetchItems('(FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.10> UID)')).toEqual([
      'FLAGS',
      'BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.10>',
      'UID',
    ]);
    expect(fetchItems('fast')).toEqual(['FLAGS', 'INTERNALDATE', 'RFC822.SIZE']);
    expect(fetchItems('BODY[]')).toEqual(['BODY[]']);
  });

  it('writes strings quoted, or as a literal when they are not plain ASCII', () => {
    expect(imapString('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
    expect(imapString('Grüße')).toBe('{7}\r\nGrüße');
  });
});
