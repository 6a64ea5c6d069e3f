import { rmSync } from 'node:fs';
import { listSegments, segmentPath } from './position.js';

/**
 * Deletes spool segments the ingester has finished with, keeping the newest `keep` of them for
 * forensics (every line is also in the database, raw). A segment is finished once the committed
 * position is in a later one. Returns the segments removed.
 */
export function pruneSpool(dir: string, committedSegment: number, keep: number): number[] {
  const finished = listSegments(dir).filter((s) => s < committedSegment);
  const doomed = finished.slice(0, Math.max(0, finished.length - keep));
  for (const segment of doomed) rmSync(segmentPath(dir, segment), { force: true });
  return doomed;
}
