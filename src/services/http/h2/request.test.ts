import { describe, expect, it } from 'vitest';
import { HTTP_LIMITS } from '../limits.js';
import { requestHead, validTrailers } from './request.js';

type Fields = [string, string][];
const base: Fields = [
  [':method', 'POST'],
  [':scheme', 'https'],
  [':authority', 'example.com'],
  [':path', '/login?x=1'],
];

describe('requestHead', () => {
  it('takes the pseudo-headers and keeps regular fields in wire order, cookie crumbs joined (RFC 9113 §8.2.3)', () => {
    const result = requestHead([
      ...base,
      ['cookie', 'a=1'],
      ['user-agent', 'x'],
      ['cookie', 'b=2'],
      ['content-length', '5'],
    ]);
    expect(result).toEqual({
      kind: 'request',
      head: {
        method: 'POST',
        target: '/login?x=1',
        headers: [
          ['cookie', 'a=1; b=2'],
          ['user-agent', 'x'],
          ['content-length', '5'],
        ],
        contentLength: 5,
      },
    });
  });

  it('reads CONNECT with :authority alone', () => {
    expect(
      requestHead([
        [':method', 'CONNECT'],
        [':authority', 'a:443'],
      ]),
    ).toMatchObject({
      kind: 'request',
      head: { method: 'CONNECT', target: 'a:443' },
    });
  });

  it.each<[string, Fields]>([
    ['no :method', base.slice(1)],
    ['no :path', base.filter(([n]) => n !== ':path')],
    ['no :scheme', base.filter(([n]) => n !== ':scheme')],
    ['an empty :path', [...base.slice(0, 3), [':path', '']]],
    ['a repeated pseudo-header', [...base, [':path', '/']]],
    ['a pseudo-header after a field', [...base.slice(0, 3), ['accept', '*/*'], [':path', '/']]],
    ['a response pseudo-header', [...base, [':status', '200']]],
    ['an upper-case name', [...base, ['Accept', '*/*']]],
    ['a name with a space', [...base, ['a b', 'c']]],
    ['a value with CR LF', [...base, ['x', 'a\r\nb: c']]],
    ['a value with NUL', [...base, ['x', 'a\0b']]],
    ['a value with leading space', [...base, ['x', ' a']]],
    ['connection', [...base, ['connection', 'keep-alive']]],
    ['transfer-encoding', [...base, ['transfer-encoding', 'chunked']]],
    ['te other than trailers', [...base, ['te', 'gzip']]],
    ['a non-numeric content-length', [...base, ['content-length', '5x']]],
    ['two content-lengths that differ', [...base, ['content-length', '5'], ['content-length', '6']]],
    [
      'CONNECT with a :path',
      [
        [':method', 'CONNECT'],
        [':authority', 'a'],
        [':path', '/'],
      ],
    ],
    ['a method that is not a token', [[':method', 'GE T'], ...base.slice(1)]],
  ])('finds %s malformed (RFC 9113 §8.1.1)', (_name, fields) => {
    expect(requestHead(fields).kind).toBe('malformed');
  });

  it('answers more fields than HTTP/1.1 takes as too large, and takes exactly that many', () => {
    const many = (n: number): Fields => [
      ...base,
      ...Array.from({ length: n }, (_, i): [string, string] => [`x-${i}`, 'v']),
    ];
    expect(requestHead(many(HTTP_LIMITS.maxHeaderCount)).kind).toBe('request');
    expect(requestHead(many(HTTP_LIMITS.maxHeaderCount + 1))).toEqual({ kind: 'too-large' });
    expect(requestHead([...base, ['x', 'v'.repeat(HTTP_LIMITS.maxHeaderBytes)]])).toEqual({
      kind: 'too-large',
    });
  });
});

describe('validTrailers', () => {
  it('takes regular fields and refuses pseudo-headers', () => {
    expect(validTrailers([['x-checksum', 'abc']])).toBe(true);
    expect(validTrailers([[':path', '/']])).toBe(false);
  });
});
