/** Small string helpers shared by the formatter, the parser and the credential shape. */

/**
 * PostgreSQL rejects U+0000 in text columns, and attacker strings reach the database, so the parser
 * hands out U+FFFD in its place.
 */
export function replaceNul(s: string): string {
  return s.indexOf('\0') < 0 ? s : s.replaceAll('\0', '\uFFFD');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** At most `max` UTF-16 code units of `s`, never ending on the first half of a surrogate pair. */
export function truncateCodeUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = max > 0 && isHighSurrogate(s.charCodeAt(max - 1)) ? max - 1 : max;
  return s.slice(0, end);
}
