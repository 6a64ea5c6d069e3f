/**
 * The session's drives as Windows programs see them: paths relative to the current directory, any case,
 * `\` or `/`, drive letters, the NUL device; files, directories and NTFS attributes over the session
 * filesystem (paths.ts says where each lives). Failures are DriveError values carrying the Win32 message
 * a program prints for them; nothing else is thrown.
 */
import type { FileStat, ShellFs } from '../filesystem.js';
import { fsErrorCode } from '../vfs/session-fs.js';
import { attributesOf, modeFor, modeWith, type WindowsAttributes } from './attributes.js';
import {
  absoluteWindowsPath,
  canonicalCase,
  driveOf,
  isValidWindowsPath,
  leafOf,
  parentOf,
  storePath,
} from './paths.js';

/** Win32 error texts (FormatMessage of the error code), as cmd and the tools print them. */
export const WIN32_MESSAGES = {
  fileNotFound: 'The system cannot find the file specified.',
  pathNotFound: 'The system cannot find the path specified.',
  accessDenied: 'Access is denied.',
  diskFull: 'There is not enough space on the disk.',
  invalidName: 'The filename, directory name, or volume label syntax is incorrect.',
  driveNotFound: 'The system cannot find the drive specified.',
  notEmpty: 'The directory is not empty.',
  inUse: 'The process cannot access the file because it is being used by another process.',
} as const;

export type Win32Error = keyof typeof WIN32_MESSAGES;

export class DriveError extends Error {
  constructor(readonly kind: Win32Error) {
    super(WIN32_MESSAGES[kind]);
    this.name = 'DriveError';
  }
}

export interface DriveEntry {
  /** The name as stored (its case preserved). */
  name: string;
  /** Absolute Windows path. */
  path: string;
  stat: FileStat;
  attributes: WindowsAttributes;
}

/** The only drive a decky has; `D:` and the rest do not exist. */
export const SYSTEM_DRIVE = 'C';

export class WindowsDrive {
  constructor(
    readonly fs: ShellFs,
    private readonly cwd: () => string,
  ) {}

  /** The absolute path of `input`, with existing components spelled as stored. */
  resolve(input: string): string {
    const absolute = absoluteWindowsPath(this.cwd(), input);
    return canonicalCase(this.fs, absolute);
  }

  /** Whether `input` names the NUL device (`nul`, `NUL:`, `C:\x\nul.txt` …). */
  isNul(input: string): boolean {
    return /^nul(\..*)?:?$/i.test(leafOf(input.replace(/\//g, '\\')).replace(/\\$/, ''));
  }

  stat(input: string): FileStat | null {
    const path = this.resolve(input);
    if (driveOf(path) !== SYSTEM_DRIVE) return null;
    try {
      return this.fs.stat(storePath(path));
    } catch {
      return null;
    }
  }

  isDirectory(input: string): boolean {
    return this.stat(input)?.type === 'dir';
  }

  exists(input: string): boolean {
    return this.stat(input) !== null;
  }

  /** Entries of a directory (sorted as NTFS returns them: by name, ignoring case). */
  list(input: string): DriveEntry[] {
    const path = this.resolve(input);
    const stored = this.checked(path);
    const names = this.attempt(() => this.fs.readdir(stored), 'pathNotFound');
    const entries: DriveEntry[] = [];
    for (const name of names) {
      let stat: FileStat | null = null;
      try {
        stat = this.fs.lstat(`${stored}/${name}`);
      } catch {
        stat = null;
      }
      if (stat === null) continue;
      entries.push({
        name,
        path: path.endsWith('\\') ? `${path}${name}` : `${path}\\${name}`,
        stat,
        attributes: attributesOf(stat.mode),
      });
    }
    return entries.sort((a, b) => compareNames(a.name, b.name));
  }

  read(input: string): Buffer {
    if (this.isNul(input)) return Buffer.alloc(0);
    const path = this.resolve(input);
    const stored = this.checked(path);
    const stat = this.stat(path);
    if (stat === null) throw new DriveError(this.stat(parentOf(path)) ? 'fileNotFound' : 'pathNotFound');
    if (stat.type === 'dir') throw new DriveError('accessDenied');
    return this.attempt(() => this.fs.readFile(stored), 'fileNotFound');
  }

  /** Creates or replaces (or appends to) a file; writes to NUL vanish. */
  write(input: string, data: Buffer, options: { append?: boolean } = {}): void {
    if (this.isNul(input)) return;
    const path = this.resolve(input);
    const stored = this.checked(path);
    const existing = this.stat(path);
    if (existing?.type === 'dir') throw new DriveError('accessDenied');
    if (existing && attributesOf(existing.mode).readOnly) throw new DriveError('accessDenied');
    if (!this.isDirectory(parentOf(path))) throw new DriveError('pathNotFound');
    this.attempt(
      () =>
        this.fs.writeFile(stored, data, {
          ...(options.append ? { append: true } : {}),
          mode: existing?.mode ?? modeFor('file', { archive: true }),
        }),
      'pathNotFound',
    );
  }

  /** Makes a directory and any missing parents (cmd's `md` has command extensions on). */
  mkdir(input: string): void {
    const path = this.resolve(input);
    const stored = this.checked(path);
    this.attempt(() => this.fs.mkdir(stored, { parents: true, mode: modeFor('dir') }), 'pathNotFound');
  }

  remove(input: string, options: { recursive?: boolean } = {}): void {
    const path = this.resolve(input);
    const stored = this.checked(path);
    if (path.length <= 3) throw new DriveError('accessDenied');
    this.attempt(() => this.fs.remove(stored, options), 'fileNotFound');
  }

  rename(from: string, to: string): void {
    const source = this.checked(this.resolve(from));
    const target = this.checked(this.resolve(to));
    this.attempt(() => this.fs.rename(source, target), 'fileNotFound');
  }

  setAttributes(input: string, change: Partial<WindowsAttributes>): void {
    const path = this.resolve(input);
    const stored = this.checked(path);
    const stat = this.stat(path);
    if (stat === null) throw new DriveError('fileNotFound');
    this.attempt(() => this.fs.chmod(stored, modeWith(stat.mode, change)), 'accessDenied');
  }

  /** The stored path, after checking the drive exists and the name is legal. */
  private checked(path: string): string {
    if (driveOf(path) !== SYSTEM_DRIVE) throw new DriveError('driveNotFound');
    if (!isValidWindowsPath(path)) throw new DriveError('invalidName');
    return storePath(path);
  }

  private attempt<T>(action: () => T, fallback: Win32Error): T {
    try {
      return action();
    } catch (err) {
      throw new DriveError(win32ErrorFor(err, fallback));
    }
  }
}

function win32ErrorFor(err: unknown, fallback: Win32Error): Win32Error {
  if (err instanceof DriveError) return err.kind;
  switch (fsErrorCode(err)) {
    case 'ENOENT':
      return fallback;
    case 'ENOTDIR':
      return 'pathNotFound';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'EISDIR':
    case 'EEXIST':
      return 'accessDenied';
    case 'ENOTEMPTY':
      return 'notEmpty';
    case 'ENOSPC':
      return 'diskFull';
    case 'EINVAL':
      return 'invalidName';
    default:
      return fallback;
  }
}

/** NTFS's directory order: by upper-cased name. */
export function compareNames(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The message a DriveError (or anything a drive operation threw) prints. */
export function driveMessage(err: unknown): string {
  return err instanceof DriveError ? err.message : WIN32_MESSAGES.accessDenied;
}
