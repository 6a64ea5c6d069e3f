/**
 * The `http_request_fingerprint` fields of a request: JA4H in DECNET's form (`ja4h`, spec §4.4) and
 * FoxIO's (`ja4h_foxio`), and the header names in wire order. Both depend only on the method, version,
 * header names and the Cookie and Accept-Language values, so they are worked out once per distinct set
 * (a scanner or a brute-forcer sends the same one thousands of times) in a bounded memo.
 */
import { type HttpRequestHead, ja4hDecnetOf, ja4hFoxioOf } from '../../fingerprint/ja4h.js';
import { memoizeByKey } from '../../runtime/memo.js';
import type { HttpHeader } from './parser.js';

export interface RequestFingerprint {
  ja4h: string;
  ja4hFoxio: string;
  /** Lower-cased header names as a JSON list, in wire order. */
  headersOrdered: string;
}

/** The values JA4H reads; every other value is left out of the memo key. */
const READ_VALUES: ReadonlySet<string> = new Set(['cookie', 'accept-language']);

function readsValue(name: string): boolean {
  return (name.length === 6 || name.length === 15) && READ_VALUES.has(name.toLowerCase());
}

/**
 * The memo key: method, version, and each header's name (and read value) with its length in front, so
 * no two different heads share a key whatever bytes their names and values hold.
 */
function keyOf(head: HttpRequestHead): string {
  let key = `${head.method.length}:${head.method}${head.version}`;
  for (const [n, v] of head.headers) {
    key += readsValue(n) ? `|${n.length}:${n}=${v.length}:${v}` : `|${n.length}:${n}`;
  }
  return key;
}

const fingerprintOf = memoizeByKey(keyOf, (head: HttpRequestHead): RequestFingerprint => {
  const reduced: HttpRequestHead = {
    method: head.method,
    version: head.version,
    headers: head.headers.map(([n, v]) => [n, readsValue(n) ? v : ''] as const),
  };
  return {
    ja4h: ja4hDecnetOf(reduced),
    ja4hFoxio: ja4hFoxioOf(reduced).ja4h,
    headersOrdered: JSON.stringify(reduced.headers.map(([n]) => n.toLowerCase())),
  };
});

export function requestFingerprint(
  method: string,
  version: '1.0' | '1.1' | '2',
  headers: readonly HttpHeader[],
): RequestFingerprint {
  return fingerprintOf({ method, version, headers });
}
