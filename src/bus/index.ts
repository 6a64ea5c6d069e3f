/** The bus: interface, in-process and NATS implementations, envelope, subjects and the topic catalogue. */
export * from './bus.js';
export * from './envelope.js';
export { type CreateBusOptions, createBus } from './factory.js';
export { BUS_LIMITS } from './limits.js';
export {
  createMemoryBus,
  type DurableStats,
  MemoryBroker,
  type MemoryBrokerOptions,
  MemoryBus,
  type MemoryBusStats,
  type MemoryConnectOptions,
} from './memory.js';
export {
  assertNamespace,
  connectNatsBus,
  DEFAULT_NAMESPACE,
  defaultStreamName,
  NatsBus,
  type NatsBusOptions,
} from './nats.js';
export * from './subject.js';
export * as topics from './topics.js';
