/**
 * `ftp` (port 21): vsftpd, ProFTPD, Pure-FTPd or IIS's FTP service, answering as the real server does;
 * every login attempt logged, anonymous access by default, a seeded tree of bait files, passive and
 * active data connections, and uploads kept in quarantine.
 */

import { LOGIN_FIELDS, LoginPolicy } from '../interactive/login-policy.js';
import { Quarantine } from '../interactive/quarantine.js';
import type { ServiceDefinition, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { defineFields, intSetting, textSetting } from '../shared/settings.js';
import { FtpConnection, type FtpShared } from './connection.js';
import { FTP_PERSONAS, type FtpPersonaName, ftpPersona, personaNameFor } from './personas.js';
import { seededTree } from './tree.js';

export const FTP_DEFAULT_PORT = 21;

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: FTP_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  {
    key: 'persona',
    label: 'Persona',
    type: 'enum',
    enum: [...FTP_PERSONAS],
    default: 'auto',
    help: "Which server it answers as: auto follows the decky's OS (Microsoft FTP Service on Windows, else vsftpd)",
  },
  {
    key: 'allow_anonymous',
    label: 'Allow anonymous',
    type: 'bool',
    default: true,
    help: 'Let anonymous/ftp in with any password (the password, usually an e-mail address, is logged)',
  },
  ...LOGIN_FIELDS,
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', FTP_DEFAULT_PORT);
}

export const ftp: ServiceDefinition = {
  name: 'ftp',
  description: 'FTP as vsftpd, ProFTPD, Pure-FTPd or IIS: logins, a fake file tree, uploads to quarantine',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  // vsftpd's idle_session_timeout is 300 s; uploads travel on the data channel, so the control channel
  // only carries commands and 1 MiB of them is far past any real session.
  limits: { idleTimeoutMs: 5 * 60_000, maxBytesPerConnection: 1024 * 1024 },
  create(ctx) {
    const chosen = textSetting(ctx.config, 'persona', 'auto');
    const personaName: FtpPersonaName =
      chosen === 'auto' ? personaNameFor(ctx.decky) : (chosen as FtpPersonaName);
    const allow = Object.hasOwn(ctx.config, 'allow_anonymous') ? ctx.config.allow_anonymous : true;
    const shared: FtpShared = {
      ctx,
      policy: new LoginPolicy(ctx, 'ftp'),
      quarantine: new Quarantine(
        ctx.dirs.captures,
        () => ctx.clock.now(),
        (err) => ctx.logger.warn({ err: err.message, decky: ctx.decky.name }, 'could not keep an ftp upload'),
      ),
      persona: ftpPersona(personaName, ctx.decky),
      tree: seededTree(ctx.decky.seed, ctx.decky.hostname, ctx.clock.now()),
      allowAnonymous: allow !== false,
    };
    return connectionService(
      ctx,
      (socket, peer) => new FtpConnection(shared, socket, peer),
      () => shared.quarantine.flushed(),
    );
  },
};
