/**
 * Runs parsed regexes in time linear in the input (a Pike VM: every thread advances one character at
 * a time, one thread per program state), with POSIX leftmost-longest matches and capture groups.
 * Patterns with back-references cannot be run that way; they go to a backtracking matcher whose every
 * step is charged to the same budget, so no pattern can stall the process: an exhausted budget throws.
 */
import { COMMAND_LIMITS } from '../limits.js';
import {
  type AssertKind,
  type CharSet,
  type Node,
  parseRegex,
  RegexSyntaxError,
  type Syntax,
} from './parse.js';

type Inst =
  | { op: 'char'; test: (c: number) => boolean }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; n: number }
  | { op: 'assert'; kind: AssertKind }
  | { op: 'look'; negate: boolean; prog: Inst[] }
  | { op: 'backref'; index: number; icase: boolean }
  | { op: 'match' };

/** Work left for one command's regex matching; shared by every regex the command compiles. */
export class RegexBudget {
  constructor(public steps: number = COMMAND_LIMITS.maxRegexSteps) {}

  charge(n: number): void {
    this.steps -= n;
    if (this.steps < 0) throw new RangeError('regex budget exhausted');
  }
}

export interface RegexOptions {
  syntax: Syntax;
  icase?: boolean;
  /** Whether `.` and negated sets match a newline (true in POSIX tools; false in PCRE). */
  dotAll?: boolean;
}

export interface Match {
  start: number;
  end: number;
  /** Group spans, index 0 being the whole match; null for a group that did not take part. */
  groups: Array<[number, number] | null>;
}

function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    (c > 127 && /\p{L}|\p{N}/u.test(String.fromCodePoint(c)))
  );
}

function classTest(name: string, c: number): boolean {
  switch (name) {
    case 'alpha':
      return (
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && /\p{L}/u.test(String.fromCodePoint(c)))
      );
    case 'digit':
      return c >= 48 && c <= 57;
    case 'alnum':
      return classTest('alpha', c) || classTest('digit', c);
    case 'upper':
      return (c >= 65 && c <= 90) || (c > 127 && /\p{Lu}/u.test(String.fromCodePoint(c)));
    case 'lower':
      return (c >= 97 && c <= 122) || (c > 127 && /\p{Ll}/u.test(String.fromCodePoint(c)));
    case 'space':
      return c === 32 || (c >= 9 && c <= 13);
    case 'blank':
      return c === 32 || c === 9;
    case 'punct':
      return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
    case 'print':
      return c >= 32 && c !== 127;
    case 'graph':
      return c > 32 && c !== 127;
    case 'cntrl':
      return c < 32 || c === 127;
    case 'xdigit':
      return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
    case 'word':
      return isWordChar(c);
    default:
      return false;
  }
}

function setTest(set: CharSet, icase: boolean, dotAll: boolean): (c: number) => boolean {
  if (set.any) return dotAll ? () => true : (c) => c !== 10;
  const raw = (c: number) =>
    set.ranges.some(([lo, hi]) => c >= lo && c <= hi) || set.classes.some((n) => classTest(n, c));
  const folded = icase
    ? (c: number) => {
        if (raw(c)) return true;
        const ch = String.fromCodePoint(c);
        const lower = ch.toLowerCase().codePointAt(0)!;
        const upper = ch.toUpperCase().codePointAt(0)!;
        return raw(lower) || raw(upper);
      }
    : raw;
  if (!set.negated) return folded;
  return (c) => (dotAll || c !== 10) && !folded(c);
}

class Compiler {
  readonly prog: Inst[] = [];

  constructor(
    private readonly icase: boolean,
    private readonly dotAll: boolean,
  ) {}

