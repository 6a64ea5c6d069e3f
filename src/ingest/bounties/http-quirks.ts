import { createHash } from 'node:crypto';
import { memoizeByObject } from '../../runtime/memo.js';
import { type ExtractionContext, fingerprint, isHttpService } from './context.js';
import type { HttpHeader } from './headers.js';
import { QUIRKS_HASH_HEX_CHARS } from './limits.js';
import type { Bounty } from './types.js';

/**
 * `http_quirks` (spec §1.7): what a client's header order and name casing say about the software that
 * built the request, independent of what its User-Agent claims.
 */

/** Headers that vary per request or are set by intermediaries: left out so the fingerprint stays stable. */
export const VOLATILE_HEADERS: ReadonlySet<string> = new Set([
  'content-length',
  'cookie',
  'authorization',
  'x-forwarded-for',
  'forwarded',
  'x-real-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-request-id',
  'x-correlation-id',
  'x-amzn-trace-id',
]);

export type HeaderCasing = 'upper' | 'lower' | 'title' | 'mixed' | 'empty';

/** Lower-cased stable header names each tool sends first, in order; the first signature that prefixes wins. */
export const TOOL_HEADER_SIGNATURES: ReadonlyArray<readonly [tool: string, names: readonly string[]]> = [
  ['curl', ['host', 'user-agent', 'accept']],
  ['python-requests', ['host', 'user-agent', 'accept-encoding', 'accept', 'connection']],
  ['go-http-client', ['host', 'user-agent', 'accept-encoding']],
  ['nmap-nse', ['host', 'user-agent']],
];

const TITLE_TOKEN = /^[A-Z][^A-Z]*$/;

/**
 * A header name's casing. `title`: every dash-separated token is one upper-case letter followed by no
 * upper-case letters (`X-Api-Key`, `Content-Type`); `lower`/`upper`: letters of one case only (checked
 * first, so `DNT` and `X-ID` are upper); names that are none of these (including `Content-type` and
 * letterless names) are `mixed`; the empty name is `empty`.
 */
export function headerCasing(name: string): HeaderCasing {
  if (name === '') return 'empty';
  const hasUpper = /[A-Z]/.test(name);
  const hasLower = /[a-z]/.test(name);
  if (hasLower && !hasUpper) return 'lower';
  if (hasUpper && !hasLower) return 'upper';
  if (name.split('-').every((token) => TITLE_TOKEN.test(token))) return 'title';
  return 'mixed';
}

export function toolGuess(names: readonly string[]): string | null {
  for (const [tool, signature] of TOOL_HEADER_SIGNATURES) {
    if (signature.length <= names.length && signature.every((name, i) => names[i] === name)) return tool;
  }
  return null;
}

function shortHash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, QUIRKS_HASH_HEX_CHARS);
}

/** A type, not an interface, so that it is a payload's field record as it stands. */
export type HttpQuirks = {
  order_hash: string;
  order: string[];
  casing_hash: string;
  /** The one casing all stable headers share, `mixed` if they differ, `empty` if there are none. */
  casing_category: HeaderCasing;
  stable_count: number;
  tool_guess: string | null;
};

export function httpQuirks(headers: readonly HttpHeader[]): HttpQuirks {
  const stable = headers.filter((header) => !VOLATILE_HEADERS.has(header.name.toLowerCase()));
  const order = stable.map((header) => header.name.toLowerCase());
  const casings = stable.map((header) => headerCasing(header.name));
  const first = casings[0];
  const casingCategory: HeaderCasing =
    first === undefined ? 'empty' : casings.every((casing) => casing === first) ? first : 'mixed';
  // In key order (see fingerprint).
  return {
    casing_category: casingCategory,
    casing_hash: shortHash(casings),
    order,
    order_hash: shortHash(order),
    stable_count: stable.length,
    tool_guess: toolGuess(order),
  };
}

/** Header sets come from a memoised parse, so one header set is analysed once. */
const httpQuirksOnce = memoizeByObject(httpQuirks);

/** `http_quirks` for every HTTP(S) record with at least one header. */
export function httpQuirksBounties(ctx: ExtractionContext): Bounty[] {
  if (ctx.headers === null || ctx.headers.length === 0 || !isHttpService(ctx.record)) return [];
  return [fingerprint('http_quirks', ctx.attackerIp, httpQuirksOnce(ctx.headers))];
}
