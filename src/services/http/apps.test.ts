import { describe, expect, it } from 'vitest';
import { testPersona } from '../testing.js';
import { route } from './apps.js';
import type { RequestCredential } from './credentials.js';
import { type FakeApp, httpPersona } from './personas.js';
import { serializeResponse } from './response.js';

const lookup = () => 'Apache/2.4.41 (Ubuntu)';
const persona = (app: FakeApp | 'auto', osProfile = 'linux') =>
  httpPersona(testPersona({ osProfile }), app, lookup);
const form = (user: string): RequestCredential => ({
  source: 'form',
  credential: { principal: user, secret: 'x', kind: 'plaintext', outcome: 'failure' },
});
const input = (method: string, path: string, credential: RequestCredential | null = null) => ({
  method,
  path,
  credential,
  customBody: null,
});

describe('httpPersona', () => {
  it.each([
    ['auto', 'linux', 'apache', 'Apache/2.4.41 (Ubuntu)'],
    ['auto', 'windows_server', 'iis', 'Microsoft-IIS/10.0'],
    ['nginx', 'linux', 'nginx', 'nginx/1.24.0 (Ubuntu)'],
    ['wordpress', 'linux', 'wordpress', 'Apache/2.4.41 (Ubuntu)'],
    ['tomcat', 'linux', 'tomcat', null],
  ] as const)('%s on %s answers as %s with Server %s', (app, os, expected, server) => {
    expect(persona(app, os)).toMatchObject({ app: expected, server });
  });
});

describe('route', () => {
  it('refuses methods other than GET and HEAD on a static page with 405', () => {
    const reply = route(persona('apache'), input('DELETE', '/'));
    expect(reply.status).toBe(405);
    expect(reply.body).toContain('The requested method DELETE is not allowed for this URL.');
  });

  it('fails a WordPress login naming the user, escaped', () => {
    const reply = route(persona('wordpress'), input('POST', '/wp-login.php', form('<b>x')));
    expect(reply.body).toContain(
      'The password you entered for the username <strong>&#60;b&#62;x</strong> is incorrect.',
    );
  });

  it('fails a phpMyAdmin login as MySQL access denied', () => {
    const reply = route(persona('phpmyadmin'), input('POST', '/index.php', form('root')));
    expect(reply.body).toContain('Access denied for user &#039;root&#039;@&#039;localhost&#039;');
  });

  it.each([
    ['router', '/', 401, 'Basic realm="Router Admin"'],
    ['tomcat', '/manager/html', 401, 'Basic realm="Tomcat Manager Application"'],
  ] as const)('%s asks for Basic auth at %s', (app, path, status, challenge) => {
    const reply = route(persona(app), input('GET', path));
    expect(reply.status).toBe(status);
    expect(reply.headers).toContainEqual(['WWW-Authenticate', challenge]);
  });

  it.each([
    ['grafana', 'GET', '/', 302],
    ['grafana', 'GET', '/login', 200],
    ['grafana', 'POST', '/login', 401],
    ['jenkins', 'GET', '/', 403],
    ['jenkins', 'GET', '/login', 200],
    ['jenkins', 'POST', '/j_spring_security_check', 302],
    ['wordpress', 'GET', '/wp-admin/', 302],
  ] as const)('%s answers %s %s with %i', (app, method, path, status) => {
    expect(route(persona(app), input(method, path)).status).toBe(status);
  });
});

describe('serializeResponse', () => {
  const options = (close: boolean, head = false) => ({
    persona: persona('nginx'),
    date: 'Fri, 27 Nov 2026 00:00:00 GMT',
    lastModifiedMs: 0,
    head,
    close,
    extraHeaders: [['X-Extra', '1']] as const,
  });
  it('writes nginx headers in nginx order with a keep-alive Connection', () => {
    const reply = route(persona('nginx'), input('GET', '/'));
    const text = serializeResponse(reply, options(false)).bytes.toString('latin1');
    expect(text.split('\r\n').slice(0, 4)).toEqual([
      'HTTP/1.1 200 OK',
      'Server: nginx/1.24.0 (Ubuntu)',
      'Date: Fri, 27 Nov 2026 00:00:00 GMT',
      'Content-Type: text/html',
    ]);
    expect(text).toContain('Connection: keep-alive\r\n');
    expect(text).toContain('X-Extra: 1\r\n\r\n');
  });
  it('reuses a constant page only while the Date, the close and the reply stay the same', () => {
    const nginx = persona('nginx');
    const extraHeaders = [['X-Extra', '1']] as const;
    const o = (date: string, close: boolean) => ({
      persona: nginx,
      date,
      lastModifiedMs: 0,
      head: false,
      close,
      extraHeaders,
    });
    const reply = route(nginx, input('GET', '/'));
    const first = serializeResponse(reply, o('Fri, 27 Nov 2026 00:00:00 GMT', false));
    expect(serializeResponse({ ...reply }, o('Fri, 27 Nov 2026 00:00:00 GMT', false)).bytes).toBe(
      first.bytes,
    );
    const later = serializeResponse(reply, o('Fri, 27 Nov 2026 00:00:01 GMT', false)).bytes.toString(
      'latin1',
    );
    expect(later).toContain('Date: Fri, 27 Nov 2026 00:00:01 GMT\r\n');
    const closing = serializeResponse(reply, o('Fri, 27 Nov 2026 00:00:01 GMT', true)).bytes.toString(
      'latin1',
    );
    expect(closing).toContain('Connection: close\r\n');
    const withHeader = { ...reply, headers: [['Set-Cookie', 'a=1'] as const] };
    const cookie = serializeResponse(withHeader, o('Fri, 27 Nov 2026 00:00:01 GMT', false));
    expect(cookie.bytes.toString('latin1')).toContain('Set-Cookie: a=1\r\n');
    const notFound = { ...reply, status: 404 };
    expect(
      serializeResponse(notFound, o('Fri, 27 Nov 2026 00:00:01 GMT', false)).bytes.toString('latin1'),
    ).toMatch(/^HTTP\/1\.1 404 /);
  });
  it('sends no body to HEAD but the GET length', () => {
    const reply = route(persona('nginx'), input('HEAD', '/'));
    const out = serializeResponse(reply, options(true, true));
    expect(out.bodyBytes).toBe(0);
    expect(out.bytes.toString('latin1')).toMatch(
      new RegExp(`Content-Length: ${Buffer.byteLength(reply.body)}\r\n[\\s\\S]*\r\n\r\n$`),
    );
  });
});
