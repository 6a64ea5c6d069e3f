/**
 * `telnet` (port 23): option negotiation and login prompts of the decky's persona (Linux telnetd,
 * BusyBox, Cisco IOS), every login attempt logged, then the fake shell (or the IOS command line).
 */

import { FETCH_FIELD } from '../interactive/fetcher.js';
import { LOGIN_FIELDS, LoginPolicy } from '../interactive/login-policy.js';
import { InteractiveSessions } from '../interactive/sessions.js';
import type { ServiceDefinition, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { defineFields, intSetting, textSetting } from '../shared/settings.js';
import { TelnetConnection } from './connection.js';
import { personaNameFor, TELNET_PERSONAS, type TelnetPersonaName, telnetPersona } from './personas.js';

export const TELNET_DEFAULT_PORT = 23;

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: TELNET_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  {
    key: 'persona',
    label: 'Persona',
    type: 'enum',
    enum: [...TELNET_PERSONAS],
    default: 'auto',
    help: "What the login looks like: auto follows the decky's distro (BusyBox, Cisco IOS, else Linux)",
  },
  ...LOGIN_FIELDS,
  FETCH_FIELD,
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', TELNET_DEFAULT_PORT);
}

export const telnet: ServiceDefinition = {
  name: 'telnet',
  description: 'Telnet with Linux, BusyBox or Cisco IOS login prompts, then a fake shell',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  // A logged-in session may sit at the prompt for a while and paste scripts.
  limits: { idleTimeoutMs: 10 * 60_000, maxBytesPerConnection: 8 * 1024 * 1024 },
  create(ctx) {
    const sessions = new InteractiveSessions(ctx, 'telnet');
    const policy = new LoginPolicy(ctx, 'telnet');
    const chosen = textSetting(ctx.config, 'persona', 'auto');
    const personaName: TelnetPersonaName =
      chosen === 'auto' ? personaNameFor(ctx.decky) : (chosen as TelnetPersonaName);
    const persona = telnetPersona(personaName, ctx.decky);
    return connectionService(
      ctx,
      (socket, peer, localPort) =>
        new TelnetConnection(ctx, sessions, policy, persona, socket, peer, localPort),
      async () => {
        sessions.closeAll();
        await sessions.flushed();
      },
    );
  },
};
