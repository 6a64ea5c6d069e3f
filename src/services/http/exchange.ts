/**
 * One request answered, whatever carried it (HTTP/1.1 on a socket or over TLS, an HTTP/2 stream): the
 * `request` event with its credential, the `http_request_fingerprint` (JA4H, header order), the
 * persona's reply, and after it is sent the `http_access` line. Transports parse and write; this
 * decides and logs.
 */
import { credentialFields } from '../../events/credential.js';
import { type Reply, route } from './apps.js';
import type { HttpShared } from './connection.js';
import { formFields, requestCredential } from './credentials.js';
import { requestFingerprint } from './fingerprint.js';
import { HTTP_LIMITS } from './limits.js';
import { type HttpHeader, headerValue } from './parser.js';

export type HttpProto = 'h1' | 'h2';

/** A request as any transport hands it over. */
export interface HttpExchangeRequest {
  method: string;
  /** The request target as sent (`:path` in HTTP/2). */
  target: string;
  /** What JA4H reads as the version: '1.0', '1.1' or '2'. */
  version: '1.0' | '1.1' | '2';
  /** Regular headers in wire order (HTTP/2 pseudo-headers left out), names as sent. */
  headers: readonly HttpHeader[];
  /** The body's first HTTP_LIMITS.maxKeptBodyBytes bytes. */
  body: Buffer;
}

/** Logs the request and its fingerprint and returns the persona's reply to it. */
export function answerRequest(
  shared: HttpShared,
  request: HttpExchangeRequest,
  remote: string,
  proto: HttpProto,
): Reply {
  const { ctx } = shared;
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  const fields = request.body.length > 0 ? formFields(contentType, request.body) : undefined;
  const credential = requestCredential(request.headers, request.body, fields);
  const body =
    request.body.length === 0
      ? undefined
      : request.body
          .subarray(0, HTTP_LIMITS.maxLoggedBodyChars * 4)
          .toString('utf8')
          .slice(0, HTTP_LIMITS.maxLoggedBodyChars);
  ctx.emit('request', {
    method: request.method,
    path: request.target,
    remote_addr: remote,
    headers: headersJson(request.headers),
    ...(body === undefined ? {} : { body }),
    ...(credential === null ? {} : credentialFields(credential.credential)),
  });
  const fingerprint = requestFingerprint(request.method, request.version, request.headers);
  const cookie = headerValue(request.headers, 'cookie');
  const language = headerValue(request.headers, 'accept-language');
  ctx.emit('http_request_fingerprint', {
    remote_addr: remote,
    proto,
    method: request.method,
    path: request.target,
    ja4h: fingerprint.ja4h,
    ja4h_foxio: fingerprint.ja4hFoxio,
    headers_ordered: fingerprint.headersOrdered,
    ...(cookie === undefined ? {} : { cookie }),
    ...(language === undefined ? {} : { accept_language: language }),
  });
  const query = request.target.indexOf('?');
  const path = query < 0 ? request.target : request.target.slice(0, query);
  return route(shared.persona, { method: request.method, path, credential, customBody: shared.customBody });
}

/** The access-log line of a response that has been sent. */
export function logAccess(
  shared: HttpShared,
  remote: string,
  request: { method: string; target: string },
  proto: HttpProto,
  status: number,
  bytes: number,
): void {
  shared.ctx.emit('http_access', {
    remote_addr: remote,
    method: request.method,
    path: request.target,
    proto,
    status,
    bytes,
  });
}

/** Header names and values as one JSON object in wire order; repeated names are joined (RFC 9110 §5.3). */
export function headersJson(headers: readonly HttpHeader[]): string {
  const merged = new Map<string, string>();
  for (const [name, value] of headers) {
    const seen = merged.get(name);
    merged.set(name, seen === undefined ? value : `${seen}, ${value}`);
  }
  const parts: string[] = [];
  for (const [name, value] of merged) parts.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
  return `{${parts.join(',')}}`;
}

/** `ip:port`, bracketed for IPv6, as access logs write a client. */
export function remoteAddress(peer: { ip: string; port: number }): string {
  return peer.ip.includes(':') ? `[${peer.ip}]:${peer.port}` : `${peer.ip}:${peer.port}`;
}
