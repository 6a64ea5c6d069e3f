/**
 * What the fabric has created outside the process, written before it is created: after a crash (or a
 * kill -9) the next start, or `decnet teardown`, reads it and removes exactly that. Written atomically
 * (temp file + rename) so a crash mid-write leaves the previous version.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({
  version: z.literal(1),
  /** The installation tag the names carry. */
  tag: z.string(),
  namespaces: z.array(z.string()),
  hostLinks: z.array(z.string()),
  bridge: z.string().nullable(),
});

export type FabricState = z.infer<typeof stateSchema>;

export function emptyState(tag: string): FabricState {
  return { version: 1, tag, namespaces: [], hostLinks: [], bridge: null };
}

/** The recorded state, or null when there is none; a corrupt file is reported, not trusted. */
export function readState(file: string): FabricState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = stateSchema.safeParse(safeJsonParse(text));
  if (!parsed.success)
    throw new Error(`fabric state file ${file} is corrupt; delete it after checking \`ip netns\``);
  return parsed.data;
}

export function writeState(file: string, state: FabricState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export function clearState(file: string): void {
  rmSync(file, { force: true });
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
