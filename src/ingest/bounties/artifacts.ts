import { type ExtractionContext, hasField, numberField, textField } from './context.js';
import type { Bounty } from './types.js';

/**
 * `artifact` bounties (spec §1.7): something the attacker left behind and the decky kept — a file
 * dropped on an SSH decky (`file_captured`) or a mail accepted by an SMTP decky (`message_stored`).
 * Only records that name the stored copy (`stored_as`) count: without it there is nothing to retrieve.
 */
export function artifactBounties(ctx: ExtractionContext): Bounty[] {
  const { record, attackerIp } = ctx;
  if (!hasField(record, 'stored_as')) return [];
  if (record.eventType === 'file_captured') {
    return [
      {
        bountyType: 'artifact',
        fingerprintType: null,
        attackerIp,
        payload: {
          kind: 'file',
          stored_as: textField(record, 'stored_as'),
          sha256: textField(record, 'sha256'),
          size: numberField(record, 'size'),
          orig_path: textField(record, 'orig_path'),
          attribution: textField(record, 'attribution'),
          writer_comm: textField(record, 'writer_comm'),
        },
      },
    ];
  }
  if (record.eventType === 'message_stored') {
    return [
      {
        bountyType: 'artifact',
        fingerprintType: null,
        attackerIp,
        payload: {
          kind: 'mail',
          stored_as: textField(record, 'stored_as'),
          sha256: textField(record, 'sha256'),
          size: numberField(record, 'size'),
          subject: textField(record, 'subject'),
          from_hdr: textField(record, 'from_hdr'),
          to_hdr: textField(record, 'to_hdr'),
          mail_from: textField(record, 'mail_from'),
          rcpt_to: textField(record, 'rcpt_to'),
          attachment_count: numberField(record, 'attachment_count'),
          content_type: textField(record, 'content_type'),
        },
      },
    ];
  }
  return [];
}
