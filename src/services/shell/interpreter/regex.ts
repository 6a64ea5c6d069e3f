/**
 * POSIX extended regular expressions for `[[ s =~ re ]]` (regex(7), with glibc's `\w \W \s \S`).
 * The expression is compiled to an automaton and simulated over all its states at once (Thompson's
 * construction), so no input can make matching backtrack: a hostile `^(a+)+$` runs in linear time.
 */

type Test = (c: string) => boolean;

type Node =
  | { t: 'test'; test: Test }
  | { t: 'bol' }
  | { t: 'eol' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

type State =
  | { kind: 'test'; test: Test; next: number }
  | { kind: 'split'; a: number; b: number }
  | { kind: 'assert'; bol: boolean; next: number }
  | { kind: 'match' };

/** The expression is malformed or too large; bash's `=~` then returns 2. */
export class RegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexError';
  }
}

/** RE_DUP_MAX in glibc. */
const MAX_REPEAT = 255;
/** States one expression may compile to (a bound on memory and on time per character). */
const MAX_STATES = 20_000;
/** States × characters one match may visit before it is abandoned as too costly (about 0.1 s). */
const MAX_WORK = 10_000_000;

const CLASSES: Readonly<Record<string, Test>> = {
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
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
};

const ESCAPES: Readonly<Record<string, Test>> = {
  w: (c) => /[A-Za-z0-9_]/.test(c),
  W: (c) => !/[A-Za-z0-9_]/.test(c),
  s: (c) => /[ \t\n\r\f\v]/.test(c),
  S: (c) => !/[ \t\n\r\f\v]/.test(c),
};

class ReParser {
  private i = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new RegexError('unmatched )');
    return node;
  }

  private alternation(): Node {
    const items = [this.concatenation()];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? (items[0] as Node) : { t: 'alt', items };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      let atom = this.atom();
      for (;;) {
        const q = this.quantifier();
        if (!q) break;
        atom = { t: 'rep', node: atom, min: q.min, max: q.max };
      }
      items.push(atom);
    }
    return { t: 'cat', items };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.src[this.i];
    if (c === '*') {
      this.i++;
      return { min: 0, max: Number.POSITIVE_INFINITY };
    }
    if (c === '+') {
      this.i++;
      return { min: 1, max: Number.POSITIVE_INFINITY };
    }
    if (c === '?') {
      this.i++;
      return { min: 0, max: 1 };
    }
    if (c === '{') {
      const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(this.src.slice(this.i));
      if (!m) return null;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
      if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && (max > MAX_REPEAT || max < min))) {
        throw new RegexError('invalid repetition count');
      }
      this.i += m[0].length;
      return { min, max };
    }
    return null;
  }

  private atom(): Node {
    const c = this.src[this.i++] as string;
    switch (c) {
      case '(': {
        if (++this.depth > 64) throw new RegexError('nesting too deep');
        const inner = this.alternation();
        this.depth--;
        if (this.src[this.i] !== ')') throw new RegexError('unmatched (');
        this.i++;
        return inner;
      }
      case '.':
        return { t: 'test', test: (ch) => ch !== '\n' };
      case '^':
        return { t: 'bol' };
      case '$':
        return { t: 'eol' };
      case '[':
        return { t: 'test', test: this.bracket() };
      case '\\': {
        const e = this.src[this.i++];
        if (e === undefined) throw new RegexError('trailing backslash');
        const special = ESCAPES[e];
        return { t: 'test', test: special ?? ((ch) => ch === e) };
      }
      case '*':
      case '+':
      case '?':
        throw new RegexError('repetition-operator operand invalid');
      default:
        return { t: 'test', test: (ch) => ch === c };
    }
  }

  private bracket(): Test {
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const tests: Test[] = [];
    let first = true;
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) throw new RegexError('unmatched [');
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === '[' && this.src[this.i + 1] === ':') {
        const end = this.src.indexOf(':]', this.i + 2);
        const named = end === -1 ? undefined : CLASSES[this.src.slice(this.i + 2, end)];
        if (!named) throw new RegexError('invalid character class');
        tests.push(named);
        this.i = end + 2;
        continue;
      }
      const high = this.src[this.i + 2];
      if (this.src[this.i + 1] === '-' && high !== undefined && high !== ']') {
        tests.push((ch) => ch >= c && ch <= high);
        this.i += 3;
      } else {
        tests.push((ch) => ch === c);
        this.i++;
      }
    }
    return (ch) => tests.some((t) => t(ch)) !== negated;
  }
}

