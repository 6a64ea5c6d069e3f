/**
 * `imap` (port 143): Dovecot (or Exchange on Windows deckies) with LOGIN and AUTHENTICATE PLAIN against
 * the decky's login policy, every attempt logged, and read access to the decky's bait mailbox behind a
 * login (spec §3.4).
 */
import { LoginPolicy } from '../interactive/login-policy.js';
import { baitMailbox, mailDomain } from '../mail/bait-mailbox.js';
import { deckyTls } from '../mail/connection.js';
import {
  dovecotName,
  MAILBOX_FIELDS,
  type MailboxPersonaName,
  mailboxPersonaNameFor,
} from '../mail/personas.js';
import type { ServiceDefinition, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { defineFields, intSetting, textSetting } from '../shared/settings.js';
import { ImapConnection } from './connection.js';

export const IMAP_DEFAULT_PORT = 143;

/** Dovecot's pre-login capability list (with STARTTLS and AUTH=PLAIN as a stock install sends it). */
export const IMAP_PRELOGIN_CAPABILITIES =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN';

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: IMAP_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  ...MAILBOX_FIELDS,
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', IMAP_DEFAULT_PORT);
}

export const imap: ServiceDefinition = {
  name: 'imap',
  description: 'IMAP (Dovecot or Exchange) logging every login, with a bait mailbox behind it',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  // RFC 3501 §5.4: the autologout timer is at least 30 minutes once logged in.
  limits: { idleTimeoutMs: 30 * 60_000, maxBytesPerConnection: 4 * 1024 * 1024 },
  create(ctx) {
    const policy = new LoginPolicy(ctx, 'imap');
    const chosen = textSetting(ctx.config, 'persona', 'auto');
    const persona: MailboxPersonaName =
      chosen === 'auto' ? mailboxPersonaNameFor(ctx.decky) : (chosen as MailboxPersonaName);
    const capabilities = IMAP_PRELOGIN_CAPABILITIES;
    const greeting =
      persona === 'exchange'
        ? '* OK The Microsoft Exchange IMAP4 service is ready.'
        : `* OK [CAPABILITY ${capabilities}] ${dovecotName(ctx.decky)} ready.`;
    const domain = mailDomain(ctx.decky, textSetting(ctx.config, 'domain', ''));
    const createdAt = ctx.clock.now();
    const uidValidity = Math.floor(createdAt / 1000) - (ctx.decky.seed % 10_000_000);
    const tls = deckyTls(ctx);
    return connectionService(
      ctx,
      (socket, peer) =>
        new ImapConnection(ctx, socket, peer, {
          greeting,
          capabilities,
          policy,
          uidValidity,
          tls,
          mailbox: (user) => baitMailbox(ctx.decky, user, domain, createdAt),
        }),
    );
  },
};
