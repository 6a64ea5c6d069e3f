/**
 * `tcp_banner`: a listener on any port that greets with an operator-written banner and logs what clients
 * send (OpenCanary's tcpbanner). For a port no emulator covers, or a service the operator wants to
 * advertise without emulating it.
 */

import type { ServiceDefinition, ServiceValues } from '../service.js';
import { BannerSessions } from '../shared/banner-session.js';
import { defineFields, intSetting, textSetting } from '../shared/settings.js';

/**
 * 9999: no service in the registry listens there, so tcp_banner sits beside any archetype without a port
 * clash; no widely deployed server owns it, so it rarely collides with a real service on the host; and it
 * is among nmap's default top-1000 TCP ports, so ordinary scans find it.
 */
export const TCP_BANNER_DEFAULT_PORT = 9999;

/** A greeting in the shape most line protocols use (status code, text, CRLF), naming no product. */
export const TCP_BANNER_DEFAULT_BANNER = '220 Service ready';

const fields = defineFields([
  {
    key: 'port',
    label: 'Port',
    type: 'int',
    default: TCP_BANNER_DEFAULT_PORT,
    min: 1,
    max: 65_535,
    help: 'TCP port to listen on',
  },
  {
    key: 'banner',
    label: 'Banner',
    type: 'textarea',
    default: TCP_BANNER_DEFAULT_BANNER,
    help:
      'Sent when a client connects, with CRLF added when it does not end in a line break. Prefix b64: for ' +
      'base64 of UTF-8 text; `b64:` alone sends nothing and waits for the client (an empty value means the default).',
  },
  {
    key: 'protocol_name',
    label: 'Protocol name',
    type: 'string',
    help: 'Written as `protocol` in data_received, for readers of the logs; changes nothing on the wire',
  },
]);

/** The bytes sent on connect: the banner as UTF-8, ending in a line break as real greetings do. */
export function bannerBytes(banner: string): Buffer | null {
  if (banner === '') return null;
  return Buffer.from(banner.endsWith('\n') ? banner : `${banner}\r\n`, 'utf8');
}

function port(config: ServiceValues): number {
  return intSetting(config, 'port', TCP_BANNER_DEFAULT_PORT);
}

export const tcpBanner: ServiceDefinition = {
  name: 'tcp_banner',
  description: 'Generic TCP listener: sends a configurable banner and logs what clients send',
  interaction: 'full',
  fields,
  ports: (config) => [{ port: port(config), protocol: 'tcp' }],
  create(ctx) {
    const greeting = bannerBytes(textSetting(ctx.config, 'banner', TCP_BANNER_DEFAULT_BANNER));
    const protocolName = textSetting(ctx.config, 'protocol_name', '');
    const sessions = new BannerSessions(ctx, {
      greeting: () => greeting,
      protocol: protocolName === '' ? undefined : protocolName,
    });
    return {
      handleTcp: (socket, tcpPort) => sessions.handleTcp(socket, tcpPort),
      close: () => sessions.close(),
    };
  },
};
