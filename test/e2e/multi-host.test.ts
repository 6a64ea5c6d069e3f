import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../src/bus/bus.js';
import { connectNatsBus, type NatsBus } from '../../src/bus/nats.js';
import { openDatabase } from '../../src/db/connection.js';
import { eventually, freePort, type Running, runDecnet, scratchHome, startDecnet } from '../support/cli.js';
import { type ScratchDatabase, scratchDatabase } from '../support/databases.js';

const NATS_URL = process.env.DECNET_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('decnet up on PostgreSQL and NATS JetStream', () => {
  const namespace = `e2e_${randomBytes(4).toString('hex')}`;
  let db: ScratchDatabase;
  let up: Running | null = null;
  let watcher: NatsBus | null = null;

  afterAll(async () => {
    if (up && up.child.exitCode === null) up.child.kill('SIGKILL');
    if (watcher) {
      await watcher.jsm.streams.delete(`DECNET_${namespace.toUpperCase()}`).catch(() => false);
      await watcher.close();
    }
    await db?.drop();
  });

  it('stores an import in PostgreSQL and delivers its events to a worker that was down meanwhile', {
    timeout: 120_000,
  }, async () => {
    db = await scratchDatabase('postgres');
    if (db.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const home = scratchHome();
    const env = {
      DECNET_HOME: home,
      DECNET_DB_URL: db.target.url,
      DECNET_BUS_URL: NATS_URL,
      DECNET_BUS_NAMESPACE: namespace,
    };

    // A worker registers its durable consumer, then goes down before anything happens.
    watcher = await connectNatsBus({ url: NATS_URL, namespace });
    const early = await watcher.subscribe('credential.>', () => undefined, { durable: 'reuse-correlator' });
    await early.unsubscribe();

    // One banner decky on loopback addresses of its own, so it never clashes with other test files.
    const subnet = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
    up = startDecnet(
      ['up', '--port', String(await freePort()), '--services', 'tcp_banner', '--subnet', subnet],
      env,
    );
    await eventually(
      () => up!.output().includes('Stop with Ctrl-C'),
      'decnet up on PostgreSQL and NATS',
      60_000,
    );

    const file = join(home, 'attack.log');
    writeFileSync(
      file,
      [
        `<134>1 2026-05-10T12:00:01+00:00 decky-01 auth-helper - auth_attempt [relay@55555 username="root" secret_printable="toor" secret_b64="${b64('toor')}" src_ip="198.51.100.80"]`,
        `<134>1 2026-05-10T12:00:02+00:00 decky-02 ftp - auth_attempt [relay@55555 username="ftp" secret_printable="ftp" secret_b64="${b64('ftp')}" src="198.51.100.81"]`,
      ].join('\n'),
    );
    const imported = await runDecnet(['ingest', '--from', file], env);
    expect(imported.stdout).toContain('read 2 lines, stored 2, dead-lettered 0 via the running instance');

    const database = await openDatabase(db.target);
    try {
      const creds = await database.db
        .selectFrom('credentials')
        .select(['attacker_ip', 'secret_printable'])
        .execute();
      expect(creds.map((c) => c.secret_printable).sort()).toEqual(['ftp', 'toor']);
    } finally {
      await database.close();
    }

    // The worker comes back under the same durable name and gets what was published while it was down.
    const received: BusEvent[] = [];
    await watcher.subscribe(
      'credential.>',
      (e) => {
        received.push(e);
      },
      { durable: 'reuse-correlator' },
    );
    await eventually(() => received.length >= 2, 'both credential.captured events', 30_000);
    expect(received.map((e) => e.payload.attacker_ip).sort()).toEqual(['198.51.100.80', '198.51.100.81']);
    expect(received.every((e) => e.topic === 'credential.captured')).toBe(true);

    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
  });
});