  private emit(inst: Inst): number {
    if (this.prog.length >= COMMAND_LIMITS.maxRegexProgram)
      throw new RegexSyntaxError('Regular expression too big');
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  compile(node: Node): void {
    switch (node.t) {
      case 'empty':
        return;
      case 'char':
        this.emit({ op: 'char', test: setTest(node.set, this.icase, this.dotAll) });
        return;
      case 'seq':
        for (const item of node.items) this.compile(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        for (let i = 0; i < node.items.length; i++) {
          if (i < node.items.length - 1) {
            const split = this.emit({ op: 'split', x: 0, y: 0 });
            (this.prog[split] as { x: number }).x = this.prog.length;
            this.compile(node.items[i]!);
            jumps.push(this.emit({ op: 'jmp', x: 0 }));
            (this.prog[split] as { y: number }).y = this.prog.length;
          } else {
            this.compile(node.items[i]!);
          }
        }
        for (const j of jumps) (this.prog[j] as { x: number }).x = this.prog.length;
        return;
      }
      case 'group':
        if (node.index === null) {
          this.compile(node.node);
          return;
        }
        this.emit({ op: 'save', n: node.index * 2 });
        this.compile(node.node);
        this.emit({ op: 'save', n: node.index * 2 + 1 });
        return;
      case 'assert':
        this.emit({ op: 'assert', kind: node.kind });
        return;
      case 'look': {
        const sub = new Compiler(this.icase, this.dotAll);
        sub.compile(node.node);
        sub.emit({ op: 'match' });
        this.emit({ op: 'look', negate: node.negate, prog: sub.prog });
        return;
      }
      case 'backref':
        this.emit({ op: 'backref', index: node.index, icase: this.icase });
        return;
      case 'repeat':
        this.repeat(node.node, node.min, node.max, node.greedy);
        return;
    }
  }

  private repeat(node: Node, min: number, max: number, greedy: boolean): void {
    for (let i = 0; i < min; i++) this.compile(node);
    if (max === Number.POSITIVE_INFINITY) {
      const split = this.emit({ op: 'split', x: 0, y: 0 });
      const body = this.prog.length;
      this.compile(node);
      this.emit({ op: 'jmp', x: split });
      const after = this.prog.length;
      this.prog[split] = greedy ? { op: 'split', x: body, y: after } : { op: 'split', x: after, y: body };
      return;
    }
    const splits: number[] = [];
    for (let i = min; i < max; i++) {
      splits.push(this.emit({ op: 'split', x: 0, y: 0 }));
      this.compile(node);
    }
    const after = this.prog.length;
    for (const s of splits)
      this.prog[s] = greedy ? { op: 'split', x: s + 1, y: after } : { op: 'split', x: after, y: s + 1 };
  }
}

interface Thread {
  pc: number;
  caps: Int32Array;
}

function assertHolds(kind: AssertKind, input: string, at: number, notBol: boolean): boolean {
  const before = at > 0 ? input.charCodeAt(at - 1) : -1;
  const after = at < input.length ? input.charCodeAt(at) : -1;
  const wb = before >= 0 && isWordChar(before);
  const wa = after >= 0 && isWordChar(after);
  switch (kind) {
    case 'bol':
      return at === 0 && !notBol;
    case 'eol':
      return at === input.length;
    case 'bos':
      return at === 0;
    case 'eos':
      return at === input.length;
    case 'word':
      return wb !== wa;
    case 'nonword':
      return wb === wa;
    case 'wordstart':
      return !wb && wa;
    case 'wordend':
      return wb && !wa;
  }
}

/** A compiled regex. `exec` finds the leftmost-longest match at or after `from`. */
export class Regex {
  private readonly prog: Inst[];
  private readonly slots: number;
  readonly groups: number;
  private readonly backtrack: boolean;
  /** A pattern without metacharacters: plain substring search. */
  private readonly literal: string | null;
  private readonly icase: boolean;
  /** A character every match starts with, to skip ahead to (null when there is none). */
  private readonly firstChar: number | null;
  /** The pattern starts with `^`: a match can only start at the beginning. */
  private readonly anchored: boolean;

  constructor(
    pattern: string,
    options: RegexOptions,
    private readonly budget: RegexBudget,
  ) {
    if (pattern.length > COMMAND_LIMITS.maxPatternLength)
      throw new RegexSyntaxError('Regular expression too big');
    const parsed = parseRegex(pattern, options.syntax);
    const compiler = new Compiler(options.icase ?? false, options.dotAll ?? options.syntax !== 'pcre');
    compiler.compile(parsed.root);
    compiler.prog.push({ op: 'match' });
    this.prog = compiler.prog;
    this.groups = parsed.groups;
    this.slots = (parsed.groups + 1) * 2;
    this.backtrack = parsed.hasBackrefs;
    this.icase = options.icase ?? false;
    this.literal = literalOf(parsed.root);
    const first = firstNode(parsed.root);
    this.anchored = first?.t === 'assert' && first.kind === 'bol';
    this.firstChar =
      !this.icase &&
      first?.t === 'char' &&
      !first.set.any &&
      !first.set.negated &&
      first.set.classes.length === 0 &&
      first.set.ranges.length === 1 &&
      first.set.ranges[0]![0] === first.set.ranges[0]![1]
        ? first.set.ranges[0]![0]
        : null;
  }

  test(input: string, notBol = false): boolean {
    return this.exec(input, 0, notBol) !== null;
  }

