/**
 * One session's filesystem: a copy-on-write overlay over the decky's immutable base tree. A change
 * copies the nodes on its path (path copying), so the base and every other session keep seeing the
 * original; the session's own view is an ordinary tree. Permissions are checked like Linux's DAC for the
 * account the session currently runs as (root bypasses them), and what the attacker may add is bounded.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../runtime/clock.js';
import {
  type FileStat,
  type FileWrittenHook,
  type FsErrorCode,
  type ShellFs,
  ShellFsError,
} from '../filesystem.js';
import type { BaseTree } from './base-tree.js';
import { DEFAULT_DIR_MODE, DEFAULT_FILE_MODE, VFS_LIMITS } from './limits.js';
import {
  checkPathLength,
  contentSize,
  type DirNode,
  directorySize,
  type FileNode,
  type Node,
  type Resolution,
  resolveNode,
  subdirectoryCount,
} from './node.js';

/** Who the filesystem checks permissions for: the session's current account. */
export interface FsIdentity {
  uid: number;
  gid: number;
  /** Supplementary group ids. */
  groups?: readonly number[];
}

export interface SessionFsLimits {
  maxBytesWritten: number;
  maxCreatedEntries: number;
}

export interface SessionFsOptions {
  clock: Pick<Clock, 'now'>;
  /** Called after every write that leaves a regular file changed, with its real path and whole content. */
  onFileWritten?: FileWrittenHook;
  limits?: Partial<SessionFsLimits>;
  /** The account permission checks follow (it changes with `su`); root when absent. */
  user?: () => FsIdentity;
  /** Bytes /dev/urandom yields (injected so tests are deterministic). */
  random?: (size: number) => Buffer;
}

const ROOT: FsIdentity = { uid: 0, gid: 0 };
const READ = 4;
const WRITE = 2;
const SEARCH = 1;
const STICKY = 0o1000;

export function createSessionFs(base: BaseTree, options: SessionFsOptions): ShellFs {
  return new SessionFs(base, options);
}

/**
 * Runs `change` as the system rather than the attacker: as root, without the write hook and outside the
 * session's quotas. For what sshd and PAM do on the attacker's behalf (creating the account they
 * logged in as), which is not theirs to quarantine. Other ShellFs implementations just run it.
 */
export function asSystem<T>(fs: ShellFs, change: () => T): T {
  return fs instanceof SessionFs ? fs.runAsSystem(change) : change();
}

class SessionFs implements ShellFs {
  private root: DirNode;
  /** Nodes this session made or copied: the only ones it may change in place. */
  private readonly owned = new WeakSet<Node>();
  private nextIno: number;
  private bytesWritten = 0;
  private entriesCreated = 0;
  /** Set while sshd/PAM act (asSystem): root, no hook, no quota. */
  private system = false;
  private readonly limits: SessionFsLimits;
  private readonly who: () => FsIdentity;
  private readonly random: (size: number) => Buffer;

  constructor(
    base: BaseTree,
    private readonly options: SessionFsOptions,
  ) {
    this.root = base.root;
    this.nextIno = base.nextIno;
    this.limits = {
      maxBytesWritten: options.limits?.maxBytesWritten ?? VFS_LIMITS.maxBytesWritten,
      maxCreatedEntries: options.limits?.maxCreatedEntries ?? VFS_LIMITS.maxCreatedEntries,
    };
    const user = options.user ?? (() => ROOT);
    this.who = () => (this.system ? ROOT : user());
    this.random = options.random ?? randomBytes;
  }

  runAsSystem<T>(change: () => T): T {
    const was = this.system;
    this.system = true;
    try {
      return change();
    } finally {
      this.system = was;
    }
  }

  stat(path: string): FileStat | null {
    const found = this.lookupOrNull(path, true);
    return found?.node ? this.toStat(found.node) : null;
  }

  lstat(path: string): FileStat | null {
    const found = this.lookupOrNull(path, false);
    return found?.node ? this.toStat(found.node) : null;
  }

  readFile(path: string): Buffer {
    const { node } = this.lookup(path, true);
    if (!node) throw new ShellFsError('ENOENT', path);
    if (node.type === 'dir') throw new ShellFsError('EISDIR', path);
    if (!this.may(node, READ)) throw new ShellFsError('EACCES', path);
    if (node.type === 'chardev') {
      switch (node.device) {
        case 'zero':
        case 'full':
          return Buffer.alloc(VFS_LIMITS.deviceReadBytes);
        case 'random':
        case 'urandom':
          return this.random(VFS_LIMITS.deviceReadBytes);
        default:
          return Buffer.alloc(0);
      }
    }
    if (node.type !== 'file') throw new ShellFsError('EINVAL', path);
    switch (node.content.kind) {
      case 'bytes':
        return Buffer.from(node.content.data);
      case 'lazy':
        return node.content.make();
      case 'dynamic':
        return node.content.make(this.options.clock.now());
    }
  }

