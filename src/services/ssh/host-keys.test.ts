import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/logger.js';
import { HOST_KEY_FILES, HostKeyStore, needsRsaHostKey } from './host-keys.js';

let scratch: string | null = null;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

function keysDir(): string {
  scratch = mkdtempSync(join(tmpdir(), 'decnet-hostkeys-'));
  return join(scratch, 'decky-01', 'keys');
}

const types = (store: HostKeyStore) => store.current().map((k) => k.type);

describe('HostKeyStore', () => {
  it('makes nothing until first asked, then ECDSA and ed25519 (sshd order), files 0600 in a 0700 directory', () => {
    const dir = keysDir();
    const store = new HostKeyStore(dir, silentLogger);
    expect(() => statSync(dir)).toThrow();
    expect(types(store)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const kind of ['ed25519', 'ecdsa'] as const) {
      expect(statSync(join(dir, HOST_KEY_FILES[kind])).mode & 0o777).toBe(0o600);
    }
    expect(() => statSync(join(dir, HOST_KEY_FILES.rsa))).toThrow();
    expect(readFileSync(join(dir, HOST_KEY_FILES.ed25519), 'utf8')).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n/,
    );
    expect(readFileSync(join(dir, HOST_KEY_FILES.ecdsa), 'utf8')).toMatch(
      /^-----BEGIN EC PRIVATE KEY-----\n/,
    );
  });

  it('reads the same keys back in a new store (a restart)', () => {
    const dir = keysDir();
    const first = new HostKeyStore(dir, silentLogger)
      .current()
      .map((k) => k.getPublicSSH().toString('base64'));
    const again = new HostKeyStore(dir, silentLogger)
      .current()
      .map((k) => k.getPublicSSH().toString('base64'));
    expect(again).toEqual(first);
  });

  it('makes the RSA key once however many ask at the same time, then offers it first and keeps it', async () => {
    const dir = keysDir();
    const store = new HostKeyStore(dir, silentLogger);
    expect(store.hasRsa()).toBe(false);
    await Promise.all([store.ensureRsa(), store.ensureRsa(), store.ensureRsa()]);
    expect(types(store)).toEqual(['ssh-rsa', 'ecdsa-sha2-nistp256', 'ssh-ed25519']);
    const pem = readFileSync(join(dir, HOST_KEY_FILES.rsa), 'utf8');
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const reloaded = new HostKeyStore(dir, silentLogger);
    expect(reloaded.hasRsa()).toBe(true);
    expect(reloaded.current()[0]?.getPublicSSH()).toEqual(store.current()[0]?.getPublicSSH());
    await reloaded.ensureRsa();
    expect(readFileSync(join(dir, HOST_KEY_FILES.rsa), 'utf8')).toBe(pem);
  }, 30_000);

  it('replaces a key file that is not a private key', () => {
    const dir = keysDir();
    new HostKeyStore(dir, silentLogger).current();
    writeFileSync(join(dir, HOST_KEY_FILES.ed25519), 'garbage');
    expect(types(new HostKeyStore(dir, silentLogger))).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    expect(readFileSync(join(dir, HOST_KEY_FILES.ed25519), 'utf8')).toMatch(/OPENSSH PRIVATE KEY/);
  });
});

describe('needsRsaHostKey', () => {
  it.each([
    ['OpenSSH 9 (ed25519 first)', ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512'], false],
    ['ECDSA and RSA only', ['ecdsa-sha2-nistp256', 'ssh-rsa'], false],
    ['old libssh2 (ssh-rsa, ssh-dss)', ['ssh-rsa', 'ssh-dss'], true],
    ['rsa-sha2 only', ['rsa-sha2-256'], true],
    ['certificates only: nothing we can serve', ['ssh-ed25519-cert-v01@openssh.com'], false],
    ['an empty list', [], false],
  ])('%s → %s', (_name, algorithms, needed) => {
    expect(needsRsaHostKey(algorithms)).toBe(needed);
  });
});
