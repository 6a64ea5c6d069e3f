import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../test/support/scratch.js';
import { ConfigError } from './errors.js';
import {
  describeSettings,
  type LoadSettingsOptions,
  loadSettings,
  paths,
  type Settings,
} from './settings.js';

let root: string;
let homedir: string;
let systemConfigFile: string;

beforeEach(() => {
  root = scratchDir('decnet-settings');
  homedir = join(root, 'user');
  mkdirSync(homedir);
  systemConfigFile = join(root, 'etc', 'decnet.ini');
});

function load(env: Record<string, string> = {}, options: Partial<LoadSettingsOptions> = {}): Settings {
  return loadSettings({ env, cwd: join(root, 'cwd'), homedir, systemConfigFile, ...options });
}

function problem(env: Record<string, string>): string {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('loadSettings defaults', () => {
  it('runs with nothing configured', () => {
    const s = load();
    const home = join(homedir, '.decnet');
    expect(s).toEqual({
      home,
      dbUrl: { kind: 'sqlite', file: join(home, 'decnet.db') },
      busUrl: { kind: 'memory' },
      busNamespace: 'decnet',
      logLevel: 'info',
      api: { host: '127.0.0.1', port: 8000, tokenTtlS: 28_800, corsOrigins: [], adminUser: 'admin' },
      ingest: { batchSize: 8000, batchMaxWaitMs: 200 },
      spool: { segmentBytes: 64 * 1024 * 1024, fsyncMs: 50, keepSegments: 8 },
      configFile: null,
      sources: Object.fromEntries(
        [
          'home',
          'dbUrl',
          'busUrl',
          'busNamespace',
          'logLevel',
          'apiHost',
          'apiPort',
          'apiTokenTtlS',
          'apiCorsOrigins',
          'adminUser',
          'batchSize',
          'batchMaxWaitMs',
          'spoolSegmentBytes',
          'spoolFsyncMs',
          'spoolKeepSegments',
        ].map((id) => [id, { from: 'default' }]),
      ),
    });
  });

  it('returns a frozen object, all the way down', () => {
    const s = load();
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.api)).toBe(true);
    expect(Object.isFrozen(s.dbUrl)).toBe(true);
    expect(Object.isFrozen(s.sources.home)).toBe(true);
  });
});

