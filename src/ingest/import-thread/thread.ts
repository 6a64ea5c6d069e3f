/**
 * The import thread: reads a file of RFC 5424 lines, plans its batches and hands them to the writer
 * thread, exactly as the ingester does for the spool. It runs apart from the main thread so that its
 * heap can be capped (see IMPORT_THREAD_LIMITS): planning allocates fast and short-lived, and an
 * uncapped heap lets that garbage pile up to hundreds of megabytes before V8 collects it.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../runtime/clock.js';
import { createLogger } from '../../runtime/logger.js';
import { NO_TRUSTED_PROXIES } from '../bounties/index.js';
import { Ingester } from '../ingester.js';
import { fileSource } from '../sources.js';
import { WriterThread } from '../writer-thread/client.js';
import type { ImportBegin, ImportData, ImportOutcome } from './protocol.js';

const data = workerData as ImportData;
const port = parentPort!;
const [begin] = (await once(port, 'message')) as [ImportBegin];
const writer = new WriterThread(data.target);
writer.warmUp();
const source = fileSource(data.file, data.label, begin.offset, data.cursorKey);
let outcome: ImportOutcome;
try {
  const ingester = new Ingester({
    sink: {
      apply: (plan) => writer.apply(plan),
      getState: () => Promise.reject(new Error('the import thread reads no state')),
      close: () => writer.close(),
    },
    clock: systemClock,
    logger: createLogger(data.logLevel, 'decnet-import'),
    batchSize: data.batchSize,
    batchMaxWaitMs: data.batchMaxWaitMs,
    bounties: { trustedProxies: NO_TRUSTED_PROXIES },
  });
  outcome = { ok: true, totals: await ingester.drain(source) };
} catch (err) {
  outcome = { ok: false, error: (err as Error).message };
} finally {
  source.close();
  await writer.close();
}
port.postMessage(outcome);
