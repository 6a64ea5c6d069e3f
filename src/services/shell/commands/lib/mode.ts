/** chmod(1) mode syntax: octal, and symbolic clauses (`u+x`, `go-w`, `a=r`, `+x`, `u=rwx,g=rx,o=`, `+t`, `X`). */

/** umask 022: what an unqualified "+w" or "=rw" leaves out (POSIX chmod). */
const UMASK = 0o022;

/**
 * The new mode for `current` (permission bits and setuid/setgid/sticky), or null when the text is no
 * valid mode. `isDir` matters for `X`.
 */
export function parseMode(text: string, current: number, isDir: boolean): number | null {
  if (/^[0-7]{1,4}$/.test(text)) return Number.parseInt(text, 8);
  let mode = current & 0o7777;
  for (const clause of text.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(clause);
    if (!m) return null;
    const who = m[1]!;
    const masks =
      who === ''
        ? null
        : who.includes('a')
          ? 0o7777
          : (who.includes('u') ? 0o4700 : 0) |
            (who.includes('g') ? 0o2070 : 0) |
            (who.includes('o') ? 0o1007 : 0);
    for (const action of m[2]!.match(/[-+=][rwxXstugo]*/g) ?? []) {
      const op = action[0]!;
      const perms = action.slice(1);
      let bits = 0;
      for (const p of perms) {
        switch (p) {
          case 'r':
            bits |= 0o444;
            break;
          case 'w':
            bits |= 0o222;
            break;
          case 'x':
            bits |= 0o111;
            break;
          case 'X':
            if (isDir || mode & 0o111) bits |= 0o111;
            break;
          case 's':
            bits |= 0o6000;
            break;
          case 't':
            bits |= 0o1000;
            break;
          case 'u':
            bits |= ((mode >> 6) & 7) * 0o111;
            break;
          case 'g':
            bits |= ((mode >> 3) & 7) * 0o111;
            break;
          case 'o':
            bits |= (mode & 7) * 0o111;
            break;
        }
      }
      const scope = masks ?? 0o7777 & ~UMASK;
      const applied = bits & scope;
      if (op === '+') mode |= applied;
      else if (op === '-') mode &= ~applied;
      else {
        const clear = masks ?? 0o7777;
        mode = (mode & ~(clear & 0o0777)) | applied;
        if (masks !== null) mode &= ~(masks & 0o7000 & ~applied);
      }
    }
  }
  return mode & 0o7777;
}
