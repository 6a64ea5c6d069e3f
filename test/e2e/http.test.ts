/**
 * HTTP end to end: the service on a real loopback socket, driven by curl, hydra and nmap and by a raw
 * client; every request lands as `request`, `http_request_fingerprint` and `http_access` events.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { http } from '../../src/services/http/index.js';
import { HTTP_LIMITS } from '../../src/services/http/limits.js';
import { type Served, serveTcp, TestClient, testPersona } from '../../src/services/testing.js';

const run = promisify(execFile);
const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) {
    expect(s.errors).toEqual([]);
    await s.close();
  }
});

async function serve(
  config: Record<string, string> = {},
  osProfile = 'linux',
  distro = 'ubuntu20',
): Promise<Served> {
  const s = await serveTcp(http, { decky: testPersona({ osProfile, distro, hostname: 'web-02' }), config });
  served.push(s);
  return s;
}

/** curl -sv: stderr carries the response head and connection notes, stdout the body. */
async function curl(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await run('curl', ['-sv', '--max-time', '20', ...args], { encoding: 'latin1' });
  return { stdout, stderr };
}

describe('http with curl', () => {
  it("answers / as the distro's Apache with its default page, ETag and Last-Modified", async () => {
    const { port, sink } = await serve();
    const { stdout, stderr } = await curl([`http://127.0.0.1:${port}/`]);
    expect(stderr).toMatch(/< HTTP\/1\.1 200 OK/);
    expect(stderr).toMatch(/< Server: Apache\/2\.4\.\d+ \(Ubuntu\)/);
    expect(stderr).toMatch(/< ETag: "[0-9a-f]+-[0-9a-f]+"/);
    expect(stderr).toMatch(/< Last-Modified: \w{3}, /);
    expect(stdout).toContain('Apache2 Default Page: It works');
    const [request] = await sink.until('request');
    expect(request?.fields.method).toBe('GET');
    expect(request?.fields.remote_addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(Object.keys(JSON.parse(request?.fields.headers ?? '{}'))).toEqual([
      'Host',
      'User-Agent',
      'Accept',
    ]);
    const [fp] = await sink.until('http_request_fingerprint');
    expect(fp?.fields.ja4h).toBe('GE11nn0000_03_042112399351_000000000000');
    expect(fp?.fields.ja4h_foxio).toMatch(/^ge11nn030000_[0-9a-f]{12}_000000000000_000000000000$/);
    const [access] = await sink.until('http_access');
    expect(access?.fields).toMatchObject({ status: '200', proto: 'h1' });
  });

  it('curl -u admin:secret logs the Basic credential', async () => {
    const { port, sink } = await serve();
    await curl(['-u', 'admin:secret', `http://127.0.0.1:${port}/`]);
    const [request] = await sink.until('request');
    expect(request?.fields).toMatchObject({
      principal: 'admin',
      secret_printable: 'secret',
      secret_kind: 'plaintext',
    });
  });

  it('a WordPress login POST is a credential and fails as WordPress does', async () => {
    const { port, sink } = await serve({ fake_app: 'wordpress' });
    const { stdout, stderr } = await curl([
      '-d',
      'log=admin&pwd=hunter2&wp-submit=Log+In',
      `http://127.0.0.1:${port}/wp-login.php`,
    ]);
    expect(stderr).toMatch(/< X-Powered-By: PHP\//);
    expect(stdout).toContain(
      'The password you entered for the username <strong>admin</strong> is incorrect.',
    );
    const [request] = await sink.until('request');
    expect(request?.fields).toMatchObject({
      method: 'POST',
      principal: 'admin',
      secret_printable: 'hunter2',
      outcome: 'failure',
    });
    expect(request?.fields.body).toBe('log=admin&pwd=hunter2&wp-submit=Log+In');
  });

  it("answers an unknown path with each persona's own 404 page", async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [
        {},
        'linux',
        /<p>The requested URL was not found on this server\.<\/p>\n<hr>\n<address>Apache\/[^<]+ Server at web-02 Port 80/,
      ],
      [{ fake_app: 'nginx' }, 'linux', /<center><h1>404 Not Found<\/h1><\/center>\r\n<hr><center>nginx\//],
      [{}, 'windows_server', /404 - File or directory not found\./],
      [{ fake_app: 'tomcat' }, 'linux', /HTTP Status 404 \S+ Not Found/],
    ];
    for (const [config, os, page] of cases) {
      const { port } = await serve(config, os);
      const { stdout, stderr } = await curl([`http://127.0.0.1:${port}/nope`]);
      expect(stderr).toMatch(/< HTTP\/1\.1 404 Not Found/);
      expect(stdout).toMatch(page);
    }
  });

  it('auto follows the distro: nginx on Ubuntu 22.04', async () => {
    const { port } = await serve({}, 'linux', 'ubuntu22');
    const { stderr } = await curl([`http://127.0.0.1:${port}/`]);
    expect(stderr).toMatch(/< Server: nginx\/1\.18\.0 \(Ubuntu\)/);
  });

  it('keeps the connection alive for two URLs', async () => {
    const { port, sink } = await serve({ fake_app: 'nginx' });
    const { stderr } = await curl([`http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}/x`]);
    expect(stderr).toMatch(/Re-using existing connection|Reusing existing/);
    await sink.until('request', 2);
    expect(sink.records('connect')).toHaveLength(1);
  });

  it('serves pipelined requests in order and closes after Connection: close', async () => {
    const { port } = await serve({ fake_app: 'nginx' });
    const client = await TestClient.connect(port);
    client.send(
      'GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /missing HTTP/1.1\nHost: a\n\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    await client.next('HTTP/1.1 200 OK\r\n');
    await client.next('HTTP/1.1 404 Not Found\r\n');
    await client.next(/HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n/);
    await client.closed;
  });

  it('answers garbage with 400 and an oversized request line with 414, then closes', async () => {
    const { port } = await serve();
    const garbage = await TestClient.connect(port);
    garbage.send('\x16\x03\x01 hello there\r\n\r\n');
    await garbage.next(
      /HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Your browser sent a request that this server could not understand/,
    );
    await garbage.closed;
    const long = await TestClient.connect(port);
    long.send(`GET /${'a'.repeat(9000)}`);
    await long.next('HTTP/1.1 414 URI Too Long\r\n');
    await long.closed;
  });

  it('cuts a client that drips one request past the request timeout, however steadily', async () => {
    const clock = new ManualClock();
    const s = await serveTcp(http, { decky: testPersona({ distro: 'ubuntu20' }), clock });
    served.push(s);
    const client = await TestClient.connect(s.port);
    // One write: the answer to the first request shows the server has read the start of the second.
    client.send('GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n');
    await client.next('HTTP/1.1 200 OK\r\n');
    // Each byte arrives well within the idle timeout, but the head as a whole takes too long.
    clock.advance(HTTP_LIMITS.requestTimeoutMs + 1);
    client.send('H');
    await client.closed;
    const [disconnect] = await s.sink.until('disconnect');
    expect(disconnect?.fields.reason).toBe('idle_timeout');
  });

  it('adds the configured headers and ignores bad JSON with a warning', async () => {
    const { port } = await serve({
      headers: '{"X-Frame-Options":"SAMEORIGIN"}',
      custom_body: '<h1>intranet</h1>',
    });
    const { stdout, stderr } = await curl([`http://127.0.0.1:${port}/`]);
    expect(stderr).toMatch(/< X-Frame-Options: SAMEORIGIN/);
    expect(stdout).toBe('<h1>intranet</h1>');
    const bad = await serve({ headers: '{nope' });
    const { stderr: plain } = await curl([`http://127.0.0.1:${bad.port}/`]);
    expect(plain).toMatch(/< HTTP\/1\.1 200 OK/);
  });
});

describe('http against attack tools', () => {
  it('hydra http-post-form against the WordPress login logs every attempt', async () => {
    const { port, sink } = await serve({ fake_app: 'wordpress' });
    await run(
      'hydra',
      [
        '-l',
        'admin',
        '-p',
        'pw',
        '-s',
        String(port),
        '-I',
        '127.0.0.1',
        'http-post-form',
        '/wp-login.php:log=^USER^&pwd=^PASS^:incorrect',
      ],
      { timeout: 60_000 },
    ).catch((err: { stdout?: string }) => err);
    const logins = sink.records('request').filter((r) => r.fields.method === 'POST');
    expect(logins.length).toBeGreaterThanOrEqual(1);
    for (const r of logins) expect(r.fields).toMatchObject({ principal: 'admin', secret_printable: 'pw' });
  }, 60_000);

  it('nmap -sV names each persona as its product', async () => {
    const personas: Array<[Record<string, string>, string, RegExp]> = [
      [{}, 'linux', /http\s+Apache httpd 2\.4/],
      [{ fake_app: 'nginx' }, 'linux', /http\s+nginx/],
      [{}, 'windows_server', /http\s+Microsoft IIS httpd 10\.0/],
    ];
    await Promise.all(
      personas.map(async ([config, os, product]) => {
        const { port } = await serve(config, os);
        const { stdout } = await run('nmap', ['-sV', '-Pn', '-n', '-p', String(port), '127.0.0.1'], {
          timeout: 90_000,
        });
        expect(stdout).toMatch(product);
      }),
    );
  }, 120_000);

  it('survives 10,000 random, truncated and malformed inputs and still serves a new client', async () => {
    const { port } = await serve({ fake_app: 'wordpress' });
    const { fuzzService } = await import('../support/fuzz.js');
    await fuzzService({
      port,
      inputs: 10_000,
      perConnection: 25,
      concurrency: 32,
      seed: 0x4777,
      corpus: [
        Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1; b=2\r\nAccept-Language: en-US\r\n\r\n'),
        Buffer.from(
          'POST /wp-login.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 17\r\n\r\nlog=a&pwd=b%zz%41',
        ),
        Buffer.from(
          'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: multipart/form-data; boundary=xx\r\n\r\n5;ext\r\nhello\r\n0\r\nT: 1\r\n\r\n',
        ),
        Buffer.from(
          'GET / HTTP/1.0\nAuthorization: Digest username="a", response="abc"\nAuthorization: Basic !!!\n\n',
        ),
      ],
    });
    const client = await TestClient.connect(port);
    client.send('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await client.next('HTTP/1.1 200 OK\r\n');
    await client.closed;
  }, 120_000);
});
