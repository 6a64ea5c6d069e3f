/**
 * Integer parsing with the two grammars configuration needs: Python's `int()` for values the reference
 * reads with `int()` (deployment file and service config, so reference files mean the same here), and a
 * plain decimal grammar for our own settings.
 */

/** Python `int(str)` for base 10: surrounding whitespace, one sign, digits with single `_` separators. */
const PYTHON_INT = /^[+-]?[0-9]+(?:_[0-9]+)*$/;
const DECIMAL = /^[0-9]+$/;

/**
 * Parses a string the way Python's `int()` does (ASCII digits only): `" 42 "`, `"+7"`, `"007"`,
 * `"1_000"` are accepted; `"4.2"`, `"1__0"`, `"0x10"`, `""` are not. Returns null when the text is
 * not an integer or is outside JavaScript's safe-integer range.
 */
export function parsePythonInt(text: string): number | null {
  const trimmed = text.trim();
  if (!PYTHON_INT.test(trimmed)) return null;
  return toSafeInteger(trimmed.replaceAll('_', ''));
}

/** Parses an unsigned decimal integer (surrounding whitespace allowed); null otherwise. */
export function parseDecimalInt(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  return toSafeInteger(trimmed);
}

function toSafeInteger(digits: string): number | null {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}