  writeFile(path: string, data: Buffer, options: { append?: boolean; mode?: number } = {}): void {
    const found = this.lookup(path, true);
    const existing = found.node;
    if (existing) {
      if (existing.type === 'dir') throw new ShellFsError('EISDIR', path);
      if (existing.type === 'chardev') {
        if (!this.may(existing, WRITE)) throw new ShellFsError('EACCES', path);
        if (existing.device === 'full') throw new ShellFsError('ENOSPC', path);
        return;
      }
      if (existing.pseudo) throw new ShellFsError('EACCES', path);
      if (!this.may(existing, WRITE)) throw new ShellFsError('EACCES', path);
    } else {
      this.checkCreate(found, path);
    }
    this.charge(data.length, path);
    const previous = existing?.type === 'file' && options.append ? this.contentOf(existing) : null;
    const content = previous ? Buffer.concat([previous, data]) : Buffer.from(data);
    const who = this.who();
    const parent = this.mutableDir(found.parentPath);
    const node: FileNode =
      existing?.type === 'file'
        ? { ...existing, content: { kind: 'bytes', data: content }, mtimeMs: this.now() }
        : {
            type: 'file',
            ino: this.allocIno(),
            mode: (options.mode ?? DEFAULT_FILE_MODE) & 0o7777,
            uid: who.uid,
            gid: who.gid,
            mtimeMs: this.now(),
            content: { kind: 'bytes', data: content },
          };
    this.owned.add(node);
    parent.children.set(found.name, node);
    parent.mtimeMs = this.now();
    if (!this.system) this.options.onFileWritten?.(found.path, Buffer.from(content));
  }

  readdir(path: string): string[] {
    const { node } = this.lookup(path, true);
    if (!node) throw new ShellFsError('ENOENT', path);
    if (node.type !== 'dir') throw new ShellFsError('ENOTDIR', path);
    if (!this.may(node, READ)) throw new ShellFsError('EACCES', path);
    return [...node.children.keys()].sort(byteOrder);
  }

  mkdir(path: string, options: { parents?: boolean; mode?: number } = {}): void {
    if (options.parents) {
      const parts = path.split('/').filter((p) => p !== '');
      for (let i = 1; i <= parts.length; i++) {
        const prefix = `/${parts.slice(0, i).join('/')}`;
        const found = this.lookup(prefix, true);
        if (found.node) {
          if (found.node.type !== 'dir')
            throw new ShellFsError(i === parts.length ? 'EEXIST' : 'ENOTDIR', prefix);
          continue;
        }
        this.createDir(found, prefix, options.mode);
      }
      return;
    }
    const found = this.lookup(path, false);
    if (found.node) throw new ShellFsError('EEXIST', path);
    this.createDir(found, path, options.mode);
  }

  remove(path: string, options: { recursive?: boolean } = {}): void {
    const found = this.lookup(path, false);
    const node = found.node;
    if (!node) throw new ShellFsError('ENOENT', path);
    if (found.path === '/') throw new ShellFsError('EPERM', path);
    if (node.pseudo || found.parent.pseudo)
      throw new ShellFsError(node.type === 'dir' ? 'EPERM' : 'EACCES', path);
    this.checkUnlink(found.parent, node, path);
    if (node.type === 'dir' && node.children.size > 0) {
      if (!options.recursive) throw new ShellFsError('ENOTEMPTY', path);
      this.checkSubtreeRemovable(node, found.path);
    }
    const parent = this.mutableDir(found.parentPath);
    parent.children.delete(found.name);
    parent.mtimeMs = this.now();
  }

  rename(from: string, to: string): void {
    const source = this.lookup(from, false);
    const node = source.node;
    if (!node) throw new ShellFsError('ENOENT', from);
    if (source.path === '/' || node.pseudo) throw new ShellFsError('EPERM', from);
    const target = this.lookup(to, false);
    if (target.path === source.path) return;
    if (node.type === 'dir' && (target.path === source.path || target.path.startsWith(`${source.path}/`))) {
      throw new ShellFsError('EINVAL', to);
    }
    this.checkUnlink(source.parent, node, from);
    if (target.parent.pseudo) throw new ShellFsError('EACCES', to);
    if (!this.may(target.parent, WRITE | SEARCH)) throw new ShellFsError('EACCES', to);
    const replaced = target.node;
    if (replaced) {
      if (replaced.type === 'dir' && node.type !== 'dir') throw new ShellFsError('EISDIR', to);
      if (replaced.type !== 'dir' && node.type === 'dir') throw new ShellFsError('ENOTDIR', to);
      if (replaced.type === 'dir' && replaced.children.size > 0) throw new ShellFsError('ENOTEMPTY', to);
      this.checkUnlink(target.parent, replaced, to);
    }
    const oldParent = this.mutableDir(source.parentPath);
    oldParent.children.delete(source.name);
    oldParent.mtimeMs = this.now();
    const newParent = this.mutableDir(target.parentPath);
    newParent.children.set(target.name, node);
    newParent.mtimeMs = this.now();
  }

