import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { captureClientPreamble, SSH_TEST_OPTIONS } from '../services/ssh/testing.js';
import { hasshOf, hasshServerOf } from './hassh.js';

const EMPTY = {
  kexAlgorithms: [],
  encryptionClientToServer: [],
  macClientToServer: [],
  compressionClientToServer: [],
  encryptionServerToClient: [],
  macServerToClient: [],
  compressionServerToClient: [],
};

describe('hasshOf', () => {
  it("gives the HASSH Salesforce documents for Cyberduck 6.7.1's offer", () => {
    const offer = {
      kexAlgorithms:
        'curve25519-sha256@libssh.org,diffie-hellman-group-exchange-sha256,ecdh-sha2-nistp521,ecdh-sha2-nistp384,ecdh-sha2-nistp256,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group14-sha256,diffie-hellman-group15-sha512,diffie-hellman-group16-sha512,diffie-hellman-group17-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256@ssh.com,diffie-hellman-group15-sha256,diffie-hellman-group15-sha256@ssh.com,diffie-hellman-group15-sha384@ssh.com,diffie-hellman-group16-sha256,diffie-hellman-group16-sha384@ssh.com,diffie-hellman-group16-sha512@ssh.com,diffie-hellman-group18-sha512@ssh.com'.split(
          ',',
        ),
      encryptionClientToServer:
        'aes128-cbc,aes128-ctr,aes192-cbc,aes192-ctr,aes256-cbc,aes256-ctr,blowfish-cbc,blowfish-ctr,cast128-cbc,cast128-ctr,idea-cbc,idea-ctr,serpent128-cbc,serpent128-ctr,serpent192-cbc,serpent192-ctr,serpent256-cbc,serpent256-ctr,3des-cbc,3des-ctr,twofish128-cbc,twofish128-ctr,twofish192-cbc,twofish192-ctr,twofish256-cbc,twofish256-ctr,twofish-cbc,arcfour,arcfour128,arcfour256'.split(
          ',',
        ),
      macClientToServer: 'hmac-sha1,hmac-sha1-96,hmac-md5,hmac-md5-96,hmac-sha2-256,hmac-sha2-512'.split(','),
      compressionClientToServer: ['zlib@openssh.com', 'zlib', 'none'],
    };
    expect(hasshOf(offer).hash).toBe('8a8ae540028bf433cd68356c1b9e8d5b');
  });

  it('joins names with commas and the four lists with semicolons, empty lists included', () => {
    expect(
      hasshOf({ ...EMPTY, kexAlgorithms: ['a', 'b'], compressionClientToServer: ['none'] }).algorithms,
    ).toBe('a,b;;;none');
    expect(hasshOf(EMPTY)).toEqual({
      hash: createHash('md5').update(';;;').digest('hex'),
      algorithms: ';;;',
    });
  });

  it('takes the client-to-server lists for HASSH and the server-to-client ones for HASSHServer', () => {
    const offer = {
      ...EMPTY,
      kexAlgorithms: ['k'],
      encryptionClientToServer: ['c2s'],
      encryptionServerToClient: ['s2c'],
      macClientToServer: ['m-c2s'],
      macServerToClient: ['m-s2c'],
      compressionClientToServer: ['z-c2s'],
      compressionServerToClient: ['z-s2c'],
    };
    expect(hasshOf(offer).algorithms).toBe('k;c2s;m-c2s;z-c2s');
    expect(hasshServerOf(offer).algorithms).toBe('k;s2c;m-s2c;z-s2c');
  });
});

/** The name-lists of a KEXINIT packet, read here without the module's parser. */
function nameLists(packet: Buffer): string[] {
  const lists: string[] = [];
  let offset = 5 + 1 + 16;
  for (let i = 0; i < 10; i++) {
    const length = packet.readUInt32BE(offset);
    lists.push(packet.subarray(offset + 4, offset + 4 + length).toString('latin1'));
    offset += 4 + length;
  }
  return lists;
}

describe('HASSH of the real OpenSSH client', () => {
  it("matches the MD5 of its captured KEXINIT's lists and the algorithms `ssh -G` says it offers", async () => {
    const captured = await captureClientPreamble('ssh', (port) => [
      ...SSH_TEST_OPTIONS,
      '-o',
      'BatchMode=yes',
      '-p',
      String(port),
      'x@127.0.0.1',
      'true',
    ]);
    expect(captured.ident).toMatch(/^SSH-2\.0-OpenSSH_/);
    const packet = captured.bytes.subarray(captured.bytes.indexOf('\n') + 1);
    const [kex, , encC2S, , macC2S, , compC2S] = nameLists(packet);
    const expected = `${kex};${encC2S};${macC2S};${compC2S}`;
    const hassh = hasshOf(captured.kexinit);
    expect(hassh.algorithms).toBe(expected);
    expect(hassh.hash).toBe(createHash('md5').update(expected).digest('hex'));

    const config = new Map(
      execFileSync('ssh', ['-F', '/dev/null', '-G', 'x@127.0.0.1'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)] as const),
    );
    expect(encC2S).toBe(config.get('ciphers'));
    expect(macC2S).toBe(config.get('macs'));
    // The client adds its extension markers (ext-info-c, strict KEX) after its configured methods.
    expect(kex?.startsWith(`${config.get('kexalgorithms')},ext-info-c`)).toBe(true);
  });
});
