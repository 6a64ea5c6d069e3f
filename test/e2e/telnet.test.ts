/**
 * Telnet end to end: the service on a real loopback socket, driven byte by byte like a client and by the
 * real `telnet` program; every login attempt, command and session lands as an event.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { telnet } from '../../src/services/telnet/index.js';
import { DO, IAC, OPTION, WILL, WONT } from '../../src/services/telnet/protocol.js';
import { type Served, serveTcp, TestClient, testPersona } from '../../src/services/testing.js';

const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.close();
});

async function serve(distro: string, config: Record<string, string> = {}): Promise<Served> {
  const s = await serveTcp(telnet, { decky: testPersona({ distro, hostname: 'files-02' }), config });
  served.push(s);
  return s;
}

describe('telnet', () => {
  it('negotiates like Linux telnetd, refuses a wrong password, lets root in, runs the fake shell', async () => {
    const { port, sink, errors } = await serve('debian12');
    const client = await TestClient.connect(port);
    // telnetd opens with four options and waits for the client's answer (nmap -sV matches exactly that).
    const opening = await client.receive(12);
    expect([...opening.subarray(0, 12)]).toEqual([
      IAC,
      DO,
      0x18,
      IAC,
      DO,
      0x20,
      IAC,
      DO,
      0x23,
      IAC,
      DO,
      0x27,
    ]);
    // A terminal agrees to report its type (and so keeps login(1)'s three tries).
    client.send(Buffer.from([IAC, WILL, OPTION.terminalType]));
    const greeting = await client.next('files-02 login: ');
    expect(greeting).toContain('Debian GNU/Linux 12');
    client.send('root\r\n');
    await client.next('Password: ');
    client.send('not-the-password\r\n');
    await client.next('Login incorrect');
    await client.next('files-02 login: ');
    client.send('root\r\n');
    await client.next('Password: ');
    client.send('123456\r\n');
    await client.next('root@files-02:~# ');
    client.send('uname -a; id\r\n');
    const out = await client.next(/uid=0\(root\)[^\n]*\r\nroot@files-02:~# /);
    expect(out).toContain('Linux files-02 6.1.0-28-amd64');
    client.send('exit\r\n');
    await client.closed;
    const [recorded] = await sink.until('session_recorded');
    const attempts = sink.records('auth_attempt');
    expect(attempts.map((r) => [r.fields.username, r.fields.secret_printable, r.fields.outcome])).toEqual([
      ['root', 'not-the-password', 'failure'],
      ['root', '123456', 'success'],
    ]);
    const commands = sink.records('command');
    expect(commands.map((r) => r.fields.cmd)).toEqual(['uname -a; id', 'exit']);
    expect(commands[0]?.fields.sid).toBe(recorded?.fields.sid);
    expect(recorded?.fields.service).toBe('telnet');
    expect(Number(recorded?.fields.bytes)).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });

  it('hangs up on a terminal after three wrong passwords, re-prompting in the same write as the failure', async () => {
    const { port, sink } = await serve('busybox');
    const client = await TestClient.connect(port);
    // A terminal agrees to BusyBox's remote echo and reports its window size.
    client.send(Buffer.from([IAC, DO, OPTION.echo, IAC, WILL, OPTION.windowSize]));
    for (let i = 0; i < 3; i++) {
      await client.next('login: ');
      client.send('admin\r\0');
      await client.next('Password: ');
      client.send(`guess${i}\r\0`);
    }
    await client.closed;
    expect(client.data.toString('latin1')).toContain('\r\nLogin incorrect\r\nfiles-02 login: ');
    expect(sink.records('auth_attempt').map((r) => r.fields.secret_printable)).toEqual([
      'guess0',
      'guess1',
      'guess2',
    ]);
  });

  it('hangs up on a client that declined every option after its first wrong password', async () => {
    const { port, sink } = await serve('debian12');
    const client = await TestClient.connect(port);
    await client.receive(12);
    client.send(Buffer.from([IAC, WONT, OPTION.terminalType, IAC, WONT, OPTION.terminalSpeed]));
    await client.next('files-02 login: ');
    // An empty line at the login prompt only prompts again, as login(1) does.
    client.send('\r\0');
    await client.next('files-02 login: ');
    client.send('root\r\0');
    await client.next('Password: ');
    client.send('guess\r\0');
    await client.closed;
    expect(client.data.toString('latin1')).toMatch(/\r\nLogin incorrect\r\n$/);
    expect(sink.records('auth_attempt').map((r) => r.fields.outcome)).toEqual(['failure']);
  });

  it('gives a Cisco persona the IOS command line, with abbreviations and enable', async () => {
    const { port, sink } = await serve('ios', { root_password: 'cisco' });
    const client = await TestClient.connect(port);
    client.send(Buffer.from([IAC, WONT, OPTION.terminalType]));
    await client.next('Username: ');
    client.send('root\r\n');
    await client.next('Password: ');
    client.send('cisco\r\n');
    await client.next('files-02>');
    client.send('sh ver\r\n');
    await client.next(/Configuration register is 0x2102[\s\S]*files-02>/);
    client.send('show running-config\r\n');
    await client.next("% Invalid input detected at '^' marker.");
    await client.next('files-02>');
    client.send('en\r\n');
    await client.next('Password: ');
    client.send('enable-secret\r\n');
    await client.next('files-02#');
    client.send('sh run\r\n');
    await client.next(/hostname files-02[\s\S]*\r\nend\r\n[\s\S]*files-02#/);
    client.send('exit\r\n');
    await client.closed;
    expect(sink.records('command').map((r) => [r.fields.cmd, r.fields.state])).toEqual([
      ['sh ver', 'exec'],
      ['show running-config', 'exec'],
      ['en', 'exec'],
      ['sh run', 'enable'],
      ['exit', 'enable'],
    ]);
    expect(sink.records('auth_attempt').map((r) => r.fields.principal)).toEqual(['root', 'enable']);
  });

  it('serves the real telnet client', async () => {
    const { port, sink } = await serve('ubuntu22');
    const child = spawn('telnet', ['127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const waitFor = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (d: Buffer) => {
          output += d.toString('latin1');
          check();
        };
        child.stdout.on('data', onData);
        child.once('exit', () => reject(new Error(`telnet exited before ${text}: ${output}`)));
        check();
      });
    await waitFor('login: ');
    child.stdin.write('root\n');
    await waitFor('Password: ');
    child.stdin.write('admin\n');
    await waitFor('root@files-02:~# ');
    child.stdin.write('cat /etc/os-release | head -n 1\n');
    await waitFor('PRETTY_NAME="Ubuntu 22.04.5 LTS"');
    child.stdin.write('exit\n');
    await new Promise((resolve) => child.once('exit', resolve));
    await sink.until('session_recorded');
    expect(sink.records('command').map((r) => r.fields.cmd)).toContain('cat /etc/os-release | head -n 1');
  });
});

describe('telnet against hydra', () => {
  /** The weak policy lets root in with the first common password offered: this one, last in the list. */
  const ROOT_PASSWORD = '123456';
  /** None of these is a common password the weak policy would accept. */
  const WRONG = ['letmein', 'dragon', 'hunter2'];

  function hydra(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('hydra', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString('latin1')));
      child.stderr.on('data', (d: Buffer) => (output += d.toString('latin1')));
      child.once('error', reject);
      child.once('close', () => resolve(output));
    });
  }

  // One task: with several, hydra 9.4 can count a finished task out twice and stop while another
  // still waits for its answer, missing the password (seen on a loaded machine). On Linux and BusyBox
  // the task reconnects after every wrong password (hydra loses count at a second `login:` prompt); on
  // IOS it tries three per connection, so the fourth password opens a second one.
  it.each([
    ['linux', 'debian12'],
    ['busybox', 'busybox'],
    ['cisco', 'ios'],
  ])(
    'lets hydra find root’s password on a %s persona, logging every attempt',
    async (_persona, distro) => {
      const { port, sink, errors } = await serve(distro);
      const scratch = mkdtempSync(join(tmpdir(), 'decnet-telnet-hydra-'));
      try {
        const list = join(scratch, 'passwords.txt');
        const passwords = [...WRONG, ROOT_PASSWORD];
        writeFileSync(list, `${passwords.join('\n')}\n`);
        const output = await hydra([
          '-l',
          'root',
          '-P',
          list,
          '-t',
          '1',
          '-s',
          String(port),
          'telnet://127.0.0.1',
        ]);
        expect(output).toMatch(new RegExp(`login: root\\s+password: ${ROOT_PASSWORD}\\n`));
        expect(output).toContain('1 valid password found');
        const attempts = await sink.until('auth_attempt', passwords.length);
        expect(attempts.map((r) => r.fields.secret_printable).sort()).toEqual([...passwords].sort());
        for (const attempt of attempts) {
          expect(attempt.fields.username).toBe('root');
          expect(attempt.fields.outcome).toBe(
            attempt.fields.secret_printable === ROOT_PASSWORD ? 'success' : 'failure',
          );
        }
        expect(errors).toEqual([]);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    90_000,
  );
});

