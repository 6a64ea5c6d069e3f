/**
 * The ingest writer thread: owns its own connection to the database and applies planned batches one at
 * a time, each in one transaction (see openIngestStore).
 */
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { applyPlan } from '../apply.js';
import { Checkpoints, walGrowth } from './checkpoints.js';
import type { ApplyRequest, ApplyResponse, WriterData } from './protocol.js';
import { openIngestStore } from './store.js';

const { target } = workerData as WriterData;
const port = parentPort!;

const checkpoints = target.kind === 'sqlite' ? new Checkpoints(target.file) : null;
const store = await openIngestStore(target);

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ApplyRequest) => {
  queue = queue.then(async () => {
    let response: ApplyResponse;
    try {
      const result = await store.transaction((tx) => applyPlan(tx, request.plan, randomUUID));
      response = { id: request.id, ok: true, result };
      checkpoints?.committed(walGrowth(request.plan));
    } catch (err) {
      response = { id: request.id, ok: false, error: (err as Error).message };
    }
    port.postMessage(response);
  });
});
port.postMessage({ ready: true });
