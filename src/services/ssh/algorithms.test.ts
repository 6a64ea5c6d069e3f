import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { algorithmsFor, STRICT_KEX_SERVER_MARKER, serverOffer } from './algorithms.js';
import { serverSoftware } from './identification.js';

const ssh2Constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as Record<
  string,
  string[]
>;

const IDENTS = [
  'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
  'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10',
  'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.11',
  'SSH-2.0-OpenSSH_7.4',
  'SSH-2.0-OpenSSH_for_Windows_8.1',
  'SSH-2.0-dropbear_2022.83',
  'SSH-2.0-Cisco-1.25',
  'SSH-2.0-Unknown',
];

describe('algorithmsFor', () => {
  it.each(IDENTS)('offers only what ssh2 implements on this machine for %s', (ident) => {
    const a = algorithmsFor(serverSoftware(ident));
    for (const name of a.kex) expect(ssh2Constants.SUPPORTED_KEX).toContain(name);
    for (const name of a.cipher) expect(ssh2Constants.SUPPORTED_CIPHER).toContain(name);
    for (const name of a.mac) expect(ssh2Constants.SUPPORTED_MAC).toContain(name);
    for (const name of a.compress) expect(ssh2Constants.SUPPORTED_COMPRESSION).toContain(name);
  });

  it("follows OpenSSH 8.2+'s server order, curve25519 first and no SHA-1 group", () => {
    const a = algorithmsFor(serverSoftware('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10'));
    expect(a.kex[0]).toBe('curve25519-sha256');
    expect(a.kex.at(-1)).toBe('diffie-hellman-group14-sha256');
    expect(a.cipher).toEqual([
      'chacha20-poly1305@openssh.com',
      'aes128-ctr',
      'aes192-ctr',
      'aes256-ctr',
      'aes128-gcm@openssh.com',
      'aes256-gcm@openssh.com',
    ]);
    expect(a.mac[0]).toBe('hmac-sha2-256-etm@openssh.com');
    expect(a.compress).toEqual(['none', 'zlib@openssh.com']);
  });

  it('still offers diffie-hellman-group14-sha1 for OpenSSH before 8.2 (CentOS 7, Windows 8.1), at the end', () => {
    for (const ident of ['SSH-2.0-OpenSSH_7.4', 'SSH-2.0-OpenSSH_for_Windows_8.1']) {
      expect(algorithmsFor(serverSoftware(ident)).kex.at(-1)).toBe('diffie-hellman-group14-sha1');
    }
    expect(algorithmsFor(serverSoftware('SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.11')).kex).not.toContain(
      'diffie-hellman-group14-sha1',
    );
  });
});

describe('serverOffer', () => {
  it("appends ssh2's strict-KEX marker to the key exchange list and keeps the other lists", () => {
    const a = algorithmsFor(serverSoftware('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'));
    const offer = serverOffer(a);
    expect(offer.kexAlgorithms).toEqual([...a.kex, STRICT_KEX_SERVER_MARKER]);
    expect(offer.encryptionServerToClient).toEqual(a.cipher);
    expect(offer.macServerToClient).toEqual(a.mac);
    expect(offer.compressionServerToClient).toEqual(a.compress);
  });
});
