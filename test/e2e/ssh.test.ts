/**
 * The `ssh` service against the real OpenSSH tools and hydra, with the real shell glue: what an
 * attacker's client sees, and the events the decky logs for it. The service runs on 127.0.0.1 on an
 * ephemeral port through the real connection guard and emitter; every wait is on a process exit or an
 * event.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasshOf } from '../../src/fingerprint/hassh.js';
import { hasCommand } from '../../src/fingerprint/testing.js';
import type { ServiceDirs } from '../../src/services/service.js';
import { ssh } from '../../src/services/ssh/index.js';
import { captureClientPreamble, SSH_TEST_OPTIONS } from '../../src/services/ssh/testing.js';
import { type Served, serveTcp, TestClient, testPersona } from '../../src/services/testing.js';
import { capturedOnLoopback, tsharkRows, tsharkRowsSoFar } from '../support/capture.js';

/** The weak policy's first common password: the one root gets in with on a fresh decky. */
const ROOT_PASSWORD = '123456';

let scratch: string;
let dirs: ServiceDirs;
let served: Served | null = null;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'decnet-ssh-e2e-'));
  dirs = {
    keys: join(scratch, 'keys'),
    captures: join(scratch, 'captures'),
    recordings: join(scratch, 'recordings'),
  };
});

afterEach(async () => {
  await served?.close();
  expect(served?.errors ?? []).toEqual([]);
  served = null;
  rmSync(scratch, { recursive: true, force: true });
});

async function start(config: Record<string, string> = {}, distro?: string): Promise<Served> {
  served = await serveTcp(ssh, {
    dirs,
    config,
    ...(distro ? { decky: testPersona({ distro, hostname: 'branch-rtr' }) } : {}),
  });
  return served;
}

