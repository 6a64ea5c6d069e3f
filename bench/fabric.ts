/**
 * Fabric scale on this host, driven through the CLI as an operator would (needs root for the netns
 * driver). Every figure is taken with `decnet up` running, so the ingester (SQLite, on a thread of its
 * own) and the API run alongside the deckies in the measured process ("ingest alongside"):
 *
 *  1. netns: wall time of `decnet deploy --deckies 100 --services ssh,http,ftp` into an instance started
 *     with 1 decky, and of `decnet teardown --all` afterwards;
 *  2. netns: resident memory (VmRSS of the `up` process once steady within 1 MB for 8 s) with 1 decky
 *     and with 250 deckies × 3 services, and the growth per extra decky (this second instance starts
 *     first and idles through 1, so that its start-up garbage is gone when its 1-decky RSS is taken);
 *  3. TCP accepts/s across the 250 netns deckies, and across 50 loopback deckies for comparison: a client
 *     in a separate node process runs 256 loops that connect round robin over every decky's ports, wait
 *     for the first bytes of the greeting and close (client and server share the host's cores; the CPU
 *     each took is reported); then the same loops from bench/accept-load.c, a one-thread epoll client
 *     compiled with the host's `cc` when there is one, which costs the cores far less than Node's;
 *  4. 10,000 idle connections held on the 250 netns deckies (40 each): the `up` process's RSS, and
 *     whether they are all still open ~5 s later (seen from the client and from `decnet status`).
 *
 * Both the `up` processes and the client run under `prlimit --nofile=N:N`, N = 65,536 or the hard limit
 * when that is lower and cannot be raised (it must stay above ~11k).
 *
 *   node --import tsx bench/fabric.ts
 *
 * Prints a text block, then one JSON line: {"bench":"fabric",…}.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { installationTag } from '../src/fabric/netns/names.js';
import { DECNET_BIN, freePort, runDecnet } from '../test/support/cli.js';
import { buildCli, median, REPO_ROOT, timeDecnet } from './support.js';

/**
 * File descriptors for the `up` processes and the client: 65,536, or the hard limit when it is lower and
 * cannot be raised (a container without CAP_SYS_RESOURCE). 10k held connections need a bit over 10k.
 */
const NOFILE = (() => {
  const hard = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
  return hard === 'unlimited' ? 65_536 : Math.min(65_536, Number(hard));
})();
const ACCEPT_LOOPS = 256;
const ACCEPT_WARMUP_MS = 1_000;
const ACCEPT_WINDOW_MS = 5_000;
const HELD_PER_DECKY = 40;
const HELD_WAIT_MS = 5_000;
const HOLD_IN_FLIGHT = 512;

interface Target {
  host: string;
  port: number;
}

type ClientCommand =
  | { op: 'accepts'; targets: Target[]; loops: number; warmupMs: number; windowMs: number }
  | { op: 'hold'; targets: Target[]; inFlight: number }
  | { op: 'check' }
  | { op: 'release' };

// ---------------------------------------------------------------------------------------------------
// Client side: `node --import tsx bench/fabric.ts --client` reads one JSON command per stdin line and
// answers each with one JSON line on stdout.
// ---------------------------------------------------------------------------------------------------

/** Connects and resolves with the socket once the first bytes arrive, or null when it fails first. */
function greeted(target: Target, timeoutMs: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      socket.setTimeout(0);
      if (!ok) socket.destroy();
      resolve(ok ? socket : null);
    };
    socket.once('data', () => settle(true));
    socket.on('error', () => settle(false));
    socket.once('close', () => settle(false));
    socket.setTimeout(timeoutMs, () => settle(false));
  });
}

