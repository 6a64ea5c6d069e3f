/**
 * The fake shell's view of a filesystem (the contract between the interpreter, the commands and the
 * virtual filesystem in `vfs/`). Every path given to these methods is absolute and normalised (see
 * `resolvePath` in `path.ts`); nothing here ever reaches the host's real filesystem.
 */

export type FileType = 'file' | 'dir' | 'symlink' | 'chardev';

export interface FileStat {
  type: FileType;
  /** Permission bits and setuid/setgid/sticky (0o7777), without the type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Modification time, epoch milliseconds. */
  mtimeMs: number;
  nlink: number;
  /** Inode number, stable for the life of the session. */
  ino: number;
  /** Where a symlink points, as written. */
  target?: string;
}

export type FsErrorCode =
  | 'ENOENT'
  | 'EEXIST'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'EACCES'
  | 'EPERM'
  | 'ENOTEMPTY'
  | 'EINVAL'
  | 'ENOSPC'
  | 'ELOOP'
  | 'EROFS';

/** What a real kernel would return; commands turn it into the coreutils message for their distro. */
export class ShellFsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
    this.name = 'ShellFsError';
  }
}

/** The strerror text coreutils prints for each code ("No such file or directory" …). */
export const FS_ERROR_TEXT: Readonly<Record<FsErrorCode, string>> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTEMPTY: 'Directory not empty',
  EINVAL: 'Invalid argument',
  ENOSPC: 'No space left on device',
  ELOOP: 'Too many levels of symbolic links',
  EROFS: 'Read-only file system',
};

/**
 * One session's filesystem. Changes an attacker makes stay in that session (copy-on-write over the
 * decky's seeded tree) and are bounded in total size and file count; past the bound writes fail with
 * ENOSPC. Methods throw ShellFsError; none throws anything else for any input.
 */
export interface ShellFs {
  /** Follows symlinks; null when nothing is there. */
  stat(path: string): FileStat | null;
  /** Does not follow a final symlink. */
  lstat(path: string): FileStat | null;
  /** Whole content (dynamic files such as /proc/uptime are generated on each read). */
  readFile(path: string): Buffer;
  /** Creates or replaces (or appends to) a regular file; its parent directory must exist. */
  writeFile(path: string, data: Buffer, options?: { append?: boolean; mode?: number }): void;
  /** Entry names, sorted as `ls` sorts them in the C locale, without `.` and `..`. */
  readdir(path: string): string[];
  mkdir(path: string, options?: { parents?: boolean; mode?: number }): void;
  /** Removes a file, symlink or (empty, or with `recursive`) directory. */
  remove(path: string, options?: { recursive?: boolean }): void;
  rename(from: string, to: string): void;
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
  symlink(target: string, path: string): void;
  /** The path with every symlink resolved; throws ENOENT for a missing component. */
  realpath(path: string): string;
  /** Sets the modification time (touch). Creates nothing. */
  utimes(path: string, mtimeMs: number): void;
}

/** Called after each write that leaves a regular file changed by the attacker (for quarantine). */
export type FileWrittenHook = (path: string, content: Buffer) => void;
