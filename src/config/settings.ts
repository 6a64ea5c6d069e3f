/**
 * The runtime settings of an installation: where its files live, which database and bus it uses, how
 * it logs, where the API listens and how ingestion batches. Read once at startup from environment
 * variables and an optional host config file (environment wins), validated once, then frozen.
 *
 * Every bad value fails startup with a {@link ConfigError} naming its source and what is accepted:
 * `DECNET_API_PORT="80x": expected an integer 1–65535`, or
 * `/etc/decnet/decnet.ini:7: [api] port: "80x": expected an integer 1–65535`.
 * An empty value (`DECNET_API_PORT=`) counts as unset. Passwords in URLs never appear in messages.
 */
import { isIP } from 'node:net';
import { homedir as osHomedir } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError, IniError, quote } from './errors.js';
import { chooseHostConfig, type HostConfig, readHostConfig } from './host-config.js';
import { isHostName } from './hostname.js';
import { parseDecimalInt } from './numbers.js';
import { defaultDbFile } from './paths.js';
import {
  CONFIG_VARIABLE,
  DEFAULT_ADMIN_USER,
  DEFAULT_API_HOST,
  DEFAULT_BUS_NAMESPACE,
  DEFAULT_BUS_URL,
  DEFAULT_HOME,
  DEFAULT_LOG_LEVEL,
  definitionOf,
  LOG_LEVELS,
  type LogLevel,
  SETTING_IDS,
  SETTING_LIMITS,
  type SettingId,
  SYSTEM_CONFIG_FILE,
} from './settings-catalogue.js';
import {
  type BusTarget,
  type DbTarget,
  parseBusUrl,
  parseDbUrl,
  redactUrl,
  type UrlParseResult,
} from './urls.js';

export { type InstallationPaths, paths } from './paths.js';
export { LOG_LEVELS, type LogLevel, type SettingId } from './settings-catalogue.js';
export { describeSettings, renderSettingsDocs, type SettingDescription } from './settings-docs.js';
export { type BusTarget, type DbTarget, describeBusTarget, describeDbTarget, redactUrl } from './urls.js';

export interface Settings {
  /** DECNET_HOME, absolute. */
  home: string;
  dbUrl: DbTarget;
  busUrl: BusTarget;
  /** Prefix of NATS subjects and name of the JetStream stream. */
  busNamespace: string;
  logLevel: LogLevel;
  api: { host: string; port: number; tokenTtlS: number; corsOrigins: string[]; adminUser: string };
  ingest: { batchSize: number; batchMaxWaitMs: number };
  spool: { segmentBytes: number; fsyncMs: number; keepSegments: number };
  /** The host config file that was read, or null when none was. */
  configFile: string | null;
  /** Where each setting's value came from, for `decnet config` style listings. */
  sources: Readonly<Record<SettingId, SettingSource>>;
}

export type SettingSource =
  | { from: 'default' }
  | { from: 'env'; variable: string }
  | { from: 'file'; file: string; line: number; section: string; key: string };

export interface LoadSettingsOptions {
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Base of a relative DECNET_HOME or DECNET_CONFIG; defaults to `process.cwd()`. */
  cwd?: string;
  /** Expansion of `~`; defaults to `os.homedir()`. */
  homedir?: string;
  /** The system-wide host config file; defaults to `/etc/decnet/decnet.ini`. */
  systemConfigFile?: string;
}

