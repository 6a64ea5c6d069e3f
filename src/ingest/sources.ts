import { closeSync, openSync } from 'node:fs';
import { INGEST_LIMITS } from './limits.js';
import { FileLineReader, type RawLine } from './line-reader.js';
import { formatPosition, type SpoolPosition } from './spool/position.js';
import { SpoolReader } from './spool/reader.js';

/** A line and where it came from (kept with it if it is dead-lettered). */
export interface SourceLine extends RawLine {
  where: string;
}

/** Where an ingester reads lines from: the live spool, or a file being imported. */
export interface LineSource {
  /** Short name for events and reports (`spool`, `import`). */
  readonly name: string;
  /** State key the position is committed under; null when the source cannot be resumed. */
  readonly cursorKey: string | null;
  /** Up to `maxLines` complete lines, and the position just after them. */
  read(maxLines: number): { lines: SourceLine[]; cursor: unknown };
  close(): void;
}

/** The spool of this installation; its position is committed under `cursorKey`. */
export function spoolSource(dir: string, start: SpoolPosition, cursorKey: string): LineSource {
  const reader = new SpoolReader(dir, start);
  return {
    name: 'spool',
    cursorKey,
    read(maxLines) {
      const got = reader.read(maxLines);
      const lines = got.lines.map((l) => ({
        ...l,
        where: formatPosition({ segment: l.segment, offset: l.offset }),
      }));
      return { lines, cursor: got.position };
    },
    close: () => reader.close(),
  };
}

/**
 * A complete file, read once from `offset`. Its last line counts even without a newline. With a
 * cursor key, an interrupted import resumes where it stopped and a finished one is not stored twice.
 */
export function fileSource(
  path: string,
  label: string,
  offset: number,
  cursorKey: string | null,
): LineSource {
  const fd = openSync(path, 'r');
  const reader = new FileLineReader(fd, offset, INGEST_LIMITS.maxLineBytes, INGEST_LIMITS.readChunkBytes);
  return {
    name: 'import',
    cursorKey,
    read(maxLines) {
      const got = reader.read(maxLines, true);
      const lines = got.lines.map((l) => ({ ...l, where: `${label}@${l.offset}` }));
      return { lines, cursor: { offset: got.offset } };
    },
    close: () => closeSync(fd),
  };
}
