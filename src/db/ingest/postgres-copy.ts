import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value of one column as COPY's text format writes it (null and undefined are SQL NULL). */
export type CopyValue = string | number | boolean | null | undefined;

/**
 * Bytes handed to the server at a time: the server parses one chunk while the next is encoded, and a
 * batch's COPY text (several MiB) is never held whole.
 */
const COPY_CHUNK_BYTES = 256 * 1024;

/** Backslash escapes of COPY's text format, by byte: the escape letter, or 0 for a byte written as is. */
const ESCAPES = new Uint8Array(256);
ESCAPES[0x5c] = 0x5c; // \ → \\
ESCAPES[0x09] = 0x74; // tab (the column separator) → \t
ESCAPES[0x0a] = 0x6e; // newline (the row separator) → \n
ESCAPES[0x0d] = 0x72; // carriage return → \r

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * Rows in PostgreSQL's COPY text format (tab-separated columns, one row a line, `\N` for NULL, the
 * separators and backslash escaped), encoded as UTF-8 straight into a buffer. Every byte that could end
 * a column or a row is escaped, so a value, attacker text included, can only ever fill its own column.
 */
export class CopyTextEncoder {
  private buffer = Buffer.alloc(0);
  private used = 0;
  private rowStart = true;

  /** `chunkBytes`: about how much is encoded between takes; the buffer, allocated on first use, holds twice that. */
  constructor(private readonly chunkBytes = COPY_CHUNK_BYTES) {}

  /** Bytes encoded and not yet taken. */
  get size(): number {
    return this.used;
  }

  value(v: CopyValue): void {
    this.separate();
    if (v === null || v === undefined) {
      this.reserve(2);
      this.buffer[this.used++] = 0x5c;
      this.buffer[this.used++] = 0x4e;
      return;
    }
    let text = typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
    if (NEEDS_ESCAPE.test(text)) text = text.replace(/[\\\t\n\r]/g, escapeChar);
    // A UTF-16 code unit is at most 3 UTF-8 bytes.
    this.reserve(text.length * 3);
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** A column whose value is already UTF-8 text: `source[start, end)`. */
  utf8(source: Uint8Array, start: number, end: number): void {
    this.separate();
    this.reserve(2 * (end - start));
    const out = this.buffer;
    let o = this.used;
    for (let p = start; p < end; p++) {
      const byte = source[p]!;
      const letter = ESCAPES[byte]!;
      if (letter === 0) out[o++] = byte;
      else {
        out[o++] = 0x5c;
        out[o++] = letter;
      }
    }
    this.used = o;
  }

  endRow(): void {
    this.reserve(1);
    this.buffer[this.used++] = NEWLINE;
    this.rowStart = true;
  }

  /** The encoded rows so far; the encoder starts over with a buffer of its own. */
  take(): Buffer {
    const taken = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.alloc(0);
    this.used = 0;
    return taken;
  }

  private separate(): void {
    if (this.rowStart) {
      this.rowStart = false;
      return;
    }
    this.reserve(1);
    this.buffer[this.used++] = TAB;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(
      Math.max(this.buffer.length * 2, this.used + bytes, this.chunkBytes * 2),
    );
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/**
 * `COPY table (columns) FROM STDIN` of `count` rows, each encoded by `encodeRow`, streamed a chunk at a
 * time. COPY is PostgreSQL's bulk path: the server parses plain text, where an INSERT of the same rows as
 * one JSON document has it parse the whole document first. A row the server rejects fails the COPY and
 * with it the caller's transaction; an error while encoding cancels the COPY the same way.
 */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  count: number,
  encodeRow: (row: number, encoder: CopyTextEncoder) => void,
): Promise<void> {
  if (count === 0) return;
  function* chunks(): Generator<Buffer> {
    const encoder = new CopyTextEncoder();
    for (let row = 0; row < count; row++) {
      encodeRow(row, encoder);
      encoder.endRow();
      if (encoder.size >= COPY_CHUNK_BYTES) yield encoder.take();
    }
    if (encoder.size > 0) yield encoder.take();
  }
  await pipeline(
    Readable.from(chunks(), { objectMode: false }),
    client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
  );
}
