import { describe, expect, it } from 'vitest';
import {
  encodeKexinitPacket,
  type KexInitLists,
  parseIdentLine,
  parseKexinitPacket,
  parseKexinitPayload,
  SSH_IDENT_MAX_BYTES,
  SSH_PACKET_MAX_BYTES,
} from './ssh-kexinit.js';

const LISTS: KexInitLists = {
  kexAlgorithms: ['curve25519-sha256', 'ext-info-c'],
  serverHostKeyAlgorithms: ['ssh-ed25519', 'rsa-sha2-512'],
  encryptionClientToServer: ['aes128-ctr'],
  encryptionServerToClient: ['aes256-ctr', 'aes128-ctr'],
  macClientToServer: ['hmac-sha2-256'],
  macServerToClient: ['hmac-sha1'],
  compressionClientToServer: ['none', 'zlib@openssh.com'],
  compressionServerToClient: ['none'],
  languagesClientToServer: [],
  languagesServerToClient: [],
};

describe('parseIdentLine', () => {
  it.each([
    ['CR LF', 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n', 'SSH-2.0-OpenSSH_9.2p1 Debian-2', 32],
    ['a bare LF', 'SSH-2.0-Go\n', 'SSH-2.0-Go', 11],
    ['what follows left alone', 'SSH-2.0-libssh_0.10.6\r\n\0\0\x03\x08', 'SSH-2.0-libssh_0.10.6', 23],
  ])('reads an ident ending in %s', (_name, text, ident, length) => {
    expect(parseIdentLine(Buffer.from(text, 'latin1'))).toEqual({ kind: 'ident', ident, length });
  });

  it.each([
    ['nothing yet', ''],
    ['a partial line', 'SSH-2.0-Open'],
    ['a partial line that is not SSH (judged once whole, as sshd does)', 'GET / HTT'],
  ])('waits on %s', (_name, text) => {
    expect(parseIdentLine(Buffer.from(text))).toEqual({ kind: 'incomplete' });
  });

  it.each([
    ['an HTTP request', 'GET / HTTP/1.1\r\n'],
    ['an empty line', '\r\n'],
    ['a line shorter than the prefix', 'SS\n'],
    ['a control byte inside', 'SSH-2.0-x\x01y\r\n'],
  ])('rejects %s', (_name, text) => {
    expect(parseIdentLine(Buffer.from(text, 'latin1')).kind).toBe('invalid');
  });

  it(`accepts a line of ${SSH_IDENT_MAX_BYTES} bytes with its LF and rejects ${SSH_IDENT_MAX_BYTES} bytes without one`, () => {
    const longest = `SSH-2.0-${'x'.repeat(SSH_IDENT_MAX_BYTES - 8 - 2)}\r\n`;
    expect(longest).toHaveLength(SSH_IDENT_MAX_BYTES);
    expect(parseIdentLine(Buffer.from(longest)).kind).toBe('ident');
    const unterminated = Buffer.from(`SSH-2.0-${'x'.repeat(SSH_IDENT_MAX_BYTES - 8)}`);
    expect(parseIdentLine(unterminated.subarray(0, SSH_IDENT_MAX_BYTES - 1)).kind).toBe('incomplete');
    expect(parseIdentLine(unterminated).kind).toBe('invalid');
  });
});

describe('parseKexinitPacket', () => {
  it('reads back every list of an encoded KEXINIT, with the packet length', () => {
    const cookie = Buffer.alloc(16, 7);
    const packet = encodeKexinitPacket(LISTS, cookie);
    const result = parseKexinitPacket(packet);
    expect(result.kind).toBe('kexinit');
    if (result.kind !== 'kexinit') return;
    expect(result.length).toBe(packet.length);
    expect(packet.length % 8).toBe(0);
    expect(result.kexinit).toEqual({ ...LISTS, cookie, firstKexPacketFollows: false, reserved: 0 });
  });

  it('waits for the whole packet, one byte short included', () => {
    const packet = encodeKexinitPacket(LISTS);
    for (const cut of [0, 4, 5, packet.length - 1]) {
      expect(parseKexinitPacket(packet.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    }
  });

  it('ignores bytes after the packet (the next one)', () => {
    const packet = encodeKexinitPacket(LISTS);
    const result = parseKexinitPacket(Buffer.concat([packet, Buffer.from([0, 0, 0, 12])]));
    expect(result.kind === 'kexinit' && result.length).toBe(packet.length);
  });

  it(`accepts a packet of ${SSH_PACKET_MAX_BYTES} bytes and rejects one byte more from its header alone`, () => {
    const header = (total: number) => {
      const b = Buffer.alloc(5);
      b.writeUInt32BE(total - 4);
      b[4] = 4;
      return b;
    };
    expect(parseKexinitPacket(header(SSH_PACKET_MAX_BYTES))).toEqual({ kind: 'incomplete' });
    expect(parseKexinitPacket(header(SSH_PACKET_MAX_BYTES + 1)).kind).toBe('invalid');
  });

  it.each([
    ['padding under 4 bytes', (p: Buffer) => (p[4] = 3)],
    ['padding as long as the packet', (p: Buffer) => (p[4] = p.readUInt32BE(0))],
    ['another message than KEXINIT', (p: Buffer) => (p[5] = 21)],
    ['a name-list running past the payload', (p: Buffer) => p.writeUInt32BE(0xffff, 5 + 17)],
    ['a non-ASCII byte in a name-list', (p: Buffer) => (p[5 + 17 + 4] = 0xc3)],
  ])('rejects %s', (_name, spoil) => {
    const packet = encodeKexinitPacket(LISTS);
    spoil(packet);
    expect(parseKexinitPacket(packet).kind).toBe('invalid');
  });

  it('names what is wrong with a payload cut short', () => {
    expect(parseKexinitPayload(Buffer.from([20, 1, 2]))).toMatch(/cookie/);
    expect(parseKexinitPayload(Buffer.concat([Buffer.from([20]), Buffer.alloc(16)]))).toMatch(/name-list 1/);
  });
});
