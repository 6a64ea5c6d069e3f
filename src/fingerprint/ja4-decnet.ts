/**
 * JA4 as DECNET's legacy sniffer computes it (spec decnet-services-and-deckies.md §4.5, decnet-intelligence
 * §1.1 "Fingerprint algorithms"), kept because `tls_client_hello.ja4` carries this form in every
 * reference deployment's logs, and because what is stored must keep its meaning on import. Beside FoxIO's
 * (ja4.ts) it differs in three ways: the lists are hashed as decimal numbers, SNI and ALPN stay in the
 * extension list, and the signature algorithms are sorted. Everything else follows FoxIO's layout:
 * `t<version><d|i><ciphers><extensions><alpn>_<sha12 ciphers>_<sha12 extensions[_signatures]>`.
 * GREASE values (RFC 8701) are left out everywhere, as the sniffer's JA3 does. The version and ALPN
 * codes and the counts are FoxIO's (ja4.ts).
 */
import { createHash } from 'node:crypto';
import { alpnCode, count, type Ja4Input, versionCode } from './ja4.js';
import { isGrease, TlsExtension } from './tls-client-hello.js';

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
export function ja4DecnetOf(hello: Ja4Input): string {
  const ciphers = hello.cipherSuites.filter((v) => !isGrease(v));
  const extensions = hello.extensions.filter((v) => !isGrease(v));
  const sni = extensions.includes(TlsExtension.serverName) ? 'd' : 'i';
  const a = `t${versionCode(hello)}${sni}${count(ciphers.length)}${count(extensions.length)}${alpnCode(hello.alpn)}`;
  const signatures = sortedDecimal(hello.signatureAlgorithms);
  const extensionText = sortedDecimal(extensions);
  return `${a}_${sha12(sortedDecimal(ciphers))}_${sha12(signatures === '' ? extensionText : `${extensionText}_${signatures}`)}`;
}
