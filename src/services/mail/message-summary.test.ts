import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, summariseMessage } from './message-summary.js';

describe('decodeEncodedWords', () => {
  it.each([
    ['plain text', 'plain text'],
    ['=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=', 'Überweisung'],
    ['=?utf-8?q?Rechnung_=C3=BCberf=C3=A4llig?=', 'Rechnung überfällig'],
    ['=?ISO-8859-1?Q?K=F6ln?= office', 'Köln office'],
    ['=?UTF-8?B?SGVs?= =?UTF-8?B?bG8=?=', 'Hello'],
    ['=?KOI8-R?B?8dLP?=', '=?KOI8-R?B?8dLP?='],
  ])('%s → %s', (encoded, decoded) => {
    expect(decodeEncodedWords(encoded)).toBe(decoded);
  });
});

describe('summariseMessage', () => {
  it('reads folded headers and counts attachments in nested multiparts', () => {
    const raw = [
      'From: "Boss" <boss@corp.test>',
      'To: a@corp.test,',
      ' b@corp.test',
      'Subject: =?UTF-8?B?UmU6IFphaGx1bmc=?=',
      'Message-ID: <1@corp.test>',
      'X-Mailer: Outlook',
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      'preamble',
      '--outer',
      'Content-Type: multipart/alternative; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain',
      '',
      'hi',
      '--inner--',
      '--outer',
      'Content-Type: application/vnd.ms-excel; name="x.xlsm"',
      '',
      'AAAA',
      '--outer',
      'Content-Disposition: attachment; filename=y.zip',
      '',
      'BBBB',
      '--outer--',
      '',
    ].join('\r\n');
    expect(summariseMessage(Buffer.from(raw))).toEqual({
      from: '"Boss" <boss@corp.test>',
      to: 'a@corp.test, b@corp.test',
      subject: 'Re: Zahlung',
      messageId: '<1@corp.test>',
      xMailer: 'Outlook',
      contentType: 'multipart/mixed; boundary=outer',
      attachmentCount: 2,
    });
  });

  it('summarises a message without headers or body', () => {
    expect(summariseMessage(Buffer.alloc(0))).toEqual({ attachmentCount: 0 });
    expect(summariseMessage(Buffer.from('just text, no colon\r\n'))).toEqual({ attachmentCount: 0 });
  });
});
