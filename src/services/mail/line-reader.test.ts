import { describe, expect, it } from 'vitest';
import { type LineItem, LineReader } from './line-reader.js';

function drain(reader: LineReader, max: number): Array<string | 'too_long'> {
  const out: Array<string | 'too_long'> = [];
  for (let item: LineItem | null = reader.next(max); item !== null; item = reader.next(max))
    out.push(item.kind === 'line' ? item.line.toString() : 'too_long');
  return out;
}

describe('LineReader', () => {
  it('splits CRLF and bare LF lines across chunk boundaries', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('EHLO a\r\nNO'));
    expect(drain(reader, 10)).toEqual(['EHLO a']);
    reader.push(Buffer.from('OP\nQUIT\r'));
    expect(drain(reader, 10)).toEqual(['NOOP']);
    reader.push(Buffer.from('\n'));
    expect(drain(reader, 10)).toEqual(['QUIT']);
  });

  it('takes a line of exactly the limit and reports one byte more as too long, once', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('12345\r\n123456\r\nok\r\n'));
    expect(drain(reader, 5)).toEqual(['12345', 'too_long', 'ok']);
  });

  it('drops an endless line as it arrives instead of keeping it', () => {
    const reader = new LineReader();
    for (let i = 0; i < 100; i++) {
      reader.push(Buffer.alloc(1000, 0x41));
      expect(drain(reader, 510)).toEqual([]);
      expect(reader.buffered).toBeLessThanOrEqual(1000);
    }
    reader.push(Buffer.from('tail\r\nnext\r\n'));
    expect(drain(reader, 510)).toEqual(['too_long', 'next']);
  });

  it('hands out raw bytes and takes back what was not used', () => {
    const reader = new LineReader();
    reader.push(Buffer.from('abcdef\r\n'));
    expect(reader.bytes(3).toString()).toBe('abc');
    reader.unshift(Buffer.from('c'));
    expect(drain(reader, 10)).toEqual(['cdef']);
  });
});
