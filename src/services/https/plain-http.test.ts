import { describe, expect, it } from 'vitest';
import { httpPersona } from '../http/personas.js';
import { testPersona } from '../testing.js';
import { plainAnswer, plainRequest } from './plain-http.js';

const persona = (app: string) => httpPersona(testPersona({ hostname: 'web-02' }), app, () => undefined);

describe('plainRequest', () => {
  it.each([
    ['GET / HTTP/1.1\r\nHost: a\r\n\r\n', false, { kind: 'request', method: 'GET', target: '/' }],
    ['POST /x HTTP/1.0\n\n', false, { kind: 'request', method: 'POST', target: '/x' }],
    ['GET / HTTP/1.1\r\nHost: a\r\n', false, { kind: 'incomplete' }],
    ['GET / HTTP/1.1\r\nHost: a\r\n', true, { kind: 'request', method: 'GET', target: '/' }],
    ['GET / HTT', false, { kind: 'incomplete' }],
    ['GET / HTT', true, { kind: 'garbage' }],
    ['\x00\x01\x02\n', false, { kind: 'garbage' }],
    ['SSH-2.0-OpenSSH_9.6\r\n', false, { kind: 'garbage' }],
  ])('%j (full: %s) is %j', (input, full, expected) => {
    expect(plainRequest(Buffer.from(input, 'latin1'), full)).toEqual(expected);
  });
});

describe('plainAnswer', () => {
  const request = { kind: 'request', method: 'GET', target: '/' } as const;

  it("answers nginx's 497 page to a request and its usual 400 to garbage", () => {
    const answer = plainAnswer(persona('nginx'), request, 443);
    expect(answer.kind === 'reply' && answer.reply.body).toContain(
      '<center>The plain HTTP request was sent to HTTPS port</center>',
    );
    const garbage = plainAnswer(persona('nginx'), { kind: 'garbage' }, 443);
    expect(garbage.kind === 'reply' && garbage.reply.body).toContain('<title>400 Bad Request</title>');
  });

  it("answers mod_ssl's page naming the port to a request on Apache, and hangs up on garbage", () => {
    const answer = plainAnswer(persona('wordpress'), request, 8443);
    // HTTP/0.9 style: the page alone, no status line, as nmap's "SSL-only mode" match expects.
    expect(answer.kind === 'raw' && answer.bytes).toMatch(
      /^<!DOCTYPE HTML[\s\S]*speaking plain HTTP to an SSL-enabled server port[\s\S]*Server at web-02 Port 8443/,
    );
    expect(plainAnswer(persona('apache'), { kind: 'garbage' }, 443)).toEqual({ kind: 'close' });
  });

  it("answers Tomcat's and Go's one-line 400s, and hangs up as IIS, Jetty and mini_httpd do", () => {
    expect(plainAnswer(persona('tomcat'), request, 443)).toMatchObject({
      kind: 'raw',
      bytes: expect.stringContaining('This combination of host and port requires TLS.'),
    });
    expect(plainAnswer(persona('grafana'), request, 443)).toMatchObject({
      kind: 'raw',
      bytes: expect.stringContaining('Client sent an HTTP request to an HTTPS server.'),
    });
    for (const app of ['iis', 'jenkins', 'router']) {
      expect(plainAnswer(persona(app), request, 443)).toEqual({ kind: 'close' });
    }
  });

  it('escapes the hostname it puts in a page', () => {
    const p = httpPersona(testPersona({ hostname: '<x>' }), 'apache', () => undefined);
    const answer = plainAnswer(p, request, 443);
    expect(answer.kind === 'raw' && answer.bytes).toContain('Server at &#60;x&#62; Port 443');
  });
});
