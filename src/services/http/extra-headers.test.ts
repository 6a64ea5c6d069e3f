import { describe, expect, it } from 'vitest';
import { parseExtraHeaders } from './extra-headers.js';

describe('parseExtraHeaders', () => {
  it('keeps a JSON object of headers in its order', () => {
    expect(parseExtraHeaders('{"X-A":"1","X-B":2}')).toEqual({
      headers: [
        ['X-A', '1'],
        ['X-B', '2'],
      ],
    });
  });
  it.each([
    ['bad JSON', '{nope'],
    ['an array', '["a"]'],
    ['a name that is not a token', '{"X A":"1"}'],
    ['a value with CRLF (header injection)', '{"X-A":"1\\r\\nSet-Cookie: a=b"}'],
  ])('refuses %s', (_name, text) => {
    expect(parseExtraHeaders(text)).toHaveProperty('error');
  });
  it('treats empty text as none', () => {
    expect(parseExtraHeaders('  ')).toEqual({ headers: [] });
  });
});
