/**
 * JA4 as DECNET's legacy sniffer computes it (spec decnet-services-and-deckies.md §4.5, decnet-intelligence
 * §1.1 "Fingerprint algorithms"), kept because `tls_client_hello.ja4` carries this form in every
 * reference deployment's logs, and because what is stored must keep its meaning on import. Beside FoxIO's
 * (ja4.ts) it differs in three ways: the lists are hashed as decimal numbers, SNI and ALPN stay in the
 * extension list, and the signature algorithms are sorted. Everything else follows FoxIO's layout:
 * `t<version><d|i><ciphers><extensions><alpn>_<sha12 ciphers>_<sha12 extensions[_signatures]>`.
 * GREASE values (RFC 8701) are left out everywhere, as the sniffer's JA3 does.
 */
import { createHash } from 'node:crypto';
import { type ClientHello, isGrease, TlsExtension } from './tls-client-hello.js';

/** Counts are two digits, capped at 99 (as in FoxIO's layout). */
const MAX_COUNT = 99;

type Ja4DecnetInput = Pick<
  ClientHello,
  'legacyVersion' | 'supportedVersions' | 'cipherSuites' | 'extensions' | 'alpn' | 'signatureAlgorithms'
>;

/** The sniffer's version codes (spec §1.1: 13/12/11/10/s3/s2, else 00). */
const VERSION_CODES: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'],
  [0x0303, '12'],
  [0x0302, '11'],
  [0x0301, '10'],
  [0x0300, 's3'],
  [0x0002, 's2'],
]);

function versionCode(hello: Ja4DecnetInput): string {
  const offered = hello.supportedVersions.filter((v) => !isGrease(v));
  const version = offered.length > 0 ? Math.max(...offered) : hello.legacyVersion;
  return VERSION_CODES.get(version) ?? '00';
}

const PRINTABLE_ALPN_CHAR = /^[0-9A-Za-z]$/;

/**
 * First and last character of the first ALPN protocol, `00` without one. Real protocols (h2, http/1.1,
 * acme-tls/1) start and end alphanumeric; for any other byte FoxIO's rule (first and last hex digit)
 * keeps control bytes out of the fingerprint, where the sniffer would have copied them.
 */
function alpnCode(alpn: readonly string[]): string {
  const first = alpn[0];
  if (first === undefined || first.length === 0) return '00';
  const head = first[0] as string;
  const tail = first[first.length - 1] as string;
  if (PRINTABLE_ALPN_CHAR.test(head) && PRINTABLE_ALPN_CHAR.test(tail)) return head + tail;
  const hex = Buffer.from(first, 'latin1').toString('hex');
  return hex[0]! + hex[hex.length - 1]!;
}

function count(n: number): string {
  return String(Math.min(n, MAX_COUNT)).padStart(2, '0');
}

/** sha256[:12] of the text; the sniffer (Python) hashes an empty list as sha256(""), not as zeros. */
function sha12(text: string): string {
  return createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 12);
}

function sortedDecimal(values: readonly number[]): string {
  return values
    .filter((v) => !isGrease(v))
    .sort((x, y) => x - y)
    .join(',');
}

/** DECNET's JA4 of a ClientHello, e.g. `t13d1617h2_<12 hex>_<12 hex>`. */
export function ja4DecnetOf(hello: Ja4DecnetInput): string {
  const ciphers = hello.cipherSuites.filter((v) => !isGrease(v));
  const extensions = hello.extensions.filter((v) => !isGrease(v));
  const sni = extensions.includes(TlsExtension.serverName) ? 'd' : 'i';
  const a = `t${versionCode(hello)}${sni}${count(ciphers.length)}${count(extensions.length)}${alpnCode(hello.alpn)}`;
  const signatures = sortedDecimal(hello.signatureAlgorithms);
  const extensionText = sortedDecimal(extensions);
  return `${a}_${sha12(sortedDecimal(ciphers))}_${sha12(signatures === '' ? extensionText : `${extensionText}_${signatures}`)}`;
}
