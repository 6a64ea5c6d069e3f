/** One response on the wire, with the persona's headers in its server's order (RFC 9112 §4, §6). */
import type { Reply } from './apps.js';
import { REASONS } from './error-pages.js';
import type { HttpPersona } from './personas.js';

export interface ResponseOptions {
  persona: HttpPersona;
  date: string;
  /** Last-Modified of the static pages: the decky's install time. */
  lastModifiedMs: number;
  head: boolean;
  close: boolean;
  extraHeaders: readonly (readonly [string, string])[];
}

/** Encoded page bodies: most replies are one of a few constant pages. Bounded: emptied when full. */
const encoded = new Map<string, Buffer>();
const MAX_ENCODED_BODIES = 256;

function encodeBody(body: string): Buffer {
  const hit = encoded.get(body);
  if (hit !== undefined) return hit;
  const bytes = Buffer.from(body, 'utf8');
  // Pages that echo attacker text (a user name, a path) are many and used once: not worth keeping.
  if (body.length <= 64 * 1024) {
    if (encoded.size >= MAX_ENCODED_BODIES) encoded.clear();
    encoded.set(body, bytes);
  }
  return bytes;
}

function etag(persona: HttpPersona, size: number, mtimeMs: number): string {
  if (persona.family === 'nginx') return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
  if (persona.family === 'iis') return `"${(mtimeMs * 10_000).toString(16)}:0"`;
  return `"${size.toString(16)}-${(mtimeMs * 1000).toString(16)}"`;
}

/** Headers as [name, value] in the persona's order, and the encoded body. */
export interface ResponseFields {
  headers: [string, string][];
  body: Buffer;
}

/**
 * The response's headers in its server's order. HTTP/2 (`o.h2`) carries no connection-specific
 * headers (RFC 9113 §8.2.2): Connection and Keep-Alive are left out, the rest keep their place.
 */
export function responseFields(reply: Reply, o: ResponseOptions & { h2?: boolean }): ResponseFields {
  const body = encodeBody(reply.body);
  const h: [string, string][] = [];
  const server = (): void => {
    if (o.persona.server !== null) h.push(['Server', o.persona.server]);
  };
  const app = (): void => {
    for (const [n, v] of o.persona.appHeaders) h.push([n, v]);
    for (const [n, v] of reply.headers) h.push([n, v]);
  };
  const cache = (): void => {
    if (!reply.isStatic) return;
    h.push(['Last-Modified', new Date(o.lastModifiedMs).toUTCString()]);
    h.push(['ETag', etag(o.persona, body.length, o.lastModifiedMs)]);
  };
  const connection = (value: string): void => {
    if (!o.h2) h.push(['Connection', value]);
  };
  const type = (): number => h.push(['Content-Type', reply.contentType]);
  const length = (): number => h.push(['Content-Length', String(body.length)]);
  const date = (): number => h.push(['Date', o.date]);
  switch (o.persona.family) {
    case 'nginx':
      server();
      date();
      type();
      length();
      cache();
      connection(o.close ? 'close' : 'keep-alive');
      app();
      if (reply.isStatic) h.push(['Accept-Ranges', 'bytes']);
      break;
    case 'iis':
      type();
      cache();
      if (reply.isStatic) h.push(['Accept-Ranges', 'bytes']);
      server();
      app();
      date();
      if (o.close) connection('close');
      length();
      break;
    case 'apache':
      date();
      server();
      app();
      cache();
      if (reply.isStatic) h.push(['Accept-Ranges', 'bytes'], ['Vary', 'Accept-Encoding']);
      length();
      if (o.close) connection('close');
      else if (!o.h2) h.push(['Keep-Alive', 'timeout=5, max=100'], ['Connection', 'Keep-Alive']);
      type();
      break;
    default:
      server();
      app();
      type();
      length();
      date();
      if (o.close) connection('close');
  }
  for (const [n, v] of o.extraHeaders) h.push([n, v]);
  return { headers: h, body };
}

export function serializeResponse(reply: Reply, o: ResponseOptions): { bytes: Buffer; bodyBytes: number } {
  const { headers, body } = responseFields(reply, o);
  let text = `HTTP/1.1 ${reply.status} ${REASONS[reply.status] ?? 'Error'}\r\n`;
  for (const [n, v] of headers) text += `${n}: ${v}\r\n`;
  const head = Buffer.from(`${text}\r\n`, 'latin1');
  return { bytes: o.head ? head : Buffer.concat([head, body]), bodyBytes: o.head ? 0 : body.length };
}
