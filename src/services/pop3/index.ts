/**
 * `pop3` (port 110): Dovecot (or Exchange on Windows deckies) with USER/PASS and AUTH PLAIN against
 * the decky's login policy, every attempt logged, and the decky's bait mailbox behind a login
 * (spec §3.5).
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
import { Pop3Connection } from './connection.js';

export const POP3_DEFAULT_PORT = 110;

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: POP3_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  ...MAILBOX_FIELDS,
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', POP3_DEFAULT_PORT);
}

export const pop3: ServiceDefinition = {
  name: 'pop3',
  description: 'POP3 (Dovecot or Exchange) logging every login, with a bait mailbox behind it',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  // Dovecot drops idle POP3 clients after 10 minutes (RFC 1939 §3 asks for at least that).
  limits: { idleTimeoutMs: 600_000, maxBytesPerConnection: 1024 * 1024 },
  create(ctx) {
    const policy = new LoginPolicy(ctx, 'pop3');
    const chosen = textSetting(ctx.config, 'persona', 'auto');
    const persona: MailboxPersonaName =
      chosen === 'auto' ? mailboxPersonaNameFor(ctx.decky) : (chosen as MailboxPersonaName);
    const greeting =
      persona === 'exchange'
        ? '+OK The Microsoft Exchange POP3 service is ready.'
        : `+OK ${dovecotName(ctx.decky)} ready.`;
    const domain = mailDomain(ctx.decky, textSetting(ctx.config, 'domain', ''));
    const createdAt = ctx.clock.now();
    const uidValidity = Math.floor(createdAt / 1000) - (ctx.decky.seed % 10_000_000);
    const tls = deckyTls(ctx);
    return connectionService(
      ctx,
      (socket, peer) =>
        new Pop3Connection(ctx, socket, peer, {
          greeting,
          policy,
          uidValidity,
          tls,
          mailbox: (user) => baitMailbox(ctx.decky, user, domain, createdAt),
        }),
    );
  },
};
