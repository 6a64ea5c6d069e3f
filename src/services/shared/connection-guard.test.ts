import { afterEach, describe, expect, it } from 'vitest';
import { tcpBanner } from '../tcp-banner/index.js';
import { type Served, serveTcp, TestClient } from '../testing.js';
import { ConnectionGuard, defaultServiceLimits } from './connection-guard.js';

let served: Served | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await served?.close();
  expect(served?.errors ?? []).toEqual([]);
  served = null;
});

async function open(port: number): Promise<TestClient> {
  const client = await TestClient.connect(port);
  clients.push(client);
  return client;
}

describe('defaultServiceLimits', () => {
  it('are 120 s idle, 1 MiB per connection, 1 KiB logged', () => {
    expect(defaultServiceLimits).toEqual({
      idleTimeoutMs: 120_000,
      maxBytesPerConnection: 1024 * 1024,
      maxLoggedBytes: 1024,
    });
  });
});

describe('ConnectionGuard', () => {
  it('by default admits 64 connections from one source IP and refuses the 65th', async () => {
    served = await serveTcp(tcpBanner, { guard: {} });
    for (let i = 0; i < 64; i++) await open(served.port);
    await served.sink.until('connect', 64);
    const refused = await open(served.port);
    await refused.closed;
    expect(served.guard.stats).toMatchObject({
      active: 64,
      admitted: 64,
      refusedPerSource: 1,
      refusedTotal: 0,
    });
  });

  it('rejects limits that are not positive integers', () => {
    expect(() => new ConnectionGuard({ maxPerSource: 0 })).toThrow(/maxPerSource must be a positive integer/);
    expect(() => new ConnectionGuard({ idleTimeoutMs: 1.5 })).toThrow(/idleTimeoutMs/);
  });

  it('refuses the connection past the per-source cap at once, and admits again once one closes', async () => {
    served = await serveTcp(tcpBanner, { guard: { maxPerSource: 3 } });
    const admitted = [await open(served.port), await open(served.port), await open(served.port)];
    await served.sink.until('connect', 3);

    const refused = await open(served.port);
    await refused.closed;
    expect(refused.data.length).toBe(0);
    expect(served.guard.stats).toMatchObject({ active: 3, sources: 1, admitted: 3, refusedPerSource: 1 });
    expect(served.sink.records('connect')).toHaveLength(3);
    for (const c of admitted) expect(c.isOpen).toBe(true);

    await admitted[0]?.end();
    await served.sink.until('disconnect', 1);
    const again = await open(served.port);
    await again.receive(1);
    expect(served.guard.stats).toMatchObject({ active: 3, admitted: 4, refusedPerSource: 1 });
  });

  it('refuses past the per-decky cap whatever the source', async () => {
    served = await serveTcp(tcpBanner, { guard: { maxPerSource: 10, maxTotal: 2 } });
    await open(served.port);
    await open(served.port);
    await served.sink.until('connect', 2);
    const refused = await open(served.port);
    await refused.closed;
    expect(served.guard.stats).toMatchObject({ active: 2, refusedTotal: 1, refusedPerSource: 0 });
  });

  it('closes a connection idle for the timeout, logging idle_timeout', async () => {
    served = await serveTcp(tcpBanner, { limits: { idleTimeoutMs: 150 } });
    const started = Date.now();
    const client = await open(served.port);
    await client.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const [disconnect] = await served.sink.until('disconnect');
    expect(disconnect?.fields.reason).toBe('idle_timeout');
    expect(served.guard.stats.closedIdle).toBe(1);
  });

  it('resets the idle timer on client data', async () => {
    served = await serveTcp(tcpBanner, { limits: { idleTimeoutMs: 300 } });
    const client = await open(served.port);
    await client.receive(1);
    // Five sends 100 ms apart span 500 ms, longer than the timeout, yet no gap reaches it.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect(client.isOpen).toBe(true);
      client.send('x');
    }
    expect(client.isOpen).toBe(true);
    await client.closed;
    expect((await served.sink.until('disconnect'))[0]?.fields.reason).toBe('idle_timeout');
  });

  it('cuts a client flooding 10 MB at the byte limit, having read no more than one chunk past it', async () => {
    const limit = 256 * 1024;
    served = await serveTcp(tcpBanner, { limits: { maxBytesPerConnection: limit } });
    const client = await open(served.port);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let offered = 0;
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (client.isOpen && offered < 10 * 1024 * 1024) {
          offered += chunk.length;
          if (!client.socket.write(chunk)) return void client.socket.once('drain', pump);
        }
        resolve();
      };
      client.closed.then(() => resolve());
      pump();
    });
    await client.closed;
    const [disconnect] = await served.sink.until('disconnect');
    expect(disconnect?.fields.reason).toBe('byte_limit');
    // What the server read: past the limit by at most one socket read (64 KiB), nowhere near 10 MB.
    const bytesIn = Number(disconnect?.fields.bytes_in);
    expect(bytesIn).toBeGreaterThan(limit);
    expect(bytesIn).toBeLessThanOrEqual(limit + 64 * 1024);
    // And the log kept only the capture's cap of it.
    const [data] = served.sink.records('data_received');
    expect(Buffer.from(data?.fields.data_b64 ?? '', 'base64')).toHaveLength(1024);
    expect(served.guard.stats.closedByteLimit).toBe(1);
  });

  it('closeAll ends every connection with reason shutdown', async () => {
    served = await serveTcp(tcpBanner);
    const a = await open(served.port);
    const b = await open(served.port);
    await served.sink.until('connect', 2);
    await served.guard.closeAll();
    await Promise.all([a.closed, b.closed]);
    const reasons = (await served.sink.until('disconnect', 2)).map((r) => r.fields.reason);
    expect(reasons).toEqual(['shutdown', 'shutdown']);
    expect(served.guard.stats).toMatchObject({ active: 0, sources: 0 });
  });
});
