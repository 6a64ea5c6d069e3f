/**
 * `http` (port 80): HTTP/1.1 as Apache, nginx, IIS, Tomcat, WordPress, phpMyAdmin, Grafana, Jenkins or
 * a router's admin page; every request logged with its headers in wire order, its JA4H and any
 * credential it carries; logins fail the way the app fails them.
 */
import { distro } from '../../fabric/catalogue/distros.js';
import type { ServiceDefinition, ServiceValues } from '../service.js';
import { connectionService } from '../shared/connection-service.js';
import { defineFields, intSetting, textSetting } from '../shared/settings.js';
import { HttpConnection, type HttpShared } from './connection.js';
import { parseExtraHeaders } from './extra-headers.js';
import { HTTP_LIMITS } from './limits.js';
import { FAKE_APPS, httpPersona } from './personas.js';

export const HTTP_DEFAULT_PORT = 80;
/** How long before start the static pages claim to have been installed: a plausible install age. */
const INSTALL_AGE_MS = 97 * 24 * 3600_000;

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
  {
    key: 'fake_app',
    label: 'Fake app',
    type: 'enum',
    enum: [...FAKE_APPS],
    default: 'auto',
    help: "What it answers as: auto follows the decky's OS (IIS on Windows, else the distro's Apache or nginx)",
  },
  {
    key: 'custom_body',
    label: 'Custom body',
    type: 'textarea',
    default: '',
    help: 'HTML that replaces the index page',
  },
  {
    key: 'headers',
    label: 'Extra headers',
    type: 'textarea',
    default: '',
    help: 'JSON object of extra response headers, e.g. {"X-Frame-Options": "SAMEORIGIN"}',
  },
]);

function port(config: ServiceValues): number {
  return intSetting(config, 'port', HTTP_DEFAULT_PORT);
}

export const http: ServiceDefinition = {
  name: 'http',
  description:
    'HTTP/1.1 as Apache, nginx, IIS or a fake app (WordPress, phpMyAdmin, Grafana, Jenkins, …): requests, logins, JA4H',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  limits: {
    idleTimeoutMs: HTTP_LIMITS.requestTimeoutMs,
    maxBytesPerConnection: HTTP_LIMITS.maxBytesPerConnection,
  },
  create(ctx) {
    const extra = parseExtraHeaders(textSetting(ctx.config, 'headers', ''));
    if ('error' in extra)
      ctx.logger.warn({ decky: ctx.decky.name, reason: extra.error }, 'http: ignoring the headers config');
    const customBody = textSetting(ctx.config, 'custom_body', '');
    let second = -1;
    let date = '';
    const shared: HttpShared = {
      ctx,
      persona: httpPersona(
        ctx.decky,
        textSetting(ctx.config, 'fake_app', 'auto'),
        (name) => distro(name)?.httpServer,
      ),
      customBody: customBody === '' ? null : customBody,
      extraHeaders: 'headers' in extra ? extra.headers : [],
      lastModifiedMs: Math.floor((ctx.clock.now() - INSTALL_AGE_MS) / 1000) * 1000,
      date() {
        const now = Math.floor(ctx.clock.now() / 1000);
        if (now !== second) {
          second = now;
          date = new Date(now * 1000).toUTCString();
        }
        return date;
      },
    };
    return connectionService(ctx, (socket, peer) => new HttpConnection(shared, socket, peer));
  },
};
