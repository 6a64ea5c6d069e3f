/**
 * The legacy scp protocol (what `scp -O`, and every scp before OpenSSH 9.0, speaks over `exec scp -t`
 * and `exec scp -f`), played against the session's virtual filesystem. There is no RFC; the protocol is
 * OpenSSH's scp.c `sink()` and `source()`: control records `C<mode> <size> <name>`, `D…`, `E`, `T…`,
 * each answered with a 0 byte, or 1 (warning) / 2 (fatal) followed by a message line.
 *
 * Sink (upload): every received file goes to `receiveFile` (filesystem and quarantine). Source
 * (download): files are read from the session's filesystem. Bounded in line length, file size, depth
 * and entries (SSH_LIMITS).
 */
import { FS_ERROR_TEXT, type ShellFs, ShellFsError } from '../shell/filesystem.js';
import { basename, resolvePath } from '../shell/path.js';
import type { InteractiveSession } from './interactive.js';
import { SSH_LIMITS } from './limits.js';
import { LineTooLongError, type StreamReader } from './stream-reader.js';

export interface ScpCommand {
  direction: 'sink' | 'source';
  recursive: boolean;
  preserve: boolean;
  /** `-d`: the target must be a directory. */
  targetIsDirectory: boolean;
  paths: string[];
}

/** Splits a command line as sh would for plain words and quotes; null if it uses anything else. */
export function splitWords(line: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return null;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1] as string)) j++;
        else if ('$`'.includes(line[j] as string)) return null;
        word += line[j];
      }
      if (j >= line.length) return null;
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return null;
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (';&|<>()$`*?[]{}\n'.includes(c)) {
      // Anything the shell would interpret (besides a leading ~, see remotePath) goes to the shell.
      return null;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `scp [-v] [-r] [-p] [-d] -t|-f [--] path…` as OpenSSH's scp runs it remotely; null for anything else. */
export function parseScpCommand(line: string): ScpCommand | null {
  const words = splitWords(line.trim());
  if (words === null || words.length < 2) return null;
  if (words[0] !== 'scp' && !words[0]?.endsWith('/scp')) return null;
  const flags = new Set<string>();
  let i = 1;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    for (const flag of word.slice(1)) {
      if (!'vrpdtfT'.includes(flag)) return null;
      flags.add(flag);
    }
  }
  const paths = words.slice(i);
  if (flags.has('t') === flags.has('f')) return null;
  const direction = flags.has('t') ? 'sink' : 'source';
  if (paths.length === 0 || (direction === 'sink' && paths.length !== 1)) return null;
  return {
    direction,
    recursive: flags.has('r'),
    preserve: flags.has('p'),
    targetIsDirectory: flags.has('d'),
    paths,
  };
}

/** A path as the remote shell hands it to scp: `~` is the home directory, relative paths are from it. */
export function remotePath(home: string, path: string): string {
  if (path === '' || path === '~') return home;
  if (path.startsWith('~/')) return resolvePath(home, path.slice(2));
  return resolvePath(home, path);
}

export interface ScpIo {
  reader: StreamReader;
  write(data: Buffer | string): void;
}

const OK = Buffer.from([0]);

class ScpFatal extends Error {}

/** scp's `run_err`: a warning record the client prints, and the transfer goes on. */
function warning(io: ScpIo, text: string): void {
  io.write(Buffer.concat([Buffer.from([1]), Buffer.from(`scp: ${text}\n`, 'utf8')]));
}

function sendFatal(io: ScpIo, text: string): void {
  io.write(Buffer.concat([Buffer.from([2]), Buffer.from(`scp: ${text}\n`, 'utf8')]));
}

/** Tells the client the transfer cannot go on, and ends it. */
function fatal(io: ScpIo, text: string): never {
  sendFatal(io, text);
  throw new ScpFatal(text);
}

function fsErrorText(err: unknown): string {
  return err instanceof ShellFsError ? FS_ERROR_TEXT[err.code] : 'Failure';
}

