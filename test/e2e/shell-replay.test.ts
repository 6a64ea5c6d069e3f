/**
 * Realism: real-world attacker command lines (test/fixtures/attacker-commands, CC BY 4.0, see its
 * README) replayed through the fake shell over real SSH connections from OpenSSH, each on its own exec
 * channel of one multiplexed connection. A line fails when the shell answers in a way a real Ubuntu
 * 22.04 server would not: "command not found" for a program that server has, a syntax error for a line
 * bash parses (checked with `bash -n`, which parses and runs nothing), or a broken session.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssh } from '../../src/services/ssh/index.js';
import { SSH_TEST_OPTIONS } from '../../src/services/ssh/testing.js';
import { type Served, serveTcp, testPersona } from '../../src/services/testing.js';

const execFileAsync = promisify(execFile);
const ROOT_PASSWORD = '123456';
const REPLAY_CONCURRENCY = 4;

/**
 * Programs a stock Ubuntu 22.04 server install has on its PATH (coreutils, procps, util-linux,
 * iproute2, iputils, wget, curl, passwd, cron, sudo, systemd, apt …): "command not found" for any of
 * these is a tell. Programs outside it (nvidia-smi, ftpget, lockr, …) may be reported missing.
 */
const UBUNTU_SERVER_PROGRAMS = new Set(
  (
    'awk base64 basename bash cat chattr chgrp chmod chown chpasswd chsh cp crontab curl cut date dd df dirname ' +
    'dmesg du echo egrep env expr false fgrep file find free getconf grep groups gzip gunzip head hostname id ' +
    'ip journalctl kill killall last lastlog ln locale ls lsattr lsblk lsb_release lscpu md5sum mkdir mktemp ' +
    'more mount mv nc nohup nproc passwd perl pgrep ping pkill printenv printf ps pwd python3 readlink rm ' +
    'rmdir sed seq sh sha1sum sha256sum sleep sort ss stat su sudo sync systemctl tail tar tee test top touch ' +
    'tr true uname uniq uptime useradd userdel usermod vi w wc wget which who whoami xargs yes apt apt-get dpkg'
  ).split(' '),
);

interface Fixture {
  command: string;
  period: string;
  frequency: number;
}

interface Replayed {
  command: string;
  code: number | null;
  output: string;
}

