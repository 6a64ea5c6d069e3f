import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };
const sniffer = (fields: Record<string, string>, eventType = 'tls_client_hello') =>
  extractBounties(logRecord({ service: 'sniffer', decky: 'decnet-sniffer', eventType, fields }), opts);

const HELLO = {
  src_ip: '198.51.100.7',
  src_port: '51544',
  dst_port: '443',
  ja3: '771,4865-4866,0-23-65281,29-23,0',
  ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
  tls_version: 'TLS 1.3',
  sni: 'web-01.example',
  alpn: 'h2,http/1.1',
  raw_ciphers: '4865-4866',
  raw_extensions: '0-23-65281',
};

describe('sniffer bounties', () => {
  it('ja3: client hello, with absent server-side values as null and the port as a number', () => {
    expect(sniffer(HELLO)).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'ja3',
        attackerIp: '198.51.100.7',
        payload: {
          fingerprint_type: 'ja3',
          ja3: HELLO.ja3,
          ja3s: null,
          ja4: HELLO.ja4,
          ja4s: null,
          tls_version: 'TLS 1.3',
          sni: 'web-01.example',
          alpn: 'h2,http/1.1',
          dst_port: 443,
          raw_ciphers: '4865-4866',
          raw_extensions: '0-23-65281',
        },
      },
    ]);
  });

  it('ja3: session line carries ja3s/ja4s', () => {
    const [bounty] = sniffer(
      { ...HELLO, ja3s: '771,4865,43-51', ja4s: 't130200_1301_234ea6891581' },
      'tls_session',
    );
    expect(bounty?.payload).toMatchObject({ ja3s: '771,4865,43-51', ja4s: 't130200_1301_234ea6891581' });
  });

  it('ja4l: rtt and ttl as numbers', () => {
    const bounties = sniffer({ ...HELLO, ja4l_rtt_ms: '12.5', ja4l_client_ttl: '57' });
    expect(bounties.find((b) => b.fingerprintType === 'ja4l')?.payload).toEqual({
      fingerprint_type: 'ja4l',
      rtt_ms: 12.5,
      client_ttl: 57,
    });
  });

  it('tls_resumption: mechanisms as the wire list', () => {
    const bounties = sniffer({ ...HELLO, resumption: 'session_ticket,psk' });
    expect(bounties.find((b) => b.fingerprintType === 'tls_resumption')?.payload).toEqual({
      fingerprint_type: 'tls_resumption',
      mechanisms: 'session_ticket,psk',
    });
  });

  it('tls_certificate: certificate fields, self_signed as a boolean', () => {
    const bounties = sniffer(
      {
        subject_cn: 'evil.example',
        issuer: 'CN=evil.example',
        self_signed: 'True',
        not_before: '2026-01-01T00:00:00Z',
        not_after: '2027-01-01T00:00:00Z',
        sans: 'evil.example,www.evil.example',
        sni: 'evil.example',
      },
      'tls_certificate',
    );
    expect(bounties).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'tls_certificate',
        attackerIp: '198.51.100.7',
        payload: {
          fingerprint_type: 'tls_certificate',
          subject_cn: 'evil.example',
          issuer: 'CN=evil.example',
          self_signed: true,
          not_before: '2026-01-01T00:00:00Z',
          not_after: '2027-01-01T00:00:00Z',
          sans: 'evil.example,www.evil.example',
          sni: 'evil.example',
        },
      },
    ]);
  });

  it.each([
    ['False', false],
    ['true', true],
    ['0', false],
    ['maybe', null],
  ])('self_signed %j → %s', (wire, value) => {
    const [bounty] = sniffer({ subject_cn: 'x', self_signed: wire }, 'tls_certificate');
    expect(bounty?.payload.self_signed).toBe(value);
  });

  it('fires every row a line triggers, in a fixed order', () => {
    const types = sniffer({ ...HELLO, ja4l_rtt_ms: '3', resumption: 'psk', subject_cn: 'x' }).map(
      (b) => b.fingerprintType,
    );
    expect(types).toEqual(['ja3', 'ja4l', 'tls_resumption', 'tls_certificate']);
  });

  it("takes the ClientHello a decky's https service terminated as the sniffer's", () => {
    const record = logRecord({ service: 'https', eventType: 'tls_client_hello', fields: HELLO });
    expect(extractBounties(record, opts).map((b) => b.fingerprintType)).toEqual(['ja3']);
  });

  it('ignores the same fields from another service, and empty trigger fields', () => {
    expect(extractBounties(logRecord({ service: 'http', fields: HELLO }), opts)).toEqual([]);
    expect(sniffer({ ja3: '', ja4l_rtt_ms: '', resumption: '', subject_cn: '' })).toEqual([]);
  });

  it.each([
    ['not a number', 'abc'],
    ['hex', '0x1bb'],
    ['empty', ''],
  ])('a %s port becomes null', (_name, port) => {
    expect(sniffer({ ...HELLO, dst_port: port })[0]?.payload.dst_port).toBeNull();
  });
});
