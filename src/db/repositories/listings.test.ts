import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratch } from '../../../test/support/databases.js';
import type { Database } from '../connection.js';
import { iterateAttackers, listAttackers } from './attackers.js';
import { iterateCredentials } from './credentials.js';
import { iterateLogs, listLogs } from './logs.js';
import { getState, setState } from './state.js';

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const ts = (n: number) => `2026-05-10T12:00:${String(n).padStart(2, '0')}.000000Z`;

describe.each(DIALECTS)('listing repositories on %s', (dialect) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openScratch(dialect));
    await database.db
      .insertInto('logs')
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          timestamp: ts(i),
          received_at: ts(i),
          decky: `decky-0${i % 3}`,
          service: i % 2 ? 'ssh' : 'http',
          event_type: 'x',
          attacker_ip: `192.0.2.${i % 5}`,
          severity: 6,
          fields: { n: String(i) },
          msg: null,
          raw_line: `line ${i}`,
        })),
      )
      .execute();
    await database.db
      .insertInto('attackers')
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          uuid: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
          ip: `198.51.100.${i}`,
          first_seen: ts(0),
          // Pairs share a last_seen, so paging must break ties on uuid.
          last_seen: ts(Math.floor(i / 2)),
          event_count: i,
          services: i % 2 ? ['ssh'] : ['http', 'ssh'],
          deckies: [`decky-0${i % 4}`],
          service_count: 1,
          decky_count: 1,
          updated_at: ts(0),
        })),
      )
      .execute();
    await database.db
      .insertInto('credentials')
      .values(
        Array.from({ length: 7 }, (_, i) => ({
          attacker_ip: `198.51.100.${i % 2}`,
          decky: 'decky-01',
          service: i % 3 ? 'ssh' : 'ftp',
          principal: 'root',
          credential_key: `k${i}`,
          secret_kind: 'plaintext',
          secret_sha256: 'aa',
          secret_b64: 'eA==',
          secret_printable: 'x',
          outcome: null,
          first_seen: ts(i),
          last_seen: ts(i),
          attempt_count: 1,
        })),
      )
      .execute();
  });
  afterAll(async () => cleanup());

  it('pages logs newest first and applies every filter', async () => {
    const all = await collect(iterateLogs(database, {}, 1000, 4));
    expect(all.map((r) => r.raw_line)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${24 - i}`));
    expect(all[0]!.fields).toEqual({ n: '24' });
    const ssh = await collect(iterateLogs(database, { service: 'ssh', attackerIp: '192.0.2.1' }, 1000, 2));
    expect(ssh.map((r) => r.raw_line)).toEqual(['line 21', 'line 11', 'line 1']);
    expect(await listLogs(database, { decky: 'decky-02', eventType: 'x' }, 2)).toHaveLength(2);
    expect(await collect(iterateLogs(database, {}, 3, 2))).toHaveLength(3);
  });

  it('pages attackers by recent activity without losing or repeating ties', async () => {
    const all = await collect(iterateAttackers(database, {}, 1000, 5));
    expect(all).toHaveLength(12);
    expect(new Set(all.map((a) => a.ip)).size).toBe(12);
    expect(all[0]!.last_seen >= all[11]!.last_seen).toBe(true);
  });

  it('filters attackers by a service or decky inside their JSON lists', async () => {
    const http = await listAttackers(database, { service: 'http' }, 100);
    expect(http.map((a) => a.ip).sort()).toEqual([
      '198.51.100.0',
      '198.51.100.10',
      '198.51.100.2',
      '198.51.100.4',
      '198.51.100.6',
      '198.51.100.8',
    ]);
    const decky = await listAttackers(database, { decky: 'decky-03' }, 100);
    expect(decky.map((a) => a.ip).sort()).toEqual(['198.51.100.11', '198.51.100.3', '198.51.100.7']);
    expect(await listAttackers(database, { service: 'telnet' }, 100)).toEqual([]);
  });

  it('pages credentials newest first with filters', async () => {
    const ssh = await collect(
      iterateCredentials(database, { service: 'ssh', attackerIp: '198.51.100.1' }, 1000, 1),
    );
    expect(ssh.map((c) => c.credential_key)).toEqual(['k5', 'k1']);
  });

  it('keeps state values as native JSON', async () => {
    await setState(database, 'cursor', { segment: 3, offset: 17 }, ts(1));
    await setState(database, 'cursor', { segment: 4, offset: 0 }, ts(2));
    expect(await getState(database, 'cursor')).toEqual({ segment: 4, offset: 0 });
    expect(await getState(database, 'missing')).toBeNull();
  });
});
