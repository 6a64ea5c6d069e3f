/**
 * HTTP requests per second: the `http` service (Apache persona, full JA4H fingerprinting and all three
 * per-request events formatted and appended to a real SpoolWriter) served in this process behind a real
 * ConnectionGuard on loopback, driven by `wrk -t2 -c100 -d10s --latency` (apt-get install -y wrk).
 * Client and server share the machine's cores.
 *
 *   node --import tsx bench/http.ts [--seconds S] [--connections C] [--app wordpress]
 *
 * Prints wrk's report, then one JSON line: {"bench":"http",…}.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { coerceServiceConfig } from '../src/config/service-field.js';
import { createEmitter } from '../src/events/emitter.js';
import { SpoolWriter } from '../src/ingest/spool/writer.js';
import { systemClock } from '../src/runtime/clock.js';
import { http } from '../src/services/http/index.js';
import { defaultServiceLimits } from '../src/services/limits.js';
import type { ServiceContext, ServiceLimits } from '../src/services/service.js';
import { ConnectionGuard } from '../src/services/shared/connection-guard.js';
import { testPersona } from '../src/services/testing.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args[i + 1];
};
const SECONDS = Number(option('seconds')) || 10;
const CONNECTIONS = Number(option('connections')) || 100;
const APP = option('app') ?? 'apache';

const scratch = mkdtempSync(join(tmpdir(), 'decnet-bench-http-'));
const logger = pino({ level: 'warn' });
// The spool the fabric appends to: lines buffered, one write + fdatasync per flush.
const spool = await SpoolWriter.open(join(scratch, 'spool'), {
  segmentBytes: 64 * 1024 * 1024,
  fsyncMs: 200,
  clock: systemClock,
  logger,
});
const flushing = new AbortController();
const flusher = spool.run(flushing.signal);
let lines = 0;
const decky = testPersona({ distro: 'ubuntu20' });
const limits: ServiceLimits = { ...defaultServiceLimits, ...http.limits };
const ctx: ServiceContext = {
  decky,
  dirs: {
    keys: join(scratch, 'keys'),
    captures: join(scratch, 'captures'),
    recordings: join(scratch, 'recordings'),
  },
  config: coerceServiceConfig(http.fields, { fake_app: APP }),
  emit: createEmitter({
    sink: {
      append(line) {
        lines++;
        spool.append(line);
      },
    },
    clock: systemClock,
    decky: decky.name,
    service: http.name,
  }),
  clock: systemClock,
  logger,
  limits,
  throttle: { delayMs: () => 0 },
};
const instance = http.create(ctx);
// wrk's 100 connections come from one source: lift the per-source cap the fabric would apply.
const guard = new ConnectionGuard({ ...limits, maxPerSource: CONNECTIONS * 2 });
const server = createServer((socket) => {
  if (guard.admit(socket)) instance.handleTcp?.(socket, 80);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');

const started = process.cpuUsage();
const { stdout } = await promisify(execFile)(
  'wrk',
  ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', `http://127.0.0.1:${address.port}/`],
  { timeout: (SECONDS + 30) * 1000 },
);
const cpu = process.cpuUsage(started);
process.stdout.write(stdout);
const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
const p99 = /99%\s+(\S+)/.exec(stdout)?.[1] ?? '?';
console.log(
  JSON.stringify({
    bench: 'http',
    app: APP,
    connections: CONNECTIONS,
    seconds: SECONDS,
    requests_per_s: rps,
    p99,
    events: lines,
    server_cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
  }),
);
await instance.close();
server.close();
flushing.abort();
await flusher;
await spool.close();
rmSync(scratch, { recursive: true, force: true });
