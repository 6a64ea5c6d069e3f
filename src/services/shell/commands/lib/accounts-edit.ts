/** Edits of the session's account files shared by passwd, chpasswd, useradd, usermod, userdel, groupadd. */
import { createHash } from 'node:crypto';
import type { CommandContext } from '../../command.js';
import { familyOf } from '../../machine.js';

export function readLines(ctx: CommandContext, path: string): string[] | null {
  try {
    const text = ctx.fs.readFile(path).toString();
    return text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
  } catch {
    return null;
  }
}

/** Replaces the file's lines (as root would through the shadow library). Throws the fs error. */
export function writeLines(ctx: CommandContext, path: string, lines: readonly string[]): void {
  ctx.fs.writeFile(path, Buffer.from(lines.map((l) => `${l}\n`).join('')));
}

const CRYPT = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A hash-shaped string for a new password in the distro's default scheme. It derives from the password
 * and the time, so it changes like a salted hash does; it is not a real crypt(3) hash.
 */
export function fakeHash(ctx: CommandContext, password: string): string {
  const digest = createHash('sha512').update(`${password}:${ctx.clock.now()}`).digest();
  let chars = '';
  for (const b of digest) chars += CRYPT[b % 64];
  for (const b of createHash('sha512').update(chars).digest()) chars += CRYPT[b % 64];
  const name = ctx.machine.distro.name;
  if (['debian12', 'ubuntu22', 'kali', 'fedora39', 'arch'].includes(name))
    return `$y$j9T$${chars.slice(0, 22)}$${chars.slice(22, 65)}`;
  if (familyOf(ctx.machine.distro) === 'busybox') return `$1$${chars.slice(0, 8)}$${chars.slice(8, 30)}`;
  return `$6$${chars.slice(0, 16)}$${chars.slice(16, 102)}`;
}

/** Sets the password hash (and last-change day) of `user` in /etc/shadow; false when the user has no entry. */
export function setPassword(ctx: CommandContext, user: string, password: string): boolean {
  const lines = readLines(ctx, '/etc/shadow');
  if (!lines) return false;
  const day = Math.floor(ctx.clock.now() / 86_400_000);
  let found = false;
  const updated = lines.map((l) => {
    const f = l.split(':');
    if (f[0] !== user) return l;
    found = true;
    f[1] = fakeHash(ctx, password);
    if (f.length > 2) f[2] = String(day);
    return f.join(':');
  });
  if (found) writeLines(ctx, '/etc/shadow', updated);
  return found;
}
