/**
 * The nodes of the virtual filesystem and the walk that resolves a path over them. The same shapes make
 * up a decky's immutable base tree and a session's copy-on-write overlay (`session-fs.ts`).
 */
import { ShellFsError } from '../filesystem.js';
import { VFS_LIMITS } from './limits.js';

/** The character devices the tree has; reads and writes of each behave like the kernel's. */
export type Device = 'null' | 'zero' | 'full' | 'random' | 'urandom' | 'tty' | 'console' | 'ptmx' | 'pts';

/** Major and minor numbers of each device (Documentation/admin-guide/devices.txt), for `ls -l`. */
export const DEVICE_NUMBERS: Readonly<Record<Device, readonly [number, number]>> = {
  null: [1, 3],
  zero: [1, 5],
  full: [1, 7],
  random: [1, 8],
  urandom: [1, 9],
  tty: [5, 0],
  console: [5, 1],
  ptmx: [5, 2],
  pts: [136, 0],
};

export type FileContent =
  | { kind: 'bytes'; data: Buffer }
  /** Generated on each read (binaries: big, identical on every decky of a distro, not worth keeping). */
  | { kind: 'lazy'; size: number; make: () => Buffer }
  /** procfs: generated from the clock on each read; stat reports size 0, as the kernel does. */
  | { kind: 'dynamic'; make: (now: number) => Buffer };

/** procfs and sysfs refuse what a disk filesystem allows (creating files, most writes). */
export type Pseudo = 'proc' | 'sys';

interface NodeMeta {
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  pseudo?: Pseudo;
}

export interface DirNode extends NodeMeta {
  type: 'dir';
  children: Map<string, Node>;
}

export interface FileNode extends NodeMeta {
  type: 'file';
  content: FileContent;
}

export interface SymlinkNode extends NodeMeta {
  type: 'symlink';
  target: string;
}

export interface DeviceNode extends NodeMeta {
  type: 'chardev';
  device: Device;
}

export type Node = DirNode | FileNode | SymlinkNode | DeviceNode;

export function contentSize(content: FileContent): number {
  switch (content.kind) {
    case 'bytes':
      return content.data.length;
    case 'lazy':
      return content.size;
    case 'dynamic':
      return 0;
  }
}

/**
 * An ext4 directory's size: whole 4 KiB blocks holding its entries (8 bytes of header plus the name,
 * padded to 4, per entry, with `.` and `..`).
 */
export function directorySize(dir: DirNode): number {
  if (dir.pseudo) return 0;
  let bytes = 24;
  for (const name of dir.children.keys()) bytes += 8 + Math.ceil(name.length / 4) * 4;
  return Math.max(1, Math.ceil(bytes / 4096)) * 4096;
}

export function subdirectoryCount(dir: DirNode): number {
  let count = 0;
  for (const child of dir.children.values()) if (child.type === 'dir') count++;
  return count;
}

/** Checks a directory may be searched (traversed); throws EACCES when not. */
export type SearchCheck = (dir: DirNode) => void;

export interface Resolution {
  /** The node at the path (after the final symlink when following), or null when nothing is there. */
  node: Node | null;
  /** The directory holding the final component. */
  parent: DirNode;
  /** Real (symlink-free) path of `parent`. */
  parentPath: string;
  /** The final component's name inside `parent` (`''` for the root). */
  name: string;
  /** Real path of the final component. */
  path: string;
}

/** Throws EINVAL for a path longer than PATH_MAX or a component longer than NAME_MAX (ENAMETOOLONG). */
export function checkPathLength(path: string): void {
  if (path.length > VFS_LIMITS.maxPathLength) throw new ShellFsError('EINVAL', path);
  for (const part of path.split('/')) {
    if (part.length > VFS_LIMITS.maxNameLength) throw new ShellFsError('EINVAL', path);
  }
}

function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/**
 * Walks `path` from `root` as namei does: every directory passed through must be searchable, symlinks
 * in the middle are always followed, the final one only with `followFinal`, and more than MAXSYMLINKS
 * links fail with ELOOP. A missing final component resolves to `node: null` with its parent; a missing
 * component before it throws ENOENT.
 */
export function resolveNode(
  root: DirNode,
  path: string,
  followFinal: boolean,
  canSearch: SearchCheck = () => {},
): Resolution {
  checkPathLength(path);
  const stack: Array<{ dir: DirNode; path: string }> = [{ dir: root, path: '/' }];
  const pending = path.split('/').filter((p) => p !== '');
  let links = 0;
  if (pending.length === 0) return { node: root, parent: root, parentPath: '/', name: '', path: '/' };
  while (pending.length > 0) {
    const part = pending.shift()!;
    const top = stack[stack.length - 1]!;
    if (part === '.') {
      if (pending.length === 0) return finish(stack, top.dir, true);
      continue;
    }
    if (part === '..') {
      if (stack.length > 1) stack.pop();
      if (pending.length === 0) {
        const now = stack[stack.length - 1]!;
        return finish(stack, now.dir, true);
      }
      continue;
    }
    canSearch(top.dir);
    const child = top.dir.children.get(part);
    const last = pending.length === 0;
    if (!child) {
      if (last)
        return {
          node: null,
          parent: top.dir,
          parentPath: top.path,
          name: part,
          path: joinPath(top.path, part),
        };
      throw new ShellFsError('ENOENT', path);
    }
    if (child.type === 'symlink' && (!last || followFinal)) {
      links++;
      if (links > VFS_LIMITS.maxSymlinkDepth) throw new ShellFsError('ELOOP', path);
      if (child.target.startsWith('/')) stack.splice(1);
      pending.unshift(...child.target.split('/').filter((p) => p !== ''));
      if (child.target.startsWith('/') && pending.length === 0) return finish(stack, root, true);
      continue;
    }
    if (last)
      return {
        node: child,
        parent: top.dir,
        parentPath: top.path,
        name: part,
        path: joinPath(top.path, part),
      };
    if (child.type !== 'dir') throw new ShellFsError('ENOTDIR', path);
    stack.push({ dir: child, path: joinPath(top.path, part) });
  }
  // Only reached when the path ended in `.`/`..` handled above; kept for the type checker.
  const top = stack[stack.length - 1]!;
  return finish(stack, top.dir, true);
}

/** A resolution that ends on a directory already on the stack (after `.`, `..` or a link to `/`). */
function finish(stack: Array<{ dir: DirNode; path: string }>, dir: DirNode, _isDir: boolean): Resolution {
  const top = stack[stack.length - 1]!;
  const parentEntry = stack.length > 1 ? stack[stack.length - 2]! : top;
  const name = top.path === '/' ? '' : top.path.slice(top.path.lastIndexOf('/') + 1);
  return { node: dir, parent: parentEntry.dir, parentPath: parentEntry.path, name, path: top.path };
}