class Compiler {
  readonly states: State[] = [];

  private add(state: State): number {
    if (this.states.length >= MAX_STATES) throw new RegexError('regular expression too big');
    this.states.push(state);
    return this.states.length - 1;
  }

  /** Compiles `node` so that it continues at state `next`; returns its first state. */
  compile(node: Node, next: number): number {
    switch (node.t) {
      case 'test':
        return this.add({ kind: 'test', test: node.test, next });
      case 'bol':
      case 'eol':
        return this.add({ kind: 'assert', bol: node.t === 'bol', next });
      case 'cat': {
        let start = next;
        for (let k = node.items.length - 1; k >= 0; k--) start = this.compile(node.items[k] as Node, start);
        return start;
      }
      case 'alt': {
        let start = this.compile(node.items[node.items.length - 1] as Node, next);
        for (let k = node.items.length - 2; k >= 0; k--) {
          const branch = this.compile(node.items[k] as Node, next);
          start = this.add({ kind: 'split', a: branch, b: start });
        }
        return start;
      }
      case 'rep': {
        let start = next;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = this.add({ kind: 'split', a: -1, b: next });
          const body = this.compile(node.node, loop);
          (this.states[loop] as { a: number }).a = body;
          start = loop;
        } else {
          for (let k = node.min; k < node.max; k++) {
            const body = this.compile(node.node, start);
            start = this.add({ kind: 'split', a: body, b: next });
          }
        }
        for (let k = 0; k < node.min; k++) start = this.compile(node.node, start);
        return start;
      }
    }
  }
}

export class Regex {
  private constructor(
    private readonly states: readonly State[],
    private readonly start: number,
  ) {}

  /** Throws RegexError for a malformed or oversized expression. */
  static compile(source: string): Regex {
    const tree = new ReParser(source).parse();
    const compiler = new Compiler();
    compiler.states.push({ kind: 'match' });
    const start = compiler.compile(tree, 0);
    return new Regex(compiler.states, start);
  }

  /** Whether the expression matches anywhere in `subject`. */
  test(subject: string): boolean {
    if (subject.length * this.states.length > MAX_WORK)
      throw new RegexError('subject too long for this expression');
    let current: number[] = [];
    let seen = new Uint8Array(this.states.length);
    for (let pos = 0; pos <= subject.length; pos++) {
      if (this.addState(current, seen, this.start, subject, pos)) return true;
      for (const s of current) if (this.states[s]?.kind === 'match') return true;
      if (pos === subject.length) break;
      const c = subject[pos] as string;
      const next: number[] = [];
      seen = new Uint8Array(this.states.length);
      for (const s of current) {
        const state = this.states[s] as State;
        if (state.kind === 'test' && state.test(c)) this.addState(next, seen, state.next, subject, pos + 1);
      }
      current = next;
    }
    return false;
  }

  /** Adds `s` and everything reachable from it without reading; true when that reaches the match. */
  private addState(list: number[], seen: Uint8Array, s: number, subject: string, pos: number): boolean {
    const stack = [s];
    let matched = false;
    while (stack.length > 0) {
      const index = stack.pop() as number;
      if (index < 0 || seen[index]) continue;
      seen[index] = 1;
      const state = this.states[index] as State;
      switch (state.kind) {
        case 'split':
          stack.push(state.b, state.a);
          break;
        case 'assert': {
          const holds = state.bol ? pos === 0 : pos === subject.length;
          if (holds) stack.push(state.next);
          break;
        }
        case 'match':
          matched = true;
          list.push(index);
          break;
        case 'test':
          list.push(index);
      }
    }
    return matched;
  }
}
