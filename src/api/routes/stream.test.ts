import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test/support/api.js';
import { SseClient } from '../../../test/support/sse.js';
import { ATTACKER_OBSERVED, CREDENTIAL_CAPTURED, SYSTEM_LOG } from '../../bus/topics.js';
import { SSE_LIMITS } from '../sse.js';
import { STREAM_LIMITS } from './stream.js';

const ATTACKER = { uuid: '00000000-0000-4000-8000-000000000001', ip: '198.51.100.7' };
const OTHER = { uuid: '00000000-0000-4000-8000-000000000002', ip: '203.0.113.9' };

interface LogSpec {
  ip?: string;
  service?: string;
  decky?: string;
  msg?: string;
}

describe('live streams', () => {
  let api: TestApi;
  let base: string;
  let viewer: string;
  const clients: SseClient[] = [];

  beforeEach(async () => {
    api = await startTestApi();
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}/api/v1`;
    viewer = await api.viewerToken();
    await api.database.db
      .insertInto('attackers')
      .values(
        [ATTACKER, OTHER].map((a) => ({
          uuid: a.uuid,
          ip: a.ip,
          first_seen: '2026-11-28T11:00:00Z',
          last_seen: '2026-11-28T11:00:00Z',
          event_count: 1,
          services: ['ssh'],
          deckies: ['decky-01'],
          service_count: 1,
          decky_count: 1,
          updated_at: '2026-11-28T11:00:00Z',
        })),
      )
      .execute();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await api.close();
  });

  const open = async (path: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${base}${path}`, headers);
    clients.push(client);
    return client;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** Opens a stream and waits for its first `stats` event: from then on it is subscribed to the bus. */
  const openLive = async (path: string, headers: Record<string, string> = bearer(viewer)) => {
    const client = await open(path, headers);
    expect(client.status).toBe(200);
    await client.waitForEvents('stats');
    return client;
  };
  const ticket = async (token = viewer) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sse-ticket',
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(200);
    return res.json().ticket as string;
  };

  /** Stores log rows and announces them the way the ingester does after a commit. */
  const commit = async (logs: LogSpec[]) => {
    const rows = await api.database.db
      .insertInto('logs')
      .values(
        logs.map((l) => ({
          timestamp: '2026-11-28T12:00:00.000000Z',
          received_at: '2026-11-28T12:00:00.000000Z',
          decky: l.decky ?? 'decky-01',
          service: l.service ?? 'ssh',
          event_type: 'login_attempt',
          attacker_ip: l.ip ?? ATTACKER.ip,
          severity: 6,
          fields: { user: 'root' },
          msg: l.msg ?? null,
          raw_line: '<134>1 - line',
        })),
      )
      .returning('id')
      .execute();
    const ids = rows.map((r) => Number(r.id));
    await api.bus.publish(SYSTEM_LOG, 'batch_committed', {
      component: 'ingester',
      source: 'test',
      flushed: ids.length,
      dead_lettered: 0,
      first_log_id: ids[0],
      last_log_id: ids.at(-1),
    });
    return ids;
  };

  it('answers 401 without credentials, before looking at anything else', async () => {
    for (const path of ['/stream', '/stream?last_event_id=nope', `/attackers/${ATTACKER.uuid}/events`]) {
      const client = await open(path);
      expect(client.status).toBe(401);
      await client.end;
      expect(JSON.parse(client.text)).toMatchObject({ code: 'unauthenticated' });
    }
    expect((await open('/stream', bearer('not-a-token'))).status).toBe(401);
    expect((await open('/stream?ticket=made-up')).status).toBe(401);
  });

  it('takes a ticket once: the second connection with it gets 401', async () => {
    const t = await ticket();
    const first = await openLive(`/stream?ticket=${t}`, {});
    expect(first.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const again = await open(`/stream?ticket=${t}`);
    expect(again.status).toBe(401);
  });

  it('also takes the token in the Authorization header, with the security headers of every answer', async () => {
    const client = await openLive('/stream');
    expect(client.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(client.text.startsWith(`retry: ${SSE_LIMITS.retryMs}\n\n`)).toBe(true);
  });

  it('sends the rows of each committed batch as a logs event whose id is the last log id', async () => {
    const client = await openLive('/stream');
    expect(client.named('stats')[0]!.data).toEqual({ logs: 0, attackers: 2, credentials: 0 });
    const ids = await commit([{ msg: 'one' }, { msg: 'two' }]);
    await client.waitForEvents('logs');
    const [logs] = client.named('logs');
    expect(logs!.id).toBe(String(ids[1]));
    expect(logs!.data.truncated).toBe(false);
    expect(logs!.data.logs.map((l: { id: number; msg: string }) => [l.id, l.msg])).toEqual([
      [ids[0], 'one'],
      [ids[1], 'two'],
    ]);
    expect(logs!.data.logs[0]).toMatchObject({ attacker_ip: ATTACKER.ip, fields: { user: 'root' } });
  });

  it('sends stats at most once a second, and only after something changed', async () => {
    const client = await openLive('/stream');
    await commit([{}]);
    await client.waitForEvents('logs', 1);
    // The opening stats are less than a second old: the next waits for the clock.
    expect(client.named('stats')).toHaveLength(1);
    await commit([{}]);
    await client.waitForEvents('logs', 2);
    expect(client.named('stats')).toHaveLength(1);
    await api.clock.advance(STREAM_LIMITS.statsIntervalMs);
    await client.waitForEvents('stats', 2);
    expect(client.named('stats')[1]!.data).toEqual({ logs: 2, attackers: 2, credentials: 0 });
    // Nothing changed since: a heartbeat's worth of time brings no stats.
    await api.clock.advance(SSE_LIMITS.heartbeatMs);
    await client.waitFor('a heartbeat', (c) => c.text.includes(': heartbeat\n\n'));
    expect(client.named('stats')).toHaveLength(2);
  });

  it('filters rows by service, decky and attacker address', async () => {
    const client = await openLive(`/stream?service=http&decky=decky-02&attacker_ip=${OTHER.ip}`);
    await commit([
      { ip: OTHER.ip, service: 'http', decky: 'decky-02', msg: 'wanted' },
      { ip: OTHER.ip, service: 'ssh', decky: 'decky-02' },
      { ip: ATTACKER.ip, service: 'http', decky: 'decky-02' },
      { ip: OTHER.ip, service: 'http', decky: 'decky-01' },
    ]);
    await client.waitForEvents('logs');
    // A batch with nothing wanted sends nothing; the next wanted row still arrives.
    await commit([{ ip: ATTACKER.ip }]);
    await commit([{ ip: OTHER.ip, service: 'http', decky: 'decky-02', msg: 'also wanted' }]);
    await client.waitForEvents('logs', 2);
    const msgs = client.named('logs').flatMap((e) => e.data.logs.map((l: { msg: string }) => l.msg));
    expect(msgs).toEqual(['wanted', 'also wanted']);
  });

  it('bounds a logs event to the newest rows of the batch and says it left the rest out', async () => {
    const client = await openLive('/stream');
    const ids = await commit(Array.from({ length: STREAM_LIMITS.logsPerEvent + 3 }, () => ({})));
    await client.waitForEvents('logs');
    const [logs] = client.named('logs');
    expect(logs!.data.truncated).toBe(true);
    expect(logs!.data.logs).toHaveLength(STREAM_LIMITS.logsPerEvent);
    expect(logs!.data.logs[0].id).toBe(ids[3]);
    expect(logs!.id).toBe(String(ids.at(-1)));
  });

  it('resumes after Last-Event-ID: rows missed while away first, then live ones, none twice', async () => {
    const first = await openLive('/stream');
    const seen = await commit([{ msg: 'seen' }]);
    await first.waitForEvents('logs');
    const lastId = first.named('logs')[0]!.id!;
    first.close();
    await commit([{ msg: 'missed 1' }, { msg: 'missed 2' }]);

    const resumed = await openLive('/stream', { ...bearer(viewer), 'last-event-id': lastId });
    await resumed.waitForEvents('logs');
    await commit([{ msg: 'live' }]);
    await resumed.waitForEvents('logs', 2);
    const msgs = resumed.named('logs').flatMap((e) => e.data.logs.map((l: { msg: string }) => l.msg));
    expect(msgs).toEqual(['missed 1', 'missed 2', 'live']);
    expect(Number(lastId)).toBe(seen[0]);
  });

  it('starts at the newest row without Last-Event-ID', async () => {
    await commit([{ msg: 'old' }]);
    const client = await openLive('/stream');
    await commit([{ msg: 'new' }]);
    await client.waitForEvents('logs');
    expect(client.named('logs').flatMap((e) => e.data.logs.map((l: { msg: string }) => l.msg))).toEqual([
      'new',
    ]);
  });

  it('caps a user at 5 streams across both routes: the 6th gets 429', async () => {
    for (let i = 0; i < SSE_LIMITS.maxStreamsPerUser - 1; i++) await openLive('/stream');
    const perAttacker = await open(`/attackers/${ATTACKER.uuid}/events`, bearer(viewer));
    expect(perAttacker.status).toBe(200);
    const sixth = await open(`/stream?ticket=${await ticket()}`);
    expect(sixth.status).toBe(429);
    await sixth.end;
    expect(JSON.parse(sixth.text)).toMatchObject({ code: 'too_many_streams' });
    // The admin is another user.
    expect((await openLive('/stream', bearer(await api.adminToken()))).status).toBe(200);
  });

  it('sends a heartbeat comment once 15 s pass on the clock', async () => {
    const client = await openLive('/stream');
    expect(client.text).not.toContain(': heartbeat');
    await api.clock.advance(SSE_LIMITS.heartbeatMs);
    await client.waitFor('a heartbeat', (c) => c.text.includes(': heartbeat\n\n'));
  });

  it('ends a stream when its token is logged out, at once', async () => {
    const client = await openLive('/stream');
    const other = await openLive('/stream', bearer(await api.adminToken()));
    const out = await api.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(viewer) });
    expect(out.statusCode).toBe(204);
    await client.end;
    expect(other.closed).toBe(false);
  });

  it('ends a stream at the next heartbeat once its token is revoked elsewhere', async () => {
    const client = await openLive('/stream');
    const [me] = await api.database.db
      .selectFrom('users')
      .select('uuid')
      .where('username', '=', 'viewer')
      .execute();
    // As another API process would: the password changes in the database, not through this app.
    await api.auth.setPassword(me!.uuid, 'changed-elsewhere-pass', false);
    await api.clock.advance(SSE_LIMITS.heartbeatMs);
    await client.end;
    expect(client.text).not.toContain(': heartbeat');
  });

  it('ends open streams when the app closes', async () => {
    const a = await openLive('/stream');
    const b = await open(`/attackers/${ATTACKER.uuid}/events`, bearer(viewer));
    await b.waitFor('the retry line', (c) => c.text.includes('retry:'));
    await api.app.close();
    await Promise.all([a.end, b.end]);
  });

  it('answers 404 for an unknown attacker before opening a stream', async () => {
    const client = await open('/attackers/00000000-0000-4000-8000-00000000dead/events', bearer(viewer));
    expect(client.status).toBe(404);
    await client.end;
    expect(JSON.parse(client.text)).toMatchObject({ code: 'not_found' });
  });

  it("relays only that attacker's events and log rows on the per-attacker stream", async () => {
    const client = await open(`/attackers/${ATTACKER.uuid}/events`, bearer(viewer));
    expect(client.status).toBe(200);
    await client.waitForEvents('ready');
    expect(client.named('ready')[0]!.data).toEqual({
      attacker_uuid: ATTACKER.uuid,
      attacker_ip: ATTACKER.ip,
    });
    const global = await openLive('/stream');

    await api.bus.publish(ATTACKER_OBSERVED, 'attacker.observed', {
      attacker_uuid: OTHER.uuid,
      attacker_ip: OTHER.ip,
    });
    await api.bus.publish(CREDENTIAL_CAPTURED, 'credential.captured', {
      attacker_ip: OTHER.ip,
      decky: 'decky-01',
      service: 'ssh',
      principal: 'admin',
    });
    await api.bus.publish(CREDENTIAL_CAPTURED, 'credential.captured', {
      attacker_ip: ATTACKER.ip,
      decky: 'decky-01',
      service: 'ssh',
      principal: 'root',
    });
    await api.bus.publish('attacker.session.ended', 'session.ended', {
      session_id: 's1',
      attacker_ip: ATTACKER.ip,
    });
    await api.bus.publish('attacker.scored', 'attacker.scored', { attacker_uuid: ATTACKER.uuid, score: 7 });
    const ids = await commit([
      { ip: OTHER.ip, msg: 'other' },
      { ip: ATTACKER.ip, msg: 'mine' },
    ]);
    await global.waitForEvents('logs');
    await client.waitForEvents('logs');

    const names = client.events().map((e) => e.event);
    expect(names).toEqual(['ready', 'credential.captured', 'session.ended', 'attacker.scored', 'logs']);
    expect(client.named('credential.captured')[0]!.data).toMatchObject({
      topic: CREDENTIAL_CAPTURED,
      payload: { principal: 'root', attacker_ip: ATTACKER.ip },
    });
    const [logs] = client.named('logs');
    expect(logs!.id).toBe(String(ids[1]));
    expect(logs!.data.logs.map((l: { msg: string }) => l.msg)).toEqual(['mine']);
  });
});
