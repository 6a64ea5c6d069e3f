/** Quoting words back into shell syntax, the ways bash prints them. */

/** `printf %q` (and `set` for odd values): backslashes for specials, `$'…'` for control bytes. */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (/[\x00-\x1f\x7f-\xff]/.test(word)) {
    let out = "$'";
    for (const c of word) {
      const code = c.charCodeAt(0);
      if (c === "'" || c === '\\') out += `\\${c}`;
      else if (c === '\n') out += '\\n';
      else if (c === '\t') out += '\\t';
      else if (c === '\r') out += '\\r';
      else if (c === '\x1b') out += '\\E';
      else if (code < 0x20 || code >= 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
      else out += c;
    }
    return `${out}'`;
  }
  return word.replace(/[^A-Za-z0-9_@%+=:,./-]/g, '\\$&').replace(/^~/, '\\~');
}

/** `declare -p` and `export -p`: a double-quoted value. */
export function declareQuote(value: string): string {
  return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
}

/** `alias` and `set`: single quotes, with `'\''` for a quote. */
export function singleQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** `set` prints values bare when they need no quoting. */
export function setQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]*$/.test(value) && value !== '') return value;
  if (/[\x00-\x1f\x7f]/.test(value)) return shellQuote(value);
  return singleQuote(value);
}
