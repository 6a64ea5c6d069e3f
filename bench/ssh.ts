/**
 * SSH handshakes per second (issue #4: ≥ 300 completed handshakes with a password attempt per second on
 * this 2-core machine). `decnet up` runs one loopback decky with the `ssh` service (so the ingester on
 * SQLite runs alongside); a client in a separate node process runs N loops, each opening an SSH
 * connection with the `ssh2` client, completing the key exchange, offering root's password and closing
 * once the server answered. Client and server share the cores; the CPU each took is reported.
 *
 *   node --import tsx bench/ssh.ts [--loops N] [--seconds S]
 *
 * Prints a text block, then one JSON line: {"bench":"ssh",…}.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from 'ssh2';
import { freePort, runDecnet, scratchHome, startDecnet } from '../test/support/cli.js';
import { buildCli } from './support.js';

const args = process.argv.slice(2);
const LOOPS = Number(args[args.indexOf('--loops') + 1]) || 48;
const SECONDS = Number(args[args.indexOf('--seconds') + 1]) || 10;
const WARMUP_MS = 2_000;
const PASSWORD = '123456';

interface ClientCommand {
  host: string;
  port: number;
  loops: number;
  warmupMs: number;
  windowMs: number;
}

interface ClientReport {
  completed: number;
  failed: number;
  seconds: number;
}

/** One connection: key exchange, one password attempt, close. Resolves true when auth was answered. */
function handshake(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const client = new Client();
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      client.end();
      resolve(ok);
    };
    client.on('ready', () => done(true));
    client.on('error', () => done(false));
    client.on('close', () => done(false));
    client.connect({
      host,
      port,
      username: 'root',
      password: PASSWORD,
      readyTimeout: 20_000,
      hostVerifier: () => true,
    });
  });
}

async function runClient(cmd: ClientCommand): Promise<ClientReport> {
  let completed = 0;
  let failed = 0;
  let counting = false;
  let stop = false;
  const loops = Array.from({ length: cmd.loops }, async () => {
    while (!stop) {
      const ok = await handshake(cmd.host, cmd.port);
      if (!counting) continue;
      if (ok) completed++;
      else failed++;
    }
  });
  await new Promise((r) => setTimeout(r, cmd.warmupMs));
  counting = true;
  const started = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, cmd.windowMs));
  counting = false;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  stop = true;
  await Promise.all(loops);
  return { completed, failed, seconds };
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  buildCli();
  const env = { DECNET_HOME: scratchHome() };
  const apiPort = await freePort();
  const subnet = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  const up = startDecnet(
    [
      'up',
      '--port',
      String(apiPort),
      '--deckies',
      '1',
      '--services',
      'ssh',
      '--distro',
      'debian12',
      '--subnet',
      subnet,
    ],
    env,
  );
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (i > 600) throw new Error(`decnet up did not become healthy:\n${up.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const status = JSON.parse((await runDecnet(['status', '--json'], env)).stdout) as Array<{
      ip: string;
      services: Array<{ name: string; ports: Array<{ listen_port: number }> }>;
    }>;
    const decky = status[0]!;
    const port = decky.services.find((s) => s.name === 'ssh')!.ports[0]!.listen_port;

    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--client'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const upPid = up.child.pid!;
    const cpuBefore = { up: 0, client: 0 };
    const report = await new Promise<ClientReport>((resolve, reject) => {
      child.once('message', (m) => resolve(m as ClientReport));
      child.once('error', reject);
      child.send({ host: decky.ip, port, loops: LOOPS, warmupMs: WARMUP_MS, windowMs: SECONDS * 1000 });
      setTimeout(() => {
        cpuBefore.up = cpuSeconds(upPid);
        cpuBefore.client = cpuSeconds(child.pid!);
      }, WARMUP_MS);
    });
    const upCpu = ((cpuSeconds(upPid) - cpuBefore.up) / report.seconds) * 100;
    const clientCpu = ((cpuSeconds(child.pid!) - cpuBefore.client) / report.seconds) * 100;
    child.kill();
    const perSecond = report.completed / report.seconds;
    process.stdout.write(
      `ssh: ${Math.round(perSecond)} completed handshakes with a password attempt per second ` +
        `(${report.completed} in ${report.seconds.toFixed(2)} s, ${report.failed} failed; ${LOOPS} loops of the ssh2 client ` +
        `in a separate process sharing the ${availableParallelism()} cores; \`up\` at ${Math.round(upCpu)} % of a core, ` +
        `the client at ${Math.round(clientCpu)} %; target ≥ 300/s)\n` +
        `${JSON.stringify({
          bench: 'ssh',
          handshakes_per_s: Math.round(perSecond),
          completed: report.completed,
          failed: report.failed,
          loops: LOOPS,
          up_cpu_pct: Math.round(upCpu),
          client_cpu_pct: Math.round(clientCpu),
        })}\n`,
    );
  } finally {
    up.child.kill('SIGTERM');
    await up.exited;
  }
}

if (process.argv.includes('--client')) {
  process.once('message', (cmd) => {
    runClient(cmd as ClientCommand).then((report) => process.send!(report));
  });
} else {
  await main();
}