const FILE_RECORD = /^([CD])([0-7]{4}) (\d{1,20}) (.+)$/;
const TIME_RECORD = /^T(\d{1,20}) (\d{1,9}) (\d{1,20}) (\d{1,9})$/;

/** A received name must be a single path component (scp.c rejects others as "unexpected filename"). */
function isPlainName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/');
}

/** Runs `scp -t` (receiving uploads); resolves with scp's exit status. */
export async function runScpSink(
  io: ScpIo,
  command: ScpCommand,
  session: InteractiveSession,
): Promise<number> {
  const target = remotePath(session.user.home, command.paths[0] as string);
  const state = { errors: 0, entries: 0 };
  try {
    if (command.targetIsDirectory && session.fs.stat(target)?.type !== 'dir') {
      fatal(io, `${target}: Not a directory`);
    }
    io.write(OK);
    await sinkInto(io, command, session, target, 0, state);
  } catch (err) {
    if (err instanceof LineTooLongError) sendFatal(io, 'protocol error: control record too long');
    else if (!(err instanceof ScpFatal)) throw err;
    return 1;
  }
  return state.errors > 0 ? 1 : 0;
}

async function sinkInto(
  io: ScpIo,
  command: ScpCommand,
  session: InteractiveSession,
  target: string,
  depth: number,
  state: { errors: number; entries: number },
): Promise<void> {
  let times: { mtimeMs: number } | null = null;
  for (;;) {
    const raw = await io.reader.readLine(SSH_LIMITS.maxScpLineBytes);
    if (raw === null) return;
    const line = raw.toString('utf8');
    const kind = line[0];
    if (kind === '\x01' || kind === '\x02') {
      if (kind === '\x02') throw new ScpFatal(line.slice(1));
      continue;
    }
    if (kind === 'E') {
      io.write(OK);
      return;
    }
    if (kind === 'T') {
      const m = TIME_RECORD.exec(line);
      if (!m) fatal(io, 'protocol error: mtime.sec not delimited');
      times = { mtimeMs: Number(m[1]) * 1000 };
      io.write(OK);
      continue;
    }
    const m = FILE_RECORD.exec(line);
    if (!m) fatal(io, 'protocol error: expected control record');
    const [, type, modeText, sizeText, name] = m as unknown as [string, 'C' | 'D', string, string, string];
    if (!isPlainName(name)) fatal(io, `error: unexpected filename: ${name}`);
    if (++state.entries > SSH_LIMITS.maxScpEntries) fatal(io, 'error: too many files');
    const isDirTarget = session.fs.stat(target)?.type === 'dir';
    const path = isDirTarget ? resolvePath(target, name) : target;
    const mode = Number.parseInt(modeText, 8);
    if (type === 'D') {
      if (!command.recursive) fatal(io, 'error: received directory without -r');
      if (depth + 1 > SSH_LIMITS.maxScpDepth) fatal(io, `${path}: Too many levels of directories`);
      try {
        if (session.fs.stat(path)?.type !== 'dir') session.fs.mkdir(path, { mode: mode & 0o7777 });
      } catch (err) {
        fatal(io, `${path}: ${fsErrorText(err)}`);
      }
      io.write(OK);
      await sinkInto(io, command, session, path, depth + 1, state);
      times = null;
      continue;
    }
    const size = Number(sizeText);
    if (size > SSH_LIMITS.maxUploadBytes) fatal(io, `${path}: ${FS_ERROR_TEXT.ENOSPC}`);
    io.write(OK);
    const content = await io.reader.readExactly(size);
    if (content === null) return;
    // The sender ends the data with its own 0 byte (or an error record it already printed).
    const status = await io.reader.readByte();
    if (status === null) return;
    if (status !== 0) {
      await io.reader.readLine(SSH_LIMITS.maxScpLineBytes);
      continue;
    }
    const failure = storeFile(session, path, content, mode, command.preserve ? times : null);
    if (failure === null) io.write(OK);
    else {
      state.errors++;
      warning(io, `${path}: ${failure}`);
    }
    times = null;
  }
}

