/**
 * The `ssh` service on a Windows decky against the real OpenSSH client: a login gets cmd.exe as
 * Windows OpenSSH gives it (banner, `user@HOST C:\Users\…>` prompt, CRLF output), exec lines run as
 * `cmd.exe /c`, every line is a `command` event, and a certutil download is logged and blocked without
 * a single byte leaving. The service runs on 127.0.0.1 through the real guard and emitter.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceDirs } from '../../src/services/service.js';
import { ssh } from '../../src/services/ssh/index.js';
import { SSH_TEST_OPTIONS } from '../../src/services/ssh/testing.js';
import { type Served, serveTcp, testPersona } from '../../src/services/testing.js';

/** The weak policy's first common password: the one Administrator gets in with on a fresh Windows decky. */
const ROOT_PASSWORD = '123456';
const HOSTNAME = 'SRV-FILES-01';

let scratch: string;
let dirs: ServiceDirs;
let served: Served | null = null;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'decnet-ssh-windows-e2e-'));
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

async function start(distro = 'windows2019'): Promise<Served> {
  served = await serveTcp(ssh, {
    dirs,
    decky: testPersona({
      distro,
      osProfile: 'windows_server',
      archetype: 'windows-server',
      hostname: HOSTNAME,
    }),
  });
  return served;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], input = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

function sshAs(port: number, ...rest: string[]): Promise<Result> {
  return run('sshpass', ['-p', ROOT_PASSWORD, 'ssh', ...SSH_TEST_OPTIONS, '-p', String(port), ...rest]);
}

describe('ssh service on a Windows decky with the real OpenSSH client', () => {
  it('runs an exec line through cmd.exe /c with Windows output and logs it as one command', async () => {
    const { port, sink } = await start();
    const line = 'whoami & ver & dir C:\\';
    const result = await sshAs(port, 'Administrator@127.0.0.1', line);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(
      out.startsWith('srv-files-01\\administrator\r\n\r\nMicrosoft Windows [Version 10.0.17763.6659]\r\n'),
    ).toBe(true);
    expect(out).toContain(' Volume in drive C has no label.\r\n');
    expect(out).toContain(' Directory of C:\\\r\n');
    expect(out).toMatch(/^\d\d\/\d\d\/\d{4} {2}\d\d:\d\d [AP]M {4}<DIR> {10}Users\r$/m);
    expect(out).toMatch(/^ {15}\d File\(s\) +[\d,]+ bytes\r\n +\d+ Dir\(s\) +[\d,]+ bytes free\r\n$/m);
    expect(out).not.toMatch(/[^\r]\n/);
    const [command] = await sink.until('command');
    expect(command?.fields).toMatchObject({
      cmd: line,
      user: 'Administrator',
      pwd: 'C:\\Users\\Administrator',
    });
    const [recorded] = await sink.until('session_recorded');
    expect(recorded?.fields).toMatchObject({ service: 'ssh', src_ip: '127.0.0.1' });
  });

  it('answers an unknown program the way cmd does, with exit code 9009', async () => {
    const { port } = await start();
    const result = await sshAs(port, 'Administrator@127.0.0.1', 'uname -a');
    // cmd exits 9009; the SSH client reports an exit status modulo 256, as any process status.
    expect(result.code).toBe(9009 % 256);
    expect(result.stderr).toBe(
      "'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
    );
  });

  it('gives an interactive cmd.exe console on a pty and logs each line typed', async () => {
    const { port, sink } = await start('windows2022');
    const tty = await run(
      'sshpass',
      ['-p', ROOT_PASSWORD, 'ssh', ...SSH_TEST_OPTIONS, '-p', String(port), '-tt', 'Administrator@127.0.0.1'],
      'hostname\rcd C:\\Windows\\System32\\drivers\\etc\rtype hosts\rexit\r',
    );
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain(
      'Microsoft Windows [Version 10.0.20348.2966]\r\n(c) Microsoft Corporation. All rights reserved.\r\n\r\n',
    );
    expect(tty.stdout).toContain(`administrator@${HOSTNAME} C:\\Users\\Administrator>`);
    expect(tty.stdout).toContain(`${HOSTNAME}\r\n`);
    expect(tty.stdout).toContain(`administrator@${HOSTNAME} C:\\Windows\\System32\\drivers\\etc>`);
    expect(tty.stdout).toContain('# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.');
    const commands = (await sink.until('command', 4)).map((r) => r.fields.cmd);
    expect(commands).toEqual(['hostname', 'cd C:\\Windows\\System32\\drivers\\etc', 'type hosts', 'exit']);
  });

  it('logs a certutil download as a blocked download_attempt and sends nothing out', async () => {
    let requests = 0;
    const web: Server = createServer((_req, res) => {
      requests++;
      res.end('MZ payload');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const { port: webPort } = web.address() as AddressInfo;
      const { port, sink } = await start();
      const url = `http://127.0.0.1:${webPort}/y.exe`;
      const line = `certutil -urlcache -f ${url} y.exe & dir y.exe`;
      const result = await sshAs(port, 'Administrator@127.0.0.1', line);
      expect(result.stdout).toContain('****  Online  ****\r\nCertUtil: -URLCache command FAILED: 0x80072ee2');
      expect(result.stderr).toContain('File Not Found');
      const [attempt] = await sink.until('download_attempt');
      expect(attempt?.fields).toMatchObject({
        url,
        tool: 'certutil',
        outcome: 'blocked',
        src_ip: '127.0.0.1',
      });
      await sink.until('session_recorded');
      expect(sink.records('file_captured')).toEqual([]);
      expect(requests).toBe(0);
    } finally {
      await new Promise<void>((resolve) => web.close(() => resolve()));
    }
  });

  it('captures a file written through a redirection under its Windows path', async () => {
    const { port, sink } = await start();
    const result = await sshAs(
      port,
      'Administrator@127.0.0.1',
      'echo net user backdoor P@ss /add> C:\\Users\\Public\\x.bat',
    );
    expect(result.code).toBe(0);
    const [captured] = await sink.until('file_captured');
    expect(captured?.fields).toMatchObject({
      orig_path: 'C:\\Users\\Public\\x.bat',
      method: 'shell',
      size: '29',
    });
  });
});
