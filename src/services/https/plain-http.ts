/**
 * A plain-text request on the HTTPS port, answered as the persona's server answers one on its TLS port:
 * nginx with its 497 page ("400 The plain HTTP request was sent to HTTPS port",
 * ngx_http_special_response.c), Apache with mod_ssl's "speaking plain HTTP to an SSL-enabled server
 * port" 400, Tomcat's JSSE connector and Go's net/http (Grafana) with their one-line 400s; IIS (HTTP.sys),
 * Jetty and the router's mini_httpd hang up without a word. Pure: bytes and persona in, bytes out.
 */
import type { Reply } from '../http/apps.js';
import { errorPage, escapeHtml } from '../http/error-pages.js';
import type { HttpPersona } from '../http/personas.js';

/** RFC 9112 §3: method SP request-target SP HTTP-version (a bare LF ends a line too, §2.2). */
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) HTTP\/\d\.\d\r?$/;
const LF = 0x0a;

export type PlainRequest =
  | { kind: 'incomplete' }
  /** A request head, whole or cut at the capture limit. */
  | { kind: 'request'; method: string; target: string }
  /** The first line is no HTTP request line. */
  | { kind: 'garbage' };

/** What the plain bytes so far amount to; `full`: no more will be read, so answer what is here. */
export function plainRequest(bytes: Buffer, full: boolean): PlainRequest {
  const lineEnd = bytes.indexOf(LF);
  if (lineEnd < 0) return full ? { kind: 'garbage' } : { kind: 'incomplete' };
  const match = REQUEST_LINE.exec(bytes.subarray(0, lineEnd).toString('latin1'));
  if (match === null) return { kind: 'garbage' };
  const headEnded = bytes.includes('\r\n\r\n') || bytes.includes('\n\n');
  if (!headEnded && !full) return { kind: 'incomplete' };
  return { kind: 'request', method: match[1] as string, target: match[2] as string };
}

/** How the server answers: a reply to serialise with the persona's headers, raw bytes, or a hang-up. */
export type PlainAnswer =
  | { kind: 'reply'; reply: Reply }
  /** Bytes written as they are; `bodyBytes` of them are the body (for `http_access`). */
  | { kind: 'raw'; bytes: string; status: number; bodyBytes: number }
  | { kind: 'close' };

/** nginx's ngx_http_error_497_page with its full tail (server_tokens on). */
function nginx497(persona: HttpPersona): Reply {
  const body =
    '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n' +
    '<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n' +
    `<hr><center>${persona.server ?? 'nginx'}</center>\r\n</body>\r\n</html>\r\n`;
  return { status: 400, headers: [], contentType: 'text/html', body, isStatic: false };
}

/**
 * mod_ssl's answer: ssl_io_filter_error fakes the request line `GET /` (HTTP/0.9, HTTP_ON_HTTPS_PORT) and
 * ssl_hook_ReadReq fails it with 400 and its reason note, so the page goes out with no status line and no
 * headers (nmap's "SSL-only mode" match expects exactly that).
 */
function apachePlainHttp(persona: HttpPersona, port: number): PlainAnswer {
  const body =
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>400 Bad Request</title>\n</head><body>\n' +
    '<h1>Bad Request</h1>\n<p>Your browser sent a request that this server could not understand.<br />\n' +
    "Reason: You're speaking plain HTTP to an SSL-enabled server port.<br />\n" +
    ' Instead use the HTTPS scheme to access this URL, please.<br />\n</p>\n<hr>\n' +
    `<address>${persona.server ?? 'Apache'} Server at ${escapeHtml(persona.hostname)} Port ${port}</address>\n</body></html>\n`;
  return raw(body, Buffer.byteLength(body));
}

function raw(bytes: string, bodyBytes: number): PlainAnswer {
  return { kind: 'raw', bytes, status: 400, bodyBytes };
}

/** Tomcat 9's NIO/JSSE connector (TLSClientHelloExtractor, "requires TLS"): no reason phrase. */
const TOMCAT_BODY = 'Bad Request\nThis combination of host and port requires TLS.\n';
const TOMCAT_PLAIN_HTTP = `HTTP/1.1 400 \r\nContent-Type: text/plain;charset=UTF-8\r\nConnection: close\r\n\r\n${TOMCAT_BODY}`;
const TOMCAT_BODY_BYTES = Buffer.byteLength(TOMCAT_BODY);
/** Go's net/http (crypto/tls RecordHeaderError on an HTTP-looking record, server.go). */
const GO_BODY = 'Client sent an HTTP request to an HTTPS server.\n';
const GO_PLAIN_HTTP = `HTTP/1.0 400 Bad Request\r\n\r\n${GO_BODY}`;
const GO_BODY_BYTES = Buffer.byteLength(GO_BODY);

export function plainAnswer(persona: HttpPersona, request: PlainRequest, port: number): PlainAnswer {
  if (request.kind === 'incomplete') return { kind: 'close' };
  switch (persona.family) {
    case 'nginx':
      // nginx parses it as HTTP: a request gets the 497 page, a bad request line its usual 400.
      if (request.kind === 'request') return { kind: 'reply', reply: nginx497(persona) };
      return {
        kind: 'reply',
        reply: { ...errorPage(persona, 400, '/', 'GET'), status: 400, headers: [], isStatic: false },
      };
    case 'apache':
      // OpenSSL spots an HTTP request line (SSL_R_HTTP_REQUEST); anything else fails the handshake.
      return request.kind === 'request' ? apachePlainHttp(persona, port) : { kind: 'close' };
    case 'tomcat':
      return request.kind === 'request' ? raw(TOMCAT_PLAIN_HTTP, TOMCAT_BODY_BYTES) : { kind: 'close' };
    case 'grafana':
      return request.kind === 'request' ? raw(GO_PLAIN_HTTP, GO_BODY_BYTES) : { kind: 'close' };
    default:
      return { kind: 'close' };
  }
}
