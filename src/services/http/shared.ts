/**
 * What every HTTP-speaking service of a decky builds the same way from its config: the persona fields
 * (`fake_app`, `custom_body`, `headers`) and the `HttpShared` state its connections answer from. The
 * `http` service (port 80) and `https` (port 443) use both, so a decky's two web ports are one server.
 */
import type { ServiceConfigFieldInput } from '../../config/service-field.js';
import { distro } from '../../fabric/catalogue/distros.js';
import type { ServiceContext } from '../service.js';
import { textSetting } from '../shared/settings.js';
import type { HttpShared } from './connection.js';
import { parseExtraHeaders } from './extra-headers.js';
import { FAKE_APPS, httpPersona } from './personas.js';

/** How long before start the static pages claim to have been installed: a plausible install age. */
const INSTALL_AGE_MS = 97 * 24 * 3600_000;

/** The persona fields, after each service's own `port`. */
export const HTTP_PERSONA_FIELDS: readonly ServiceConfigFieldInput[] = [
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
];

/**
 * The state every connection of one HTTP service instance on `port` answers from; warns about a bad
 * `headers`.
 */
export function httpShared(ctx: ServiceContext, serviceName: string, port: number): HttpShared {
  const extra = parseExtraHeaders(textSetting(ctx.config, 'headers', ''));
  if ('error' in extra)
    ctx.logger.warn(
      { decky: ctx.decky.name, reason: extra.error },
      `${serviceName}: ignoring the headers config`,
    );
  const customBody = textSetting(ctx.config, 'custom_body', '');
  let second = -1;
  let date = '';
  return {
    ctx,
    persona: {
      ...httpPersona(
        ctx.decky,
        textSetting(ctx.config, 'fake_app', 'auto'),
        (name) => distro(name)?.httpServer,
      ),
      port,
    },
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
}
