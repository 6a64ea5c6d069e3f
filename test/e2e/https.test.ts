/**
 * HTTPS end to end: the service on a real loopback socket, driven by curl (HTTP/1.1 and HTTP/2),
 * openssl s_client, nmap and raw sockets; the JA3 it logs checked against tshark's dissection of the
 * same connection captured with tcpdump; hostile and slow clients do not stop it serving.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  captureFirstBytes,
  encodeClientHello,
  hasCommand,
  recordsOf,
} from '../../src/fingerprint/testing.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { https } from '../../src/services/https/index.js';
import { HTTPS_LIMITS } from '../../src/services/https/limits.js';
import {
  type Served,
  type ServeOptions,
  serveTcp,
  TestClient,
  testPersona,
} from '../../src/services/testing.js';
import { capturedOnLoopback, tsharkRows, tsharkRowsSoFar } from '../support/capture.js';

const run = promisify(execFile);
const served: Served[] = [];
const scratch: string[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) {
    expect(s.errors).toEqual([]);
    await s.close();
  }
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serve(
  config: Record<string, string> = {},
  osProfile = 'linux',
  options: ServeOptions = {},
): Promise<Served> {
  const s = await serveTcp(https, {
    decky: testPersona({ osProfile, distro: 'ubuntu20', hostname: 'web-02' }),
    config,
    ...options,
  });
  served.push(s);
  return s;
}

/** curl -sv against https://web-02:port (resolved to loopback, so SNI is sent); stderr has the TLS notes. */
async function curl(port: number, args: string[], path = '/'): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await run(
    'curl',
    [
      '-skv',
      '--max-time',
      '20',
      '--resolve',
      `web-02:${port}:127.0.0.1`,
      ...args,
      `https://web-02:${port}${path}`,
    ],
    { encoding: 'latin1' },
  );
  return { stdout, stderr };
}

/** openssl s_client with stdin closed: it handshakes, prints the session and leaves. */
function sClient(port: number, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('latin1');
    });
    child.once('close', () => resolve(out));
  });
}

function peerCertificate(port: number): Promise<{ fingerprint256: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => {
      const cert = socket.getPeerCertificate();
      socket.destroy();
      resolve({ fingerprint256: cert.fingerprint256, subject: cert.subject.CN ?? '' });
    });
    socket.once('error', reject);
  });
}

