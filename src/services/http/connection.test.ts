/**
 * HttpConnection turning into HTTP/2 in clear text: the preface however it is cut, an Upgrade with the
 * client's preface right behind it, and the `http_versions` that switch either off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Served, serveTcp, TestClient, testPersona } from '../testing.js';
import { ErrorCode, FrameType, settingsFrame } from './h2/frame.js';
import { HTTP2_PREFACE } from './h2/h2c.js';
import { GET_ROOT, RawHttp2Client, requestFrames } from './h2/testing.js';
import { http } from './index.js';

const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) {
    expect(s.errors).toEqual([]);
    await s.close();
  }
});

async function serve(config: Record<string, string> = {}): Promise<Served> {
  const s = await serveTcp(http, { decky: testPersona({ distro: 'ubuntu22' }), config });
  served.push(s);
  return s;
}

const UPGRADE =
  'GET /login HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABk\r\n\r\n';

describe('h2c prior knowledge', () => {
  it('recognises the preface sent in one-byte writes', async () => {
    const { port } = await serve();
    const client = await RawHttp2Client.connect(port, { preface: false });
    client.socket.setNoDelay(true);
    for (const byte of HTTP2_PREFACE) {
      // Each byte flushed to the kernel before the next: the server reads prefixes of the preface.
      await new Promise<void>((resolve) => client.socket.write(Buffer.from([byte]), () => resolve()));
    }
    client.send(settingsFrame([]), requestFrames(1, GET_ROOT));
    const { headers } = await client.response(1);
    expect(headers[0]).toEqual([':status', '200']);
    await client.end();
  });

  it('reads a near miss of the preface as HTTP/1.1', async () => {
    const { port } = await serve();
    const client = await TestClient.connect(port);
    client.send('PRI / HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.next(/^HTTP\/1\.1 \d{3} /);
    await client.end();
  });

  it('with h2c alone, answers HTTP/1.1 bytes as an invalid HTTP/2 preface', async () => {
    const { port } = await serve({ http_versions: 'h2c' });
    const client = await RawHttp2Client.connect(port, { preface: false });
    client.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect((await client.goaway()).code).toBe(ErrorCode.protocolError);
    await client.closed;
  });
});

describe('h2c Upgrade', () => {
  it('answers 101 and the request on stream 1, with the preface that followed it in the same write', async () => {
    const { port, sink } = await serve();
    const client = await RawHttp2Client.connect(port, { preface: false, http1Head: true });
    client.send(
      Buffer.from(UPGRADE),
      HTTP2_PREFACE,
      settingsFrame([[4, 1_000_000]]),
      requestFrames(3, GET_ROOT),
    );
    const upgraded = await client.response(1);
    expect(upgraded.headers[0]).toEqual([':status', '404']);
    expect(client.http1Head).toBe(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n',
    );
    // The server preface comes first after the 101 (RFC 7540 §3.2).
    expect(client.frames[0]?.type).toBe(FrameType.settings);
    expect((await client.response(3)).headers[0]).toEqual([':status', '200']);
    await client.end();
    const access = await sink.until('http_access', 2);
    expect(access.map((r) => [r.fields.path, r.fields.proto])).toEqual([
      ['/login', 'h2'],
      ['/', 'h2'],
    ]);
    const [settings] = await sink.until('http2_settings');
    // HTTP2-Settings, not the SETTINGS frame after the preface, are the client's first (RFC 7540 §3.2.1).
    expect(settings?.fields).toMatchObject({
      settings: '{"MAX_CONCURRENT_STREAMS":100}',
      frame_order: '[3]',
    });
  });

  it('ignores the Upgrade without h2c in http_versions, and a malformed one with it', async () => {
    for (const [config, request] of [
      [{ http_versions: 'http/1.1' }, UPGRADE],
      [{}, UPGRADE.replace('AAMAAABk', '!!')],
    ] as const) {
      const { port } = await serve(config);
      const client = await TestClient.connect(port);
      client.send(request);
      expect(await client.next(/\r\n\r\n/)).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
      await client.end();
    }
  });
});
