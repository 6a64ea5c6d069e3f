import { afterEach, describe, expect, it } from 'vitest';
import { coerceServiceConfig } from '../../config/service-field.js';
import { ManualClock } from '../../runtime/clock.js';
import { type Served, serveTcp, TestClient } from '../testing.js';
import { bannerBytes, TCP_BANNER_DEFAULT_PORT, tcpBanner } from './index.js';

let served: Served | null = null;

afterEach(async () => {
  await served?.close();
  expect(served?.errors ?? []).toEqual([]);
  served = null;
});

const decode = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64');

describe('tcp_banner definition', () => {
  it('listens on 9999 unless the config names a port', () => {
    expect(TCP_BANNER_DEFAULT_PORT).toBe(9999);
    expect(tcpBanner.ports(Object.create(null))).toEqual([{ port: 9999, protocol: 'tcp' }]);
    const config = coerceServiceConfig(tcpBanner.fields, { port: '2222' });
    expect(tcpBanner.ports(config)).toEqual([{ port: 2222, protocol: 'tcp' }]);
  });

  it('refuses ports outside 1–65535 and decodes b64: banners', () => {
    expect(() => coerceServiceConfig(tcpBanner.fields, { port: '70000' })).toThrow(/port/);
    const config = coerceServiceConfig(tcpBanner.fields, {
      banner: `b64:${Buffer.from('Hi\nthere').toString('base64')}`,
    });
    expect(config.banner).toBe('Hi\nthere');
  });

  it('ends a banner with CRLF unless it already ends a line; empty sends nothing', () => {
    expect(bannerBytes('220 x')?.toString()).toBe('220 x\r\n');
    expect(bannerBytes('a\nb\n')?.toString()).toBe('a\nb\n');
    expect(bannerBytes('')).toBeNull();
  });
});

