/**
 * Quarantine: every file an attacker leaves on a decky (shell redirection, download, SFTP, SCP) is kept
 * under the decky's captures directory as `<ISO time>_<first 12 hex of SHA-256>_<name>`, the reference's
 * naming (spec §3.1 "File capture"), with no execute bit. Identical content is stored once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
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
  /**
   * Bytes kept per decky directory, whatever wrote them (an open relay under a spam run fills a disk
   * otherwise). Past it new files are not stored, and the operator is warned once.
   */
  maxBytesPerDecky: 2 * 1024 * 1024 * 1024,
  /** Files looked at when a directory's existing size is first measured. */
  maxFilesMeasured: 100_000,
} as const;

/** Bytes stored so far per captures directory, shared by every service of the decky in this process. */
const usedByDir = new Map<string, { bytes: number; warned: boolean }>();

function usage(dir: string): { bytes: number; warned: boolean } {
  let used = usedByDir.get(dir);
  if (used) return used;
  used = { bytes: 0, warned: false };
  try {
    const names = readdirSync(dir).slice(0, QUARANTINE_LIMITS.maxFilesMeasured);
    for (const name of names) {
      try {
        used.bytes += statSync(join(dir, name)).size;
      } catch {
        // Removed while we looked: it no longer counts.
      }
    }
  } catch {
    // No directory yet: nothing stored.
  }
  usedByDir.set(dir, used);
  return used;
}

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
    private readonly maxBytes: number = QUARANTINE_LIMITS.maxBytesPerDecky,
  ) {}

  /**
   * Keeps `content` (written in the background); null when it is over the file size cap or the decky's
   * quarantine is full.
   */
  keep(originalPath: string, content: Buffer): StoredCapture | null {
    if (content.length > QUARANTINE_LIMITS.maxFileBytes) return null;
    const sha256 = createHash('sha256').update(content).digest('hex');
    const known = this.stored.get(sha256);
    if (known !== undefined) return { storedAs: known, sha256, size: content.length };
    const used = usage(this.dir);
    if (used.bytes + content.length > this.maxBytes) {
      if (!used.warned) {
        used.warned = true;
        this.onError(
          new Error(`quarantine ${this.dir} is full (${this.maxBytes} bytes); new files are not kept`),
        );
      }
      return null;
    }
    used.bytes += content.length;
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
