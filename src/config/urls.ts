/**
 * Database and bus URLs: parsing into tagged unions, and redaction. A URL may carry a password or a
 * token; nothing in this module ever puts one into an error message, and the parsed values print
 * (toString, JSON, util.inspect) with the secret replaced by `***`.
 */

import { isAbsolute, join, normalize, resolve } from 'node:path';
import { inspect } from 'node:util';
import { quote } from './errors.js';

/** Where state lives: one SQLite file, or a PostgreSQL server. */
export type DbTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** How processes exchange bus events: in this process only, or through NATS JetStream servers. */
export type BusTarget = { kind: 'memory' } | { kind: 'nats'; servers: string[]; tls: boolean };

export type UrlParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
/** Query parameters that hold secrets in libpq and NATS URLs. */
const SECRET_PARAM = /([?&;\s]|^)(password|passwd|pass|pwd|token|secret|sslpassword|nkey|jwt)=[^&#;\s]*/gi;
const TOKEN_SCHEMES = new Set(['nats', 'tls', 'ws', 'wss']);

/**
 * Returns `url` with every secret replaced by `***`: the password of `user:password@`, a bare NATS
 * token (`nats://token@host`), and `password=`/`token=`-style query parameters. Works on malformed
 * input too (it never throws), erring towards hiding more rather than less.
 */
export function redactUrl(url: string): string {
  let out = url.replace(SECRET_PARAM, (_m, lead: string, name: string) => `${lead}${name}=***`);
  const scheme = SCHEME.exec(out);
  const authorityStart = out.indexOf('://');
  if (!scheme || authorityStart !== scheme[0].length - 1) return out;
  const start = authorityStart + 3;
  // The last "@" ends the user info even when a password holds an unencoded "@" or "/".
  const at = out.lastIndexOf('@');
  if (at < start) return out;
  const userInfo = out.slice(start, at);
  const colon = userInfo.indexOf(':');
  const shown =
    colon >= 0
      ? `${userInfo.slice(0, colon)}:***`
      : TOKEN_SCHEMES.has(scheme[1]!.toLowerCase())
        ? '***'
        : userInfo;
  out = out.slice(0, start) + shown + out.slice(at);
  return out;
}

/**
 * Makes a parsed target print redacted: `String()` gives `shown`, while `JSON.stringify` and
 * `util.inspect` (console.log, pino) see `safe`, a copy of the same shape with secrets replaced. The
 * added members are not enumerable, so the value still compares and spreads as plain data.
 */
function redacting<T extends object>(value: T, shown: string, safe: T): T {
  Object.defineProperty(value, 'toString', { value: () => shown, enumerable: false });
  Object.defineProperty(value, 'toJSON', { value: () => safe, enumerable: false });
  Object.defineProperty(value, inspect.custom, {
    value: (_depth: number, options: object) => inspect(safe, options),
    enumerable: false,
  });
  return value;
}

/** How a target is shown to people: the SQLite file, or the URL with secrets redacted. */
export function describeDbTarget(target: DbTarget): string {
  return target.kind === 'sqlite' ? `sqlite://${target.file}` : redactUrl(target.url);
}

export function describeBusTarget(target: BusTarget): string {
  return target.kind === 'memory' ? 'memory://' : target.servers.map(redactUrl).join(',');
}

export interface DbUrlContext {
  /** DECNET_HOME, absolute: relative SQLite paths are resolved against it. */
  home: string;
  /** The user's home directory, for `~/`. */
  homedir: string;
}

/**
 * Parses DECNET_DB_URL.
 * - `sqlite:///abs/path.db` → that file; `sqlite://rel/path.db` and a bare `rel/path.db` → relative to
 *   DECNET_HOME (not the working directory, so every DECNET process of one installation, wherever it
 *   was started, opens the same file); a bare `/abs/path.db` or `~/path.db` as written.
 * - `postgres://` and `postgresql://` URLs, kept as given for the driver.
 * - In-memory SQLite (`:memory:`, `file::memory:`, `mode=memory`) is refused: state must persist.
 */
export function parseDbUrl(raw: string, context: DbUrlContext): UrlParseResult<DbTarget> {
  const text = raw.trim();
  const fail = (reason: string): UrlParseResult<DbTarget> => ({ ok: false, reason });
  if (text === '') return fail('empty');
  if (text.includes('\u0000')) return fail('contains a NUL character');
  if (/:memory:|mode=memory/i.test(text)) {
    return fail(
      'an in-memory database is not allowed: DECNET state must survive a restart; give a file path',
    );
  }
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(text);

  let path: string;
  if (scheme === 'sqlite') {
    const rest = text.slice('sqlite:'.length);
    if (!rest.startsWith('//'))
      return fail('expected sqlite:///absolute/path.db or sqlite://relative/path.db');
    path = rest.slice(2);
    if (/[?#]/.test(path)) return fail('query strings and fragments are not supported in sqlite:// URLs');
  } else if (scheme !== undefined && text.includes('://')) {
    return fail(
      `unsupported scheme ${quote(scheme)}; use sqlite://, postgres://, postgresql:// or a file path`,
    );
  } else {
    path = text;
  }
  if (path === '') return fail('no file path; e.g. sqlite:///var/lib/decnet/decnet.db');
  if (path.endsWith('/')) return fail('names a directory; give the database file, e.g. …/decnet.db');
  const expanded = path === '~' || path.startsWith('~/') ? join(context.homedir, path.slice(1)) : path;
  const file = isAbsolute(expanded) ? normalize(expanded) : resolve(context.home, expanded);
  return { ok: true, value: { kind: 'sqlite', file } };
}

function parsePostgres(text: string): UrlParseResult<DbTarget> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      reason:
        'not a valid URL; expected postgres://user:password@host:5432/database (percent-encode "@", "/" and ":" in the password)',
    };
  }
  if (url.hostname === '') {
    return { ok: false, reason: 'no host; expected postgres://user:password@host:5432/database' };
  }
  const shown = redactUrl(text);
  const value: DbTarget = { kind: 'postgres', url: text };
  return { ok: true, value: redacting(value, shown, { kind: 'postgres', url: shown }) };
}

