/**
 * A plain web server's answer to one request: the default page at `/`, the server's own 404 page
 * elsewhere, its 400 page for anything that is not an HTTP/1.x request line; then the connection closes.
 * The server software is chosen once per decky from what its OS family runs. A full HTTP emulator
 * (request events, fingerprints, fake apps) replaces this.
 */

import type { DeckyPersona } from '../service.js';
import { isWindows } from '../shared/persona.js';
import { seededRandom } from '../shared/seeded-random.js';

type ServerFamily = 'nginx' | 'apache' | 'iis' | 'plain';

export interface HttpServerPersona {
  /** The Server header. */
  server: string;
  /** Whose error pages and header order to imitate. */
  family: ServerFamily;
  /** Named in Apache's error-page signature. */
  hostname: string;
}

/** A distro's usual Server header, from the distro catalogue, when it has one. */
export type HttpServerLookup = (distro: string) => string | undefined;

/** Stock Server headers for a distro the catalogue does not know: default `server_tokens`, `ServerTokens Prod`. */
const UNIX_SERVERS = ['nginx/1.24.0', 'nginx/1.22.1', 'nginx', 'Apache'] as const;
const WINDOWS_SERVERS = ['Microsoft-IIS/10.0'] as const;

function familyOf(server: string): ServerFamily {
  if (server.startsWith('nginx')) return 'nginx';
  if (server.startsWith('Apache')) return 'apache';
  if (server.startsWith('Microsoft-IIS')) return 'iis';
  return 'plain';
}

export function httpServerPersona(persona: DeckyPersona, lookup?: HttpServerLookup): HttpServerPersona {
  const fromCatalogue = lookup?.(persona.distro);
  const server =
    fromCatalogue !== undefined && /^[\x21-\x7e][\x20-\x7e]*$/.test(fromCatalogue)
      ? fromCatalogue
      : seededRandom(persona.seed, 'http.server').pick(isWindows(persona) ? WINDOWS_SERVERS : UNIX_SERVERS);
  return { server, family: familyOf(server), hostname: persona.hostname };
}

const REASONS = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found' } as const;
type Status = keyof typeof REASONS;

/** `METHOD SP request-target SP HTTP/1.x` (RFC 9112 §3), first line only. */
const REQUEST_LINE = /^([A-Z]{1,16}) (\S{1,2048}) HTTP\/1\.[01]\r?$/;

function nginxPage(status: Status, server: string): string {
  if (status === 200) {
    return (
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n' +
      '<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\n' +
      'working. Further configuration is required.</p>\n</body>\n</html>\n'
    );
  }
  const title = `${status} ${REASONS[status]}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`
  );
}

function apachePage(status: Status, persona: HttpServerPersona): string {
  if (status === 200) return '<html><body><h1>It works!</h1></body></html>\n';
  const detail =
    status === 404
      ? 'The requested URL was not found on this server.'
      : 'Your browser sent a request that this server could not understand.<br />';
  return (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n' +
    `<title>${status} ${REASONS[status]}</title>\n</head><body>\n<h1>${REASONS[status]}</h1>\n` +
    `<p>${detail}</p>\n<hr>\n<address>${persona.server} Server at ${persona.hostname} Port 80</address>\n` +
    '</body></html>\n'
  );
}

function iisPage(status: Status): string {
  if (status === 200) {
    return (
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
      '<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head>\r\n<title>IIS Windows Server</title>\r\n</head>\r\n' +
      '<body>\r\n<div id="container">\r\n<a href="http://go.microsoft.com/fwlink/?linkid=66138&amp;clcid=0x409">' +
      '<img src="iisstart.png" alt="IIS" width="960" height="600" /></a>\r\n</div>\r\n</body>\r\n</html>'
    );
  }
  if (status === 400) {
    return (
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n' +
      '<HTML><HEAD><TITLE>Bad Request</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n' +
      '<BODY><h2>Bad Request - Invalid URL</h2>\r\n<hr><p>HTTP Error 400. The request URL is invalid.</p>\r\n</BODY></HTML>\r\n'
    );
  }
  return (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head>\r\n<title>404 - File or directory not found.</title>\r\n</head>\r\n' +
    '<body>\r\n<div id="header"><h1>Server Error</h1></div>\r\n<div id="content">\r\n' +
    '<h2>404 - File or directory not found.</h2>\r\n<h3>The resource you are looking for might have been removed, ' +
    'had its name changed, or is temporarily unavailable.</h3>\r\n</div>\r\n</body>\r\n</html>\r\n'
  );
}

/** Servers without a page of their own here (lighttpd, embedded, IOS): the bare minimum. */
function plainPage(status: Status): string {
  const title = status === 200 ? 'Index' : `${status} ${REASONS[status]}`;
  return `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
}

function page(persona: HttpServerPersona, status: Status): { body: string; type: string } {
  switch (persona.family) {
    case 'nginx':
      return { body: nginxPage(status, persona.server), type: 'text/html' };
    case 'apache':
      return {
        body: apachePage(status, persona),
        type: status === 200 ? 'text/html' : 'text/html; charset=iso-8859-1',
      };
    case 'iis':
      return { body: iisPage(status), type: status === 400 ? 'text/html; charset=us-ascii' : 'text/html' };
    case 'plain':
      return { body: plainPage(status), type: 'text/html' };
  }
}

/** The whole response to `request` (the head as captured, possibly cut), at time `nowMs`. */
export function httpResponse(persona: HttpServerPersona, request: Buffer, nowMs: number): Buffer {
  const end = request.indexOf(0x0a);
  const firstLine = request.subarray(0, end < 0 ? request.length : end).toString('latin1');
  const match = REQUEST_LINE.exec(firstLine);
  const method = match?.[1];
  const target = match?.[2];
  let status: Status = 400;
  if (method !== undefined) {
    status =
      (method === 'GET' || method === 'HEAD') && (target === '/' || target === '/index.html') ? 200 : 404;
  }
  const { body, type } = page(persona, status);
  const bodyBytes = Buffer.from(body, 'latin1');
  const date = new Date(nowMs).toUTCString();
  // Each server's own header order: nginx Server first, Apache Date first, IIS Content-Type first.
  const headers =
    persona.family === 'nginx' || persona.family === 'plain'
      ? [
          `Server: ${persona.server}`,
          `Date: ${date}`,
          `Content-Type: ${type}`,
          `Content-Length: ${bodyBytes.length}`,
        ]
      : persona.family === 'apache'
        ? [
            `Date: ${date}`,
            `Server: ${persona.server}`,
            `Content-Length: ${bodyBytes.length}`,
            `Content-Type: ${type}`,
          ]
        : [
            `Content-Type: ${type}`,
            `Server: ${persona.server}`,
            `Date: ${date}`,
            `Content-Length: ${bodyBytes.length}`,
          ];
  const head = `HTTP/1.1 ${status} ${REASONS[status]}\r\n${headers.join('\r\n')}\r\nConnection: close\r\n\r\n`;
  return method === 'HEAD'
    ? Buffer.from(head, 'latin1')
    : Buffer.concat([Buffer.from(head, 'latin1'), bodyBytes]);
}

/** Per decky: the answer to each connection's request. */
export function httpResponder(
  persona: DeckyPersona,
  now: () => number,
  lookup?: HttpServerLookup,
): (request: Buffer) => Buffer {
  const server = httpServerPersona(persona, lookup);
  return (request) => httpResponse(server, request, now());
}