describe('loadSettings from the environment', () => {
  it('reads every variable', () => {
    const s = load({
      DECNET_HOME: '/srv/decnet',
      DECNET_DB_URL: 'postgres://decnet:pw@db/decnet',
      DECNET_BUS_URL: 'nats://bus:4222',
      DECNET_BUS_NAMESPACE: 'lab-7',
      DECNET_LOG_LEVEL: 'DEBUG',
      DECNET_API_HOST: '0.0.0.0',
      DECNET_API_PORT: '8443',
      DECNET_API_TOKEN_TTL: '600',
      DECNET_API_CORS_ORIGINS: 'https://soc.example.org, http://127.0.0.1:5173',
      DECNET_ADMIN_USER: 'analyst@example.org',
      DECNET_BATCH_SIZE: '500',
      DECNET_BATCH_MAX_WAIT_MS: '1000',
      DECNET_SPOOL_SEGMENT_BYTES: '16MiB',
      DECNET_SPOOL_FSYNC_MS: '0',
      DECNET_SPOOL_KEEP_SEGMENTS: '0',
    });
    expect({ ...s, sources: undefined }).toEqual({
      home: '/srv/decnet',
      dbUrl: { kind: 'postgres', url: 'postgres://decnet:pw@db/decnet' },
      busUrl: { kind: 'nats', servers: ['nats://bus:4222'], tls: false },
      busNamespace: 'lab-7',
      logLevel: 'debug',
      api: {
        host: '0.0.0.0',
        port: 8443,
        tokenTtlS: 600,
        corsOrigins: ['https://soc.example.org', 'http://127.0.0.1:5173'],
        adminUser: 'analyst@example.org',
      },
      ingest: { batchSize: 500, batchMaxWaitMs: 1000 },
      spool: { segmentBytes: 16 * 1024 * 1024, fsyncMs: 0, keepSegments: 0 },
      configFile: null,
      sources: undefined,
    });
    expect(s.sources.apiPort).toEqual({ from: 'env', variable: 'DECNET_API_PORT' });
  });

  it.each([
    ['~', (h: string) => h],
    ['~/decnet-lab', (h: string) => join(h, 'decnet-lab')],
    ['relative/home', () => join(root, 'cwd', 'relative/home')],
    ['/abs/../abs/home/', () => '/abs/home'],
  ])('resolves DECNET_HOME=%s', (value, expected) => {
    expect(load({ DECNET_HOME: value }).home).toBe(expected(homedir));
  });

  it('derives the default database from DECNET_HOME and resolves relative SQLite paths against it', () => {
    expect(load({ DECNET_HOME: '/srv/d' }).dbUrl).toEqual({ kind: 'sqlite', file: '/srv/d/decnet.db' });
    expect(load({ DECNET_HOME: '/srv/d', DECNET_DB_URL: 'sqlite://state/x.db' }).dbUrl).toEqual({
      kind: 'sqlite',
      file: '/srv/d/state/x.db',
    });
  });

  it('treats empty and blank variables as unset, and trims values', () => {
    const s = load({ DECNET_API_PORT: '', DECNET_BATCH_SIZE: '   ', DECNET_LOG_LEVEL: ' warn ' });
    expect([s.api.port, s.ingest.batchSize, s.logLevel]).toEqual([8000, 8000, 'warn']);
  });

  it.each([
    ['DECNET_API_HOST', '::1', '::1'],
    ['DECNET_API_HOST', '[::1]', '::1'],
    ['DECNET_API_HOST', 'decnet.internal', 'decnet.internal'],
    ['DECNET_SPOOL_SEGMENT_BYTES', '1048576', 1024 * 1024],
    ['DECNET_SPOOL_SEGMENT_BYTES', '1024K', 1024 * 1024],
    ['DECNET_SPOOL_SEGMENT_BYTES', '1 GiB', 1024 ** 3],
    ['DECNET_SPOOL_SEGMENT_BYTES', '2m', 2 * 1024 ** 2],
  ])('accepts %s=%s', (variable, value, expected) => {
    const s = load({ [variable]: value });
    expect(variable === 'DECNET_API_HOST' ? s.api.host : s.spool.segmentBytes).toBe(expected);
  });

  it.each([
    ['DECNET_API_PORT', '80x', 'DECNET_API_PORT="80x": expected an integer 1–65535'],
    ['DECNET_API_PORT', '0', 'DECNET_API_PORT="0": expected an integer 1–65535'],
    ['DECNET_API_TOKEN_TTL', '59', 'DECNET_API_TOKEN_TTL="59": expected an integer 60–604800'],
    [
      'DECNET_API_CORS_ORIGINS',
      'https://soc.example.org/path',
      'DECNET_API_CORS_ORIGINS="https://soc.example.org/path": expected comma-separated http(s)://host[:port] origins',
    ],
    [
      'DECNET_API_CORS_ORIGINS',
      '*',
      'DECNET_API_CORS_ORIGINS="*": expected comma-separated http(s)://host[:port] origins',
    ],
    ['DECNET_ADMIN_USER', 'a b', 'DECNET_ADMIN_USER="a b": expected 1-64 characters of A-Z a-z 0-9 . _ @ -'],
    ['DECNET_API_PORT', '65536', 'DECNET_API_PORT="65536": expected an integer 1–65535'],
    ['DECNET_API_PORT', '-1', 'DECNET_API_PORT="-1": expected an integer 1–65535'],
    ['DECNET_API_PORT', '80.0', 'DECNET_API_PORT="80.0": expected an integer 1–65535'],
    [
      'DECNET_API_HOST',
      'not a host',
      'DECNET_API_HOST="not a host": expected an IPv4 or IPv6 address or a host name',
    ],
    [
      'DECNET_LOG_LEVEL',
      'verbose',
      'DECNET_LOG_LEVEL="verbose": expected one of fatal, error, warn, info, debug, trace, silent',
    ],
    ['DECNET_BATCH_SIZE', '0', 'DECNET_BATCH_SIZE="0": expected an integer 1–100000'],
    ['DECNET_BATCH_SIZE', '100001', 'DECNET_BATCH_SIZE="100001": expected an integer 1–100000'],
    ['DECNET_BATCH_MAX_WAIT_MS', '60001', 'DECNET_BATCH_MAX_WAIT_MS="60001": expected an integer 1–60000'],
    [
      'DECNET_SPOOL_SEGMENT_BYTES',
      '1048575',
      'DECNET_SPOOL_SEGMENT_BYTES="1048575": expected a size 1MiB–1GiB: bytes, or a number with K/KiB, M/MiB or G/GiB',
    ],
    [
      'DECNET_SPOOL_SEGMENT_BYTES',
      '2G',
      'DECNET_SPOOL_SEGMENT_BYTES="2G": expected a size 1MiB–1GiB: bytes, or a number with K/KiB, M/MiB or G/GiB',
    ],
    [
      'DECNET_SPOOL_SEGMENT_BYTES',
      '64MB',
      'DECNET_SPOOL_SEGMENT_BYTES="64MB": expected a size 1MiB–1GiB: bytes, or a number with K/KiB, M/MiB or G/GiB',
    ],
    ['DECNET_SPOOL_FSYNC_MS', '-5', 'DECNET_SPOOL_FSYNC_MS="-5": expected an integer 0–60000'],
    ['DECNET_SPOOL_KEEP_SEGMENTS', 'all', 'DECNET_SPOOL_KEEP_SEGMENTS="all": expected an integer 0–100000'],
    [
      'DECNET_DB_URL',
      ':memory:',
      'DECNET_DB_URL=":memory:": an in-memory database is not allowed: DECNET state must survive a restart; give a file path',
    ],
    [
      'DECNET_DB_URL',
      'mysql://root:hunter2@db/decnet',
      'DECNET_DB_URL="mysql://root:***@db/decnet": unsupported scheme "mysql"; use sqlite://, postgres://, postgresql:// or a file path',
    ],
    [
      'DECNET_BUS_URL',
      'redis://x',
      'DECNET_BUS_URL="redis://x": expected memory:// or nats://host:port (tls://host:port for TLS), comma-separated for a cluster',
    ],
  ])('refuses %s=%s', (variable, value, message) => {
    expect(problem({ [variable]: value })).toBe(message);
  });

  it('reports every bad variable at once', () => {
    expect(problem({ DECNET_API_PORT: 'x', DECNET_LOG_LEVEL: 'loud' }).split('\n')).toEqual([
      'DECNET_LOG_LEVEL="loud": expected one of fatal, error, warn, info, debug, trace, silent',
      'DECNET_API_PORT="x": expected an integer 1–65535',
    ]);
  });

  it('never puts a database password in an error message', () => {
    const message = problem({ DECNET_DB_URL: 'postgres://decnet:hunter2@:99999/x' });
    expect(message).not.toContain('hunter2');
    expect(message).toContain('decnet:***@');
  });

  it('never prints a database password from the settings object', () => {
    const s = load({ DECNET_DB_URL: 'postgres://decnet:hunter2@db/decnet' });
    expect(JSON.stringify(s)).not.toContain('hunter2');
    expect(inspect(s, { depth: 10 })).not.toContain('hunter2');
    expect(String(s.dbUrl)).toBe('postgres://decnet:***@db/decnet');
    expect(s.dbUrl.kind === 'postgres' && s.dbUrl.url).toBe('postgres://decnet:hunter2@db/decnet');
  });

  it('accepts a home too deep for a Unix socket and moves its control socket to the temp directory', () => {
    const deep = `/${'d'.repeat(100)}`;
    const other = `/${'e'.repeat(100)}`;
    const socket = paths(load({ DECNET_HOME: deep })).controlSocket;
    expect(socket).toMatch(new RegExp(`^${tmpdir()}/decnet-[0-9a-f]{20}\\.sock$`));
    expect(paths(load({ DECNET_HOME: deep })).controlSocket).toBe(socket);
    expect(paths(load({ DECNET_HOME: other })).controlSocket).not.toBe(socket);
    expect(paths(load({ DECNET_HOME: '/srv/decnet' })).controlSocket).toBe('/srv/decnet/run/control.sock');
  });
});

