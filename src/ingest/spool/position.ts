import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A byte position in the spool: which segment file, and how far into it. */
export interface SpoolPosition {
  segment: number;
  offset: number;
}

export const SPOOL_START: SpoolPosition = { segment: 1, offset: 0 };

const SEGMENT_PATTERN = /^segment-(\d{9})\.log$/;

export function segmentFileName(segment: number): string {
  return `segment-${String(segment).padStart(9, '0')}.log`;
}

export function segmentPath(dir: string, segment: number): string {
  return join(dir, segmentFileName(segment));
}

/** Segment numbers present in the spool directory, ascending. */
export function listSegments(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const segments: number[] = [];
  for (const name of names) {
    const m = SEGMENT_PATTERN.exec(name);
    if (m) segments.push(Number(m[1]));
  }
  return segments.sort((a, b) => a - b);
}

export function comparePositions(a: SpoolPosition, b: SpoolPosition): number {
  return a.segment !== b.segment ? a.segment - b.segment : a.offset - b.offset;
}

export function formatPosition(p: SpoolPosition): string {
  return `${segmentFileName(p.segment)}@${p.offset}`;
}