async function acceptLoops(cmd: Extract<ClientCommand, { op: 'accepts' }>) {
  let next = 0;
  let counting = false;
  let stop = false;
  let completed = 0;
  let failed = 0;
  const loop = async () => {
    while (!stop) {
      const socket = await greeted(cmd.targets[next++ % cmd.targets.length]!, 5_000);
      if (socket) socket.destroy();
      if (counting) {
        if (socket) completed++;
        else failed++;
      }
      if (!socket) await new Promise((r) => setTimeout(r, 5));
    }
  };
  const loops = Array.from({ length: cmd.loops }, loop);
  await new Promise((r) => setTimeout(r, cmd.warmupMs));
  counting = true;
  const started = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, cmd.windowMs));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const done = { completed, failed };
  counting = false;
  stop = true;
  await Promise.all(loops);
  return { ...done, seconds, perSecond: done.completed / seconds };
}

const held: Socket[] = [];
let heldClosed = 0;

async function hold(cmd: Extract<ClientCommand, { op: 'hold' }>) {
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < cmd.targets.length) {
      const socket = await greeted(cmd.targets[next++]!, 10_000);
      if (!socket) {
        failed++;
        continue;
      }
      socket.on('error', () => undefined);
      socket.once('close', () => heldClosed++);
      held.push(socket);
    }
  };
  await Promise.all(Array.from({ length: cmd.inFlight }, worker));
  return { opened: held.length, failed, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function runClient(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = JSON.parse(line) as ClientCommand;
    let reply: unknown;
    if (cmd.op === 'accepts') reply = await acceptLoops(cmd);
    else if (cmd.op === 'hold') reply = await hold(cmd);
    else if (cmd.op === 'check')
      reply = {
        open: held.filter((s) => !s.destroyed && s.readyState === 'open').length,
        closed: heldClosed,
      };
    else {
      for (const s of held) s.destroy();
      held.length = 0;
      heldClosed = 0;
      reply = { released: true };
    }
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
    process.stdout.write(`${JSON.stringify({ ...(reply as object), clientRssMb: rss })}\n`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Bench side.
// ---------------------------------------------------------------------------------------------------

interface DeckyJson {
  name: string;
  ip: string;
  connections: number;
  services: {
    name: string;
    ports: { protocol: string; port: number; listen_port: number; listening: boolean }[];
  }[];
}

interface Instance {
  child: ChildProcess;
  home: string;
  env: Record<string, string>;
  driver: 'netns' | 'loopback';
  exited: Promise<number | null>;
  output(): string;
}

const instances: Instance[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = (text: string) => process.stderr.write(`[fabric] ${text}\n`);

/** `decnet up ARGS` under a raised file descriptor limit (prlimit execs the launcher, which execs node: the pid is node's). */
async function startUp(driver: Instance['driver'], args: string[]): Promise<Instance> {
  const home = mkdtempSync(join(tmpdir(), 'decnet-bench-fabric-'));
  const env = { DECNET_HOME: home };
  const port = await freePort();
  const child = spawn(
    'prlimit',
    [`--nofile=${NOFILE}:${NOFILE}`, DECNET_BIN, 'up', '--port', String(port), '--driver', driver, ...args],
    { env: { ...process.env, DECNET_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const instance: Instance = { child, home, env, driver, exited, output: () => out };
  instances.push(instance);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`decnet up exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return instance;
    if (Date.now() > deadline) throw new Error(`decnet up did not answer health 200 within 60 s:\n${out}`);
    await sleep(50);
  }
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) {
    await runDecnet(['teardown', '--all'], instance.env).catch(() => undefined);
    instance.child.kill('SIGTERM');
    const code = await Promise.race([instance.exited, sleep(15_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      progress(`up (pid ${instance.child.pid}) did not stop within 15 s of SIGTERM; killing it`);
      instance.child.kill('SIGKILL');
      await instance.exited;
    }
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

interface SettledRss {
  mb: number;
  /** Seconds waited for the window to hold still. */
  waitedS: number;
  stable: boolean;
}

/**
 * VmRSS of `pid` once it holds still: sampled every 500 ms until the last `windowMs` of samples stay within
 * 1 MB (median of that window), or `maxMs` has passed. V8's memory reducer shrinks an idle process in
 * steps several seconds apart, so a short settle catches start-up garbage that is about to go.
 */
async function settledRss(pid: number, windowMs = 8_000, maxMs = 30_000): Promise<SettledRss> {
  const gapMs = 500;
  const size = windowMs / gapMs + 1;
  const started = Date.now();
  const samples: number[] = [];
  for (;;) {
    samples.push(rssMb(pid));
    const window = samples.slice(-size);
    const waitedS = (Date.now() - started) / 1000;
    if (window.length === size && Math.max(...window) - Math.min(...window) <= 1)
      return { mb: median(window), waitedS, stable: true };
    if (Date.now() - started >= maxMs) return { mb: median(window), waitedS, stable: false };
    await sleep(gapMs);
  }
}

function describeRss(r: SettledRss): string {
  return `${r.mb.toFixed(1)} MB (${r.stable ? `steady for 8 s, after ${r.waitedS.toFixed(0)} s` : `not steady within ${r.waitedS.toFixed(0)} s`})`;
}

/** CPU seconds (user + system) `pid` has used so far. */
/** CPU time of process `pid`, or of its thread `tid` (the main thread's tid is the pid). */
function cpuSeconds(pid: number, tid?: number): number {
  const stat = readFileSync(
    tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`,
    'utf8',
  );
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function openFilesLimit(pid: number): string {
  return /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? '?';
}

async function status(instance: Instance): Promise<DeckyJson[]> {
  const r = await runDecnet(['status', '--json'], instance.env);
  if (r.code !== 0) throw new Error(`decnet status failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as DeckyJson[];
}

function tcpPorts(decky: DeckyJson): Target[] {
  return decky.services
    .flatMap((s) => s.ports)
    .filter((p) => p.protocol === 'tcp' && p.listening)
    .map((p) => ({ host: decky.ip, port: p.listen_port }));
}

/** Every decky's TCP ports, ordered so that consecutive targets are on different deckies. */
function roundRobin(deckies: DeckyJson[]): Target[] {
  const perDecky = deckies.map(tcpPorts);
  const width = Math.max(...perDecky.map((p) => p.length));
  const targets: Target[] = [];
  for (let i = 0; i < width; i++)
    for (const ports of perDecky) {
      const port = ports[i];
      if (port) targets.push(port);
    }
  return targets;
}

function namespacesOf(tag: string): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(`decnet-${tag}-`));
}

/** A 10.N.0.0/16 with N in 80–99 that no route or address of the host uses, and not in `taken`. */
function freeSlash16(taken: Set<number>): string {
  const routes = execFileSync('ip', ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
  const candidates = Array.from({ length: 20 }, (_, i) => 80 + i).filter(
    (n) => !taken.has(n) && !routes.includes(`10.${n}.`),
  );
  if (candidates.length === 0) throw new Error('no free 10.80–99.0.0/16 subnet on this host');
  const n = candidates[Math.floor(Math.random() * candidates.length)]!;
  taken.add(n);
  return `10.${n}.0.0/16`;
}

/**
 * The baseline server of 3c: reads the targets as JSON on stdin, listens on each, greets every
 * connection with an SSH-like line and closes it, and prints one line once listening.
 */
const BARE_SERVER = `
import { createServer } from 'node:net';
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const targets = JSON.parse(input);
  await Promise.all(targets.map((t) => new Promise((resolve) => {
    createServer((socket) => { socket.on('error', () => {}); socket.end('SSH-2.0-OpenSSH_9.2p1\\r\\n'); })
      .listen(t.port, t.host, resolve);
  })));
  process.stdout.write('listening\\n');
});
`;

class ClientProcess {
  private readonly child: ChildProcess;
  private readonly replies: string[] = [];
  private waiting: ((line: string) => void) | null = null;
  private readonly exited: Promise<number | null>;
  /** Rejects once the client has exited; handled here so that an exit after the last request is quiet. */
  private readonly dead: Promise<never>;

  constructor() {
    this.child = spawn(
      'prlimit',
      [
        `--nofile=${NOFILE}:${NOFILE}`,
        process.execPath,
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--client',
      ],
      { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.dead = this.exited.then((code) =>
      Promise.reject(new Error(`the client process exited with ${code}`)),
    );
    this.dead.catch(() => undefined);
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else this.replies.push(line);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  async request<T>(cmd: ClientCommand): Promise<T & { clientRssMb: number }> {
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
    const line = await Promise.race([
      this.replies.length > 0
        ? Promise.resolve(this.replies.shift()!)
        : new Promise<string>((resolve) => (this.waiting = resolve)),
      this.dead,
    ]);
    return JSON.parse(line) as T & { clientRssMb: number };
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.stdin!.end();
    const code = await Promise.race([this.exited, sleep(5_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') this.child.kill('SIGKILL');
  }
}

interface AcceptResult {
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

/**
 * An accept run with the CPU each side took: the server process (all its threads), its main thread (the
 * event loop every decky's sockets are served from) and the client.
 */
type MeasuredAccepts = AcceptResult & { upCpuPct: number; upMainCpuPct: number; clientCpuPct: number };

/** Runs `loops` and adds the CPU share the server (pid) and the client took over their wall time. */
async function withCpuShares(
  pid: number,
  loops: () => Promise<{ result: AcceptResult; clientCpuSeconds: number }>,
): Promise<MeasuredAccepts> {
  const started = process.hrtime.bigint();
  const up0 = cpuSeconds(pid);
  const main0 = cpuSeconds(pid, pid);
  const { result, clientCpuSeconds } = await loops();
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    completed: result.completed,
    failed: result.failed,
    seconds: result.seconds,
    perSecond: result.perSecond,
    upCpuPct: ((cpuSeconds(pid) - up0) / wall) * 100,
    upMainCpuPct: ((cpuSeconds(pid, pid) - main0) / wall) * 100,
    clientCpuPct: (clientCpuSeconds / wall) * 100,
  };
}

/** Runs the Node client's accept loops against `targets`, with the CPU share of the server (pid) and the client. */
function accepts(client: ClientProcess, pid: number, targets: Target[]): Promise<MeasuredAccepts> {
  return withCpuShares(pid, async () => {
    const client0 = cpuSeconds(client.pid);
    const result = await client.request<AcceptResult>({
      op: 'accepts',
      targets,
      loops: ACCEPT_LOOPS,
      warmupMs: ACCEPT_WARMUP_MS,
      windowMs: ACCEPT_WINDOW_MS,
    });
    return { result, clientCpuSeconds: cpuSeconds(client.pid) - client0 };
  });
}

/**
 * The light C client (bench/accept-load.c), compiled into bench/out with the host's C compiler; null when
 * there is none (the Node client's figures are then the only ones).
 */
function compileAcceptLoad(): string | null {
  const binary = join(REPO_ROOT, 'bench', 'out', 'accept-load');
  try {
    mkdirSync(dirname(binary), { recursive: true });
    execFileSync('cc', ['-O2', '-o', binary, join(REPO_ROOT, 'bench', 'accept-load.c')], { stdio: 'pipe' });
    return binary;
  } catch {
    return null;
  }
}

/** The same accept loops as `accepts`, run by the C client, with the CPU share of the server (pid) and the client. */
function cAccepts(binary: string, pid: number, targets: Target[]): Promise<MeasuredAccepts> {
  const args = [
    String(ACCEPT_WARMUP_MS / 1000),
    String(ACCEPT_WINDOW_MS / 1000),
    String(ACCEPT_LOOPS),
    ...targets.map((t) => `${t.host}:${t.port}`),
  ];
  return withCpuShares(pid, async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(binary, args, { maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    const result = JSON.parse(out) as AcceptResult & { clientCpuSeconds: number };
    return { result, clientCpuSeconds: result.clientCpuSeconds };
  });
}

/** One report line for a C-client run, or why there is none. */
function describeCAccepts(label: string, r: MeasuredAccepts | null): string {
  if (!r) return `   ${label}: no C compiler here, so no run with the light client`;
  return `   ${label}, light C client (bench/accept-load.c), same loops: ${Math.round(r.perSecond).toLocaleString('en')} accepts/s, ${r.completed} in ${r.seconds.toFixed(2)} s, ${r.failed} failed; server ${r.upCpuPct.toFixed(0)}% of a core (${describeMainThread(r)}), client ${r.clientCpuPct.toFixed(0)}%`;
}

/**
 * The server's main thread: its share of a core over the run, and so its CPU time per accept (taking the
 * warm-up, which the share includes, to run at the measured rate).
 */
function describeMainThread(r: MeasuredAccepts): string {
  const microsPerAccept = ((r.upMainCpuPct / 100) * 1e6) / r.perSecond;
  return `main thread ${r.upMainCpuPct.toFixed(0)}%, ${microsPerAccept.toFixed(0)} µs per accept`;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/fabric.ts needs root (the netns driver)');
  if (NOFILE < 11_000)
    throw new Error(
      `the hard file descriptor limit is ${NOFILE}: holding 10k connections needs more than 11k`,
    );
  buildCli();
  const results: Record<string, unknown> = {
    bench: 'fabric',
    ingest_alongside: true,
    cores: availableParallelism(),
    client: 'separate node process on the same host',
    nofile: NOFILE,
  };
  const report: string[] = [
    `host: ${availableParallelism()} cores; every figure taken with \`decnet up\` running, i.e. the ingester (SQLite, on a thread of its own) and the API run alongside in the measured process ("ingest alongside"); "main thread" is the event loop that serves every decky's sockets`,
  ];
  const subnets = new Set<number>();
  const tags: string[] = [];
  const client = new ClientProcess();
  const acceptLoad = compileAcceptLoad();
  let failure: unknown = null;

  try {
    // Instance B (for 2–4) starts first and idles while A deploys, so its start-up garbage is gone by the
    // time its 1-decky RSS is taken; the 250-decky services all greet, for 3 and 4.
    const services = 'tcp_banner,ssh,ftp';
    const subnetB = freeSlash16(subnets);
    progress(`netns: up B with 1 decky on ${subnetB}`);
    const b = await startUp('netns', ['--deckies', '1', '--services', services, '--subnet', subnetB]);
    tags.push(installationTag(b.home));
    const pid = b.child.pid!;

    // 1. netns deploy of 100 deckies into a running instance started with 1 decky, then teardown.
    const services100 = 'ssh,http,ftp';
    const subnetA = freeSlash16(subnets);
    progress(`netns: up A with 1 decky on ${subnetA}`);
    const a = await startUp('netns', ['--deckies', '1', '--services', services100, '--subnet', subnetA]);
    const tagA = installationTag(a.home);
    tags.push(tagA);
    await sleep(2_000);
    progress('netns: deploy 100 deckies into A');
    const deploy100 = await timeDecnet(
      [
        'deploy',
        '--driver',
        'netns',
        '--deckies',
        '100',
        '--services',
        services100,
        '--subnet',
        subnetA,
        '--json',
      ],
      a.env,
    );
    const deployed100 = (JSON.parse(deploy100.stdout) as DeckyJson[]).length;
    const serving100 = (await status(a)).filter((d) =>
      d.services.every((s) => s.ports.every((p) => p.listening)),
    ).length;
    progress('netns: teardown --all of A');
    const teardown101 = await timeDecnet(['teardown', '--all'], a.env);
    const leftA = namespacesOf(tagA).length;
    await stopInstance(a);
    results.netns_deploy_100_s = Number(deploy100.seconds.toFixed(2));
    results.netns_deploy_100_deployed = deployed100;
    results.netns_teardown_101_s = Number(teardown101.seconds.toFixed(2));
    report.push(
      `1. netns, ingest alongside: \`decnet deploy --deckies 100 --services ${services100}\` into an instance running 1 decky: ${deploy100.seconds.toFixed(2)} s wall (target ≤ 30 s; ${(deploy100.seconds / 100).toFixed(3)} s/decky; ${deployed100} deployed, ${serving100}/101 with every port listening)`,
      `   netns, ingest alongside: \`decnet teardown --all\` of those 101 deckies: ${teardown101.seconds.toFixed(2)} s wall (target ≤ 15 s; ${leftA} namespaces left after it)`,
    );

    // 2. RSS of B with 1 decky, then with 250 deckies × 3 services.
    progress('netns: RSS of B with 1 decky');
    const rss1 = await settledRss(pid);
    progress('netns: deploy 249 more deckies into B');
    const deploy249 = await timeDecnet(
      [
        'deploy',
        '--driver',
        'netns',
        '--deckies',
        '249',
        '--services',
        services,
        '--subnet',
        subnetB,
        '--json',
      ],
      b.env,
    );
    progress('netns: RSS of B with 250 deckies');
    const rss250 = await settledRss(pid);
    const perDecky = (rss250.mb - rss1.mb) / 249;
    const deckies = await status(b);
    const targets = roundRobin(deckies);
    results.netns_rss_1_decky_mb = Number(rss1.mb.toFixed(1));
    results.netns_rss_250_deckies_mb = Number(rss250.mb.toFixed(1));
    results.netns_rss_per_decky_mb = Number(perDecky.toFixed(3));
    results.netns_deploy_249_s = Number(deploy249.seconds.toFixed(2));
    report.push(
      `2. netns, ingest alongside: \`up\` RSS with 1 decky ${describeRss(rss1)}, with ${deckies.length} deckies × 3 services (${services}) ${describeRss(rss250)}: ${perDecky.toFixed(3)} MB per extra decky (target ≤ 1 MB)`,
      `   (deploying those 249 took ${deploy249.seconds.toFixed(2)} s wall, ${(deploy249.seconds / 249).toFixed(3)} s/decky; ${targets.length} TCP ports listening; \`up\` max open files ${openFilesLimit(pid)})`,
    );

    // 3. Accepts/s across the 250 netns deckies.
    progress(`netns: accept loops over ${targets.length} ports`);
    const netnsAccepts = await accepts(client, pid, targets);
    results.netns_accepts_per_s = Math.round(netnsAccepts.perSecond);
    results.netns_accepts_failed = netnsAccepts.failed;
    results.netns_accepts_up_cpu_pct = Math.round(netnsAccepts.upCpuPct);
    results.netns_accepts_up_main_thread_cpu_pct = Math.round(netnsAccepts.upMainCpuPct);
    results.netns_accepts_client_cpu_pct = Math.round(netnsAccepts.clientCpuPct);
    report.push(
      `3. netns, ingest alongside: ${Math.round(netnsAccepts.perSecond).toLocaleString('en')} TCP accepts/s (connect → first greeting bytes → close) over ${deckies.length} deckies / ${targets.length} ports, ${ACCEPT_LOOPS} concurrent loops in a separate client process sharing the ${availableParallelism()} cores (target ≥ 10,000/s): ${netnsAccepts.completed} in ${netnsAccepts.seconds.toFixed(2)} s, ${netnsAccepts.failed} failed`,
      `   CPU while running: \`up\` ${netnsAccepts.upCpuPct.toFixed(0)}% of a core (${describeMainThread(netnsAccepts)}), client ${netnsAccepts.clientCpuPct.toFixed(0)}%; \`up\` RSS after ${rssMb(pid).toFixed(0)} MB`,
    );

    const netnsC = acceptLoad ? await cAccepts(acceptLoad, pid, targets) : null;
    if (netnsC) {
      results.netns_accepts_c_client_per_s = Math.round(netnsC.perSecond);
      results.netns_accepts_c_client_main_thread_cpu_pct = Math.round(netnsC.upMainCpuPct);
    }
    report.push(describeCAccepts('3. netns', netnsC));

    // 4. 10k idle connections held, 40 per decky spread over its ports.
    const holdTargets: Target[] = [];
    for (let i = 0; i < HELD_PER_DECKY; i++)
      for (const d of deckies) {
        const ports = tcpPorts(d);
        holdTargets.push(ports[i % ports.length]!);
      }
    progress(`netns: holding ${holdTargets.length} connections`);
    const opened = await client.request<{ opened: number; failed: number; seconds: number }>({
      op: 'hold',
      targets: holdTargets,
      inFlight: HOLD_IN_FLIGHT,
    });
    const heldSamples: number[] = [];
    for (let t = 0; t < HELD_WAIT_MS; t += 500) {
      heldSamples.push(rssMb(pid));
      await sleep(500);
    }
    const rssHeld = median(heldSamples);
    const rssHeldPeak = Math.max(...heldSamples);
    const check = await client.request<{ open: number; closed: number }>({ op: 'check' });
    const serverSide = (await status(b)).reduce((sum, d) => sum + d.connections, 0);
    await client.request({ op: 'release' });
    results.netns_held_target = holdTargets.length;
    results.netns_held_opened = opened.opened;
    results.netns_held_open_after_5s = check.open;
    results.netns_held_server_connections = serverSide;
    results.netns_rss_10k_held_mb = Number(rssHeld.toFixed(1));
    results.netns_rss_10k_held_peak_mb = Number(rssHeldPeak.toFixed(1));
    results.client_rss_10k_held_mb = Math.round(check.clientRssMb);
    report.push(
      `4. netns, ingest alongside: ${opened.opened}/${holdTargets.length} idle connections opened (${HELD_PER_DECKY} per decky over its 3 ports, in ${opened.seconds.toFixed(2)} s, ${opened.failed} failed); \`up\` RSS while holding them ${rssHeld.toFixed(1)} MB (median over ${HELD_WAIT_MS / 1000} s, peak ${rssHeldPeak.toFixed(1)} MB; target < 500 MB; +${(rssHeld - rss250.mb).toFixed(1)} MB over the idle 250 deckies)`,
      `   ${HELD_WAIT_MS / 1000} s later: ${check.open} still open on the client (${check.closed} closed), ${serverSide} counted by \`decnet status\`; client RSS ${check.clientRssMb.toFixed(0)} MB`,
    );
    progress('netns: teardown --all of B');
    const teardown250 = await timeDecnet(['teardown', '--all'], b.env);
    results.netns_teardown_250_s = Number(teardown250.seconds.toFixed(2));
    report.push(
      `   (netns, ingest alongside: \`decnet teardown --all\` of the 250 deckies: ${teardown250.seconds.toFixed(2)} s wall)`,
    );
    await stopInstance(b);

    // 3b. Accepts/s on the loopback driver, for comparison.
    const loSubnet = `127.${90 + Math.floor(Math.random() * 10)}.${Math.floor(Math.random() * 250)}.0/24`;
    progress(`loopback: up C with 50 deckies on ${loSubnet}`);
    const c = await startUp('loopback', [
      '--deckies',
      '50',
      '--services',
      'tcp_banner',
      '--subnet',
      loSubnet,
    ]);
    const loDeckies = await status(c);
    const loTargets = roundRobin(loDeckies);
    progress(`loopback: accept loops over ${loTargets.length} ports`);
    const loAccepts = await accepts(client, c.child.pid!, loTargets);
    const loC = acceptLoad ? await cAccepts(acceptLoad, c.child.pid!, loTargets) : null;
    const loRss = rssMb(c.child.pid!);
    await stopInstance(c);
    results.loopback_accepts_per_s = Math.round(loAccepts.perSecond);
    results.loopback_accepts_failed = loAccepts.failed;
    results.loopback_accepts_up_cpu_pct = Math.round(loAccepts.upCpuPct);
    results.loopback_accepts_up_main_thread_cpu_pct = Math.round(loAccepts.upMainCpuPct);
    results.loopback_accepts_client_cpu_pct = Math.round(loAccepts.clientCpuPct);
    report.push(
      `3b. loopback, ingest alongside: ${Math.round(loAccepts.perSecond).toLocaleString('en')} TCP accepts/s over ${loDeckies.length} deckies × tcp_banner, same client and loops: ${loAccepts.completed} in ${loAccepts.seconds.toFixed(2)} s, ${loAccepts.failed} failed`,
      `   CPU while running: \`up\` ${loAccepts.upCpuPct.toFixed(0)}% of a core (${describeMainThread(loAccepts)}), client ${loAccepts.clientCpuPct.toFixed(0)}%; \`up\` RSS after ${loRss.toFixed(0)} MB`,
    );

    if (loC) {
      results.loopback_accepts_c_client_per_s = Math.round(loC.perSecond);
      results.loopback_accepts_c_client_main_thread_cpu_pct = Math.round(loC.upMainCpuPct);
    }
    report.push(describeCAccepts('3b. loopback', loC));

    // 3c. The ceiling of this host and client: a bare Node server on the same addresses and ports that
    // only accepts, writes a greeting and closes, measured by the same client in the same run.
    progress('baseline: a bare Node server on the same 50 loopback ports');
    const bare = spawn(
      'prlimit',
      [`--nofile=${NOFILE}:${NOFILE}`, process.execPath, '--input-type=module', '-e', BARE_SERVER],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    bare.stdin!.end(JSON.stringify(loTargets));
    await new Promise<void>((resolve, reject) => {
      bare.stdout!.once('data', () => resolve());
      bare.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    });
    const bareAccepts = await accepts(client, bare.pid!, loTargets);
    const bareC = acceptLoad ? await cAccepts(acceptLoad, bare.pid!, loTargets) : null;
    bare.kill('SIGTERM');
    results.bare_node_accepts_per_s = Math.round(bareAccepts.perSecond);
    results.loopback_accepts_of_bare_pct = Math.round((loAccepts.perSecond / bareAccepts.perSecond) * 100);
    report.push(
      `3c. baseline: a bare Node server (accept, write a greeting, close; no events) on the same ports, same client: ${Math.round(bareAccepts.perSecond).toLocaleString('en')} accepts/s (server ${bareAccepts.upCpuPct.toFixed(0)}% of a core, client ${bareAccepts.clientCpuPct.toFixed(0)}%); DECNET's loopback figure is ${results.loopback_accepts_of_bare_pct}% of it`,
      describeCAccepts('3c. baseline', bareC),
    );
    if (bareC) {
      results.bare_node_accepts_c_client_per_s = Math.round(bareC.perSecond);
      results.bare_node_accepts_c_client_main_thread_cpu_pct = Math.round(bareC.upMainCpuPct);
    }
  } catch (err) {
    failure = err;
  } finally {
    await client.close();
    for (const instance of instances) await stopInstance(instance);
    const leftovers = tags.flatMap(namespacesOf);
    results.leftover_namespaces = leftovers.length;
    report.push(
      `cleanup: ${leftovers.length} namespaces of this run left (${leftovers.slice(0, 5).join(', ') || 'none'})`,
    );
    if (failure)
      for (const instance of instances)
        if (instance.output().trim())
          process.stderr.write(`--- up (${instance.driver}) output ---\n${instance.output()}\n`);
    for (const instance of instances) rmSync(instance.home, { recursive: true, force: true });
  }
  if (failure) {
    process.stdout.write(`${report.join('\n')}\n`);
    throw failure;
  }
  process.stdout.write(`${report.join('\n')}\n${JSON.stringify(results)}\n`);
}

if (process.argv.includes('--client')) await runClient();
else await main();
