/**
 * IMAP4rev1 syntax (RFC 3501 §9) as the server needs it: arguments (atoms, quoted strings, literals
 * already read), sequence sets, FETCH item lists, and the strings it writes back. Pure.
 */

/** Marks where a literal's bytes were cut out of a command line: NUL, its index, NUL. */
export const LITERAL_MARK = '\u0000';

export type Token =
  | { kind: 'atom'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'list'; value: string };

/**
 * Splits arguments: atoms, quoted strings (with `\\` and `\"`), literals (by placeholder, from
 * `literals`) and parenthesised lists (kept raw). Null on an unterminated string or list.
 */
export function tokenize(text: string, literals: readonly Buffer[]): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ') {
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) return null;
        const d = text[i] as string;
        if (d === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: 'string', value });
    } else if (c === LITERAL_MARK) {
      const end = text.indexOf(LITERAL_MARK, i + 1);
      if (end < 0) return null;
      const literal = literals[Number(text.slice(i + 1, end))];
      tokens.push({ kind: 'string', value: literal?.toString('utf8') ?? '' });
      i = end + 1;
    } else if (c === '(') {
      let depth = 0;
      const start = i;
      for (; i < text.length; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      if (depth !== 0) return null;
      i++;
      tokens.push({ kind: 'list', value: text.slice(start + 1, i - 1) });
    } else {
      const end = text.indexOf(' ', i);
      const stop = end < 0 ? text.length : end;
      tokens.push({ kind: 'atom', value: text.slice(i, stop) });
      i = stop;
    }
  }
  return tokens;
}

/** Whether `n` is in the sequence set `set` (`1`, `2:4`, `*`, `3:*`, comma-separated), `max` being `*`. */
export function inSequenceSet(set: string, n: number, max: number): boolean {
  for (const part of set.split(',')) {
    const [a = '', b] = part.split(':');
    const value = (s: string) => (s === '*' ? max : /^\d{1,10}$/.test(s) ? Number(s) : Number.NaN);
    const lo = value(a);
    const hi = b === undefined ? lo : value(b);
    if (Number.isNaN(lo) || Number.isNaN(hi)) continue;
    if (n >= Math.min(lo, hi) && n <= Math.max(lo, hi)) return true;
  }
  return false;
}

/** Whether a sequence set is well formed. */
export function isSequenceSet(set: string): boolean {
  return /^(\d{1,10}|\*)(:(\d{1,10}|\*))?(,(\d{1,10}|\*)(:(\d{1,10}|\*))?)*$/.test(set);
}

/** FETCH attributes: a macro, one item, or a parenthesised list; items split at the top level. */
export function fetchItems(spec: string): string[] {
  let text = spec.trim();
  if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1);
  const macros: Record<string, string[]> = {
    ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
    FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
    FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
  };
  const macro = macros[text.toUpperCase()];
  if (macro !== undefined) return macro;
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '[' || c === '(') depth++;
    if (c === ']' || c === ')') depth--;
    if (c === ' ' && depth === 0) {
      if (current !== '') items.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') items.push(current);
  return items;
}

/** A string as IMAP writes it: quoted when it can be, a literal when it holds CR, LF, `"`-unsafe or 8-bit text. */
export function imapString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `"${value.replace(/(["\\])/g, '\\$1')}"`;
  return `{${Buffer.byteLength(value, 'utf8')}}\r\n${value}`;
}

export function nstring(value: string | undefined): string {
  return value === undefined ? 'NIL' : imapString(value);
}
