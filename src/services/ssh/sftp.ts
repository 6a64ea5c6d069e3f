/**
 * An SFTP server (draft-ietf-secsh-filexfer-02, version 3, as OpenSSH's sftp-server speaks it) over the
 * session's virtual filesystem. Status codes and texts follow sftp-server: errno to status as its
 * `errno_to_portable`, messages as its `status_to_message`, directory listings as its `ls_file`.
 *
 * Writes are not applied as they arrive: each write handle buffers its file (bounded by
 * SSH_LIMITS.maxUploadBytes) and CLOSE stores it with `receiveFile`, which puts it in the session's
 * filesystem and in quarantine. An upload cut off by a closed channel is stored as far as it got.
 */
import ssh2, { type Attributes, type FileEntry, type SFTPWrapper } from 'ssh2';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { type FileStat, type FileType, type ShellFs, ShellFsError } from '../shell/filesystem.js';
import { dirname, resolvePath } from '../shell/path.js';
import type { InteractiveSession } from './interactive.js';
import { SSH_LIMITS } from './limits.js';
import { sftpQueuedPackets } from './ssh2-quirks.js';

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;

/** SFTP packets ssh2 may hold for a client that stopped opening its window; past it the channel is closed. */
export const MAX_SFTP_QUEUED_PACKETS = 256;

/** sftp-server's `status_to_message`. */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  [STATUS_CODE.OK]: 'Success',
  [STATUS_CODE.EOF]: 'End of file',
  [STATUS_CODE.NO_SUCH_FILE]: 'No such file',
  [STATUS_CODE.PERMISSION_DENIED]: 'Permission denied',
  [STATUS_CODE.FAILURE]: 'Failure',
  [STATUS_CODE.BAD_MESSAGE]: 'Bad message',
  [STATUS_CODE.OP_UNSUPPORTED]: 'Operation unsupported',
};

/** sftp-server's `errno_to_portable`. */
export function statusOf(err: unknown): number {
  if (!(err instanceof ShellFsError)) return STATUS_CODE.FAILURE;
  switch (err.code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'ELOOP':
      return STATUS_CODE.NO_SUCH_FILE;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return STATUS_CODE.PERMISSION_DENIED;
    case 'EINVAL':
      return STATUS_CODE.BAD_MESSAGE;
    default:
      return STATUS_CODE.FAILURE;
  }
}

const TYPE_BITS: Readonly<Record<FileType, number>> = {
  file: 0o100000,
  dir: 0o040000,
  symlink: 0o120000,
  chardev: 0o020000,
};

export function attributesOf(stat: FileStat): Attributes {
  const seconds = Math.floor(stat.mtimeMs / 1000);
  return {
    mode: TYPE_BITS[stat.type] | (stat.mode & 0o7777),
    uid: stat.uid,
    gid: stat.gid,
    size: stat.size,
    atime: seconds,
    mtime: seconds,
  };
}

