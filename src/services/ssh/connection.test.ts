import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ssh2, {
  type Client,
  type ClientChannel,
  type ConnectConfig,
  type KeyboardInteractiveAuthMethod,
  type PublicKeyAuthMethod,
} from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { fuzzService } from '../../../test/support/fuzz.js';
import { hasshOf, hasshServerOf } from '../../fingerprint/hassh.js';
import { encodeKexinitPacket, type KexInitLists, parseKexinitPacket } from '../../fingerprint/ssh-kexinit.js';
import { ManualClock } from '../../runtime/clock.js';
import { type Served, type ServeOptions, serveTcp, TestClient, testPersona } from '../testing.js';
import { AUTH_METHODS, PASSWORD_PROMPT } from './auth.js';
import { HOST_KEY_FILES } from './host-keys.js';
import { SSH_LIMITS } from './limits.js';
import { type FakeGlue, fakeSshService } from './testing.js';

let served: Served | null = null;
const cleanups: Array<() => void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await served?.close();
  expect(served?.errors ?? []).toEqual([]);
  served = null;
});

async function serve(options: ServeOptions = {}): Promise<{ served: Served; glue: FakeGlue }> {
  const { glue, definition } = fakeSshService();
  served = await serveTcp(definition, options);
  return { served, glue };
}

const CLIENT_IDENT = 'SSH-2.0-TestClient_1.0';
const CLIENT_OFFER: KexInitLists = {
  kexAlgorithms: ['curve25519-sha256', 'ext-info-c'],
  serverHostKeyAlgorithms: ['ssh-ed25519'],
  encryptionClientToServer: ['aes128-ctr'],
  encryptionServerToClient: ['aes128-ctr'],
  macClientToServer: ['hmac-sha2-256'],
  macServerToClient: ['hmac-sha2-256'],
  compressionClientToServer: ['none'],
  compressionServerToClient: ['none'],
  languagesClientToServer: [],
  languagesServerToClient: [],
};

async function raw(port: number): Promise<TestClient> {
  const client = await TestClient.connect(port);
  cleanups.push(() => client.socket.destroy());
  return client;
}

/** Waits for the server's ident line and its whole KEXINIT packet; returns both. */
async function serverHello(client: TestClient): Promise<{ ident: string; packet: Buffer; all: Buffer }> {
  let data = await client.receive(1);
  while (!data.includes('\r\n')) data = await client.receive(data.length + 1);
  const identEnd = data.indexOf('\r\n') + 2;
  data = await client.receive(identEnd + 4);
  const total = identEnd + 4 + data.readUInt32BE(identEnd);
  data = await client.receive(total);
  return {
    ident: data.subarray(0, identEnd - 2).toString('latin1'),
    packet: data.subarray(identEnd, total),
    all: data,
  };
}

function sshConnect(
  port: number,
  config: Partial<ConnectConfig>,
): Promise<{ client: Client; error: Error | null }> {
  const client = new ssh2.Client();
  cleanups.push(() => client.end());
  return new Promise((resolve) => {
    client.once('ready', () => resolve({ client, error: null }));
    // Later errors (the server closing on shutdown) are expected; the first one settles the connect.
    client.on('error', (error) => resolve({ client, error }));
    client.connect({ host: '127.0.0.1', port, username: 'root', readyTimeout: 20_000, ...config });
  });
}

async function login(port: number): Promise<Client> {
  const { client, error } = await sshConnect(port, { password: '123456' });
  if (error) throw error;
  return client;
}

function publicKey(key: string): PublicKeyAuthMethod {
  return { type: 'publickey', username: 'root', key };
}

function collect(stream: ClientChannel): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    stream.on('data', (d: Buffer) => (stdout += d.toString()));
    stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    stream.on('exit', (c: number) => (code = c));
    stream.on('close', () => resolve({ stdout, stderr, code }));
  });
}

