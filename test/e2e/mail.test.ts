/**
 * Mail end to end: smtp, smtp_relay, pop3 and imap on real loopback sockets, driven by swaks, curl,
 * hydra and nmap as an attacker would, and by hand where a dialogue must be exact. Every login lands as
 * `auth_attempt`, every accepted message as an .eml in the quarantine and a `message_stored` event.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { imap } from '../../src/services/imap/index.js';
import { pop3 } from '../../src/services/pop3/index.js';
import type { ServiceDefinition } from '../../src/services/service.js';
import { smtp, smtpRelay } from '../../src/services/smtp/index.js';
import { type Served, serveTcp, TestClient, testPersona } from '../../src/services/testing.js';
import { fuzzService } from '../support/fuzz.js';

const run = promisify(execFile);

const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.close();
});

async function serve(
  definition: ServiceDefinition,
  distro = 'ubuntu22',
  config: Record<string, string> = {},
): Promise<Served> {
  const s = await serveTcp(definition, {
    decky: testPersona({
      distro,
      hostname: 'mail-01',
      osProfile: distro.startsWith('windows') ? 'windows' : 'linux',
    }),
    config,
  });
  served.push(s);
  return s;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('smtp', () => {
  it('takes an AUTH LOGIN and a message from swaks: auth_attempt, .eml in quarantine, message_stored', async () => {
    const { port, sink, dirs, errors } = await serve(smtp);
    const { stdout } = await run('swaks', [
      '--server',
      `127.0.0.1:${port}`,
      '--from',
      'ceo@evil.test',
      '--to',
      'x@example.com',
      '--auth',
      'LOGIN',
      '--auth-user',
      'root',
      '--auth-password',
      '123456',
      '--header',
      'Subject: =?UTF-8?B?UXVhcnRhbHNiZXJpY2h0IMOc?=',
      '--body',
      'please see attached\n.hidden line',
    ]);
    expect(stdout).toContain('235 2.7.0 Authentication successful');
    expect(stdout).toMatch(/250 2\.0\.0 Ok: queued as [0-9A-F]{10}/);
    const [stored] = await sink.until('message_stored');
    const [auth] = sink.records('auth_attempt');
    expect([auth?.fields.principal, auth?.fields.secret_printable, auth?.fields.outcome]).toEqual([
      'root',
      '123456',
      'success',
    ]);
    expect(stored?.fields.subject).toBe('Quartalsbericht Ü');
    expect(stored?.fields.mail_from).toBe('ceo@evil.test');
    expect(stored?.fields.rcpt_to).toBe('x@example.com');
    expect(stored?.fields.attachment_count).toBe('0');
    await served[0]?.instance.close();
    const file = readFileSync(join(dirs.captures, stored?.fields.stored_as ?? ''));
    expect(stored?.fields.sha256).toBe(sha256(file));
    expect(stored?.fields.size).toBe(String(file.length));
    // Dot-stuffing undone: swaks sent `..hidden line`.
    expect(file.toString()).toContain('\r\n.hidden line\r\n');
    const commands = sink.records('command').map((r) => r.fields.cmd);
    expect(commands).toContain('AUTH LOGIN');
    expect(commands.join('\n')).not.toContain(Buffer.from('123456').toString('base64'));
    expect(errors).toEqual([]);
  });

  it('refuses to relay for a stranger but takes mail for its own domain; smtp_relay takes everything', async () => {
    const { port, sink } = await serve(smtp);
    const client = await TestClient.connect(port);
    await client.next('220 mail-01 ESMTP Postfix (Ubuntu)\r\n');
    client.send('EHLO spammer\r\n');
    const ehlo = await client.next('250 SMTPUTF8\r\n');
    expect(ehlo).toContain('250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n');
    client.send(
      'MAIL FROM:<a@b.test>\r\nRCPT TO:<victim@gmail.com>\r\nRCPT TO:<admin@mail-01.localdomain>\r\n',
    );
    await client.next('554 5.7.1 <victim@gmail.com>: Relay access denied\r\n');
    await client.next('250 2.1.5 Ok\r\n');
    client.send('EXPN staff\r\nVRFY root\r\nBOGUS\r\n');
    await client.next(
      '502 5.5.2 Error: command not recognized\r\n252 2.0.0 root\r\n502 5.5.2 Error: command not recognized\r\n',
    );
    client.send(`${'X'.repeat(600)}\r\nQUIT\r\n`);
    await client.next('500 5.5.2 Line too long\r\n221 2.0.0 Bye\r\n');
    await client.closed;
    expect(sink.records('command').map((r) => r.fields.cmd)).toContain('RCPT TO:<victim@gmail.com>');

    const relay = await serve(smtpRelay);
    const message = join(relay.dirs.keys, '..', 'msg.eml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      message,
      'From: "Bank" <noreply@bank.test>\r\nTo: victim@gmail.com\r\nSubject: =?iso-8859-1?Q?Konto_gesperrt?=\r\n' +
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n' +
        '--b1\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\n\r\nJVBERi0=\r\n' +
        '--b1\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename="b.zip"\r\n\r\nUEsDBA==\r\n--b1--\r\n',
    );
    await run('curl', [
      '-s',
      `smtp://127.0.0.1:${relay.port}`,
      '--mail-from',
      'a@b.test',
      '--mail-rcpt',
      'victim@gmail.com',
      '-T',
      message,
      '--user',
      'spam:spam',
    ]);
    const [stored] = await relay.sink.until('message_stored');
    expect(stored?.fields).toMatchObject({
      subject: 'Konto gesperrt',
      from_hdr: '"Bank" <noreply@bank.test>',
      to_hdr: 'victim@gmail.com',
      rcpt_to: 'victim@gmail.com',
      attachment_count: '2',
    });
    expect(relay.sink.records('auth_attempt')[0]?.fields.outcome).toBe('success');
  });

  it('refuses a message over the size cap with 552 and stores nothing', async () => {
    const { port, sink } = await serve(smtpRelay);
    const client = await TestClient.connect(port);
    await client.next('220 ');
    client.send('HELO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n');
    await client.next('354 ');
    const line = `${'A'.repeat(998)}\r\n`;
    client.send(line.repeat(Math.ceil(10_300_000 / line.length)));
    client.send('.\r\nQUIT\r\n');
    await client.next('552 5.3.4 Message size exceeds fixed limit\r\n');
    await client.closed;
    expect(sink.records('message_stored')).toEqual([]);
  }, 30_000);

  it('greets as Exim on Debian and Exchange on Windows, and nmap -sV names each', async () => {
    const personas: Array<[string, RegExp, RegExp]> = [
      ['ubuntu22', /^220 mail-01 ESMTP Postfix \(Ubuntu\)\r\n$/, /smtp\s+Postfix smtpd/],
      [
        'debian12',
        /^220 mail-01 ESMTP Exim 4\.96 \w{3}, \d\d \w{3} \d{4} [\d:]{8} \+0000\r\n$/,
        /smtp\s+Exim smtpd 4\.96/,
      ],
      [
        'windows2019',
        /^220 mail-01 Microsoft ESMTP MAIL Service ready at .+\r\n$/,
        /smtp\s+Microsoft Exchange smtpd/,
      ],
    ];
    await Promise.all(
      personas.map(async ([distro, greeting, product]) => {
        const { port } = await serve(smtp, distro);
        const client = await TestClient.connect(port);
        expect(await client.next('\r\n')).toMatch(greeting);
        await client.end();
        const { stdout } = await run('nmap', ['-sV', '-Pn', '-n', '-p', String(port), '127.0.0.1'], {
          timeout: 60_000,
        });
        expect(stdout).toMatch(product);
      }),
    );
  }, 90_000);
});

describe('STARTTLS', () => {
  it('upgrades swaks to TLS with the decky certificate, made once and kept under keys', async () => {
    const { port, sink, dirs } = await serve(smtp);
    const { stdout } = await run('swaks', [
      '--server',
      `127.0.0.1:${port}`,
      '--tls',
      '--to',
      'a@gmail.com',
      '--auth',
      'PLAIN',
      '--auth-user',
      'root',
      '--auth-password',
      'toor',
    ]);
    expect(stdout).toContain('220 2.0.0 Ready to start TLS');
    expect(stdout).toMatch(/TLS started with cipher TLSv1\.3/);
    // The EHLO after the handshake no longer offers STARTTLS (RFC 3207 §4.2).
    expect(stdout).toMatch(/~> EHLO[\s\S]*<~ {2}250-AUTH PLAIN LOGIN/);
    expect(stdout).not.toMatch(/<~ {2}250-STARTTLS/);
    await sink.until('message_stored');
    expect(sink.records('auth_attempt')[0]?.fields.secret_printable).toBe('toor');
    const { X509Certificate } = await import('node:crypto');
    const pem = readFileSync(join(dirs.keys, 'tls-cert.pem'), 'utf8');
    const cert = new X509Certificate(pem);
    expect(cert.subject).toBe('CN=mail-01');
    expect(cert.verify(cert.publicKey)).toBe(true);
    // Another service of the decky presents the same certificate.
    const again = await serveTcp(imap, { decky: testPersona({ hostname: 'mail-01' }), dirs });
    served.push(again);
    const imapOut = await run('curl', [
      '-s',
      '-k',
      '--ssl-reqd',
      '-v',
      `imap://127.0.0.1:${again.port}/INBOX;UID=1`,
      '--user',
      'root:toor',
    ]);
    expect(imapOut.stderr).toContain('subject: CN=mail-01');
    expect(imapOut.stdout).toMatch(/^Return-Path: /);
    expect(readFileSync(join(dirs.keys, 'tls-cert.pem'), 'utf8')).toBe(pem);
  });

  it('drops commands pipelined after STARTTLS instead of running them inside TLS (CVE-2011-0411)', async () => {
    const { port, sink } = await serve(smtp);
    const client = await TestClient.connect(port);
    await client.next('220 ');
    client.send('EHLO x\r\nSTARTTLS\r\nRSET\r\n');
    await client.next('220 2.0.0 Ready to start TLS\r\n');
    const { connect } = await import('node:tls');
    const secure = connect({ socket: client.socket, rejectUnauthorized: false });
    await new Promise((resolve) => secure.once('secureConnect', resolve));
    secure.write('NOOP\r\n');
    const reply = await new Promise<string>((resolve) =>
      secure.once('data', (d: Buffer) => resolve(d.toString())),
    );
    expect(reply).toBe('250 2.0.0 Ok\r\n');
    secure.destroy();
    expect(sink.records('command').map((r) => r.fields.cmd)).toEqual(['EHLO x', 'STARTTLS', 'NOOP']);
  });

  it('gives curl POP3 over STLS', async () => {
    const { port } = await serve(pop3);
    const { stdout } = await run('curl', [
      '-s',
      '-k',
      '--ssl-reqd',
      `pop3://127.0.0.1:${port}/1`,
      '--user',
      'root:123456',
    ]);
    expect(stdout).toMatch(/^Return-Path: /);
  });
});

describe('pop3 and imap against nmap', () => {
  it('nmap -sV names each as Dovecot', async () => {
    const services: Array<[typeof pop3, RegExp]> = [
      [pop3, /pop3\s+Dovecot pop3d/],
      [imap, /imap\s+Dovecot imapd/],
    ];
    await Promise.all(
      services.map(async ([service, product]) => {
        const { port } = await serve(service);
        const { stdout } = await run('nmap', ['-sV', '-Pn', '-n', '-p', String(port), '127.0.0.1'], {
          timeout: 60_000,
        });
        expect(stdout).toMatch(product);
      }),
    );
  }, 90_000);
});

describe('pop3', () => {
  it('serves the bait mailbox to curl (LIST, RETR) after a logged login', async () => {
    const { port, sink, errors } = await serve(pop3);
    const list = await run('curl', ['-s', `pop3://127.0.0.1:${port}/`, '--user', 'root:123456']);
    const lines = list.stdout.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(lines[0]).toMatch(/^1 \d+$/);
    const retr = await run('curl', ['-s', `pop3://127.0.0.1:${port}/1`, '--user', 'root:123456']);
    expect(retr.stdout).toMatch(/^Return-Path: [\s\S]*Subject: .+\r\n[\s\S]*\r\n\r\n/);
    expect(retr.stdout.length).toBe(Number(lines[0]?.split(' ')[1]));
    const attempts = await sink.until('auth_attempt', 2);
    expect(attempts.map((r) => [r.fields.principal, r.fields.secret_printable, r.fields.outcome])).toEqual([
      ['root', '123456', 'success'],
      ['root', '123456', 'success'],
    ]);
    expect(errors).toEqual([]);
  });

  it('speaks Dovecot by hand: USER/PASS failure, STAT, UIDL, TOP, DELE, RSET, QUIT', async () => {
    const { port, sink } = await serve(pop3);
    const client = await TestClient.connect(port);
    await client.next('+OK Dovecot (Ubuntu) ready.\r\n');
    client.send('STAT\r\nUSER admin\r\nPASS nope\r\nUSER root\r\nPASS 123456\r\nSTAT\r\n');
    await client.next(
      '-ERR Unknown command.\r\n+OK\r\n-ERR [AUTH] Authentication failed.\r\n+OK\r\n+OK Logged in.\r\n',
    );
    const stat = await client.next(/\+OK (\d+) (\d+)\r\n/);
    const count = Number(/\+OK (\d+)/.exec(stat)?.[1]);
    client.send('UIDL\r\n');
    await client.next(/\+OK\r\n1 [0-9A-F]{16}\r\n[\s\S]*?\.\r\n/);
    client.send('TOP 1 0\r\nDELE 1\r\nRETR 1\r\nSTAT\r\nRSET\r\nQUIT\r\n');
    await client.next(/\+OK\r\n[\s\S]*Subject: [^\r]+\r\n[\s\S]*?\r\n\r\n\.\r\n/);
    await client.next("+OK Marked to be deleted.\r\n-ERR There's no message 1.\r\n");
    await client.next(`+OK ${count - 1} `);
    // RSET put the message back: nothing is deleted on QUIT.
    await client.next('+OK\r\n+OK Logging out.\r\n');
    await client.closed;
    expect(sink.records('command').map((r) => r.fields.cmd)).toContain('PASS');
    expect(
      sink
        .records('command')
        .map((r) => r.fields.cmd)
        .join('\n'),
    ).not.toContain('123456');
  });

  it('hydra finds the weak root password', async () => {
    const { port, sink } = await serve(pop3);
    const { stdout } = await run(
      'hydra',
      ['-l', 'root', '-p', '123456', '-s', String(port), '-t', '1', 'pop3://127.0.0.1'],
      {
        timeout: 60_000,
      },
    );
    expect(stdout).toMatch(/login: root\s+password: 123456/);
    expect(sink.records('auth_attempt').some((r) => r.fields.outcome === 'success')).toBe(true);
  }, 90_000);
});

describe('imap', () => {
  it('greets like Dovecot and serves a bait message to curl by UID', async () => {
    const { port, sink, errors } = await serve(imap);
    const client = await TestClient.connect(port);
    expect(await client.next('\r\n')).toBe(
      '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready.\r\n',
    );
    await client.end();
    const { stdout } = await run('curl', [
      '-s',
      `imap://127.0.0.1:${port}/INBOX;UID=1`,
      '--user',
      'root:123456',
    ]);
    expect(stdout).toMatch(/^Return-Path: [\s\S]*Subject: .+\r\n/);
    const [attempt] = await sink.until('auth_attempt');
    expect([attempt?.fields.principal, attempt?.fields.secret_printable]).toEqual(['root', '123456']);
    expect(errors).toEqual([]);
  });

  it('takes LOGIN with literals, SELECT, FETCH, UID SEARCH and LOGOUT with exact tagged replies', async () => {
    const { port, sink } = await serve(imap);
    const client = await TestClient.connect(port);
    await client.next('ready.\r\n');
    client.send('a1 LOGIN {4}\r\n');
    await client.next('+ OK\r\n');
    client.send('root {6+}\r\nwrong!\r\n');
    await client.next('a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n');
    client.send(`a2 AUTHENTICATE PLAIN ${Buffer.from('\0root\x00123456').toString('base64')}\r\n`);
    await client.next(/a2 OK \[CAPABILITY [^\]]+\] Logged in\r\n/);
    client.send('a3 LIST "" "*"\r\n');
    await client.next('* LIST (\\HasNoChildren) "." "INBOX"\r\n');
    await client.next('a3 OK List completed (0.001 + 0.000 secs).\r\n');
    client.send('a4 SELECT INBOX\r\n');
    const select = await client.next(/a4 OK \[READ-WRITE\] Select completed \(0\.001 \+ 0\.000 secs\)\.\r\n/);
    const exists = Number(/\* (\d+) EXISTS/.exec(select)?.[1]);
    expect(exists).toBeGreaterThanOrEqual(3);
    client.send('a5 UID SEARCH ALL\r\n');
    await client.next(
      `* SEARCH ${Array.from({ length: exists }, (_, i) => i + 1).join(' ')}\r\na5 OK Search completed (0.001 + 0.000 secs).\r\n`,
    );
    client.send('a6 FETCH 1:* (FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)] ENVELOPE)\r\n');
    const fetched = await client.next('a6 OK Fetch completed (0.001 + 0.000 secs).\r\n');
    expect(fetched).toMatch(
      /\* 1 FETCH \(FLAGS \(\\Seen\) RFC822\.SIZE \d+ BODY\[HEADER\.FIELDS \(SUBJECT\)\] \{\d+\}\r\nSubject: [^\r]+\r\n\r\n ENVELOPE \("/,
    );
    client.send('a7 STATUS INBOX (MESSAGES UNSEEN)\r\na8 LOGOUT\r\n');
    await client.next(
      `* STATUS "INBOX" (MESSAGES ${exists} UNSEEN 1)\r\na7 OK Status completed (0.001 + 0.000 secs).\r\n`,
    );
    await client.next('* BYE Logging out\r\na8 OK Logout completed.\r\n');
    await client.closed;
    expect(sink.records('auth_attempt').map((r) => [r.fields.secret_printable, r.fields.outcome])).toEqual([
      ['wrong!', 'failure'],
      ['123456', 'success'],
    ]);
    const commands = sink.records('command').map((r) => r.fields.cmd);
    expect(commands.slice(0, 2)).toEqual(['a1 LOGIN root', 'a2 AUTHENTICATE PLAIN']);
  });

  it('refuses a literal over the cap without reading it into memory', async () => {
    const { port } = await serve(imap);
    const client = await TestClient.connect(port);
    await client.next('ready.\r\n');
    client.send('a1 LOGIN {99999999}\r\n');
    await client.next('a1 NO [TOOBIG] Literal too large.\r\n');
    client.send(`a2 LOGIN {200000+}\r\n${'x'.repeat(200_000)}a3 NOOP\r\n`);
    await client.next('a2 NO [TOOBIG] Literal too large.\r\n');
    await client.next('a3 OK NOOP completed.\r\n');
    await client.end();
  });
});

describe('mail services under hostile input', () => {
  const corpora: Array<[string, ServiceDefinition, string, Buffer[]]> = [
    [
      'smtp',
      smtp,
      '220 mail-01 ESMTP',
      [
        Buffer.from(
          'EHLO x\r\nAUTH PLAIN AHJvb3QAMTIzNDU2\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: hi\r\n\r\n..x\r\n.\r\n',
        ),
        Buffer.from('HELO x\r\nAUTH LOGIN\r\ncm9vdA==\r\nMTIzNDU2\r\nRSET\r\nVRFY root\r\nNOOP\r\n'),
        Buffer.from('MAIL FROM:<>\r\nRCPT TO:\r\nDATA\r\n.\r\nQUIT\r\n'),
        Buffer.from('EHLO x\r\nSTARTTLS\r\n\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03', 'latin1'),
      ],
    ],
    [
      'pop3',
      pop3,
      '+OK Dovecot (Ubuntu) ready.',
      [
        Buffer.from(
          'USER root\r\nPASS 123456\r\nSTAT\r\nLIST\r\nRETR 1\r\nTOP 2 3\r\nDELE 1\r\nUIDL\r\nRSET\r\n',
        ),
        Buffer.from('AUTH PLAIN\r\nAHJvb3QAMTIzNDU2\r\nCAPA\r\nRETR 99999999999\r\n'),
        Buffer.from('CAPA\r\nSTLS\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 'latin1'),
      ],
    ],
    [
      'imap',
      imap,
      '* OK [CAPABILITY',
      [
        Buffer.from(
          'a LOGIN root 123456\r\nb SELECT INBOX\r\nc FETCH 1:* (BODY[] ENVELOPE BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>)\r\n',
        ),
        Buffer.from(
          'a LOGIN {4}\r\nroot {6+}\r\n123456\r\nb UID FETCH 1:* FULL\r\nc IDLE\r\nDONE\r\nd LIST "" %\r\n',
        ),
        Buffer.from(
          'a AUTHENTICATE PLAIN\r\nAHJvb3QAMTIzNDU2\r\nb STATUS INBOX (MESSAGES)\r\nc SEARCH UNSEEN\r\n',
        ),
        Buffer.from('a STARTTLS\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 'latin1'),
      ],
    ],
  ];
  it.each(corpora)(
    '%s survives 10,000 random, truncated and malformed inputs and still serves a new client',
    async (_name, definition, greeting, corpus) => {
      const { port, errors } = await serve(definition);
      await fuzzService({ port, inputs: 10_000, perConnection: 25, concurrency: 32, seed: 0x3a11, corpus });
      const client = await TestClient.connect(port);
      await client.next(greeting);
      await client.end();
      expect(errors).toEqual([]);
    },
    120_000,
  );
});
