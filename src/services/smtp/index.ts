/**
 * `smtp` (port 25): a mail server that refuses to relay for strangers and harvests the logins tried on
 * it; `smtp_relay` (port 25): an open relay that accepts every login and every recipient. Both store
 * each accepted message whole in the decky's quarantine (never delivering it) and log it as
 * `message_stored` with a summary of its headers (spec §3.6).
 */
import { LOGIN_FIELDS, LoginPolicy } from '../interactive/login-policy.js';
import { Quarantine } from '../interactive/quarantine.js';
import { mailDomain } from '../mail/bait-mailbox.js';
import { deckyTls } from '../mail/connection.js';
import { summariseMessage } from '../mail/message-summary.js';
import type { ServiceContext, ServiceDefinition, ServiceInstance, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { seededRandom } from '../shared/seeded-random.js';
import { defineFields, intSetting, textSetting } from '../shared/settings.js';
import { SmtpConnection } from './connection.js';
import { SMTP_PERSONAS, type SmtpPersonaName, smtpPersona, smtpPersonaNameFor } from './personas.js';

export const SMTP_DEFAULT_PORT = 25;

/** Postfix's smtpd_timeout is 300 s; a message may be up to SMTP_LIMITS.maxMessageBytes, a few per session. */
const SMTP_SERVICE_LIMITS = { idleTimeoutMs: 300_000, maxBytesPerConnection: 32 * 1024 * 1024 };

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: SMTP_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  {
    key: 'persona',
    label: 'Persona',
    type: 'enum',
    enum: [...SMTP_PERSONAS],
    default: 'auto',
    help: 'Which MTA it claims to be: auto follows the decky (Exchange on Windows, Exim on Debian, else Postfix)',
  },
  {
    key: 'domain',
    label: 'Mail domain',
    type: 'string',
    default: '',
    help: "The domain it accepts mail for; empty: the hostname's domain (or <hostname>.localdomain)",
  },
  ...LOGIN_FIELDS,
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', SMTP_DEFAULT_PORT);
}

function createSmtp(ctx: ServiceContext, openRelay: boolean): ServiceInstance {
  const policy = new LoginPolicy(ctx, 'smtp');
  const chosen = textSetting(ctx.config, 'persona', 'auto');
  const persona = smtpPersona(
    chosen === 'auto' ? smtpPersonaNameFor(ctx.decky) : (chosen as SmtpPersonaName),
    ctx.decky,
  );
  const domain = mailDomain(ctx.decky, textSetting(ctx.config, 'domain', ''));
  const localDomains = new Set([domain, ctx.decky.hostname.toLowerCase(), 'localhost']);
  const rng = seededRandom(ctx.decky.seed ^ Math.floor(ctx.clock.now()), 'smtp-queue-id');
  const quarantine = new Quarantine(
    ctx.dirs.captures,
    () => ctx.clock.now(),
    (err) =>
      ctx.logger.warn({ err: err.message, decky: ctx.decky.name }, 'could not store a received message'),
  );
  const tls = deckyTls(ctx);
  const deliver = (
    message: Buffer,
    envelope: { mailFrom: string; rcptTo: string[] },
    srcIp: string,
  ): void => {
    const summary = summariseMessage(message);
    // The reference names a stored message after its Message-ID (spec §3.6 "DATA").
    const id = summary.messageId?.replace(/[<>]/g, '') ?? '';
    const stored = quarantine.keep(`${id === '' ? 'message' : id}.eml`, message);
    if (stored === null) return;
    ctx.emit('message_stored', {
      stored_as: stored.storedAs,
      sha256: stored.sha256,
      size: stored.size,
      src_ip: srcIp,
      subject: summary.subject,
      from_hdr: summary.from,
      to_hdr: summary.to,
      mail_from: envelope.mailFrom,
      rcpt_to: envelope.rcptTo.join(','),
      attachment_count: summary.attachmentCount,
      content_type: summary.contentType,
      msg_id: summary.messageId,
      return_path: summary.returnPath,
      x_mailer: summary.xMailer,
    });
  };
  return connectionService(
    ctx,
    (socket, peer) =>
      new SmtpConnection(ctx, socket, peer, { persona, policy, openRelay, localDomains, rng, tls, deliver }),
    () => quarantine.flushed(),
  );
}

export const smtp: ServiceDefinition = {
  name: 'smtp',
  description:
    'SMTP server (Postfix, Exim or Exchange) that refuses relaying, logs AUTH logins and stores mail',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  limits: SMTP_SERVICE_LIMITS,
  create: (ctx) => createSmtp(ctx, false),
};

export const smtpRelay: ServiceDefinition = {
  name: 'smtp_relay',
  description: 'Open SMTP relay: accepts every login and recipient, stores every message, delivers none',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  limits: SMTP_SERVICE_LIMITS,
  create: (ctx) => createSmtp(ctx, true),
};
