/**
 * Hostile input for a service over real sockets: many connections, each sending a run of random,
 * truncated and malformed inputs (a seeded PRNG makes a failure reproducible). Afterwards the caller
 * checks that nothing failed and that a fresh client is still served.
 */
import { connect } from 'node:net';
import { mulberry32 } from '../../src/runtime/seeded-random.js';

export interface FuzzOptions {
  port: number;
  /** Inputs in total. */
  inputs: number;
  /** Inputs sent on one connection before it is closed. */
  perConnection: number;
  /** Connections open at once. */
  concurrency: number;
  seed: number;
  /** Protocol-shaped inputs (valid messages, cut or corrupted) mixed in with random bytes. */
  corpus: readonly Buffer[];
}

function randomInput(next: () => number, corpus: readonly Buffer[]): Buffer {
  const pick = next();
  const length = Math.floor(next() ** 3 * 4096);
  if (pick < 0.35 || corpus.length === 0) {
    return Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
  }
  const base = corpus[Math.floor(next() * corpus.length)]!;
  if (pick < 0.6) return base.subarray(0, Math.floor(next() * base.length));
  const mutated = Buffer.from(base);
  for (let i = 0; i < 1 + Math.floor(next() * 8); i++) {
    if (mutated.length > 0) mutated[Math.floor(next() * mutated.length)] = Math.floor(next() * 256);
  }
  if (pick < 0.8) return mutated;
  return Buffer.concat([mutated, Buffer.alloc(length, 0x41)]);
}

function oneConnection(port: number, inputs: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.on('data', () => {});
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.once('connect', () => {
      for (const input of inputs) socket.write(input);
      socket.end();
    });
    // A service may keep a half-closed connection waiting on its own timeout; do not wait for that.
    setTimeout(() => socket.destroy(), 2_000).unref();
  });
}

/** Sends every input; resolves once every connection has ended. */
export async function fuzzService(options: FuzzOptions): Promise<void> {
  const next = mulberry32(options.seed);
  const batches: Buffer[][] = [];
  for (let sent = 0; sent < options.inputs; sent += options.perConnection) {
    const count = Math.min(options.perConnection, options.inputs - sent);
    batches.push(Array.from({ length: count }, () => randomInput(next, options.corpus)));
  }
  let index = 0;
  const workers = Array.from({ length: options.concurrency }, async () => {
    while (index < batches.length) {
      const batch = batches[index++]!;
      await oneConnection(options.port, batch);
    }
  });
  await Promise.all(workers);
}
