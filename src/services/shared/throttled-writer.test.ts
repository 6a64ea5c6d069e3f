import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock.js';
import { TestClient } from '../testing.js';
import { closeReason } from './close-reason.js';
import { ThrottledWriter } from './throttled-writer.js';

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A connected pair: the server side (what the writer writes to) and a test client. */
async function pair(): Promise<{ socket: Socket; client: TestClient }> {
  let accepted: (s: Socket) => void = () => {};
  const serverSide = new Promise<Socket>((resolve) => {
    accepted = resolve;
  });
  server = createServer((s) => accepted(s));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const client = await TestClient.connect(address.port);
  return { socket: await serverSide, client };
}

function throttle(initial: number) {
  let delay = initial;
  return {
    delayMs: () => delay,
    set(ms: number) {
      delay = ms;
    },
  };
}

describe('ThrottledWriter', () => {
  it('writes at once when the decky is not tarpitted', async () => {
    const { socket, client } = await pair();
    const writer = new ThrottledWriter(socket, { throttle: throttle(0), clock: new ManualClock() });
    writer.write('hello\r\n');
    expect((await client.receive(7)).toString()).toBe('hello\r\n');
    socket.destroy();
  });

  it('holds each slice back by the delay and drips dripBytes per delay', async () => {
    const { socket, client } = await pair();
    const clock = new ManualClock();
    const writer = new ThrottledWriter(socket, { throttle: throttle(200), clock, dripBytes: 4 });
    writer.write('ABCDEFGHIJ');
    await clock.untilSleeping();
    await clock.advance(199);
    expect(socket.bytesWritten).toBe(0);
    expect(writer.pending).toBe(10);

    await clock.advance(1);
    expect((await client.receive(4)).toString()).toBe('ABCD');
    await clock.untilSleeping();
    await clock.advance(200);
    expect((await client.receive(8)).toString()).toBe('ABCDEFGH');
    await clock.untilSleeping();
    await clock.advance(200);
    expect((await client.receive(10)).toString()).toBe('ABCDEFGHIJ');
    expect(writer.pending).toBe(0);
    socket.destroy();
  });

  it('keeps order: a write while slices are queued waits behind them even if the tarpit lifts', async () => {
    const { socket, client } = await pair();
    const clock = new ManualClock();
    const t = throttle(100);
    const writer = new ThrottledWriter(socket, { throttle: t, clock, dripBytes: 2 });
    writer.write('abcd');
    await clock.untilSleeping();
    t.set(0);
    writer.write('ef');
    await clock.advance(100);
    // The slice that was waiting goes as a drip; then, with the tarpit lifted, everything else at once.
    expect((await client.receive(6)).toString()).toBe('abcdef');
    socket.destroy();
  });

  it('ends the connection only after the queued bytes have gone out', async () => {
    const { socket, client } = await pair();
    const clock = new ManualClock();
    const writer = new ThrottledWriter(socket, { throttle: throttle(50), clock, dripBytes: 3 });
    writer.write('bye\r\n');
    writer.end();
    writer.write('ignored');
    for (let i = 0; i < 2; i++) {
      await clock.untilSleeping();
      await clock.advance(50);
    }
    await client.closed;
    expect(client.data.toString()).toBe('bye\r\n');
    expect(closeReason(socket)).toBe('server_closed');
  });

  it('drops a client that would make it hold more than maxQueuedBytes (write_stalled)', async () => {
    const { socket, client } = await pair();
    const writer = new ThrottledWriter(socket, {
      throttle: throttle(1000),
      clock: new ManualClock(),
      maxQueuedBytes: 1024,
    });
    writer.write(Buffer.alloc(1000));
    writer.write(Buffer.alloc(100));
    await client.closed;
    expect(closeReason(socket)).toBe('write_stalled');
  });

  it('drops a client that never reads once the socket buffer passes the cap, unthrottled too', async () => {
    const { socket, client } = await pair();
    client.socket.pause();
    const writer = new ThrottledWriter(socket, {
      throttle: throttle(0),
      clock: new ManualClock(),
      maxQueuedBytes: 256 * 1024,
    });
    const chunk = Buffer.alloc(64 * 1024);
    // The kernel's buffers fill first; after that Node buffers, and the writer stops it at the cap.
    for (let sent = 0; !socket.destroyed && sent < 512 * 1024 * 1024; sent += chunk.length) {
      writer.write(chunk);
      await new Promise((r) => setImmediate(r));
    }
    expect(socket.destroyed).toBe(true);
    expect(closeReason(socket)).toBe('write_stalled');
    client.socket.destroy();
  });

  it('abandons its pending drip when the connection closes', async () => {
    const { socket } = await pair();
    const clock = new ManualClock();
    const writer = new ThrottledWriter(socket, { throttle: throttle(1000), clock });
    writer.write('never sent');
    await clock.untilSleeping();
    socket.destroy();
    await new Promise((r) => socket.once('close', r));
    expect(clock.sleepers).toBe(0);
  });
});
