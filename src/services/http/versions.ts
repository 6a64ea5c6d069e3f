/**
 * Which HTTP versions the cleartext `http` service speaks (`http_versions`): HTTP/1.1, and HTTP/2 in
 * clear text (h2c: by prior knowledge, RFC 9113 §3.3, or by Upgrade, RFC 7540 §3.2). A server without
 * h2c answers an HTTP/2 preface with its HTTP/1.1 parser's error and ignores `Upgrade: h2c`.
 */
import type { ServiceValues } from '../service.js';

export const HTTP_VERSIONS = ['http/1.1', 'h2c'] as const;
export type HttpVersion = (typeof HTTP_VERSIONS)[number];

export interface HttpVersions {
  http1: boolean;
  h2c: boolean;
}

/** HTTP/1.1 alone: what a connection speaks unless told otherwise (HTTP/1.1 over TLS, for one). */
export const HTTP1_ONLY: HttpVersions = { http1: true, h2c: false };

/** The `http_versions` value of a coerced config, both versions when it is unset. */
export function httpVersionsOf(config: ServiceValues, key = 'http_versions'): HttpVersions {
  const value = Object.hasOwn(config, key) ? config[key] : undefined;
  const list: readonly string[] = Array.isArray(value) ? value : HTTP_VERSIONS;
  return { http1: list.includes('http/1.1'), h2c: list.includes('h2c') };
}
