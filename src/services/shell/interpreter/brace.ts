/**
 * Brace expansion (bash(1) "Brace Expansion"): `a{b,c}d` and `{1..10..2}`, on the word before any
 * other expansion, touching only unquoted braces. The number of words is checked before they are made.
 */
import type { WordPart } from '../syntax/ast.js';

/** One unquoted character, or a part that brace expansion passes through untouched. */
type Item = string | WordPart;

/** The expansion would make more words than the limit allows. */
export class BraceLimitError extends Error {
  constructor(readonly words: number) {
    super(`brace expansion would make ${words} words`);
    this.name = 'BraceLimitError';
  }
}

export function expandBraces(parts: readonly WordPart[], maxWords: number): WordPart[][] {
  if (!parts.some((p) => p.type === 'lit' && p.value.includes('{'))) return [[...parts]];
  const items: Item[] = [];
  for (const part of parts) {
    if (part.type === 'lit') items.push(...part.value);
    else items.push(part);
  }
  return expand(items, maxWords).map(toParts);
}

function toParts(items: readonly Item[]): WordPart[] {
  const parts: WordPart[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      const last = parts[parts.length - 1];
      if (last?.type === 'lit') last.value += item;
      else parts.push({ type: 'lit', value: item });
    } else parts.push(item);
  }
  return parts;
}

function expand(items: readonly Item[], maxWords: number): Item[][] {
  for (let open = 0; open < items.length; open++) {
    if (items[open] !== '{') continue;
    const found = findClose(items, open);
    if (!found) continue;
    const { close, commas } = found;
    const prefix = items.slice(0, open);
    const suffixes = expand(items.slice(close + 1), maxWords);
    let alternatives: Item[][];
    if (commas.length > 0) {
      alternatives = [];
      let from = open + 1;
      for (const comma of [...commas, close]) {
        alternatives.push(...expand(items.slice(from, comma), maxWords));
        from = comma + 1;
      }
    } else {
      const sequence = sequenceOf(items.slice(open + 1, close), maxWords);
      if (!sequence) continue;
      alternatives = sequence.map((s) => [...s]);
    }
    const total = alternatives.length * suffixes.length;
    if (total > maxWords) throw new BraceLimitError(total);
    const out: Item[][] = [];
    for (const alternative of alternatives) {
      for (const suffix of suffixes) out.push([...prefix, ...alternative, ...suffix]);
    }
    return out;
  }
  return [[...items]];
}

/** The `}` matching the `{` at `open` and the top-level commas between them, or null. */
function findClose(items: readonly Item[], open: number): { close: number; commas: number[] } | null {
  let depth = 0;
  const commas: number[] = [];
  for (let i = open + 1; i < items.length; i++) {
    const item = items[i];
    if (item === '{') depth++;
    else if (item === '}') {
      if (depth === 0) return { close: i, commas };
      depth--;
    } else if (item === ',' && depth === 0) commas.push(i);
  }
  return null;
}

const NUMERIC = /^([-+]?[0-9]+)\.\.([-+]?[0-9]+)(?:\.\.([-+]?[0-9]+))?$/;
const ALPHA = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.([-+]?[0-9]+))?$/;

/** `{x..y[..step]}` as its words, or null when the inside is not a sequence expression. */
function sequenceOf(inner: readonly Item[], maxWords: number): string[] | null {
  if (inner.some((i) => typeof i !== 'string')) return null;
  const text = inner.join('');
  const numeric = NUMERIC.exec(text);
  const alpha = numeric ? null : ALPHA.exec(text);
  const match = numeric ?? alpha;
  if (!match) return null;
  const step = Math.abs(Number(match[3] ?? '1')) || 1;
  const from = numeric ? Number(match[1]) : (match[1] as string).charCodeAt(0);
  const to = numeric ? Number(match[2]) : (match[2] as string).charCodeAt(0);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to))
    throw new BraceLimitError(Number.MAX_SAFE_INTEGER);
  const count = Math.floor(Math.abs(to - from) / step) + 1;
  if (count > maxWords) throw new BraceLimitError(count);
  const direction = to >= from ? 1 : -1;
  // A leading zero on either end pads every number to the longer end's width ({01..10}).
  const padded = numeric !== null && [match[1], match[2]].some((n) => /^[-+]?0[0-9]/.test(n as string));
  const padWidth = padded ? Math.max((match[1] as string).length, (match[2] as string).length) : 0;
  const out: string[] = [];
  for (let k = 0, v = from; k < count; k++, v += direction * step) {
    if (alpha) out.push(String.fromCharCode(v));
    else if (padWidth > 0)
      out.push(v < 0 ? `-${String(-v).padStart(padWidth - 1, '0')}` : String(v).padStart(padWidth, '0'));
    else out.push(String(v));
  }
  return out;
}