describe('telnet under hostile input', () => {
  it('survives 10,000 random, truncated and malformed inputs and still serves a new client', async () => {
    const { port, errors } = await serve('debian12');
    const { fuzzService } = await import('../support/fuzz.js');
    await fuzzService({
      port,
      inputs: 10_000,
      perConnection: 25,
      concurrency: 32,
      seed: 0x7e1e7,
      corpus: [
        Buffer.from([IAC, 0xfa, OPTION.windowSize, 0, 80, 0, 24, IAC, 0xf0]),
        Buffer.from([IAC, 0xfa, OPTION.terminalType, 0, ...Buffer.from('xterm'), IAC, 0xf0]),
        Buffer.from('root\r\n123456\r\nuname -a\r\ncat /etc/passwd | grep root\r\n'),
        Buffer.from('root\r\nadmin\r\nfor i in $(seq 1 5); do echo $i; done\r\nexit\r\n'),
        Buffer.from([IAC, IAC, 0x0d, 0x00, 0x0d, 0x0a, 0x7f, 0x08, 0x03, 0x04]),
      ],
    });
    const client = await TestClient.connect(port);
    client.send(Buffer.from([IAC, WONT, OPTION.terminalType]));
    await client.next('files-02 login: ');
    await client.end();
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('telnet fingerprints', () => {
  it('nmap -sV names each persona as its product', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const run = promisify(execFile);
    const personas: Array<[string, RegExp]> = [
      ['debian12', /telnet\s+Linux telnetd/],
      ['busybox', /telnet\s+BusyBox telnetd/],
      ['ios', /telnet\s+Cisco router telnetd/],
    ];
    await Promise.all(
      personas.map(async ([distro, product]) => {
        const { port } = await serve(distro);
        const { stdout } = await run('nmap', ['-sV', '-Pn', '-n', '-p', String(port), '127.0.0.1'], {
          timeout: 60_000,
        });
        expect(stdout).toMatch(product);
      }),
    );
  }, 90_000);
});
