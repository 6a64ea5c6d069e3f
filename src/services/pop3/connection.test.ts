import { describe, expect, it } from 'vitest';
import { dotStuff, topOf } from './connection.js';

describe('POP3 multi-line responses', () => {
  it('dot-stuffs lines that start with a dot and ends with CRLF (RFC 1939 §3)', () => {
    expect(dotStuff('.a\r\nb\r\n..c')).toBe('..a\r\nb\r\n...c\r\n');
    expect(dotStuff('x\r\n')).toBe('x\r\n');
  });

  it('TOP gives the header, the blank line and the first n body lines', () => {
    const raw = Buffer.from('Subject: s\r\nFrom: f\r\n\r\none\r\ntwo\r\nthree\r\n');
    expect(topOf(raw, 0).toString()).toBe('Subject: s\r\nFrom: f\r\n\r\n');
    expect(topOf(raw, 2).toString()).toBe('Subject: s\r\nFrom: f\r\n\r\none\r\ntwo');
  });
});
