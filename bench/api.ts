/**
 * The attackers listing under load (issue #5: with 100k attackers and 1M log rows in SQLite, `decnet api`
 * alone answers the first page of 50 with its total at ≥ 10k requests/s with p99 ≤ 30 ms at 100
 * keep-alive connections, and ≥ 10k requests/s without errors at 500). The same on PostgreSQL beside it,
 * and under `decnet up` (its three default loopback deckies running) on SQLite.
 *
 * Each database is created empty, migrated with `decnet db migrate` and seeded directly (big SQLite
 * transactions through better-sqlite3; multi-row `unnest` inserts on PostgreSQL) with realistic values
 * from a fixed seed. Then the compiled CLI (`node dist/cli/main.js`) is started with its own DECNET_HOME,
 * the bench logs in, changes the forced first password and drives
 * `GET /api/v1/attackers?limit=50` with `wrk -t2 -cN -d10s --latency` after a 2 s warm-up. wrk and the
 * server share the machine's 2 cores.
 *
 *   node --import tsx bench/api.ts [--seconds S] [--runs R] [--only sqlite,postgres,up] [--keep DIR]
 *
 * `--keep DIR` seeds the SQLite database into DIR once and reuses it on later runs (`--seed-only` stops
 * after seeding). Besides wrk's figures, each run reports the server's CPU (all its threads) per request,
 * which says more than requests/s when other work shares the cores. DECNET_BENCH_NODE_ARGS passes flags
 * to the server's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
 *
 * For scale, the same wrk also drives a bare `node:http` server (no framework, no auth, no database)
 * sending the very bytes of that page: the ceiling of one Node process on this machine, measured in the
 * same run, and each row says what share of it the API reaches.
 *
 * Prints wrk's summary per run, a table, then one JSON line: {"bench":"api",…}.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import Table from 'cli-table3';
import pg from 'pg';
import { freePort } from '../test/support/cli.js';
import { PG_ADMIN_URL } from '../test/support/databases.js';
import { buildCli, REPO_ROOT } from './support.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : args[i + 1];
};
const SECONDS = Number(option('seconds')) || 10;
const RUNS = Number(option('runs')) || 1;
/** A DECNET_HOME to seed once and reuse across runs (kept afterwards); default: a scratch one. */
const KEEP = option('keep');
const ONLY = new Set((option('only') ?? 'baseline,sqlite,postgres,up').split(','));
/** Seed the SQLite home (with --keep) and stop: for measuring by hand. */
const SEED_ONLY = args.includes('--seed-only');
const WARMUP_SECONDS = 2;
const CONNECTIONS = [100, 500] as const;
const ATTACKERS = 100_000;
const LOG_ROWS = 1_000_000;
const ADMIN = { user: 'admin', first: 'bench-First-pass-1', second: 'bench-Second-pass-2' };
const PATH = '/api/v1/attackers?limit=50';
const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');

const run = promisify(execFile);
const BASELINE = 'baseline: bare node:http, same bytes';

// ---- realistic data from a fixed seed ------------------------------------------------------------

