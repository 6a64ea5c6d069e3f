/**
 * The ingest writer thread: owns its own connection to the database and applies planned batches one at
 * a time, each in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/connection.js';
import { ingestStore } from '../../db/ingest/index.js';
import { applyPlan } from '../apply.js';
import type { ApplyRequest, ApplyResponse, WriterData } from './protocol.js';

const { target } = workerData as WriterData;
const database = await openDatabase(target);
const store = ingestStore(database);
const port = parentPort!;

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ApplyRequest) => {
  queue = queue.then(async () => {
    let response: ApplyResponse;
    try {
      const result = await store.transaction((tx) => applyPlan(tx, request.plan, randomUUID));
      response = { id: request.id, ok: true, result };
    } catch (err) {
      response = { id: request.id, ok: false, error: (err as Error).message };
    }
    port.postMessage(response);
  });
});
port.postMessage({ ready: true });
