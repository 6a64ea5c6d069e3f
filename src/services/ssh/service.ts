/**
 * The `ssh` service's definition, built around the shell glue it is given (`index.ts` gives the real
 * one; tests may give another). One instance per decky: its host keys, its algorithms and HASSHServer
 * (fixed by the ident its distro sends), its login policy and its interactive sessions.
 */

import { hasshServerOf } from '../../fingerprint/hassh.js';
import type { ServiceDefinition, ServiceInstance, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { defineFields, intSetting } from '../shared/settings.js';
import { algorithmsFor, serverOffer } from './algorithms.js';
import { SshConnection, type SshServiceState } from './connection.js';
import { HostKeyStore } from './host-keys.js';
import { deckyIdent, serverSoftware } from './identification.js';
import type { SshShellGlue } from './interactive.js';
import { SSH_LIMITS } from './limits.js';

export const SSH_DEFAULT_PORT = 22;

const SSH_FIELDS = [
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: SSH_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  {
    key: 'accept_publickey',
    label: 'Accept public keys',
    type: 'bool',
    default: false,
    help: 'Let any public key log in (its signature checked). Off, keys are logged by fingerprint and refused',
  },
] as const;

function port(config: ServiceValues): number {
  return intSetting(config, 'port', SSH_DEFAULT_PORT);
}

export function defineSshService(glue: SshShellGlue): ServiceDefinition {
  return {
    name: 'ssh',
    description:
      "OpenSSH as the decky's distro ships it: logins, shell, exec, scp and SFTP on a fake filesystem; HASSH",
    interaction: 'full',
    fields: defineFields([...SSH_FIELDS, ...glue.fields]),
    ports: (config) => [{ port: port(config), protocol: 'tcp' }],
    limits: {
      idleTimeoutMs: SSH_LIMITS.sessionIdleTimeoutMs,
      maxBytesPerConnection: SSH_LIMITS.maxBytesPerConnection,
    },
    create(ctx): ServiceInstance {
      const ident = deckyIdent(ctx.decky);
      const software = serverSoftware(ident);
      const algorithms = algorithmsFor(software);
      const state: SshServiceState = {
        ctx,
        ident,
        software,
        algorithms,
        hasshServer: hasshServerOf(serverOffer(algorithms)),
        hostKeys: new HostKeyStore(ctx.dirs.keys, ctx.logger),
        policy: glue.loginPolicy(ctx),
        sessions: glue.sessions(ctx),
        acceptPublicKeys:
          Object.hasOwn(ctx.config, 'accept_publickey') && ctx.config.accept_publickey === true,
        running: { count: 0 },
      };
      return connectionService(
        ctx,
        (socket, peer, localPort) => new SshConnection(state, socket, peer, localPort),
        async () => {
          state.sessions.closeAll();
          await state.sessions.flushed?.();
        },
      );
    },
  };
}
