/**
 * Quarantine: every file an attacker leaves on a decky (shell redirection, download, SFTP, SCP) is kept
 * under the decky's captures directory as `<ISO time>_<first 12 hex of SHA-256>_<name>`, the reference's
 * naming (spec §3.1 "File capture"), with no execute bit. Identical content is stored once.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIsoSeconds } from './time.js';

export const QUARANTINE_LIMITS = {
  /** The reference's capture cap per file (spec §3.1). */
  maxFileBytes: 50 * 1024 * 1024,
  /** Characters of the original name kept in the stored name. */
  maxNameLength: 64,
  /** Distinct contents remembered per decky, so a repeated upload is not written again. */
  rememberedHashes: 10_000,
} as const;

export interface StoredCapture {
  storedAs: string;
  sha256: string;
  size: number;
}

export class Quarantine {
  /** SHA-256 → stored name of what this decky has already kept. */
  private readonly stored = new Map<string, string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly now: () => number,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Keeps `content` (written in the background); null when it is over the size cap. */
  keep(originalPath: string, content: Buffer): StoredCapture | null {
    if (content.length > QUARANTINE_LIMITS.maxFileBytes) return null;
    const sha256 = createHash('sha256').update(content).digest('hex');
    const known = this.stored.get(sha256);
    if (known !== undefined) return { storedAs: known, sha256, size: content.length };
    const storedAs = `${formatIsoSeconds(this.now())}_${sha256.slice(0, 12)}_${safeName(originalPath)}`;
    if (this.stored.size >= QUARANTINE_LIMITS.rememberedHashes) {
      const oldest = this.stored.keys().next().value;
      if (oldest !== undefined) this.stored.delete(oldest);
    }
    this.stored.set(sha256, storedAs);
    const writing = mkdir(this.dir, { recursive: true, mode: 0o700 })
      .then(() => writeFile(join(this.dir, storedAs), content, { mode: 0o400, flag: 'wx' }))
      .catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') this.onError(err);
      })
      .finally(() => this.pending.delete(writing));
    this.pending.add(writing);
    return { storedAs, sha256, size: content.length };
  }

  /** Resolves once every capture started so far is on disk. */
  async flushed(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** The original file name reduced to characters that are safe in a file name anywhere. */
export function safeName(originalPath: string): string {
  const base = originalPath.slice(originalPath.lastIndexOf('/') + 1);
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return (cleaned === '' ? 'unnamed' : cleaned).slice(0, QUARANTINE_LIMITS.maxNameLength);
}
