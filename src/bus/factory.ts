/**
 * Picks the bus from `DECNET_BUS_URL` (DESIGN.md "Processes and scale"): none or `memory://` gives the
 * in-process bus of `decnet up`; `nats://…` (or `tls://…`) connects to NATS JetStream.
 */

import { redactUrl } from '../config/urls.js';
import type { Bus } from './bus.js';
import { BusError } from './bus.js';
import { createMemoryBus, type MemoryBrokerOptions } from './memory.js';
import type { NatsBusOptions } from './nats.js';

export type CreateBusOptions = Omit<NatsBusOptions, 'url'> & Omit<MemoryBrokerOptions, keyof NatsBusOptions>;

export async function createBus(url: string | undefined, opts: CreateBusOptions = {}): Promise<Bus> {
  const trimmed = url?.trim();
  if (trimmed === undefined || trimmed === '' || trimmed === 'memory://') {
    return createMemoryBus(opts);
  }
  if (/^(nats|tls):\/\//i.test(trimmed)) {
    const { durableBacklogLimit: _b, ephemeralQueueLimit: _e, dedupWindowMs: _d, ...natsOpts } = opts;
    // Loaded only when asked for: the NATS client is not needed by a single-process installation.
    const { connectNatsBus } = await import('./nats.js');
    return connectNatsBus({ ...natsOpts, url: trimmed });
  }
  throw new BusError(
    `unsupported bus URL ${JSON.stringify(redactUrl(trimmed))}: use memory:// (or leave DECNET_BUS_URL unset) ` +
      'for the in-process bus, or nats://host:4222 for NATS JetStream',
  );
}
