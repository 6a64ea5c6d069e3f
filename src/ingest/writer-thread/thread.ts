/**
 * The ingest thread: tails the spool, plans each batch and writes it with a connection of its own,
 * reporting every commit to the main thread. Planning here rather than on the main thread leaves that
 * thread to the deckies' sockets: it only appends their events to the spool (see IngestThread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../runtime/clock.js';
import { Ingester } from '../ingester.js';
import { storeSink } from '../sink.js';
import { spoolSource } from '../sources.js';
import type { SpoolPosition } from '../spool/position.js';
import type { TailData, TailReport, TailStop } from './protocol.js';

const data = workerData as TailData;
const port = parentPort!;
const send = (report: TailReport) => port.postMessage(report);

const stopping = new AbortController();
port.on('message', (message: TailStop) => {
  if (message.stop) stopping.abort();
});

const sink = await storeSink(data.target);
const source = spoolSource(data.spoolDir, data.start, data.cursorKey);
const ingester: Ingester = new Ingester({
  sink,
  clock: systemClock,
  // The main thread's logger writes the line, with its bindings (role, pid).
  logger: { error: (fields, message) => send({ log: 'error', fields, message }) },
  batchSize: data.batchSize,
  batchMaxWaitMs: data.batchMaxWaitMs,
  bounties: { trustedProxies: data.trustedProxies },
  onCommitted: (result, cursor) =>
    send({ committed: cursor as SpoolPosition, result, totals: ingester.totals }),
});
try {
  await ingester.tail(source, stopping.signal);
} finally {
  source.close();
  await sink.close();
}
send({ stopped: true });
port.close();