describe('https with curl and openssl', () => {
  it('serves HTTP/1.1 over TLS as the persona and logs the ClientHello, request and access', async () => {
    const { port, sink } = await serve();
    const { stdout, stderr } = await curl(port, ['--http1.1']);
    expect(stderr).toMatch(/ALPN: server accepted http\/1\.1/);
    expect(stderr).toMatch(/subject: CN=web-02/);
    expect(stderr).toMatch(/< HTTP\/1\.1 200 OK/);
    expect(stderr).toMatch(/< Server: Apache\/2\.4\.\d+ \(Ubuntu\)/);
    expect(stdout).toContain('Apache2 Default Page: It works');
    const [hello] = await sink.until('tls_client_hello');
    expect(hello?.fields).toMatchObject({
      src_ip: '127.0.0.1',
      dst_ip: '127.0.0.1',
      dst_port: String(port),
      sni: 'web-02',
      alpn: 'http/1.1',
      tls_version: 'TLS 1.3',
    });
    expect(hello?.fields.ja3).toMatch(/^[0-9a-f]{32}$/);
    expect(hello?.fields.ja4).toMatch(/^t13d\d{4}h1_[0-9a-f]{12}_[0-9a-f]{12}$/);
    expect(hello?.fields.ja4_foxio).toMatch(/^t13d\d{4}h1_[0-9a-f]{12}_[0-9a-f]{12}$/);
    expect(hello?.fields.raw_ciphers).toMatch(/^\d+(-\d+)+$/);
    const [request] = await sink.until('request');
    expect(request?.fields).toMatchObject({ method: 'GET', path: '/' });
    const [access] = await sink.until('http_access');
    expect(access?.fields).toMatchObject({ status: '200', proto: 'h1' });
    const [disconnect] = await sink.until('disconnect');
    expect(Number(disconnect?.fields.bytes_in)).toBeGreaterThan(0);
    expect(Number(disconnect?.fields.bytes_out)).toBeGreaterThan(0);
  });

  it('serves HTTP/2 when curl asks for it by ALPN', async () => {
    const { port, sink } = await serve({ fake_app: 'nginx' });
    const { stdout, stderr } = await curl(port, ['--http2']);
    expect(stderr).toMatch(/ALPN: server accepted h2/);
    expect(stderr).toMatch(/< HTTP\/2 200/);
    expect(stdout).toContain('Welcome to nginx!');
    const [hello] = await sink.until('tls_client_hello');
    expect(hello?.fields.alpn).toBe('h2,http/1.1');
    const [access] = await sink.until('http_access');
    expect(access?.fields).toMatchObject({ status: '200', proto: 'h2' });
    const [settings] = await sink.until('http2_settings');
    expect(settings?.fields.remote_addr).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("names the HTTPS port in Apache's error pages", async () => {
    const { port } = await serve();
    const { stdout, stderr } = await curl(port, ['--http1.1'], '/nope');
    expect(stderr).toMatch(/< HTTP\/1\.1 404 Not Found/);
    expect(stdout).toContain(`Server at web-02 Port 443</address>`);
  });

  it('offers h2 then http/1.1 by ALPN, and only what http_versions allows', async () => {
    const both = await serve();
    expect(await sClient(both.port, ['-alpn', 'h2,http/1.1'])).toMatch(/ALPN protocol: h2/);
    expect(await sClient(both.port, ['-alpn', 'http/1.1,h2'])).toMatch(/ALPN protocol: h2/);
    expect(await sClient(both.port, ['-alpn', 'http/1.1'])).toMatch(/ALPN protocol: http\/1\.1/);
    const h1only = await serve({ http_versions: 'http/1.1' });
    expect(await sClient(h1only.port, ['-alpn', 'h2,http/1.1'])).toMatch(/ALPN protocol: http\/1\.1/);
  });

  it("presents the decky's certificate, kept across restarts; tls_cn names another", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-https-'));
    scratch.push(dir);
    const dirs = { keys: join(dir, 'keys'), captures: join(dir, 'c'), recordings: join(dir, 'r') };
    const first = await serve({}, 'linux', { dirs });
    const cert = await peerCertificate(first.port);
    expect(cert.subject).toBe('web-02');
    expect(await sClient(first.port, ['-servername', 'web-02'])).toMatch(/subject=CN ?= ?web-02/);
    await first.close();
    served.splice(served.indexOf(first), 1);
    const again = await serve({}, 'linux', { dirs });
    expect((await peerCertificate(again.port)).fingerprint256).toBe(cert.fingerprint256);
    const named = await serve({ tls_cn: 'portal.corp.test' }, 'linux', { dirs });
    expect((await peerCertificate(named.port)).subject).toBe('portal.corp.test');
  });

  it('answers plain HTTP on the port as the persona does, and logs the bytes', async () => {
    const nginx = await serve({ fake_app: 'nginx' });
    const { stdout } = await run('curl', ['-sv', '--max-time', '20', `http://127.0.0.1:${nginx.port}/x`], {
      encoding: 'latin1',
    });
    expect(stdout).toContain('<center>The plain HTTP request was sent to HTTPS port</center>');
    const [data] = await nginx.sink.until('data_received');
    expect(data?.fields.data_printable).toMatch(/^GET \/x HTTP\/1\.1\\r\\n/);
    const [access] = await nginx.sink.until('http_access');
    expect(access?.fields).toMatchObject({ method: 'GET', path: '/x', status: '400' });

    const iis = await serve({}, 'windows_server');
    const client = await TestClient.connect(iis.port);
    client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.closed;
    expect(client.data.length).toBe(0);
    await iis.sink.until('data_received');
  });

  it('answers a broken or unwanted handshake with a TLS alert, never with text, and logs it at debug only', async () => {
    const { port, sink } = await serve();
    // No cipher suite the server has (only TLS_RSA_WITH_NULL_MD5).
    const noCipher = await TestClient.connect(port);
    noCipher.send(recordsOf(encodeClientHello({ cipherSuites: [0x0001], extensions: [] })));
    await noCipher.closed;
    expect(noCipher.data[0]).toBe(0x15);
    // A hello whose extensions run past its end: logged as first bytes, refused by the TLS stack.
    const broken = await TestClient.connect(port);
    broken.send(Buffer.from('16030100090100000503030000ffff', 'hex'));
    await broken.closed;
    expect(broken.data.length === 0 || broken.data[0] === 0x15).toBe(true);
    expect(broken.data.toString('latin1')).not.toMatch(/error|Error|at /);
    await sink.until('data_received');
    // ALPN the server does not speak: RFC 7301 §3.2 no_application_protocol, as nginx sends.
    expect(await sClient(port, ['-alpn', 'spdy/3'])).not.toMatch(/ALPN protocol: spdy/);
  });
});

describe('https fingerprints against tshark', () => {
  const canCapture = process.getuid?.() === 0 && hasCommand('tcpdump') && hasCommand('tshark');

  it.skipIf(!canCapture)(
    'logs the JA3 (and JA4 where tshark has it) tshark computes for the same hellos',
    async () => {
      const { port, sink } = await serve();
      const dir = mkdtempSync(join(tmpdir(), 'decnet-https-pcap-'));
      scratch.push(dir);
      const tsharkFields = execFileSync('tshark', ['-G', 'fields'], {
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
      });
      const hasJa4 = /\ttls\.handshake\.ja4\t/.test(tsharkFields);
      const fields = ['tls.handshake.ja3', ...(hasJa4 ? ['tls.handshake.ja4'] : [])];
      const select = ['-d', `tcp.port==${port},tls`, '-Y', 'tls.handshake.type==1'];
      const file = await capturedOnLoopback(
        port,
        dir,
        async () => {
          await curl(port, ['--http1.1']);
          await sClient(port, ['-alpn', 'h2', '-servername', 'web-02']);
        },
        (partial) => tsharkRowsSoFar(partial, select, fields).length >= 2,
      );
      const dissected = tsharkRows(file, select, fields);
      const logged = await sink.until('tls_client_hello', 2);
      expect(dissected).toHaveLength(2);
      expect(logged.map((r) => r.fields.ja3)).toEqual(dissected.map(([ja3]) => ja3));
      // Debian 12's tshark 4.0 has no JA4; ja4.test.ts pins FoxIO's documented examples instead.
      if (hasJa4) expect(logged.map((r) => r.fields.ja4_foxio)).toEqual(dissected.map(([, ja4]) => ja4));
    },
    60_000,
  );
});

describe('https against scanners and hostile clients', () => {
  it('nmap -sV names it ssl/http with the persona product', async () => {
    const personas: Array<[Record<string, string>, string, RegExp]> = [
      [{}, 'linux', /ssl\/http\s+Apache httpd 2\.4/],
      [{ fake_app: 'nginx' }, 'linux', /ssl\/http\s+nginx/],
      [{}, 'windows_server', /ssl\/http\s+Microsoft IIS httpd 10\.0/],
    ];
    await Promise.all(
      personas.map(async ([config, os, product]) => {
        const { port } = await serve(config, os);
        const { stdout } = await run('nmap', ['-sV', '-Pn', '-n', '-p', String(port), '127.0.0.1'], {
          timeout: 110_000,
        });
        expect(stdout).toMatch(product);
      }),
    );
  }, 120_000);

  it('survives 10,000 random, truncated and malformed ClientHellos and records and still serves', async () => {
    const { port } = await serve({ fake_app: 'nginx' });
    const chrome = await captureFirstBytes(
      {
        connect: (p) => {
          const socket = tlsConnect({
            port: p,
            host: '127.0.0.1',
            servername: 'web-02',
            ALPNProtocols: ['h2', 'http/1.1'],
          });
          socket.on('error', () => {});
          return () => socket.destroy();
        },
      },
      (bytes) => bytes.length >= 5 && bytes.length >= 5 + bytes.readUInt16BE(3),
    );
    const hello = encodeClientHello({
      cipherSuites: [0x1301, 0xc02f],
      extensions: [[0x2b, Buffer.from('0203040303', 'hex')]],
    });
    const { fuzzService } = await import('../support/fuzz.js');
    await fuzzService({
      port,
      // Few inputs per connection: most are first flights, read and parsed before any TLS runs; the
      // rest reach the TLS stack or the plain-text answer behind them.
      inputs: 10_000,
      perConnection: 4,
      concurrency: 48,
      seed: 0x7151,
      corpus: [
        chrome,
        recordsOf(hello),
        recordsOf(hello, 7),
        Buffer.from('15030300020228', 'hex'),
        Buffer.from('802e0100020015000000100000040000050000', 'hex'),
        Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      ],
    });
    const { stderr } = await curl(port, ['--http1.1']);
    expect(stderr).toMatch(/< HTTP\/1\.1 200 OK/);
  }, 120_000);

  it('keeps serving while many clients drip a ClientHello byte by byte, and cuts them at the handshake deadline', async () => {
    const clock = new ManualClock();
    const s = await serve({}, 'linux', { clock });
    const hello = recordsOf(encodeClientHello({ cipherSuites: [0x1301], extensions: [] }));
    const sources = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
    const drippers = await Promise.all(
      sources.flatMap((localAddress) =>
        Array.from(
          { length: 50 },
          () =>
            new Promise<import('node:net').Socket>((resolve, reject) => {
              const socket = tcpConnect({ port: s.port, host: '127.0.0.1', localAddress });
              socket.once('connect', () => resolve(socket));
              socket.once('error', reject);
            }),
        ),
      ),
    );
    const closed = drippers.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    for (const socket of drippers) socket.on('error', () => {});
    for (let i = 0; i < 10; i++) for (const socket of drippers) socket.write(hello.subarray(i, i + 1));
    await s.sink.until('connect', drippers.length);
    const { stderr } = await curl(s.port, ['--http1.1']);
    expect(stderr).toMatch(/< HTTP\/1\.1 200 OK/);
    clock.advance(HTTPS_LIMITS.handshakeTimeoutMs + 1);
    await Promise.all(closed);
    const reasons = (await s.sink.until('disconnect', drippers.length + 1)).map((r) => r.fields.reason);
    expect(reasons.filter((r) => r === 'idle_timeout')).toHaveLength(drippers.length);
  }, 60_000);
});
