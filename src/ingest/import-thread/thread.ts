/**
 * One import thread: reads, plans and writes its share of a file's batches (see BatchTurns). Each
 * thread plans and writes on its own, with a connection of its own, so no batch is copied between
 * threads; the turns keep the batches in file order in the database. The heap is capped (see
 * IMPORT_THREAD_LIMITS): planning allocates fast and short-lived, and an uncapped heap lets that
 * garbage pile up to hundreds of megabytes before V8 collects it.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestStore } from '../../db/ingest/ingest-tx.js';
import { systemClock } from '../../runtime/clock.js';
import { appendRows, applyPlan, type BatchResult } from '../apply.js';
import { NO_TRUSTED_PROXIES } from '../bounties/index.js';
import { type IngestTotals, type PlanLinesOptions, planLines } from '../ingester.js';
import { INGEST_LIMITS } from '../limits.js';
import { FileLineReader } from '../line-reader.js';
import type { BatchPlan } from '../plan.js';
import type { SourceLine } from '../sources.js';
import { walGrowth } from '../writer-thread/checkpoints.js';
import { openIngestStore } from '../writer-thread/store.js';
import type { ImportBegin, ImportJob, ImportMessage, ImportThreadData } from './protocol.js';
import { batchBytesLeft } from './tail.js';
import { BatchTurns } from './turns.js';

const { index, threads, turns: turnsBuffer } = workerData as ImportThreadData;
const port = parentPort!;
const turns = new BatchTurns(turnsBuffer);
const send = (message: ImportMessage) => port.postMessage(message);

/**
 * Each thread's SQLite page cache. A batch dirties more pages than 2 MiB hold: SQLite then writes some
 * to the log mid-transaction, and when one of them changes again, rewrites its frame and at the commit
 * re-reads every later frame to checksum it again (about 30,000 such reads a thread in the 200k
 * import). 8 MiB made the 200k import about 2.5 % quicker than 2 MiB (6 interleaved runs; 16 MiB no
 * better) and the 1M import peak at 162 MB instead of 148, with the launcher's malloc setting (see
 * bin/decnet). The other thread's commit still empties this cache before each of this thread's batches.
 */
const IMPORT_CACHE_KIB = 8 * 1024;

const PLANNING: PlanLinesOptions = {
  clock: systemClock,
  newId: randomUUID,
  bounties: { trustedProxies: NO_TRUSTED_PROXIES },
};

async function importShare(job: ImportJob): Promise<IngestTotals> {
  const source = {
    name: 'import',
    cursorKey: job.cursorKey,
    describe: (line: SourceLine) => `${job.label}@${line.offset}`,
  };
  const totals: IngestTotals = { read: 0, stored: 0, deadLettered: 0, batches: 0 };
  let writtenSinceCheckpoint = 0;
  const store = await openIngestStore(job.target, { cacheKiB: IMPORT_CACHE_KIB });
  const fd = openSync(job.file, 'r');
  try {
    const size = fstatSync(fd).size;
    const reader = new FileLineReader(fd, 0, INGEST_LIMITS.maxLineBytes, INGEST_LIMITS.readChunkBytes);
    for (let batch = index; ; batch += threads) {
      const offset = await turns.awaitRead(batch);
      if (offset === null) break;
      reader.seek(offset);
      const { lines, offset: end } = reader.read(job.batchSize, true, batchBytesLeft(size - offset, threads));
      if (lines.length === 0) {
        turns.endInput();
        break;
      }
      turns.passRead(batch, end);
      const plan = planLines(source, lines, { offset: end }, PLANNING);
      let result: BatchResult | null;
      // The one-writer path stays inline: the same steps in a helper left about 5 MB more alive per
      // thread at each full collection (the 200k import's peak RSS 174-178 → 193-199 MB in 4 of 4 runs).
      if (store.concurrentWriters) result = await writeAlongside(store, batch, plan);
      else if (await turns.awaitCommit(batch))
        result = await store.transaction((tx) => applyPlan(tx, plan, randomUUID));
      else result = null;
      if (result === null) break;
      // Nobody else writes while this thread holds the commit turn: this checkpoint copies only what
      // was committed since the main thread's last one and leaves the log fully copied, so the next
      // commit starts it over from the top. Without it the log never empties and grows by the whole
      // import. (The main thread holds its own checkpoints until this one ran; should another connection
      // be checkpointing anyway, this one is busy and is tried next turn.)
      if (turns.logRestartRequested && (await store.checkpoint()) !== null) turns.logRestarted();
      turns.passCommit(batch);
      totals.read += lines.length;
      totals.stored += result.stored;
      totals.deadLettered += result.deadLettered;
      totals.batches++;
      // The bulk of the checkpoints runs on the main thread, beside the writers (WAL allows that): each
      // ends in disk syncs, which this thread would otherwise wait for instead of planning.
      writtenSinceCheckpoint += walGrowth(plan);
      if (!store.concurrentWriters && writtenSinceCheckpoint >= job.checkpointEveryBytes) {
        writtenSinceCheckpoint = 0;
        send({ checkpoint: true });
      }
    }
  } finally {
    closeSync(fd);
    await store.close();
  }
  return totals;
}

/**
 * Stores a planned batch where two transactions may write at once: it appends its rows first, in its
 * append turn, while the batch before it commits (on PostgreSQL logs and commands are about half of a
 * commit's time), and writes the rest in its commit turn. Null when an import thread failed meanwhile.
 */
async function writeAlongside(
  store: IngestStore,
  batch: number,
  plan: BatchPlan,
): Promise<BatchResult | null> {
  try {
    return await store.transaction(async (tx) => {
      if (!(await turns.awaitAppend(batch))) throw new ImportStopped();
      const logIds = await appendRows(tx, plan);
      turns.passAppend(batch);
      if (!(await turns.awaitCommit(batch))) throw new ImportStopped();
      return applyPlan(tx, plan, randomUUID, logIds);
    });
  } catch (err) {
    if (err instanceof ImportStopped) return null;
    throw err;
  }
}

/** Another import thread failed: this one rolls its batch back and stops. */
class ImportStopped extends Error {}

const [{ begin: job }] = (await once(port, 'message')) as [ImportBegin];
try {
  send({ ok: true, totals: await importShare(job) });
} catch (err) {
  turns.fail();
  send({ ok: false, error: (err as Error).message });
}
