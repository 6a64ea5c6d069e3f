import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519PublicBlob, opensshEd25519PrivateKey, publicKeyFingerprint } from './key-format.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function ed25519() {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return { seed: Buffer.from(jwk.d ?? '', 'base64url'), publicKey: Buffer.from(jwk.x ?? '', 'base64url') };
}

describe('opensshEd25519PrivateKey', () => {
  it('writes a key ssh2 parses as the same ed25519 key', () => {
    const { seed, publicKey } = ed25519();
    const parsed = ssh2.utils.parseKey(opensshEd25519PrivateKey(seed, publicKey, 0x01020304, 'root@web-01'));
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('not parsed');
    expect(parsed.type).toBe('ssh-ed25519');
    expect(parsed.isPrivateKey()).toBe(true);
    expect(parsed.getPublicSSH()).toEqual(ed25519PublicBlob(publicKey));
    const signature = parsed.sign(Buffer.from('data'));
    expect(parsed.verify(Buffer.from('data'), signature)).toBe(true);
  });

  it('writes a key ssh-keygen reads, whose fingerprint is the one we print for its public key', () => {
    const { seed, publicKey } = ed25519();
    dir = mkdtempSync(join(tmpdir(), 'decnet-key-'));
    const file = join(dir, 'id');
    writeFileSync(file, opensshEd25519PrivateKey(seed, publicKey, 7), { mode: 0o600 });
    const publicLine = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' });
    expect(publicLine.trim().split(' ')[1]).toBe(ed25519PublicBlob(publicKey).toString('base64'));
    const printed = execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' }).split(' ')[1];
    expect(publicKeyFingerprint(ed25519PublicBlob(publicKey))).toBe(printed);
  });
});

describe('publicKeyFingerprint', () => {
  it('is SHA256: and unpadded base64 of the blob', () => {
    expect(publicKeyFingerprint(Buffer.from('abc'))).toBe(
      'SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0',
    );
  });
});