describe('identification and KEXINIT', () => {
  it("sends the distro's ident first and exactly once, then a KEXINIT whose HASSHServer is the one logged", async () => {
    const { served } = await serve();
    const client = await raw(served.port);
    client.send(`${CLIENT_IDENT}\r\n`);
    client.send(encodeKexinitPacket(CLIENT_OFFER));
    const hello = await serverHello(client);
    expect(hello.ident).toBe('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10');
    expect(hello.all.toString('latin1').split('SSH-2.0-').length).toBe(2);
    const offered = parseKexinitPacket(hello.packet);
    if (offered.kind !== 'kexinit') throw new Error('no KEXINIT from the server');
    const [event] = await served.sink.until('ssh_fingerprint');
    expect(event?.fields).toMatchObject({
      src_ip: '127.0.0.1',
      client_version: CLIENT_IDENT,
      hassh: hasshOf(CLIENT_OFFER).hash,
      hassh_algorithms: hasshOf(CLIENT_OFFER).algorithms,
      hassh_server: hasshServerOf(offered.kexinit).hash,
      hassh_server_algorithms: hasshServerOf(offered.kexinit).algorithms,
    });
    expect(offered.kexinit.serverHostKeyAlgorithms).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
  });

  it('offers the older algorithm set on CentOS 7', async () => {
    const { served } = await serve({ decky: testPersona({ distro: 'centos7' }) });
    const client = await raw(served.port);
    client.send(`${CLIENT_IDENT}\r\n`);
    client.send(encodeKexinitPacket(CLIENT_OFFER));
    const hello = await serverHello(client);
    expect(hello.ident).toBe('SSH-2.0-OpenSSH_7.4');
    const offered = parseKexinitPacket(hello.packet);
    expect(offered.kind === 'kexinit' && offered.kexinit.kexAlgorithms.at(-2)).toBe(
      'diffie-hellman-group14-sha1',
    );
  });

  it('answers a client that is not speaking SSH as sshd does, logs what it sent, and closes', async () => {
    const { served } = await serve();
    const client = await raw(served.port);
    client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await client.closed;
    expect(client.data.toString()).toBe(
      'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\nInvalid SSH identification string.\r\n',
    );
    const [data] = await served.sink.until('data_received');
    expect(data?.fields).toMatchObject({
      data_printable: 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n',
      dst_port: String(served.port),
    });
    const [disconnect] = await served.sink.until('disconnect');
    expect(disconnect?.fields.reason).toBe('server_closed');
    expect(served.sink.records('ssh_fingerprint')).toEqual([]);
  });

  it.each([
    ['ubuntu22', 'SSH-1.5-Old\r\n', 'Protocol major versions differ.\r\n'],
    ['centos7', 'junk\n', 'Protocol mismatch.\n'],
  ])('on %s answers %j with its own complaint', async (distro, sent, answer) => {
    const { served } = await serve({ decky: testPersona({ distro }) });
    const client = await raw(served.port);
    client.send(sent);
    await client.closed;
    expect(client.data.toString().endsWith(`\r\n${answer}`)).toBe(true);
  });

  it('logs a KEXINIT cut short by a client that hangs up, without a fingerprint', async () => {
    const { served } = await serve();
    const client = await raw(served.port);
    const packet = encodeKexinitPacket(CLIENT_OFFER);
    client.send(Buffer.concat([Buffer.from(`${CLIENT_IDENT}\r\n`), packet.subarray(0, 40)]));
    await client.receive(10);
    await client.end();
    const [disconnect] = await served.sink.until('disconnect');
    expect(disconnect?.fields.reason).toBe('client_closed');
    const [data] = served.sink.records('data_received');
    expect(Number(data?.fields.bytes)).toBe(CLIENT_IDENT.length + 2 + 40);
    expect(served.sink.records('ssh_fingerprint')).toEqual([]);
  });

  it('drops a client whose first packet is not a KEXINIT', async () => {
    const { served } = await serve();
    const client = await raw(served.port);
    client.send(`${CLIENT_IDENT}\r\n`);
    client.send(Buffer.from([0, 0, 0, 12, 4, 5, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0]));
    await client.closed;
    expect((await served.sink.until('disconnect'))[0]?.fields.reason).toBe('server_closed');
    expect(served.sink.records('data_received')).toHaveLength(1);
  });

  it('survives garbage after a valid KEXINIT: ssh2 ends the connection, nothing is logged as an error', async () => {
    const { served } = await serve();
    const client = await raw(served.port);
    client.send(`${CLIENT_IDENT}\r\n`);
    client.send(encodeKexinitPacket(CLIENT_OFFER));
    await serverHello(client);
    client.send(Buffer.alloc(4096, 0xff));
    await client.closed;
    await served.sink.until('disconnect');
  });

  it('serves a real client after hundreds of random, cut and corrupted preambles, having logged no error', async () => {
    const { served } = await serve();
    const ident = Buffer.from(`${CLIENT_IDENT}\r\n`);
    const kexinit = encodeKexinitPacket(CLIENT_OFFER);
    await fuzzService({
      port: served.port,
      inputs: 300,
      perConnection: 3,
      concurrency: 8,
      seed: 0x55_48_22,
      corpus: [ident, Buffer.concat([ident, kexinit]), kexinit, Buffer.from('SSH-1.5-x\r\n')],
    });
    const client = await login(served.port);
    client.end();
  });

  it('hands a client that waits for our KEXINIT over after the wait, and fingerprints it when it speaks', async () => {
    const clock = new ManualClock();
    const { served } = await serve({ clock });
    const client = await raw(served.port);
    client.send(`${CLIENT_IDENT}\r\n`);
    await clock.untilSleeping(2);
    await clock.advance(SSH_LIMITS.kexinitWaitMs);
    await serverHello(client);
    client.send(encodeKexinitPacket(CLIENT_OFFER));
    const [event] = await served.sink.until('ssh_fingerprint');
    expect(event?.fields.hassh).toBe(hasshOf(CLIENT_OFFER).hash);
  });

  it('closes a connection that has not logged in within the login grace time', async () => {
    const clock = new ManualClock();
    const { served } = await serve({ clock });
    const client = await raw(served.port);
    await served.sink.until('connect');
    await clock.untilSleeping(1);
    await clock.advance(SSH_LIMITS.loginGraceMs);
    await client.closed;
    expect((await served.sink.until('disconnect'))[0]?.fields.reason).toBe('idle_timeout');
  });
});

