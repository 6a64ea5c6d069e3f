/**
 * The `tls_client_hello` fields of a parsed ClientHello, in the sniffer's meanings (spec
 * decnet-intelligence.md §1.1 "Sniffer"; the catalogue entry): JA3, DECNET's JA4 and FoxIO's beside
 * it, the highest version offered, SNI, ALPN, the raw lists in decimal and the resumption mechanisms
 * offered. Pure.
 */
import { ja3Of } from '../../fingerprint/ja3.js';
import { ja4Of } from '../../fingerprint/ja4.js';
import { ja4DecnetOf } from '../../fingerprint/ja4-decnet.js';
import { type ClientHello, isGrease } from '../../fingerprint/tls-client-hello.js';

/** Extension ids that offer session resumption (IANA TLS ExtensionType registry). */
const RESUMPTION_EXTENSIONS: readonly (readonly [number, string])[] = [
  /** RFC 5077: session_ticket (empty to ask for a ticket, filled to resume with one). */
  [35, 'session_ticket'],
  /** RFC 8446 §4.2.11: pre_shared_key, a TLS 1.3 resumption or external PSK. */
  [41, 'psk'],
  /** RFC 8446 §4.2.10: early_data, 0-RTT on a resumed session. */
  [42, 'early_data'],
];
/** A TLS 1.2 client resumes by its session id (RFC 5246 §7.4.1.2); a TLS 1.3 client's is a fake one. */
const TLS13 = 0x0304;

const VERSION_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0304, 'TLS 1.3'],
  [0x0303, 'TLS 1.2'],
  [0x0302, 'TLS 1.1'],
  [0x0301, 'TLS 1.0'],
  [0x0300, 'SSL 3.0'],
]);

/** The highest version offered: supported_versions when present (RFC 8446 §4.2.1), else legacy_version. */
export function highestVersion(hello: Pick<ClientHello, 'legacyVersion' | 'supportedVersions'>): number {
  const offered = hello.supportedVersions.filter((v) => !isGrease(v));
  return offered.length > 0 ? Math.max(...offered) : hello.legacyVersion;
}

export function versionName(version: number): string {
  return VERSION_NAMES.get(version) ?? `0x${version.toString(16).padStart(4, '0')}`;
}

export function resumptionOffered(
  hello: Pick<ClientHello, 'extensions' | 'sessionId' | 'legacyVersion' | 'supportedVersions'>,
): string[] {
  const offered: string[] = [];
  if (hello.sessionId.length > 0 && highestVersion(hello) < TLS13) offered.push('session_id');
  for (const [id, name] of RESUMPTION_EXTENSIONS) if (hello.extensions.includes(id)) offered.push(name);
  return offered;
}

function decimalList(values: readonly number[]): string {
  return values
    .filter((v) => !isGrease(v))
    .map(String)
    .join('-');
}

export interface ClientHelloFields {
  ja3: string;
  ja4: string;
  ja4_foxio: string;
  tls_version: string;
  sni?: string;
  alpn?: string;
  raw_ciphers: string;
  raw_extensions: string;
  resumption?: string;
}

export function clientHelloFields(hello: ClientHello): ClientHelloFields {
  const resumption = resumptionOffered(hello);
  return {
    ja3: ja3Of(hello).hash,
    ja4: ja4DecnetOf(hello),
    ja4_foxio: ja4Of(hello),
    tls_version: versionName(highestVersion(hello)),
    ...(hello.sni === null ? {} : { sni: hello.sni }),
    ...(hello.alpn.length === 0 ? {} : { alpn: hello.alpn.join(',') }),
    raw_ciphers: decimalList(hello.cipherSuites),
    raw_extensions: decimalList(hello.extensions),
    ...(resumption.length === 0 ? {} : { resumption: resumption.join(',') }),
  };
}
