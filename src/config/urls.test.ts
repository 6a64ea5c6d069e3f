import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeBusTarget, describeDbTarget, parseBusUrl, parseDbUrl, redactUrl } from './urls.js';

const context = { home: '/var/lib/decnet', homedir: '/home/analyst' };

describe('redactUrl', () => {
  it.each([
    ['postgres://decnet:s3cret@db:5432/decnet', 'postgres://decnet:***@db:5432/decnet'],
    ['postgresql://decnet@db/decnet', 'postgresql://decnet@db/decnet'],
    ['postgres://u:p@ss/w@rd@db/decnet', 'postgres://u:***@db/decnet'],
    [
      'postgres://db/decnet?user=u&password=s3cret&sslmode=require',
      'postgres://db/decnet?user=u&password=***&sslmode=require',
    ],
    ['postgres://db/decnet?PASSWORD=s3cret', 'postgres://db/decnet?PASSWORD=***'],
    ['host=db password=s3cret dbname=decnet', 'host=db password=*** dbname=decnet'],
    ['nats://s3cr3t-token@bus:4222', 'nats://***@bus:4222'],
    ['tls://user:pw@bus:4222', 'tls://user:***@bus:4222'],
    ['nats://bus:4222', 'nats://bus:4222'],
    ['sqlite:///var/lib/decnet/decnet.db', 'sqlite:///var/lib/decnet/decnet.db'],
    ['not a url at all', 'not a url at all'],
    ['', ''],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('parseDbUrl', () => {
  it.each([
    ['sqlite:///abs/path/state.db', '/abs/path/state.db'],
    ['sqlite:////abs/path/state.db', '/abs/path/state.db'],
    ['sqlite://state.db', '/var/lib/decnet/state.db'],
    ['sqlite://db/state.db', '/var/lib/decnet/db/state.db'],
    ['SQLITE://state.db', '/var/lib/decnet/state.db'],
    ['state.db', '/var/lib/decnet/state.db'],
    ['./data/../state.db', '/var/lib/decnet/state.db'],
    ['/srv/decnet/state.db', '/srv/decnet/state.db'],
    ['~/decnet.db', '/home/analyst/decnet.db'],
    ['sqlite://~/decnet.db', '/home/analyst/decnet.db'],
    ['  /padded.db  ', '/padded.db'],
  ])('%s → sqlite %s', (raw, file) => {
    expect(parseDbUrl(raw, context)).toEqual({ ok: true, value: { kind: 'sqlite', file } });
  });

  it.each(['postgres://decnet:pw@db:5432/decnet', 'postgresql://db/decnet', 'postgres://a,b/decnet'])(
    '%s → postgres, kept as written',
    (raw) => {
      expect(parseDbUrl(raw, context)).toEqual({ ok: true, value: { kind: 'postgres', url: raw } });
    },
  );

  it.each([
    ['', 'empty'],
    [
      ':memory:',
      'an in-memory database is not allowed: DECNET state must survive a restart; give a file path',
    ],
    [
      'sqlite://:memory:',
      'an in-memory database is not allowed: DECNET state must survive a restart; give a file path',
    ],
    [
      'file::memory:?cache=shared',
      'an in-memory database is not allowed: DECNET state must survive a restart; give a file path',
    ],
    [
      'sqlite:///x.db?mode=memory',
      'an in-memory database is not allowed: DECNET state must survive a restart; give a file path',
    ],
    ['sqlite://', 'no file path; e.g. sqlite:///var/lib/decnet/decnet.db'],
    ['sqlite:state.db', 'expected sqlite:///absolute/path.db or sqlite://relative/path.db'],
    ['sqlite:///x.db?cache=shared', 'query strings and fragments are not supported in sqlite:// URLs'],
    ['sqlite:///var/lib/', 'names a directory; give the database file, e.g. …/decnet.db'],
    [
      'mysql://u:pw@db/decnet',
      'unsupported scheme "mysql"; use sqlite://, postgres://, postgresql:// or a file path',
    ],
    [
      'sqlite+aiosqlite:///x.db',
      'unsupported scheme "sqlite+aiosqlite"; use sqlite://, postgres://, postgresql:// or a file path',
    ],
    ['postgres://', 'no host; expected postgres://user:password@host:5432/database'],
    [
      'postgres://u:pw@db:99999/decnet',
      'not a valid URL; expected postgres://user:password@host:5432/database (percent-encode "@", "/" and ":" in the password)',
    ],
  ])('%j is refused: %s', (raw, reason) => {
    expect(parseDbUrl(raw, context)).toEqual({ ok: false, reason });
  });

  it('never prints a PostgreSQL password', () => {
    const parsed = parseDbUrl('postgres://decnet:hunter2-s3cret@db/decnet', context);
    if (!parsed.ok) throw new Error(parsed.reason);
    for (const shown of [
      String(parsed.value),
      `${parsed.value}`,
      JSON.stringify(parsed.value),
      JSON.stringify({ settings: { db: parsed.value } }),
      inspect(parsed.value),
      inspect({ deep: { db: parsed.value } }, { depth: 5 }),
      describeDbTarget(parsed.value),
    ]) {
      expect(shown).not.toContain('hunter2');
      expect(shown).toContain('decnet:***@db');
    }
    expect(JSON.parse(JSON.stringify(parsed.value))).toEqual({
      kind: 'postgres',
      url: 'postgres://decnet:***@db/decnet',
    });
  });
});

describe('parseBusUrl', () => {
  it.each([
    ['memory://', { kind: 'memory' }],
    ['memory:', { kind: 'memory' }],
    ['nats://bus:4222', { kind: 'nats', servers: ['nats://bus:4222'], tls: false }],
    ['nats://bus', { kind: 'nats', servers: ['nats://bus'], tls: false }],
    ['tls://bus.example:4443', { kind: 'nats', servers: ['tls://bus.example:4443'], tls: true }],
    [
      'nats://10.0.0.1:4222, nats://10.0.0.2:4222',
      { kind: 'nats', servers: ['nats://10.0.0.1:4222', 'nats://10.0.0.2:4222'], tls: false },
    ],
    ['nats://[::1]:4222', { kind: 'nats', servers: ['nats://[::1]:4222'], tls: false }],
  ])('%s', (raw, expected) => {
    expect(parseBusUrl(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    [
      'redis://bus:6379',
      'expected memory:// or nats://host:port (tls://host:port for TLS), comma-separated for a cluster',
    ],
    [
      'bus:4222',
      'expected memory:// or nats://host:port (tls://host:port for TLS), comma-separated for a cluster',
    ],
    ['nats://bus:4222,', 'empty server in the list'],
    ['memory://,nats://bus', 'memory:// cannot be combined with NATS servers'],
    ['nats://', '"nats://" has no host'],
    [
      'nats://bus:4222/subject',
      '"nats://bus:4222/subject": a NATS server URL has no path, query or fragment',
    ],
    ['nats://bus:0', '"nats://bus:0": port 0 is not a server port'],
    ['nats://tok:pw@bus:99999', '"nats://tok:***@bus:99999" is not a valid URL'],
  ])('%j is refused: %s', (raw, reason) => {
    expect(parseBusUrl(raw)).toEqual({ ok: false, reason });
  });

  it('never prints a NATS token or password', () => {
    const parsed = parseBusUrl('nats://t0ken-s3cret@a:4222,tls://u:pw-s3cret@b:4222');
    if (!parsed.ok) throw new Error(parsed.reason);
    for (const shown of [
      String(parsed.value),
      JSON.stringify(parsed.value),
      inspect(parsed.value),
      describeBusTarget(parsed.value),
    ]) {
      expect(shown).not.toContain('s3cret');
    }
    expect(String(parsed.value)).toBe('nats://***@a:4222,tls://u:***@b:4222');
  });
});