describe('tcp_banner on a real socket', () => {
  it('greets, logs connect, the first line and disconnect with duration and bytes', async () => {
    served = await serveTcp(tcpBanner, {
      config: { banner: 'SuperServ 1.0 ready', protocol_name: 'superserv' },
    });
    const client = await TestClient.connect(served.port);
    const clientPort = String(client.socket.localPort);
    expect((await client.receive(21)).toString()).toBe('SuperServ 1.0 ready\r\n');
    client.send('HELLO there\r\n');
    const [data] = await served.sink.until('data_received');
    await client.end();
    const [disconnect] = await served.sink.until('disconnect');

    const [connect] = served.sink.records('connect');
    expect(connect).toMatchObject({
      decky: 'decky-01',
      service: 'tcp_banner',
      attackerIp: '127.0.0.1',
      fields: { src_ip: '127.0.0.1', src_port: clientPort },
    });
    expect(data?.fields).toEqual({
      src_ip: '127.0.0.1',
      src_port: clientPort,
      dst_port: String(served.port),
      transport: 'tcp',
      bytes: '13',
      data_printable: 'HELLO there\\r\\n',
      data_b64: Buffer.from('HELLO there\r\n').toString('base64'),
      data_truncated: 'false',
      protocol: 'superserv',
    });
    expect(disconnect?.fields).toMatchObject({
      src_ip: '127.0.0.1',
      bytes_in: '13',
      bytes_out: '21',
      reason: 'client_closed',
    });
    expect(disconnect?.fields.duration_s).toMatch(/^\d+\.\d{3}$/);
    expect(served.sink.records().map((r) => r.eventType)).toEqual(['connect', 'data_received', 'disconnect']);
  });

  it('logs binary first bytes exactly, cut at maxLoggedBytes, and keeps reading after', async () => {
    served = await serveTcp(tcpBanner, { limits: { maxLoggedBytes: 16 } });
    const client = await TestClient.connect(served.port);
    const payload = Buffer.from(
      Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff).filter((b) => b !== 0x0a),
    );
    client.send(payload);
    const [data] = await served.sink.until('data_received');
    expect(decode(data?.fields.data_b64)).toEqual(payload.subarray(0, 16));
    expect(data?.fields.data_truncated).toBe('true');
    expect(Number(data?.fields.bytes)).toBeGreaterThanOrEqual(16);
    await client.end();
    const [disconnect] = await served.sink.until('disconnect');
    expect(disconnect?.fields.bytes_in).toBe(String(payload.length));
    expect(served.sink.records('data_received')).toHaveLength(1);
  });

  it('turns hostile bytes (NUL, invalid UTF-8, ] " \\) into a valid line that reads back exactly', async () => {
    served = await serveTcp(tcpBanner);
    const client = await TestClient.connect(served.port);
    const hostile = Buffer.concat([
      Buffer.from('] " \\ [relay@55555 src_ip="6.6.6.6"] \x00'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x1b, 0x5b, 0x32, 0x4a]),
      Buffer.from('\r\n'),
    ]);
    client.send(hostile);
    const [data] = await served.sink.until('data_received');
    await client.end();
    await served.sink.until('disconnect');
    // records() parses every line and fails on any that does not parse.
    expect(served.sink.records()).toHaveLength(3);
    expect(data?.attackerIp).toBe('127.0.0.1');
    expect(decode(data?.fields.data_b64)).toEqual(hostile);
    expect(data?.fields.data_printable).toBe(
      '] " \\\\ [relay@55555 src_ip="6.6.6.6"] \\x00\\xc3(\\xff\\xfe\\xed\\xa0\\x80\\x1b[2J\\r\\n',
    );
    for (const line of served.sink.lines) expect(line).not.toMatch(/[\x00-\x1f]/);
  });

  it('logs first bytes that never end a line once the client closes', async () => {
    served = await serveTcp(tcpBanner);
    const client = await TestClient.connect(served.port);
    client.send('no newline');
    await client.end();
    const [data] = await served.sink.until('data_received');
    expect(decode(data?.fields.data_b64).toString()).toBe('no newline');
    expect(served.sink.records().map((r) => r.eventType)).toEqual(['connect', 'data_received', 'disconnect']);
  });

  it('logs first bytes that never end a line 5 s after the first byte', async () => {
    const clock = new ManualClock();
    served = await serveTcp(tcpBanner, { clock });
    const client = await TestClient.connect(served.port);
    await client.receive(1);
    client.send('\x16\x03\x01');
    await clock.untilSleeping();
    await clock.advance(4_999);
    expect(served.sink.records('data_received')).toHaveLength(0);
    await clock.advance(1);
    const [data] = await served.sink.until('data_received');
    expect(data?.fields.data_printable).toBe('\\x16\\x03\\x01');
    expect(client.isOpen).toBe(true);
    client.socket.destroy();
  });

  it('sends nothing when the banner is set empty (b64:), and logs a silent client as connect and disconnect only', async () => {
    served = await serveTcp(tcpBanner, { config: { banner: 'b64:' }, limits: { idleTimeoutMs: 100 } });
    const client = await TestClient.connect(served.port);
    await client.closed;
    expect(client.data.length).toBe(0);
    await served.sink.until('disconnect');
    expect(served.sink.records().map((r) => r.eventType)).toEqual(['connect', 'disconnect']);
  });

  it('holds the banner back while the decky is tarpitted (delay 200 ms)', async () => {
    served = await serveTcp(tcpBanner, { config: { banner: 'slow' }, throttle: { delayMs: () => 200 } });
    const started = Date.now();
    const client = await TestClient.connect(served.port);
    expect((await client.receive(6)).toString()).toBe('slow\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    client.socket.destroy();
  });

  it('keeps a tarpitted connection open while its banner drips, even when the delay exceeds the idle timeout', async () => {
    const banner = 'a'.repeat(20);
    served = await serveTcp(tcpBanner, {
      config: { banner },
      limits: { idleTimeoutMs: 100 },
      throttle: { delayMs: () => 250 },
    });
    const client = await TestClient.connect(served.port);
    // Two slices (16 + 6 bytes incl. CRLF), 250 ms apart: each gap is longer than the idle timeout.
    expect((await client.receive(22)).toString()).toBe(`${banner}\r\n`);
    await client.closed;
    expect((await served.sink.until('disconnect'))[0]?.fields.reason).toBe('idle_timeout');
  });

  it('closes every connection on close(), logging shutdown', async () => {
    served = await serveTcp(tcpBanner);
    const client = await TestClient.connect(served.port);
    await served.sink.until('connect');
    await served.instance.close();
    await client.closed;
    expect((await served.sink.until('disconnect'))[0]?.fields.reason).toBe('shutdown');
  });
});
