/**
 * The certificate the decky's HTTPS port presents: the self-signed one a freshly installed web server
 * has (Debian's ssl-cert snakeoil: CN = the hostname, ten years), or one for `tls_cn` when the operator
 * names the site. The default is the very certificate the decky's mail services offer on STARTTLS, as
 * on a real host where Apache and Postfix share snakeoil; made once and kept in the decky's keys
 * directory, so every visit sees the same one.
 */
import { createSecureContext, type SecureContext } from 'node:tls';
import type { ServiceContext } from '../service.js';
import { seededRandom } from '../shared/seeded-random.js';
import { deckyCertificate } from '../shared/self-signed-certificate.js';

/** Files of a certificate for a name other than the hostname, beside the decky's default one. */
const SITE_CERTIFICATE_STEM = 'https-tls';

export function httpsSecureContext(ctx: ServiceContext, tlsCn: string): SecureContext {
  const commonName = tlsCn === '' ? ctx.decky.hostname : tlsCn;
  const material = deckyCertificate(
    ctx.dirs.keys,
    commonName,
    ctx.clock.now(),
    // The mail services' label: both make the same default certificate whichever starts first.
    seededRandom(ctx.decky.seed, 'tls-certificate'),
    commonName === ctx.decky.hostname ? undefined : SITE_CERTIFICATE_STEM,
  );
  return createSecureContext({ key: material.key, cert: material.cert });
}
