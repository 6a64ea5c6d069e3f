/**
 * Parses POSIX basic and extended regular expressions (with the GNU extensions grep and sed accept:
 * `\+ \? \|` in BRE, `\< \> \b \B \w \W \s \S`, back-references) and the PCRE subset `grep -P` is used
 * with, into a syntax tree. Errors carry GNU regex's messages ("Unmatched ( or \\(" …).
 */

export type Syntax = 'bre' | 'ere' | 'pcre';

export interface CharSet {
  negated: boolean;
  ranges: Array<[number, number]>;
  classes: string[];
  /** `.`: any character (but newline in PCRE). */
  any?: boolean;
}

export type AssertKind = 'bol' | 'eol' | 'word' | 'nonword' | 'wordstart' | 'wordend' | 'bos' | 'eos';

export type Node =
  | { t: 'char'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'group'; index: number | null; node: Node }
  | { t: 'repeat'; node: Node; min: number; max: number; greedy: boolean }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'look'; negate: boolean; node: Node }
  | { t: 'backref'; index: number }
  | { t: 'empty' };

export class RegexSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

export interface ParsedRegex {
  root: Node;
  groups: number;
  hasBackrefs: boolean;
}

/** Interval bound GNU regex accepts (RE_DUP_MAX). */
const DUP_MAX = 32767;

const POSIX_CLASSES = new Set([
  'alpha',
  'digit',
  'alnum',
  'upper',
  'lower',
  'space',
  'blank',
  'punct',
  'print',
  'graph',
  'cntrl',
  'xdigit',
  'word',
]);

export function literalSet(code: number): CharSet {
  return { negated: false, ranges: [[code, code]], classes: [] };
}

export function parseRegex(pattern: string, syntax: Syntax): ParsedRegex {
  const p = new Parser(pattern, syntax);
  const root = p.parseAlternation(0);
  if (p.pos < pattern.length) {
    // Only an unmatched close can stop the top level early.
    throw new RegexSyntaxError(syntax === 'bre' ? 'Unmatched ) or \\)' : 'Unmatched ) or \\)');
  }
  return { root, groups: p.groupCount, hasBackrefs: p.backrefs };
}

class Parser {
  pos = 0;
  groupCount = 0;
  backrefs = false;

  constructor(
    private readonly src: string,
    private readonly syntax: Syntax,
  ) {}

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private atAlternationBar(): boolean {
    return this.syntax === 'bre' ? this.peek() === '\\' && this.peek(1) === '|' : this.peek() === '|';
  }

  private atGroupClose(): boolean {
    return this.syntax === 'bre' ? this.peek() === '\\' && this.peek(1) === ')' : this.peek() === ')';
  }

