/**
 * How an HTTP/1.1 connection becomes HTTP/2 in clear text: its first bytes are the HTTP/2 connection
 * preface (prior knowledge, RFC 9113 §3.3), or a request asks to upgrade (RFC 7540 §3.2; dropped from
 * RFC 9113 but still spoken by curl --http2 and Apache's mod_http2).
 */
import { HTTP2_PREFACE } from '../../../fingerprint/http2.js';
import type { HttpHeader, ParsedRequest } from '../parser.js';
import { parseHttp2SettingsHeader, type Setting } from './settings.js';

export { HTTP2_PREFACE };

/** Whether `bytes` are the preface (and maybe more), could still become it, or are something else. */
export function matchPreface(bytes: Buffer): 'preface' | 'partial' | 'other' {
  const n = Math.min(bytes.length, HTTP2_PREFACE.length);
  if (!bytes.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n))) return 'other';
  return n === HTTP2_PREFACE.length ? 'preface' : 'partial';
}

function tokens(headers: readonly HttpHeader[], lowerName: string): string[] {
  const out: string[] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== lowerName) continue;
    for (const token of value.split(',')) out.push(token.trim().toLowerCase());
  }
  return out;
}

/**
 * The client's settings when `request` is an h2c upgrade a server accepts: HTTP/1.1, `Upgrade: h2c`,
 * exactly one valid HTTP2-Settings named in `Connection` with Upgrade (§3.2.1), and no body (a server
 * would have to read it as HTTP/1.1 first). Null otherwise: then it is answered as plain HTTP/1.1.
 */
export function h2cUpgradeSettings(request: ParsedRequest): Setting[] | null {
  if (request.version !== '1.1' || request.bodyBytes > 0) return null;
  if (!tokens(request.headers, 'upgrade').includes('h2c')) return null;
  const connection = tokens(request.headers, 'connection');
  if (!connection.includes('upgrade') || !connection.includes('http2-settings')) return null;
  const values = request.headers.filter(([name]) => name.toLowerCase() === 'http2-settings');
  if (values.length !== 1) return null;
  return parseHttp2SettingsHeader((values[0] as HttpHeader)[1]);
}
