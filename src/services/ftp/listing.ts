/**
 * Directory listings as the persona's server writes them: `ls -l` lines (vsftpd, ProFTPD, Pure-FTPd),
 * IIS's MS-DOS style, NLST's bare names and MLSD facts (RFC 3659 §7). Every line ends in CRLF.
 */
import type { DirectoryEntry } from './filesystem.js';
import type { FtpEntry } from './tree.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** ls(1) shows the time for files modified in the last six months, else the year. */
const RECENT_MS = 182 * 86_400_000;

export interface UnixListingStyle {
  /** Owner and group columns (vsftpd prints numeric ids, ProFTPD names). */
  owner: string;
  group: string;
  /** Width of the owner and group columns. */
  idWidth: number;
  /** Width of the size column. */
  sizeWidth: number;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `Oct 04 12:34` or `Oct 04  2024`, as ls -l (vsftpd zero-pads the day). */
function lsDate(mtimeMs: number, now: number): string {
  const d = new Date(mtimeMs);
  const head = `${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())}`;
  if (Math.abs(now - mtimeMs) < RECENT_MS)
    return `${head} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return `${head}  ${d.getUTCFullYear()}`;
}

function sizeOf(entry: FtpEntry): number {
  return entry.kind === 'dir' ? 4096 : entry.size;
}

export function unixLine(item: DirectoryEntry, style: UnixListingStyle, now: number): string {
  const mode = item.entry.kind === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--';
  const links = item.entry.kind === 'dir' ? 2 : 1;
  return (
    `${mode} ${String(links).padStart(4)} ${style.owner.padEnd(style.idWidth)} ${style.group.padEnd(style.idWidth)} ` +
    `${String(sizeOf(item.entry)).padStart(style.sizeWidth)} ${lsDate(item.entry.mtimeMs, now)} ${item.name}\r\n`
  );
}

/** IIS: `10-04-24  12:34PM       <DIR>          pub` and `10-04-24  12:34PM                  123 a.txt`. */
export function dosLine(item: DirectoryEntry): string {
  const d = new Date(item.entry.mtimeMs);
  const hours = d.getUTCHours();
  const date =
    `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}-${pad2(d.getUTCFullYear() % 100)}  ` +
    `${pad2(hours % 12 === 0 ? 12 : hours % 12)}:${pad2(d.getUTCMinutes())}${hours < 12 ? 'AM' : 'PM'}`;
  const middle =
    item.entry.kind === 'dir' ? '       <DIR>          ' : `${String(item.entry.size).padStart(21)} `;
  return `${date}${middle}${item.name}\r\n`;
}

/** `20241004123456`: the MDTM reply and MLSD modify fact (RFC 3659 §2.3), UTC. */
export function factTime(mtimeMs: number): string {
  const d = new Date(mtimeMs);
  return (
    `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}` +
    `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`
  );
}

export function mlsdLine(item: DirectoryEntry): string {
  const facts =
    item.entry.kind === 'dir'
      ? `type=dir;modify=${factTime(item.entry.mtimeMs)};perm=flcdmpe;`
      : `type=file;size=${item.entry.size};modify=${factTime(item.entry.mtimeMs)};perm=adfrw;`;
  return `${facts} ${item.name}\r\n`;
}

export function nlstLine(item: DirectoryEntry): string {
  return `${item.name}\r\n`;
}
