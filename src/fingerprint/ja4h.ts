/**
 * JA4H, the HTTP client fingerprint, in two forms:
 *
 * - FoxIO's (github.com/FoxIO-LLC/ja4, technical_details/JA4H.md, reference implementations
 *   rust/ja4/src/http.rs and python/ja4h.py; FoxIO License 1.1): `a_b_c_d` with a = method (2, lower),
 *   version, cookie c/n, referer r/n, header count, language (4); b = sha256/12 of the header names in
 *   wire order and original case, Cookie, Referer and HTTP/2 pseudo-headers excluded; c = sha256/12 of the
 *   sorted cookie names; d = sha256/12 of the sorted `name=value` cookies.
 * - DECNET's legacy form (spec §4.4, `syslog_bridge._compute_ja4h`), which the TTP lifter matches on and
 *   which stays the `ja4h` field; FoxIO's is carried beside it.
 */
import { createHash } from 'node:crypto';

export type HttpVersion = '1.0' | '1.1' | '2' | '3';

export interface HttpRequestHead {
  method: string;
  version: HttpVersion;
  /** [name, value] in wire order, names as sent (HTTP/2 pseudo-headers included, if any). */
  headers: readonly (readonly [string, string])[];
}

const ZERO_HASH = '000000000000';
/** Both forms cap the header count at two digits. */
const MAX_HEADER_COUNT = 99;
const LANGUAGE_CHARS = 4;

function sha12(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}

function twoDigits(n: number): string {
  return String(Math.min(n, MAX_HEADER_COUNT)).padStart(2, '0');
}

function headerValues(head: HttpRequestHead, name: string): string[] {
  return head.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

/** Byte-wise order of UTF-8, as Rust's `sort_unstable` on `String` gives. */
function byteOrder(x: string, y: string): number {
  return Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'));
}

/**
 * Cookie crumbs: every Cookie header (HTTP/2 may split one into several, RFC 9113 §8.2.3) split on `;`
 * and trimmed, empty crumbs dropped.
 */
function cookieCrumbs(head: HttpRequestHead): string[] {
  return headerValues(head, 'cookie')
    .flatMap((v) => v.split(';'))
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

const FOXIO_VERSIONS: Record<HttpVersion, string> = { '1.0': '10', '1.1': '11', '2': '20', '3': '30' };

/**
 * FoxIO's language field: the first language tag, `-` removed, lower-cased, first 4 characters, padded
 * with `0`. A `;q=` suffix ends the tag, as in python/ja4h.py.
 */
function foxioLanguage(head: HttpRequestHead): string {
  const value = headerValues(head, 'accept-language')[0];
  if (value === undefined) return '0000';
  const tag = value.trimStart().replaceAll('-', '').toLowerCase().split(/[,;]/)[0] ?? '';
  return tag.slice(0, LANGUAGE_CHARS).padEnd(LANGUAGE_CHARS, '0');
}

export interface Ja4hFoxio {
  ja4h: string;
  /** JA4H_r: the same with the lists printed instead of hashed. */
  raw: string;
}

/** FoxIO JA4H of one request, e.g. `ge11cr13enus_88d2d584d47f_0f2659b474bf_161698816dab`. */
export function ja4hFoxioOf(head: HttpRequestHead): Ja4hFoxio {
  const method = head.method.toLowerCase().slice(0, 2).padEnd(2, '0');
  const lower = head.headers.map(([n]) => n.toLowerCase());
  const cookie = lower.includes('cookie') ? 'c' : 'n';
  const referer = lower.includes('referer') ? 'r' : 'n';
  const names = head.headers
    .map(([n]) => n)
    .filter((n) => {
      const l = n.toLowerCase();
      return n !== '' && !n.startsWith(':') && l !== 'cookie' && l !== 'referer';
    });
  const a = `${method}${FOXIO_VERSIONS[head.version]}${cookie}${referer}${twoDigits(names.length)}${foxioLanguage(head)}`;
  // rust/ja4/src/http.rs sorts the whole `name=value` crumbs, then takes the names from them.
  const crumbs = cookieCrumbs(head).sort(byteOrder);
  const cookieNames = crumbs.map((c) => c.split('=')[0] ?? '').join(',');
  const cookieItems = crumbs.join(',');
  const headerList = names.join(',');
  const hash = (text: string) => (text === '' ? ZERO_HASH : sha12(text));
  return {
    ja4h: `${a}_${hash(headerList)}_${hash(cookieNames)}_${hash(cookieItems)}`,
    raw: `${a}_${headerList}_${cookieNames}_${cookieItems}`,
  };
}

const DECNET_VERSIONS: Record<HttpVersion, string> = { '1.0': '11', '1.1': '11', '2': '20', '3': '30' };

/** DECNET's JA4H (spec §4.4), e.g. `GE11nn0000_03_042112399351_000000000000`. */
export function ja4hDecnetOf(head: HttpRequestHead): string {
  const method = head.method === '' ? 'UN' : head.method.slice(0, 2).toUpperCase();
  const names = head.headers.map(([n]) => n.trim().toLowerCase());
  const cookie = names.includes('cookie') ? 'c' : 'n';
  const referer = names.includes('referer') ? 'r' : 'n';
  const language = (headerValues(head, 'accept-language')[0]?.trim() ?? '')
    .slice(0, LANGUAGE_CHARS)
    .padEnd(LANGUAGE_CHARS, '0');
  const filtered = names.filter((n) => n !== 'cookie' && n !== 'referer');
  const cookieValues = headerValues(head, 'cookie');
  const cookieHash =
    cookieValues.length === 0
      ? ZERO_HASH
      : sha12(
          cookieValues
            .join(';')
            .split(';')
            .map((c) => c.trim())
            .filter((c) => c.includes('='))
            .sort()
            .join(';'),
        );
  return `${method}${DECNET_VERSIONS[head.version]}${cookie}${referer}${language}_${twoDigits(filtered.length)}_${sha12(filtered.join(','))}_${cookieHash}`;
}
