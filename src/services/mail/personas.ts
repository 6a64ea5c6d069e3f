/** Which mail store a decky's POP3 and IMAP claim to be: Dovecot as distros package it, or Exchange. */
import type { ServiceConfigFieldInput } from '../../config/service-field.js';
import { LOGIN_FIELDS } from '../interactive/login-policy.js';
import type { DeckyPersona } from '../service.js';
import { isWindows } from '../shared/persona.js';

export const MAILBOX_PERSONAS = ['auto', 'dovecot', 'exchange'] as const;
export type MailboxPersonaName = Exclude<(typeof MAILBOX_PERSONAS)[number], 'auto'>;

export function mailboxPersonaNameFor(decky: DeckyPersona): MailboxPersonaName {
  return isWindows(decky) ? 'exchange' : 'dovecot';
}

/** `Dovecot (Ubuntu)`, `Dovecot (Debian)` or `Dovecot`: the name Dovecot's greeting carries per distro. */
export function dovecotName(decky: DeckyPersona): string {
  if (decky.distro.startsWith('ubuntu')) return 'Dovecot (Ubuntu)';
  if (decky.distro.startsWith('debian')) return 'Dovecot (Debian)';
  return 'Dovecot';
}

/** Config fields POP3 and IMAP share: persona, the bait mailbox's domain and the login policy. */
export const MAILBOX_FIELDS: readonly ServiceConfigFieldInput[] = [
  {
    key: 'persona',
    label: 'Persona',
    type: 'enum',
    enum: [...MAILBOX_PERSONAS],
    default: 'auto',
    help: 'Which server it claims to be: auto follows the decky (Exchange on Windows, else Dovecot)',
  },
  {
    key: 'domain',
    label: 'Mail domain',
    type: 'string',
    default: '',
    help: "The domain of the bait mailbox; empty: the hostname's domain (or <hostname>.localdomain)",
  },
  ...LOGIN_FIELDS,
];
