/**
 * One session's view of the decky's files: the seeded tree plus what this session changed (uploads,
 * new directories, deletions, renames). Changes live only as long as the session, bounded in entries
 * and retained bytes.
 */
import { FTP_LIMITS } from './limits.js';
import type { FtpEntry, FtpFile, FtpTree } from './tree.js';

export interface DirectoryEntry {
  name: string;
  entry: FtpEntry;
}

/** Resolves `path` against `cwd` to an absolute, normalised path; null when it is too long. */
export function resolvePath(cwd: string, path: string): string | null {
  if (path.length > FTP_LIMITS.maxPathChars) return null;
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export class SessionFilesystem {
  private readonly entries: Map<string, FtpEntry>;
  private added = 0;
  private retainedBytes = 0;

  constructor(tree: FtpTree) {
    this.entries = new Map(tree);
  }

  get(path: string): FtpEntry | undefined {
    return this.entries.get(path);
  }

  isDirectory(path: string): boolean {
    return this.entries.get(path)?.kind === 'dir';
  }

  /** The entries directly inside `dir`, by name. */
  list(dir: string): DirectoryEntry[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const out: DirectoryEntry[] = [];
    for (const [path, entry] of this.entries) {
      if (path === dir || !path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      if (rest.includes('/')) continue;
      out.push({ name: rest, entry });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Whether a new entry may be created at `path`: its parent is a directory and room is left. */
  canCreate(path: string): boolean {
    return path !== '/' && this.isDirectory(parentOf(path)) && this.added < FTP_LIMITS.maxSessionEntries;
  }

  /** Stores an upload (appending to an existing file for APPE); false when it cannot be created. */
  write(path: string, content: Buffer, mtimeMs: number, append = false): boolean {
    const existing = this.entries.get(path);
    if (existing?.kind === 'dir') return false;
    if (existing === undefined && !this.canCreate(path)) return false;
    let bytes = content;
    if (append && existing?.kind === 'file') {
      bytes = existing.content === null ? content : Buffer.concat([existing.content, content]);
    }
    if (existing?.kind === 'file' && existing.content !== null) this.retainedBytes -= existing.content.length;
    const keep = this.retainedBytes + bytes.length <= FTP_LIMITS.maxRetainedUploadBytes;
    if (keep) this.retainedBytes += bytes.length;
    const size =
      append && existing?.kind === 'file' && existing.content === null
        ? existing.size + content.length
        : bytes.length;
    const file: FtpFile = { kind: 'file', content: keep ? bytes : null, size, mtimeMs };
    if (existing === undefined) this.added++;
    this.entries.set(path, file);
    return true;
  }

  makeDirectory(path: string, mtimeMs: number): boolean {
    if (this.entries.has(path) || !this.canCreate(path)) return false;
    this.added++;
    this.entries.set(path, { kind: 'dir', mtimeMs });
    return true;
  }

  removeFile(path: string): boolean {
    const entry = this.entries.get(path);
    if (entry?.kind !== 'file') return false;
    if (entry.content !== null) this.retainedBytes -= entry.content.length;
    this.entries.delete(path);
    return true;
  }

  removeDirectory(path: string): boolean {
    if (path === '/' || !this.isDirectory(path) || this.list(path).length > 0) return false;
    this.entries.delete(path);
    return true;
  }

  /** Moves a file or (with everything under it) a directory; false when the target is taken or invalid. */
  rename(from: string, to: string): boolean {
    const entry = this.entries.get(from);
    if (entry === undefined || from === '/' || this.entries.has(to) || !this.isDirectory(parentOf(to)))
      return false;
    if (to.startsWith(`${from}/`)) return false;
    const moves: Array<[string, FtpEntry]> = [];
    for (const [path, value] of this.entries) {
      if (path === from || path.startsWith(`${from}/`)) moves.push([path, value]);
    }
    for (const [path] of moves) this.entries.delete(path);
    for (const [path, value] of moves) this.entries.set(to + path.slice(from.length), value);
    return true;
  }
}

export { baseName, parentOf };
