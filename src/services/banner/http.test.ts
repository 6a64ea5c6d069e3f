import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock.js';
import { serveTcp, testPersona } from '../testing.js';
import { type HttpServerPersona, httpResponse, httpServerPersona } from './http.js';
import { bannerService } from './index.js';

const NOW = Date.UTC(2026, 4, 10, 12, 0, 1);
const nginx: HttpServerPersona = { server: 'nginx/1.24.0', family: 'nginx', hostname: 'web-01' };
const apache: HttpServerPersona = { server: 'Apache/2.4.62 (Debian)', family: 'apache', hostname: 'web-01' };

function parse(response: Buffer) {
  const text = response.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
  const headers = headerLines.map((l) => l.slice(0, l.indexOf(':')));
  const value = (name: string) => headerLines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
  return { statusLine, headers, value, body: text.slice(split + 4) };
}

describe('httpResponse', () => {
  it.each([
    ['GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'HTTP/1.1 200 OK'],
    ['GET /index.html HTTP/1.0\r\n\r\n', 'HTTP/1.1 200 OK'],
    ['GET /wp-login.php HTTP/1.1\r\n\r\n', 'HTTP/1.1 404 Not Found'],
    ['POST / HTTP/1.1\r\n\r\n', 'HTTP/1.1 404 Not Found'],
    ['\x16\x03\x01\x02\x00\x01', 'HTTP/1.1 400 Bad Request'],
    ['GET / HTTP/2.0\r\n\r\n', 'HTTP/1.1 400 Bad Request'],
    ['', 'HTTP/1.1 400 Bad Request'],
  ])('answers %j with %s', (req, statusLine) => {
    expect(parse(httpResponse(nginx, Buffer.from(req, 'latin1'), NOW)).statusLine).toBe(statusLine);
  });

  it("sends the server's header, a correct Content-Length and Connection: close", () => {
    const r = parse(httpResponse(nginx, Buffer.from('GET /x HTTP/1.1\r\n\r\n'), NOW));
    expect(r.headers).toEqual(['Server', 'Date', 'Content-Type', 'Content-Length', 'Connection']);
    expect(r.value('Server')).toBe('nginx/1.24.0');
    expect(r.value('Date')).toBe('Sun, 10 May 2026 12:00:01 GMT');
    expect(Number(r.value('Content-Length'))).toBe(Buffer.byteLength(r.body, 'latin1'));
    expect(r.body).toContain('<center>nginx/1.24.0</center>');
  });

  it("imitates Apache's header order and signed error page", () => {
    const r = parse(httpResponse(apache, Buffer.from('GET /admin HTTP/1.1\r\n\r\n'), NOW));
    expect(r.headers).toEqual(['Date', 'Server', 'Content-Length', 'Content-Type', 'Connection']);
    expect(r.body).toContain('<address>Apache/2.4.62 (Debian) Server at web-01 Port 80</address>');
  });

  it('answers HEAD with the head only', () => {
    const r = parse(httpResponse(nginx, Buffer.from('HEAD / HTTP/1.1\r\n\r\n'), NOW));
    expect(r.body).toBe('');
    expect(Number(r.value('Content-Length'))).toBeGreaterThan(0);
  });
});

describe('httpServerPersona', () => {
  it("takes the distro's Server header when the catalogue has one", () => {
    expect(httpServerPersona(testPersona(), () => 'Apache/2.4.41 (Ubuntu)')).toMatchObject({
      server: 'Apache/2.4.41 (Ubuntu)',
      family: 'apache',
    });
    expect(httpServerPersona(testPersona(), () => 'lighttpd/1.4.69').family).toBe('plain');
  });

  it('otherwise picks per decky: IIS on Windows, nginx or Apache elsewhere', () => {
    expect(httpServerPersona(testPersona({ distro: '?', osProfile: 'windows_server' })).server).toBe(
      'Microsoft-IIS/10.0',
    );
    const p = testPersona({ distro: '?', seed: 3 });
    expect(httpServerPersona(p)).toEqual(httpServerPersona(p));
    expect(httpServerPersona(p).server).toMatch(/^(nginx|Apache)/);
  });
});

describe('http banner service', () => {
  it('answers a real HTTP client, logs its request head and closes', async () => {
    const clock = new ManualClock(NOW);
    const served = await serveTcp(bannerService('http'), {
      clock,
      decky: testPersona({ distro: 'ubuntu22' }),
    });
    try {
      const response = await new Promise<{ status?: number; server?: string; body: string }>(
        (resolve, reject) => {
          const req = request(
            { host: '127.0.0.1', port: served.port, path: '/.env', agent: false },
            (res) => {
              let body = '';
              res.setEncoding('latin1');
              res.on('data', (c: string) => {
                body += c;
              });
              res.on('end', () =>
                resolve({ status: res.statusCode, server: String(res.headers.server), body }),
              );
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
      expect(response.status).toBe(404);
      expect(response.server).toBe('nginx/1.18.0 (Ubuntu)');
      const [data] = await served.sink.until('data_received');
      expect(Buffer.from(data?.fields.data_b64 ?? '', 'base64').toString()).toMatch(
        /^GET \/\.env HTTP\/1\.1\r\n/,
      );
      const [disconnect] = await served.sink.until('disconnect');
      expect(disconnect?.fields.reason).toBe('server_closed');
    } finally {
      await served.close();
    }
  });
});
