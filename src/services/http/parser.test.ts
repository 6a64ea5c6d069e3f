import { describe, expect, it } from 'vitest';
import { HTTP_LIMITS } from './limits.js';
import { type ParseResult, RequestParser } from './parser.js';

function parse(...chunks: string[]): ParseResult[] {
  const parser = new RequestParser();
  return chunks.flatMap((c) => parser.push(Buffer.from(c, 'latin1')));
}

function statuses(results: ParseResult[]): (number | string)[] {
  return results.map((r) => (r.kind === 'error' ? r.status : r.request.method));
}

describe('RequestParser', () => {
  it('keeps header names, case and order as sent', () => {
    const [r] = parse('GET /a?b=1 HTTP/1.1\r\nhost: x\r\nUser-Agent: curl\r\nACCEPT:  */* \r\n\r\n');
    expect(r).toMatchObject({
      kind: 'request',
      request: { method: 'GET', target: '/a?b=1', version: '1.1', keepAlive: true },
    });
    if (r?.kind === 'request')
      expect(r.request.headers).toEqual([
        ['host', 'x'],
        ['User-Agent', 'curl'],
        ['ACCEPT', '*/*'],
      ]);
  });

  it('tolerates bare LF and leading empty lines', () => {
    expect(statuses(parse('\r\n\nGET / HTTP/1.0\nHost: x\n\n'))).toEqual(['GET']);
  });

  it('completes a request split at every byte', () => {
    const text = 'POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello';
    const results = parse(...text.split(''));
    expect(results).toHaveLength(1);
    if (results[0]?.kind === 'request') expect(results[0].request.body.toString()).toBe('hello');
  });

  it('yields every pipelined request of one chunk', () => {
    expect(
      statuses(
        parse('GET / HTTP/1.1\r\n\r\nHEAD /x HTTP/1.1\r\n\r\nPUT /y HTTP/1.1\r\nContent-Length: 0\r\n\r\n'),
      ),
    ).toEqual(['GET', 'HEAD', 'PUT']);
  });

  it('de-chunks a chunked body and drops trailers', () => {
    const [r] = parse(
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n',
    );
    expect(r?.kind === 'request' && r.request.body.toString()).toBe('hello world');
  });

  it.each([
    ['HTTP/1.1 persists', 'GET / HTTP/1.1\r\n\r\n', true],
    ['Connection: close ends it', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', false],
    ['HTTP/1.0 ends it', 'GET / HTTP/1.0\r\n\r\n', false],
    ['HTTP/1.0 with keep-alive persists', 'GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n', true],
    [
      'TE with CL ends it (RFC 9112 §6.3)',
      'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      false,
    ],
  ])('%s', (_name, text, keepAlive) => {
    const [r] = parse(text);
    expect(r?.kind === 'request' && r.request.keepAlive).toBe(keepAlive);
  });

  const line = (n: number) => `GET /${'a'.repeat(n)} HTTP/1.1\r\n\r\n`;
  const headers = (count: number, size = 4) =>
    `GET / HTTP/1.1\r\n${Array.from({ length: count }, (_, i) => `X-${i}: ${'v'.repeat(size)}\r\n`).join('')}\r\n`;
  it.each([
    ['a request line at the limit', line(HTTP_LIMITS.maxRequestLineBytes - 20), 'GET'],
    ['a request line past the limit', line(HTTP_LIMITS.maxRequestLineBytes), 414],
    ['an unfinished request line past the limit', `GET /${'a'.repeat(HTTP_LIMITS.maxRequestLineBytes)}`, 414],
    ['100 headers', headers(HTTP_LIMITS.maxHeaderCount), 'GET'],
    ['101 headers', headers(HTTP_LIMITS.maxHeaderCount + 1), 431],
    ['headers past 16 KiB', headers(4, 4200), 431],
    [
      'a Content-Length past 1 MiB',
      `POST / HTTP/1.1\r\nContent-Length: ${HTTP_LIMITS.maxBodyBytes + 1}\r\n\r\n`,
      413,
    ],
    [
      'a chunk past 1 MiB',
      `POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${(HTTP_LIMITS.maxBodyBytes + 1).toString(16)}\r\n`,
      413,
    ],
    ['garbage', '\x16\x03\x01\x00\x00\r\n\r\n', 400],
    ['a header without a colon', 'GET / HTTP/1.1\r\nnope\r\n\r\n', 400],
    ['whitespace before the colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n', 400],
    ['obs-fold', 'GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n', 400],
    ['conflicting Content-Lengths', 'POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 400],
    ['a bad Content-Length', 'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', 400],
    ['an unknown transfer coding', 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 501],
    ['HTTP/2.0 on the h1 parser', 'GET / HTTP/2.0\r\n\r\n', 505],
    ['a bad chunk size', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
  ])('%s', (_name, text, expected) => {
    expect(statuses(parse(text))[0]).toBe(expected);
  });

  it('keeps only the first maxKeptBodyBytes of a large body but counts it all', () => {
    const size = HTTP_LIMITS.maxKeptBodyBytes + 1000;
    const [r] = parse(`POST / HTTP/1.1\r\nContent-Length: ${size}\r\n\r\n${'b'.repeat(size)}`);
    expect(r?.kind === 'request' && [r.request.body.length, r.request.bodyBytes]).toEqual([
      HTTP_LIMITS.maxKeptBodyBytes,
      size,
    ]);
  });

  it('stops after an error', () => {
    const parser = new RequestParser();
    expect(statuses(parser.push(Buffer.from('BAD\r\n\r\nGET / HTTP/1.1\r\n\r\n')))).toEqual([400]);
    expect(parser.push(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toEqual([]);
  });

  it('stops after a request the caller takes over, and hands it the bytes that followed', () => {
    const parser = new RequestParser();
    const results = parser.push(
      Buffer.from('GET /a HTTP/1.1\r\n\r\nGET /upgrade HTTP/1.1\r\n\r\nPRI * HTTP/2.0\r\n\r\nSM'),
      (request) => request.target === '/upgrade',
    );
    expect(results.map((r) => r.kind === 'request' && r.request.target)).toEqual(['/a', '/upgrade']);
    expect(parser.detach().toString('latin1')).toBe('PRI * HTTP/2.0\r\n\r\nSM');
    expect(parser.push(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toEqual([]);
  });
});
