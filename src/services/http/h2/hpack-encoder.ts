/**
 * The HPACK encoder of a response (RFC 7541): a field that is a whole static-table entry (`:status: 200`)
 * is indexed (§6.1); every other is a literal without indexing (§6.2.2) naming the static table where it
 * can, its strings Huffman-coded when that is shorter (§5.2), as nginx writes them. No dynamic table is
 * used, so no table state has to be kept or agreed with the client.
 */
import { huffmanCode, STATIC_TABLE } from '../../../fingerprint/hpack.js';

export type ResponseField = readonly [name: string, value: string];

/** name → first static index; `name\0value` → index of a full entry (1-based, RFC 7541 Appendix A). */
const NAME_INDEX = new Map<string, number>();
const FIELD_INDEX = new Map<string, number>();
STATIC_TABLE.forEach(([name, value], i) => {
  if (!NAME_INDEX.has(name)) NAME_INDEX.set(name, i + 1);
  if (value !== '') FIELD_INDEX.set(`${name}\0${value}`, i + 1);
});

/** §5.1: an integer with an N-bit prefix; `first` holds the pattern bits above the prefix. */
function integer(out: number[], value: number, prefixBits: number, first: number): void {
  const max = 2 ** prefixBits - 1;
  if (value < max) {
    out.push(first | value);
    return;
  }
  out.push(first | max);
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

function huffmanLength(bytes: Buffer): number {
  let bits = 0;
  for (const b of bytes) bits += huffmanCode(b).bits;
  return Math.ceil(bits / 8);
}

/** §5.2: codes packed most significant bit first, the last byte padded with the EOS prefix (ones). */
export function huffmanEncode(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(huffmanLength(bytes));
  let pos = 0;
  // Pending bits are kept below 2^38 (fewer than 8 left over plus a code of at most 30): float-exact.
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    const { code, bits: length } = huffmanCode(b);
    acc = acc * 2 ** length + code;
    bits += length;
    while (bits >= 8) {
      bits -= 8;
      const byte = Math.floor(acc / 2 ** bits);
      out[pos++] = byte;
      acc -= byte * 2 ** bits;
    }
  }
  if (bits > 0) out[pos++] = acc * 2 ** (8 - bits) + (2 ** (8 - bits) - 1);
  return out;
}

/** §5.2 string literal: Huffman when it saves bytes. Strings are latin1, as header bytes are. */
function string(out: number[], text: string): void {
  const raw = Buffer.from(text, 'latin1');
  if (huffmanLength(raw) < raw.length) {
    const coded = huffmanEncode(raw);
    integer(out, coded.length, 7, 0x80);
    for (const b of coded) out.push(b);
  } else {
    integer(out, raw.length, 7, 0);
    for (const b of raw) out.push(b);
  }
}

/** One header block. Names must already be lower-case (RFC 9113 §8.2.1). */
export function encodeHeaderBlock(fields: readonly ResponseField[]): Buffer {
  const out: number[] = [];
  for (const [name, value] of fields) {
    const whole = FIELD_INDEX.get(`${name}\0${value}`);
    if (whole !== undefined) {
      integer(out, whole, 7, 0x80);
      continue;
    }
    const nameIndex = NAME_INDEX.get(name);
    if (nameIndex !== undefined) integer(out, nameIndex, 4, 0x00);
    else {
      out.push(0x00);
      string(out, name);
    }
    string(out, value);
  }
  return Buffer.from(out);
}
