/**
 * JA4, the FoxIO TLS client fingerprint (github.com/FoxIO-LLC/ja4, technical_details/JA4.md; JA4 itself
 * is BSD-3-Clause). `a_b_c`: a = transport, version, SNI flag, cipher and extension counts, ALPN
 * characters; b = sha256/12 of the sorted cipher hex codes; c = sha256/12 of the sorted extension codes
 * (SNI and ALPN removed) then `_` and the signature algorithms in wire order. GREASE is ignored
 * everywhere. The raw (`_r`) variants print the lists instead of hashing them; the original-order (`_o`)
 * variants keep wire order and keep SNI and ALPN in the extension list.
 *
 * DECNET's legacy sniffer computed a different "JA4" (spec §4.5: decimal lists, SNI/ALPN kept, signature
 * algorithms sorted); this module is FoxIO's.
 */
import { createHash } from 'node:crypto';
import { type ClientHello, isGrease, TlsExtension } from './tls-client-hello.js';

/** `t` TLS over TCP, `q` QUIC, `d` DTLS (JA4.md "QUIC and DTLS"). */
export type Ja4Transport = 't' | 'q' | 'd';

/** JA4.md: a list with no values hashes to twelve zeros rather than sha256(""). */
const EMPTY_HASH = '000000000000';
/** JA4.md: counts are two digits, capped at 99. */
const MAX_COUNT = 99;

export type Ja4Input = Pick<
  ClientHello,
  'legacyVersion' | 'supportedVersions' | 'cipherSuites' | 'extensions' | 'alpn' | 'signatureAlgorithms'
>;

const VERSION_CODES: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'],
  [0x0303, '12'],
  [0x0302, '11'],
  [0x0301, '10'],
  [0x0300, 's3'],
  [0x0002, 's2'],
  [0xfeff, 'd1'],
  [0xfefd, 'd2'],
  [0xfefc, 'd3'],
]);

/** DTLS versions count down (0xfeff is 1.0, 0xfefc is 1.3); rank them above nothing, in their order. */
function versionRank(version: number): number {
  return version >> 8 === 0xfe ? 0x1_0000 + (0xffff - version) : version;
}

/** JA4.md "TLS and DTLS Version": the highest supported_versions entry, else legacy_version. */
export function versionCode(hello: Ja4Input): string {
  const offered = hello.supportedVersions.filter((v) => !isGrease(v));
  let version = hello.legacyVersion;
  if (offered.length > 0) {
    version = offered.reduce((best, v) => (versionRank(v) > versionRank(best) ? v : best));
  }
  return VERSION_CODES.get(version) ?? '00';
}

function isAlphanumeric(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * JA4.md "ALPN Extension Value": first and last character of the first protocol; `00` when there is
 * none or it is empty; the first and last hex digit of its bytes when either end is not alphanumeric.
 */
export function alpnCode(alpn: readonly string[]): string {
  const first = alpn[0];
  if (first === undefined || first.length === 0) return '00';
  const head = first.charCodeAt(0);
  const tail = first.charCodeAt(first.length - 1);
  if (isAlphanumeric(head) && isAlphanumeric(tail)) return first[0]! + first[first.length - 1]!;
  const hex = Buffer.from(first, 'latin1').toString('hex');
  return hex[0]! + hex[hex.length - 1]!;
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/** A count as two digits, capped at 99. */
export function count(n: number): string {
  return String(Math.min(n, MAX_COUNT)).padStart(2, '0');
}

function hash12(text: string): string {
  return text === '' ? EMPTY_HASH : createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 12);
}

interface Parts {
  a: string;
  ciphers: string;
  extensionsAndSignatures: string;
}

function parts(hello: Ja4Input, transport: Ja4Transport, originalOrder: boolean): Parts {
  const ciphers = hello.cipherSuites.filter((v) => !isGrease(v));
  const extensions = hello.extensions.filter((v) => !isGrease(v));
  const signatures = hello.signatureAlgorithms.filter((v) => !isGrease(v));
  const sni = extensions.includes(TlsExtension.serverName) ? 'd' : 'i';
  const a = `${transport}${versionCode(hello)}${sni}${count(ciphers.length)}${count(extensions.length)}${alpnCode(hello.alpn)}`;
  const listedExtensions = originalOrder
    ? extensions
    : extensions
        .filter((v) => v !== TlsExtension.serverName && v !== TlsExtension.alpn)
        .sort((x, y) => x - y);
  const listedCiphers = originalOrder ? ciphers : [...ciphers].sort((x, y) => x - y);
  const extensionText = listedExtensions.map(hex4).join(',');
  const signatureText = signatures.map(hex4).join(',');
  return {
    a,
    ciphers: listedCiphers.map(hex4).join(','),
    // JA4.md: with no signature algorithms the string ends without an underscore.
    extensionsAndSignatures: signatureText === '' ? extensionText : `${extensionText}_${signatureText}`,
  };
}

function hashed(p: Parts, extensionsListed: boolean): string {
  // JA4.md: "If there are no extensions in the sorted extensions list, then JA4_c is 000000000000".
  const c = extensionsListed ? hash12(p.extensionsAndSignatures) : EMPTY_HASH;
  return `${p.a}_${hash12(p.ciphers)}_${c}`;
}

function hasListedExtensions(p: Parts): boolean {
  return p.extensionsAndSignatures !== '' && !p.extensionsAndSignatures.startsWith('_');
}

/** JA4, e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`. */
export function ja4Of(hello: Ja4Input, transport: Ja4Transport = 't'): string {
  const p = parts(hello, transport, false);
  return hashed(p, hasListedExtensions(p));
}

/** JA4_r: JA4 with the sorted lists printed instead of hashed. */
export function ja4RawOf(hello: Ja4Input, transport: Ja4Transport = 't'): string {
  const p = parts(hello, transport, false);
  return `${p.a}_${p.ciphers}_${p.extensionsAndSignatures}`;
}

/** JA4_o: wire order, SNI and ALPN kept in the extension list, hashed. */
export function ja4OriginalOf(hello: Ja4Input, transport: Ja4Transport = 't'): string {
  const p = parts(hello, transport, true);
  return hashed(p, hasListedExtensions(p));
}

/** JA4_ro: wire order, SNI and ALPN kept, printed. */
export function ja4RawOriginalOf(hello: Ja4Input, transport: Ja4Transport = 't'): string {
  const p = parts(hello, transport, true);
  return `${p.a}_${p.ciphers}_${p.extensionsAndSignatures}`;
}
