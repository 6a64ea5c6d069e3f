import { closeSync, existsSync, openSync } from 'node:fs';
import { INGEST_LIMITS } from '../limits.js';
import { FileLineReader, type RawLine } from '../line-reader.js';
import { listSegments, type SpoolPosition, segmentPath } from './position.js';

export interface SpoolRead {
  /** The lines, each with its segment number as `file`. */
  lines: RawLine[];
  /** Where the next read starts: commit this together with the rows made from `lines`. */
  position: SpoolPosition;
}

/**
 * Reads the spool from a committed position, following rotation into later segments. A segment is
 * complete once a later one exists (the writer only starts the next after its last write), so only
 * then is an unterminated tail taken as a line.
 */
export class SpoolReader {
  private position: SpoolPosition;
  private fd: number | null = null;
  private lines: FileLineReader | null = null;

  constructor(
    private readonly dir: string,
    start: SpoolPosition,
    private readonly maxLineBytes = INGEST_LIMITS.maxLineBytes,
  ) {
    this.position = { ...start };
  }

  read(maxLines: number, maxBytes = Number.POSITIVE_INFINITY): SpoolRead {
    const out: RawLine[] = [];
    let bytes = 0;
    while (out.length < maxLines && bytes < maxBytes) {
      const later = this.laterSegment();
      if (!this.ensureOpen()) {
        if (later === null) break;
        this.moveTo(later);
        continue;
      }
      const from = this.position.offset;
      const got = this.lines!.read(maxLines - out.length, later !== null, maxBytes - bytes);
      for (const line of got.lines) out.push(line);
      bytes += got.offset - from;
      this.position = { segment: this.position.segment, offset: got.offset };
      if (out.length >= maxLines || bytes >= maxBytes) break;
      if (later === null) break;
      this.moveTo(later);
    }
    return { lines: out, position: { ...this.position } };
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.lines = null;
  }

  private laterSegment(): number | null {
    const next = listSegments(this.dir).find((s) => s > this.position.segment);
    return next ?? null;
  }

  private moveTo(segment: number): void {
    this.close();
    this.position = { segment, offset: 0 };
  }

  private ensureOpen(): boolean {
    if (this.fd !== null) return true;
    const file = segmentPath(this.dir, this.position.segment);
    if (!existsSync(file)) return false;
    this.fd = openSync(file, 'r');
    this.lines = new FileLineReader(
      this.fd,
      this.position.offset,
      this.maxLineBytes,
      INGEST_LIMITS.readChunkBytes,
    );
    return true;
  }
}
