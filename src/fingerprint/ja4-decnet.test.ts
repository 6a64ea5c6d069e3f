import { describe, expect, it } from 'vitest';
import { ja4DecnetOf } from './ja4-decnet.js';

const hex = (list: string) => list.split(',').map((h) => Number.parseInt(h, 16));

/**
 * The Chrome hello of FoxIO's JA4.md example, GREASE added. Expected values computed independently
 * with Python's hashlib over the sniffer's recipe (decimal, sorted, SNI/ALPN kept, signatures sorted).
 */
const chrome = {
  legacyVersion: 0x0303,
  supportedVersions: [0x4a4a, 0x0304, 0x0303],
  cipherSuites: [
    0x3a3a,
    ...hex('1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035'),
  ],
  extensions: [
    0x2a2a,
    ...hex('001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015'),
  ],
  alpn: ['h2', 'http/1.1'],
  signatureAlgorithms: hex('0403,0804,0401,0503,0805,0501,0806,0601'),
};

describe("DECNET's JA4 (spec §4.5)", () => {
  it('hashes decimal sorted lists with SNI and ALPN kept and the signature algorithms sorted', () => {
    expect(ja4DecnetOf(chrome)).toBe('t13d1516h2_dea800f94266_225c3989d1e5');
  });

  it('hashes the extensions alone when there are no signature algorithms', () => {
    expect(ja4DecnetOf({ ...chrome, signatureAlgorithms: [] })).toBe('t13d1516h2_dea800f94266_1839e93a0dcf');
  });

  it('does not depend on wire order (both lists are sorted)', () => {
    const shuffled = {
      ...chrome,
      cipherSuites: [...chrome.cipherSuites].reverse(),
      extensions: [...chrome.extensions].reverse(),
      signatureAlgorithms: [...chrome.signatureAlgorithms].reverse(),
    };
    expect(ja4DecnetOf(shuffled)).toBe(ja4DecnetOf(chrome));
  });

  it.each([
    [{ supportedVersions: [], legacyVersion: 0x0303 }, 't12'],
    [{ supportedVersions: [], legacyVersion: 0x0301 }, 't10'],
    [{ supportedVersions: [], legacyVersion: 0x0300 }, 'ts3'],
    [{ supportedVersions: [], legacyVersion: 0x0002 }, 'ts2'],
    [{ supportedVersions: [], legacyVersion: 0x7f17 }, 't00'],
    [{ supportedVersions: [0x0302, 0x0301] }, 't11'],
  ])(
    'takes the version from the highest supported_versions, else legacy_version: %j → %s',
    (over, prefix) => {
      expect(ja4DecnetOf({ ...chrome, ...over }).startsWith(prefix)).toBe(true);
    },
  );

  it('marks a hello without SNI with i and one without ALPN with 00', () => {
    const bare = { ...chrome, extensions: [43, 13], alpn: [] };
    expect(ja4DecnetOf(bare).slice(0, 10)).toBe('t13i150200');
  });

  it('caps the counts at 99', () => {
    const many = { ...chrome, cipherSuites: Array.from({ length: 150 }, (_, i) => i + 1) };
    expect(ja4DecnetOf(many).slice(0, 10)).toBe('t13d9916h2');
  });

  it('hashes empty lists as sha256 of the empty string, as the Python sniffer does', () => {
    const empty = { ...chrome, cipherSuites: [], extensions: [], alpn: [], signatureAlgorithms: [] };
    expect(ja4DecnetOf(empty)).toBe('t13i000000_e3b0c44298fc_e3b0c44298fc');
  });

  it('never copies a control byte of the ALPN into the fingerprint', () => {
    expect(ja4DecnetOf({ ...chrome, alpn: ['\nx\u0000'] }).slice(8, 10)).toBe('00');
    expect(ja4DecnetOf({ ...chrome, alpn: ['x'] }).slice(8, 10)).toBe('xx');
  });
});