describe('authentication', () => {
  it('logs a wrong and a right password with their outcomes, and lists sshd methods on failure', async () => {
    const { served } = await serve();
    const methods: string[][] = [];
    let attempt = 0;
    const { error } = await sshConnect(served.port, {
      authHandler: (left, _partial, next) => {
        if (left) methods.push(left);
        attempt++;
        next(
          attempt === 1
            ? { type: 'none', username: 'root' }
            : { type: 'password', username: 'root', password: attempt === 2 ? 'wrong' : '123456' },
        );
      },
    });
    expect(error).toBeNull();
    const attempts = served.sink.records('auth_attempt').map((r) => r.fields);
    expect(attempts).toEqual([
      expect.objectContaining({
        username: 'root',
        principal: 'root',
        secret_printable: 'wrong',
        outcome: 'failure',
      }),
      expect.objectContaining({ secret_printable: '123456', secret_kind: 'plaintext', outcome: 'success' }),
    ]);
    expect(methods[0]).toEqual([...AUTH_METHODS]);
  });

  it('asks "Password: " through keyboard-interactive and logs the answer', async () => {
    const { served } = await serve();
    const prompts: string[] = [];
    const method: KeyboardInteractiveAuthMethod = {
      type: 'keyboard-interactive',
      username: 'root',
      prompt: (_name, _instructions, _lang, asked, finish) => {
        prompts.push(...asked.map((p) => `${p.prompt}|${p.echo}`));
        finish(['123456']);
      },
    };
    const { error } = await sshConnect(served.port, { tryKeyboard: true, authHandler: [method] });
    expect(error).toBeNull();
    expect(prompts).toEqual([`${PASSWORD_PROMPT}|false`]);
    expect(served.sink.records('auth_attempt')[0]?.fields).toMatchObject({
      outcome: 'success',
      secret_printable: '123456',
    });
  });

  it('logs a public key by its SHA256 fingerprint and refuses it', async () => {
    const { served } = await serve();
    const key = ssh2.utils.generateKeyPairSync('ed25519');
    const parsed = ssh2.utils.parseKey(key.public);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('key');
    const { error } = await sshConnect(served.port, { authHandler: [publicKey(key.private)] });
    expect(error?.message).toMatch(/authentication methods failed/);
    const [attempt] = await served.sink.until('auth_attempt');
    const { createHash } = await import('node:crypto');
    const fingerprint = `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
    expect(attempt?.fields).toMatchObject({
      username: 'root',
      secret_kind: 'ssh_publickey',
      secret_printable: fingerprint,
      outcome: 'failure',
    });
  });

  it('lets a public key in when configured, after checking its signature', async () => {
    const { served } = await serve({ config: { accept_publickey: 'true' } });
    const key = ssh2.utils.generateKeyPairSync('ed25519');
    const { error } = await sshConnect(served.port, { authHandler: [publicKey(key.private)] });
    expect(error).toBeNull();
    expect(served.sink.records('auth_attempt').map((r) => r.fields.outcome)).toEqual(['success']);
  });

  it(`ends the connection at the ${SSH_LIMITS.maxAuthTries}th failure with sshd's message, each failure answered after the delay`, async () => {
    const clock = new ManualClock();
    const { served } = await serve({ clock });
    let tries = 0;
    const connecting = sshConnect(served.port, {
      authHandler: (_left, _partial, next) => {
        tries++;
        next({ type: 'password', username: 'root', password: `guess${tries}` });
      },
    });
    for (let i = 1; i <= SSH_LIMITS.maxAuthTries; i++) {
      await served.sink.until('auth_attempt', i);
      await clock.untilSleeping(2);
      await clock.advance(SSH_LIMITS.authFailureDelayMs);
    }
    const { error } = await connecting;
    expect(error?.message).toBe('Too many authentication failures');
    expect(tries).toBe(SSH_LIMITS.maxAuthTries);
    expect(served.sink.records('auth_attempt')).toHaveLength(SSH_LIMITS.maxAuthTries);
    expect((await served.sink.until('disconnect'))[0]?.fields.reason).toBe('server_closed');
  });

  it('makes an RSA host key for a client that can use nothing else, once, and keeps it on disk', async () => {
    const { served } = await serve();
    const { error } = await sshConnect(served.port, {
      password: '123456',
      algorithms: { serverHostKey: ['rsa-sha2-256'] },
    });
    expect(error).toBeNull();
    expect(existsSync(join(served.dirs.keys, HOST_KEY_FILES.rsa))).toBe(true);
  }, 30_000);
});

