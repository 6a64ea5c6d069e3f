/**
 * A decoded HTTP/2 header list as a request (RFC 9113 §8.3.1) or why it is malformed (§8.1.1): pseudo-
 * headers first and once each, lower-case names, no connection-specific fields (§8.2.2), values without
 * NUL/CR/LF or edge whitespace (§8.2.1), cookie crumbs joined again (§8.2.3). Pure.
 */
import type { HeaderField } from '../../../fingerprint/hpack.js';
import { HTTP_LIMITS } from '../limits.js';
import type { HttpHeader } from '../parser.js';

export interface Http2RequestHead {
  method: string;
  /** `:path`; for CONNECT, `:authority` (the request target of RFC 9110 §9.3.6). */
  target: string;
  /** Regular fields in wire order. */
  headers: HttpHeader[];
  /** The content-length field's value, or null without one. */
  contentLength: number | null;
}

export type Http2HeadResult =
  | { kind: 'request'; head: Http2RequestHead }
  /** Answered 431, as an HTTP/1.1 request over HTTP_LIMITS would be. */
  | { kind: 'too-large' }
  | { kind: 'malformed'; reason: string };

const REQUEST_PSEUDO = new Set([':method', ':scheme', ':authority', ':path']);
/** §8.2.2: fields that only mean something to one HTTP/1.1 connection; HTTP/2 carries none of them. */
export const CONNECTION_SPECIFIC_FIELDS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);
/** RFC 9110 §5.6.2 tchar without upper-case letters (§8.2.1). */
const LOWER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** §8.2.1: NUL, CR or LF anywhere, or whitespace at either end. */
const BAD_VALUE = /[\0\r\n]|^[ \t]|[ \t]$/;

function malformed(reason: string): Http2HeadResult {
  return { kind: 'malformed', reason };
}

export function requestHead(fields: readonly HeaderField[]): Http2HeadResult {
  const pseudo = new Map<string, string>();
  const headers: HttpHeader[] = [];
  let cookieAt = -1;
  let bytes = 0;
  for (const [name, value] of fields) {
    bytes += name.length + value.length + 4;
    if (name.startsWith(':')) {
      if (headers.length > 0) return malformed('pseudo-header after a regular field');
      if (!REQUEST_PSEUDO.has(name)) return malformed(`pseudo-header ${name} not allowed in a request`);
      if (pseudo.has(name)) return malformed(`${name} repeated`);
      pseudo.set(name, value);
      continue;
    }
    if (!LOWER_TOKEN.test(name)) return malformed('field name is not a lower-case token');
    if (BAD_VALUE.test(value)) return malformed('field value has NUL, CR, LF or edge whitespace');
    if (CONNECTION_SPECIFIC_FIELDS.has(name)) return malformed(`connection-specific field ${name}`);
    if (name === 'te' && value.toLowerCase() !== 'trailers') return malformed('te other than trailers');
    if (name === 'cookie') {
      if (cookieAt >= 0) {
        const [, earlier] = headers[cookieAt] as HttpHeader;
        headers[cookieAt] = ['cookie', `${earlier}; ${value}`];
        continue;
      }
      cookieAt = headers.length;
    }
    headers.push([name, value]);
    if (headers.length > HTTP_LIMITS.maxHeaderCount || bytes > HTTP_LIMITS.maxHeaderBytes) {
      return { kind: 'too-large' };
    }
  }
  const method = pseudo.get(':method');
  if (method === undefined || !METHOD.test(method)) return malformed('missing or invalid :method');
  let target: string;
  if (method === 'CONNECT') {
    const authority = pseudo.get(':authority');
    if (authority === undefined || pseudo.has(':scheme') || pseudo.has(':path'))
      return malformed('CONNECT needs :authority alone');
    target = authority;
  } else {
    const path = pseudo.get(':path');
    if (!pseudo.has(':scheme') || path === undefined || path === '')
      return malformed('missing :scheme or :path');
    if (BAD_VALUE.test(path) || path.includes(' ')) return malformed('invalid :path');
    target = path;
  }
  let contentLength: number | null = null;
  for (const [name, value] of headers) {
    if (name !== 'content-length') continue;
    if (!/^\d{1,15}$/.test(value)) return malformed('invalid content-length');
    const length = Number(value);
    if (contentLength !== null && contentLength !== length) return malformed('conflicting content-length');
    contentLength = length;
  }
  return { kind: 'request', head: { method, target, headers, contentLength } };
}

/** §8.1: a trailer section carries no pseudo-headers; its fields are read and dropped. */
export function validTrailers(fields: readonly HeaderField[]): boolean {
  return fields.every(([name, value]) => LOWER_TOKEN.test(name) && !BAD_VALUE.test(value));
}
