import { describe, expect, it } from 'vitest';
import { ja3Of } from '../../fingerprint/ja3.js';
import { ja4Of } from '../../fingerprint/ja4.js';
import { ja4DecnetOf } from '../../fingerprint/ja4-decnet.js';
import type { ClientHello } from '../../fingerprint/tls-client-hello.js';
import { clientHelloFields, resumptionOffered, versionName } from './client-hello-event.js';

const hello: ClientHello = {
  recordVersion: 0x0301,
  legacyVersion: 0x0303,
  random: Buffer.alloc(32),
  sessionId: Buffer.alloc(32, 1),
  cipherSuites: [0x0a0a, 4865, 4866, 49195],
  compressionMethods: [0],
  extensions: [0x1a1a, 0, 16, 43, 10, 11, 13, 35, 51],
  malformedExtensions: [],
  sni: 'portal.corp.test',
  alpn: ['h2', 'http/1.1'],
  supportedVersions: [0x2a2a, 0x0304, 0x0303],
  supportedGroups: [29, 23],
  ecPointFormats: [0],
  signatureAlgorithms: [0x0403, 0x0804],
  keyShareGroups: [29],
  pskKeyExchangeModes: [1],
};

describe('tls_client_hello fields', () => {
  it('carries the sniffer fields: fingerprints, version, SNI, ALPN, decimal lists without GREASE', () => {
    expect(clientHelloFields(hello)).toEqual({
      ja3: ja3Of(hello).hash,
      ja4: ja4DecnetOf(hello),
      ja4_foxio: ja4Of(hello),
      tls_version: 'TLS 1.3',
      sni: 'portal.corp.test',
      alpn: 'h2,http/1.1',
      raw_ciphers: '4865-4866-49195',
      raw_extensions: '0-16-43-10-11-13-35-51',
      resumption: 'session_ticket',
    });
  });

  it('leaves out SNI, ALPN and resumption when the hello has none', () => {
    const bare = { ...hello, sni: null, alpn: [], extensions: [43], sessionId: Buffer.alloc(0) };
    const fields = clientHelloFields(bare);
    expect(fields).not.toHaveProperty('sni');
    expect(fields).not.toHaveProperty('alpn');
    expect(fields).not.toHaveProperty('resumption');
  });

  it.each([
    [{ extensions: [41, 42] }, ['psk', 'early_data']],
    // A TLS 1.2 client resumes by session id; a TLS 1.3 client sends a fake one (RFC 8446 §4.1.2).
    [{ supportedVersions: [], extensions: [35] }, ['session_id', 'session_ticket']],
    [{ supportedVersions: [], extensions: [], sessionId: Buffer.alloc(0) }, []],
  ])('names the resumption mechanisms offered: %j', (over, expected) => {
    expect(resumptionOffered({ ...hello, ...over })).toEqual(expected);
  });

  it.each([
    [0x0304, 'TLS 1.3'],
    [0x0301, 'TLS 1.0'],
    [0x0300, 'SSL 3.0'],
    [0x7f1c, '0x7f1c'],
  ])('names version %d %s', (version, name) => {
    expect(versionName(version)).toBe(name);
  });
});