/** Stores a received file; null when stored, else the error text scp prints. */
function storeFile(
  session: InteractiveSession,
  path: string,
  content: Buffer,
  mode: number,
  times: { mtimeMs: number } | null,
): string | null {
  try {
    session.receiveFile(path, content, 'scp');
  } catch (err) {
    return fsErrorText(err);
  }
  // The file exists now; its mode and time are best effort, as scp's own fchmod and utimes are.
  try {
    session.fs.chmod(path, times === null ? mode & 0o777 & ~0o022 : mode & 0o7777);
    if (times !== null) session.fs.utimes(path, times.mtimeMs);
  } catch {}
  return null;
}

/** Runs `scp -f` (serving downloads); resolves with scp's exit status. */
export async function runScpSource(
  io: ScpIo,
  command: ScpCommand,
  session: InteractiveSession,
): Promise<number> {
  const state = { errors: 0, entries: 0 };
  try {
    if (!(await acknowledged(io))) return 1;
    for (const given of command.paths) {
      await sendPath(io, command, session.fs, remotePath(session.user.home, given), 0, state);
    }
  } catch (err) {
    if (err instanceof ScpFatal || err instanceof LineTooLongError) return 1;
    throw err;
  }
  return state.errors > 0 ? 1 : 0;
}

/** The receiver's answer: true on 0; false on a warning (already printed by it); fatal or EOF ends. */
async function acknowledged(io: ScpIo): Promise<boolean> {
  const byte = await io.reader.readByte();
  if (byte === 0) return true;
  if (byte === 1 || byte === 2) {
    await io.reader.readLine(SSH_LIMITS.maxScpLineBytes);
    if (byte === 1) return false;
  }
  throw new ScpFatal('receiver ended the transfer');
}

async function sendPath(
  io: ScpIo,
  command: ScpCommand,
  fs: ShellFs,
  path: string,
  depth: number,
  state: { errors: number; entries: number },
): Promise<void> {
  if (++state.entries > SSH_LIMITS.maxScpEntries) fatal(io, 'error: too many files');
  const stat = fs.stat(path);
  if (stat === null) {
    state.errors++;
    warning(io, `${path}: ${FS_ERROR_TEXT.ENOENT}`);
    return;
  }
  const name = basename(path);
  const mtime = Math.floor(stat.mtimeMs / 1000);
  if (stat.type === 'dir') {
    if (!command.recursive) {
      state.errors++;
      warning(io, `${path}: not a regular file`);
      return;
    }
    if (depth + 1 > SSH_LIMITS.maxScpDepth) fatal(io, `${path}: Too many levels of directories`);
    let entries: string[];
    try {
      entries = fs.readdir(path);
    } catch (err) {
      state.errors++;
      warning(io, `${path}: ${fsErrorText(err)}`);
      return;
    }
    if (command.preserve) {
      io.write(`T${mtime} 0 ${mtime} 0\n`);
      if (!(await acknowledged(io))) return;
    }
    io.write(`D${octal(stat.mode)} 0 ${name}\n`);
    if (!(await acknowledged(io))) return;
    for (const entry of entries) await sendPath(io, command, fs, resolvePath(path, entry), depth + 1, state);
    io.write('E\n');
    await acknowledged(io);
    return;
  }
  if (stat.type !== 'file') {
    state.errors++;
    warning(io, `${path}: not a regular file`);
    return;
  }
  let content: Buffer;
  try {
    content = fs.readFile(path);
  } catch (err) {
    state.errors++;
    warning(io, `${path}: ${fsErrorText(err)}`);
    return;
  }
  if (command.preserve) {
    io.write(`T${mtime} 0 ${mtime} 0\n`);
    if (!(await acknowledged(io))) return;
  }
  io.write(`C${octal(stat.mode)} ${content.length} ${name}\n`);
  if (!(await acknowledged(io))) return;
  io.write(content);
  io.write(OK);
  await acknowledged(io);
}

/** scp's `%04o` of the permission bits. */
function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}
