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

export interface SerializedResponse {
  bytes: Buffer;
  bodyBytes: number;
}

/** A response already on the wire once, and what it was made from. */
interface SentResponse extends SerializedResponse {
  status: number;
  contentType: string;
  isStatic: boolean;
  headers: readonly (readonly [string, string])[];
  date: string;
  lastModifiedMs: number;
  extraHeaders: ResponseOptions['extraHeaders'];
}

/**
 * The last response sent per persona, body and (HEAD, close): a scanner or a brute-forcer gets the same
 * page thousands of times a second, and only the Date changes, once a second. Keyed by the encoded
 * body, so only the bounded set of constant pages (`encoded`) is kept; emptied when full.
 */
const sent = new WeakMap<HttpPersona, Map<Buffer, (SentResponse | undefined)[]>>();

function sameHeaders(
  a: readonly (readonly [string, string])[],
  b: readonly (readonly [string, string])[],
): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as readonly [string, string];
    const y = b[i] as readonly [string, string];
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}

function matches(hit: SentResponse, reply: Reply, o: ResponseOptions): boolean {
  return (
    hit.status === reply.status &&
    hit.date === o.date &&
    hit.contentType === reply.contentType &&
    hit.isStatic === reply.isStatic &&
    hit.lastModifiedMs === o.lastModifiedMs &&
    hit.extraHeaders === o.extraHeaders &&
    sameHeaders(hit.headers, reply.headers)
  );
}

/** The response as bytes. The Buffer may be shared with other connections: never modify it. */
export function serializeResponse(reply: Reply, o: ResponseOptions): SerializedResponse {
  const body = encodeBody(reply.body);
  const constant = encoded.get(reply.body) === body;
  let byBody = constant ? sent.get(o.persona) : undefined;
  const variant = (o.head ? 2 : 0) + (o.close ? 1 : 0);
  const hit = byBody?.get(body)?.[variant];
  if (hit !== undefined && matches(hit, reply, o)) return hit;

  const { headers } = responseFields(reply, o);
  let text = `HTTP/1.1 ${reply.status} ${REASONS[reply.status] ?? 'Error'}\r\n`;
  for (const [n, v] of headers) text += `${n}: ${v}\r\n`;
  const head = Buffer.from(`${text}\r\n`, 'latin1');
  const out = { bytes: o.head ? head : Buffer.concat([head, body]), bodyBytes: o.head ? 0 : body.length };
  if (constant) {
    if (byBody === undefined) {
      byBody = new Map();
      sent.set(o.persona, byBody);
    }
    let variants = byBody.get(body);
    if (variants === undefined) {
      if (byBody.size >= MAX_ENCODED_BODIES) byBody.clear();
      variants = [];
      byBody.set(body, variants);
    }
    variants[variant] = {
      ...out,
      status: reply.status,
      contentType: reply.contentType,
      isStatic: reply.isStatic,
      headers: reply.headers.map(([n, v]) => [n, v] as const),
      date: o.date,
      lastModifiedMs: o.lastModifiedMs,
      extraHeaders: o.extraHeaders,
    };
  }
  return out;
}