describe('loadSettings with a host config file', () => {
  const homeFile = () => join(homedir, '.decnet', 'decnet.ini');

  it('reads <home>/decnet.ini, environment winning over it', () => {
    const file = write(homeFile(), '[api]\nport = 9000\nhost = 0.0.0.0\n\n[ingest]\nbatch-size = 100\n');
    const s = load({ DECNET_API_HOST: '127.0.0.2' });
    expect(s.configFile).toBe(file);
    expect([s.api.port, s.api.host, s.ingest.batchSize]).toEqual([9000, '127.0.0.2', 100]);
    expect(s.sources.apiPort).toEqual({ from: 'file', file, line: 2, section: 'api', key: 'port' });
    expect(s.sources.apiHost).toEqual({ from: 'env', variable: 'DECNET_API_HOST' });
  });

  it('falls back to the system file, which may move home', () => {
    write(systemConfigFile, '[decnet]\nhome = /var/lib/decnet\n\n[database]\nurl = sqlite://fleet.db\n');
    const s = load();
    expect(s.configFile).toBe(systemConfigFile);
    expect(s.home).toBe('/var/lib/decnet');
    expect(s.dbUrl).toEqual({ kind: 'sqlite', file: '/var/lib/decnet/fleet.db' });
  });

  it('prefers <home>/decnet.ini over the system file and reads only one', () => {
    write(systemConfigFile, '[api]\nport = 7000\n[logging]\nlevel = trace\n');
    write(homeFile(), '[api]\nport = 9000\n');
    const s = load();
    expect([s.api.port, s.logLevel]).toEqual([9000, 'info']);
  });

  it('looks for decnet.ini in the home DECNET_HOME names', () => {
    const file = write(join(root, 'lab', 'decnet.ini'), '[logging]\nlevel = warn\n');
    expect(load({ DECNET_HOME: join(root, 'lab') })).toMatchObject({ configFile: file, logLevel: 'warn' });
  });

  it('reads the file DECNET_CONFIG names, relative to the working directory', () => {
    write(homeFile(), '[api]\nport = 9000\n');
    const file = write(
      join(root, 'cwd', 'conf', 'decnet.ini'),
      '[decnet]\nhome = ~/elsewhere\n[api]\nport = 9100\n',
    );
    const s = load({ DECNET_CONFIG: 'conf/decnet.ini' });
    expect([s.configFile, s.api.port, s.home]).toEqual([file, 9100, join(homedir, 'elsewhere')]);
  });

  it('lets DECNET_HOME win over [decnet] home', () => {
    write(systemConfigFile, '[decnet]\nhome = /var/lib/decnet\n');
    expect(load({ DECNET_HOME: '/srv/x' }).home).toBe('/srv/x');
  });

  it('refuses a DECNET_CONFIG that does not exist', () => {
    expect(() => load({ DECNET_CONFIG: '/nonexistent/decnet.ini' })).toThrow(
      new ConfigError('DECNET_CONFIG="/nonexistent/decnet.ini": file not found'),
    );
  });

  it.each([
    ['[api]\nport = 80x\n', 'FILE:2: [api] port: "80x": expected an integer 1–65535'],
    [
      '[web]\nport = 8080\n',
      'FILE:1: [web] unknown section; known sections: [decnet], [database], [bus], [logging], [api], [ingest], [spool]',
    ],
    ['[api]\nprot = 8080\n', 'FILE:2: [api] prot: unknown key; known keys in [api]: host, port'],
    [
      '[ingest]\nbatch_size = 1\nbatch-size = 2\n',
      'FILE:3: [ingest] batch-size: already set on line 2 (as batch_size)',
    ],
    ['[api]\nport = 1\nport = 2\n', 'FILE:3: [api] port: duplicate key; it is already set on line 2'],
    ['port = 8080\n', 'FILE:1: "port = 8080" is outside any section; add a [section] header above it'],
    [
      '[decnet]\nhome = /srv/decnet\n',
      'FILE:2: [decnet] home: the decnet.ini inside DECNET_HOME cannot move DECNET_HOME (it is found through it); set DECNET_HOME, or set home in /etc/decnet/decnet.ini or in the file DECNET_CONFIG names',
    ],
    [
      '[database]\nurl = postgres://u:hunter2@/x\n',
      'FILE:2: [database] url: "postgres://u:***@/x": not a valid URL; expected postgres://user:password@host:5432/database (percent-encode "@", "/" and ":" in the password)',
    ],
  ])('refuses, naming file, line and key: %j', (text, message) => {
    const file = write(homeFile(), text);
    expect(() => load()).toThrow(message.replace('FILE', file));
  });

  it('refuses a relative [decnet] home', () => {
    const file = write(join(root, 'x.ini'), '[decnet]\nhome = decnet\n');
    expect(() => load({ DECNET_CONFIG: file })).toThrow(
      `${file}:2: [decnet] home: "decnet": must be an absolute path (or start with ~/)`,
    );
  });

  it('treats an empty value in the file as unset', () => {
    write(homeFile(), '[api]\nport =\n');
    expect(load().api.port).toBe(8000);
  });
});

