/**
 * Windows path arithmetic for the cmd.exe emulation. A Windows decky's files live in the ordinary
 * session filesystem (copy-on-write, bounded, captured on write) under one directory per drive:
 * `C:\Users\Administrator` is stored at `/C:/Users/Administrator`, which is also how Windows OpenSSH's
 * sftp-server names it, so SFTP and scp on a Windows decky show the paths a real one shows.
 * Windows paths are case-insensitive and case-preserving: lookups walk the stored names ignoring case.
 */
import type { ShellFs } from '../filesystem.js';

/** MAX_PATH (minwindef.h): longer paths are refused the way cmd refuses them. */
export const MAX_WINDOWS_PATH = 260;

/** A path given by the user, made absolute against the current directory: `C:\A\B` (no trailing `\`). */
export function absoluteWindowsPath(cwd: string, input: string): string {
  let path = input.replace(/\//g, '\\').replace(/"/g, '');
  // `\\?\C:\x` is the same file as `C:\x`.
  if (path.startsWith('\\\\?\\')) path = path.slice(4);
  const cwdDrive = driveOf(cwd);
  let drive: string;
  let rest: string;
  const lettered = /^([A-Za-z]):(.*)$/.exec(path);
  if (lettered) {
    drive = (lettered[1] as string).toUpperCase();
    rest = lettered[2] as string;
    // `D:foo` is relative to D:'s current directory; only the session's own drive has one here.
    if (!rest.startsWith('\\')) rest = drive === cwdDrive ? `${cwdTail(cwd)}\\${rest}` : `\\${rest}`;
  } else if (path.startsWith('\\')) {
    drive = cwdDrive;
    rest = path;
  } else {
    drive = cwdDrive;
    rest = `${cwdTail(cwd)}\\${path}`;
  }
  const parts: string[] = [];
  for (const raw of rest.split('\\')) {
    // Win32 strips trailing dots and spaces from each component (`dir foo.` is `dir foo`).
    const segment = raw === '.' || raw === '..' ? raw : raw.replace(/[. ]+$/, '');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.length === 0 ? `${drive}:\\` : `${drive}:\\${parts.join('\\')}`;
}

/** The drive letter of an absolute path (`C`). */
export function driveOf(path: string): string {
  return /^([A-Za-z]):/.exec(path)?.[1]?.toUpperCase() ?? 'C';
}

/** `C:\A\B` → `\A\B`; `C:\` → ``. */
function cwdTail(cwd: string): string {
  return cwd.slice(2).replace(/\\+$/, '');
}

/** Where an absolute Windows path is stored in the session filesystem. */
export function storePath(windowsPath: string): string {
  const drive = driveOf(windowsPath);
  const rest = windowsPath
    .slice(2)
    .split('\\')
    .filter((p) => p !== '');
  return rest.length === 0 ? `/${drive}:` : `/${drive}:/${rest.join('/')}`;
}

/** The Windows path of a stored path (`/C:/Users` → `C:\Users`); other paths map onto C:. */
export function windowsPathOf(stored: string): string {
  const m = /^\/([A-Za-z]):(\/.*)?$/.exec(stored);
  if (!m) return `C:${stored.replace(/\//g, '\\')}`;
  const rest = (m[2] ?? '').replace(/\//g, '\\');
  return `${(m[1] as string).toUpperCase()}:${rest === '' ? '\\' : rest}`;
}

/** The parent directory of an absolute Windows path (the root's parent is the root). */
export function parentOf(windowsPath: string): string {
  const i = windowsPath.lastIndexOf('\\');
  if (i <= 2) return windowsPath.slice(0, 3);
  return windowsPath.slice(0, i);
}

/** The last component (`C:\` for a root). */
export function leafOf(windowsPath: string): string {
  const i = windowsPath.lastIndexOf('\\');
  if (i === windowsPath.length - 1) return windowsPath;
  return windowsPath.slice(i + 1);
}

/** Names a component may not hold (Win32 naming rules, "Naming Files, Paths, and Namespaces"). */
const INVALID_NAME = /[<>:"|?*\x00-\x1f]/;

/** Whether every component after the drive is a legal Win32 file name. */
export function isValidWindowsPath(windowsPath: string): boolean {
  if (windowsPath.length > MAX_WINDOWS_PATH) return false;
  return windowsPath
    .slice(3)
    .split('\\')
    .every((part) => part === '' || !INVALID_NAME.test(part));
}

/**
 * The path with each existing component spelled as stored (`c:\windows\SYSTEM32` → `C:\Windows\System32`),
 * components that do not exist kept as typed. Never throws.
 */
export function canonicalCase(fs: ShellFs, windowsPath: string): string {
  const drive = driveOf(windowsPath);
  const parts = windowsPath
    .slice(2)
    .split('\\')
    .filter((p) => p !== '');
  let stored = `/${drive}:`;
  const out: string[] = [];
  let exists = true;
  for (const part of parts) {
    let name = part;
    if (exists) {
      const match = findEntry(fs, stored, part);
      if (match === null) exists = false;
      else name = match;
    }
    out.push(name);
    stored = `${stored}/${name}`;
  }
  return out.length === 0 ? `${drive}:\\` : `${drive}:\\${out.join('\\')}`;
}

/** The stored name of `name` in a directory, ignoring case; null when absent or not a directory. */
export function findEntry(fs: ShellFs, storedDir: string, name: string): string | null {
  let entries: string[];
  try {
    entries = fs.readdir(storedDir);
  } catch {
    return null;
  }
  if (entries.includes(name)) return name;
  const lower = name.toLowerCase();
  return entries.find((entry) => entry.toLowerCase() === lower) ?? null;
}

/**
 * `*` and `?` wildcards as cmd matches them against a name (case-insensitive; `*.*` matches every name,
 * `*.` names without an extension). A table walk, so a hostile pattern costs name × pattern steps.
 */
export function wildcardMatches(pattern: string, name: string): boolean {
  if (pattern === '*' || pattern === '*.*') return true;
  const p = pattern.toLowerCase();
  const n = name.toLowerCase();
  if (p.endsWith('*.')) return !n.includes('.') && wildcardMatches(p.slice(0, -1), n);
  // reach[j]: the pattern so far matches the first j characters of the name.
  let reach = new Array<boolean>(n.length + 1).fill(false);
  reach[0] = true;
  for (const ch of p) {
    const next = new Array<boolean>(n.length + 1).fill(false);
    if (ch === '*') {
      let any = false;
      for (let j = 0; j <= n.length; j++) {
        any = any || (reach[j] as boolean);
        next[j] = any;
      }
    } else {
      for (let j = 0; j <= n.length; j++) {
        if (!reach[j]) continue;
        // `?` also matches nothing at the end of a name (FindFirstFile's DOS semantics).
        if (ch === '?' && j === n.length) next[j] = true;
        if (j < n.length && (ch === '?' || n[j] === ch)) next[j + 1] = true;
      }
    }
    reach = next;
  }
  return reach[n.length] as boolean;
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
