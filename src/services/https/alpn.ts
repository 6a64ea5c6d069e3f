/**
 * The ALPN protocols the HTTPS port offers (RFC 7301), from `http_versions`. Always in the order nginx
 * and Apache prefer them, h2 before http/1.1, whatever order the config lists: the server's preference
 * picks the protocol, and it is part of how the server looks to a scanner.
 */
import type { ServiceValues } from '../service.js';

export const HTTP_VERSIONS = ['h2', 'http/1.1'] as const;
export type HttpVersionName = (typeof HTTP_VERSIONS)[number];

export function alpnProtocols(config: ServiceValues): HttpVersionName[] {
  const value = Object.hasOwn(config, 'http_versions') ? config.http_versions : undefined;
  const chosen = Array.isArray(value) ? value : [...HTTP_VERSIONS];
  const offered = HTTP_VERSIONS.filter((v) => chosen.includes(v));
  // Coercion refuses an empty multi_enum; should one arrive anyway, HTTP/1.1 is what every server speaks.
  return offered.length > 0 ? offered : ['http/1.1'];
}
