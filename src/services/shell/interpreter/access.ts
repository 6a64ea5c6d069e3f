/** Unix permission checks (credentials(7), path_resolution(7)) for what the shell itself opens or runs. */
import type { ShellUser } from '../command.js';
import type { FileStat } from '../filesystem.js';

const BITS = { r: 4, w: 2, x: 1 } as const;

export function permits(stat: FileStat, user: ShellUser, want: keyof typeof BITS): boolean {
  const bit = BITS[want];
  // Root reads and writes anything; it executes a file only when some execute bit is set.
  if (user.uid === 0) return want !== 'x' || stat.type === 'dir' || (stat.mode & 0o111) !== 0;
  let shift = 0;
  if (stat.uid === user.uid) shift = 6;
  else if (stat.gid === user.gid || user.groups.some((g) => g.gid === stat.gid)) shift = 3;
  return ((stat.mode >> shift) & bit) !== 0;
}
