import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };

describe('vnc_client_version', () => {
  it('fires on a version event with client_version', () => {
    const record = logRecord({
      service: 'vnc',
      eventType: 'version',
      fields: { client_version: 'RFB 003.008' },
    });
    expect(extractBounties(record, opts)).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'vnc_client_version',
        attackerIp: '198.51.100.7',
        payload: { fingerprint_type: 'vnc_client_version', value: 'RFB 003.008' },
      },
    ]);
  });

  it.each([
    ['another event', 'auth_response', { client_version: 'RFB 003.008' }],
    ['no client_version', 'version', {}],
    ['empty client_version', 'version', { client_version: '' }],
  ])('nothing for %s', (_name, eventType, fields) => {
    expect(extractBounties(logRecord({ service: 'vnc', eventType, fields }), opts)).toEqual([]);
  });
});
