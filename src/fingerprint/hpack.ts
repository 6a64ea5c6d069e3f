/**
 * A minimal, bounded HPACK decoder (RFC 7541) for reading the first request of an HTTP/2 client: static
 * table (Appendix A), Huffman strings (Appendix B), a dynamic table capped at the size this server
 * allows. It decodes whole header blocks and never throws on hostile bytes.
 */

/** RFC 7541 Appendix A. */
export const STATIC_TABLE: readonly (readonly [string, string])[] = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

/**
 * RFC 7541 Appendix B code lengths for symbols 0–255; EOS (256) is 30 bits. The code is canonical, so
 * the codes themselves follow from the lengths (assigned in order of length, then symbol).
 */
// biome-ignore format: a table reads best 16 to a line, as in the RFC's symbol order.
const HUFFMAN_LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
  5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
  7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
  6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];
const EOS = 256;

/** Canonical codes from the lengths: `codes[sym]`, and a map from `length:code` to symbol for decoding. */
function buildHuffman(): { codes: number[]; lookup: Map<number, number> } {
  const order = HUFFMAN_LENGTHS.map((len, sym) => [len, sym] as const).sort(
    (x, y) => x[0] - y[0] || x[1] - y[1],
  );
  const codes: number[] = new Array(HUFFMAN_LENGTHS.length).fill(0);
  const lookup = new Map<number, number>();
  let code = 0;
  let prevLen = order[0]![0];
  for (const [len, sym] of order) {
    code *= 2 ** (len - prevLen);
    prevLen = len;
    codes[sym] = code;
    // Key: length in the top bits of a float-safe integer (codes are at most 30 bits).
    lookup.set(len * 2 ** 30 + code, sym);
    code += 1;
  }
  return { codes, lookup };
}
const HUFFMAN = buildHuffman();

/** The canonical Huffman code of `symbol` (exported for tests against RFC 7541 Appendix B). */
export function huffmanCode(symbol: number): { code: number; bits: number } {
  return { code: HUFFMAN.codes[symbol] ?? 0, bits: HUFFMAN_LENGTHS[symbol] ?? 0 };
}

/** RFC 7541 §5.2: decode; null on EOS inside the string, or padding longer than 7 bits or not all ones. */
export function huffmanDecode(bytes: Uint8Array): Buffer | null {
  const out: number[] = [];
  let code = 0;
  let len = 0;
  for (const byte of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1);
      len++;
      const sym = HUFFMAN.lookup.get(len * 2 ** 30 + code);
      if (sym !== undefined) {
        if (sym === EOS) return null;
        out.push(sym);
        code = 0;
        len = 0;
      } else if (len >= 30) {
        return null;
      }
    }
  }
  if (len > 7 || code !== 2 ** len - 1) return null;
  return Buffer.from(out);
}

/** RFC 7541 §4.1: an entry's size is its name and value length plus 32. */
const ENTRY_OVERHEAD = 32;
/** RFC 9113 §6.5.2: SETTINGS_HEADER_TABLE_SIZE defaults to 4096, and a decoy announces no other. */
export const HPACK_TABLE_MAX_BYTES = 4096;
/** Decoded fields and bytes per block: far above a browser's request, far below a memory problem. */
export const HPACK_MAX_FIELDS = 256;
export const HPACK_MAX_DECODED_BYTES = 65_536;
/** An integer beyond this is not a length or index any bounded block can use. */
const MAX_INTEGER = 2 ** 24;

export type HeaderField = readonly [name: string, value: string];

export type HpackResult = { kind: 'headers'; headers: HeaderField[] } | { kind: 'invalid'; reason: string };

/** One connection's decoding context: the dynamic table, newest entry first. Strings are latin1 (bytes). */
export class HpackDecoder {
  private readonly table: HeaderField[] = [];
  private size = 0;
  private maxSize: number;

  constructor(private readonly limit: number = HPACK_TABLE_MAX_BYTES) {
    this.maxSize = limit;
  }

  /** The dynamic table's entries, newest first (for tests and diagnostics). */
  get dynamicTable(): readonly HeaderField[] {
    return this.table;
  }

  private evict(): void {
    while (this.size > this.maxSize) {
      const last = this.table.pop();
      if (last === undefined) break;
      this.size -= last[0].length + last[1].length + ENTRY_OVERHEAD;
    }
  }

  private insert(field: HeaderField): void {
    this.table.unshift(field);
    this.size += field[0].length + field[1].length + ENTRY_OVERHEAD;
    this.evict();
  }

  private entry(index: number): HeaderField | null {
    if (index >= 1 && index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1]!;
    return this.table[index - STATIC_TABLE.length - 1] ?? null;
  }

  /** Decodes one complete header block (RFC 7541 §6). */
  decode(block: Uint8Array): HpackResult {
    const headers: HeaderField[] = [];
    let decoded = 0;
    let pos = 0;
    const integer = (prefixBits: number): number | null => {
      if (pos >= block.length) return null;
      const max = 2 ** prefixBits - 1;
      let value = (block[pos++] as number) & max;
      if (value < max) return value;
      for (let shift = 0; ; shift += 7) {
        if (pos >= block.length) return null;
        const b = block[pos++] as number;
        value += (b & 0x7f) * 2 ** shift;
        if (value > MAX_INTEGER) return null;
        if ((b & 0x80) === 0) return value;
      }
    };
    const string = (): string | null => {
      if (pos >= block.length) return null;
      const huffman = ((block[pos] as number) & 0x80) !== 0;
      const length = integer(7);
      if (length === null || pos + length > block.length) return null;
      const raw = block.subarray(pos, pos + length);
      pos += length;
      const bytes = huffman ? huffmanDecode(raw) : Buffer.from(raw);
      return bytes === null ? null : bytes.toString('latin1');
    };
    while (pos < block.length) {
      const b = block[pos] as number;
      if (b & 0x80) {
        // §6.1 indexed field.
        const index = integer(7);
        const field = index === null || index === 0 ? null : this.entry(index);
        if (field === null) return { kind: 'invalid', reason: `bad header index ${index}` };
        headers.push(field);
      } else if ((b & 0xe0) === 0x20) {
        // §6.3 dynamic table size update.
        const size = integer(5);
        if (size === null || size > this.limit)
          return { kind: 'invalid', reason: `bad table size update ${size}` };
        this.maxSize = size;
        this.evict();
        continue;
      } else {
        // §6.2.1 with incremental indexing (01), §6.2.2 without (0000), §6.2.3 never indexed (0001).
        const indexing = (b & 0xc0) === 0x40;
        const nameIndex = integer(indexing ? 6 : 4);
        if (nameIndex === null) return { kind: 'invalid', reason: 'truncated literal field' };
        const name = nameIndex === 0 ? string() : (this.entry(nameIndex)?.[0] ?? null);
        const value = name === null ? null : string();
        if (name === null || value === null) return { kind: 'invalid', reason: 'bad literal field' };
        const field: HeaderField = [name, value];
        if (indexing) this.insert(field);
        headers.push(field);
      }
      const last = headers[headers.length - 1]!;
      decoded += last[0].length + last[1].length;
      if (headers.length > HPACK_MAX_FIELDS || decoded > HPACK_MAX_DECODED_BYTES) {
        return { kind: 'invalid', reason: 'header block exceeds the decoding bounds' };
      }
    }
    return { kind: 'headers', headers };
  }
}