/** A fresh ed25519 key pair in the scratch directory; resolves with the private key's path. */
async function keyPair(): Promise<string> {
  const key = join(scratch, 'id_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  return key;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    // A tool that exits without reading its stdin (ssh-keygen, hydra) closes the pipe under us.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

function sshArgs(port: number, ...rest: string[]): string[] {
  return [...SSH_TEST_OPTIONS, '-p', String(port), ...rest];
}

function withPassword(password: string, command: string, args: string[], input?: string): Promise<Result> {
  return run('sshpass', ['-p', password, command, ...args], input);
}

describe('ssh service with real clients', () => {
  const canCapture = process.getuid?.() === 0 && hasCommand('tcpdump') && hasCommand('tshark');

  it("nmap -sV names it as the distro's OpenSSH", async () => {
    const { port } = await start({}, 'debian12');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        'nmap',
        ['-sV', '-Pn', '-n', '-p', String(port), '127.0.0.1'],
        { timeout: 60_000 },
        (err, out) => (err ? reject(err) : resolve(out)),
      ),
    );
    expect(stdout).toMatch(/ssh\s+OpenSSH 9\.2p1 Debian/);
  }, 90_000);

  it.skipIf(!canCapture)(
    'logs the HASSH and HASSHServer tshark computes for the same connection',
    async () => {
      const { port, sink } = await start();
      const select = ['-d', `tcp.port==${port},ssh`, '-Y', 'ssh.kex.hassh || ssh.kex.hasshserver'];
      const fields = ['ssh.kex.hassh', 'ssh.kex.hasshserver'];
      const hashes = (rows: string[][]): string[] => rows.flat().filter((v) => v !== '');
      const file = await capturedOnLoopback(
        port,
        scratch,
        () => withPassword(ROOT_PASSWORD, 'ssh', sshArgs(port, 'root@127.0.0.1', 'true')),
        (partial) => hashes(tsharkRowsSoFar(partial, select, fields)).length >= 2,
      );
      const dissected = hashes(tsharkRows(file, select, fields));
      const [fingerprint] = await sink.until('ssh_fingerprint');
      expect(dissected).toHaveLength(2);
      expect(dissected).toContain(fingerprint?.fields.hassh);
      expect(dissected).toContain(fingerprint?.fields.hassh_server);
    },
    60_000,
  );

  it('runs an exec command as root, logging the login and a HASSH equal to the client’s captured KEXINIT', async () => {
    const { port, sink } = await start();
    const result = await withPassword(ROOT_PASSWORD, 'ssh', sshArgs(port, 'root@127.0.0.1', 'uname -a; id'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Linux \S+ 5\.15\.0-126-generic/m);
    expect(result.stdout).toMatch(/^uid=0\(root\) gid=0\(root\)/m);

    const [login] = await sink.until('auth_attempt');
    expect(login?.fields).toMatchObject({
      username: 'root',
      secret_printable: ROOT_PASSWORD,
      outcome: 'success',
    });
    const [recorded] = await sink.until('session_recorded');
    expect(recorded?.fields).toMatchObject({ service: 'ssh', src_ip: '127.0.0.1' });

    const captured = await captureClientPreamble('ssh', (p) =>
      sshArgs(p, '-o', 'BatchMode=yes', 'x@127.0.0.1', 'true'),
    );
    const [fingerprint] = await sink.until('ssh_fingerprint');
    expect(fingerprint?.fields.client_version).toBe(captured.ident);
    expect(fingerprint?.fields.hassh).toBe(hasshOf(captured.kexinit).hash);
    expect(fingerprint?.fields.hassh_server).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives an interactive shell on a pty and logs each command typed', async () => {
    const { port, sink } = await start();
    const result = await withPassword(
      ROOT_PASSWORD,
      'ssh',
      sshArgs(port, '-tt', 'root@127.0.0.1'),
      'echo hello-from-tty\nexit\n',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('hello-from-tty');
    const commands = (await sink.until('command')).map((r) => r.fields.cmd);
    expect(commands).toContain('echo hello-from-tty');
  });

  it('refuses a wrong password, then lets the right one in, logging both', async () => {
    const { port, sink } = await start();
    const once = ['-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1'];
    const wrong = await withPassword(
      'not-the-password',
      'ssh',
      sshArgs(port, ...once, 'root@127.0.0.1', 'true'),
    );
    expect(wrong.code).not.toBe(0);
    const right = await withPassword(ROOT_PASSWORD, 'ssh', sshArgs(port, ...once, 'root@127.0.0.1', 'true'));
    expect(right.code).toBe(0);
    const attempts = (await sink.until('auth_attempt', 2)).map((r) => [
      r.fields.secret_printable,
      r.fields.outcome,
    ]);
    expect(attempts).toEqual([
      ['not-the-password', 'failure'],
      [ROOT_PASSWORD, 'success'],
    ]);
  });

  it('logs a public key attempt by the fingerprint ssh-keygen prints, and refuses it', async () => {
    const { port, sink } = await start();
    const key = await keyPair();
    const printed = (await run('ssh-keygen', ['-l', '-f', `${key}.pub`])).stdout.split(' ')[1];
    const result = await run(
      'ssh',
      sshArgs(
        port,
        '-i',
        key,
        '-o',
        'BatchMode=yes',
        '-o',
        'PreferredAuthentications=publickey',
        'root@127.0.0.1',
        'true',
      ),
    );
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Permission denied/);
    const [attempt] = await sink.until('auth_attempt');
    expect(attempt?.fields).toMatchObject({
      username: 'root',
      secret_kind: 'ssh_publickey',
      secret_printable: printed,
      outcome: 'failure',
    });
  });

  it('captures a file uploaded with legacy scp (-O) and with scp over SFTP', async () => {
    const { port, sink } = await start();
    const local = join(scratch, 'payload.sh');
    writeFileSync(local, '#!/bin/sh\necho pwned\n');
    const legacy = await withPassword(ROOT_PASSWORD, 'scp', [
      ...SSH_TEST_OPTIONS,
      '-O',
      '-P',
      String(port),
      local,
      'root@127.0.0.1:/tmp/',
    ]);
    expect(legacy.code).toBe(0);
    const modern = await withPassword(ROOT_PASSWORD, 'scp', [
      ...SSH_TEST_OPTIONS,
      '-P',
      String(port),
      local,
      'root@127.0.0.1:/tmp/via-sftp.sh',
    ]);
    expect(modern.code).toBe(0);
    const captured = (await sink.until('file_captured', 2)).map((r) => [r.fields.orig_path, r.fields.method]);
    expect(captured).toEqual(
      expect.arrayContaining([
        ['/tmp/payload.sh', 'scp'],
        ['/tmp/via-sftp.sh', 'sftp'],
      ]),
    );
    const sha256 = createHash('sha256').update(readFileSync(local)).digest('hex');
    for (const record of sink.records('file_captured')) expect(record.fields.sha256).toBe(sha256);
  });

  it('serves an sftp batch (key login: sftp -b allows no password prompt): ls, put, get back what was put', async () => {
    const { port, sink } = await start({ accept_publickey: 'true' });
    const key = await keyPair();
    const local = join(scratch, 'notes.txt');
    const back = join(scratch, 'back.txt');
    writeFileSync(local, 'sftp round trip\n');
    const batch = join(scratch, 'batch');
    writeFileSync(
      batch,
      `ls -la /etc\nput ${local} /tmp/notes.txt\nget /tmp/notes.txt ${back}\nls -l /tmp\n`,
    );
    const result = await run('sftp', [
      ...SSH_TEST_OPTIONS,
      '-i',
      key,
      '-P',
      String(port),
      '-b',
      batch,
      'root@127.0.0.1',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/passwd/);
    expect(result.stdout).toMatch(/notes\.txt/);
    expect(readFileSync(back, 'utf8')).toBe('sftp round trip\n');
    expect((await sink.until('file_captured'))[0]?.fields).toMatchObject({
      orig_path: '/tmp/notes.txt',
      method: 'sftp',
    });
  });

  it('keeps its host keys across a restart', async () => {
    const first = await start();
    const scan = async (port: number) =>
      (await run('ssh-keyscan', ['-p', String(port), '-t', 'ed25519,ecdsa', '127.0.0.1'])).stdout
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.split(' ').slice(1).join(' '))
        .sort();
    const before = await scan(first.port);
    expect(before).toHaveLength(2);
    await first.close();
    served = null;
    const again = await start();
    expect(await scan(again.port)).toEqual(before);
  });

  it('gives a Cisco IOS decky the IOS command line instead of a Unix shell, over exec and a pty', async () => {
    const { port, sink } = await start({}, 'ios');
    // IOS 15's SSH server offers only SHA-1 key exchange and RSA host keys: OpenSSH 9 must be told to
    // accept them, as an operator of a real one does.
    const legacy = [
      '-o',
      'KexAlgorithms=+diffie-hellman-group14-sha1',
      '-o',
      'HostKeyAlgorithms=+ssh-rsa',
      '-o',
      'PubkeyAcceptedAlgorithms=+ssh-rsa',
    ];
    const exec = await withPassword(
      ROOT_PASSWORD,
      'ssh',
      sshArgs(port, ...legacy, 'root@127.0.0.1', 'show version'),
    );
    expect(exec.stdout).toContain('Cisco IOS Software, C2900 Software');
    const tty = await withPassword(
      ROOT_PASSWORD,
      'ssh',
      sshArgs(port, ...legacy, '-tt', 'root@127.0.0.1'),
      'show ip interface brief\nexit\n',
    );
    expect(tty.stdout).toContain('branch-rtr>');
    expect(tty.stdout).toContain('GigabitEthernet0/0');
    const commands = (await sink.until('command', 3)).map((r) => [r.fields.cmd, r.fields.state]);
    expect(commands).toEqual([
      ['show version', 'exec'],
      ['show ip interface brief', 'exec'],
      ['exit', 'exec'],
    ]);
  });

  it('lets hydra find the password, logging every attempt it made', async () => {
    const { port, sink } = await start();
    const list = join(scratch, 'passwords.txt');
    const passwords = ['letmein', 'dragon', 'hunter2', ROOT_PASSWORD];
    writeFileSync(list, `${passwords.join('\n')}\n`);
    const result = await run('hydra', [
      '-l',
      'root',
      '-P',
      list,
      '-s',
      String(port),
      '-t',
      '4',
      'ssh://127.0.0.1',
    ]);
    expect(result.stdout).toMatch(new RegExp(`login: root\\s+password: ${ROOT_PASSWORD}`));
    const attempts = await sink.until('auth_attempt', passwords.length);
    expect(attempts.map((r) => r.fields.secret_printable).sort()).toEqual([...passwords].sort());
    for (const attempt of attempts) {
      expect(attempt.fields.outcome).toBe(
        attempt.fields.secret_printable === ROOT_PASSWORD ? 'success' : 'failure',
      );
    }
  });

  it('closes cleanly on garbage and on a KEXINIT cut short, logging what arrived', async () => {
    const { port, sink } = await start();
    const garbage = await TestClient.connect(port);
    garbage.send(Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not ssh at all\r\n', 'latin1'));
    await garbage.closed;
    expect(garbage.data.toString('latin1')).toMatch(/\r\nInvalid SSH identification string\.\r\n$/);

    const truncated = await TestClient.connect(port);
    truncated.send('SSH-2.0-OpenSSH_9.2p1\r\n');
    truncated.send(Buffer.from([0, 0, 5, 0xdc, 6, 20, 1, 2, 3]));
    await truncated.receive(10);
    await truncated.end();

    const data = await sink.until('data_received', 2);
    expect(data.map((r) => Number(r.fields.bytes))).toEqual([28, 32]);
    await sink.until('disconnect', 2);
    expect(sink.records('ssh_fingerprint')).toEqual([]);
  });
});