  chmod(path: string, mode: number): void {
    const found = this.lookup(path, true);
    const node = this.requireNode(found, path);
    const who = this.who();
    if (who.uid !== 0 && who.uid !== node.uid) throw new ShellFsError('EPERM', path);
    if (node.pseudo) throw new ShellFsError('EPERM', path);
    this.replace(found, { ...node, mode: mode & 0o7777 });
  }

  chown(path: string, uid: number, gid: number): void {
    const found = this.lookup(path, true);
    const node = this.requireNode(found, path);
    const who = this.who();
    if (who.uid !== 0) {
      // Only root gives a file away; an owner may change its group to one of their own (chown(2)).
      const ownGroup = gid === who.gid || (who.groups ?? []).includes(gid) || gid === node.gid;
      if (uid !== node.uid || who.uid !== node.uid || !ownGroup) throw new ShellFsError('EPERM', path);
    }
    if (node.pseudo) throw new ShellFsError('EPERM', path);
    this.replace(found, { ...node, uid, gid });
  }

  symlink(target: string, path: string): void {
    const found = this.lookup(path, false);
    if (found.node) throw new ShellFsError('EEXIST', path);
    checkPathLength(target);
    this.checkCreate(found, path);
    const who = this.who();
    const node: Node = {
      type: 'symlink',
      ino: this.allocIno(),
      mode: 0o777,
      uid: who.uid,
      gid: who.gid,
      mtimeMs: this.now(),
      target,
    };
    this.owned.add(node);
    const parent = this.mutableDir(found.parentPath);
    parent.children.set(found.name, node);
    parent.mtimeMs = this.now();
  }

  realpath(path: string): string {
    const found = this.lookup(path, true);
    if (!found.node) throw new ShellFsError('ENOENT', path);
    return found.path;
  }

  utimes(path: string, mtimeMs: number): void {
    const found = this.lookup(path, true);
    const node = this.requireNode(found, path);
    const who = this.who();
    if (who.uid !== 0 && who.uid !== node.uid && !this.may(node, WRITE))
      throw new ShellFsError('EACCES', path);
    if (node.pseudo) return;
    this.replace(found, { ...node, mtimeMs });
  }

  // --- internals -------------------------------------------------------------------------------

  private now(): number {
    return this.options.clock.now();
  }

  private lookup(path: string, followFinal: boolean): Resolution {
    return resolveNode(this.root, path, followFinal, (dir) => {
      if (!this.may(dir, SEARCH)) throw new ShellFsError('EACCES', path);
    });
  }

  /** Like lookup, but a missing component anywhere is "nothing there" (stat(2)'s ENOENT) rather than an error. */
  private lookupOrNull(path: string, followFinal: boolean): Resolution | null {
    try {
      return this.lookup(path, followFinal);
    } catch (err) {
      if (err instanceof ShellFsError && err.code === 'ENOENT') return null;
      throw err;
    }
  }

  private requireNode(found: Resolution, path: string): Node {
    if (!found.node) throw new ShellFsError('ENOENT', path);
    return found.node;
  }

  /** Linux DAC (owner, then group, then other bits); root passes except for executing a file without any x bit. */
  private may(node: Node, want: number): boolean {
    const who = this.who();
    if (who.uid === 0) return want !== SEARCH || node.type === 'dir' || (node.mode & 0o111) !== 0;
    let bits: number;
    if (node.uid === who.uid) bits = (node.mode >> 6) & 7;
    else if (node.gid === who.gid || (who.groups ?? []).includes(node.gid)) bits = (node.mode >> 3) & 7;
    else bits = node.mode & 7;
    return (bits & want) === want;
  }

  private checkCreate(found: Resolution, path: string): void {
    if (found.parent.pseudo === 'proc') throw new ShellFsError('ENOENT', path);
    if (found.parent.pseudo === 'sys') throw new ShellFsError('EACCES', path);
    if (!this.may(found.parent, WRITE | SEARCH)) throw new ShellFsError('EACCES', path);
    if (this.system) return;
    if (this.entriesCreated >= this.limits.maxCreatedEntries) throw new ShellFsError('ENOSPC', path);
    this.entriesCreated++;
  }

