import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CREDENTIAL_LIMITS,
  credentialFields,
  decodeBase64Strict,
  printableSecret,
  readCredential,
  SECRET_KINDS,
} from './credential.js';
import { formatLine } from './rfc5424/format.js';
import { parseLine } from './rfc5424/parse.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('credentialFields', () => {
  it('writes principal, kind, printable and base64 of the UTF-8 bytes', () => {
    expect(credentialFields({ principal: 'root', secret: 'ñandú-ß' })).toEqual({
      principal: 'root',
      secret_kind: 'plaintext',
      secret_printable: '??and??-??',
      secret_b64: Buffer.from('ñandú-ß').toString('base64'),
    });
  });

  it('takes raw bytes, omits a null principal and keeps kind and outcome', () => {
    const secret = Buffer.from([0x00, 0x41, 0x7e, 0x7f, 0xff, 0x20]);
    expect(
      credentialFields({ principal: null, secret, kind: 'vnc_des_response', outcome: 'failure' }),
    ).toEqual({
      secret_kind: 'vnc_des_response',
      secret_printable: '?A~?? ',
      secret_b64: 'AEF+f/8g',
      outcome: 'failure',
    });
  });

  it('lists the secret kinds of the spec plus ssh_publickey', () => {
    expect(SECRET_KINDS).toEqual([
      'plaintext',
      'http_bearer',
      'http_digest_md5',
      'postgres_md5_challenge',
      'vnc_des_response',
      'ssh_publickey',
    ]);
  });

  it('replaces every byte outside 0x20-0x7E with ?', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const printable = printableSecret(all);
    expect(printable).toHaveLength(256);
    expect(printable.slice(0x20, 0x7f)).toBe(all.subarray(0x20, 0x7f).toString('latin1'));
    expect(printable.slice(0, 0x20)).toBe('?'.repeat(0x20));
    expect(printable.slice(0x7f)).toBe('?'.repeat(256 - 0x7f));
  });
});

describe('decodeBase64Strict', () => {
  it.each(['', 'YQ==', 'YWI=', 'YWJj', 'AEF+f/8g'])('accepts %j', (text) => {
    expect(decodeBase64Strict(text)?.toString('base64')).toBe(text);
  });

  it.each([
    ['missing padding', 'YQ'],
    ['too much padding', 'Y==='],
    ['padding inside', 'YQ==YQ=='],
    ['= in the middle', 'Y=Q='],
    ['url-safe alphabet', 'AEF-f_8g'],
    ['whitespace', 'YQ== '],
    ['newline', 'YWJj\nYWJj'],
    ['non-zero unused bits', 'YR=='],
    ['non-ASCII', 'YWJé'],
  ])('rejects %s', (_why, text) => {
    expect(decodeBase64Strict(text)).toBeNull();
  });
});

describe('readCredential', () => {
  it('reads back what credentialFields wrote, through a formatted line', () => {
    const fields = credentialFields({ principal: 'admin', secret: 'pass"word]\\', outcome: 'success' });
    const line = formatLine({
      timestamp: '2026-05-10T12:00:01.000000Z',
      severity: 6,
      decky: 'd',
      service: 'ftp',
      eventType: 'auth_attempt',
      fields: { ...fields, src_ip: '192.0.2.1' },
    });
    const parsed = parseLine(line);
    if (!parsed.ok) throw new Error('unparseable');
    expect(readCredential(parsed.record.fields)).toEqual({
      principal: 'admin',
      secret_kind: 'plaintext',
      secret_printable: 'pass"word]\\',
      secret_b64: fields.secret_b64,
      secret_sha256: sha256('pass"word]\\'),
      outcome: 'success',
    });
  });

  it('reads the reference auth-helper shape: no secret_kind, principal beside username', () => {
    expect(
      readCredential({
        username: 'root',
        secret_printable: 'toor',
        secret_b64: 'dG9vcg==',
        src_ip: '1.2.3.4',
      }),
    ).toEqual({
      principal: 'root',
      secret_kind: 'plaintext',
      secret_printable: 'toor',
      secret_b64: 'dG9vcg==',
      secret_sha256: sha256('toor'),
      outcome: null,
    });
  });

  it('prefers principal, falls back to username, and has no principal when both are empty', () => {
    expect(readCredential({ principal: 'p', username: 'u', secret_b64: '' })?.principal).toBe('p');
    expect(readCredential({ principal: '', username: 'u', secret_b64: '' })?.principal).toBe('u');
    expect(readCredential({ secret_b64: '' })?.principal).toBeNull();
  });

  it('accepts the empty password, a real attempt', () => {
    expect(readCredential({ secret_b64: '' })?.secret_sha256).toBe(sha256(''));
  });

  it('has no credential without secret_b64 or with invalid base64', () => {
    expect(readCredential({ principal: 'root', secret_printable: 'x' })).toBeNull();
    expect(readCredential({ secret_b64: 'not base64!' })).toBeNull();
    expect(readCredential({ secret_b64: 'YQ' })).toBeNull();
  });

  it('recomputes secret_printable from the bytes rather than trusting the field', () => {
    expect(readCredential({ secret_printable: 'lie', secret_b64: 'AEE=' })?.secret_printable).toBe('?A');
  });

  it('keeps an unknown kind as written and drops an unknown outcome', () => {
    const c = readCredential({ secret_b64: 'YQ==', secret_kind: 'ntlmv2', outcome: 'maybe' });
    expect(c?.secret_kind).toBe('ntlmv2');
    expect(c?.outcome).toBeNull();
  });

  it('caps principal, secret_b64 and secret_printable but hashes the whole secret', () => {
    const secret = Buffer.alloc(5000, 0x61);
    const c = readCredential({ principal: 'p'.repeat(1000), secret_b64: secret.toString('base64') });
    expect(c?.principal).toHaveLength(CREDENTIAL_LIMITS.principal);
    expect(c?.secret_b64).toHaveLength(CREDENTIAL_LIMITS.secretB64);
    expect(c?.secret_printable).toHaveLength(CREDENTIAL_LIMITS.secretPrintable);
    expect(c?.secret_sha256).toBe(sha256(secret));
  });

  it('does not split a surrogate pair when capping the principal', () => {
    const principal = `${'p'.repeat(255)}\uD83D\uDE00`;
    expect(readCredential({ principal, secret_b64: '' })?.principal).toBe('p'.repeat(255));
  });
});
