import { closeSync, openSync } from 'node:fs';
import { INGEST_LIMITS } from './limits.js';
import { FileLineReader, type RawLine } from './line-reader.js';
import { formatPosition, type SpoolPosition } from './spool/position.js';
import { SpoolReader } from './spool/reader.js';

/** A line from a source. */
export type SourceLine = RawLine;

/** Where an ingester reads lines from: the live spool, or a file being imported. */
export interface LineSource {
  /** Short name for events and reports (`spool`, `import`). */
  readonly name: string;
  /** State key the position is committed under; null when the source cannot be resumed. */
  readonly cursorKey: string | null;
  /** Up to `maxLines` complete lines (fewer once they hold `maxBytes`), and the position just after them. */
  read(maxLines: number, maxBytes?: number): { lines: SourceLine[]; cursor: unknown };
  /** Where a line came from, for a dead letter: `segment-000000001.log@1234`, `attack.log@56`. */
  describe(line: SourceLine): string;
  close(): void;
}

/** The spool of this installation; its position is committed under `cursorKey`. */
export function spoolSource(dir: string, start: SpoolPosition, cursorKey: string): LineSource {
  const reader = new SpoolReader(dir, start);
  return {
    name: 'spool',
    cursorKey,
    read(maxLines, maxBytes) {
      const got = reader.read(maxLines, maxBytes);
      return { lines: got.lines, cursor: got.position };
    },
    describe: (line) => formatPosition({ segment: line.file, offset: line.offset }),
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
    read(maxLines, maxBytes) {
      const got = reader.read(maxLines, true, maxBytes);
      return { lines: got.lines, cursor: { offset: got.offset } };
    },
    describe: (line) => `${label}@${line.offset}`,
    close: () => closeSync(fd),
  };
}
