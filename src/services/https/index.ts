/**
 * `https` (port 443): the decky's web server over TLS, the same persona as its `http` port (Apache,
 * nginx, IIS, a fake app) behind the decky's own certificate, with HTTP/2 and HTTP/1.1 by ALPN. Every
 * ClientHello is fingerprinted from its raw bytes (`tls_client_hello`: JA3, JA4, SNI, ALPN) before the
 * handshake; every request is logged as on port 80.
 */
import { HTTP_LIMITS } from '../http/limits.js';
import { HTTP_PERSONA_FIELDS, httpShared } from '../http/shared.js';
import type { ServiceDefinition, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { defineFields, intSetting, textSetting } from '../shared/settings.js';
import { alpnProtocols, HTTP_VERSIONS } from './alpn.js';
import { httpsSecureContext } from './certificate.js';
import { HttpsConnection, type HttpsShared } from './connection.js';

export const HTTPS_DEFAULT_PORT = 443;

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: HTTPS_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  ...HTTP_PERSONA_FIELDS,
  {
    key: 'http_versions',
    label: 'HTTP versions',
    type: 'multi_enum',
    enum: [...HTTP_VERSIONS],
    default: [...HTTP_VERSIONS],
    help: 'Protocols offered by ALPN, h2 preferred',
  },
  {
    key: 'tls_cn',
    label: 'Certificate name',
    type: 'string',
    default: '',
    help: "Common name of the self-signed certificate (default: the decky's hostname)",
  },
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', HTTPS_DEFAULT_PORT);
}

export const https: ServiceDefinition = {
  name: 'https',
  description:
    'HTTPS (HTTP/2 and HTTP/1.1) with the http personas and a per-decky certificate: JA3/JA4 of every ClientHello, requests, logins',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  limits: {
    idleTimeoutMs: HTTP_LIMITS.requestTimeoutMs,
    maxBytesPerConnection: HTTP_LIMITS.maxBytesPerConnection,
  },
  create(ctx) {
    const shared: HttpsShared = {
      http: httpShared(ctx, 'https', port(ctx.config)),
      secureContext: httpsSecureContext(ctx, textSetting(ctx.config, 'tls_cn', '')),
      alpn: alpnProtocols(ctx.config),
    };
    return connectionService(ctx, (socket, peer, port) => new HttpsConnection(shared, socket, peer, port));
  },
};
