/**
 * The one behavioural test suite both bus implementations must pass (`memory.test.ts`, `nats.test.ts`).
 * It pins the contract written in `bus.ts`. Tests wait for events, never for time: each wait resolves
 * when the handler has seen what the test expects, with a 10 s safety net that fails the test.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock.js';
import { type Bus, BusClosedError, BusError, type BusLogger, type Subscription } from './bus.js';
import { type BusEvent, EventTooLargeError, InvalidEventError } from './envelope.js';
import { InvalidSubjectError } from './subject.js';

/** Safety net only: a passing test never waits this long. */
const WAIT_LIMIT_MS = 10_000;

export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

export interface CapturingLogger extends BusLogger {
  readonly lines: CapturedLog[];
  /** Resolves with the first line (past or future) that satisfies `predicate`. */
  waitFor(predicate: (line: CapturedLog) => boolean, label?: string): Promise<CapturedLog>;
}

export function captureLogger(): CapturingLogger {
  const lines: CapturedLog[] = [];
  const waiters: Array<{ predicate: (line: CapturedLog) => boolean; resolve: (line: CapturedLog) => void }> =
    [];
  const record = (level: CapturedLog['level']) => (obj: object, msg?: string) => {
    const line: CapturedLog = { level, obj: obj as Record<string, unknown>, msg: msg ?? '' };
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.predicate(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    waitFor(predicate, label = 'log line') {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return withLimit(
        new Promise((resolve) => waiters.push({ predicate, resolve })),
        `waiting for ${label}`,
      );
    },
  };
}

function withLimit<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Records the events a handler receives; `until(n)` resolves once it has seen n of them. */
export class Inbox {
  readonly events: BusEvent[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  readonly handler = (event: BusEvent): void => {
    this.events.push(event);
    this.wake();
  };

  get topics(): string[] {
    return this.events.map((e) => e.topic);
  }

  get seqs(): unknown[] {
    return this.events.map((e) => e.payload.seq);
  }

  until(count: number, label = 'events'): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return withLimit(
      new Promise<void>((resolve) => this.waiters.push({ count, resolve })),
      `waiting for ${count} ${label} (have ${this.events.length})`,
    );
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.events.length < w.count) return true;
      w.resolve();
      return false;
    });
  }
}

/** A manual clock that can jump to its next pending wake-up, so one tick releases one redelivery. */
export class SteppingClock extends ManualClock {
  private readonly wakes: number[] = [];

  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const at = this.now() + Math.max(0, ms);
    this.wakes.push(at);
    return super.sleep(ms, signal).finally(() => this.wakes.splice(this.wakes.indexOf(at), 1));
  }

  async advanceToNextWake(): Promise<void> {
    await this.untilSleeping();
    await this.advance(Math.min(...this.wakes) - this.now());
  }
}

export interface BusPair {
  /** Two handles onto one bus (one broker, one NATS namespace): what one publishes, the other sees. */
  a: Bus;
  b: Bus;
  /** The logger both handles log through. */
  logs: CapturingLogger;
  /**
   * Lets a pending redelivery happen: advances a manual clock past the backoff, or does nothing when
   * real (short) server-side delays drive redelivery.
   */
  tick(): Promise<void>;
}

