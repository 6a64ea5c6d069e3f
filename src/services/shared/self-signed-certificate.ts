/**
 * A decky's own TLS certificate, as a freshly installed mail or web server has one (Debian's
 * ssl-cert "snakeoil": self-signed, CN = the hostname, ten years). Node can sign but has no
 * certificate builder, so the X.509 structure (RFC 5280 §4.1) is written here in DER by hand: an
 * ECDSA P-256 key, SHA-256 signature, subjectAltName with the hostname. Made once per decky and kept
 * beside its host keys, so a scanner sees the same certificate on every visit.
 */
import { generateKeyPairSync, type KeyObject, sign, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeededRandom } from './seeded-random.js';

export interface TlsMaterial {
  /** PEM private key. */
  key: string;
  /** PEM certificate. */
  cert: string;
}

export const CERTIFICATE_VALIDITY = {
  /** make-ssl-cert's snakeoil lasts ten years. */
  days: 3650,
  /** How long before "now" a decky's certificate may have been made (its install date). */
  maxAgeDays: 400,
} as const;

/** File names of the decky's default certificate (shared by its mail and web services, as snakeoil is). */
const DEFAULT_STEM = 'tls';
const DAY_MS = 86_400_000;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** A non-negative INTEGER from big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  return der(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = new Date(ms).getUTCFullYear();
  return year < 2050 ? der(0x17, Buffer.from(digits.slice(2))) : der(0x18, Buffer.from(digits));
}

function commonNameOf(name: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.3'), der(0x0c, Buffer.from(name, 'utf8')))));
}

const ECDSA_WITH_SHA256 = () => sequence(oid('1.2.840.10045.4.3.2'));

/** A self-signed certificate for `commonName` over `privateKey`/`publicKey` (P-256). */
export function selfSignedCertificate(
  commonName: string,
  keys: { privateKey: KeyObject; publicKey: KeyObject },
  notBefore: number,
  serial: Buffer,
): string {
  const name = commonNameOf(commonName);
  const subjectAltName = sequence(
    oid('2.5.29.17'),
    der(0x04, sequence(der(0x82, Buffer.from(commonName, 'ascii')))),
  );
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_WITH_SHA256(),
    name,
    sequence(time(notBefore), time(notBefore + CERTIFICATE_VALIDITY.days * DAY_MS)),
    name,
    keys.publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, sequence(subjectAltName)),
  );
  const signature = sign('sha256', tbs, keys.privateKey);
  const certificate = sequence(
    tbs,
    ECDSA_WITH_SHA256(),
    der(0x03, Buffer.concat([Buffer.from([0]), signature])),
  );
  const base64 = certificate.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** The stored certificate, if it is there and still names `commonName` (a renamed decky gets a new one). */
function storedCertificate(keyFile: string, certFile: string, commonName: string): TlsMaterial | null {
  try {
    const material = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    return new X509Certificate(material.cert).subject === `CN=${commonName}` ? material : null;
  } catch {
    // Not made yet, or unreadable: make another.
    return null;
  }
}

/**
 * The decky's certificate from `dir`, made and saved there on first use. A certificate that cannot be
 * saved still serves this process. `stem` names the files (`<stem>-key.pem`, `<stem>-cert.pem`): a
 * service that needs another subject keeps its own.
 */
export function deckyCertificate(
  dir: string,
  commonName: string,
  now: number,
  rng: SeededRandom,
  stem = DEFAULT_STEM,
): TlsMaterial {
  const keyFile = `${stem}-key.pem`;
  const certFile = `${stem}-cert.pem`;
  const stored = storedCertificate(join(dir, keyFile), join(dir, certFile), commonName);
  if (stored !== null) return stored;
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = rng.bytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
  const notBefore = Math.floor((now - rng.int(1, CERTIFICATE_VALIDITY.maxAgeDays) * DAY_MS) / 1000) * 1000;
  const material = {
    key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: selfSignedCertificate(commonName, keys, notBefore, serial),
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const [file, content] of [
      [keyFile, material.key],
      [certFile, material.cert],
    ] as const) {
      writeFileSync(join(dir, `${file}.tmp`), content, { mode: 0o600 });
      renameSync(join(dir, `${file}.tmp`), join(dir, file));
    }
  } catch {
    // Served from memory; the next start makes another.
  }
  return material;
}
