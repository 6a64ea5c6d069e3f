/**
 * Pathname expansion against the session's filesystem (bash(1) "Pathname Expansion"): each component
 * with a wildcard is matched against a directory listing; hidden names need a leading literal `.`.
 * Bounded in directories read and names matched.
 */
import type { ShellFs } from '../filesystem.js';
import { resolvePath } from '../path.js';
import { toBytes, toText } from '../syntax/bytes.js';
import { Pattern, type PatternSegment } from './pattern.js';

/** Matches, sorted in byte order; empty when nothing matches (the caller keeps the word as written). */
export function glob(
  fs: ShellFs,
  cwd: string,
  segments: readonly PatternSegment[],
  maxMatches: number,
): string[] {
  const components = splitComponents(segments);
  const absolute = components[0]?.length === 0;
  const trailingSlash = components.length > 1 && components[components.length - 1]?.length === 0;
  const parts = components.filter((c) => c.length > 0);
  let candidates: string[] = [absolute ? '/' : ''];
  let work = 0;
  for (const component of parts) {
    const pattern = Pattern.compile(component);
    const next: string[] = [];
    for (const base of candidates) {
      const prefix = base === '' ? '' : base.endsWith('/') ? base : `${base}/`;
      if (!pattern.hasWildcards) {
        next.push(prefix + pattern.literal);
        continue;
      }
      let names: string[];
      try {
        names = fs.readdir(resolvePath(cwd, toText(base === '' ? '.' : base)));
      } catch {
        continue;
      }
      work += names.length;
      if (work > maxMatches * 10) return [];
      for (const name of names) {
        const bytes = toBytes(name);
        if (bytes.startsWith('.') && !pattern.startsWithDot) continue;
        if (pattern.matches(bytes)) next.push(prefix + bytes);
      }
      if (next.length > maxMatches) return [];
    }
    candidates = next;
    if (candidates.length === 0) return [];
  }
  const out: string[] = [];
  for (const candidate of candidates) {
    const path = resolvePath(cwd, toText(candidate));
    if (trailingSlash) {
      if (fs.stat(path)?.type === 'dir') out.push(`${candidate}/`);
    } else if (fs.lstat(path)) out.push(candidate);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The pattern split at every `/`, each piece keeping which characters were quoted. */
function splitComponents(segments: readonly PatternSegment[]): PatternSegment[][] {
  const components: PatternSegment[][] = [[]];
  for (const segment of segments) {
    const pieces = segment.text.split('/');
    pieces.forEach((piece, i) => {
      if (i > 0) components.push([]);
      if (piece !== '')
        (components[components.length - 1] as PatternSegment[]).push({ text: piece, quoted: segment.quoted });
    });
  }
  return components;
}
