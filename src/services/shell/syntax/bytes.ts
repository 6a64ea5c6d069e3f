/**
 * The shell works on bytes, as bash does: `echo -ne '\x7f\x45\x4c\x46' > x` must write exactly those
 * four bytes, and a UTF-8 name typed at the prompt must reach the filesystem unchanged. Inside the
 * interpreter every string is a byte string (one char per byte, 0–255, Node's `latin1`); text crosses
 * into UTF-16 only at the edges (argv and paths given to commands and the filesystem).
 */

const ASCII = /^[\x00-\x7f]*$/;

/** A UTF-16 string as its UTF-8 bytes. */
export function toBytes(text: string): string {
  return ASCII.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** A byte string decoded as UTF-8 (invalid sequences become U+FFFD, as a terminal would show them). */
export function toText(bytes: string): string {
  return ASCII.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

export function bytesOf(data: Buffer): string {
  return data.toString('latin1');
}

export function bufferOf(bytes: string): Buffer {
  return Buffer.from(bytes, 'latin1');
}

/** One code point as UTF-8 bytes (`\u` and `\U` escapes); out-of-range values give nothing. */
export function codePointBytes(codePoint: number): string {
  if (codePoint < 0 || codePoint > 0x10ffff) return '';
  return toBytes(String.fromCodePoint(codePoint));
}
