import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };

describe('hassh', () => {
  it('fires on an ssh_fingerprint event', () => {
    const record = logRecord({
      service: 'ssh',
      eventType: 'ssh_fingerprint',
      fields: {
        client_version: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
        hassh: 'aae6b9604f6f3356543709a376d7f657',
        hassh_algorithms: 'curve25519-sha256;aes128-ctr;hmac-sha2-256;none',
        hassh_server: 'b12d2871a1189eff20364cf5333619ee',
      },
    });
    expect(extractBounties(record, opts)).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'hassh',
        attackerIp: '198.51.100.7',
        payload: {
          fingerprint_type: 'hassh',
          hash: 'aae6b9604f6f3356543709a376d7f657',
          algorithms: 'curve25519-sha256;aes128-ctr;hmac-sha2-256;none',
          client_version: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
        },
      },
    ]);
  });

  it('ignores other events and an empty hassh', () => {
    expect(
      extractBounties(logRecord({ service: 'ssh', eventType: 'connect', fields: { hassh: 'x' } }), opts),
    ).toEqual([]);
    expect(
      extractBounties(
        logRecord({ service: 'ssh', eventType: 'ssh_fingerprint', fields: { hassh: '' } }),
        opts,
      ),
    ).toEqual([]);
  });
});