const NATS_DEFAULT_PORT = 4222;

/**
 * Parses DECNET_BUS_URL: `memory://` (one process), or one or more comma-separated NATS servers,
 * `nats://host:port` or `tls://host:port` (port 4222 when omitted).
 */
export function parseBusUrl(raw: string): UrlParseResult<BusTarget> {
  const text = raw.trim();
  const fail = (reason: string): UrlParseResult<BusTarget> => ({ ok: false, reason });
  if (text === '') return fail('empty');
  if (/^memory:(\/\/)?$/i.test(text)) return { ok: true, value: { kind: 'memory' } };
  const servers: string[] = [];
  let tls = false;
  for (const item of text.split(',').map((s) => s.trim())) {
    if (item === '') return fail('empty server in the list');
    const scheme = SCHEME.exec(item)?.[1]?.toLowerCase();
    if (scheme === 'memory') return fail('memory:// cannot be combined with NATS servers');
    if (scheme !== 'nats' && scheme !== 'tls') {
      return fail(
        'expected memory:// or nats://host:port (tls://host:port for TLS), comma-separated for a cluster',
      );
    }
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      return fail(`${quote(redactUrl(item))} is not a valid URL`);
    }
    if (url.hostname === '') return fail(`${quote(redactUrl(item))} has no host`);
    if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
      return fail(`${quote(redactUrl(item))}: a NATS server URL has no path, query or fragment`);
    }
    const port = url.port === '' ? NATS_DEFAULT_PORT : Number(url.port);
    if (port === 0) return fail(`${quote(redactUrl(item))}: port 0 is not a server port`);
    tls ||= scheme === 'tls';
    servers.push(item);
  }
  const shown = servers.map(redactUrl);
  const value: BusTarget = { kind: 'nats', servers, tls };
  return { ok: true, value: redacting(value, shown.join(','), { kind: 'nats', servers: shown, tls }) };
}