  /** Removing an entry needs write and search on its directory; a sticky directory keeps others' files. */
  private checkUnlink(parent: DirNode, node: Node, path: string): void {
    const who = this.who();
    if (!this.may(parent, WRITE | SEARCH)) throw new ShellFsError('EACCES', path);
    if (who.uid !== 0 && parent.mode & STICKY && node.uid !== who.uid && parent.uid !== who.uid) {
      throw new ShellFsError('EPERM', path);
    }
  }

  private checkSubtreeRemovable(dir: DirNode, path: string): void {
    if (dir.pseudo) throw new ShellFsError('EPERM', path);
    if (!this.may(dir, READ | WRITE | SEARCH)) throw new ShellFsError('EACCES', path);
    for (const [name, child] of dir.children) {
      const childPath = `${path}/${name}`;
      this.checkUnlink(dir, child, childPath);
      if (child.type === 'dir' && child.children.size > 0) this.checkSubtreeRemovable(child, childPath);
    }
  }

  private charge(bytes: number, path: string): void {
    if (this.system) return;
    if (this.bytesWritten + bytes > this.limits.maxBytesWritten) throw new ShellFsError('ENOSPC', path);
    this.bytesWritten += bytes;
  }

  private createDir(found: Resolution, path: string, mode: number | undefined): void {
    this.checkCreate(found, path);
    const who = this.who();
    const node: DirNode = {
      type: 'dir',
      ino: this.allocIno(),
      mode: (mode ?? DEFAULT_DIR_MODE) & 0o7777,
      uid: who.uid,
      gid: who.gid,
      mtimeMs: this.now(),
      children: new Map(),
    };
    this.owned.add(node);
    const parent = this.mutableDir(found.parentPath);
    parent.children.set(found.name, node);
    parent.mtimeMs = this.now();
  }

  private contentOf(node: FileNode): Buffer {
    switch (node.content.kind) {
      case 'bytes':
        return node.content.data;
      case 'lazy':
        return node.content.make();
      case 'dynamic':
        return node.content.make(this.now());
    }
  }

  /** Puts a changed copy of the node at `found` in place. */
  private replace(found: Resolution, node: Node): void {
    this.owned.add(node);
    if (found.path === '/') {
      if (node.type === 'dir') this.root = node;
      return;
    }
    this.mutableDir(found.parentPath).children.set(found.name, node);
  }

  /**
   * The directory at a real (symlink-free) path, copied along the way from the root wherever this
   * session does not own it yet, so it may be changed in place.
   */
  private mutableDir(realPath: string): DirNode {
    if (!this.owned.has(this.root)) {
      this.root = { ...this.root, children: new Map(this.root.children) };
      this.owned.add(this.root);
    }
    let current = this.root;
    for (const part of realPath.split('/').filter((p) => p !== '')) {
      const child = current.children.get(part);
      if (child?.type !== 'dir') throw new ShellFsError('ENOENT', realPath);
      if (this.owned.has(child)) {
        current = child;
        continue;
      }
      const copy: DirNode = { ...child, children: new Map(child.children) };
      this.owned.add(copy);
      current.children.set(part, copy);
      current = copy;
    }
    return current;
  }

  private allocIno(): number {
    this.nextIno += 1;
    return this.nextIno;
  }

  private toStat(node: Node): FileStat {
    const base = { mode: node.mode & 0o7777, uid: node.uid, gid: node.gid, ino: node.ino };
    const pseudoTime = node.pseudo === 'proc' ? this.now() : node.mtimeMs;
    switch (node.type) {
      case 'dir':
        return {
          ...base,
          type: 'dir',
          size: directorySize(node),
          mtimeMs: node.pseudo === 'proc' ? node.mtimeMs : node.mtimeMs,
          nlink: 2 + subdirectoryCount(node),
        };
      case 'file':
        return {
          ...base,
          type: 'file',
          size: node.pseudo === 'sys' ? 4096 : contentSize(node.content),
          mtimeMs: pseudoTime,
          nlink: 1,
        };
      case 'symlink':
        return {
          ...base,
          type: 'symlink',
          size: node.target.length,
          mtimeMs: node.mtimeMs,
          nlink: 1,
          target: node.target,
        };
      case 'chardev':
        return { ...base, type: 'chardev', size: 0, mtimeMs: node.mtimeMs, nlink: 1 };
    }
  }
}

/** C-locale order (code units compare as bytes for every name outside the astral planes). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The error code of a ShellFsError, or null for anything else. */
export function fsErrorCode(err: unknown): FsErrorCode | null {
  return err instanceof ShellFsError ? err.code : null;
}
