/**
 * Which MTA a decky's SMTP claims to be: the greeting (what `nmap -sV` matches), the EHLO extension
 * list and the queue-id reply after DATA. Postfix as Ubuntu/Debian/RHEL package it, Exim as Debian's
 * default MTA, Exchange on Windows deckies.
 */
import type { DeckyPersona } from '../service.js';
import { isWindows } from '../shared/persona.js';
import type { SeededRandom } from '../shared/seeded-random.js';

export const SMTP_PERSONAS = ['auto', 'postfix', 'exim', 'exchange'] as const;
export type SmtpPersonaName = Exclude<(typeof SMTP_PERSONAS)[number], 'auto'>;

/** The message size each MTA advertises by default (Postfix message_size_limit, Exim, Exchange). */
const ADVERTISED_SIZE: Record<SmtpPersonaName, number> = {
  postfix: 10_240_000,
  exim: 52_428_800,
  exchange: 37_748_736,
};

export interface SmtpPersona {
  name: SmtpPersonaName;
  greeting(now: number): string;
  /** EHLO reply lines after the first (each without the `250-`/`250 ` prefix). */
  extensions: readonly string[];
  /** First EHLO line's text: `host` or `host Hello client [ip]`. */
  ehloHello(clientName: string, ip: string): string;
  /** The 250 reply to an accepted message. */
  queued(rng: SeededRandom): string;
}

export function smtpPersonaNameFor(decky: DeckyPersona): SmtpPersonaName {
  if (isWindows(decky)) return 'exchange';
  if (decky.distro.startsWith('debian')) return 'exim';
  return 'postfix';
}

/** RFC 5322 date as Exim and Exchange print it: `Fri, 27 Nov 2026 22:23:12 +0000`. */
export function rfc5322Date(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

function postfixLabel(distro: string): string {
  if (distro.startsWith('ubuntu')) return ' (Ubuntu)';
  if (distro.startsWith('debian')) return ' (Debian/GNU)';
  return '';
}

function chars(rng: SeededRandom, length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

export function smtpPersona(name: SmtpPersonaName, decky: DeckyPersona): SmtpPersona {
  const host = decky.hostname;
  switch (name) {
    case 'postfix':
      return {
        name,
        greeting: () => `220 ${host} ESMTP Postfix${postfixLabel(decky.distro)}`,
        extensions: [
          'PIPELINING',
          `SIZE ${ADVERTISED_SIZE.postfix}`,
          'VRFY',
          'ETRN',
          'STARTTLS',
          'AUTH PLAIN LOGIN',
          'ENHANCEDSTATUSCODES',
          '8BITMIME',
          'DSN',
          'SMTPUTF8',
        ],
        ehloHello: () => host,
        // Postfix short queue ids: 10–12 upper-case hex digits.
        queued: (rng) => `250 2.0.0 Ok: queued as ${chars(rng, 10, '0123456789ABCDEF')}`,
      };
    case 'exim':
      return {
        name,
        greeting: (now) => `220 ${host} ESMTP Exim 4.96 ${rfc5322Date(now)}`,
        extensions: [
          `SIZE ${ADVERTISED_SIZE.exim}`,
          '8BITMIME',
          'PIPELINING',
          'AUTH PLAIN LOGIN',
          'STARTTLS',
          'HELP',
        ],
        ehloHello: (client, ip) => `${host} Hello ${client} [${ip}]`,
        // Exim 4.96 message ids: base-62 time, pid, fraction.
        queued: (rng) => {
          const b62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
          return `250 OK id=${chars(rng, 6, b62)}-${chars(rng, 6, b62)}-${chars(rng, 2, b62)}`;
        },
      };
    case 'exchange':
      return {
        name,
        greeting: (now) => `220 ${host} Microsoft ESMTP MAIL Service ready at ${rfc5322Date(now)}`,
        extensions: [
          `SIZE ${ADVERTISED_SIZE.exchange}`,
          'PIPELINING',
          'DSN',
          'ENHANCEDSTATUSCODES',
          'STARTTLS',
          'AUTH LOGIN PLAIN',
          '8BITMIME',
          'SMTPUTF8',
        ],
        ehloHello: (_client, ip) => `${host} Hello [${ip}]`,
        queued: (rng) =>
          `250 2.6.0 <${chars(rng, 8, '0123456789abcdef')}-${chars(rng, 4, '0123456789abcdef')}@${host}> ` +
          `[InternalId=${rng.int(1e11, 9e11)}, Hostname=${host}] Queued mail for delivery`,
      };
  }
}
