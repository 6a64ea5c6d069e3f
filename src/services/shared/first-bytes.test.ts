import { describe, expect, it } from 'vitest';
import { escapeBytes, FirstBytesCapture, firstBytesFields, firstLineComplete } from './first-bytes.js';

describe('escapeBytes', () => {
  it.each([
    ['printable ASCII as is', Buffer.from('GET / HTTP/1.1'), 'GET / HTTP/1.1'],
    ['CR LF TAB as escapes', Buffer.from('a\r\n\tb'), 'a\\r\\n\\tb'],
    ['backslash doubled, so \\x.. in the data is never mistaken for a byte', Buffer.from('\\x41'), '\\\\x41'],
    ['NUL, DEL and high bytes as \\xHH', Buffer.from([0x00, 0x7f, 0x80, 0xff]), '\\x00\\x7f\\x80\\xff'],
    ['quotes and brackets as is (the formatter escapes them)', Buffer.from('"]['), '"]['],
    ['UTF-8 byte by byte', Buffer.from('é', 'utf8'), '\\xc3\\xa9'],
    ['nothing', Buffer.alloc(0), ''],
  ])('writes %s', (_name, bytes, text) => {
    expect(escapeBytes(bytes)).toBe(text);
  });

  it('is reversible: every byte value has exactly one spelling', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const text = escapeBytes(all);
    const back: number[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] !== '\\') {
        back.push(text.charCodeAt(i));
        continue;
      }
      const next = text[++i];
      if (next === 'x') {
        back.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else back.push({ r: 13, n: 10, t: 9, '\\': 92 }[next as 'r'] as number);
    }
    expect(Buffer.from(back)).toEqual(all);
  });
});

describe('FirstBytesCapture', () => {
  it('is complete at the first LF by default, keeping the whole chunk that brought it', () => {
    const c = new FirstBytesCapture(1024);
    expect(c.push(Buffer.from('SSH-2.0-'))).toBe(false);
    expect(c.push(Buffer.from('Go\r\nmore'))).toBe(true);
    expect(c.kept.toString()).toBe('SSH-2.0-Go\r\nmore');
    expect(c.fields()).toMatchObject({ bytes: 16, data_truncated: false });
  });

  it('keeps at most maxBytes however much arrives, and counts the rest', () => {
    const c = new FirstBytesCapture(4);
    expect(c.push(Buffer.from('abc'))).toBe(false);
    expect(c.push(Buffer.from('defgh'))).toBe(true);
    expect(c.push(Buffer.alloc(1_000_000))).toBe(true);
    expect(c.kept.toString()).toBe('abcd');
    expect(c.received).toBe(1_000_008);
    expect(c.fields()).toEqual({
      bytes: 1_000_008,
      data_printable: 'abcd',
      data_b64: 'YWJjZA==',
      data_truncated: true,
    });
  });

  it('is complete exactly at the cap (a boundary: cap − 1 is not)', () => {
    const c = new FirstBytesCapture(4);
    expect(c.push(Buffer.from('abc'))).toBe(false);
    expect(c.push(Buffer.from('d'))).toBe(true);
    expect(c.fields().data_truncated).toBe(false);
  });

  it("uses the protocol's own end of message when given", () => {
    const c = new FirstBytesCapture(1024, (kept) => kept.length >= 3);
    expect(c.push(Buffer.from([0x0a]))).toBe(false);
    expect(c.push(Buffer.from([1, 2]))).toBe(true);
  });
});

it('firstLineComplete looks for LF only', () => {
  expect(firstLineComplete(Buffer.from('a\r'))).toBe(false);
  expect(firstLineComplete(Buffer.from('a\n'))).toBe(true);
});

it('firstBytesFields marks a datagram cut to the log cap as truncated', () => {
  expect(firstBytesFields(Buffer.from('ab'), 3)).toMatchObject({ bytes: 3, data_truncated: true });
});
