/**
 * Shell patterns (bash(1) "Pattern Matching"): `*`, `?` and bracket expressions, where anything that was
 * quoted matches only itself. Matching simulates the pattern as an automaton over the whole set of
 * positions at once, so time is linear in the subject for any pattern: an attacker's `*a*a*a*a*b` cannot
 * backtrack.
 */

/** A run of pattern text and whether it was quoted (quoted text has no special characters). */
export interface PatternSegment {
  text: string;
  quoted: boolean;
}

type Element =
  | { kind: 'char'; char: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; test: (c: string) => boolean };

const POSIX_CLASSES: Readonly<Record<string, (c: string) => boolean>> = {
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  alpha: (c) => /[A-Za-z]/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  digit: (c) => c >= '0' && c <= '9',
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
  lower: (c) => c >= 'a' && c <= 'z',
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  space: (c) => /[ \t\n\r\f\v]/.test(c),
  upper: (c) => c >= 'A' && c <= 'Z',
  word: (c) => /[A-Za-z0-9_]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
};

interface Char {
  char: string;
  quoted: boolean;
}

/** Told the work each matching step does (pattern positions visited); it throws to stop a costly match. */
export type WorkMeter = (units: number) => void;

export class Pattern {
  private constructor(
    private readonly elements: readonly Element[],
    /** The text with quoting removed: what an unmatched glob leaves in place. */
    readonly literal: string,
    /** Whether any unquoted `*`, `?` or bracket expression is present. */
    readonly hasWildcards: boolean,
    private readonly meter: WorkMeter | undefined,
  ) {}

  static compile(segments: readonly PatternSegment[], meter?: WorkMeter): Pattern {
    const chars: Char[] = [];
    for (const s of segments) for (const char of s.text) chars.push({ char, quoted: s.quoted });
    const elements: Element[] = [];
    let wild = false;
    for (let i = 0; i < chars.length; i++) {
      const { char, quoted } = chars[i] as Char;
      if (quoted) {
        elements.push({ kind: 'char', char });
        continue;
      }
      if (char === '*') {
        wild = true;
        if (elements[elements.length - 1]?.kind !== 'star') elements.push({ kind: 'star' });
      } else if (char === '?') {
        wild = true;
        elements.push({ kind: 'any' });
      } else if (char === '[') {
        const parsed = parseBracket(chars, i + 1);
        if (parsed) {
          wild = true;
          elements.push(parsed.element);
          i = parsed.end;
        } else elements.push({ kind: 'char', char });
      } else if (char === '\\' && i + 1 < chars.length) {
        i++;
        elements.push({ kind: 'char', char: (chars[i] as Char).char });
      } else elements.push({ kind: 'char', char });
    }
    const literal = segments.map((s) => s.text).join('');
    return new Pattern(elements, literal, wild, meter);
  }

  /** A pattern matching exactly `text`. */
  static literal(text: string): Pattern {
    return Pattern.compile([{ text, quoted: true }]);
  }

  get size(): number {
    return this.elements.length;
  }

  /** Whether the first element is a literal `.` (a glob then may match hidden files). */
  get startsWithDot(): boolean {
    const first = this.elements[0];
    return first?.kind === 'char' && first.char === '.';
  }

  matches(subject: string): boolean {
    return this.run(this.elements, subject, 0, subject.length, false).at(-1) === true;
  }

  /** For each length n (0…subject.length), whether subject.slice(0, n) matches. */
  prefixMatches(subject: string): boolean[] {
    return this.run(this.elements, subject, 0, subject.length, false);
  }

  /** For each length n (0…subject.length), whether the last n characters of subject match. */
  suffixMatches(subject: string): boolean[] {
    const reversed = [...this.elements].reverse();
    return this.run(reversed, subject, subject.length - 1, -1, true);
  }

