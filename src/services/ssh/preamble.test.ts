import { describe, expect, it } from 'vitest';
import { encodeKexinitPacket } from '../../fingerprint/ssh-kexinit.js';
import { ClientPreamble, PREAMBLE_MAX_BYTES } from './preamble.js';

const KEXINIT = encodeKexinitPacket({
  kexAlgorithms: ['curve25519-sha256'],
  serverHostKeyAlgorithms: ['ssh-ed25519'],
  encryptionClientToServer: ['aes128-ctr'],
  encryptionServerToClient: ['aes128-ctr'],
  macClientToServer: ['hmac-sha2-256'],
  macServerToClient: ['hmac-sha2-256'],
  compressionClientToServer: ['none'],
  compressionServerToClient: ['none'],
  languagesClientToServer: [],
  languagesServerToClient: [],
});
const IDENT = Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n');

describe('ClientPreamble', () => {
  it('is complete once ident and KEXINIT are whole, however they are cut, and keeps every byte', () => {
    const all = Buffer.concat([IDENT, KEXINIT, Buffer.from([0, 0, 0, 44])]);
    for (const size of [1, 7, 64, all.length]) {
      const preamble = new ClientPreamble();
      const phases: string[] = [];
      for (let i = 0; i < all.length; i += size) phases.push(preamble.push(all.subarray(i, i + size)));
      expect(phases.at(-1)).toBe('complete');
      expect(preamble.ident).toBe('SSH-2.0-OpenSSH_9.2p1');
      expect(preamble.kexinit?.kexAlgorithms).toEqual(['curve25519-sha256']);
      // Only chunks up to the decision are kept; the caller stops feeding then.
      expect(all.subarray(0, preamble.bytes.length).equals(preamble.bytes)).toBe(true);
      expect(preamble.bytes.length).toBeGreaterThanOrEqual(IDENT.length + KEXINIT.length);
    }
  });

  it('waits on the KEXINIT after a whole ident', () => {
    const preamble = new ClientPreamble();
    expect(preamble.push(IDENT)).toBe('kexinit');
    expect(preamble.push(KEXINIT.subarray(0, 10))).toBe('kexinit');
  });

  it.each([
    ['an HTTP request', 'GET / HTTP/1.0\r\n\r\n', 'invalid'],
    ['an SSH-1 client', 'SSH-1.5-Client\r\n', 'version_mismatch'],
  ] as const)('rejects %s as not SSH-2', (_name, text, rejection) => {
    const preamble = new ClientPreamble();
    expect(preamble.push(Buffer.from(text))).toBe('not_ssh');
    expect(preamble.rejection).toBe(rejection);
    expect(preamble.push(Buffer.from('more'))).toBe('not_ssh');
  });

  it('calls a bad first packet what it is', () => {
    const preamble = new ClientPreamble();
    expect(
      preamble.push(Buffer.concat([IDENT, Buffer.from([0, 0, 0, 12, 4, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])])),
    ).toBe('bad_kexinit');
  });

  it(`decides by ${PREAMBLE_MAX_BYTES} bytes whatever they are`, () => {
    const noise = new ClientPreamble();
    expect(noise.push(Buffer.alloc(PREAMBLE_MAX_BYTES, 0x41))).toBe('not_ssh');
    const hugePacket = new ClientPreamble();
    const header = Buffer.from([0, 0, 0x89, 0x00, 4]);
    expect(hugePacket.push(Buffer.concat([IDENT, header]))).toBe('bad_kexinit');
  });
});
