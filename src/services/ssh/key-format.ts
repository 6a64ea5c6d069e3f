/**
 * Key encodings the SSH service writes or shows: the OpenSSH private-key format for ed25519 host keys
 * (ssh2 reads ed25519 only in that format, not PKCS#8) and the fingerprint text `ssh-keygen -l` prints.
 * Pure functions over bytes.
 */
import { createHash } from 'node:crypto';

/** RFC 4251 §5 `string`: a uint32 length, then the bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** The public key blob of an ed25519 key (RFC 8709 §4): `string "ssh-ed25519"`, `string key`. */
export function ed25519PublicBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
}

/** Base64 body lines of the OpenSSH private key file are 70 characters, as ssh-keygen writes them. */
const OPENSSH_KEY_LINE = 70;
/** Unencrypted keys pad the private section to the "none" cipher's block size (PROTOCOL.key). */
const NONE_CIPHER_BLOCK = 8;

/**
 * An unencrypted ed25519 private key in `openssh-key-v1` format (OpenSSH PROTOCOL.key): `seed` and
 * `publicKey` are the 32-byte halves; `checkint` is the random number repeated to detect a wrong
 * passphrase.
 */
export function opensshEd25519PrivateKey(
  seed: Buffer,
  publicKey: Buffer,
  checkint: number,
  comment = '',
): string {
  const blob = ed25519PublicBlob(publicKey);
  const secret = Buffer.concat([
    uint32(checkint),
    uint32(checkint),
    sshString('ssh-ed25519'),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(comment),
  ]);
  const padLength = (NONE_CIPHER_BLOCK - (secret.length % NONE_CIPHER_BLOCK)) % NONE_CIPHER_BLOCK;
  const padding = Buffer.from(Array.from({ length: padLength }, (_, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(blob),
    sshString(Buffer.concat([secret, padding])),
  ]).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += OPENSSH_KEY_LINE) lines.push(body.slice(i, i + OPENSSH_KEY_LINE));
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** `SHA256:<base64 without padding>` of a public key blob, as `ssh-keygen -lf` prints it. */
export function publicKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