const fixtures: Fixture[] = readFileSync(
  join(import.meta.dirname, '../fixtures/attacker-commands/commands.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Fixture);

let scratch: string;
let served: Served;
let control: string;
let base: string[];

function run(
  command: string,
  args: string[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** One command line on its own exec channel of the shared connection. */
async function replay(command: string): Promise<Replayed> {
  const { code, output } = await run('ssh', [...base, 'root@127.0.0.1', command]);
  return { command, code, output };
}

/** Whether bash itself parses the line (`-n`: read commands, execute none). */
async function bashParses(command: string): Promise<boolean> {
  try {
    await execFileAsync('bash', ['-n', '-c', command]);
    return true;
  } catch {
    return false;
  }
}

function missingPrograms(output: string): string[] {
  const names: string[] = [];
  for (const match of output.matchAll(/^(?:-?bash: )(?:line \d+: )?([^\s:]+): command not found$/gm)) {
    names.push(match[1]!);
  }
  return names;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'decnet-replay-'));
  served = await serveTcp(ssh, {
    decky: testPersona({ distro: 'ubuntu22', hostname: 'web-01' }),
    dirs: {
      keys: join(scratch, 'keys'),
      captures: join(scratch, 'captures'),
      recordings: join(scratch, 'recordings'),
    },
  });
  control = join(scratch, 'control');
  base = [
    ...SSH_TEST_OPTIONS,
    '-p',
    String(served.port),
    '-o',
    `ControlPath=${control}`,
    '-o',
    'ControlMaster=auto',
    '-o',
    'ControlPersist=120',
  ];
  // The master connection logs in once; every replayed line then opens a channel on it.
  const master = await run('sshpass', ['-p', ROOT_PASSWORD, 'ssh', ...base, 'root@127.0.0.1', 'true']);
  expect(master.code).toBe(0);
}, 60_000);

afterAll(async () => {
  await run('ssh', [...base, '-O', 'exit', 'root@127.0.0.1'], 5_000).catch(() => undefined);
  await served?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('attacker command replay over SSH (ubuntu22 decky)', () => {
  it(`answers at least 95% of ${fixtures.length} real-world command lines as Ubuntu 22.04 would`, async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(200);
    const results: Replayed[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: REPLAY_CONCURRENCY }, async () => {
        while (next < fixtures.length) {
          const fixture = fixtures[next++]!;
          results.push(await replay(fixture.command));
        }
      }),
    );
    const failures: Array<{ command: string; why: string }> = [];
    for (const result of results) {
      const wrongMissing = missingPrograms(result.output).filter((name) => UBUNTU_SERVER_PROGRAMS.has(name));
      if (result.code === 255 || result.code === null)
        failures.push({ command: result.command, why: 'session failed' });
      else if (/\bundefined\b|\[object [A-Z]|\bNaN\b|TypeError|RangeError|ReferenceError/.test(result.output))
        failures.push({ command: result.command, why: 'leaked an emulator value or error' });
      else if (wrongMissing.length > 0)
        failures.push({ command: result.command, why: `not found: ${wrongMissing.join(', ')}` });
      else if (
        /^-?bash: (?:line \d+: )?syntax error/m.test(result.output) &&
        (await bashParses(result.command))
      )
        failures.push({ command: result.command, why: 'syntax error bash would not give' });
    }
    const answered = (results.length - failures.length) / results.length;
    if (answered < 1) console.log(JSON.stringify(failures.slice(0, 40), null, 1));
    expect(results).toHaveLength(fixtures.length);
    expect(answered).toBeGreaterThanOrEqual(0.95);
    expect(served.errors).toEqual([]);
    const commands = served.sink.records('command');
    expect(commands.length).toBeGreaterThanOrEqual(fixtures.length);
  }, 600_000);

  it.each([
    [
      'a while-read loop over a pipe',
      'printf "a b\\nc d\\n" | while read x y; do echo "[$y]"; done',
      '[b]\n[d]\n',
    ],
    ['backticks', 'echo `uname -m`-`whoami`', 'x86_64-root\n'],
    ['a subshell', '(uname -srmo)', 'Linux 5.15.0-126-generic x86_64 GNU/Linux\n'],
    ['$(...) with ls of which', 'ls -d $(which ls)', '/usr/bin/ls\n'],
  ])('gets %s right', async (_name, command, expected) => {
    const result = await replay(command);
    expect(result.output).toBe(expected);
    expect(result.code).toBe(0);
  });

  it('shows /proc/mounts and /home as the machine has them', async () => {
    const mounts = await replay('cat /proc/mounts');
    expect(mounts.output).toMatch(/^proc \/proc proc rw/m);
    expect(mounts.output).toMatch(/^\/dev\/\S+ \/ ext4 rw/m);
    const home = await replay('ls /home');
    expect(home.code).toBe(0);
    expect(home.output.trim()).not.toBe('');
  });
});

describe('busybox dispatch (alpine319 decky)', () => {
  it('/bin/busybox NAME runs the applet, and an unknown applet is refused as BusyBox does', async () => {
    const alpine = await serveTcp(ssh, {
      decky: testPersona({ distro: 'alpine319', hostname: 'cam-03' }),
      dirs: {
        keys: join(scratch, 'alpine-keys'),
        captures: join(scratch, 'alpine-captures'),
        recordings: join(scratch, 'alpine-recordings'),
      },
    });
    try {
      const args = [...SSH_TEST_OPTIONS, '-p', String(alpine.port), 'root@127.0.0.1'];
      const echo = await run('sshpass', [
        '-p',
        ROOT_PASSWORD,
        'ssh',
        ...args,
        '/bin/busybox echo hi; /bin/busybox ECCHI',
      ]);
      expect(echo.output).toBe('hi\nECCHI: applet not found\n');
    } finally {
      await alpine.close();
    }
  });
});