describe('sessions', () => {
  it('runs exec with the stdin the client sent and returns its output and exit status', async () => {
    const { served, glue } = await serve();
    const client = await login(served.port);
    const result = await new Promise<ReturnType<typeof collect>>((resolve, reject) =>
      client.exec('cat > /tmp/x', (err, stream) => {
        if (err) return reject(err);
        const done = collect(stream);
        stream.end('payload');
        resolve(done);
      }),
    );
    expect(await result).toEqual({ stdout: 'exec: cat > /tmp/x\nstdin: 7\n', stderr: '', code: 0 });
    expect(glue.sessionsOpened[0]?.execs[0]?.stdin?.toString()).toBe('payload');
    expect(glue.sessionsOpened[0]?.login).toMatchObject({
      username: 'root',
      srcIp: '127.0.0.1',
      dstPort: served.port,
    });
    await glue.sessionsOpened[0]?.whenEnded;
  });

  it('sends stderr and a failing status through', async () => {
    const { served } = await serve();
    const client = await login(served.port);
    const result = await new Promise<ReturnType<typeof collect>>((resolve, reject) =>
      client.exec('fail', (err, stream) => (err ? reject(err) : resolve(collect(stream)))),
    );
    expect(await result).toEqual({ stdout: '', stderr: 'failed\n', code: 3 });
  });

  it('opens a shell with the pty, accepted env and window changes, banner line ends as CR LF', async () => {
    const { served, glue } = await serve();
    const client = await login(served.port);
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell(
        { term: 'xterm-256color', cols: 100, rows: 40 },
        { env: { LANG: 'C.UTF-8', LD_PRELOAD: '/tmp/x.so' } },
        (err, s) => (err ? reject(err) : resolve(s)),
      ),
    );
    const done = collect(stream);
    stream.setWindow(50, 120, 0, 0);
    stream.write('whoami\r');
    stream.write('exit\r');
    const result = await done;
    expect(result.stdout).toBe('Welcome to the test decky\r\nLast login: never\r\n$ ran: whoami\r\n$ ');
    expect(result.code).toBe(0);
    const session = glue.sessionsOpened[0];
    expect(session?.terminal).toEqual({ isTty: true, columns: 100, rows: 40, term: 'xterm-256color' });
    expect(session?.env).toEqual({ LANG: 'C.UTF-8' });
    expect(session?.resizes).toEqual([[120, 50]]);
  });

  it(`refuses a session channel past ${SSH_LIMITS.maxChannelsPerConnection} on one connection`, async () => {
    const { served } = await serve();
    const client = await login(served.port);
    const open = () =>
      new Promise<Error | null>((resolve) => client.shell(false, (err) => resolve(err ?? null)));
    for (let i = 0; i < SSH_LIMITS.maxChannelsPerConnection; i++) expect(await open()).toBeNull();
    expect((await open())?.message).toMatch(/open failure|prohibited|shortage/i);
  });

  it('refuses port forwarding both ways and connects nowhere', async () => {
    const { served } = await serve();
    const client = await login(served.port);
    const local = await new Promise<Error | undefined>((resolve) =>
      client.forwardOut('127.0.0.1', 5000, '127.0.0.1', served?.port ?? 1, (err) => resolve(err)),
    );
    // RFC 4254 §5.1 reason 1, SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, as sshd with forwarding off.
    expect((local as Error & { reason?: number })?.reason).toBe(1);
    const remote = await new Promise<Error | undefined>((resolve) =>
      client.forwardIn('127.0.0.1', 0, (err) => resolve(err)),
    );
    expect(remote).toBeInstanceOf(Error);
    expect(served.sink.records('connect')).toHaveLength(1);
  });

  it('ends every session and connection on close, logging shutdown', async () => {
    const { served, glue } = await serve();
    const client = await login(served.port);
    await new Promise<void>((resolve, reject) =>
      client.shell(false, (err) => (err ? reject(err) : resolve())),
    );
    await served.instance.close();
    expect((await served.sink.until('disconnect'))[0]?.fields.reason).toBe('shutdown');
    expect(glue.sessionsOpened[0]?.ended).toBeGreaterThanOrEqual(1);
  });
});
