import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../config/urls.js';
import { isAbortError, ManualClock } from '../runtime/clock.js';
import { BusError } from './bus.js';
import { busConformance, captureLogger, Inbox, SteppingClock } from './conformance.js';
import { createBus } from './factory.js';
import { BUS_LIMITS } from './limits.js';
import { connectNatsBus, defaultStreamName, type NatsBus } from './nats.js';

const URL = process.env.DECNET_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
/** One namespace (and stream) per run of this file, deleted afterwards. */
const NAMESPACE = `test_${randomBytes(4).toString('hex')}`;
/** Server-side redelivery delays are real time: keep them short. */
const REDELIVERY_BASE_MS = 20;

const opened: NatsBus[] = [];

async function open(namespace = NAMESPACE, logger = captureLogger()): Promise<NatsBus> {
  const bus = await connectNatsBus({ url: URL, namespace, logger, redeliveryBaseMs: REDELIVERY_BASE_MS });
  opened.push(bus);
  return bus;
}

afterAll(async () => {
  await Promise.all(opened.map((bus) => bus.close()));
  const nc = await connect({ servers: URL });
  const jsm = await jetstreamManager(nc);
  for (const ns of [NAMESPACE, `${NAMESPACE}_other`]) {
    await jsm.streams.delete(defaultStreamName(ns)).catch(() => false);
  }
  await nc.close();
});

busConformance('nats', async () => {
  const logs = captureLogger();
  return { a: await open(NAMESPACE, logs), b: await open(NAMESPACE, logs), logs, tick: async () => {} };
});

/** A TCP port nobody listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Drives a connect loop on a manual clock until it settles; returns the settled result. */
async function driveConnect<T>(clock: SteppingClock, attempt: Promise<T>): Promise<PromiseSettledResult<T>> {
  let settled: PromiseSettledResult<T> | null = null;
  const done = attempt.then(
    (value) => {
      settled = { status: 'fulfilled', value };
    },
    (reason) => {
      settled = { status: 'rejected', reason };
    },
  );
  for (let i = 0; i < 100 && !settled; i++) {
    await Promise.race([clock.untilSleeping(), done]);
    if (settled) break;
    await clock.advanceToNextWake();
  }
  await done;
  if (!settled) throw new Error('connect loop never settled');
  return settled;
}

