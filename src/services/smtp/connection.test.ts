import { describe, expect, it } from 'vitest';
import { envelopeAddress, MessageBuffer } from './connection.js';

describe('envelopeAddress', () => {
  it.each([
    ['FROM:<a@b.test>', 'FROM', { address: 'a@b.test', params: '' }],
    [
      'from: <a@b.test> SIZE=100 BODY=8BITMIME',
      'FROM',
      { address: 'a@b.test', params: ' SIZE=100 BODY=8BITMIME' },
    ],
    ['FROM:<>', 'FROM', { address: '', params: '' }],
    ['TO:c@d.test', 'TO', { address: 'c@d.test', params: '' }],
    ['TO:<postmaster>', 'TO', { address: 'postmaster', params: '' }],
  ] as const)('%s', (arg, keyword, expected) => {
    expect(envelopeAddress(arg, keyword)).toEqual(expected);
  });

  it.each([['FROM a@b'], ['TO:<a@b>'], ['FROM:<a b@c>'], [`FROM:<${'a'.repeat(300)}@b>`]])(
    'refuses %s',
    (arg) => {
      expect(envelopeAddress(arg, 'FROM')).toBeNull();
    },
  );
});

describe('MessageBuffer', () => {
  it('joins lines with CRLF across block boundaries', () => {
    const buffer = new MessageBuffer();
    const line = Buffer.alloc(998, 0x61);
    for (let i = 0; i < 200; i++) buffer.appendLine(line);
    buffer.appendLine(Buffer.alloc(0));
    const contents = buffer.contents();
    expect(contents.length).toBe(200 * 1000 + 2);
    expect(buffer.size).toBe(contents.length);
    expect(contents.toString().split('\r\n').slice(0, -1)).toEqual([...Array(200).fill('a'.repeat(998)), '']);
  });
});
