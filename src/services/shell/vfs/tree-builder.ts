/**
 * Builds a decky's base tree (used once per decky by `base-tree.ts` and its seed modules). Paths are
 * resolved through symlinks already in place, so `file('/bin/ls')` on a merged-/usr distro lands in
 * `/usr/bin/ls`, as a package manager's write would.
 */
import type { SeededRandom } from '../../shared/seeded-random.js';
import { resolvePath } from '../path.js';
import { DEFAULT_DIR_MODE, DEFAULT_FILE_MODE } from './limits.js';
import { type Device, type DirNode, type FileContent, type Node, type Pseudo, resolveNode } from './node.js';

export interface NodeOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  mtimeMs?: number;
  pseudo?: Pseudo;
}

export class TreeBuilder {
  readonly root: DirNode;
  private ino: number;

  constructor(
    private readonly random: SeededRandom,
    /** When files without their own time were written (the install). */
    private readonly defaultMtimeMs: number,
  ) {
    this.ino = 2;
    this.root = {
      type: 'dir',
      ino: 2,
      mode: DEFAULT_DIR_MODE,
      uid: 0,
      gid: 0,
      mtimeMs: defaultMtimeMs,
      children: new Map(),
    };
    // ext4 hands out inodes in groups: the root is 2, the first files land a good way further.
    this.ino = 131_000 + random.int(0, 40_000);
  }

  /** The next free inode number, for the session overlay to continue from. */
  get nextIno(): number {
    return this.ino + 1000;
  }

  private allocIno(): number {
    this.ino += 1 + (this.random.next() < 0.2 ? this.random.int(1, 12) : 0);
    return this.ino;
  }

  /** A directory (and its missing parents); existing ones get the options given. */
  dir(path: string, options: NodeOptions = {}): DirNode {
    const parts = path.split('/').filter((p) => p !== '');
    let current = this.root;
    let currentPath = '/';
    for (const part of parts) {
      let child = current.children.get(part);
      if (!child) {
        child = {
          type: 'dir',
          ino: this.allocIno(),
          mode: DEFAULT_DIR_MODE,
          uid: 0,
          gid: 0,
          mtimeMs: this.defaultMtimeMs,
          children: new Map(),
          ...(current.pseudo ? { pseudo: current.pseudo } : {}),
        };
        current.children.set(part, child);
      }
      if (child.type === 'symlink') {
        const target = resolveNode(this.root, resolvePath(currentPath, child.target), true);
        if (target.node?.type !== 'dir')
          throw new Error(`base tree: ${path} passes through a link to a non-directory`);
        child = target.node;
        currentPath = target.path;
      } else {
        currentPath = currentPath === '/' ? `/${part}` : `${currentPath}/${part}`;
      }
      if (child.type !== 'dir') throw new Error(`base tree: ${currentPath} is not a directory`);
      current = child;
    }
    applyOptions(current, options);
    return current;
  }

  file(path: string, content: string | Buffer | FileContent, options: NodeOptions = {}): void {
    const data: FileContent =
      typeof content === 'string'
        ? { kind: 'bytes', data: Buffer.from(content, 'utf8') }
        : Buffer.isBuffer(content)
          ? { kind: 'bytes', data: content }
          : content;
    this.put(
      path,
      (meta) => ({ type: 'file', ...meta, mode: options.mode ?? DEFAULT_FILE_MODE, content: data }),
      options,
    );
  }

  symlink(path: string, target: string, options: NodeOptions = {}): void {
    this.put(path, (meta) => ({ type: 'symlink', ...meta, mode: 0o777, target }), options);
  }

  device(path: string, device: Device, options: NodeOptions = {}): void {
    this.put(path, (meta) => ({ type: 'chardev', ...meta, mode: options.mode ?? 0o666, device }), options);
  }

  has(path: string): boolean {
    try {
      return resolveNode(this.root, path, false).node !== null;
    } catch {
      return false;
    }
  }

  /** The node at a path (following links), or undefined. */
  get(path: string): Node | undefined {
    try {
      return resolveNode(this.root, path, true).node ?? undefined;
    } catch {
      return undefined;
    }
  }

  private put(
    path: string,
    make: (meta: { ino: number; uid: number; gid: number; mtimeMs: number; pseudo?: Pseudo }) => Node,
    options: NodeOptions,
  ): void {
    const slash = path.lastIndexOf('/');
    const parent = this.dir(path.slice(0, slash) || '/');
    const name = path.slice(slash + 1);
    const existing = parent.children.get(name);
    const pseudo = options.pseudo ?? parent.pseudo;
    const node = make({
      ino: existing?.ino ?? this.allocIno(),
      uid: options.uid ?? 0,
      gid: options.gid ?? 0,
      mtimeMs: options.mtimeMs ?? this.defaultMtimeMs,
      ...(pseudo ? { pseudo } : {}),
    });
    parent.children.set(name, node);
  }
}

function applyOptions(node: DirNode, options: NodeOptions): void {
  if (options.mode !== undefined) node.mode = options.mode;
  if (options.uid !== undefined) node.uid = options.uid;
  if (options.gid !== undefined) node.gid = options.gid;
  if (options.mtimeMs !== undefined) node.mtimeMs = options.mtimeMs;
  if (options.pseudo !== undefined) node.pseudo = options.pseudo;
}
