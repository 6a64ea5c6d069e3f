import { z } from 'zod';
import { ControlError } from '../control/protocol.js';
import type { Database } from '../db/connection.js';
import { getState, setState } from '../db/repositories/state.js';
import { formatTimestamp } from '../events/rfc5424/timestamp.js';
import type { IngestRole } from './role.js';
import type { SpoolPosition } from './spool/position.js';
import type { SpoolWriter } from './spool/writer.js';

/**
 * `decnet ingest --from FILE` while an instance runs: the command hands the file's lines over the control
 * socket into the instance's spool, so they are stored and seen exactly as if its own deckies had
 * emitted them. Progress is kept per file (keyed by content) so an interrupted import resumes and a
 * finished one is not stored twice.
 */

const beginParams = z.object({ key: z.string().min(1).max(200) });
const appendParams = z.object({
  key: z.string().min(1).max(200),
  /** Where this chunk starts in the file: must be where the import stands. */
  offset: z.number().int().min(0),
  /** Where it ends: the import's position once the chunk is in the spool. */
  end: z.number().int().min(0),
  /** Whole lines, base64. */
  data: z.string(),
});
const waitParams = z.object({
  position: z.object({ segment: z.number().int().min(1), offset: z.number().int().min(0) }),
  timeout_ms: z.number().int().min(0).max(600_000),
});

function parse<T>(schema: z.ZodType<T>, params: unknown): T {
  const result = schema.safeParse(params);
  if (!result.success)
    throw new ControlError('bad_request', `bad parameters: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

async function importOffset(database: Database, key: string): Promise<number> {
  const saved = (await getState(database, key)) as { offset?: unknown } | null;
  return typeof saved?.offset === 'number' ? saved.offset : 0;
}

/** Where an import stands: the byte of the file to send next. */
export async function beginImport(database: Database, params: unknown): Promise<{ offset: number }> {
  const { key } = parse(beginParams, params);
  return { offset: await importOffset(database, key) };
}

/** Appends one chunk to the spool, makes it durable, then records the import's new position. */
export async function appendImport(
  database: Database,
  spool: SpoolWriter,
  params: unknown,
  nowMs: number,
): Promise<{ position: SpoolPosition }> {
  const { key, offset, end, data } = parse(appendParams, params);
  const at = await importOffset(database, key);
  if (at !== offset) {
    throw new ControlError('conflict', `this import is at byte ${at}, not ${offset}: is it running twice?`);
  }
  if (end < offset) throw new ControlError('bad_request', 'a chunk cannot end before it starts');
  spool.appendBytes(Buffer.from(data, 'base64'));
  const position = await spool.flush();
  // Recorded once the lines are durable in the spool: a crash in between re-sends one chunk at most.
  await setState(database, key, { offset: end }, formatTimestamp(nowMs * 1000));
  return { position };
}

/** Waits until the ingester has stored everything up to `position`, or the timeout passes. */
export async function waitForImport(
  ingest: IngestRole,
  params: unknown,
  shutdown: AbortSignal,
): Promise<{ committed: boolean }> {
  const { position, timeout_ms } = parse(waitParams, params);
  const committed = await ingest.waitFor(
    position,
    AbortSignal.any([AbortSignal.timeout(timeout_ms), shutdown]),
  );
  return { committed };
}
