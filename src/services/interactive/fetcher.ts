/**
 * Downloads asked for in a fake shell (`wget`, `curl`, `tftp`). By default nothing leaves the decky:
 * the command fails the way it would on a machine without a route out, and the URL is logged. An
 * operator who wants the payloads enables fetching per service (`allow_fetch`); the fetch is then
 * bounded in time and size, and its body goes to quarantine like any other file the attacker wrote.
 */
import { isIP } from 'node:net';
import type { ServiceConfigFieldInput } from '../../config/service-field.js';
import type { FetchRequest, FetchResult } from '../shell/host.js';

export const FETCH_LIMITS = {
  timeoutMs: 15_000,
  maxBytes: 10 * 1024 * 1024,
} as const;

export const FETCH_FIELD: ServiceConfigFieldInput = Object.freeze({
  key: 'allow_fetch',
  label: 'Fetch downloads',
  type: 'bool',
  default: false,
  help:
    'Let wget/curl in the fake shell really download over HTTP(S) (bounded: 15 s, 10 MiB) so payloads are ' +
    'captured; off, the decky has no route out and the URL is only logged',
});

/** The failure a machine without a route out shows: no DNS for names, nothing answering for addresses. */
export function offlineFailure(url: string): FetchResult {
  return { ok: false, error: isIP(hostOf(url)) === 0 ? 'unresolved' : 'timeout' };
}

/** A real HTTP(S) GET, bounded; anything else (ftp://, tftp) fails as unreachable. */
export async function fetchBounded(request: FetchRequest): Promise<FetchResult> {
  let url: URL;
  try {
    url = new URL(request.url.includes('://') ? request.url : `http://${request.url}`);
  } catch {
    return { ok: false, error: 'unresolved' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'timeout' };
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_LIMITS.timeoutMs),
      redirect: 'follow',
    });
    const chunks: Buffer[] = [];
    let size = 0;
    if (response.body) {
      for await (const chunk of response.body) {
        const bytes = Buffer.from(chunk as Uint8Array);
        size += bytes.length;
        if (size > FETCH_LIMITS.maxBytes) break;
        chunks.push(bytes);
      }
    }
    if (response.status === 404) return { ok: false, error: 'not_found' };
    return {
      ok: true,
      status: response.status,
      body: Buffer.concat(chunks),
      contentType: response.headers.get('content-type'),
    };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return { ok: false, error: 'unresolved' };
    if (cause === 'ECONNREFUSED') return { ok: false, error: 'refused' };
    return { ok: false, error: 'timeout' };
  }
}

function hostOf(url: string): string {
  const afterScheme = url.includes('://') ? url.slice(url.indexOf('://') + 3) : url;
  const authority = afterScheme.split(/[/?#]/, 1)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.split(':', 1)[0] ?? '';
}
