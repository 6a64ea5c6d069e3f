import { closeSync, createWriteStream, fstatSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { paths } from '../config/settings.js';
import { ControlClient } from '../control/client.js';
import { CONTROL_LIMITS } from '../control/protocol.js';
import { parseLine } from '../events/rfc5424/parse.js';
import type { ImportThreads } from '../ingest/import-thread/client.js';
import type { IngestTotals } from '../ingest/ingester.js';
import { INGEST_LIMITS } from '../ingest/limits.js';
import { FileLineReader, lineBytes } from '../ingest/line-reader.js';
import type { SpoolPosition } from '../ingest/spool/position.js';
import { logger, openMigratedDriver, settings } from './context.js';
import { CliError } from './errors.js';
import { importKey } from './import-key.js';

/** How much of a file names it for resuming: its first bytes (see importKey). */
const IMPORT_KEY_BYTES = 64 * 1024;
/** How long an import handed to a running instance waits for it to store the lines. */
const HANDOVER_WAIT_MS = 10 * 60 * 1000;

interface ImportReport extends IngestTotals {
  skippedBytes: number;
  handedOver: boolean;
}

/**
 * Imports a file (`-`: standard input) once, on `threads` (started by the caller, see ImportThreads),
 * or hands it to the instance running on this DECNET_HOME. The threads stop when the import is done or
 * does not happen here.
 */
export async function importFile(from: string, threads: ImportThreads): Promise<ImportReport> {
  try {
    return await importOrHandOver(threads, from);
  } catch (err) {
    await threads.cancel();
    throw err;
  }
}

async function importOrHandOver(threads: ImportThreads, from: string): Promise<ImportReport> {
  const s = settings();
  const where = paths(s);
  let file = from;
  let temporary: string | null = null;
  if (from === '-') {
    // Standard input is copied first so it can be read in bounded chunks and resumed like a file.
    temporary = join(where.runDir, `stdin-import-${process.pid}.log`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(where.runDir, { recursive: true });
    await pipeline(process.stdin, createWriteStream(temporary));
    file = temporary;
  }
  try {
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new CliError(`cannot import ${from}: not a regular file`);
      size = st.size;
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(
        `cannot import ${from}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      );
    }
    const key = importKey(firstBytes(file, IMPORT_KEY_BYTES));
    const label = from === '-' ? 'stdin' : basename(from);
    const client = await ControlClient.connect(paths(s).controlSocket);
    if (client) {
      await threads.cancel();
      try {
        return await handOver(client, file, label, key);
      } finally {
        client.close();
      }
    }
    return await importDirectly(threads, file, label, key, size);
  } finally {
    if (temporary) rmSync(temporary, { force: true });
  }
}

/**
 * No instance runs: the command ingests the file itself, with the same planning and writing as the
 * ingester, on threads whose heaps are capped (see ImportThreads).
 */
async function importDirectly(
  threads: ImportThreads,
  file: string,
  label: string,
  key: string,
  size: number,
): Promise<ImportReport> {
  const s = settings();
  let offset: number;
  // The main thread only reads where a resumed import starts; the threads do the writing.
  const database = await openMigratedDriver(logger());
  try {
    const saved = (await database.getState(key)) as { offset: number } | null;
    offset = Math.min(saved?.offset ?? 0, size);
  } finally {
    await database.close();
  }
  const totals = await threads.run(
    { file, label, cursorKey: key, target: s.dbUrl, batchSize: s.ingest.batchSize },
    offset,
  );
  return { ...totals, skippedBytes: offset, handedOver: false };
}

/**
 * An instance runs on this DECNET_HOME: the lines go into its spool, exactly as if its deckies had
 * emitted them, so its ingester stores them and its workers see them. Lines are classified here with
 * the same parser the instance uses, so the counts are the ones it will store.
 */
async function handOver(
  client: ControlClient,
  file: string,
  label: string,
  key: string,
): Promise<ImportReport> {
  const begin = await client.call<{ offset: number }>('ingest.import.begin', { key });
  const totals: ImportReport = {
    read: 0,
    stored: 0,
    deadLettered: 0,
    batches: 0,
    skippedBytes: begin.offset,
    handedOver: true,
  };
  const fd = openSync(file, 'r');
  let last: SpoolPosition | null = null;
  try {
    const size = fstatSync(fd).size;
    let offset = Math.min(begin.offset, size);
    const reader = new FileLineReader(fd, offset, INGEST_LIMITS.maxLineBytes, INGEST_LIMITS.readChunkBytes);
    for (;;) {
      const chunk: Buffer[] = [];
      let bytes = 0;
      let end = offset;
      while (bytes < CONTROL_LIMITS.importChunkBytes) {
        const got = reader.read(1000, true);
        if (got.lines.length === 0) break;
        for (const line of got.lines) {
          totals.read++;
          const ok = !line.oversized && parseLine(line.text).ok;
          if (ok) totals.stored++;
          else totals.deadLettered++;
          const exact = lineBytes(line);
          chunk.push(exact, NEWLINE);
          bytes += exact.length + 1;
        }
        end = got.offset;
      }
      if (chunk.length === 0) break;
      // An oversized line is sent cut to the cap: the instance dead-letters it, as a direct import would.
      const sent: { position: SpoolPosition } = await client.call('ingest.append', {
        key,
        offset,
        end,
        data: Buffer.concat(chunk).toString('base64'),
      });
      last = sent.position;
      totals.batches++;
      offset = end;
    }
  } finally {
    closeSync(fd);
  }
  if (last) {
    const waited = await client.call<{ committed: boolean }>('ingest.wait', {
      position: last,
      timeout_ms: HANDOVER_WAIT_MS,
    });
    if (!waited.committed) {
      throw new CliError(
        `the lines are in the running instance's spool but were not stored within ${HANDOVER_WAIT_MS / 60000} minutes; ` +
          'it will store them when it can (check `decnet status`)',
      );
    }
  }
  process.stderr.write(`decnet: ${label} handed to the running instance\n`);
  return totals;
}

const NEWLINE = Buffer.from('\n');

function firstBytes(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export function printReport(from: string, r: ImportReport): void {
  const name = from === '-' ? 'standard input' : from;
  const resumed = r.skippedBytes > 0 ? ` (${r.skippedBytes} bytes already imported before were skipped)` : '';
  process.stdout.write(
    `${name}: read ${r.read} lines, stored ${r.stored}, dead-lettered ${r.deadLettered}${resumed}${r.handedOver ? ' via the running instance' : ''}\n`,
  );
}
