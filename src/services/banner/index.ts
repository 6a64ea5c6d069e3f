/**
 * Banner-level services (`interaction: 'banner'`): each greets like the real server, logs `connect`,
 * the client's first bytes and `disconnect`, and is honest about being no more in `decnet services`.
 * They let the fabric run the default archetypes before every protocol has its emulator; an emulator
 * replaces its protocol's `bannerService(...)` line in the registry.
 */

import type { ServiceDefinition, ServiceInstance } from '../service.js';
import { BannerSessions } from '../shared/banner-session.js';
import { recordDatagram } from '../shared/datagram.js';
import { BANNER_PROTOCOLS, type BannerProtocol } from './protocols.js';

const byName = new Map(BANNER_PROTOCOLS.map((p) => [p.name, p]));

function definitionOf(protocol: BannerProtocol): ServiceDefinition {
  const hasTcp = protocol.ports.some((p) => p.protocol === 'tcp');
  const hasUdp = protocol.ports.some((p) => p.protocol === 'udp');
  return {
    name: protocol.name,
    description: `${protocol.name} at banner level: ${protocol.summary}; logs connections and first bytes`,
    interaction: 'banner',
    fields: [],
    ports: () => protocol.ports.map((p) => ({ ...p })),
    create(ctx) {
      const greet = protocol.greeter?.(ctx.decky);
      const respond = protocol.responder?.(ctx.decky, () => ctx.clock.now());
      const sessions = new BannerSessions(ctx, {
        greeting: () => greet?.() ?? null,
        captureComplete: protocol.captureComplete,
        respond,
      });
      const instance: ServiceInstance = { close: () => sessions.close() };
      if (hasTcp) instance.handleTcp = (socket, port) => sessions.handleTcp(socket, port);
      if (hasUdp)
        instance.handleUdp = (message, from, _reply, port) => recordDatagram(ctx, message, from, port);
      return instance;
    },
  };
}

/** The banner-level definition of `name`; throws for a protocol the table does not have (a registry typo). */
export function bannerService(name: string): ServiceDefinition {
  const protocol = byName.get(name);
  if (protocol === undefined) {
    throw new Error(
      `no banner-level protocol named ${JSON.stringify(name)}; see src/services/banner/protocols.ts`,
    );
  }
  return definitionOf(protocol);
}

export { BANNER_PROTOCOLS } from './protocols.js';
