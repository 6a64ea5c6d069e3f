/**
 * Pages of a session recording in asciinema's v2 format (https://docs.asciinema.org/manual/asciicast/v2/):
 * a JSON header line, then one `[seconds, code, data]` line per event. The pager is fed the file's bytes
 * in chunks and keeps only the header and the events of the requested page, so a page of a 10 MiB
 * recording costs a scan for newlines, not a parse of every event.
 */
import { z } from 'zod';

export const ASCIICAST_LIMITS = {
  /** A header longer than this is not an asciicast header (ours are about 100 bytes). */
  maxHeaderBytes: 64 * 1024,
} as const;

export const AsciicastHeader = z
  .object({
    version: z.literal(2),
    width: z.number().int().nonnegative(),
    height: z.number().int().nonnegative(),
    timestamp: z.number().optional(),
    duration: z.number().optional(),
    title: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'AsciicastHeader' });
export type AsciicastHeader = z.infer<typeof AsciicastHeader>;

/** One event: seconds since the start, its code (`o` output, `i` input, `r` resize, `m` marker), its data. */
export const AsciicastEvent = z.tuple([z.number(), z.string(), z.string()]);
export type AsciicastEvent = z.infer<typeof AsciicastEvent>;

export interface AsciicastPage {
  /** Null when the first line is not an asciicast v2 header. */
  header: AsciicastHeader | null;
  /** Event lines seen. */
  total: number;
  /** The events of the page that parsed as events. */
  events: AsciicastEvent[];
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Feed it the file's bytes with `push`, then `finish`. An event line is one that starts with `[` and
 * ends with `]`; only those of the page `[offset, offset + limit)` are parsed.
 */
export class AsciicastPager {
  private line = 0;
  private events = 0;
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private first = -1;
  private last = -1;
  private header: AsciicastHeader | null = null;
  private headerTooLong = false;
  private readonly page: AsciicastEvent[] = [];

  constructor(
    private readonly offset: number,
    private readonly limit: number,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk, start, end);
      if (nl === -1) return;
      this.endLine();
      start = nl + 1;
    }
  }

  /**
   * The page. `complete`: the file ended here (its last line counts even without a newline); false when
   * reading stopped at a byte cap, so a partial last line is dropped.
   */
  finish(complete: boolean): AsciicastPage {
    if (complete) this.endLine();
    return { header: this.header, total: this.events, events: this.page };
  }

  private keeping(bytes: number): boolean {
    if (this.line > 0) return this.events >= this.offset && this.events < this.offset + this.limit;
    if (this.pieceBytes + bytes <= ASCIICAST_LIMITS.maxHeaderBytes) return true;
    this.headerTooLong = true;
    return false;
  }

  private take(chunk: Buffer, start: number, end: number): void {
    if (start === end) return;
    if (this.first === -1) this.first = chunk[start]!;
    let lastByte = chunk[end - 1]!;
    if (lastByte === CR && end - 1 > start) lastByte = chunk[end - 2]!;
    if (lastByte !== CR) this.last = lastByte;
    if (this.keeping(end - start)) {
      this.pieces.push(chunk.subarray(start, end));
      this.pieceBytes += end - start;
    }
  }

  private endLine(): void {
    const text = this.pieces.length > 0 ? Buffer.concat(this.pieces, this.pieceBytes).toString('utf8') : '';
    const blank = this.first === -1;
    const looksLikeEvent = this.first === OPEN_BRACKET && this.last === CLOSE_BRACKET;
    this.pieces = [];
    this.pieceBytes = 0;
    this.first = -1;
    this.last = -1;
    if (blank) return;
    if (this.line++ === 0) {
      this.header = this.headerTooLong ? null : parseHeader(text);
      return;
    }
    if (!looksLikeEvent) return;
    if (text !== '') {
      const event = parseEvent(text);
      if (event) this.page.push(event);
    }
    this.events++;
  }
}

function parseHeader(text: string): AsciicastHeader | null {
  const parsed = AsciicastHeader.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

function parseEvent(text: string): AsciicastEvent | null {
  const parsed = AsciicastEvent.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
