import { createHash } from 'node:crypto';

/** Import progress is keyed by content, so the same file is never stored twice. */
export function importKey(firstBytes: Buffer): string {
  return `import:${createHash('sha256').update(firstBytes).digest('hex').slice(0, 32)}`;
}
