/**
 * The universal credential shape (DESIGN.md "Services"; spec §1.1 "Universal credential shape", §1.4):
 * every service that captures an authentication attempt adds `principal`, `secret_kind`,
 * `secret_printable` and `secret_b64` (and optionally `outcome`) to its event; the ingester reads them
 * back with `readCredential`. The presence of a valid `secret_b64` is what makes a line a credential.
 */
import { hash } from 'node:crypto';
import { memoizeByString } from '../runtime/memo.js';
import { truncateCodeUnits } from './text.js';

/** How to read the secret's bytes (spec §1.1; `ssh_publickey` is ours: the key's fingerprint). */
export const SECRET_KINDS = [
  'plaintext',
  'http_bearer',
  'http_digest_md5',
  'postgres_md5_challenge',
  'vnc_des_response',
  'ssh_publickey',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const CREDENTIAL_OUTCOMES = ['success', 'failure', 'observed'] as const;
export type CredentialOutcome = (typeof CREDENTIAL_OUTCOMES)[number];

/** Storage caps the ingester applies (spec §1.4 "Truncation caps"), in UTF-16 code units. */
export const CREDENTIAL_LIMITS = {
  principal: 256,
  secretB64: 2048,
  secretPrintable: 512,
} as const;

/** The SD params a credential adds to an event. */
export interface CredentialFields {
  principal?: string;
  secret_kind: SecretKind;
  secret_printable: string;
  secret_b64: string;
  outcome?: CredentialOutcome;
}

export interface CredentialInput {
  /** User, DN, domain…; null for password-only mechanisms (VNC, Redis AUTH, bearer tokens). */
  principal: string | null;
  /** The secret as captured; a string is taken as its UTF-8 bytes. */
  secret: Buffer | string;
  kind?: SecretKind;
  outcome?: CredentialOutcome;
}

/** A credential as the ingester stores it. */
export interface Credential {
  principal: string | null;
  /** One of SECRET_KINDS for our emitters; another emitter's value is kept as written (capped). */
  secret_kind: string;
  secret_printable: string;
  secret_b64: string;
  /** SHA-256 (hex) of the decoded secret bytes: the identity of a secret across deckies and services. */
  secret_sha256: string;
  outcome: CredentialOutcome | null;
}

const MAX_SECRET_KIND_LENGTH = 64;

const secretKinds: ReadonlySet<string> = new Set(SECRET_KINDS);
const outcomes: ReadonlySet<string> = new Set(CREDENTIAL_OUTCOMES);

export function isSecretKind(value: string): value is SecretKind {
  return secretKinds.has(value);
}

export function isCredentialOutcome(value: string): value is CredentialOutcome {
  return outcomes.has(value);
}

/** The secret's bytes with every byte outside 0x20–0x7E replaced by `?` (spec §1.1). */
export function printableSecret(bytes: Uint8Array): string {
  const out = Buffer.allocUnsafe(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    out[i] = b >= 0x20 && b <= 0x7e ? b : 0x3f;
  }
  return out.toString('latin1');
}

/** The credential params for an event (the inverse of `readCredential`). */
export function credentialFields(input: CredentialInput): CredentialFields {
  const bytes = typeof input.secret === 'string' ? Buffer.from(input.secret, 'utf8') : input.secret;
  const fields: CredentialFields = {
    secret_kind: input.kind ?? 'plaintext',
    secret_printable: printableSecret(bytes),
    secret_b64: bytes.toString('base64'),
  };
  if (input.principal !== null) fields.principal = input.principal;
  if (input.outcome !== undefined) fields.outcome = input.outcome;
  return fields;
}

function isBase64Char(c: number): boolean {
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 43 /* + */ ||
    c === 47 /* / */
  );
}

/**
 * Strict base64 (RFC 4648 §4): alphabet `[A-Za-z0-9+/]`, length a multiple of 4, `=` padding only at
 * the end and only as much as needed, unused bits zero (the text is exactly what encoding the bytes
 * gives). Anything else is null: a credential we cannot decode exactly has no trustworthy hash.
 */
export function decodeBase64Strict(text: string): Buffer | null {
  const n = text.length;
  if (n % 4 !== 0) return null;
  let padding = 0;
  if (n > 0 && text.charCodeAt(n - 1) === 61) padding = text.charCodeAt(n - 2) === 61 ? 2 : 1;
  for (let i = 0; i < n - padding; i++) {
    if (!isBase64Char(text.charCodeAt(i))) return null;
  }
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** A password list is tried against every decky: decode and hash each distinct secret once. */
const decodeSecretOnce = memoizeByString((b64: string): { printable: string; sha256: string } | null => {
  const bytes = decodeBase64Strict(b64);
  if (bytes === null) return null;
  return {
    printable: printableSecret(bytes.subarray(0, CREDENTIAL_LIMITS.secretPrintable)),
    sha256: hash('sha256', bytes, 'hex'),
  };
});

/**
 * The credential an event's fields carry, or null when there is none or `secret_b64` is not strict
 * base64 (spec §1.4: the credential is dropped, the log row still lands). `principal` falls back to
 * `username` (the reference's auth-helper writes both). `secret_printable` is recomputed from the bytes,
 * so it always agrees with the hash. Caps: CREDENTIAL_LIMITS; the hash is of the full secret.
 */
export function readCredential(fields: Readonly<Record<string, string>>): Credential | null {
  const b64 = fields.secret_b64;
  if (b64 === undefined) return null;
  const secret = decodeSecretOnce(b64);
  if (secret === null) return null;
  const principal = nonEmpty(fields.principal) ?? nonEmpty(fields.username);
  const kind = nonEmpty(fields.secret_kind) ?? 'plaintext';
  const outcome = fields.outcome;
  return {
    principal: principal === null ? null : truncateCodeUnits(principal, CREDENTIAL_LIMITS.principal),
    secret_kind: truncateCodeUnits(kind, MAX_SECRET_KIND_LENGTH),
    secret_printable: secret.printable,
    secret_b64: b64.slice(0, CREDENTIAL_LIMITS.secretB64),
    secret_sha256: secret.sha256,
    outcome: outcome !== undefined && isCredentialOutcome(outcome) ? outcome : null,
  };
}
