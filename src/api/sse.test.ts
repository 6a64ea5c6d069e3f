import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SseClient } from '../../test/support/sse.js';
import { ManualClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import type { Principal } from './auth/principal.js';
import { installErrorHandling } from './errors.js';
import { installStreams, SSE_LIMITS, type SseStream } from './sse.js';

const NOW = Date.UTC(2026, 10, 28, 12);

function principal(username: string, expiresMs = NOW + 3_600_000): Principal {
  return {
    uuid: `uuid-${username}`,
    username,
    role: 'viewer',
    mustChangePassword: false,
    jti: 'j',
    expiresMs,
    issuedMs: NOW,
  };
}

/**
 * A bare app with the stream hub and one route: the caller is named by `x-user` (the real access hook
 * is tested with the API), and every opened stream is handed to the test.
 */
async function streamApp(clock: ManualClock, expiresMs?: number) {
  const app = Fastify({ logger: false });
  installErrorHandling(app, silentLogger);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    request.principal = principal(String(request.headers['x-user'] ?? 'alice'), expiresMs);
    reply.header('x-content-type-options', 'nosniff');
  });
  installStreams(app, clock, silentLogger);
  const opened: SseStream[] = [];
  app.get('/s', async (request, reply) => {
    opened.push(app.streams.open(request, reply));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, opened, url: `http://127.0.0.1:${address.port}/s`, port: address.port };
}

describe('SSE writer', () => {
  let clock: ManualClock;
  let app: FastifyInstance;
  let opened: SseStream[];
  let url: string;
  let port: number;
  const clients: SseClient[] = [];

  beforeEach(async () => {
    clock = new ManualClock(NOW);
    ({ app, opened, url, port } = await streamApp(clock));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await app.close();
  });

  const open = async (user = 'alice') => {
    const client = await SseClient.open(url, { 'x-user': user });
    clients.push(client);
    return client;
  };

  it('answers an event stream with the headers the hooks set and a retry line first', async () => {
    const client = await open();
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.headers['cache-control']).toBe('no-store');
    expect(client.headers['x-accel-buffering']).toBe('no');
    expect(client.headers['x-content-type-options']).toBe('nosniff');
    await client.waitFor('the retry line', (c) => c.text.length > 0);
    expect(client.text).toBe(`retry: ${SSE_LIMITS.retryMs}\n\n`);
  });

  it('frames id, event and JSON data; line breaks inside data stay escaped in one data line', async () => {
    const client = await open();
    await client.waitFor('the retry line', (c) => c.text.includes('retry'));
    opened[0]!.send('logs', { msg: 'a\nb\r\nc', n: 1 }, 42);
    opened[0]!.send('stats', { logs: 3 });
    await client.waitForEvents('stats');
    expect(client.text).toContain('id: 42\nevent: logs\ndata: {"msg":"a\\nb\\r\\nc","n":1}\n\n');
    expect(client.events()).toEqual([
      { id: '42', event: 'logs', data: '{"msg":"a\\nb\\r\\nc","n":1}' },
      { event: 'stats', data: '{"logs":3}' },
    ]);
  });

  it('refuses event names and ids that would break the framing', async () => {
    await open();
    expect(() => opened[0]!.send('logs\ndata: x', {})).toThrow(/event name/);
    expect(() => opened[0]!.send('logs', {}, '1\n2')).toThrow(/event id/);
  });

  it('sends a heartbeat comment every 15 s of the injected clock, and none before', async () => {
    const client = await open();
    await client.waitFor('the retry line', (c) => c.text.includes('retry'));
    await clock.untilSleeping();
    await clock.advance(SSE_LIMITS.heartbeatMs - 1);
    opened[0]!.send('mark', {});
    await client.waitForEvents('mark');
    expect(client.text).not.toContain(': heartbeat');
    await clock.advance(1);
    await client.waitFor('a heartbeat', (c) => c.text.includes(': heartbeat\n\n'));
    await clock.advance(SSE_LIMITS.heartbeatMs);
    await client.waitFor('a second heartbeat', (c) => c.text.split(': heartbeat').length === 3);
  });

  it('caps each user at 5 open streams with 429, and frees a place when one closes', async () => {
    const mine = [];
    for (let i = 0; i < SSE_LIMITS.maxStreamsPerUser; i++) mine.push(await open('alice'));
    expect(mine.every((c) => c.status === 200)).toBe(true);
    const sixth = await open('alice');
    expect(sixth.status).toBe(429);
    await sixth.end;
    expect(JSON.parse(sixth.text)).toMatchObject({ code: 'too_many_streams' });
    // Another user has their own allowance.
    expect((await open('bob')).status).toBe(200);

    const closing = opened[0]!;
    mine[0]!.close();
    await new Promise<void>((resolve) => closing.onClose(resolve));
    expect((await open('alice')).status).toBe(200);
  });

  it('runs the cleanup of a stream once when the client goes away', async () => {
    const client = await open();
    let cleaned = 0;
    opened[0]!.onClose(() => cleaned++);
    const gone = new Promise<void>((resolve) => opened[0]!.onClose(resolve));
    client.close();
    await gone;
    expect(cleaned).toBe(1);
    expect(opened[0]!.closed).toBe(true);
    expect(opened[0]!.send('logs', {})).toBe(false);
  });

  it('drops a client that stops reading instead of buffering without bound', async () => {
    // A raw socket that sends the request and never reads the answer.
    const socket = connect(port, '127.0.0.1');
    socket.pause();
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET /s HTTP/1.1\r\nhost: x\r\nx-user: slow\r\n\r\n');
    while (opened.length === 0) await new Promise<void>((r) => setImmediate(r));
    const stream = opened[0]!;
    const chunk = { pad: 'x'.repeat(64 * 1024) };
    let sent = 0;
    // Kernel buffers take a few MiB first; the bound is reached well before 64 MiB.
    while (stream.send('fill', chunk) && sent < 1024) {
      sent++;
      await new Promise<void>((r) => setImmediate(r));
    }
    expect(stream.closed).toBe(true);
    expect(sent).toBeLessThan(1024);
    socket.destroy();
  });

  it('ends open streams when the app closes, so close() does not wait on them', async () => {
    const a = await open('alice');
    const b = await open('bob');
    await app.close();
    await Promise.all([a.end, b.end]);
    expect(a.text).toContain('retry:');
    expect(opened.every((s) => s.closed)).toBe(true);
  });

  it('ends a stream at the first heartbeat after its token expired', async () => {
    await app.close();
    ({ app, opened, url, port } = await streamApp(clock, NOW + 20_000));
    const client = await open();
    await client.waitFor('the retry line', (c) => c.text.includes('retry'));
    await clock.untilSleeping();
    await clock.advance(SSE_LIMITS.heartbeatMs);
    await client.waitFor('a heartbeat', (c) => c.text.includes(': heartbeat'));
    await clock.advance(SSE_LIMITS.heartbeatMs);
    await client.end;
    expect(client.text.split(': heartbeat').length).toBe(2);
  });
});
