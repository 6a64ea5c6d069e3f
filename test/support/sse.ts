import { request } from 'node:http';

/** One event as EventSource would assemble it (WHATWG HTML §9.2.6), comments kept apart. */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Longest a test waits for bytes it expects before failing with what it saw instead. */
const WAIT_LIMIT_MS = 5_000;

/**
 * A live stream read over a real socket. `waitFor` resolves as soon as the bytes received so far
 * satisfy it (checked on every chunk), so tests wait for what they expect, never for time to pass.
 */
export class SseClient {
  private body = '';
  private waiters: Array<() => void> = [];
  private ended = false;
  readonly end: Promise<void>;

  private constructor(
    readonly status: number,
    readonly headers: Record<string, string | string[] | undefined>,
    private readonly destroy: () => void,
    source: NodeJS.ReadableStream,
  ) {
    this.end = new Promise<void>((resolve) => {
      const finish = () => {
        this.ended = true;
        this.wake();
        resolve();
      };
      source.on('end', finish);
      source.on('close', finish);
      source.on('error', finish);
    });
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      this.body += chunk;
      this.wake();
    });
  }

  /** Opens `url` (with `headers`) and resolves once the response head arrived. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        resolve(new SseClient(res.statusCode ?? 0, res.headers, () => req.destroy(), res));
      });
      req.on('error', reject);
      req.end();
    });
  }

  get text(): string {
    return this.body;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** The complete events received so far (a frame counts once its blank line arrived). */
  events(): SseEvent[] {
    const out: SseEvent[] = [];
    const blocks = this.body.split('\n\n');
    blocks.pop();
    for (const block of blocks) {
      const e: SseEvent = { event: 'message', data: '' };
      const data: string[] = [];
      let any = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'event') e.event = value;
        else if (field === 'id') e.id = value;
        else continue;
        any = true;
      }
      if (!any || data.length === 0) continue;
      e.data = data.join('\n');
      out.push(e);
    }
    return out;
  }

  /** The events named `name`, data parsed as JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: test data
  named(name: string): Array<{ id?: string; data: any }> {
    return this.events()
      .filter((e) => e.event === name)
      .map((e) => ({ id: e.id, data: JSON.parse(e.data) }));
  }

  /** Resolves once `ready()` holds for what has arrived; fails (saying what arrived) if the stream ends or nothing fits in time. */
  async waitFor(what: string, ready: (client: SseClient) => boolean): Promise<void> {
    const limit = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      if (ready(this)) return;
      if (this.ended) throw new Error(`stream ended before ${what}; received:\n${this.body}`);
      const remaining = limit - Date.now();
      if (remaining <= 0) throw new Error(`no ${what} within ${WAIT_LIMIT_MS} ms; received:\n${this.body}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until `count` events named `name` have arrived. */
  waitForEvents(name: string, count = 1): Promise<void> {
    return this.waitFor(`${count} "${name}" event(s)`, (c) => c.named(name).length >= count);
  }

  close(): void {
    this.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
