/**
 * HTTP/2 in clear text end to end: the `http` service on a real loopback socket, driven by curl (prior
 * knowledge and the h2c Upgrade) and nghttp, and by ten thousand hostile frame sequences. Every request
 * lands as `request`, `http_request_fingerprint` (proto h2) and `http_access`, every connection's SETTINGS
 * as one `http2_settings`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/runtime/seeded-random.js';
import {
  dataFrame,
  encodeFrame,
  FrameType,
  goawayFrame,
  rstStreamFrame,
  settingsFrame,
  windowUpdateFrame,
} from '../../src/services/http/h2/frame.js';
import { HTTP2_PREFACE } from '../../src/services/http/h2/h2c.js';
import { parseHttp2SettingsHeader, settingsEventFields } from '../../src/services/http/h2/settings.js';
import { GET_ROOT, requestFrames } from '../../src/services/http/h2/testing.js';
import { http } from '../../src/services/http/index.js';
import { type Served, serveTcp, testPersona } from '../../src/services/testing.js';

const run = promisify(execFile);
const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) {
    expect(s.errors).toEqual([]);
    await s.close();
  }
});

async function serve(config: Record<string, string> = {}, distro = 'ubuntu20'): Promise<Served> {
  const s = await serveTcp(http, { decky: testPersona({ distro, hostname: 'web-02' }), config });
  served.push(s);
  return s;
}

/** curl -sv: stderr carries the heads and connection notes, stdout the body. Never rejects. */
async function curl(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('curl', ['-sv', '--max-time', '20', ...args], {
      encoding: 'latin1',
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** The SETTINGS this curl sends: what it writes in HTTP2-Settings when it asks to upgrade (RFC 7540 §3.2.1). */
function curlSettings(upgradeStderr: string): { settings: string; frame_order: string } {
  const header = /^> HTTP2-Settings: (\S+)/m.exec(upgradeStderr);
  expect(header).not.toBeNull();
  const settings = parseHttp2SettingsHeader(header?.[1] ?? '');
  expect(settings).not.toBeNull();
  return settingsEventFields(settings ?? []);
}

describe('h2c with curl', () => {
  it('--http2-prior-knowledge gets the persona page over HTTP/2, logged as h2 with curl’s SETTINGS', async () => {
    const { port, sink } = await serve();
    const url = `http://127.0.0.1:${port}/`;
    const h1 = await curl([url]);
    const h2 = await curl(['--http2-prior-knowledge', url]);
    expect(h2.stderr).toMatch(/^< HTTP\/2 200/m);
    expect(h2.stderr).toMatch(/^< server: Apache\/2\.4\.\d+ \(Ubuntu\)/m);
    expect(h2.stderr).not.toMatch(/^< (connection|keep-alive):/im);
    expect(h2.stdout).toContain('Apache2 Default Page: It works');
    expect(h2.stdout).toBe(h1.stdout);
    const upgrade = await curl(['--http2', url]);

    const requests = await sink.until('request', 3);
    expect(requests[1]?.fields).toMatchObject({ method: 'GET', path: '/' });
    // HTTP/2 carries the host as :authority: only regular fields are headers.
    expect(Object.keys(JSON.parse(requests[1]?.fields.headers ?? '{}'))).toEqual(['user-agent', 'accept']);
    const fingerprints = await sink.until('http_request_fingerprint', 3);
    expect(fingerprints[1]?.fields).toMatchObject({ proto: 'h2', method: 'GET', path: '/' });
    expect(fingerprints[1]?.fields.ja4h).toMatch(/^GE20nn0000_02_[0-9a-f]{12}_000000000000$/);
    const access = await sink.until('http_access', 3);
    expect(access[1]?.fields).toMatchObject({ proto: 'h2', status: '200', bytes: String(h1.stdout.length) });

    const [settings] = await sink.until('http2_settings');
    const expected = curlSettings(upgrade.stderr);
    expect(settings?.fields).toMatchObject({
      ...expected,
      pseudo_header_order: ':method,:path,:scheme,:authority',
    });
    const ids = JSON.parse(expected.frame_order) as number[];
    const values = Object.values(JSON.parse(expected.settings) as Record<string, number>);
    expect(settings?.fields.akamai).toBe(
      `${ids.map((id, i) => `${id}:${values[i]}`).join(';')}|${settings?.fields.window_update ?? '00'}|0|m,p,s,a`,
    );
  });

  it('--http2 upgrades with 101 and gets the answer on stream 1; HTTP2-Settings are its SETTINGS', async () => {
    const { port, sink } = await serve({ fake_app: 'nginx' });
    const url = `http://127.0.0.1:${port}/`;
    const h1 = await curl([url]);
    const { stdout, stderr } = await curl(['--http2', url]);
    expect(stderr).toMatch(
      /^< HTTP\/1\.1 101 Switching Protocols\r?\n< Upgrade: h2c\r?\n< Connection: Upgrade/m,
    );
    expect(stderr).toMatch(/^< HTTP\/2 200/m);
    expect(stderr).toMatch(/^< server: nginx\//m);
    expect(stdout).toContain('Welcome to nginx!');
    expect(stdout).toBe(h1.stdout);
    const requests = await sink.until('request', 2);
    expect(JSON.parse(requests[1]?.fields.headers ?? '{}')).toMatchObject({ Upgrade: 'h2c' });
    const fingerprints = await sink.until('http_request_fingerprint', 2);
    // Sent as HTTP/1.1 (so its JA4H says 11), answered over HTTP/2.
    expect(fingerprints[1]?.fields).toMatchObject({ proto: 'h2' });
    expect(fingerprints[1]?.fields.ja4h).toMatch(/^GE11/);
    const access = await sink.until('http_access', 2);
    expect(access[1]?.fields).toMatchObject({ proto: 'h2', status: '200' });
    const [settings] = await sink.until('http2_settings');
    expect(settings?.fields).toMatchObject(curlSettings(stderr));
  });

  it('without h2c in http_versions, prior knowledge gets the HTTP/1.1 parser’s error and Upgrade is ignored', async () => {
    const { port, sink } = await serve({ http_versions: 'http/1.1' });
    const url = `http://127.0.0.1:${port}/`;
    const prior = await curl(['--http2-prior-knowledge', url]);
    expect(prior.code).not.toBe(0);
    const [refused] = await sink.until('http_access');
    expect(refused?.fields).toMatchObject({ proto: 'h1', method: '-' });
    expect(Number(refused?.fields.status)).toBeGreaterThanOrEqual(400);
    const upgrade = await curl(['--http2', url]);
    expect(upgrade.stderr).toMatch(/^< HTTP\/1\.1 200 OK/m);
    expect(upgrade.stderr).not.toMatch(/101 Switching Protocols/);
    expect(upgrade.stdout).toContain('Apache2 Default Page: It works');
    expect(sink.records('http2_settings')).toEqual([]);
  });
});

describe('h2c with nghttp', () => {
  it('gets the persona page by prior knowledge', async () => {
    const { port, sink } = await serve({ fake_app: 'nginx' });
    const h1 = await curl([`http://127.0.0.1:${port}/`]);
    const { stdout } = await run('nghttp', [`http://127.0.0.1:${port}/`], { encoding: 'latin1' });
    expect(stdout).toBe(h1.stdout);
    const [settings] = await sink.until('http2_settings');
    // nghttp announces its dependency tree with PRIORITY frames before the request.
    expect(settings?.fields.priority).toMatch(/^3:0:0:201,5:0:0:101/);
    expect(settings?.fields.akamai).toMatch(/\|m,p,s,a$/);
  });

  it('-nv posts a login form larger than the stream window: the server grants more, the credential is read', async () => {
    const { port, sink } = await serve({ fake_app: 'wordpress' });
    const dir = mkdtempSync(join(tmpdir(), 'decnet-h2-'));
    try {
      const form = `log=admin&pwd=hunter2&wp-submit=Log+In&filler=${'A'.repeat(100 * 1024)}`;
      writeFileSync(join(dir, 'form'), form);
      const { stdout } = await run(
        'nghttp',
        [
          '-nv',
          '-d',
          join(dir, 'form'),
          '-H',
          'content-type: application/x-www-form-urlencoded',
          `http://127.0.0.1:${port}/wp-login.php`,
        ],
        { encoding: 'latin1', maxBuffer: 16 * 1024 * 1024 },
      );
      const stream = /send HEADERS frame <[^>]*stream_id=(\d+)>/.exec(stdout)?.[1];
      expect(stream).toBeDefined();
      // More than the 65,535 bytes the stream started with went out, so the server opened its window.
      const sent = [
        ...stdout.matchAll(
          new RegExp(`send DATA frame <length=(\\d+), flags=0x0\\d, stream_id=${stream}>`, 'g'),
        ),
      ];
      expect(sent.reduce((sum, m) => sum + Number(m[1]), 0)).toBe(form.length);
      expect(stdout).toMatch(
        new RegExp(`recv WINDOW_UPDATE frame <length=4, flags=0x00, stream_id=${stream}>`),
      );
      expect(stdout).toMatch(new RegExp(`recv \\(stream_id=${stream}\\) :status: 200`));
      expect(stdout).toMatch(new RegExp(`recv DATA frame <length=\\d+, flags=0x01, stream_id=${stream}>`));
      const [request] = await sink.until('request');
      expect(request?.fields).toMatchObject({
        method: 'POST',
        path: '/wp-login.php',
        principal: 'admin',
        secret_printable: 'hunter2',
      });
      const [fp] = await sink.until('http_request_fingerprint');
      expect(fp?.fields.proto).toBe('h2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Frames a client might send after its preface, valid ones among them. */
function fuzzCorpus(): Buffer[] {
  const post: [string, string][] = [
    [':method', 'POST'],
    [':scheme', 'http'],
    [':authority', 'x'],
    [':path', '/wp-login.php'],
    ['content-type', 'application/x-www-form-urlencoded'],
    ['cookie', 'a=1'],
  ];
  return [
    requestFrames(1, GET_ROOT),
    requestFrames(3, post, false),
    requestFrames(
      5,
      [...GET_ROOT, ...Array.from({ length: 40 }, (_, i): [string, string] => [`x-${i}`, 'v'.repeat(400)])],
      true,
      2048,
    ),
    dataFrame(3, Buffer.from('log=admin&pwd=x'), true),
    encodeFrame(FrameType.data, 0x9, 3, Buffer.from([3, 0x41, 0x42, 0, 0, 0])),
    settingsFrame([
      [4, 0],
      [5, 16_384],
      [1, 0],
    ]),
    encodeFrame(FrameType.settings, 1, 0),
    encodeFrame(FrameType.ping, 0, 0, Buffer.alloc(8, 7)),
    windowUpdateFrame(0, 1_000_000),
    windowUpdateFrame(1, 5),
    encodeFrame(FrameType.priority, 0, 7, Buffer.from([0x80, 0, 0, 1, 200])),
    rstStreamFrame(3, 8),
    encodeFrame(FrameType.continuation, 4, 5, Buffer.from([0x82])),
    encodeFrame(FrameType.pushPromise, 4, 1, Buffer.alloc(8)),
    encodeFrame(0x0b, 0, 0, Buffer.alloc(20)),
    goawayFrame(0, 0),
  ];
}

/** One connection: preface, a valid SETTINGS, then frames cut, corrupted and lying about their length. */
function hostileSequence(next: () => number, corpus: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [HTTP2_PREFACE, settingsFrame([])];
  // A third open with a valid request, so that what follows meets a stream in flight.
  if (next() < 0.3) parts.push(requestFrames(1, GET_ROOT));
  const count = 1 + Math.floor(next() * 12);
  for (let i = 0; i < count; i++) {
    const base = Buffer.from(corpus[Math.floor(next() * corpus.length)] as Buffer);
    const pick = next();
    // Half of them valid, so that sequences get past their first frames into stream states.
    if (pick < 0.5) parts.push(base);
    else if (pick < 0.6) parts.push(base.subarray(0, Math.floor(next() * base.length)));
    else if (pick < 0.75) {
      // A header field changed: type, flags, stream id or length.
      const at = Math.floor(next() * 9);
      base[at] = Math.floor(next() * 256);
      parts.push(base);
    } else if (pick < 0.9) {
      for (let m = 0; m < 1 + Math.floor(next() * 6); m++)
        base[Math.floor(next() * base.length)] = Math.floor(next() * 256);
      parts.push(base);
    } else {
      parts.push(
        Buffer.from(Array.from({ length: Math.floor(next() ** 3 * 2048) }, () => Math.floor(next() * 256))),
      );
    }
  }
  return Buffer.concat(parts);
}

/** Sends one sequence; resolves with what the server answered once the connection has ended. */
function sendSequence(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    const done = () => resolve(Buffer.concat(received));
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    socket.once('connect', () => {
      socket.write(bytes);
      socket.end();
    });
    // The server may keep a half-closed connection open on its own timeout; do not wait for that.
    setTimeout(() => socket.destroy(), 2_000).unref();
  });
}

describe('h2c under hostile frames', () => {
  it('survives 10,000 random, truncated and malformed frame sequences and still answers', async () => {
    const { port, sink } = await serve();
    const next = mulberry32(0x4832);
    const corpus = fuzzCorpus();
    const total = 10_000;
    let index = 0;
    const leaks: string[] = [];
    const workers = Array.from({ length: 32 }, async () => {
      while (index < total) {
        index += 1;
        const answer = (await sendSequence(port, hostileSequence(next, corpus))).toString('latin1');
        // Stack frames, error class names or source paths would mean an exception reached the wire.
        const leak = /(Type|Range|Reference|Syntax)Error|node:internal|\.[jt]s:\d+/.exec(answer);
        if (leak !== null && leaks.length < 5) leaks.push(leak[0]);
      }
    });
    await Promise.all(workers);
    expect(leaks).toEqual([]);
    // The sequences reached requests, not only the frame parser.
    expect(sink.records('request').length).toBeGreaterThan(2000);
    const after = await curl(['--http2-prior-knowledge', `http://127.0.0.1:${port}/`]);
    expect(after.stderr).toMatch(/^< HTTP\/2 200/m);
    expect(after.stdout).toContain('Apache2 Default Page: It works');
  }, 240_000);
});
