import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test/support/api.js';
import { DIALECTS } from '../../../test/support/databases.js';
import type { NewLog } from '../../db/schema.js';
import { COUNT_AGE_HEADER } from '../count-cache.js';

const BASE_MS = Date.UTC(2026, 4, 10, 12);
/** A stored timestamp `seconds` after 2026-05-10T12:00:00Z. */
const ts = (seconds: number) => new Date(BASE_MS + seconds * 1000).toISOString().replace('Z', '000Z');

const XSS = '<script>alert(1)</script>';

/** Twenty lines 90 s apart from 12:00, and one at 14:00 with LIKE's wildcards in it. */
const LOGS: NewLog[] = [
  ...Array.from({ length: 20 }, (_, i) => ({
    timestamp: ts(i * 90),
    received_at: ts(i * 90 + 1),
    decky: `decky-0${i % 3}`,
    service: i % 2 ? 'ssh' : 'http',
    event_type: i % 5 === 0 ? 'login' : 'command',
    attacker_ip: `192.0.2.${i % 4}`,
    severity: 6,
    fields: { n: String(i), user: i === 7 ? XSS : 'root' },
    msg: `Message ${i}`,
    raw_line: `<14>1 ${ts(i * 90)} decky-0${i % 3} line ${i} ${i === 7 ? XSS : 'plain'}`,
  })),
  {
    timestamp: ts(7200),
    received_at: ts(7201),
    decky: 'decky-09',
    service: 'ftp',
    event_type: 'upload',
    attacker_ip: '198.51.100.9',
    severity: 4,
    fields: {},
    msg: null,
    raw_line: 'STOR 100%_done.bin',
  },
];