describe('paths', () => {
  it('derives every location from home', () => {
    const s = load({ DECNET_HOME: '/srv/decnet' });
    expect(paths(s)).toEqual({
      home: '/srv/decnet',
      spoolDir: '/srv/decnet/spool',
      dbFile: '/srv/decnet/decnet.db',
      keysDir: '/srv/decnet/keys',
      jwtKeyFile: '/srv/decnet/keys/api-jwt.key',
      capturesDir: '/srv/decnet/captures',
      recordingsDir: '/srv/decnet/recordings',
      runDir: '/srv/decnet/run',
      controlSocket: '/srv/decnet/run/control.sock',
      pidFile: '/srv/decnet/run/decnet.pid',
      stateFile: '/srv/decnet/run/fabric-state.json',
    });
  });

  it('points dbFile at the SQLite file in use, and at nothing on PostgreSQL', () => {
    expect(paths(load({ DECNET_HOME: '/srv/d', DECNET_DB_URL: '/data/x.db' })).dbFile).toBe('/data/x.db');
    expect(paths(load({ DECNET_DB_URL: 'postgres://db/decnet' })).dbFile).toBeNull();
  });
});

describe('describeSettings', () => {
  it('describes DECNET_CONFIG, the environment-only secrets and every setting loadSettings reads', () => {
    const rows = describeSettings();
    expect(rows.map((r) => [r.variable, r.iniKey])).toEqual([
      ['DECNET_CONFIG', null],
      ['DECNET_HOME', '[decnet] home'],
      ['DECNET_DB_URL', '[database] url'],
      ['DECNET_BUS_URL', '[bus] url'],
      ['DECNET_BUS_NAMESPACE', '[bus] namespace'],
      ['DECNET_LOG_LEVEL', '[logging] level'],
      ['DECNET_API_HOST', '[api] host'],
      ['DECNET_API_PORT', '[api] port'],
      ['DECNET_API_TOKEN_TTL', '[api] token_ttl'],
      ['DECNET_API_CORS_ORIGINS', '[api] cors_origins'],
      ['DECNET_ADMIN_USER', '[api] admin_user'],
      ['DECNET_ADMIN_PASSWORD', null],
      ['DECNET_JWT_SECRET', null],
      ['DECNET_BATCH_SIZE', '[ingest] batch_size'],
      ['DECNET_BATCH_MAX_WAIT_MS', '[ingest] batch_max_wait_ms'],
      ['DECNET_SPOOL_SEGMENT_BYTES', '[spool] segment_bytes'],
      ['DECNET_SPOOL_FSYNC_MS', '[spool] fsync_ms'],
      ['DECNET_SPOOL_KEEP_SEGMENTS', '[spool] keep_segments'],
    ]);
    for (const row of rows) {
      expect(row.description.length).toBeGreaterThan(30);
      expect(row.default).not.toBe('');
      expect(row.allowed).not.toBe('');
    }
  });

  it('documents a key the host config file accepts for every row that has one', () => {
    const sections = new Map<string, string[]>();
    for (const row of describeSettings()) {
      if (row.iniKey === null) continue;
      const [, section, key] = /^\[(\w+)\] (\w+)$/.exec(row.iniKey)!;
      sections.set(section!, [...(sections.get(section!) ?? []), `${key} =`]);
    }
    const text = [...sections].map(([section, keys]) => `[${section}]\n${keys.join('\n')}\n`).join('\n');
    const file = write(join(root, 'all.ini'), text);
    expect(load({ DECNET_CONFIG: file }).configFile).toBe(file);
  });
});
