/**
 * The transport algorithms the decky offers, in the order the sshd its ident names offers them
 * (OpenSSH `myproposal.h` KEX_SERVER_*; dropbear `common-algo.c`; IOS 15 `show ip ssh`), keeping only
 * what ssh2 implements: no sntrup761x25519/mlkem768x25519 key exchange, no umac MACs, no blowfish or
 * cast128. What is left is still in the real order, so a client negotiates what it would with the real
 * server whenever the real server's first choice is one ssh2 has.
 */
import type { CipherAlgorithm, CompressionAlgorithm, KexAlgorithm, MacAlgorithm } from 'ssh2';
import type { KexInitLists } from '../../fingerprint/ssh-kexinit.js';
import type { ServerSoftware } from './identification.js';

/** Typed by ssh2's own names: a name it does not implement does not compile. */
export interface SshAlgorithms {
  kex: readonly KexAlgorithm[];
  cipher: readonly CipherAlgorithm[];
  mac: readonly MacAlgorithm[];
  compress: readonly CompressionAlgorithm[];
}

/**
 * ssh2's server always appends the strict-KEX marker (the Terrapin countermeasure, CVE-2023-48795) to
 * the key exchange list it sends; OpenSSH 9.6 and the patched distro packages of older releases do too.
 */
export const STRICT_KEX_SERVER_MARKER = 'kex-strict-s-v00@openssh.com';

/** OpenSSH 8.2 to 9.9: curve25519 first, then ECDH, then the finite-field groups. */
const OPENSSH_KEX = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha256',
] as const satisfies readonly KexAlgorithm[];

/** OpenSSH 8.2 removed diffie-hellman-group14-sha1 from the server's default offer. */
const OPENSSH_GROUP14_SHA1_REMOVED = 802;

const OPENSSH_CIPHERS = [
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
] as const satisfies readonly CipherAlgorithm[];

/** OpenSSH 6.8 and later, without umac-64/umac-128 (both etm and plain), which ssh2 lacks. */
const OPENSSH_MACS = [
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha1-etm@openssh.com',
  'hmac-sha2-256',
  'hmac-sha2-512',
  'hmac-sha1',
] as const satisfies readonly MacAlgorithm[];

/** sshd's default `Compression delayed`: zlib only after authentication. */
const OPENSSH_COMPRESSION = ['none', 'zlib@openssh.com'] as const satisfies readonly CompressionAlgorithm[];

const DROPBEAR: SshAlgorithms = {
  kex: [
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'ecdh-sha2-nistp521',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp256',
    'diffie-hellman-group14-sha256',
    'diffie-hellman-group14-sha1',
  ],
  cipher: ['chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes256-ctr'],
  mac: ['hmac-sha1', 'hmac-sha2-256'],
  compress: ['zlib@openssh.com', 'none'],
};

/** Cisco IOS 15 (`SSH-2.0-Cisco-1.25`): SHA-1 groups and CBC ciphers still on by default. */
const CISCO_IOS: SshAlgorithms = {
  kex: ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
  cipher: ['aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-cbc', '3des-cbc', 'aes192-cbc', 'aes256-cbc'],
  mac: ['hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1', 'hmac-sha1-96'],
  compress: ['none'],
};

/** The algorithms of the software the ident claims; an ident naming no known server gets OpenSSH's. */
export function algorithmsFor(software: ServerSoftware): SshAlgorithms {
  if (software.family === 'dropbear') return DROPBEAR;
  if (software.family === 'cisco') return CISCO_IOS;
  const legacy = software.family === 'openssh' && software.version < OPENSSH_GROUP14_SHA1_REMOVED;
  return {
    kex: legacy ? [...OPENSSH_KEX, 'diffie-hellman-group14-sha1'] : OPENSSH_KEX,
    cipher: OPENSSH_CIPHERS,
    mac: OPENSSH_MACS,
    compress: OPENSSH_COMPRESSION,
  };
}

/** What our KEXINIT carries in the lists HASSHServer covers (ssh2 offers the same lists both ways). */
export function serverOffer(
  algorithms: SshAlgorithms,
): Pick<
  KexInitLists,
  'kexAlgorithms' | 'encryptionServerToClient' | 'macServerToClient' | 'compressionServerToClient'
> {
  return {
    kexAlgorithms: [...algorithms.kex, STRICT_KEX_SERVER_MARKER],
    encryptionServerToClient: [...algorithms.cipher],
    macServerToClient: [...algorithms.mac],
    compressionServerToClient: [...algorithms.compress],
  };
}
