import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };

describe('artifact bounties', () => {
  it('file_captured → kind file', () => {
    const record = logRecord({
      service: 'ssh',
      eventType: 'file_captured',
      fields: {
        stored_as: '2026-05-10T12:00:00Z_0123456789ab_x.sh',
        sha256: 'cd'.repeat(32),
        size: '2048',
        orig_path: '/tmp/x.sh',
        attribution: 'pid-chain',
        writer_comm: 'wget',
        writer_pid: '4242',
      },
    });
    expect(extractBounties(record, opts)).toEqual([
      {
        bountyType: 'artifact',
        fingerprintType: null,
        attackerIp: '198.51.100.7',
        payload: {
          kind: 'file',
          stored_as: '2026-05-10T12:00:00Z_0123456789ab_x.sh',
          sha256: 'cd'.repeat(32),
          size: 2048,
          orig_path: '/tmp/x.sh',
          attribution: 'pid-chain',
          writer_comm: 'wget',
        },
      },
    ]);
  });

  it('message_stored → kind mail', () => {
    const record = logRecord({
      service: 'smtp',
      eventType: 'message_stored',
      fields: {
        stored_as: '1715342400_0123456789ab_id.eml',
        sha256: 'ef'.repeat(32),
        size: '10240',
        subject: 'Invoice',
        from_hdr: 'a@example.com',
        to_hdr: 'b@example.org',
        mail_from: 'a@example.com',
        rcpt_to: 'b@example.org',
        attachment_count: '2',
        content_type: 'multipart/mixed',
      },
    });
    expect(extractBounties(record, opts)).toEqual([
      {
        bountyType: 'artifact',
        fingerprintType: null,
        attackerIp: '198.51.100.7',
        payload: {
          kind: 'mail',
          stored_as: '1715342400_0123456789ab_id.eml',
          sha256: 'ef'.repeat(32),
          size: 10240,
          subject: 'Invoice',
          from_hdr: 'a@example.com',
          to_hdr: 'b@example.org',
          mail_from: 'a@example.com',
          rcpt_to: 'b@example.org',
          attachment_count: 2,
          content_type: 'multipart/mixed',
        },
      },
    ]);
  });

  it.each([
    ['file_captured without stored_as', 'file_captured', { sha256: 'x' }],
    ['message_stored with empty stored_as', 'message_stored', { stored_as: '' }],
    ['stored_as on another event', 'upload', { stored_as: 'x' }],
  ])('nothing for %s', (_name, eventType, fields) => {
    expect(extractBounties(logRecord({ service: 'ssh', eventType, fields }), opts)).toEqual([]);
  });
});
