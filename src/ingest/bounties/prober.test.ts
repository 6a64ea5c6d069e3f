import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };
const TARGET = { target_ip: '203.0.113.50', target_port: '8443' };
// The parser resolves target_ip into attackerIp for prober lines.
const prober = (eventType: string, fields: Record<string, string>) =>
  extractBounties(
    logRecord({
      service: 'prober',
      decky: 'decnet-prober',
      eventType,
      attackerIp: '203.0.113.50',
      fields: { ...TARGET, ...fields },
    }),
    opts,
  );

describe('prober bounties', () => {
  it('jarm', () => {
    expect(prober('jarm_fingerprint', { jarm_hash: '2ad2ad16d2ad2ad22c2ad2ad2ad2ad' })).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'jarm',
        attackerIp: '203.0.113.50',
        payload: {
          fingerprint_type: 'jarm',
          hash: '2ad2ad16d2ad2ad22c2ad2ad2ad2ad',
          target_ip: '203.0.113.50',
          target_port: 8443,
        },
      },
    ]);
  });

  it('tls_certificate with cert_sha256 and target', () => {
    const [bounty] = prober('tls_certificate', {
      subject_cn: 'c2.example',
      issuer: 'CN=c2.example',
      self_signed: 'true',
      cert_sha256: 'ab'.repeat(32),
    });
    expect(bounty?.payload).toEqual({
      fingerprint_type: 'tls_certificate',
      subject_cn: 'c2.example',
      issuer: 'CN=c2.example',
      self_signed: true,
      not_before: null,
      not_after: null,
      sans: null,
      sni: null,
      cert_sha256: 'ab'.repeat(32),
      target_ip: '203.0.113.50',
      target_port: 8443,
    });
  });

  it('hassh_server', () => {
    const [bounty] = prober('hassh_fingerprint', {
      hassh_server_hash: 'b12d2871a1189eff20364cf5333619ee',
      ssh_banner: 'SSH-2.0-OpenSSH_8.9p1',
      kex_algorithms: 'curve25519-sha256',
      encryption_s2c: 'aes128-ctr',
      mac_s2c: 'hmac-sha2-256',
      compression_s2c: 'none',
    });
    expect(bounty).toEqual({
      bountyType: 'fingerprint',
      fingerprintType: 'hassh_server',
      attackerIp: '203.0.113.50',
      payload: {
        fingerprint_type: 'hassh_server',
        hash: 'b12d2871a1189eff20364cf5333619ee',
        target_ip: '203.0.113.50',
        target_port: 8443,
        ssh_banner: 'SSH-2.0-OpenSSH_8.9p1',
        kex_algorithms: 'curve25519-sha256',
        encryption_s2c: 'aes128-ctr',
        mac_s2c: 'hmac-sha2-256',
        compression_s2c: 'none',
      },
    });
  });

  it('tcpfp: numbers as numbers, flags as booleans', () => {
    const [bounty] = prober('tcpfp_fingerprint', {
      tcpfp_hash: 'f00d',
      tcpfp_raw: '64:65535:1:1460:7:1:1:M,S,T,N,W',
      ttl: '64',
      window_size: '65535',
      df_bit: '1',
      mss: '1460',
      window_scale: '7',
      sack_ok: 'True',
      timestamp: 'false',
      options_order: 'M,S,T,N,W',
    });
    expect(bounty?.payload).toEqual({
      fingerprint_type: 'tcpfp',
      hash: 'f00d',
      raw: '64:65535:1:1460:7:1:1:M,S,T,N,W',
      target_ip: '203.0.113.50',
      target_port: 8443,
      ttl: 64,
      window_size: 65535,
      df_bit: true,
      mss: 1460,
      window_scale: 7,
      sack_ok: true,
      timestamp: false,
      options_order: 'M,S,T,N,W',
    });
  });

  it('ignores prober fields from other services and lines without a trigger', () => {
    const record = logRecord({ service: 'sniffer', fields: { jarm_hash: 'x', tcpfp_hash: 'y' } });
    expect(extractBounties(record, opts)).toEqual([]);
    expect(prober('jarm_fingerprint', {})).toEqual([]);
  });
});
