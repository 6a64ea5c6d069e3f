/**
 * Each server family's own error pages, byte for byte as its default configuration writes them: Apache's
 * `ap_send_error_response`, nginx's `ngx_http_error_pages`, IIS's custom errors, Tomcat's ErrorReportValve
 * and Jetty's ErrorHandler.
 */
import type { HttpPersona } from './personas.js';

export const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
};

export interface Page {
  contentType: string;
  body: string;
}

/** Attacker text shown in a page (a path, a method, a user name). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const APACHE_DETAIL: Readonly<Record<number, (path: string, method: string) => string>> = {
  400: () => 'Your browser sent a request that this server could not understand.<br />\n',
  401: () =>
    "This server could not verify that you\nare authorized to access the document\nrequested.  Either you supplied the wrong\ncredentials (e.g., bad password), or your\nbrowser doesn't understand how to supply\nthe credentials required.",
  403: () => "You don't have permission to access this resource.",
  404: () => 'The requested URL was not found on this server.',
  405: (_path, method) => `The requested method ${escapeHtml(method)} is not allowed for this URL.`,
  413: (path, method) =>
    `The requested resource<br />${escapeHtml(path)}<br />\ndoes not allow request data with ${escapeHtml(method)} requests, or the amount of data provided in\nthe request exceeds the capacity limit.`,
  414: () => "The requested URL's length exceeds the capacity\nlimit for this server.<br />\n",
  431: () =>
    'Your browser sent a request that this server could not understand.<br />\nSize of a request header field exceeds server limit.<br />\n',
};

function reason(status: number): string {
  return REASONS[status] ?? 'Error';
}

function apache(persona: HttpPersona, status: number, path: string, method: string): Page {
  const detail = APACHE_DETAIL[status]?.(path, method) ?? 'The server encountered an error.';
  return {
    contentType: 'text/html; charset=iso-8859-1',
    body:
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n' +
      `<title>${status} ${reason(status)}</title>\n</head><body>\n<h1>${reason(status)}</h1>\n<p>${detail}</p>\n<hr>\n` +
      `<address>${persona.server ?? 'Apache'} Server at ${escapeHtml(persona.hostname)} Port ${persona.port ?? 80}</address>\n</body></html>\n`,
  };
}

function nginx(persona: HttpPersona, status: number): Page {
  // nginx names 405 "Not Allowed" and 413 "Request Entity Too Large" in its pages.
  const title = `${status} ${status === 405 ? 'Not Allowed' : status === 413 ? 'Request Entity Too Large' : status === 414 ? 'Request-URI Too Large' : reason(status)}`;
  return {
    contentType: 'text/html',
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${persona.server ?? 'nginx'}</center>\r\n</body>\r\n</html>\r\n`,
  };
}

const IIS_TEXT: Readonly<Record<number, [string, string]>> = {
  401: [
    '401 - Unauthorized: Access is denied due to invalid credentials.',
    'You do not have permission to view this directory or page using the credentials that you supplied.',
  ],
  403: [
    '403 - Forbidden: Access is denied.',
    'You do not have permission to view this directory or page using the credentials that you supplied.',
  ],
  404: [
    '404 - File or directory not found.',
    'The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.',
  ],
  405: [
    '405 - HTTP verb used to access this page is not allowed.',
    'The page you are looking for cannot be displayed because an invalid method (HTTP verb) was used to attempt access.',
  ],
};

function iis(status: number): Page {
  const text = IIS_TEXT[status];
  if (text === undefined) {
    // http.sys answers malformed requests itself, before IIS.
    return {
      contentType: 'text/html; charset=us-ascii',
      body:
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n' +
        `<HTML><HEAD><TITLE>${reason(status)}</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n` +
        `<BODY><h2>${reason(status)}</h2>\r\n<hr><p>HTTP Error ${status}. The request is invalid.</p>\r\n</BODY></HTML>\r\n`,
    };
  }
  return {
    contentType: 'text/html',
    body:
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
      `<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>\r\n<title>${text[0]}</title>\r\n</head>\r\n` +
      `<body>\r\n<div id="header"><h1>Server Error</h1></div>\r\n<div id="content">\r\n <div class="content-container"><fieldset>\r\n` +
      `  <h2>${text[0]}</h2>\r\n  <h3>${text[1]}</h3>\r\n </fieldset></div>\r\n</div>\r\n</body>\r\n</html>\r\n`,
  };
}

function tomcat(status: number, path: string): Page {
  const message =
    status === 404
      ? 'The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.'
      : 'The server cannot or will not process the request due to something that is perceived to be a client error.';
  return {
    contentType: 'text/html;charset=utf-8',
    body:
      `<!doctype html><html lang="en"><head><title>HTTP Status ${status} – ${reason(status)}</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}</style></head>` +
      `<body><h1>HTTP Status ${status} – ${reason(status)}</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Message</b> ${escapeHtml(path)}</p><p><b>Description</b> ${message}</p><hr class="line" /><h3>Apache Tomcat/9.0.85</h3></body></html>`,
  };
}

function jetty(status: number, path: string): Page {
  return {
    contentType: 'text/html;charset=iso-8859-1',
    body:
      `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error ${status} ${reason(status)}</title>\n</head>\n` +
      `<body><h2>HTTP ERROR ${status} ${reason(status)}</h2>\n<table>\n<tr><th>URI:</th><td>${escapeHtml(path)}</td></tr>\n<tr><th>STATUS:</th><td>${status}</td></tr>\n` +
      `<tr><th>MESSAGE:</th><td>${reason(status)}</td></tr>\n<tr><th>SERVLET:</th><td>Stapler</td></tr>\n</table>\n<hr/><a href="https://eclipse.org/jetty">Powered by Jetty:// 10.0.20</a><hr/>\n\n</body>\n</html>\n`,
  };
}

function plain(status: number): Page {
  const title = `${status} ${reason(status)}`;
  return {
    contentType: 'text/html; charset=UTF-8',
    body: `<HTML><HEAD><TITLE>${title}</TITLE></HEAD>\n<BODY BGCOLOR="#cc9999"><H4>${title}</H4>\n</BODY></HTML>\n`,
  };
}

/** The persona's page for an error `status` on `path`. */
export function errorPage(persona: HttpPersona, status: number, path: string, method: string): Page {
  switch (persona.family) {
    case 'apache':
      return apache(persona, status, path, method);
    case 'nginx':
      return nginx(persona, status);
    case 'iis':
      return iis(status);
    case 'tomcat':
      return tomcat(status, path);
    case 'jetty':
      return jetty(status, path);
    case 'grafana':
      return {
        contentType: 'application/json',
        body: `{"message":"${status === 404 ? 'Not found' : reason(status)}"}`,
      };
    case 'router':
      return plain(status);
  }
}
