/** What the download programs share: URL parsing as they parse it, and a stable address for a host name. */
import { createHash } from 'node:crypto';
import type { CommandContext } from '../../command.js';
import type { FileStat } from '../../filesystem.js';

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  path: string;
  /** The URL as the tool prints it back (scheme added, default path). */
  full: string;
  userinfo: string | null;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21, tftp: 69 };

/** Parses a URL as wget/curl do: a missing scheme means http. */
export function parseUrl(input: string, defaultScheme = 'http'): ParsedUrl | null {
  const m =
    /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(?:([^@/]*)@)?(\[[^\]]+\]|[^:/?#]*)(?::(\d*))?([/?#].*)?$/.exec(
      input.trim(),
    );
  if (!m) return null;
  const scheme = (m[1] ?? defaultScheme).toLowerCase();
  const host = m[3] ?? '';
  if (host === '') return null;
  const port = m[4] ? Number(m[4]) : (DEFAULT_PORTS[scheme] ?? 80);
  const path = m[5] ?? '/';
  const portText = m[4] ? `:${m[4]}` : '';
  return {
    scheme,
    host,
    port,
    path: path.startsWith('/') ? path : `/${path}`,
    full: `${scheme}://${m[2] ? `${m[2]}@` : ''}${host}${portText}${path.startsWith('/') ? path : `/${path}`}`,
    userinfo: m[2] ?? null,
  };
}

export function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/** An address for a name the decky "resolved" (the host does not say which; this one stays the same per name). */
export function addressFor(host: string): string {
  if (isIpAddress(host)) return host.replace(/^\[|\]$/g, '');
  const d = createHash('sha256').update(host).digest();
  return `${104 + (d[0]! % 80)}.${d[1]}.${d[2]}.${1 + (d[3]! % 253)}`;
}

/** The file name a download is saved under: the URL's last path segment, index.html for a bare path. */
export function remoteName(url: ParsedUrl): string {
  const path = url.path.split(/[?#]/)[0] ?? '/';
  const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  return name === '' ? 'index.html' : name;
}

/** wget never overwrites: x, then x.1, x.2 … */
export function freshName(ctx: CommandContext, dir: string, name: string): string {
  const exists = (n: string): FileStat | null => {
    try {
      return ctx.fs.lstat(`${dir === '/' ? '' : dir}/${n}`);
    } catch {
      return null;
    }
  };
  if (!exists(name)) return name;
  for (let i = 1; i < 1000; i++) if (!exists(`${name}.${i}`)) return `${name}.${i}`;
  return name;
}

/** Quotes as wget prints names: curly quotes in a UTF-8 locale, straight ones otherwise. */
export function localeQuote(ctx: CommandContext, text: string): string {
  const lang = (
    ctx.env.get('LC_ALL') ||
    ctx.env.get('LC_MESSAGES') ||
    ctx.env.get('LANG') ||
    ''
  ).toUpperCase();
  return lang.includes('UTF-8') || lang.includes('UTF8') ? `‘${text}’` : `'${text}'`;
}