describe.each(DIALECTS)('threat data routes on %s', (dialect) => {
  let api: TestApi;
  let viewer: string;

  const get = (url: string, token: string | null = viewer) =>
    api.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const ok = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const rawLines = (body: { data: Array<{ raw_line: string }> }) => body.data.map((r) => r.raw_line);
  const lineNumbers = (body: { data: Array<{ fields: Record<string, string> }> }) =>
    body.data.map((r) => Number(r.fields.n ?? -1));

  beforeAll(async () => {
    api = await startTestApi({ dialect });
    viewer = await api.viewerToken();
    const { db } = api.database;
    await db.insertInto('logs').values(LOGS).execute();
    await db
      .insertInto('credentials')
      .values(
        Array.from({ length: 6 }, (_, i) => ({
          attacker_ip: `192.0.2.${i % 2}`,
          decky: i < 3 ? 'decky-01' : 'decky-02',
          service: i % 3 ? 'ssh' : 'ftp',
          principal: i === 5 ? null : i % 2 ? 'Root' : 'admin',
          credential_key: `key-${i}`,
          secret_kind: 'plaintext',
          secret_sha256: `sha-${i}`,
          secret_b64: Buffer.from(`pw-${i}`).toString('base64'),
          secret_printable: i === 4 ? XSS : `pw-${i}`,
          outcome: i === 0 ? 'success' : null,
          first_seen: ts(i),
          last_seen: ts(i + 10),
          attempt_count: i + 1,
        })),
      )
      .execute();
    await db
      .insertInto('bounties')
      .values([
        {
          timestamp: ts(1),
          decky: 'decky-01',
          service: 'ssh',
          attacker_ip: '192.0.2.1',
          bounty_type: 'fingerprint',
          fingerprint_type: 'hassh',
          payload: { fingerprint_type: 'hassh', hash: 'abc' },
          payload_key: 'p1',
        },
        {
          timestamp: ts(2),
          decky: 'decky-02',
          service: 'https',
          attacker_ip: '192.0.2.2',
          bounty_type: 'fingerprint',
          fingerprint_type: 'ja3',
          payload: { fingerprint_type: 'ja3', hash: 'def', nested: { list: [1, 2] } },
          payload_key: 'p2',
        },
        {
          timestamp: ts(3),
          decky: null,
          service: null,
          attacker_ip: '192.0.2.1',
          bounty_type: 'payload',
          fingerprint_type: null,
          payload: { url: `http://x/${XSS}` },
          payload_key: 'p3',
        },
      ])
      .execute();
    await db
      .insertInto('attackers')
      .values(
        ['192.0.2.0', '192.0.2.1'].map((ip, i) => ({
          uuid: `00000000-0000-4000-8000-00000000000${i}`,
          ip,
          first_seen: ts(0),
          last_seen: ts(100),
          event_count: 5,
          services: ['ssh'],
          deckies: ['decky-01'],
          service_count: 1,
          decky_count: 1,
          updated_at: ts(100),
        })),
      )
      .execute();
    await db
      .insertInto('sessions')
      .values(
        ['s1', 's2'].map((id) => ({
          id,
          attacker_ip: '192.0.2.1',
          decky: 'decky-01',
          service: 'ssh',
          started_at: ts(0),
          ended_at: ts(30),
          duration_s: 30,
          bytes: 100,
          log_id: 1,
        })),
      )
      .execute();
    await db
      .insertInto('deckies')
      .values(
        (['running', 'running', 'stopped'] as const).map((state, i) => ({
          name: `decky-0${i}`,
          ip: `10.0.0.${i + 10}`,
          mac: null,
          hostname: `host-${i}`,
          archetype: null,
          distro: 'debian',
          os_profile: 'linux',
          driver: 'loopback',
          services: ['ssh'],
          config: {},
          state,
          created_at: ts(0),
          updated_at: ts(0),
        })),
      )
      .execute();
    await db
      .insertInto('dead_letters')
      .values({
        received_at: ts(5),
        source: 'spool:1@0',
        error_code: 'bad_header',
        error_column: 1,
        error_message: 'no',
        raw_line: 'junk',
        raw_b64: 'anVuaw==',
        raw_size: 4,
      })
      .execute();
  });
  afterAll(async () => api.close());

  describe('GET /logs', () => {
    it('pages every line newest first by event time, with the total and its age', async () => {
      const first = await get('/api/v1/logs?limit=5');
      expect(first.statusCode).toBe(200);
      expect(first.headers[COUNT_AGE_HEADER]).toBe('0');
      const body = first.json();
      expect(body).toMatchObject({ total: 21, limit: 5, offset: 0 });
      expect(lineNumbers(body)).toEqual([-1, 19, 18, 17, 16]);
      const last = await ok('/api/v1/logs?limit=5&offset=18');
      expect(lineNumbers(last)).toEqual([2, 1, 0]);
      expect(last.total).toBe(21);
      expect((await ok('/api/v1/logs?offset=50')).data).toEqual([]);
    });

    it('returns every column, attacker strings as JSON data', async () => {
      const res = await get('/api/v1/logs?search=script');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const [row] = res.json().data;
      expect(row).toEqual({
        id: expect.any(Number),
        timestamp: ts(630),
        received_at: ts(631),
        decky: 'decky-01',
        service: 'ssh',
        event_type: 'command',
        attacker_ip: '192.0.2.3',
        severity: 6,
        fields: { n: '7', user: XSS },
        msg: 'Message 7',
        raw_line: `<14>1 ${ts(630)} decky-01 line 7 ${XSS}`,
      });
      expect(res.body).toContain(JSON.stringify(XSS).slice(1, -1));
    });

    it.each([
      ['service=ssh', (i: number) => i % 2 === 1],
      ['decky=decky-02', (i: number) => i % 3 === 2],
      ['attacker_ip=192.0.2.1', (i: number) => i % 4 === 1],
      ['event_type=login', (i: number) => i % 5 === 0],
      [
        'service=ssh&decky=decky-01&attacker_ip=192.0.2.1',
        (i: number) => i % 2 === 1 && i % 3 === 1 && i % 4 === 1,
      ],
      // 12:03:00 inclusive to 12:09:00 exclusive.
      ['start_time=2026-05-10T12:03:00Z&end_time=2026-05-10T12:09:00Z', (i: number) => i >= 2 && i < 6],
      ['start_time=2026-05-10T14:03:00%2B02:00', (i: number) => i >= 2],
      ['end_time=2026-05-10T12:00:00.000001Z', (i: number) => i === 0],
    ])('filters on %s', async (query, selects) => {
      const expected = Array.from({ length: 20 }, (_, i) => i)
        .filter(selects)
        .reverse();
      const body = await ok(`/api/v1/logs?limit=1000&${query}`);
      expect(lineNumbers(body).filter((n) => n >= 0)).toEqual(expected);
      expect(body.total).toBe(body.data.length);
    });

    it('searches the raw line and the message, ignoring case, with wildcards taken literally', async () => {
      expect(lineNumbers(await ok('/api/v1/logs?search=LINE%2012'))).toEqual([12]);
      expect(lineNumbers(await ok('/api/v1/logs?search=message%2013'))).toEqual([13]);
      expect(rawLines(await ok('/api/v1/logs?search=0%25_d'))).toEqual(['STOR 100%_done.bin']);
      expect(rawLines(await ok('/api/v1/logs?search=%25'))).toEqual(['STOR 100%_done.bin']);
      expect((await ok('/api/v1/logs?search=_')).total).toBe(1);
      expect((await ok('/api/v1/logs?search=nowhere')).total).toBe(0);
    });

    it('caches a total for a second and says how old it is', async () => {
      const url = '/api/v1/logs?service=telnet';
      expect((await ok(url)).total).toBe(0);
      await api.database.db
        .insertInto('logs')
        .values({ ...LOGS[0]!, service: 'telnet', timestamp: ts(-3600) })
        .execute();
      await api.clock.advance(400);
      const cached = await get(url);
      expect(cached.json().total).toBe(0);
      expect(cached.json().data).toHaveLength(1);
      expect(cached.headers[COUNT_AGE_HEADER]).toBe('400');
      await api.clock.advance(600);
      const fresh = await get(url);
      expect(fresh.json().total).toBe(1);
      expect(fresh.headers[COUNT_AGE_HEADER]).toBe('0');
      await api.database.db.deleteFrom('logs').where('service', '=', 'telnet').execute();
    });

    it.each([
      ['start_time=yesterday', 'querystring.start_time'],
      ['end_time=2026-05-10T12:00:00', 'querystring.end_time'],
      ['start_time=2026-05-10T13:00:00Z&end_time=2026-05-10T12:00:00Z', 'querystring.end_time'],
      ['start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T12:00:00Z', 'querystring.end_time'],
      ['limit=1001', 'querystring.limit'],
      ['limit=0', 'querystring.limit'],
      ['offset=-1', 'querystring.offset'],
      [`search=${'a'.repeat(257)}`, 'querystring.search'],
      ['search=', 'querystring.search'],
      [`decky=${'d'.repeat(257)}`, 'querystring.decky'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const res = await get(`/api/v1/logs?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('invalid_request');
      expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(field);
    });

    it('takes the longest search and limit allowed', async () => {
      expect((await get(`/api/v1/logs?search=${'a'.repeat(256)}`)).statusCode).toBe(200);
      expect((await get('/api/v1/logs?limit=1000')).statusCode).toBe(200);
    });
  });

  describe('GET /logs/histogram', () => {
    const histogram = (query: string) => ok(`/api/v1/logs/histogram?${query}`);
    const counts = (body: { buckets: Array<{ count: number }> }) => body.buckets.map((b) => b.count);

    it('caches a histogram for a second and says how old it is', async () => {
      const query = `service=telnet&start_time=${ts(-7200).replace('000Z', 'Z')}&end_time=${ts(0).replace('000Z', 'Z')}&interval=1h`;
      const total = (body: { buckets: Array<{ count: number }> }) => counts(body).reduce((a, b) => a + b, 0);
      expect(total(await histogram(query))).toBe(0);
      await api.database.db
        .insertInto('logs')
        .values({ ...LOGS[0]!, service: 'telnet', timestamp: ts(-3600) })
        .execute();
      await api.clock.advance(400);
      const cached = await get(`/api/v1/logs/histogram?${query}`);
      expect(total(cached.json())).toBe(0);
      expect(cached.headers[COUNT_AGE_HEADER]).toBe('400');
      await api.clock.advance(600);
      const fresh = await get(`/api/v1/logs/histogram?${query}`);
      expect(total(fresh.json())).toBe(1);
      expect(fresh.headers[COUNT_AGE_HEADER]).toBe('0');
      await api.database.db.deleteFrom('logs').where('service', '=', 'telnet').execute();
    });

    it('counts lines per bucket over the range', async () => {
      const body = await histogram(
        'start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T12:30:00Z&interval=5m',
      );
      expect(body).toMatchObject({
        interval: '5m',
        start_time: '2026-05-10T12:00:00.000000Z',
        end_time: '2026-05-10T12:30:00.000000Z',
      });
      expect(body.buckets.map((b: { start: string }) => b.start)).toEqual(
        [0, 5, 10, 15, 20, 25].map((m) => ts(m * 60)),
      );
      expect(counts(body)).toEqual([4, 3, 3, 4, 3, 3]);
    });

    it('includes the empty buckets between events', async () => {
      const body = await histogram(
        'start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T14:05:00Z&interval=15m',
      );
      expect(counts(body)).toEqual([10, 10, 0, 0, 0, 0, 0, 0, 1]);
      const http = await histogram(
        'start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T12:30:00Z&interval=5m&service=http&decky=decky-00',
      );
      // Lines 0, 6, 12 and 18: at 0, 9, 18 and 27 minutes.
      expect(counts(http)).toEqual([1, 1, 0, 1, 0, 1]);
    });

    it('aligns the first bucket to the interval and counts only from start_time', async () => {
      const body = await histogram(
        'start_time=2026-05-10T12:02:00Z&end_time=2026-05-10T12:10:00Z&interval=5m',
      );
      expect(body.buckets[0].start).toBe(ts(0));
      expect(counts(body)).toEqual([2, 3]);
    });

    it('applies the search and the other filters', async () => {
      const body = await histogram(
        'start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T15:00:00Z&interval=1h&search=100%25',
      );
      expect(counts(body)).toEqual([0, 0, 1]);
    });

    it('chooses the interval and the range when they are left out', async () => {
      const body = await histogram('');
      // From the first event (12:00 on 10 May) to now (28 November): 7-day buckets.
      expect(body.interval).toBe('7d');
      expect(body.start_time).toBe(ts(0));
      expect(body.end_time).toBe(new Date(api.clock.now()).toISOString().replace('Z', '000Z'));
      expect(counts(body).reduce((a, b) => a + b, 0)).toBe(21);
      const hour = await histogram('start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T13:00:00Z');
      expect(hour.interval).toBe('30s');
      expect(hour.buckets).toHaveLength(120);
    });

    it('answers up to 1000 buckets and refuses more, naming the interval', async () => {
      const exactly = await histogram(
        'start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T12:16:40Z&interval=1s',
      );
      expect(exactly.buckets).toHaveLength(1000);
      const over = await get(
        '/api/v1/logs/histogram?start_time=2026-05-10T12:00:00Z&end_time=2026-05-10T12:16:40.000001Z&interval=1s',
      );
      expect(over.statusCode).toBe(400);
      expect(over.json().code).toBe('too_many_buckets');
      expect(over.json().message).toMatch(/interval 1s .* 1001 buckets/);
      expect((await get('/api/v1/logs/histogram?interval=1s')).statusCode).toBe(400);
    });

    it.each([
      ['interval=5x', 'querystring.interval'],
      ['interval=0m', 'querystring.interval'],
      ['start_time=2026-02-30T00:00:00Z', 'querystring.start_time'],
      ['start_time=2026-05-10T13:00:00Z&end_time=2026-05-10T12:00:00Z', 'querystring.end_time'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const res = await get(`/api/v1/logs/histogram?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(field);
    });
  });

  describe('GET /credentials', () => {
    it('pages credentials newest first without their internal key', async () => {
      const body = await ok('/api/v1/credentials?limit=4');
      expect(body).toMatchObject({ total: 6, limit: 4, offset: 0 });
      expect(body.data.map((c: { secret_sha256: string }) => c.secret_sha256)).toEqual([
        'sha-5',
        'sha-4',
        'sha-3',
        'sha-2',
      ]);
      expect(body.data[1]).toEqual({
        id: expect.any(Number),
        attacker_ip: '192.0.2.0',
        decky: 'decky-02',
        service: 'ssh',
        principal: 'admin',
        secret_kind: 'plaintext',
        secret_printable: XSS,
        secret_b64: Buffer.from('pw-4').toString('base64'),
        secret_sha256: 'sha-4',
        outcome: null,
        first_seen: ts(4),
        last_seen: ts(14),
        attempt_count: 5,
      });
      expect((await ok('/api/v1/credentials?limit=4&offset=4')).data).toHaveLength(2);
    });

    it.each([
      ['service=ftp', ['sha-3', 'sha-0']],
      ['decky=decky-01&attacker_ip=192.0.2.1', ['sha-1']],
      ['principal=Root', ['sha-3', 'sha-1']],
      ['search=roo', ['sha-3', 'sha-1']],
      ['search=PW-2', ['sha-2']],
      ['search=%3Cscript', ['sha-4']],
    ])('filters on %s', async (query, expected) => {
      const body = await ok(`/api/v1/credentials?${query}`);
      expect(body.data.map((c: { secret_sha256: string }) => c.secret_sha256)).toEqual(expected);
      expect(body.total).toBe(expected.length);
    });

    it('refuses a limit above 1000', async () => {
      expect((await get('/api/v1/credentials?limit=1001')).statusCode).toBe(400);
    });
  });

  describe('GET /bounty', () => {
    it('pages the vault newest first with payloads as JSON objects', async () => {
      const body = await ok('/api/v1/bounty');
      expect(body.total).toBe(3);
      expect(body.data.map((b: { payload: unknown }) => b.payload)).toEqual([
        { url: `http://x/${XSS}` },
        { fingerprint_type: 'ja3', hash: 'def', nested: { list: [1, 2] } },
        { fingerprint_type: 'hassh', hash: 'abc' },
      ]);
      expect(body.data[2]).toEqual({
        id: expect.any(Number),
        timestamp: ts(1),
        decky: 'decky-01',
        service: 'ssh',
        attacker_ip: '192.0.2.1',
        bounty_type: 'fingerprint',
        fingerprint_type: 'hassh',
        payload: { fingerprint_type: 'hassh', hash: 'abc' },
      });
      const page = await ok('/api/v1/bounty?limit=1&offset=1');
      expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(page.data[0].fingerprint_type).toBe('ja3');
    });

    it.each([
      ['bounty_type=fingerprint', ['ja3', 'hassh']],
      ['fingerprint_type=hassh', ['hassh']],
      ['attacker_ip=192.0.2.1', [null, 'hassh']],
      ['decky=decky-02', ['ja3']],
      ['service=ssh&bounty_type=fingerprint', ['hassh']],
      ['bounty_type=credential', []],
    ])('filters on %s', async (query, expected) => {
      const body = await ok(`/api/v1/bounty?${query}`);
      expect(body.data.map((b: { fingerprint_type: string | null }) => b.fingerprint_type)).toEqual(expected);
      expect(body.total).toBe(expected.length);
    });
  });

  describe('GET /stats', () => {
    it('gives the installation in figures and keeps them for a second', async () => {
      await api.clock.advance(5_000);
      const res = await get('/api/v1/stats');
      expect(res.statusCode).toBe(200);
      expect(res.headers[COUNT_AGE_HEADER]).toBe('0');
      expect(res.json()).toEqual({
        total_logs: 21,
        unique_attackers: 2,
        total_credentials: 6,
        total_bounties: 3,
        total_sessions: 2,
        deckies: { recorded: 3, running: 2 },
        dead_letters: 1,
        first_event_time: ts(0),
        last_event_time: ts(7200),
      });
      await api.database.db
        .insertInto('logs')
        .values({ ...LOGS[0]!, timestamp: ts(9000) })
        .execute();
      await api.clock.advance(999);
      const cached = await get('/api/v1/stats');
      expect(cached.json().total_logs).toBe(21);
      expect(cached.headers[COUNT_AGE_HEADER]).toBe('999');
      await api.clock.advance(1);
      expect(await ok('/api/v1/stats')).toMatchObject({ total_logs: 22, last_event_time: ts(9000) });
      await api.database.db.deleteFrom('logs').where('timestamp', '=', ts(9000)).execute();
    });
  });

  describe('access', () => {
    const ROUTES = [
      '/api/v1/logs',
      '/api/v1/logs/histogram',
      '/api/v1/stats',
      '/api/v1/credentials',
      '/api/v1/bounty',
    ];

    it.each(ROUTES)('%s answers 401 without a token, even with bad parameters', async (route) => {
      expect((await get(route, null)).statusCode).toBe(401);
      expect((await get(`${route}?limit=99999&start_time=x`, null)).statusCode).toBe(401);
    });

    it.each(ROUTES)('%s is open to viewers', async (route) => {
      expect((await get(route)).statusCode).toBe(200);
    });
  });
});