describe('nats bus', () => {
  it('stores events under <namespace>.<topic> in the DECNET_<NS> stream', async () => {
    const bus = await open();
    const event = await bus.publish('layout.check', 'x', { n: 1 });
    const info = await bus.jsm.streams.info(defaultStreamName(NAMESPACE));
    expect(info.config.subjects).toEqual([`${NAMESPACE}.>`]);
    expect(info.config.max_age).toBe(BUS_LIMITS.natsStreamMaxAgeMs * 1_000_000);
    expect(info.config.max_bytes).toBe(BUS_LIMITS.natsStreamMaxBytes);
    const stored = await bus.jsm.streams.getMessage(defaultStreamName(NAMESPACE), {
      last_by_subj: `${NAMESPACE}.layout.check`,
    });
    expect(stored?.json()).toEqual(event);
    expect(stored?.header.get('Nats-Msg-Id')).toBe(event.id);
  });

  it('keeps namespaces apart on one server', async () => {
    const here = await open();
    const there = await open(`${NAMESPACE}_other`);
    const seenHere = new Inbox();
    const seenThere = new Inbox();
    await here.subscribe('iso.>', seenHere.handler);
    await there.subscribe('iso.>', seenThere.handler);
    await there.publish('iso.x', 'x', { seq: 1 });
    await here.publish('iso.x', 'x', { seq: 2 });
    await seenHere.until(1);
    await seenThere.until(1);
    expect(seenHere.seqs).toEqual([2]);
    expect(seenThere.seqs).toEqual([1]);
  });

  it('connecting again to an existing stream is idempotent and applies new limits', async () => {
    const bus = await connectNatsBus({ url: URL, namespace: NAMESPACE, maxAgeMs: 3_600_000 });
    opened.push(bus);
    const info = await bus.jsm.streams.info(defaultStreamName(NAMESPACE));
    expect(info.config.max_age).toBe(3_600_000 * 1_000_000);
    await bus.close();
    const again = await open();
    expect((await again.jsm.streams.info(defaultStreamName(NAMESPACE))).config.max_age).toBe(
      BUS_LIMITS.natsStreamMaxAgeMs * 1_000_000,
    );
  });

  it('drops a message in the namespace that is not a bus envelope, and keeps going', async () => {
    const logs = captureLogger();
    const bus = await open(NAMESPACE, logs);
    const inbox = new Inbox();
    await bus.subscribe('raw.*', inbox.handler, { durable: 'raw_reader' });
    await bus.js.publish(`${NAMESPACE}.raw.x`, 'not json');
    await bus.js.publish(
      `${NAMESPACE}.raw.y`,
      JSON.stringify({ v: 1, id: 'x', topic: 'raw.other', type: 't', ts: 1, payload: {} }),
    );
    await bus.publish('raw.z', 'x', { seq: 3 });
    await inbox.until(1);
    expect(inbox.seqs).toEqual([3]);
    expect(logs.lines.filter((l) => /malformed/.test(l.msg))).toHaveLength(2);
    await bus.deleteDurable('raw_reader');
  });

  it('gives up on an unreachable server after the timeout, with one line per attempt and a clear error', async () => {
    const port = await closedPort();
    const url = `nats://127.0.0.1:${port}`;
    const clock = new SteppingClock();
    const logs = captureLogger();
    const result = await driveConnect(
      clock,
      connectNatsBus({ url, clock, logger: logs, connectTimeoutMs: 30_000 }),
    );
    expect(result.status).toBe('rejected');
    const err = (result as PromiseRejectedResult).reason as Error;
    expect(err).toBeInstanceOf(BusError);
    expect(err.message).toContain(url);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.message).toMatch(/Check that nats-server is running/);
    // Waits of 0.5, 1, 2, 4, 5, 5, 5, 5 s (27.5 s), then 2.5 s to the deadline, then a last attempt: 10 attempts.
    const warnings = logs.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(9);
    expect(err.message).toMatch(/after 10 attempts over 30 s/);
    expect(warnings[0]?.msg).toBe(`NATS at ${url} unreachable (ECONNREFUSED); retrying in 500 ms`);
    expect(warnings[3]?.msg).toBe(`NATS at ${url} unreachable (ECONNREFUSED); retrying in 4 s`);
    expect(warnings[8]?.msg).toBe(`NATS at ${url} unreachable (ECONNREFUSED); retrying in 2.5 s`);
    expect(clock.now() - Date.UTC(2026, 0, 1)).toBe(30_000);
  });

  it('stops retrying as soon as the signal aborts', async () => {
    const port = await closedPort();
    const clock = new ManualClock();
    const controller = new AbortController();
    const attempt = connectNatsBus({ url: `nats://127.0.0.1:${port}`, clock, signal: controller.signal });
    await clock.untilSleeping();
    controller.abort();
    const err = await attempt.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
  });

  it('never logs the credentials of the URL', () => {
    expect(redactUrl('nats://user:s3cret@host:4222')).toBe('nats://user:***@host:4222');
    expect(redactUrl('nats://host:4222')).toBe('nats://host:4222');
  });

  it('refuses a bad namespace', async () => {
    await expect(connectNatsBus({ url: URL, namespace: 'a.b' })).rejects.toThrow(/namespace/);
  });
});

describe('createBus', () => {
  it('gives the in-process bus for no URL and memory://', async () => {
    for (const url of [undefined, '', 'memory://']) {
      const bus = await createBus(url);
      expect(bus.kind).toBe('memory');
      await bus.close();
    }
  });

  it('connects to NATS for nats://', async () => {
    const bus = await createBus(URL, { namespace: NAMESPACE });
    expect(bus.kind).toBe('nats');
    await bus.close();
  });

  it('refuses any other scheme, naming the ones it takes', async () => {
    await expect(createBus('redis://localhost:6379')).rejects.toThrow(/memory:\/\/.*nats:\/\//);
    await expect(createBus('unix:///run/decnet/bus.sock')).rejects.toThrow(BusError);
  });
});