/** mulberry32: the same rows on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['ssh', 'telnet', 'http', 'https', 'ftp', 'smb', 'rdp', 'mysql', 'smtp', 'redis'];
const DECKIES = ['decky-01', 'decky-02', 'decky-03', 'web-01', 'web-02', 'db-01', 'files-01', 'mail-01'];
const EVENT_TYPES = ['connect', 'login_attempt', 'command', 'disconnect', 'request', 'data_received'];
const BASE_MS = Date.UTC(2026, 9, 1);
const SPAN_MS = 60 * 24 * 3600 * 1000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const uuidOf = (i: number, rand: () => number) =>
  `${Math.floor(rand() * 0xffffffff)
    .toString(16)
    .padStart(
      8,
      '0',
    )}-${(i >>> 16).toString(16).padStart(4, '0')}-4${(i & 0xfff).toString(16).padStart(3, '0')}-8${Math.floor(
    rand() * 0xfff,
  )
    .toString(16)
    .padStart(3, '0')}-${i.toString(16).padStart(12, '0')}`;

interface Attacker {
  uuid: string;
  ip: string;
  first_seen: string;
  last_seen: string;
  event_count: number;
  services: string;
  deckies: string;
  service_count: number;
  decky_count: number;
  credential_count: number;
  bounty_count: number;
  command_count: number;
  session_count: number;
  is_traversal: number;
  traversal_path: string | null;
  updated_at: string;
}

function pick<T>(rand: () => number, from: readonly T[], n: number): T[] {
  const out = new Set<T>();
  while (out.size < n) out.add(from[Math.floor(rand() * from.length)]!);
  return [...out];
}

function attackers(): Attacker[] {
  const rand = prng(5);
  const out: Attacker[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < ATTACKERS; i++) {
    const ip = `${1 + Math.floor(rand() * 222)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
    if (seen.has(ip)) continue;
    seen.add(ip);
    const first = BASE_MS + Math.floor(rand() * SPAN_MS);
    const last = first + Math.floor(rand() * rand() * (BASE_MS + SPAN_MS - first));
    const services = pick(rand, SERVICES, 1 + Math.floor(rand() * rand() * 4)).sort();
    const deckies = pick(rand, DECKIES, 1 + Math.floor(rand() * rand() * 3));
    const events = 1 + Math.floor(-Math.log(1 - rand()) * 40);
    const traversal = deckies.length > 1 && rand() < 0.3;
    out.push({
      uuid: uuidOf(i, rand),
      ip,
      first_seen: iso(first),
      last_seen: iso(last),
      event_count: events,
      services: JSON.stringify(services),
      deckies: JSON.stringify(deckies),
      service_count: services.length,
      decky_count: deckies.length,
      credential_count: services.includes('ssh') ? Math.floor(rand() * events) : 0,
      bounty_count: rand() < 0.1 ? 1 + Math.floor(rand() * 3) : 0,
      command_count: Math.floor(rand() * rand() * events),
      session_count: Math.floor(rand() * 5),
      is_traversal: traversal ? 1 : 0,
      traversal_path: traversal ? deckies.join(' -> ') : null,
      updated_at: iso(last),
    });
  }
  return out;
}

const LOG_COLUMNS = [
  'timestamp',
  'received_at',
  'decky',
  'service',
  'event_type',
  'attacker_ip',
  'severity',
  'fields',
  'msg',
  'raw_line',
] as const;
type LogValues = [string, string, string, string, string, string, number, string, string | null, string];

function* logs(ips: readonly string[]): Generator<LogValues> {
  const rand = prng(1);
  for (let i = 0; i < LOG_ROWS; i++) {
    const ts = iso(BASE_MS + Math.floor((i / LOG_ROWS) * SPAN_MS));
    const decky = DECKIES[Math.floor(rand() * DECKIES.length)]!;
    const service = SERVICES[Math.floor(rand() * SERVICES.length)]!;
    const event = EVENT_TYPES[Math.floor(rand() * EVENT_TYPES.length)]!;
    const ip = ips[Math.floor(rand() * ips.length)]!;
    const port = 1024 + Math.floor(rand() * 60000);
    const fields =
      event === 'login_attempt'
        ? { src_ip: ip, src_port: String(port), username: 'root', password: `pass${i % 997}` }
        : { src_ip: ip, src_port: String(port) };
    const sd = Object.entries(fields)
      .map(([k, v]) => `${k}="${v}"`)
      .join(' ');
    yield [
      ts,
      ts,
      decky,
      service,
      event,
      ip,
      6,
      JSON.stringify(fields),
      null,
      `<134>1 ${ts} ${decky} ${service} - ${event} [decnet@55555 ${sd}]`,
    ];
  }
}

// ---- seeding -------------------------------------------------------------------------------------

function seedSqlite(file: string, rows: Attacker[]): void {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const columns = Object.keys(rows[0]!);
  const insertAttacker = db.prepare(
    `INSERT INTO attackers (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const PER = 100;
  const insertLogs = db.prepare(
    `INSERT INTO logs (${LOG_COLUMNS.join(', ')}) VALUES ${Array.from({ length: PER }, () => `(${LOG_COLUMNS.map(() => '?').join(', ')})`).join(', ')}`,
  );
  db.transaction(() => {
    for (const row of rows) insertAttacker.run(row);
  })();
  let batch: unknown[] = [];
  let inTx = 0;
  db.exec('BEGIN');
  for (const values of logs(rows.map((r) => r.ip))) {
    batch.push(...values);
    if (batch.length === PER * LOG_COLUMNS.length) {
      insertLogs.run(batch);
      batch = [];
      if (++inTx === 1000) {
        db.exec('COMMIT; BEGIN');
        inTx = 0;
      }
    }
  }
  db.exec('COMMIT');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
}

async function seedPostgres(url: string, rows: Attacker[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = Object.keys(rows[0]!) as (keyof Attacker)[];
    const types: Record<string, string> = {
      uuid: 'text',
      ip: 'text',
      first_seen: 'timestamptz',
      last_seen: 'timestamptz',
      updated_at: 'timestamptz',
      services: 'jsonb',
      deckies: 'jsonb',
      is_traversal: 'boolean',
      traversal_path: 'text',
    };
    const typeOf = (c: string) => types[c] ?? 'bigint';
    const unnest = (cols: readonly string[]) =>
      cols.map((c, i) => `$${i + 1}::${typeOf(c) === 'jsonb' ? 'text' : typeOf(c)}[]`).join(', ');
    const cast = (cols: readonly string[]) =>
      cols.map((c) => (typeOf(c) === 'jsonb' ? `${c}::jsonb` : c)).join(', ');
    const BATCH = 10_000;
    for (let i = 0; i < rows.length; i += BATCH) {
      const slice = rows.slice(i, i + BATCH);
      await client.query(
        `INSERT INTO attackers (${columns.join(', ')}) SELECT ${cast(columns)} FROM unnest(${unnest(columns)}) AS t(${columns.join(', ')})`,
        columns.map((c) => slice.map((r) => (c === 'is_traversal' ? r[c] === 1 : r[c]))),
      );
    }
    const logTypes: Record<string, string> = {
      timestamp: 'timestamptz',
      received_at: 'timestamptz',
      severity: 'int',
      fields: 'jsonb',
    };
    const logType = (c: string) => logTypes[c] ?? 'text';
    const logSql = `INSERT INTO logs (${LOG_COLUMNS.join(', ')}) SELECT ${LOG_COLUMNS.map((c) => (logType(c) === 'jsonb' ? `${c}::jsonb` : c)).join(', ')} FROM unnest(${LOG_COLUMNS.map((c, i) => `$${i + 1}::${logType(c) === 'jsonb' ? 'text' : logType(c)}[]`).join(', ')}) AS t(${LOG_COLUMNS.join(', ')})`;
    let batch: LogValues[] = [];
    const flush = async () => {
      await client.query(
        logSql,
        LOG_COLUMNS.map((_, c) => batch.map((r) => r[c])),
      );
      batch = [];
    };
    for (const values of logs(rows.map((r) => r.ip))) {
      batch.push(values);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

// ---- the server and the load -----------------------------------------------------------------------

interface Server {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function startServer(command: 'api' | 'up', env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const nodeArgs = (process.env.DECNET_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, CLI, command, '--port', String(port)], {
    env: {
      ...process.env,
      DECNET_LOG_LEVEL: 'warn',
      DECNET_ADMIN_USER: ADMIN.user,
      DECNET_ADMIN_PASSWORD: ADMIN.first,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!/is up \(pid/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`decnet ${command} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return serverOf(child, port, exited);
}

/** A started server process: where it listens and how to stop it (SIGTERM, then wait for its exit). */
function serverOf(child: ChildProcess, port: number, exited: Promise<void>): Server {
  return {
    child,
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A bare node:http server answering every request with `body` (the ceiling the API is compared with). */
async function startBaseline(body: string): Promise<Server> {
  const port = await freePort();
  const script = `const b=Buffer.from(process.env.BODY);require('node:http').createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json; charset=utf-8','content-length':b.length});r.end(b)}).listen(${port},'127.0.0.1',()=>console.log('is up (pid '+process.pid+')'))`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the baseline server did not start')));
  });
  return serverOf(child, port, exited);
}

