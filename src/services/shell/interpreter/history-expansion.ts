/**
 * History expansion, which interactive bash applies to each line before parsing it (bash(1) "HISTORY
 * EXPANSION"): `!!`, `!n`, `!-n`, `!string`, `!?string?`, `!$`, `!^`, `!*` and `:n` word designators.
 * A `!` in single quotes, after a backslash, or before a blank, `=`, `(` or a closing `"` stays as is.
 */

export type HistoryExpansion = { ok: true; line: string; changed: boolean } | { ok: false; error: string };

/** The words of a history entry, as the `:n` designators count them (quotes kept). */
function words(line: string): string[] {
  return line.match(/(?:[^\s'"\\]+|\\.|'[^']*'|"(?:[^"\\]|\\.)*")+/g) ?? [];
}

interface Event {
  entry: string;
  length: number;
}

function findEvent(line: string, at: number, history: readonly string[]): Event | { error: string } | null {
  const rest = line.slice(at + 1);
  const last = history.length;
  const get = (index: number) => (index >= 0 && index < last ? (history[index] as string) : undefined);
  if (rest.startsWith('!')) {
    const entry = get(last - 1);
    return entry === undefined ? { error: '!!: event not found' } : { entry, length: 2 };
  }
  if (rest.startsWith('$') || rest.startsWith('^') || rest.startsWith('*')) {
    const entry = get(last - 1);
    return entry === undefined ? { error: `!${rest[0]}: event not found` } : { entry, length: 1 };
  }
  const number = /^-?[0-9]+/.exec(rest);
  if (number) {
    const n = Number(number[0]);
    const entry = n < 0 ? get(last + n) : get(n - 1);
    return entry === undefined
      ? { error: `!${number[0]}: event not found` }
      : { entry, length: number[0].length + 1 };
  }
  if (rest.startsWith('?')) {
    const end = rest.indexOf('?', 1);
    const needle = end === -1 ? rest.slice(1) : rest.slice(1, end);
    for (let i = last - 1; i >= 0; i--) {
      if ((history[i] as string).includes(needle))
        return { entry: history[i] as string, length: (end === -1 ? rest.length : end + 1) + 1 };
    }
    return { error: `!?${needle}: event not found` };
  }
  // The event word runs to a blank or a shell metacharacter; a quote belongs to it (`"hi!x"` looks up `x"`).
  const prefix = /^[^\s:;&|<>()]+/.exec(rest);
  if (!prefix) return null;
  for (let i = last - 1; i >= 0; i--) {
    if ((history[i] as string).startsWith(prefix[0]))
      return { entry: history[i] as string, length: prefix[0].length + 1 };
  }
  return { error: `!${prefix[0]}: event not found` };
}

/** Applies a word designator (`$`, `^`, `*`, `:n`, `:$` …) at `at`; returns the text and how much was read. */
function designate(
  entry: string,
  line: string,
  at: number,
): { text: string; length: number } | { error: string } {
  const c = line[at];
  const list = words(entry);
  const pick = (spec: string): string | null => {
    if (spec === '$') return list[list.length - 1] ?? '';
    if (spec === '^') return list[1] ?? null;
    if (spec === '*') return list.slice(1).join(' ');
    const n = Number(spec);
    return list[n] ?? null;
  };
  if (c === '$' || c === '^' || c === '*') {
    const text = pick(c);
    return text === null ? { error: `!${c}: bad word specifier` } : { text, length: 1 };
  }
  if (c === ':') {
    const spec = /^(\$|\^|\*|[0-9]+)/.exec(line.slice(at + 1));
    if (spec) {
      const text = pick(spec[0]);
      return text === null
        ? { error: `:${spec[0]}: bad word specifier` }
        : { text, length: spec[0].length + 1 };
    }
  }
  return { text: entry, length: 0 };
}

export function expandHistory(line: string, history: readonly string[]): HistoryExpansion {
  let out = '';
  let single = false;
  let double = false;
  let changed = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && !single) {
      out += c + (line[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
    if (c !== '!' || single) {
      out += c;
      continue;
    }
    const next = line[i + 1];
    if (next === undefined || ' \t\n=('.includes(next) || (double && next === '"')) {
      out += c;
      continue;
    }
    const event = findEvent(line, i, history);
    if (event === null) {
      out += c;
      continue;
    }
    if ('error' in event) return { ok: false, error: event.error };
    const shorthand = next === '$' || next === '^' || next === '*';
    const designatorAt = shorthand ? i + 1 : i + event.length;
    const word = designate(event.entry, line, designatorAt);
    if ('error' in word) return { ok: false, error: word.error };
    out += word.text;
    i = designatorAt + word.length - 1;
    changed = true;
  }
  return { ok: true, line: out, changed };
}
