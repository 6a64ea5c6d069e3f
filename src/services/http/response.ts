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

export function serializeResponse(reply: Reply, o: ResponseOptions): { bytes: Buffer; bodyBytes: number } {
  const body = encodeBody(reply.body);
  const lines: string[] = [`HTTP/1.1 ${reply.status} ${REASONS[reply.status] ?? 'Error'}`];
  const server = o.persona.server === null ? [] : [`Server: ${o.persona.server}`];
  const type = `Content-Type: ${reply.contentType}`;
  const length = `Content-Length: ${body.length}`;
  const cache = reply.isStatic
    ? [
        `Last-Modified: ${new Date(o.lastModifiedMs).toUTCString()}`,
        `ETag: ${etag(o.persona, body.length, o.lastModifiedMs)}`,
      ]
    : [];
  const app = [...o.persona.appHeaders, ...reply.headers].map(([n, v]) => `${n}: ${v}`);
  const extra = o.extraHeaders.map(([n, v]) => `${n}: ${v}`);
  switch (o.persona.family) {
    case 'nginx':
      lines.push(
        ...server,
        `Date: ${o.date}`,
        type,
        length,
        ...cache,
        `Connection: ${o.close ? 'close' : 'keep-alive'}`,
        ...app,
      );
      if (reply.isStatic) lines.push('Accept-Ranges: bytes');
      break;
    case 'iis':
      lines.push(
        type,
        ...cache,
        ...(reply.isStatic ? ['Accept-Ranges: bytes'] : []),
        ...server,
        ...app,
        `Date: ${o.date}`,
      );
      if (o.close) lines.push('Connection: close');
      lines.push(length);
      break;
    case 'apache':
      lines.push(
        `Date: ${o.date}`,
        ...server,
        ...app,
        ...cache,
        ...(reply.isStatic ? ['Accept-Ranges: bytes', 'Vary: Accept-Encoding'] : []),
        length,
      );
      lines.push(
        o.close ? 'Connection: close' : 'Keep-Alive: timeout=5, max=100',
        ...(o.close ? [] : ['Connection: Keep-Alive']),
        type,
      );
      break;
    default:
      lines.push(...server, ...app, type, length, `Date: ${o.date}`);
      if (o.close) lines.push('Connection: close');
  }
  lines.push(...extra, '', '');
  const head = Buffer.from(lines.join('\r\n'), 'latin1');
  return { bytes: o.head ? head : Buffer.concat([head, body]), bodyBytes: o.head ? 0 : body.length };
}