function uniqueToken(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

export function busConformance(name: string, createPair: () => Promise<BusPair>): void {
  describe(`${name} bus conformance`, () => {
    let pair: BusPair;
    let t: string;

    beforeEach(async () => {
      pair = await createPair();
      t = uniqueToken();
    });

    afterEach(async () => {
      await pair.a.close();
      await pair.b.close();
    });

    describe('patterns', () => {
      it('`*` matches exactly one token at its position', async () => {
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.*.state`, inbox.handler);
        for (const topic of [
          `${t}.d1.state`,
          `${t}.d1.x.state`,
          `${t}.state`,
          `${t}.d1.statex`,
          `${t}.d2.state`,
        ]) {
          await pair.b.publish(topic, 'state', {});
        }
        await inbox.until(2);
        expect(inbox.topics).toEqual([`${t}.d1.state`, `${t}.d2.state`]);
      });

      it('`>` matches one or more trailing tokens, never the prefix alone', async () => {
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.w.>`, inbox.handler);
        for (const topic of [`${t}.w`, `${t}.w.a`, `${t}.wx.a`, `${t}.w.a.b.c`, `${t}.x.w.a`, `${t}.w.z`]) {
          await pair.b.publish(topic, 'x', {});
        }
        await inbox.until(3);
        expect(inbox.topics).toEqual([`${t}.w.a`, `${t}.w.a.b.c`, `${t}.w.z`]);
      });

      it('a literal pattern receives only its own topic', async () => {
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.exact`, inbox.handler);
        for (const topic of [`${t}.exact.more`, `${t}.other`, `${t}.exac`, `${t}.exact`]) {
          await pair.b.publish(topic, 'x', {});
        }
        await inbox.until(1);
        expect(inbox.topics).toEqual([`${t}.exact`]);
      });

      it("a subscription receives its own handle's events too", async () => {
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.self`, inbox.handler);
        await pair.a.publish(`${t}.self`, 'x', { n: 1 });
        await inbox.until(1);
        expect(inbox.events[0]?.payload).toEqual({ n: 1 });
      });

      it('refuses invalid topics, patterns and durable names with a clear error', async () => {
        await expect(pair.a.publish(`${t}..x`, 'x', {})).rejects.toThrow(InvalidEventError);
        await expect(pair.a.publish(`${t}.*`, 'x', {})).rejects.toThrow(/wildcard/);
        await expect(pair.a.publish(`${t}.x`, 'has space', {})).rejects.toThrow(/type/);
        await expect(pair.a.publish(`${t}.x`, 'x', [] as object)).rejects.toThrow(/JSON object/);
        await expect(pair.a.subscribe(`${t}.>.x`, () => {})).rejects.toThrow(InvalidSubjectError);
        await expect(pair.a.subscribe(`${t}.x`, () => {}, { durable: 'bad name' })).rejects.toThrow(BusError);
        await expect(pair.a.subscribe(`${t}.x`, () => {}, { durable: 'ok', maxDeliver: 0 })).rejects.toThrow(
          /maxDeliver/,
        );
      });
    });

    describe('envelope', () => {
      it('arrives with the id, ts, type, topic and payload the publisher gave it', async () => {
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.env`, inbox.handler);
        const payload = { n: 42, s: 'x', nested: { list: [1, 'two', null, true] }, text: 'é — 💥 <script>' };
        const sent = await pair.b.publish(`${t}.env`, 'env_test', payload, {
          id: `id-${t}`,
          ts: 1767225600.123456,
        });
        expect(sent).toEqual({
          v: 1,
          id: `id-${t}`,
          topic: `${t}.env`,
          type: 'env_test',
          ts: 1767225600.123456,
          payload,
        });
        const defaults = await pair.b.publish(`${t}.env`, 'env_test', { n: 2 });
        expect(defaults.id).toMatch(/^[0-9a-f]{32}$/);
        expect(typeof defaults.ts).toBe('number');
        await inbox.until(2);
        expect(inbox.events).toEqual([sent, defaults]);
      });

      it('a second publish with the same id is accepted but delivered once', async () => {
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.dup`, inbox.handler);
        await pair.b.publish(`${t}.dup`, 'x', { n: 1 }, { id: `dup-${t}` });
        await pair.b.publish(`${t}.dup`, 'x', { n: 1 }, { id: `dup-${t}` });
        await pair.b.publish(`${t}.dup`, 'x', { n: 2 });
        await inbox.until(2);
        expect(inbox.events.map((e) => e.payload.n)).toEqual([1, 2]);
      });

      it('refuses a 2 MiB payload with a clear error', async () => {
        const blob = 'x'.repeat(2 * 1024 * 1024);
        const attempt = pair.a.publish(`${t}.big`, 'x', { blob });
        await expect(attempt).rejects.toThrow(EventTooLargeError);
        await expect(attempt).rejects.toThrow(/2 MiB encoded; .* 1 MiB|2 MiB encoded/);
      });
    });

    describe('ordering', () => {
      it('delivers 1000 events in publish order, one handler call at a time', async () => {
        const ephemeral = new Inbox();
        const durable = new Inbox();
        let active = 0;
        let maxActive = 0;
        const slow = async (event: BusEvent) => {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise<void>((r) => setImmediate(r));
          active--;
          ephemeral.handler(event);
        };
        await pair.a.subscribe(`${t}.seq.*`, slow);
        await pair.a.subscribe(`${t}.seq.>`, durable.handler, { durable: `${t}-order` });
        const seqs = Array.from({ length: 1000 }, (_, i) => i);
        await Promise.all(seqs.map((seq) => pair.b.publish(`${t}.seq.${seq % 7}`, 'seq', { seq })));
        await ephemeral.until(1000);
        await durable.until(1000);
        expect(ephemeral.seqs).toEqual(seqs);
        expect(durable.seqs).toEqual(seqs);
        expect(maxActive).toBe(1);
        await pair.a.deleteDurable(`${t}-order`);
      });
    });

    describe('ephemeral subscriptions', () => {
      it('miss events published before they subscribed', async () => {
        await pair.b.publish(`${t}.late`, 'x', { seq: 1 });
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.late`, inbox.handler);
        await pair.b.publish(`${t}.late`, 'x', { seq: 2 });
        await inbox.until(1);
        expect(inbox.seqs).toEqual([2]);
      });

      it('log a failing handler and go on with the next event, without retrying', async () => {
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.eph`, (event) => {
          inbox.handler(event);
          if (event.payload.seq === 1) throw new Error('boom');
        });
        await pair.b.publish(`${t}.eph`, 'x', { seq: 1 });
        await pair.b.publish(`${t}.eph`, 'x', { seq: 2 });
        await inbox.until(2);
        await pair.logs.waitFor((l) => l.level === 'error' && (l.obj.err as Error)?.message === 'boom');
        expect(inbox.seqs).toEqual([1, 2]);
      });

      it('stop receiving once unsubscribed', async () => {
        const gone = new Inbox();
        const stays = new Inbox();
        const sub = await pair.a.subscribe(`${t}.unsub`, gone.handler);
        await pair.a.subscribe(`${t}.unsub`, stays.handler);
        await pair.b.publish(`${t}.unsub`, 'x', { seq: 1 });
        await gone.until(1);
        await sub.unsubscribe();
        await sub.unsubscribe();
        await pair.b.publish(`${t}.unsub`, 'x', { seq: 2 });
        await stays.until(2);
        expect(gone.seqs).toEqual([1]);
      });
    });

    describe('durable subscriptions', () => {
      it('keep what was published while the worker was stopped and deliver it in order on return', async () => {
        const durable = `${t}-worker`;
        const first = new Inbox();
        const sub = await pair.a.subscribe(`${t}.job.*`, first.handler, { durable });
        await pair.b.publish(`${t}.job.x`, 'job', { seq: 0 });
        await first.until(1);
        await sub.unsubscribe(); // worker stopped
        for (let seq = 1; seq <= 50; seq++) await pair.b.publish(`${t}.job.x`, 'job', { seq });
        await pair.b.publish(`${t}.other.x`, 'job', { seq: -1 });
        const second = new Inbox();
        await pair.a.subscribe(`${t}.job.*`, second.handler, { durable }); // worker back
        await second.until(50);
        await pair.b.publish(`${t}.job.x`, 'job', { seq: 51 });
        await second.until(51);
        expect(first.seqs).toEqual([0]);
        expect(second.seqs).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
        await pair.a.deleteDurable(durable);
      });

      it('hand what a stopped worker had not handled yet to the next one, in order', async () => {
        const durable = `${t}-handover`;
        const first = new Inbox();
        let release!: () => void;
        const held = new Promise<void>((r) => {
          release = r;
        });
        const sub = await pair.a.subscribe(
          `${t}.handover`,
          async (event) => {
            first.handler(event);
            if (event.payload.seq === 1) await held;
          },
          { durable },
        );
        for (let seq = 1; seq <= 10; seq++) await pair.b.publish(`${t}.handover`, 'x', { seq });
        await first.until(1);
        await sub.unsubscribe(); // while the handler is still busy with seq 1
        release();
        const second = new Inbox();
        await pair.b.subscribe(`${t}.handover`, second.handler, { durable });
        await second.until(9);
        await pair.b.publish(`${t}.handover`, 'x', { seq: 11 });
        await second.until(10);
        expect(first.seqs).toEqual([1]);
        expect(second.seqs).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        await pair.b.deleteDurable(durable);
      });

      it('are shared by every handle: another connection picks up where the first left off', async () => {
        const durable = `${t}-shared`;
        const sub = await pair.a.subscribe(`${t}.shared`, () => {}, { durable });
        await sub.unsubscribe();
        for (let seq = 1; seq <= 3; seq++) await pair.a.publish(`${t}.shared`, 'x', { seq });
        const inbox = new Inbox();
        await pair.b.subscribe(`${t}.shared`, inbox.handler, { durable });
        await inbox.until(3);
        expect(inbox.seqs).toEqual([1, 2, 3]);
        await pair.b.deleteDurable(durable);
      });

      it('redeliver an event whose handler threw, after the events behind it', async () => {
        const durable = `${t}-retry`;
        const inbox = new Inbox();
        let failed = false;
        let secondPublished = () => {};
        const second = new Promise<void>((resolve) => {
          secondPublished = resolve;
        });
        await pair.a.subscribe(
          `${t}.retry`,
          async (event) => {
            inbox.handler(event);
            if (event.payload.seq === 1 && !failed) {
              failed = true;
              // Fails once the event behind it is stored: on a loaded machine its publication could
              // otherwise take longer than the redelivery delay, and nothing would be behind it yet.
              await second;
              throw new Error('transient');
            }
          },
          { durable },
        );
        await pair.b.publish(`${t}.retry`, 'x', { seq: 1 });
        await pair.b.publish(`${t}.retry`, 'x', { seq: 2 });
        secondPublished();
        await inbox.until(2);
        await pair.tick();
        await inbox.until(3);
        expect(inbox.seqs).toEqual([1, 2, 1]);
        expect(inbox.events[2]?.id).toBe(inbox.events[0]?.id);
        await pair.logs.waitFor(
          (l) => l.level === 'warn' && /redelivering/.test(l.msg),
          'redelivery warning',
        );
        await pair.a.deleteDurable(durable);
      });

      it('give an event up after maxDeliver failed deliveries and carry on', async () => {
        const durable = `${t}-poison`;
        const inbox = new Inbox();
        let poisonCalls = 0;
        await pair.a.subscribe(
          `${t}.poison`,
          (event) => {
            inbox.handler(event);
            if (event.payload.seq === 1) {
              poisonCalls++;
              throw new Error('poison');
            }
          },
          { durable, maxDeliver: 3 },
        );
        await pair.b.publish(`${t}.poison`, 'x', { seq: 1 });
        await inbox.until(1);
        await pair.tick();
        await inbox.until(2);
        await pair.tick();
        await inbox.until(3);
        await pair.logs.waitFor((l) => l.level === 'error' && /giving up/.test(l.msg), 'give-up error');
        await pair.b.publish(`${t}.poison`, 'x', { seq: 2 });
        await inbox.until(4);
        expect(poisonCalls).toBe(3);
        expect(inbox.seqs).toEqual([1, 1, 1, 2]);
        await pair.a.deleteDurable(durable);
      });

      it('let a handler unsubscribe its own subscription', async () => {
        const durable = `${t}-self-stop`;
        const inbox = new Inbox();
        let sub: Subscription | null = null;
        let stopped!: () => void;
        const stoppedPromise = new Promise<void>((r) => {
          stopped = r;
        });
        sub = await pair.a.subscribe(
          `${t}.stop`,
          async (event) => {
            inbox.handler(event);
            await sub?.unsubscribe();
            stopped();
          },
          { durable },
        );
        await pair.b.publish(`${t}.stop`, 'x', { seq: 1 });
        await pair.b.publish(`${t}.stop`, 'x', { seq: 2 }); // races the unsubscribe
        await withLimit(stoppedPromise, 'self-unsubscribe');
        // The event that was running was acknowledged; the next one waits for the next subscriber.
        const next = new Inbox();
        await pair.b.subscribe(`${t}.stop`, next.handler, { durable });
        await next.until(1);
        expect(inbox.seqs).toEqual([1]);
        expect(next.seqs).toEqual([2]);
        await pair.b.deleteDurable(durable);
      });

      it('refuse to reattach under another pattern or twice at once', async () => {
        const durable = `${t}-pinned`;
        await pair.a.subscribe(`${t}.pinned.*`, () => {}, { durable });
        await expect(pair.a.subscribe(`${t}.pinned.*`, () => {}, { durable })).rejects.toThrow(
          /already has a handler/,
        );
        await expect(pair.b.subscribe(`${t}.pinned.>`, () => {}, { durable })).rejects.toThrow(
          /already exists with pattern/,
        );
        await pair.a.deleteDurable(durable);
      });

      it('are removed by deleteDurable with everything they kept', async () => {
        const durable = `${t}-deleted`;
        const sub = await pair.a.subscribe(`${t}.del`, () => {}, { durable });
        await sub.unsubscribe();
        await pair.b.publish(`${t}.del`, 'x', { seq: 1 });
        expect(await pair.a.deleteDurable(durable)).toBe(true);
        expect(await pair.a.deleteDurable(durable)).toBe(false);
        const inbox = new Inbox();
        await pair.a.subscribe(`${t}.del`, inbox.handler, { durable });
        await pair.b.publish(`${t}.del`, 'x', { seq: 2 });
        await inbox.until(1);
        expect(inbox.seqs).toEqual([2]);
        await pair.a.deleteDurable(durable);
      });
    });

    describe('close', () => {
      it('is idempotent, refuses further use and keeps durable state for the next process', async () => {
        const durable = `${t}-closed`;
        const eph = new Inbox();
        const dur = new Inbox();
        await pair.a.subscribe(`${t}.closed`, eph.handler);
        await pair.a.subscribe(`${t}.closed`, dur.handler, { durable });
        const first = pair.a.close();
        const second = pair.a.close();
        await Promise.all([first, second]);
        await pair.a.close();
        await expect(pair.a.publish(`${t}.closed`, 'x', {})).rejects.toThrow(BusClosedError);
        await expect(pair.a.subscribe(`${t}.closed`, () => {})).rejects.toThrow(BusClosedError);

        const witness = new Inbox();
        await pair.b.subscribe(`${t}.closed`, witness.handler);
        await pair.b.publish(`${t}.closed`, 'x', { seq: 1 });
        await witness.until(1);
        const resumed = new Inbox();
        await pair.b.subscribe(`${t}.closed`, resumed.handler, { durable });
        await resumed.until(1);
        expect(eph.events).toEqual([]);
        expect(dur.events).toEqual([]);
        expect(resumed.seqs).toEqual([1]);
        await pair.b.deleteDurable(durable);
      });
    });
  });
}
