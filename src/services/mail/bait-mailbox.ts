/**
 * The mailbox a decky's POP3 and IMAP show whoever logs in (spec §3.4: bait messages with credentials):
 * 3–5 plausible messages — a password reset, an invoice, VPN credentials, cloud keys, a database DSN —
 * chosen, filled in and dated from the decky's seed, so the same decky always shows the same inbox and
 * two deckies differ. Nothing in them is real.
 */
import type { DeckyPersona } from '../service.js';
import { type SeededRandom, seededRandom } from '../shared/seeded-random.js';

export interface BaitMessage {
  /** 1-based, stable: POP3 message numbers and IMAP UIDs. */
  uid: number;
  raw: Buffer;
  flags: readonly string[];
  /** When the message "arrived" (ms since the epoch). */
  receivedAt: number;
}

export const BAIT_LIMITS = {
  minMessages: 3,
  maxMessages: 5,
  /** How far back the oldest message may be. */
  maxAgeDays: 30,
} as const;

interface BaitContext {
  rng: SeededRandom;
  domain: string;
  user: string;
  hostname: string;
}

interface Template {
  from: string;
  subject: string;
  body(ctx: BaitContext): string;
}

const FIRST_NAMES = ['anna', 'mark', 'julia', 'tom', 'sofia', 'david', 'laura', 'peter'] as const;

function token(rng: SeededRandom, length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const TEMPLATES: readonly Template[] = [
  {
    from: 'IT Service Desk <servicedesk@DOMAIN>',
    subject: 'Your password has been reset',
    body: ({ rng, user, domain }) =>
      `Hello,\r\n\r\nThe password for ${user}@${domain} was reset at your request.\r\n\r\n` +
      `Temporary password: ${token(rng, 4, ALNUM)}-${token(rng, 4, ALNUM)}!${rng.int(10, 99)}\r\n\r\n` +
      'You will be asked to change it at your next login.\r\n\r\nIT Service Desk\r\n',
  },
  {
    from: 'Accounts Payable <billing@northwind-supplies.com>',
    subject: 'Invoice INV-NUM overdue',
    body: ({ rng }) =>
      `Dear customer,\r\n\r\nOur records show invoice INV-${rng.int(20000, 99999)} of EUR ${rng.int(1200, 48000)}.${rng.int(10, 99)} ` +
      'is 14 days overdue.\r\nPlease remit payment to:\r\n\r\n' +
      `  IBAN DE${rng.int(10, 99)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(10, 99)}\r\n` +
      '  BIC  COBADEFFXXX\r\n\r\nKind regards,\r\nAccounts Payable\r\n',
  },
  {
    from: 'Network Team <netops@DOMAIN>',
    subject: 'VPN access for remote work',
    body: ({ rng, user, domain }) =>
      `Hi ${user},\r\n\r\nYour VPN account is ready.\r\n\r\n  Gateway:  vpn.${domain}\r\n  Username: ${user}\r\n` +
      `  Password: ${token(rng, 10, ALNUM)}\r\n  Group:    staff-remote\r\n\r\n` +
      'Import the attached profile into the AnyConnect client. Do not share these details.\r\n\r\nNetOps\r\n',
  },
  {
    from: 'DevOps <devops@DOMAIN>',
    subject: 'AWS credentials for the backup job',
    body: ({ rng }) =>
      'As discussed, the keys for the nightly S3 backup:\r\n\r\n' +
      `  AWS_ACCESS_KEY_ID=AKIA${token(rng, 16, UPPER_DIGITS)}\r\n` +
      `  AWS_SECRET_ACCESS_KEY=${token(rng, 40, ALNUM)}\r\n  AWS_DEFAULT_REGION=eu-central-1\r\n\r\n` +
      'Please rotate them after the migration.\r\n',
  },
  {
    from: 'DBA <dba@DOMAIN>',
    subject: 'Re: reporting database access',
    body: ({ rng, hostname, domain }) =>
      'The read-write account for the reporting DB:\r\n\r\n' +
      `  postgresql://report_rw:${token(rng, 14, ALNUM)}@db01.${domain}:5432/reporting\r\n\r\n` +
      `Connections are only allowed from ${hostname} and the VPN range.\r\n`,
  },
];

function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** The decky's bait inbox for `user`, dated back from `now`, oldest first. */
export function baitMailbox(decky: DeckyPersona, user: string, domain: string, now: number): BaitMessage[] {
  const rng = seededRandom(decky.seed, 'mail-bait');
  const count = rng.int(BAIT_LIMITS.minMessages, BAIT_LIMITS.maxMessages);
  const order = TEMPLATES.map((template) => ({ template, key: rng.next() })).sort((a, b) => a.key - b.key);
  const ages = Array.from({ length: count }, () => rng.int(60, BAIT_LIMITS.maxAgeDays * 24 * 60)).sort(
    (a, b) => b - a,
  );
  const sender = rng.pick(FIRST_NAMES);
  return order.slice(0, count).map(({ template }, i) => {
    const receivedAt = now - (ages[i] as number) * 60_000;
    const ctx: BaitContext = { rng, domain, user, hostname: decky.hostname };
    const from = template.from.replace('DOMAIN', domain);
    const subject = template.subject.replace('NUM', String(rng.int(1000, 9999)));
    const id = `${token(rng, 12, 'abcdef0123456789')}.${sender}@${domain}`;
    const raw =
      `Return-Path: <${from.replace(/^.*<|>$/g, '')}>\r\n` +
      `Delivered-To: ${user}@${domain}\r\n` +
      `Date: ${rfc2822(receivedAt)}\r\n` +
      `From: ${from}\r\n` +
      `To: ${user}@${domain}\r\n` +
      `Subject: ${subject}\r\n` +
      `Message-ID: <${id}>\r\n` +
      'MIME-Version: 1.0\r\n' +
      'Content-Type: text/plain; charset=UTF-8\r\n' +
      'Content-Transfer-Encoding: 7bit\r\n' +
      `\r\n${template.body(ctx)}`;
    // The newest message is unread; the older ones have been seen.
    const flags = i === count - 1 ? [] : ['\\Seen'];
    return { uid: i + 1, raw: Buffer.from(raw, 'utf8'), flags, receivedAt };
  });
}

/** The domain a decky's mail is for: the configured one, else its hostname's, else the hostname. */
export function mailDomain(decky: DeckyPersona, configured: string): string {
  if (configured !== '') return configured.toLowerCase();
  const dot = decky.hostname.indexOf('.');
  return (dot > 0 ? decky.hostname.slice(dot + 1) : `${decky.hostname}.localdomain`).toLowerCase();
}
