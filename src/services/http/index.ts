/**
 * `http` (port 80): HTTP/1.1 and h2c as Apache, nginx, IIS, Tomcat, WordPress, phpMyAdmin, Grafana, Jenkins or
 * a router's admin page; every request logged with its headers in wire order, its JA4H and any
 * credential it carries; logins fail the way the app fails them.
 */
import type { ServiceDefinition, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { defineFields, intSetting } from '../shared/settings.js';
import { HttpConnection } from './connection.js';
import { HTTP_LIMITS } from './limits.js';
import { HTTP_PERSONA_FIELDS, httpShared } from './shared.js';
import { HTTP_VERSIONS, httpVersionsOf } from './versions.js';

export const HTTP_DEFAULT_PORT = 80;

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: HTTP_DEFAULT_PORT,
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
    help: 'Protocols spoken: http/1.1, and h2c (HTTP/2 in clear text, by prior knowledge or Upgrade: h2c)',
  },
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', HTTP_DEFAULT_PORT);
}

export const http: ServiceDefinition = {
  name: 'http',
  description:
    'HTTP/1.1 and h2c as Apache, nginx, IIS or a fake app (WordPress, phpMyAdmin, Grafana, Jenkins, …): requests, logins, JA4H, HTTP/2 SETTINGS',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  limits: {
    idleTimeoutMs: HTTP_LIMITS.requestTimeoutMs,
    maxBytesPerConnection: HTTP_LIMITS.maxBytesPerConnection,
  },
  create(ctx) {
    const shared = httpShared(ctx, 'http', port(ctx.config));
    const versions = httpVersionsOf(ctx.config);
    return connectionService(ctx, (socket, peer) => new HttpConnection(shared, socket, peer, versions));
  },
};