  exec(input: string, from = 0, notBol = false): Match | null {
    if (this.literal !== null && !this.icase) {
      const at = input.indexOf(this.literal, from);
      this.budget.charge(Math.max(1, input.length - from));
      if (at === -1) return null;
      return { start: at, end: at + this.literal.length, groups: [[at, at + this.literal.length]] };
    }
    return this.backtrack ? this.execBacktrack(input, from, notBol) : this.execPike(input, from, notBol);
  }

  private execPike(input: string, from: number, notBol: boolean): Match | null {
    const prog = this.prog;
    let current: Thread[] = [];
    let next: Thread[] = [];
    let best: Int32Array | null = null;
    const seen = new Int32Array(prog.length).fill(-1);
    let generation = 0;

    const add = (list: Thread[], pc: number, caps: Int32Array, at: number): void => {
      // An explicit stack: deep alternations must not overflow the JS stack.
      const stack: Array<[number, Int32Array]> = [[pc, caps]];
      while (stack.length > 0) {
        const [p, c] = stack.pop()!;
        if (seen[p] === generation) continue;
        seen[p] = generation;
        this.budget.charge(1);
        const inst = prog[p]!;
        switch (inst.op) {
          case 'jmp':
            stack.push([inst.x, c]);
            break;
          case 'split':
            stack.push([inst.y, c], [inst.x, c]);
            break;
          case 'save': {
            const copy = c.slice();
            copy[inst.n] = at;
            stack.push([p + 1, copy]);
            break;
          }
          case 'assert':
            if (assertHolds(inst.kind, input, at, notBol)) stack.push([p + 1, c]);
            break;
          case 'look': {
            const sub = new LookMatcher(inst.prog, this.budget);
            if (sub.matchesAt(input, at, notBol) !== inst.negate) stack.push([p + 1, c]);
            break;
          }
          default:
            list.push({ pc: p, caps: c });
        }
      }
    };

    for (let at = from; at <= input.length; at++) {
      if (best === null && current.length === 0) {
        if (this.anchored && at > 0) break;
        if (this.firstChar !== null) {
          const next = input.indexOf(String.fromCharCode(this.firstChar), at);
          if (next === -1) break;
          at = next;
        }
      }
      if (best === null && (!this.anchored || at === 0)) {
        const caps = new Int32Array(this.slots).fill(-1);
        caps[0] = at;
        generation++;
        // Threads already running have priority over a new start here.
        const seeded: Thread[] = [];
        for (const t of current) seeded.push(t);
        current = [];
        for (const t of seeded) {
          if (seen[t.pc] !== generation) {
            seen[t.pc] = generation;
            current.push(t);
          }
        }
        add(current, 0, caps, at);
      }
      if (current.length === 0) {
        if (best !== null) break;
        continue;
      }
      generation++;
      next = [];
      const code = at < input.length ? input.charCodeAt(at) : -1;
      for (const t of current) {
        const inst = prog[t.pc]!;
        this.budget.charge(1);
        if (inst.op === 'match') {
          // Leftmost wins; among matches starting at the same place, the longest (POSIX).
          const start = t.caps[0]!;
          if (best === null || start < best[0]! || (start === best[0] && at > best[1]!)) {
            best = t.caps.slice();
            best[1] = at;
          }
          continue;
        }
        if (inst.op === 'char' && code >= 0 && inst.test(code)) add(next, t.pc + 1, t.caps, at + 1);
      }
      // Threads that began after the best match's start can no longer win.
      if (best !== null) next = next.filter((t) => t.caps[0]! <= best![0]!);
      current = next;
      if (best !== null && current.length === 0) break;
    }
    if (best === null) return null;
    return toMatch(best, this.groups);
  }