/** BSD `strmode` as sftp-server uses it: ten characters and the trailing space. */
export function modeString(type: FileType, mode: number): string {
  const kind = { file: '-', dir: 'd', symlink: 'l', chardev: 'c' }[type];
  const bit = (mask: number, c: string) => (mode & mask ? c : '-');
  const exec = (mask: number, special: number, on: string, off: string) =>
    mode & special ? (mode & mask ? on : off) : bit(mask, 'x');
  return (
    kind +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    exec(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    exec(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    exec(0o001, 0o1000, 't', 'T') +
    ' '
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** ls shows the time of day for files changed within the last six months, else the year. */
const RECENT_MS = (365.2425 / 2) * 24 * 3600 * 1000;

/** sftp-server's `ls_file`: `%s %3u %-8s %-8s %8llu %s %s`, dates as ls prints them (UTC). */
export function longName(name: string, stat: FileStat, owner: string, group: string, nowMs: number): string {
  const date = new Date(stat.mtimeMs);
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const recent = stat.mtimeMs > nowMs - RECENT_MS && stat.mtimeMs <= nowMs;
  const tail = recent
    ? `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`
    : ` ${date.getUTCFullYear()}`;
  const when = `${MONTHS[date.getUTCMonth()]} ${day} ${tail}`;
  return `${modeString(stat.type, stat.mode)} ${String(stat.nlink).padStart(3)} ${owner.padEnd(8)} ${group.padEnd(8)} ${String(stat.size).padStart(8)} ${when} ${name}`;
}

/** A file being written through a handle: its bytes, growing up to the upload bound. */
class UploadBuffer {
  private data: Buffer;
  length: number;

  constructor(initial: Buffer) {
    this.data = Buffer.from(initial);
    this.length = initial.length;
  }

  /** Writes at `offset` (a hole before it reads as zeros); false past the upload bound. */
  write(offset: number, chunk: Buffer): boolean {
    const end = offset + chunk.length;
    if (end > SSH_LIMITS.maxUploadBytes) return false;
    this.reserve(end);
    chunk.copy(this.data, offset);
    this.length = Math.max(this.length, end);
    return true;
  }

  truncate(size: number): boolean {
    if (size > SSH_LIMITS.maxUploadBytes) return false;
    this.reserve(size);
    if (size > this.length) this.data.fill(0, this.length, size);
    this.length = size;
    return true;
  }

  get content(): Buffer {
    return this.data.subarray(0, this.length);
  }

  private reserve(size: number): void {
    if (size <= this.data.length) {
      return;
    }
    const grown = Buffer.alloc(
      Math.min(SSH_LIMITS.maxUploadBytes, Math.max(size, this.data.length * 2, 64 * 1024)),
    );
    this.data.copy(grown, 0, 0, this.length);
    this.data = grown;
  }
}

interface FileHandle {
  kind: 'file';
  path: string;
  /** Read handles hold the content as of OPEN. */
  content: Buffer;
  upload: UploadBuffer | null;
  append: boolean;
  /** A write handle whose file changed (or was created or truncated): it is stored on CLOSE. */
  dirty: boolean;
  /** Mode and time set on the handle before CLOSE, applied once the file is stored. */
  mode: number | null;
  mtimeMs: number | null;
}

interface DirHandle {
  kind: 'dir';
  path: string;
  names: string[];
  next: number;
}

type Handle = FileHandle | DirHandle;

type Attrs = Partial<Attributes>;

/**
 * What every request handler returns: proof it answered (or closed the channel). The compiler then
 * checks that no path leaves a request without a reply, which would hang the client.
 */
interface Answered {
  readonly answered: true;
}
const ANSWERED: Answered = { answered: true };

export interface SftpOptions {
  clock: Clock;
  logger: Logger;
}

/** Serves one SFTP channel of an interactive session. */
export class SftpServer {
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;
  private readonly fs: ShellFs;
  private readonly home: string;
  private names: { users: Map<number, string>; groups: Map<number, string> } | null = null;
  private finished = false;

  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly session: InteractiveSession,
    private readonly options: SftpOptions,
  ) {
    this.fs = session.fs;
    this.home = session.user.home;
    const on = <A extends unknown[]>(event: string, handler: (reqId: number, ...args: A) => Answered) =>
      sftp.on(event, (reqId: number, ...args: A) => this.guard(reqId, () => handler(reqId, ...args)));
    on('OPEN', (id, filename: string, flags: number, attrs: Attrs) => this.open(id, filename, flags, attrs));
    on('READ', (id, handle: Buffer, offset: number, length: number) => this.read(id, handle, offset, length));
    on('WRITE', (id, handle: Buffer, offset: number, data: Buffer) => this.write(id, handle, offset, data));
    on('CLOSE', (id, handle: Buffer) => this.close(id, handle));
    on('FSTAT', (id, handle: Buffer) => this.fstat(id, handle));
    on('FSETSTAT', (id, handle: Buffer, attrs: Attrs) => this.fsetstat(id, handle, attrs));
    on('STAT', (id, path: string) => this.stat(id, path, true));
    on('LSTAT', (id, path: string) => this.stat(id, path, false));
    on('SETSTAT', (id, path: string, attrs: Attrs) => this.setstat(id, path, attrs));
    on('OPENDIR', (id, path: string) => this.opendir(id, path));
    on('READDIR', (id, handle: Buffer) => this.readdir(id, handle));
    on('REALPATH', (id, path: string) => this.realpath(id, path));
    on('MKDIR', (id, path: string, attrs: Attrs) => this.mkdir(id, path, attrs));
    on('RMDIR', (id, path: string) => this.rmdir(id, path));
    on('REMOVE', (id, path: string) => this.remove(id, path));
    on('RENAME', (id, from: string, to: string) => this.rename(id, from, to));
    on('READLINK', (id, path: string) => this.readlink(id, path));
    // ssh2 hands SYMLINK's paths over as (link, target) whichever order the client used: it undoes
    // OpenSSH's swapped order itself (its typings name them the other way round).
    on('SYMLINK', (id, link: string, target: string) => this.symlink(id, target, link));
    sftp.on('error', () => {});
  }

  /** The channel ended: uploads still open are stored as far as they got, as a real file would be. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const handle of this.handles.values()) {
      if (handle.kind === 'file' && handle.upload !== null && handle.dirty) this.store(handle);
    }
    this.handles.clear();
  }

  private guard(reqId: number, fn: () => Answered): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof ShellFsError)) {
        this.options.logger.error({ err }, 'sftp request handler failed; answered with a failure');
      }
      this.status(reqId, statusOf(err));
    }
  }

  private status(reqId: number, code: number): Answered {
    this.sftp.status(reqId, code, STATUS_TEXT[code] ?? 'Failure');
    return ANSWERED;
  }

  private answerHandle(reqId: number, handle: Buffer): Answered {
    this.sftp.handle(reqId, handle);
    return ANSWERED;
  }

  private answerData(reqId: number, data: Buffer): Answered {
    this.sftp.data(reqId, data);
    return ANSWERED;
  }

  private answerNames(reqId: number, names: FileEntry[]): Answered {
    this.sftp.name(reqId, names);
    return ANSWERED;
  }

  private answerAttributes(reqId: number, attrs: Attributes): Answered {
    this.sftp.attrs(reqId, attrs);
    return ANSWERED;
  }

  private path(given: string): string {
    return resolvePath(this.home, given);
  }

  private newHandle(handle: Handle): Buffer | null {
    if (this.handles.size >= SSH_LIMITS.maxSftpHandles) return null;
    const id = this.nextHandle++;
    this.handles.set(id, handle);
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(id >>> 0);
    return bytes;
  }

  private handle(bytes: Buffer): Handle | undefined {
    return bytes.length === 4 ? this.handles.get(bytes.readUInt32BE(0)) : undefined;
  }

  private open(reqId: number, filename: string, flags: number, attrs: Attrs): Answered {
    const path = this.path(filename);
    const existing = this.fs.stat(path);
    let handle: FileHandle;
    if (flags & OPEN_MODE.WRITE) {
      if (existing?.type === 'dir') return this.status(reqId, STATUS_CODE.FAILURE);
      if (existing !== null && flags & OPEN_MODE.CREAT && flags & OPEN_MODE.EXCL) {
        return this.status(reqId, STATUS_CODE.FAILURE);
      }
      if (existing === null && !(flags & OPEN_MODE.CREAT))
        return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
      if (this.fs.stat(dirname(path))?.type !== 'dir') return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
      const keep = existing !== null && !(flags & OPEN_MODE.TRUNC);
      const initial = keep ? this.fs.readFile(path) : Buffer.alloc(0);
      if (initial.length > SSH_LIMITS.maxUploadBytes) return this.status(reqId, STATUS_CODE.FAILURE);
      handle = {
        kind: 'file',
        path,
        content: Buffer.alloc(0),
        upload: new UploadBuffer(initial),
        append: (flags & OPEN_MODE.APPEND) !== 0,
        dirty: !keep,
        mode: existing === null && typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : null,
        mtimeMs: null,
      };
    } else {
      if (existing === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
      if (existing.type === 'dir') return this.status(reqId, STATUS_CODE.FAILURE);
      handle = {
        kind: 'file',
        path,
        content: this.fs.readFile(path),
        upload: null,
        append: false,
        dirty: false,
        mode: null,
        mtimeMs: null,
      };
    }
    const bytes = this.newHandle(handle);
    if (bytes === null) return this.status(reqId, STATUS_CODE.FAILURE);
    return this.answerHandle(reqId, bytes);
  }

  private read(reqId: number, bytes: Buffer, offset: number, length: number): Answered {
    const handle = this.handle(bytes);
    if (handle?.kind !== 'file') return this.status(reqId, STATUS_CODE.FAILURE);
    if (sftpQueuedPackets(this.sftp) > MAX_SFTP_QUEUED_PACKETS) {
      // The client asks for more while reading none of it (a real server would block): the channel
      // closes, and with it every request still unanswered.
      this.sftp.end();
      return ANSWERED;
    }
    const content = handle.upload?.content ?? handle.content;
    if (offset >= content.length) return this.status(reqId, STATUS_CODE.EOF);
    const end = Math.min(content.length, offset + Math.min(length, SSH_LIMITS.maxSftpReadBytes));
    return this.answerData(reqId, content.subarray(offset, end));
  }

  private write(reqId: number, bytes: Buffer, offset: number, data: Buffer): Answered {
    const handle = this.handle(bytes);
    if (handle?.kind !== 'file' || handle.upload === null) return this.status(reqId, STATUS_CODE.FAILURE);
    const at = handle.append ? handle.upload.length : offset;
    if (!handle.upload.write(at, data)) return this.status(reqId, STATUS_CODE.FAILURE);
    handle.dirty = true;
    return this.status(reqId, STATUS_CODE.OK);
  }

  private close(reqId: number, bytes: Buffer): Answered {
    const handle = this.handle(bytes);
    if (handle === undefined) return this.status(reqId, STATUS_CODE.FAILURE);
    this.handles.delete(bytes.readUInt32BE(0));
    if (handle.kind === 'file' && handle.upload !== null && handle.dirty) {
      return this.status(reqId, this.store(handle));
    }
    return this.status(reqId, STATUS_CODE.OK);
  }

  /** Stores a written file; the status its CLOSE answers with. */
  private store(handle: FileHandle): number {
    try {
      this.session.receiveFile(handle.path, Buffer.from((handle.upload as UploadBuffer).content), 'sftp');
    } catch (err) {
      return statusOf(err);
    }
    try {
      if (handle.mode !== null) this.fs.chmod(handle.path, handle.mode);
      if (handle.mtimeMs !== null) this.fs.utimes(handle.path, handle.mtimeMs);
    } catch {}
    return STATUS_CODE.OK;
  }

  private fstat(reqId: number, bytes: Buffer): Answered {
    const handle = this.handle(bytes);
    if (handle === undefined) return this.status(reqId, STATUS_CODE.FAILURE);
    const stat = this.fs.stat(handle.path);
    if (handle.kind === 'file' && handle.upload !== null) {
      const base: FileStat = stat ?? {
        type: 'file',
        mode: handle.mode ?? 0o644,
        uid: this.session.user.uid,
        gid: this.session.user.gid,
        size: 0,
        mtimeMs: this.options.clock.now(),
        nlink: 1,
        ino: 0,
      };
      return this.answerAttributes(reqId, attributesOf({ ...base, size: handle.upload.length }));
    }
    if (stat === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    return this.answerAttributes(reqId, attributesOf(stat));
  }

  private fsetstat(reqId: number, bytes: Buffer, attrs: Attrs): Answered {
    const handle = this.handle(bytes);
    if (handle === undefined) return this.status(reqId, STATUS_CODE.FAILURE);
    if (handle.kind === 'file' && handle.upload !== null) {
      if (typeof attrs.size === 'number') {
        if (!handle.upload.truncate(attrs.size)) return this.status(reqId, STATUS_CODE.FAILURE);
        handle.dirty = true;
      }
      if (typeof attrs.mode === 'number') handle.mode = attrs.mode & 0o7777;
      if (typeof attrs.mtime === 'number') handle.mtimeMs = attrs.mtime * 1000;
      return this.status(reqId, STATUS_CODE.OK);
    }
    this.applyAttributes(handle.path, attrs);
    return this.status(reqId, STATUS_CODE.OK);
  }

  private stat(reqId: number, given: string, follow: boolean): Answered {
    const path = this.path(given);
    const stat = follow ? this.fs.stat(path) : this.fs.lstat(path);
    if (stat === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    return this.answerAttributes(reqId, attributesOf(stat));
  }

  private setstat(reqId: number, given: string, attrs: Attrs): Answered {
    const path = this.path(given);
    if (this.fs.stat(path) === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    this.applyAttributes(path, attrs);
    return this.status(reqId, STATUS_CODE.OK);
  }

  /** SETSTAT's fields in sftp-server's order: size, mode, owner, times. Throws ShellFsError. */
  private applyAttributes(path: string, attrs: Attrs): void {
    if (typeof attrs.size === 'number') {
      if (attrs.size > SSH_LIMITS.maxUploadBytes) throw new ShellFsError('ENOSPC', path);
      const content = this.fs.readFile(path);
      const resized = Buffer.alloc(attrs.size);
      content.copy(resized, 0, 0, Math.min(content.length, attrs.size));
      this.fs.writeFile(path, resized);
    }
    if (typeof attrs.mode === 'number') this.fs.chmod(path, attrs.mode & 0o7777);
    if (typeof attrs.uid === 'number' && typeof attrs.gid === 'number')
      this.fs.chown(path, attrs.uid, attrs.gid);
    if (typeof attrs.mtime === 'number') this.fs.utimes(path, attrs.mtime * 1000);
  }

  private opendir(reqId: number, given: string): Answered {
    const path = this.path(given);
    const stat = this.fs.stat(path);
    if (stat === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    if (stat.type !== 'dir') return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    const names = ['.', '..', ...this.fs.readdir(path)];
    const bytes = this.newHandle({ kind: 'dir', path, names, next: 0 });
    if (bytes === null) return this.status(reqId, STATUS_CODE.FAILURE);
    return this.answerHandle(reqId, bytes);
  }

  private readdir(reqId: number, bytes: Buffer): Answered {
    const handle = this.handle(bytes);
    if (handle?.kind !== 'dir') return this.status(reqId, STATUS_CODE.FAILURE);
    const entries: FileEntry[] = [];
    const now = this.options.clock.now();
    while (handle.next < handle.names.length && entries.length < SSH_LIMITS.sftpReaddirBatch) {
      const name = handle.names[handle.next++] as string;
      const full =
        name === '.' ? handle.path : name === '..' ? dirname(handle.path) : resolvePath(handle.path, name);
      const stat = this.fs.lstat(full);
      if (stat === null) continue;
      entries.push({
        filename: name,
        longname: longName(name, stat, this.userName(stat.uid), this.groupName(stat.gid), now),
        attrs: attributesOf(stat),
      });
    }
    if (entries.length === 0) return this.status(reqId, STATUS_CODE.EOF);
    return this.answerNames(reqId, entries);
  }

  private realpath(reqId: number, given: string): Answered {
    const path = this.path(given === '' ? '.' : given);
    const real = this.fs.realpath(path);
    return this.answerNames(reqId, [{ filename: real, longname: real, attrs: {} as Attributes }]);
  }

  private mkdir(reqId: number, given: string, attrs: Attrs): Answered {
    const path = this.path(given);
    if (this.fs.lstat(path) !== null) return this.status(reqId, STATUS_CODE.FAILURE);
    this.fs.mkdir(path, { mode: typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : 0o755 });
    return this.status(reqId, STATUS_CODE.OK);
  }

  private rmdir(reqId: number, given: string): Answered {
    const path = this.path(given);
    const stat = this.fs.lstat(path);
    if (stat === null || stat.type !== 'dir') return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    if (this.fs.readdir(path).length > 0) return this.status(reqId, STATUS_CODE.FAILURE);
    this.fs.remove(path);
    return this.status(reqId, STATUS_CODE.OK);
  }

  private remove(reqId: number, given: string): Answered {
    const path = this.path(given);
    const stat = this.fs.lstat(path);
    if (stat === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    if (stat.type === 'dir') return this.status(reqId, STATUS_CODE.FAILURE);
    this.fs.remove(path);
    return this.status(reqId, STATUS_CODE.OK);
  }

  /** SFTP v3 rename never replaces (sftp-server links then unlinks): an existing target is a failure. */
  private rename(reqId: number, fromGiven: string, toGiven: string): Answered {
    const from = this.path(fromGiven);
    const to = this.path(toGiven);
    if (this.fs.lstat(from) === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    if (this.fs.lstat(to) !== null) return this.status(reqId, STATUS_CODE.FAILURE);
    this.fs.rename(from, to);
    return this.status(reqId, STATUS_CODE.OK);
  }

  private readlink(reqId: number, given: string): Answered {
    const stat = this.fs.lstat(this.path(given));
    if (stat === null) return this.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    if (stat.type !== 'symlink' || stat.target === undefined) return this.status(reqId, STATUS_CODE.FAILURE);
    return this.answerNames(reqId, [
      { filename: stat.target, longname: stat.target, attrs: {} as Attributes },
    ]);
  }

  private symlink(reqId: number, target: string, link: string): Answered {
    const path = this.path(link);
    if (this.fs.lstat(path) !== null) return this.status(reqId, STATUS_CODE.FAILURE);
    this.fs.symlink(target, path);
    return this.status(reqId, STATUS_CODE.OK);
  }

  private userName(uid: number): string {
    return this.accountNames().users.get(uid) ?? String(uid);
  }

  private groupName(gid: number): string {
    return this.accountNames().groups.get(gid) ?? String(gid);
  }

  /** Names for ids, from the session's own /etc/passwd and /etc/group, as sftp-server's getpwuid does. */
  private accountNames(): { users: Map<number, string>; groups: Map<number, string> } {
    if (this.names === null) {
      this.names = { users: this.readIdFile('/etc/passwd'), groups: this.readIdFile('/etc/group') };
      if (!this.names.users.has(this.session.user.uid))
        this.names.users.set(this.session.user.uid, this.session.user.name);
    }
    return this.names;
  }

  private readIdFile(path: string): Map<number, string> {
    const out = new Map<number, string>();
    let text: string;
    try {
      text = this.fs
        .readFile(path)
        .subarray(0, 1024 * 1024)
        .toString('utf8');
    } catch {
      return out;
    }
    for (const line of text.split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id !== undefined && /^\d+$/.test(id) && !out.has(Number(id))) out.set(Number(id), name);
    }
    return out;
  }
}