  /** The end index of the longest match starting at `start`, or -1. */
  longestMatchFrom(subject: string, start: number): number {
    const elements = this.elements;
    const n = elements.length;
    let active = new Uint8Array(n + 1);
    let next = new Uint8Array(n + 1);
    active[0] = 1;
    close(elements, active);
    let end = active[n] ? start : -1;
    let i = start;
    for (; i < subject.length; i++) {
      this.meter?.(n);
      const c = subject[i] as string;
      next.fill(0);
      let any = false;
      for (let j = 0; j < n; j++) {
        if (!active[j]) continue;
        const e = elements[j] as Element;
        if (e.kind === 'star') {
          next[j] = 1;
          any = true;
        } else if (matchesOne(e, c)) {
          next[j + 1] = 1;
          any = true;
        }
      }
      if (!any) break;
      close(elements, next);
      [active, next] = [next, active];
      if (active[n]) end = i + 1;
    }
    return end;
  }

  /**
   * Runs the automaton over subject from `from` towards `to` (exclusive), stepping backwards when
   * `reverse`; entry n says whether the first n characters read left it in the accepting state.
   */
  private run(
    elements: readonly Element[],
    subject: string,
    from: number,
    to: number,
    reverse: boolean,
  ): boolean[] {
    const n = elements.length;
    let active = new Uint8Array(n + 1);
    let next = new Uint8Array(n + 1);
    active[0] = 1;
    close(elements, active);
    const accepted: boolean[] = [active[n] === 1];
    const step = reverse ? -1 : 1;
    for (let i = from; i !== to; i += step) {
      this.meter?.(n);
      const c = subject[i] as string;
      next.fill(0);
      let any = false;
      for (let j = 0; j < n; j++) {
        if (!active[j]) continue;
        const e = elements[j] as Element;
        if (e.kind === 'star') {
          next[j] = 1;
          any = true;
        } else if (matchesOne(e, c)) {
          next[j + 1] = 1;
          any = true;
        }
      }
      if (!any) {
        // Nothing can match further: the remaining lengths are all misses.
        const remaining = Math.abs(to - i);
        for (let k = 0; k < remaining; k++) accepted.push(false);
        return accepted;
      }
      close(elements, next);
      [active, next] = [next, active];
      accepted.push(active[n] === 1);
    }
    return accepted;
  }
}

/** A star may match nothing: its position also activates the next one. */
function close(elements: readonly Element[], active: Uint8Array): void {
  for (let j = 0; j < elements.length; j++) {
    if (active[j] && elements[j]?.kind === 'star') active[j + 1] = 1;
  }
}

function matchesOne(e: Element, c: string): boolean {
  switch (e.kind) {
    case 'char':
      return e.char === c;
    case 'any':
      return true;
    case 'class':
      return e.test(c) !== e.negated;
    case 'star':
      return true;
  }
}

/** A bracket expression starting after `[`; null when it does not close (then `[` is literal). */
function parseBracket(chars: readonly Char[], start: number): { element: Element; end: number } | null {
  let i = start;
  let negated = false;
  const first = chars[i];
  if (first && !first.quoted && (first.char === '!' || first.char === '^')) {
    negated = true;
    i++;
  }
  const tests: Array<(c: string) => boolean> = [];
  let firstMember = true;
  for (; i < chars.length; i++) {
    const { char, quoted } = chars[i] as Char;
    if (char === ']' && !quoted && !firstMember) {
      const element: Element = { kind: 'class', negated, test: (c) => tests.some((t) => t(c)) };
      return { element, end: i };
    }
    firstMember = false;
    if (char === '[' && !quoted && chars[i + 1]?.char === ':') {
      let j = i + 2;
      let name = '';
      while (j < chars.length && (chars[j] as Char).char !== ':') name += (chars[j++] as Char).char;
      const named = POSIX_CLASSES[name];
      if (named && chars[j + 1]?.char === ']') {
        tests.push(named);
        i = j + 1;
        continue;
      }
    }
    let low = char;
    if (char === '\\' && !quoted && i + 1 < chars.length) low = (chars[++i] as Char).char;
    const dash = chars[i + 1];
    const high = chars[i + 2];
    if (dash && dash.char === '-' && !dash.quoted && high && !(high.char === ']' && !high.quoted)) {
      const from = low;
      const to = high.char;
      tests.push((c) => c >= from && c <= to);
      i += 2;
    } else {
      tests.push((c) => c === low);
    }
  }
  return null;
}