  parseAlternation(depth: number): Node {
    const branches: Node[] = [this.parseSequence(depth)];
    while (this.pos < this.src.length && this.atAlternationBar()) {
      this.pos += this.syntax === 'bre' ? 2 : 1;
      branches.push(this.parseSequence(depth));
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', items: branches };
  }

  private parseSequence(depth: number): Node {
    const items: Node[] = [];
    const start = this.pos;
    while (this.pos < this.src.length) {
      if (this.atAlternationBar()) break;
      if (this.atGroupClose()) {
        if (depth > 0) break;
        if (this.syntax === 'bre') throw new RegexSyntaxError('Unmatched ) or \\)');
        // A lone ")" in an ERE is an ordinary character (GNU).
        this.pos++;
        items.push({ t: 'char', set: literalSet(41) });
        continue;
      }
      const atomStart = this.pos === start;
      let atom = this.parseAtom(depth, atomStart);
      if (atom === null) continue;
      atom = this.parseQuantifiers(atom);
      items.push(atom);
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private parseQuantifiers(atom: Node): Node {
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*') {
        this.pos++;
        min = 0;
        max = Number.POSITIVE_INFINITY;
      } else if ((c === '+' || c === '?') && this.syntax !== 'bre') {
        this.pos++;
        min = c === '+' ? 1 : 0;
        max = c === '+' ? Number.POSITIVE_INFINITY : 1;
      } else if (c === '\\' && (this.peek(1) === '+' || this.peek(1) === '?') && this.syntax === 'bre') {
        min = this.peek(1) === '+' ? 1 : 0;
        max = this.peek(1) === '+' ? Number.POSITIVE_INFINITY : 1;
        this.pos += 2;
      } else if (
        (c === '{' && this.syntax !== 'bre') ||
        (c === '\\' && this.peek(1) === '{' && this.syntax === 'bre')
      ) {
        const interval = this.parseInterval();
        if (!interval) return atom;
        [min, max] = interval;
      } else {
        return atom;
      }
      if (atom.t === 'assert' && this.syntax === 'bre') {
        // "^*" in a BRE: the star is literal.
        return { t: 'seq', items: [atom, { t: 'char', set: literalSet(42) }] };
      }
      let greedy = true;
      if (this.syntax === 'pcre' && this.peek() === '?') {
        this.pos++;
        greedy = false;
      } else if (this.syntax === 'pcre' && this.peek() === '+') {
        this.pos++;
      }
      atom = { t: 'repeat', node: atom, min, max, greedy };
    }
  }

  /** `{m}`, `{m,}`, `{m,n}` (BRE: `\{ \}`); null when an ERE brace does not start a valid interval (literal). */
  private parseInterval(): [number, number] | null {
    const bre = this.syntax === 'bre';
    const save = this.pos;
    this.pos += bre ? 2 : 1;
    const digits = () => {
      let s = '';
      while (/[0-9]/.test(this.peek() ?? '')) s += this.src[this.pos++];
      return s;
    };
    const lo = digits();
    let hi = lo;
    if (this.peek() === ',') {
      this.pos++;
      hi = digits();
      if (hi === '') hi = 'inf';
    }
    const closes = bre ? this.peek() === '\\' && this.peek(1) === '}' : this.peek() === '}';
    if (!closes || (lo === '' && this.syntax !== 'bre' && hi === lo)) {
      if (bre)
        throw new RegexSyntaxError(
          this.pos >= this.src.length ? 'Unmatched \\{' : 'Invalid content of \\{\\}',
        );
      this.pos = save;
      return null;
    }
    this.pos += bre ? 2 : 1;
    const min = lo === '' ? 0 : Number(lo);
    const max = hi === 'inf' ? Number.POSITIVE_INFINITY : Number(hi);
    if (min > DUP_MAX || (max !== Number.POSITIVE_INFINITY && max > DUP_MAX))
      throw new RegexSyntaxError('Regular expression too big');
    if (max < min) throw new RegexSyntaxError('Invalid content of \\{\\}');
    return [min, max];
  }

  private parseAtom(depth: number, atSequenceStart: boolean): Node | null {
    const c = this.src[this.pos]!;
    const bre = this.syntax === 'bre';
    if (c === '^') {
      if (!bre || atSequenceStart) {
        this.pos++;
        return { t: 'assert', kind: 'bol' };
      }
    }
    if (c === '$') {
      const rest = this.src.slice(this.pos + 1);
      const atEnd = rest === '' || (bre ? rest.startsWith('\\)') || rest.startsWith('\\|') : true);
      if (atEnd) {
        this.pos++;
        return { t: 'assert', kind: 'eol' };
      }
    }
    if (c === '*' && (atSequenceStart || !bre)) {
      if (atSequenceStart) {
        // A leading star is an ordinary character (POSIX BRE; GNU accepts it in an ERE too).
        this.pos++;
        return { t: 'char', set: literalSet(42) };
      }
    }
    if (c === '.') {
      this.pos++;
      return { t: 'char', set: { negated: false, ranges: [], classes: [], any: true } };
    }
    if (c === '[') return this.parseBracket();
    if (!bre && c === '(') return this.parseGroup(depth, 1);
    if (!bre && (c === '+' || c === '?') && atSequenceStart) {
      this.pos++;
      return { t: 'char', set: literalSet(c.charCodeAt(0)) };
    }
    if (!bre && c === '{' && atSequenceStart) {
      this.pos++;
      return { t: 'char', set: literalSet(123) };
    }
    if (c === '\\') return this.parseEscape(depth);
    this.pos++;
    return { t: 'char', set: literalSet(c.codePointAt(0)!) };
  }

  private parseGroup(depth: number, openLength: number): Node {
    this.pos += openLength;
    let index: number | null = null;
    if (this.syntax === 'pcre' && this.peek() === '?') {
      const kind = this.peek(1);
      if (kind === ':') {
        this.pos += 2;
      } else if (kind === '=' || kind === '!') {
        this.pos += 2;
        const node = this.parseAlternation(depth + 1);
        this.expectClose();
        return { t: 'look', negate: kind === '!', node };
      } else {
        throw new RegexSyntaxError('unrecognized character after (? or (?-');
      }
    } else {
      index = ++this.groupCount;
    }
    const node = this.parseAlternation(depth + 1);
    this.expectClose();
    return { t: 'group', index, node };
  }

  private expectClose(): void {
    if (this.syntax === 'bre') {
      if (this.peek() !== '\\' || this.peek(1) !== ')') throw new RegexSyntaxError('Unmatched ( or \\(');
      this.pos += 2;
    } else {
      if (this.peek() !== ')')
        throw new RegexSyntaxError(
          this.syntax === 'pcre' ? 'missing closing parenthesis' : 'Unmatched ( or \\(',
        );
      this.pos++;
    }
  }

  private parseEscape(depth: number): Node {
    const next = this.peek(1);
    if (next === undefined) throw new RegexSyntaxError('Trailing backslash');
    const bre = this.syntax === 'bre';
    if (bre && next === '(') return this.parseGroup(depth, 2);
    if (bre && next === '{') throw new RegexSyntaxError('Invalid preceding regular expression');
    this.pos += 2;
    const cls = (classes: string[], negated = false): Node => ({
      t: 'char',
      set: { negated, ranges: [], classes },
    });
    switch (next) {
      case '<':
        return { t: 'assert', kind: 'wordstart' };
      case '>':
        return { t: 'assert', kind: 'wordend' };
      case 'b':
        return { t: 'assert', kind: 'word' };
      case 'B':
        return { t: 'assert', kind: 'nonword' };
      case '`':
        return { t: 'assert', kind: 'bos' };
      case "'":
        return { t: 'assert', kind: 'eos' };
      case 'w':
        return cls(['word']);
      case 'W':
        return cls(['word'], true);
      case 's':
        return cls(['space']);
      case 'S':
        return cls(['space'], true);
      case 'd':
        if (this.syntax === 'pcre') return cls(['digit']);
        break;
      case 'D':
        if (this.syntax === 'pcre') return cls(['digit'], true);
        break;
      case 'n':
        return { t: 'char', set: literalSet(10) };
      case 't':
        if (this.syntax === 'pcre') return { t: 'char', set: literalSet(9) };
        break;
      case 'r':
        if (this.syntax === 'pcre') return { t: 'char', set: literalSet(13) };
        break;
      case 'x':
        if (this.syntax === 'pcre' && /^[0-9a-fA-F]{2}/.test(this.src.slice(this.pos))) {
          const code = Number.parseInt(this.src.slice(this.pos, this.pos + 2), 16);
          this.pos += 2;
          return { t: 'char', set: literalSet(code) };
        }
        break;
      default:
        if (/[1-9]/.test(next)) {
          const index = Number(next);
          if (index > this.groupCount) throw new RegexSyntaxError('Invalid back reference');
          this.backrefs = true;
          return { t: 'backref', index };
        }
    }
    return { t: 'char', set: literalSet(next.codePointAt(0)!) };
  }

  private parseBracket(): Node {
    const src = this.src;
    let i = this.pos + 1;
    const set: CharSet = { negated: false, ranges: [], classes: [] };
    if (src[i] === '^') {
      set.negated = true;
      i++;
    }
    let first = true;
    const pcre = this.syntax === 'pcre';
    for (;;) {
      if (i >= src.length) throw new RegexSyntaxError('Unmatched [, [^, [:, [., or [=');
      const c = src[i]!;
      if (c === ']' && !first) break;
      first = false;
      let lo: number;
      if (c === '[' && (src[i + 1] === ':' || src[i + 1] === '=' || src[i + 1] === '.')) {
        const kind = src[i + 1]!;
        const end = src.indexOf(`${kind}]`, i + 2);
        if (end === -1) throw new RegexSyntaxError('Unmatched [, [^, [:, [., or [=');
        const name = src.slice(i + 2, end);
        i = end + 2;
        if (kind === ':') {
          if (!POSIX_CLASSES.has(name)) throw new RegexSyntaxError('Invalid character class name');
          set.classes.push(name);
          continue;
        }
        lo = name.codePointAt(0) ?? 0;
      } else if (c === '\\' && pcre) {
        const e = src[i + 1];
        i += 2;
        if (e === 'd' || e === 'w' || e === 's') {
          set.classes.push(e === 'd' ? 'digit' : e === 'w' ? 'word' : 'space');
          continue;
        }
        lo = e === 'n' ? 10 : e === 't' ? 9 : e === 'r' ? 13 : (e ?? '\\').codePointAt(0)!;
      } else {
        lo = c.codePointAt(0)!;
        i += c.length;
      }
      if (src[i] === '-' && src[i + 1] !== undefined && src[i + 1] !== ']') {
        let hiChar = src[i + 1]!;
        let step = 2;
        if (hiChar === '[' && src[i + 2] === '.') {
          const end = src.indexOf('.]', i + 3);
          if (end === -1) throw new RegexSyntaxError('Unmatched [, [^, [:, [., or [=');
          hiChar = src.slice(i + 3, end);
          step = end + 2 - i;
        } else if (hiChar === '\\' && pcre) {
          hiChar = src[i + 2] ?? '\\';
          step = 3;
        }
        const hi = hiChar.codePointAt(0)!;
        if (hi < lo) throw new RegexSyntaxError('Invalid range end');
        set.ranges.push([lo, hi]);
        i += step;
        continue;
      }
      set.ranges.push([lo, lo]);
    }
    this.pos = i + 1;
    return { t: 'char', set };
  }
}