async function post(port: number, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/**
 * Logs in as the first admin and makes the forced password change; answers a token good for every route.
 * On a database where an earlier run (or `--keep`) already changed it, logs in with the new password.
 */
async function token(port: number): Promise<string> {
  const login = await post(port, '/api/v1/auth/login', { username: ADMIN.user, password: ADMIN.first });
  if (login.status === 401) {
    const again = await post(port, '/api/v1/auth/login', { username: ADMIN.user, password: ADMIN.second });
    if (!again.ok) throw new Error(`login: ${again.status} ${await again.text()}`);
    return ((await again.json()) as { access_token: string }).access_token;
  }
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const first = ((await login.json()) as { access_token: string }).access_token;
  const changed = await post(
    port,
    '/api/v1/auth/change-password',
    { old_password: ADMIN.first, new_password: ADMIN.second },
    first,
  );
  if (!changed.ok) throw new Error(`change-password: ${changed.status} ${await changed.text()}`);
  return ((await changed.json()) as { access_token: string }).access_token;
}

interface Load {
  target: string;
  connections: number;
  requestsPerS: number;
  p50: string;
  p99: string;
  non2xx: number;
  socketErrors: number;
  bytesPerResponse: number;
  /** CPU the server process used (every thread) per answered request. */
  serverCpuUsPerRequest: number;
}

/** User and system CPU the process has used, from /proc/<pid>/stat (clock ticks of 10 ms). */
function serverCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function wrk(port: number, auth: string, connections: number, seconds: number): Promise<string> {
  const { stdout } = await run(
    'wrk',
    [
      '-t2',
      `-c${connections}`,
      `-d${seconds}s`,
      '--latency',
      '--timeout',
      '5s',
      '-H',
      `Authorization: Bearer ${auth}`,
      `http://127.0.0.1:${port}${PATH}`,
    ],
    { timeout: (seconds + 30) * 1000 },
  );
  return stdout;
}

/** The page the API answers (checked to be the first 50 of all the attackers), as text. */
let firstPage = '';

async function measure(target: string, server: Server, auth: string): Promise<Load[]> {
  const check = await fetch(`http://127.0.0.1:${server.port}${PATH}`, {
    headers: { authorization: `Bearer ${auth}` },
  });
  const body = await check.text();
  if (!check.ok) throw new Error(`GET ${PATH}: ${check.status} ${body}`);
  const page = JSON.parse(body) as { total: number; data: unknown[] };
  if (page.total !== ATTACKERS || page.data.length !== 50)
    throw new Error(`GET ${PATH}: total ${page.total}, ${page.data.length} rows`);
  firstPage ||= body;
  await wrk(server.port, auth, 100, WARMUP_SECONDS);
  const loads: Load[] = [];
  for (let r = 0; r < RUNS; r++) {
    for (const connections of CONNECTIONS) {
      const cpuBefore = serverCpuSeconds(server.child.pid!);
      const out = await wrk(server.port, auth, connections, SECONDS);
      const cpu = serverCpuSeconds(server.child.pid!) - cpuBefore;
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const load: Load = {
        target,
        connections,
        requestsPerS: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
        p50: /\s50%\s+(\S+)/.exec(out)?.[1] ?? '?',
        p99: /\s99%\s+(\S+)/.exec(out)?.[1] ?? '?',
        non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
        socketErrors: errors ? errors.slice(1).reduce((n, v) => n + Number(v), 0) : 0,
        bytesPerResponse: Buffer.byteLength(body),
        serverCpuUsPerRequest: 0,
      };
      const answered = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      load.serverCpuUsPerRequest = answered > 0 ? Math.round((cpu * 1e6) / answered) : 0;
      process.stdout.write(
        `--- ${target}, ${connections} connections (server CPU ${((cpu / SECONDS) * 100).toFixed(0)} % of a core)\n${out}`,
      );
      loads.push(load);
    }
  }
  return loads;
}

// ---- the runs ------------------------------------------------------------------------------------

try {
  buildCli();
} catch {
  // tsc still emits when it reports type errors; measure what it emitted, but say so.
  process.stderr.write('warning: the build reported type errors; measuring the emitted dist/\n');
}
const rows = attackers();
const results: Load[] = [];
const homes: string[] = [];
const home = () => {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-api-'));
  homes.push(dir);
  return dir;
};
const migrateAt = async (env: Record<string, string>) => {
  await run(process.execPath, [CLI, 'db', 'migrate'], { env: { ...process.env, ...env } });
};

try {
  if (ONLY.has('sqlite') || ONLY.has('up') || SEED_ONLY) {
    if (KEEP) mkdirSync(KEEP, { recursive: true });
    const sqliteHome = KEEP ?? home();
    const env = { DECNET_HOME: sqliteHome };
    if (!existsSync(join(sqliteHome, 'decnet.db'))) {
      await migrateAt(env);
      const t0 = Date.now();
      seedSqlite(join(sqliteHome, 'decnet.db'), rows);
      process.stdout.write(`seeded SQLite in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
    if (SEED_ONLY) process.exit(0);
    if (ONLY.has('sqlite')) {
      const server = await startServer('api', env);
      try {
        results.push(...(await measure('SQLite, decnet api', server, await token(server.port))));
      } finally {
        await server.stop();
      }
    }
    if (ONLY.has('baseline') && firstPage) {
      const server = await startBaseline(firstPage);
      try {
        results.push(...(await measure(BASELINE, server, 'none')));
      } finally {
        await server.stop();
      }
    }
    if (ONLY.has('up')) {
      // A fresh home for `up`'s start state, over the same seeded database file.
      const upHome = home();
      const upEnv = { DECNET_HOME: upHome, DECNET_DB_URL: join(sqliteHome, 'decnet.db') };
      const server = await startServer('up', upEnv);
      try {
        const auth = await token(server.port);
        results.push(...(await measure('SQLite, decnet up (3 loopback deckies)', server, auth)));
      } finally {
        await server.stop();
      }
    }
  }
  if (ONLY.has('postgres')) {
    const name = `decnet_bench_api_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      const env = { DECNET_HOME: home(), DECNET_DB_URL: url.toString() };
      await migrateAt(env);
      const t0 = Date.now();
      await seedPostgres(url.toString(), rows);
      process.stdout.write(`seeded PostgreSQL in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      const server = await startServer('api', env);
      try {
        results.push(...(await measure('PostgreSQL, decnet api', server, await token(server.port))));
      } finally {
        await server.stop();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
} finally {
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
}

const table = new Table({
  head: [
    'GET /api/v1/attackers?limit=50',
    'conns',
    'req/s',
    'p50',
    'p99',
    'non-2xx',
    'socket errors',
    'server CPU/req',
    'of baseline',
  ],
  style: { head: [], border: [] },
});
const baselineAt = (connections: number) =>
  results.find((r) => r.target === BASELINE && r.connections === connections)?.requestsPerS;
for (const r of results)
  table.push([
    r.target,
    r.connections,
    Math.round(r.requestsPerS).toLocaleString('en'),
    r.p50,
    r.p99,
    r.non2xx,
    r.socketErrors,
    `${r.serverCpuUsPerRequest} µs`,
    baselineAt(r.connections) ? `${((r.requestsPerS / baselineAt(r.connections)!) * 100).toFixed(0)} %` : '',
  ]);
process.stdout.write(
  `\nload average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n${ATTACKERS.toLocaleString('en')} attackers, ${LOG_ROWS.toLocaleString('en')} log rows; ` +
    `wrk -t2 -d${SECONDS}s, ${results[0]?.bytesPerResponse ?? 0} bytes per response\n${table.toString()}\n`,
);
console.log(JSON.stringify({ bench: 'api', seconds: SECONDS, results }));
