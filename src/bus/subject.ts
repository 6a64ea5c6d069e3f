/**
 * NATS subject rules (spec §2 "Wildcards"), shared by the in-process bus and the NATS bus so a pattern
 * means the same thing on both.
 *
 * - A topic is tokens separated by `.`: no empty token, no whitespace or control character, and no `*`
 *   or `>` anywhere (NATS would read a whole-token `*`/`>` as a wildcard; we refuse the characters
 *   entirely so a topic can never be mistaken for a pattern).
 * - A pattern is a topic whose tokens may also be exactly `*` (one non-empty token) or, as the last
 *   token only, `>` (one or more trailing tokens, so `a.>` does not match `a`). A token mixing a wildcard
 *   with other characters (`a*`, `>b`) is refused.
 */
import { BUS_LIMITS } from './limits.js';

export class InvalidSubjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSubjectError';
  }
}

const FORBIDDEN_CHAR = /[\s\u0000-\u001f\u007f]/u;
const WILDCARD_CHAR = /[*>]/;

/** Why `subject` is not a valid topic (or pattern, when `allowWildcards`), or null when it is valid. */
function subjectProblem(kind: 'topic' | 'pattern', subject: string): string | null {
  if (typeof subject !== 'string') return `${kind} must be a string`;
  if (subject.length === 0) return `${kind} is empty`;
  if (subject.length > BUS_LIMITS.maxTopicChars) {
    return `${kind} is ${subject.length} characters long; the limit is ${BUS_LIMITS.maxTopicChars}`;
  }
  if (FORBIDDEN_CHAR.test(subject))
    return `${kind} ${JSON.stringify(subject)} contains whitespace or a control character`;
  const tokens = subject.split('.');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.length === 0)
      return `${kind} ${JSON.stringify(subject)} has an empty token (leading, trailing or double '.')`;
    if (!WILDCARD_CHAR.test(token)) continue;
    if (kind === 'topic')
      return `topic ${JSON.stringify(subject)} contains a wildcard ('*' or '>'); topics are literal`;
    if (token === '*') continue;
    if (token === '>') {
      if (i === tokens.length - 1) continue;
      return `pattern ${JSON.stringify(subject)} uses '>' before its last token; '>' may only end a pattern`;
    }
    return `pattern ${JSON.stringify(subject)} has token ${JSON.stringify(token)}: a wildcard must be a whole token`;
  }
  return null;
}

export function topicProblem(topic: string): string | null {
  return subjectProblem('topic', topic);
}

export function patternProblem(pattern: string): string | null {
  return subjectProblem('pattern', pattern);
}

export function isValidTopic(topic: string): boolean {
  return topicProblem(topic) === null;
}

export function isValidPattern(pattern: string): boolean {
  return patternProblem(pattern) === null;
}

export function assertTopic(topic: string): void {
  const problem = topicProblem(topic);
  if (problem) throw new InvalidSubjectError(`invalid topic: ${problem}`);
}

export function assertPattern(pattern: string): void {
  const problem = patternProblem(pattern);
  if (problem) throw new InvalidSubjectError(`invalid pattern: ${problem}`);
}

/** A pattern compiled to a predicate over valid topics (the topic is not re-validated). */
export type TopicMatcher = (topic: string) => boolean;

/**
 * Compiles a pattern once into the cheapest test that decides it: string equality for a literal
 * pattern, a prefix test for `literal.>`, a token walk otherwise.
 */
export function compilePattern(pattern: string): TopicMatcher {
  assertPattern(pattern);
  const tokens = pattern.split('.');
  const last = tokens[tokens.length - 1];
  const tail = last === '>';
  const fixed = tail ? tokens.slice(0, -1) : tokens;
  if (!fixed.includes('*')) {
    if (!tail) return (topic) => topic === pattern;
    if (fixed.length === 0) return (topic) => topic.length > 0;
    // `a.b.>`: the topic must start with `a.b.` and have at least one more (non-empty) token.
    const prefix = `${fixed.join('.')}.`;
    return (topic) => topic.length > prefix.length && topic.startsWith(prefix);
  }
  return (topic) => {
    const parts = topic.split('.');
    if (tail ? parts.length <= fixed.length : parts.length !== fixed.length) return false;
    for (let i = 0; i < fixed.length; i++) {
      const want = fixed[i]!;
      if (want !== '*' && want !== parts[i]) return false;
    }
    return true;
  };
}

/** One-off match; compile the pattern when it is tested more than once. */
export function subjectMatches(pattern: string, topic: string): boolean {
  return compilePattern(pattern)(topic);
}

interface TrieNode<T> {
  literal: Map<string, TrieNode<T>>;
  star: TrieNode<T> | null;
  /** Values whose pattern ends at this node. */
  exact: Set<T>;
  /** Values whose pattern ends with `>` after this node. */
  rest: Set<T>;
}

function newNode<T>(): TrieNode<T> {
  return { literal: new Map(), star: null, exact: new Set(), rest: new Set() };
}

/**
 * Patterns indexed by token, so finding every subscription that matches a published topic costs a walk
 * of the topic's tokens (times the wildcard branches) instead of a test per subscription.
 */
export class SubjectIndex<T> {
  private readonly root: TrieNode<T> = newNode();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(pattern: string, value: T): void {
    assertPattern(pattern);
    const tokens = pattern.split('.');
    let node = this.root;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === '>') {
        if (!node.rest.has(value)) this.count++;
        node.rest.add(value);
        return;
      }
      if (token === '*') {
        node.star ??= newNode();
        node = node.star;
      } else {
        let next = node.literal.get(token);
        if (!next) {
          next = newNode();
          node.literal.set(token, next);
        }
        node = next;
      }
    }
    if (!node.exact.has(value)) this.count++;
    node.exact.add(value);
  }

  /** Removes `value` from `pattern`; returns whether it was there. Empty branches are pruned. */
  delete(pattern: string, value: T): boolean {
    assertPattern(pattern);
    const tokens = pattern.split('.');
    const path: Array<{ parent: TrieNode<T>; token: string }> = [];
    let node: TrieNode<T> | null = this.root;
    let removed = false;
    for (const token of tokens) {
      if (token === '>') {
        removed = node.rest.delete(value);
        break;
      }
      const next: TrieNode<T> | null | undefined = token === '*' ? node.star : node.literal.get(token);
      if (!next) return false;
      path.push({ parent: node, token });
      node = next;
    }
    if (tokens[tokens.length - 1] !== '>') removed = node.exact.delete(value);
    if (!removed) return false;
    this.count--;
    // Prune nodes left with nothing below them.
    for (let i = path.length - 1; i >= 0; i--) {
      const { parent, token } = path[i]!;
      const child = token === '*' ? parent.star : parent.literal.get(token);
      if (!child || child.exact.size || child.rest.size || child.literal.size || child.star) break;
      if (token === '*') parent.star = null;
      else parent.literal.delete(token);
    }
    return true;
  }

  /** Every value whose pattern matches `topic` (a valid topic; not re-validated). */
  match(topic: string): T[] {
    const out: T[] = [];
    collect(this.root, topic.split('.'), 0, out);
    return out;
  }
}

function collect<T>(node: TrieNode<T>, tokens: string[], depth: number, out: T[]): void {
  if (depth === tokens.length) {
    for (const v of node.exact) out.push(v);
    return;
  }
  // `>` needs at least one remaining token, which `depth < tokens.length` guarantees.
  for (const v of node.rest) out.push(v);
  const next = node.literal.get(tokens[depth]!);
  if (next) collect(next, tokens, depth + 1, out);
  if (node.star) collect(node.star, tokens, depth + 1, out);
}