/** Reads, validates and freezes the settings. Throws {@link ConfigError}. */
export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const homedir = options.homedir ?? osHomedir();
  const read = (variable: string): string | undefined => {
    const value = env[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const configVariable = read(CONFIG_VARIABLE);
  const explicit = configVariable === undefined ? undefined : resolvePath(configVariable, cwd, homedir);
  const lookupHome = resolvePath(read(definitionOf('home').variable) ?? DEFAULT_HOME, cwd, homedir);
  const choice = chooseHostConfig(explicit, lookupHome, options.systemConfigFile ?? SYSTEM_CONFIG_FILE);
  let host: HostConfig | null = null;
  if (choice) {
    try {
      host = readHostConfig(choice);
    } catch (err) {
      // A file DECNET_CONFIG names but that cannot be read is the variable's fault: say so.
      if (err instanceof IniError && err.line === 0 && choice.why === 'variable') {
        throw new ConfigError(`${CONFIG_VARIABLE}=${quote(configVariable!)}: ${err.reason}`, { cause: err });
      }
      throw err;
    }
  }

  const raw = {} as Record<SettingId, string | undefined>;
  const sources = {} as Record<SettingId, SettingSource>;
  for (const id of SETTING_IDS) {
    const variable = definitionOf(id).variable;
    const fromEnv = read(variable);
    const fromFile = host?.values.get(id);
    if (fromEnv !== undefined) {
      raw[id] = fromEnv;
      sources[id] = { from: 'env', variable };
    } else if (fromFile && fromFile.value !== '') {
      raw[id] = fromFile.value;
      const { file, line, section, key } = fromFile;
      sources[id] = { from: 'file', file, line, section, key };
    } else {
      sources[id] = { from: 'default' };
    }
  }

  const home = resolvePath(raw.home ?? DEFAULT_HOME, cwd, homedir);
  const settings = parseSettings({ home, homedir }, raw, sources);
  return deepFreeze({ ...settings, configFile: choice?.file ?? null, sources });
}

/** `~` and `~/x` expand to the user's home; other relative paths resolve against `base`. */
function resolvePath(path: string, base: string, homedir: string): string {
  if (path === '~' || path.startsWith('~/')) return resolve(homedir, path.slice(2));
  return resolve(base, path);
}

// ─── Validation ──────────────────────────────────────────────────────────────────────────────────
// Plain functions rather than a schema library: every command validates the settings first thing, and
// loading zod took about 45 ms of each command's start-up, more than all of this.

/**
 * A setting's value read from its text (undefined when it is not set), or why the text will not do:
 * the shape the URL parsers return, so theirs pass through as they are.
 */
type Parsed<T> = UrlParseResult<T>;
type Parser<T> = (value: string | undefined) => Parsed<T>;
type ParsedValue<P> = P extends Parser<infer T> ? T : never;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

function integer(id: keyof typeof SETTING_LIMITS): Parser<number> {
  const { min, max, default: fallback } = SETTING_LIMITS[id];
  return (value) => {
    if (value === undefined) return ok(fallback);
    const n = parseDecimalInt(value);
    return n === null || n < min || n > max ? bad(`expected an integer ${min}–${max}`) : ok(n);
  };
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

function byteSize(id: 'spoolSegmentBytes'): Parser<number> {
  const { min, max, default: fallback } = SETTING_LIMITS[id];
  return (value) => {
    if (value === undefined) return ok(fallback);
    const match = /^([0-9]+)\s*([a-z]*)$/i.exec(value);
    const unit = match ? BYTE_UNITS[match[2]!.toLowerCase()] : undefined;
    const count = match ? parseDecimalInt(match[1]!) : null;
    const bytes = unit !== undefined && count !== null ? count * unit : null;
    if (bytes === null || bytes < min || bytes > max) {
      return bad('expected a size 1MiB–1GiB: bytes, or a number with K/KiB, M/MiB or G/GiB');
    }
    return ok(bytes);
  };
}

/** Each setting's parser, in the order problems are reported. */
function settingParsers(context: { home: string; homedir: string }) {
  const { home, homedir } = context;
  return {
    home: () => (home.includes('\u0000') ? bad('contains a NUL character') : ok(home)),
    dbUrl: (value): Parsed<DbTarget> =>
      value === undefined
        ? ok({ kind: 'sqlite', file: defaultDbFile(home) })
        : parseDbUrl(value, { home, homedir }),
    busUrl: (value): Parsed<BusTarget> => parseBusUrl(value ?? DEFAULT_BUS_URL),
    busNamespace: (value) => {
      if (value === undefined) return ok(DEFAULT_BUS_NAMESPACE);
      return /^[A-Za-z0-9_-]{1,64}$/.test(value)
        ? ok(value)
        : bad('expected 1-64 characters of A-Z a-z 0-9 _ -');
    },
    logLevel: (value): Parsed<LogLevel> => {
      if (value === undefined) return ok(DEFAULT_LOG_LEVEL);
      const level = value.toLowerCase();
      if ((LOG_LEVELS as readonly string[]).includes(level)) return ok(level as LogLevel);
      return bad(`expected one of ${LOG_LEVELS.join(', ')}`);
    },
    apiHost: (value) => {
      if (value === undefined) return ok(DEFAULT_API_HOST);
      const host = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
      if (isIP(host) !== 0 || isHostName(host)) return ok(host);
      return bad('expected an IPv4 or IPv6 address or a host name');
    },
    apiPort: integer('apiPort'),
    apiTokenTtlS: integer('apiTokenTtlS'),
    apiCorsOrigins: (value) => {
      const origins = (value ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== '');
      if (!origins.every(isOrigin)) return bad('expected comma-separated http(s)://host[:port] origins');
      return ok(origins);
    },
    adminUser: (value) => {
      if (value === undefined) return ok(DEFAULT_ADMIN_USER);
      return /^[A-Za-z0-9._@-]{1,64}$/.test(value)
        ? ok(value)
        : bad('expected 1-64 characters of A-Z a-z 0-9 . _ @ -');
    },
    batchSize: integer('batchSize'),
    batchMaxWaitMs: integer('batchMaxWaitMs'),
    spoolSegmentBytes: byteSize('spoolSegmentBytes'),
    spoolFsyncMs: integer('spoolFsyncMs'),
    spoolKeepSegments: integer('spoolKeepSegments'),
  } satisfies Record<SettingId, Parser<unknown>>;
}

type SettingValues = { [K in SettingId]: ParsedValue<ReturnType<typeof settingParsers>[K]> };

/** The settings as read, or every problem with them, each naming the setting and where its value came from. */
function parseSettings(
  context: { home: string; homedir: string },
  raw: Record<SettingId, string | undefined>,
  sources: Record<SettingId, SettingSource>,
): Omit<Settings, 'configFile' | 'sources'> {
  const parsers: Record<SettingId, Parser<unknown>> = settingParsers(context);
  const values: Partial<Record<SettingId, unknown>> = {};
  const problems: string[] = [];
  for (const id of Object.keys(parsers) as SettingId[]) {
    const result = parsers[id](raw[id]);
    if (result.ok) values[id] = result.value;
    else problems.push(describeProblem(id, result.reason, raw, sources));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const s = values as SettingValues;
  return {
    home: s.home,
    dbUrl: s.dbUrl,
    busUrl: s.busUrl,
    busNamespace: s.busNamespace,
    logLevel: s.logLevel,
    api: {
      host: s.apiHost,
      port: s.apiPort,
      tokenTtlS: s.apiTokenTtlS,
      corsOrigins: s.apiCorsOrigins,
      adminUser: s.adminUser,
    },
    ingest: { batchSize: s.batchSize, batchMaxWaitMs: s.batchMaxWaitMs },
    spool: {
      segmentBytes: s.spoolSegmentBytes,
      fsyncMs: s.spoolFsyncMs,
      keepSegments: s.spoolKeepSegments,
    },
  };
}

/** A browser origin: scheme, host and optional port, nothing else (the form `Origin` headers take). */
function isOrigin(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
}

/** Values that may carry a password or token, shown redacted. */
const SECRET_BEARING: ReadonlySet<SettingId> = new Set(['dbUrl', 'busUrl']);

function describeProblem(
  id: SettingId,
  reason: string,
  raw: Record<SettingId, string | undefined>,
  sources: Record<SettingId, SettingSource>,
): string {
  const definition = definitionOf(id);
  const value = raw[id];
  const shown = value === undefined ? '' : SECRET_BEARING.has(id) ? redactUrl(value) : value;
  const source = sources[id];
  switch (source.from) {
    case 'env':
      return `${source.variable}=${quote(shown)}: ${reason}`;
    case 'file':
      return `${source.file}:${source.line}: [${source.section}] ${source.key}: ${quote(shown)}: ${reason}`;
    case 'default':
      return `${definition.variable} (not set; default ${definition.default}): ${reason}`;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
