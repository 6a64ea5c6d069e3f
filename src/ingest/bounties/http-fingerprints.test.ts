import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };
const run = (eventType: string, fields: Record<string, string>, service = 'https') =>
  extractBounties(logRecord({ service, eventType, fields }), opts);

describe('ja4h', () => {
  const fields = {
    ja4h: 'GE20nn0000_07_abcdef012345_000000000000',
    method: 'GET',
    path: '/',
    remote_port: '51544',
  };

  it.each([
    ['proto', { proto: 'h2' }, 'h2'],
    ['protocol when proto is absent', { protocol: 'h3' }, 'h3'],
    ['protocol when proto is empty', { proto: '', protocol: 'h3' }, 'h3'],
    ['h1 by default', {}, 'h1'],
  ])('protocol from %s', (_name, extra, protocol) => {
    expect(run('http_request_fingerprint', { ...fields, ...extra })).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'ja4h',
        attackerIp: '198.51.100.7',
        payload: {
          fingerprint_type: 'ja4h',
          ja4h: fields.ja4h,
          protocol,
          method: 'GET',
          path: '/',
          remote_port: 51544,
        },
      },
    ]);
  });

  it('needs the http_request_fingerprint event and a ja4h', () => {
    expect(run('request', fields)).toEqual([]);
    expect(run('http_request_fingerprint', { ...fields, ja4h: '' })).toEqual([]);
  });
});

describe('http2_settings / http3_settings', () => {
  const settings = '{"HEADER_TABLE_SIZE":65536,"ENABLE_PUSH":0,"INITIAL_WINDOW_SIZE":6291456}';

  it.each([
    ['http2_settings', 'h2', '[1,2,4]'],
    ['http3_settings', 'h3', null],
  ])('%s keeps settings as the wire JSON text, protocol %s', (eventType, protocol, frameOrder) => {
    const fields: Record<string, string> = { settings, remote_port: '40000' };
    if (frameOrder !== null) fields.frame_order = frameOrder;
    expect(run(eventType, fields)).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: eventType,
        attackerIp: '198.51.100.7',
        payload: {
          fingerprint_type: eventType,
          settings,
          frame_order: frameOrder,
          protocol,
          remote_port: 40000,
        },
      },
    ]);
  });

  it('needs settings', () => {
    expect(run('http2_settings', { frame_order: '[1]' })).toEqual([]);
  });
});

describe('ja4_quic', () => {
  it('fires on quic_client_hello with ja4_quic, whatever the service', () => {
    const fields = {
      ja4_quic: 'q13d0310h3_55b375c5d22e_cd85d2d88918',
      sni: 'web-01',
      alpn: 'h3',
      raw_ciphers: '4865',
    };
    expect(run('quic_client_hello', fields, 'sniffer')).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'ja4_quic',
        attackerIp: '198.51.100.7',
        payload: { fingerprint_type: 'ja4_quic', ...fields },
      },
    ]);
    expect(run('quic_client_hello', { sni: 'web-01' }, 'sniffer')).toEqual([]);
  });
});
