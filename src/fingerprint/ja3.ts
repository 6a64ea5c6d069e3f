/**
 * JA3 (Salesforce, github.com/salesforce/ja3): the MD5 of five comma-separated fields of a ClientHello,
 * `SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats`, each a '-'-joined list of
 * decimal values in wire order. GREASE values (RFC 8701) are removed, as the reference implementation
 * does since 2019; the version is the ClientHello's legacy_version, not supported_versions.
 */
import { createHash } from 'node:crypto';
import { type ClientHello, isGrease } from './tls-client-hello.js';

export interface Ja3 {
  /** MD5, lower-case hex. */
  hash: string;
  /** The string hashed (`ja3_full` in Wireshark). */
  ja3: string;
}

function join(values: readonly number[]): string {
  return values
    .filter((v) => !isGrease(v))
    .map(String)
    .join('-');
}

export function ja3Of(
  hello: Pick<
    ClientHello,
    'legacyVersion' | 'cipherSuites' | 'extensions' | 'supportedGroups' | 'ecPointFormats'
  >,
): Ja3 {
  const ja3 = [
    String(hello.legacyVersion),
    join(hello.cipherSuites),
    join(hello.extensions),
    join(hello.supportedGroups),
    hello.ecPointFormats.map(String).join('-'),
  ].join(',');
  return { hash: createHash('md5').update(ja3, 'latin1').digest('hex'), ja3 };
}
