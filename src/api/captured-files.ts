/**
 * Reading what attackers left on deckies: captured files (`<capturesDir>/<decky>/<stored_as>`, see
 * services/interactive/quarantine.ts) and session recordings (`<recordingsDir>/<decky>/<sid>.cast`, see
 * services/interactive/recording.ts). Names come from URLs, so they are checked against the shapes the
 * services generate, the resolved path must stay inside the directory, and only regular files are
 * opened. Nothing here runs or renders a file.
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { z } from 'zod';
import { DECKY_NAME_PATTERN } from '../config/deploy-file.js';
import { DECKY_NAME_MAX_LENGTH } from '../config/limits.js';
import { RECORDING_LIMITS } from '../services/interactive/recording.js';
import { type AsciicastPage, AsciicastPager } from './asciicast.js';

export const CAPTURED_FILE_LIMITS = {
  /** Largest file served: the quarantine's own cap (50 MiB, spec §3.1) with room for imported files. */
  maxDownloadBytes: 64 * 1024 * 1024,
  /** Bytes of a recording read for one page: the recorder's 10 MiB cap (spec §3.1) plus its header. */
  maxRecordingBytesRead: RECORDING_LIMITS.maxBytes + 64 * 1024,
  /** Bytes read from a recording at a time. */
  readChunkBytes: 256 * 1024,
  /** Longest stored name: a file name on every file system we run on. */
  maxStoredNameLength: 255,
} as const;

/**
 * A decky name as the deploy file allows it (config/deploy-file.ts DECKY_NAME_PATTERN): no dot, so no
 * `.` or `..`.
 */
export const DeckyName = z
  .string()
  .max(DECKY_NAME_MAX_LENGTH)
  .regex(DECKY_NAME_PATTERN, 'expected a decky name: letters, digits, _ and -');

/** A single path component that starts with a letter or digit and never contains `..`. */
function fileComponent(allowed: RegExp, max: number, what: string) {
  return z
    .string()
    .max(max)
    .regex(allowed, `expected ${what}`)
    .refine((s) => !s.includes('..'), `expected ${what}, without ".."`);
}

/**
 * A quarantine name, `<ISO time>_<sha12>_<name>` with the name reduced to `[A-Za-z0-9._-]`
 * (quarantine.ts safeName); `:` is allowed for the reference's ISO times.
 */
export const StoredName = fileComponent(
  /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
  CAPTURED_FILE_LIMITS.maxStoredNameLength,
  'a stored file name: letters, digits, ".", "_", ":" and "-", starting with a letter or digit',
);

/** A session id as events carry it (events/fields.ts sessionId), starting with a letter or digit. */
export const SessionFileId = fileComponent(
  /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
  64,
  'a session id: 1 to 64 letters, digits, ".", "_", ":" and "-", starting with a letter or digit',
);

/** The file name a download is offered under: the stored name with anything outside `[A-Za-z0-9._-]` as `_`. */
export function downloadName(storedAs: string): string {
  return storedAs.replace(/[^A-Za-z0-9._-]/g, '_');
}

export interface OpenedFile {
  handle: FileHandle;
  stats: Stats;
}

/**
 * Opens `<root>/<decky>/<name>` for reading when it is a regular file whose real path lies inside
 * `root`; null otherwise (absent, a directory, a FIFO, or a symlink leading out). The caller closes it.
 */
export async function openInside(root: string, decky: string, name: string): Promise<OpenedFile | null> {
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(root, decky, name));
  } catch {
    return null;
  }
  if (!real.startsWith(realRoot + sep)) return null;
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: the path was resolved above, so a symlink here was swapped in since; O_NONBLOCK: a
    // FIFO planted in the directory does not hang the request.
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  const stats = await handle.stat().catch(() => null);
  if (!stats?.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, stats };
}

/** Whether `<root>/<decky>/<name>` is a regular file inside `root` (what {@link openInside} would open). */
export async function fileInside(root: string, decky: string, name: string): Promise<boolean> {
  const opened = await openInside(root, decky, name);
  await opened?.handle.close();
  return opened !== null;
}

export interface RecordingPage extends AsciicastPage {
  /** Whether reading stopped at the byte cap before the end of the file. */
  truncated: boolean;
}

/** A page of events of an open recording, reading at most the byte cap. */
export async function readRecordingPage(
  handle: FileHandle,
  offset: number,
  limit: number,
  maxBytes: number = CAPTURED_FILE_LIMITS.maxRecordingBytesRead,
): Promise<RecordingPage> {
  const pager = new AsciicastPager(offset, limit);
  let read = 0;
  while (read < maxBytes) {
    // A fresh buffer per read: the pager keeps slices of what it is given.
    const buffer = Buffer.allocUnsafe(Math.min(CAPTURED_FILE_LIMITS.readChunkBytes, maxBytes - read));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, read);
    if (bytesRead === 0) return { ...pager.finish(true), truncated: false };
    pager.push(buffer.subarray(0, bytesRead));
    read += bytesRead;
  }
  // At the cap: the file may end exactly here.
  const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, read);
  return bytesRead === 0
    ? { ...pager.finish(true), truncated: false }
    : { ...pager.finish(false), truncated: true };
}