  private execBacktrack(input: string, from: number, notBol: boolean): Match | null {
    const prog = this.prog;
    for (let start = from; start <= input.length; start++) {
      const caps = new Int32Array(this.slots).fill(-1);
      caps[0] = start;
      const stack: Array<[number, number, Int32Array]> = [[0, start, caps]];
      while (stack.length > 0) {
        const [pc, at, c] = stack.pop()!;
        this.budget.charge(1);
        const inst = prog[pc]!;
        switch (inst.op) {
          case 'match': {
            const done = c.slice();
            done[1] = at;
            return toMatch(done, this.groups);
          }
          case 'char':
            if (at < input.length && inst.test(input.charCodeAt(at))) stack.push([pc + 1, at + 1, c]);
            break;
          case 'jmp':
            stack.push([inst.x, at, c]);
            break;
          case 'split':
            stack.push([inst.y, at, c], [inst.x, at, c]);
            break;
          case 'save': {
            const copy = c.slice();
            copy[inst.n] = at;
            stack.push([pc + 1, at, copy]);
            break;
          }
          case 'assert':
            if (assertHolds(inst.kind, input, at, notBol)) stack.push([pc + 1, at, c]);
            break;
          case 'look': {
            const sub = new LookMatcher(inst.prog, this.budget);
            if (sub.matchesAt(input, at, notBol) !== inst.negate) stack.push([pc + 1, at, c]);
            break;
          }
          case 'backref': {
            const s = c[inst.index * 2]!;
            const e = c[inst.index * 2 + 1]!;
            if (s < 0 || e < 0) break;
            const text = input.slice(s, e);
            const here = input.slice(at, at + text.length);
            if (inst.icase ? here.toLowerCase() === text.toLowerCase() : here === text)
              stack.push([pc + 1, at + text.length, c]);
            break;
          }
        }
      }
    }
    return null;
  }
}

/** Runs a lookahead's sub-program anchored at one position. */
class LookMatcher {
  constructor(
    private readonly prog: Inst[],
    private readonly budget: RegexBudget,
  ) {}

  matchesAt(input: string, at: number, notBol: boolean): boolean {
    let current = new Set<number>([0]);
    for (let pos = at; pos <= input.length; pos++) {
      const closure = new Set<number>();
      const stack = [...current];
      while (stack.length > 0) {
        const pc = stack.pop()!;
        if (closure.has(pc)) continue;
        closure.add(pc);
        this.budget.charge(1);
        const inst = this.prog[pc]!;
        if (inst.op === 'jmp') stack.push(inst.x);
        else if (inst.op === 'split') stack.push(inst.x, inst.y);
        else if (inst.op === 'save') stack.push(pc + 1);
        else if (inst.op === 'assert' && assertHolds(inst.kind, input, pos, notBol)) stack.push(pc + 1);
      }
      const next = new Set<number>();
      for (const pc of closure) {
        const inst = this.prog[pc]!;
        if (inst.op === 'match') return true;
        if (inst.op === 'char' && pos < input.length && inst.test(input.charCodeAt(pos))) next.add(pc + 1);
      }
      if (next.size === 0) return false;
      current = next;
    }
    return false;
  }
}

/** The node a match must begin with (through sequences, groups and mandatory repeats). */
function firstNode(node: Node): Node | null {
  switch (node.t) {
    case 'seq':
      return node.items.length > 0 ? firstNode(node.items[0]!) : null;
    case 'group':
      return firstNode(node.node);
    case 'repeat':
      return node.min >= 1 ? firstNode(node.node) : null;
    case 'char':
    case 'assert':
      return node;
    default:
      return null;
  }
}

function toMatch(caps: Int32Array, groups: number): Match {
  const out: Array<[number, number] | null> = [];
  for (let g = 0; g <= groups; g++) {
    const s = caps[g * 2]!;
    const e = caps[g * 2 + 1]!;
    out.push(s >= 0 && e >= 0 ? [s, e] : null);
  }
  return { start: caps[0]!, end: caps[1]!, groups: out };
}

/** The pattern's text when it is nothing but ordinary characters. */
function literalOf(node: Node): string | null {
  const chars: number[] = [];
  const take = (n: Node): boolean => {
    if (n.t === 'char') {
      const s = n.set;
      if (
        s.any ||
        s.negated ||
        s.classes.length > 0 ||
        s.ranges.length !== 1 ||
        s.ranges[0]![0] !== s.ranges[0]![1]
      )
        return false;
      chars.push(s.ranges[0]![0]);
      return true;
    }
    if (n.t === 'seq') return n.items.every(take);
    return false;
  };
  if (!take(node) || chars.length === 0) return null;
  return String.fromCodePoint(...chars);
}

/** Compiles or returns the GNU-style error message. */
export function compileRegex(
  pattern: string,
  options: RegexOptions,
  budget: RegexBudget,
): Regex | { error: string } {
  try {
    return new Regex(pattern, options, budget);
  } catch (err) {
    if (err instanceof RegexSyntaxError) return { error: err.message };
    throw err;
  }
}

/** Escapes a string so it matches itself as a BRE (for fgrep/grep -F). */
export function escapeLiteral(text: string, syntax: Syntax): string {
  return syntax === 'bre'
    ? text.replace(/[\\.*[\]^$]/g, '\\$&')
    : text.replace(/[\\.*[\]^$+?(){}|]/g, '\\$&');
}
