import { closeSync, existsSync, openSync } from 'node:fs';
import { INGEST_LIMITS } from '../limits.js';
import { FileLineReader, type RawLine } from '../line-reader.js';
import { listSegments, type SpoolPosition, segmentPath } from './position.js';

export interface SpoolLine extends RawLine {
  segment: number;
}

export interface SpoolRead {
  lines: SpoolLine[];
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

  read(maxLines: number): SpoolRead {
    const out: SpoolLine[] = [];
    while (out.length < maxLines) {
      const later = this.laterSegment();
      if (!this.ensureOpen()) {
        if (later === null) break;
        this.moveTo(later);
        continue;
      }
      const got = this.lines!.read(maxLines - out.length, later !== null);
      for (const line of got.lines) out.push({ ...line, segment: this.position.segment });
      this.position = { segment: this.position.segment, offset: got.offset };
      if (out.length >= maxLines) break;
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
