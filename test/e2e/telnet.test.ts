/**
 * Telnet end to end: the service on a real loopback socket, driven byte by byte like a client and by the
 * real `telnet` program; every login attempt, command and session lands as an event.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { telnet } from '../../src/services/telnet/index.js';
import { DO, IAC, OPTION, WONT } from '../../src/services/telnet/protocol.js';
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
    client.send(Buffer.from([IAC, WONT, OPTION.terminalType]));
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

  it('hangs up after three wrong passwords', async () => {
    const { port, sink } = await serve('busybox');
    const client = await TestClient.connect(port);
    for (let i = 0; i < 3; i++) {
      await client.next('login: ');
      client.send('admin\r\n');
      await client.next('Password: ');
      client.send(`guess${i}\r\n`);
    }
    await client.closed;
    expect(sink.records('auth_attempt')).toHaveLength(3);
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
