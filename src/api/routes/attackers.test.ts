import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../test/support/api.js';
import { DIALECTS } from '../../../test/support/databases.js';
import { ATTACKER_SORTS, pageAttackers, pageAttackersJson } from '../../db/repositories/attackers.js';
import { COUNT_AGE_HEADER, COUNT_CACHE_MS } from '../count-cache.js';
import { Attacker, PAGE_MEMO_HEADER } from './attackers.js';

const ts = (n: number) => `2026-05-10T12:00:${String(n).padStart(2, '0')}.000000Z`;
const uuid = (i: number) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`;
const COUNT = 14;

/** Attackers whose every sort column has ties, so the uuid tiebreak decides. */
function seedRow(i: number) {
  return {
    uuid: uuid(i),
    ip: i < 10 ? `198.51.100.${i}` : `203.0.113.${i}`,
    first_seen: ts(i % 4),
    last_seen: ts(10 + Math.floor(i / 2)),
    event_count: i % 3,
    services: i % 2 ? ['ssh'] : ['http', 'ssh'],
    deckies: [`decky-0${i % 4}`],
    service_count: i % 2 ? 1 : 2,
    decky_count: 1,
    credential_count: i % 5,
    bounty_count: i % 2,
    command_count: (i * 7) % 4,
    session_count: i % 3,
    is_traversal: i === 3,
    traversal_path: i === 3 ? 'decky-01 -> decky-03' : null,
    updated_at: ts(i),
  };
}
type Row = ReturnType<typeof seedRow>;

/** The order the API promises: the column, then uuid, both in the requested direction. */
function sorted(rows: Row[], by: (typeof ATTACKER_SORTS)[number], order: 'asc' | 'desc'): Row[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[by];
    const y = b[by];
    if (x !== y) return (x < y ? -1 : 1) * sign;
    return (a.uuid < b.uuid ? -1 : 1) * sign;
  });
}

describe.each(DIALECTS)('GET /attackers on %s', (dialect) => {
  let api: TestApi;
  let token: string;
  const rows = Array.from({ length: COUNT }, (_, i) => seedRow(i));

  beforeAll(async () => {
    api = await startTestApi({ dialect });
    await api.database.db.insertInto('attackers').values(rows).execute();
    token = await api.viewerToken();
  });
  afterAll(async () => api.close());

  const get = (query: string, auth: string | null = token) =>
    api.app.inject({
      method: 'GET',
      url: `/api/v1/attackers${query}`,
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
    });
  const uuids = (body: { data: { uuid: string }[] }) => body.data.map((r) => r.uuid);
  const StrictPage = Attacker.strict().array();

  it('answers 401 without a token, even with bad parameters', async () => {
    expect((await get('', null)).statusCode).toBe(401);
    expect((await get('?sort_by=nonsense', null)).statusCode).toBe(401);
  });

  it('lists every column of the most recently seen attackers first, with the total and its age', async () => {
    const res = await get('?limit=5');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers[COUNT_AGE_HEADER]).toMatch(/^\d+$/);
    const body = res.json();
    expect(body).toMatchObject({ total: COUNT, limit: 5, offset: 0 });
    // Exactly the schema's fields, with the values the repository decodes from the same rows.
    expect(StrictPage.parse(body.data)).toEqual(body.data);
    expect(body.data).toEqual(
      await pageAttackers(api.database, { sortBy: 'last_seen', order: 'desc', limit: 5, offset: 0 }),
    );
    expect(body.data[0]).toEqual(sorted(rows, 'last_seen', 'desc')[0]);
    expect(body.data.find((r: Row) => r.uuid === uuid(3))).toBeUndefined();
    const traverser = (await get('?search=198.51.100.3')).json().data[0];
    expect(traverser).toMatchObject({ is_traversal: true, traversal_path: 'decky-01 -> decky-03' });
  });

  it.each(ATTACKER_SORTS.flatMap((by) => (['asc', 'desc'] as const).map((order) => [by, order] as const)))(
    'sorts on %s %s, ties broken on uuid',
    async (by, order) => {
      const res = await get(`?limit=100&sort_by=${by}&order=${order}`);
      expect(res.statusCode).toBe(200);
      expect(uuids(res.json())).toEqual(sorted(rows, by, order).map((r) => r.uuid));
      expect(res.json().data).toEqual(
        await pageAttackers(api.database, { sortBy: by, order, limit: 100, offset: 0 }),
      );
    },
  );

  it('pages without repeating or losing a row where sort values tie', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < COUNT + 3; offset += 3) {
      const body = (await get(`?sort_by=event_count&limit=3&offset=${offset}`)).json();
      expect(body).toMatchObject({ total: COUNT, limit: 3, offset });
      seen.push(...uuids(body));
    }
    expect(seen).toEqual(sorted(rows, 'event_count', 'desc').map((r) => r.uuid));
    expect((await get(`?offset=${COUNT}`)).json()).toMatchObject({ total: COUNT, data: [] });
  });

  it('filters on part of the address, a service and a decky, with the matching total', async () => {
    const bySearch = (await get('?search=203.0.113&limit=100')).json();
    expect(bySearch.total).toBe(4);
    expect(uuids(bySearch).sort()).toEqual([10, 11, 12, 13].map(uuid));
    const infix = (await get('?search=.100.1&limit=100')).json();
    expect(uuids(infix)).toEqual([uuid(1)]);
    const http = (await get('?service=http&limit=100')).json();
    expect(http.total).toBe(7);
    expect(http.data.every((r: Row) => r.services.includes('http'))).toBe(true);
    const decky = (await get('?decky=decky-02&service=ssh&limit=100')).json();
    expect(uuids(decky).sort()).toEqual([2, 6, 10].map(uuid));
    expect(decky.total).toBe(3);
    expect((await get('?service=telnet')).json()).toMatchObject({ total: 0, data: [] });
    // Wildcards are plain characters, not patterns.
    expect((await get('?search=%25')).json()).toMatchObject({ total: 0, data: [] });
  });

  it.each([
    ['sort_by=nonsense'],
    ['order=sideways'],
    ['limit=0'],
    ['limit=1001'],
    ['limit=ten'],
    ['offset=-1'],
    ['search='],
    [`search=${'1'.repeat(129)}`],
  ])('answers 400 to %s', async (query) => {
    const res = await get(`?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('shows a new attacker at once, while the total may be up to a second old and says so', async () => {
    const before = (await get('?limit=1')).json();
    const again = await get('?limit=1');
    expect(again.json()).toEqual(before);
    if (dialect === 'sqlite') expect(again.headers[PAGE_MEMO_HEADER]).toBe('current');

    const newcomer = {
      ...seedRow(99),
      uuid: uuid(99),
      ip: '192.0.2.99',
      last_seen: ts(59),
      updated_at: ts(59),
    };
    await api.database.db.insertInto('attackers').values(newcomer).execute();
    const fresh = await get('?limit=1');
    expect(fresh.headers[PAGE_MEMO_HEADER]).toBeUndefined();
    expect(fresh.json().data).toEqual([newcomer]);
    expect(fresh.json().total).toBe(before.total);

    await api.clock.advance(COUNT_CACHE_MS);
    const recounted = await get('?limit=1');
    expect(recounted.json().total).toBe(before.total + 1);
    expect(recounted.headers[COUNT_AGE_HEADER]).toBe('0');
  });

  it.runIf(dialect === 'postgres')(
    'shares one query among the requests for a page within one turn, and reads afresh after it',
    async () => {
      const pool = api.database.pool!;
      const sent: string[] = [];
      const query = pool.query.bind(pool);
      pool.query = ((config: { name?: string }, ...rest: unknown[]) => {
        sent.push(String(config?.name));
        return (query as (...args: unknown[]) => unknown)(config, ...rest);
      }) as typeof pool.query;
      try {
        const request = { sortBy: 'last_seen', order: 'desc', limit: 3, offset: 0 } as const;
        const together = await Promise.all(
          Array.from({ length: 20 }, () => pageAttackersJson(api.database, request)),
        );
        expect(sent).toHaveLength(1);
        expect(new Set(together.map((p) => p.json.toString())).size).toBe(1);

        const latest = {
          ...seedRow(98),
          uuid: uuid(98),
          ip: '192.0.2.98',
          last_seen: '2026-05-10T12:01:00.000000Z',
          updated_at: ts(59),
        };
        await api.database.db.insertInto('attackers').values(latest).execute();
        const after = await pageAttackersJson(api.database, request);
        expect(sent).toHaveLength(2);
        expect(JSON.parse(after.json.toString())[0].uuid).toBe(uuid(98));
      } finally {
        pool.query = query;
      }
    },
  );
});
