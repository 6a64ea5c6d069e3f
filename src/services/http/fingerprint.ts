/**
 * The `http_request_fingerprint` fields of a request: JA4H in DECNET's form (`ja4h`, spec §4.4) and
 * FoxIO's (`ja4h_foxio`), and the header names in wire order. Both depend only on the method, version,
 * header names and the Cookie and Accept-Language values, so they are worked out once per distinct set
 * (a scanner or a brute-forcer sends the same one thousands of times) in a bounded memo.
 */
import { type HttpRequestHead, ja4hDecnetOf, ja4hFoxioOf } from '../../fingerprint/ja4h.js';
import { memoizeByString } from '../../runtime/memo.js';
import type { HttpHeader } from './parser.js';

export interface RequestFingerprint {
  ja4h: string;
  ja4hFoxio: string;
  /** Lower-cased header names as a JSON list, in wire order. */
  headersOrdered: string;
}

/** The values JA4H reads; every other value is left out of the memo key. */
const READ_VALUES: ReadonlySet<string> = new Set(['cookie', 'accept-language']);

const fingerprintOfKey = memoizeByString((key: string): RequestFingerprint => {
  const head = JSON.parse(key) as HttpRequestHead;
  return {
    ja4h: ja4hDecnetOf(head),
    ja4hFoxio: ja4hFoxioOf(head).ja4h,
    headersOrdered: JSON.stringify(head.headers.map(([n]) => n.toLowerCase())),
  };
});

export function requestFingerprint(
  method: string,
  version: '1.0' | '1.1' | '2',
  headers: readonly HttpHeader[],
): RequestFingerprint {
  const reduced = headers.map(([n, v]) => [n, READ_VALUES.has(n.toLowerCase()) ? v : ''] as const);
  return fingerprintOfKey(JSON.stringify({ method, version, headers: reduced }));
}
