/**
 * Every installation setting, once: its environment variable, its host-config key, its default, what
 * values it takes and what it means. `loadSettings` validates from this table and the configuration
 * reference (docs/configuration.md) is generated from it, so the two cannot drift apart.
 */

export const SETTING_IDS = [
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
] as const;
export type SettingId = (typeof SETTING_IDS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MIB = 1024 * 1024;

/**
 * Numeric bounds and defaults. The API port is the reference's (`DECNET_API_PORT`, 8000); the ingest
 * and spool figures are this project's own: a batch is written at 8,000 lines or 200 ms, whichever
 * comes first, and a spooled line is durable within 50 ms.
 */
export const SETTING_LIMITS = {
  apiPort: { min: 1, max: 65_535, default: 8000 },
  /** An analyst's working day; a week at most, so a stolen token does not outlive a rotation. */
  apiTokenTtlS: { min: 60, max: 7 * 24 * 3600, default: 8 * 3600 },
  batchSize: { min: 1, max: 100_000, default: 8000 },
  batchMaxWaitMs: { min: 1, max: 60_000, default: 200 },
  /** A segment must hold many lines (≥ 1 MiB) and stay quick to scan and copy (≤ 1 GiB). */
  spoolSegmentBytes: { min: MIB, max: 1024 * MIB, default: 64 * MIB },
  spoolFsyncMs: { min: 0, max: 60_000, default: 50 },
  spoolKeepSegments: { min: 0, max: 100_000, default: 8 },
} as const;

export const DEFAULT_HOME = '~/.decnet';
export const DEFAULT_API_HOST = '127.0.0.1';
/** The first administrator's name, as in the reference (`DECNET_ADMIN_USER`). */
export const DEFAULT_ADMIN_USER = 'admin';
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
export const DEFAULT_BUS_URL = 'memory://';
export const DEFAULT_BUS_NAMESPACE = 'decnet';
/** The system-wide host config file, read when neither DECNET_CONFIG nor `<home>/decnet.ini` exists. */
export const SYSTEM_CONFIG_FILE = '/etc/decnet/decnet.ini';
/** The host config file inside DECNET_HOME. */
export const HOME_CONFIG_FILE_NAME = 'decnet.ini';
export const CONFIG_VARIABLE = 'DECNET_CONFIG';

export interface IniKey {
  section: string;
  key: string;
}

export interface SettingDefinition {
  id: SettingId | null;
  variable: string;
  /** Where the host config file may set it; null when only the environment can. */
  ini: IniKey | null;
  default: string;
  /** The values accepted, as shown in errors and docs. */
  allowed: string;
  description: string;
  /** A realistic value for the commented example host config file in the docs; null: none. */
  example: string | null;
}

const DEFINITIONS: readonly SettingDefinition[] = [
  {
    id: null,
    variable: CONFIG_VARIABLE,
    example: null,
    ini: null,
    default: `\`<home>/${HOME_CONFIG_FILE_NAME}\` if it exists, else \`${SYSTEM_CONFIG_FILE}\` if it exists`,
    allowed: 'path of an existing file',
    description:
      'Host config file to read instead of the default ones. Unlike the default files, it must exist. ' +
      'Only one host config file is ever read.',
  },
  {
    id: 'home',
    variable: 'DECNET_HOME',
    example: '/var/lib/decnet',
    ini: { section: 'decnet', key: 'home' },
    default: `\`${DEFAULT_HOME}\``,
    allowed: 'directory path (`~/` expanded; relative paths resolved against the working directory)',
    description:
      'Directory holding everything this installation writes: the SQLite database, the event spool, keys, ' +
      'captured files, session recordings and the run directory (control socket, pid and state files). ' +
      `In a host config file it must be absolute (or start with \`~/\`), and \`<home>/${HOME_CONFIG_FILE_NAME}\` ` +
      'cannot set it.',
  },
  {
    id: 'dbUrl',
    variable: 'DECNET_DB_URL',
    example: 'postgres://decnet:CHANGE-ME@db.internal:5432/decnet',
    ini: { section: 'database', key: 'url' },
    default: '`sqlite://<home>/decnet.db`',
    allowed:
      '`sqlite:///abs/path.db`, `sqlite://rel/path.db`, a file path, `postgres://…` or `postgresql://…`',
    description:
      'Database holding deckies, events, attackers and everything derived from them. Relative SQLite paths ' +
      'are resolved against DECNET_HOME, so every process of the installation opens the same file. ' +
      'In-memory SQLite is refused. Use PostgreSQL when several processes or hosts share state; ' +
      'passwords are never printed.',
  },
  {
    id: 'busUrl',
    variable: 'DECNET_BUS_URL',
    example: 'nats://bus.internal:4222',
    ini: { section: 'bus', key: 'url' },
    default: `\`${DEFAULT_BUS_URL}\``,
    allowed: '`memory://`, or `nats://host:port` / `tls://host:port`, comma-separated for a cluster',
    description:
      'Event bus between roles. `memory://` works only when every role runs in one process (`decnet up`); ' +
      'point separate processes or hosts at the same NATS JetStream server. Port 4222 when omitted.',
  },
  {
    id: 'busNamespace',
    variable: 'DECNET_BUS_NAMESPACE',
    example: 'decnet',
    ini: { section: 'bus', key: 'namespace' },
    default: `\`${DEFAULT_BUS_NAMESPACE}\``,
    allowed: '1–64 characters of `A-Z a-z 0-9 _ -`',
    description:
      'First token of every NATS subject and name of the JetStream stream (`DECNET_<NAMESPACE>`), so one ' +
      'NATS server can serve several installations. Every process of one installation must use the same.',
  },
  {
    id: 'logLevel',
    variable: 'DECNET_LOG_LEVEL',
    example: 'info',
    ini: { section: 'logging', key: 'level' },
    default: `\`${DEFAULT_LOG_LEVEL}\``,
    allowed: LOG_LEVELS.map((l) => `\`${l}\``).join(', '),
    description: 'Lowest severity DECNET writes to its own log. `silent` logs nothing.',
  },
  {
    id: 'apiHost',
    variable: 'DECNET_API_HOST',
    example: '127.0.0.1',
    ini: { section: 'api', key: 'host' },
    default: `\`${DEFAULT_API_HOST}\``,
    allowed: 'IPv4 or IPv6 address, or host name',
    description:
      'Address the REST API and dashboard listen on. Keep it on loopback, or behind a reverse proxy: ' +
      'binding it to a decky-facing network exposes the analyst interface to attackers.',
  },
  {
    id: 'apiPort',
    variable: 'DECNET_API_PORT',
    example: '8000',
    ini: { section: 'api', key: 'port' },
    default: `\`${SETTING_LIMITS.apiPort.default}\``,
    allowed: range('apiPort'),
    description: 'TCP port of the REST API and dashboard.',
  },
  {
    id: 'apiTokenTtlS',
    variable: 'DECNET_API_TOKEN_TTL',
    example: '28800',
    ini: { section: 'api', key: 'token_ttl' },
    default: `\`${SETTING_LIMITS.apiTokenTtlS.default}\``,
    allowed: range('apiTokenTtlS'),
    description:
      'Lifetime of an API access token, in seconds. A user logs in again after it; logging out, a password ' +
      'change or a role change revokes a token sooner.',
  },
  {
    id: 'apiCorsOrigins',
    variable: 'DECNET_API_CORS_ORIGINS',
    example: 'https://soc.example.org',
    ini: { section: 'api', key: 'cors_origins' },
    default: 'none (cross-origin requests are refused)',
    allowed: 'comma-separated `http://` or `https://` origins, without paths',
    description:
      "Browser origins allowed to call the API from another site. The dashboard is served on the API's own " +
      'origin and needs none; leave it empty unless an integration runs in a browser elsewhere.',
  },
  {
    id: 'adminUser',
    variable: 'DECNET_ADMIN_USER',
    example: 'admin',
    ini: { section: 'api', key: 'admin_user' },
    default: `\`${DEFAULT_ADMIN_USER}\``,
    allowed: '1–64 characters of `A-Z a-z 0-9 . _ @ -`',
    description:
      'Name of the first administrator, created when the database has no user yet. Its password is ' +
      '`DECNET_ADMIN_PASSWORD`, or a generated one printed once on the terminal; either way it must be ' +
      'changed at the first login.',
  },
  {
    id: null,
    variable: 'DECNET_ADMIN_PASSWORD',
    example: null,
    ini: null,
    default: 'generated and printed once',
    allowed: 'at least 8 characters; environment only, never in a file',
    description:
      'Password of the first administrator (see `DECNET_ADMIN_USER`). Read only when the database has no ' +
      'user yet, and never logged.',
  },
  {
    id: null,
    variable: 'DECNET_JWT_SECRET',
    example: null,
    ini: null,
    default: '32 random bytes kept in `<home>/keys/api-jwt.key` (mode 0600)',
    allowed: 'at least 32 characters; environment only',
    description:
      'Key that signs API tokens (HS256). Set it when several API processes on different homes must accept ' +
      "each other's tokens; changing it logs everyone out.",
  },
  {
    id: 'batchSize',
    variable: 'DECNET_BATCH_SIZE',
    example: '8000',
    ini: { section: 'ingest', key: 'batch_size' },
    default: `\`${SETTING_LIMITS.batchSize.default}\``,
    allowed: range('batchSize'),
    description:
      'Most spooled log lines the ingester writes to the database in one transaction. Larger batches ' +
      'ingest faster; smaller ones make events visible sooner under heavy load.',
  },
  {
    id: 'batchMaxWaitMs',
    variable: 'DECNET_BATCH_MAX_WAIT_MS',
    example: '200',
    ini: { section: 'ingest', key: 'batch_max_wait_ms' },
    default: `\`${SETTING_LIMITS.batchMaxWaitMs.default}\``,
    allowed: range('batchMaxWaitMs'),
    description:
      'Longest time, in milliseconds, the ingester holds an incomplete batch before writing it: the ' +
      'worst-case delay between an attacker’s action and its appearance in the database.',
  },
  {
    id: 'spoolSegmentBytes',
    variable: 'DECNET_SPOOL_SEGMENT_BYTES',
    example: '64MiB',
    ini: { section: 'spool', key: 'segment_bytes' },
    default: '`64MiB`',
    allowed: 'bytes, 1 MiB–1 GiB; a `K`/`KiB`, `M`/`MiB` or `G`/`GiB` suffix (all ×1024) is accepted',
    description:
      'Size at which the event spool starts a new segment file. Segments are the unit of ingestion ' +
      'bookkeeping and of retention.',
  },
  {
    id: 'spoolFsyncMs',
    variable: 'DECNET_SPOOL_FSYNC_MS',
    example: '50',
    ini: { section: 'spool', key: 'fsync_ms' },
    default: `\`${SETTING_LIMITS.spoolFsyncMs.default}\``,
    allowed: range('spoolFsyncMs'),
    description:
      'Longest time, in milliseconds, an appended event waits for the fsync that makes it survive a crash ' +
      'or power loss. `0` syncs after every append (safest, slowest).',
  },
  {
    id: 'spoolKeepSegments',
    variable: 'DECNET_SPOOL_KEEP_SEGMENTS',
    example: '8',
    ini: { section: 'spool', key: 'keep_segments' },
    default: `\`${SETTING_LIMITS.spoolKeepSegments.default}\``,
    allowed: range('spoolKeepSegments'),
    description:
      'Fully ingested spool segments kept on disk, newest first, as a raw forensic record of what the ' +
      'services logged. `0` deletes each segment once ingested.',
  },
];

function range(id: keyof typeof SETTING_LIMITS): string {
  const limits = SETTING_LIMITS[id];
  return `integer ${limits.min}–${limits.max}`;
}

/** All definitions, in documentation order. */
export function settingDefinitions(): readonly SettingDefinition[] {
  return DEFINITIONS;
}

export function definitionOf(id: SettingId): SettingDefinition {
  return DEFINITIONS.find((d) => d.id === id)!;
}

/** Host config sections and keys, each to the setting it sets. */
export function hostConfigKeys(): ReadonlyMap<string, ReadonlyMap<string, SettingId>> {
  const sections = new Map<string, Map<string, SettingId>>();
  for (const d of DEFINITIONS) {
    if (!d.ini || !d.id) continue;
    const keys = sections.get(d.ini.section) ?? new Map<string, SettingId>();
    sections.set(d.ini.section, keys);
    keys.set(d.ini.key, d.id);
  }
  return sections;
}
