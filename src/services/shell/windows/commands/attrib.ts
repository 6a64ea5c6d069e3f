/** `attrib`: shows or changes the read-only, hidden, system and archive attributes. */

import type { WindowsAttributes } from '../attributes.js';
import { defineCmd } from '../command.js';
import { type DriveEntry, driveMessage } from '../drive.js';
import { hasWildcard, leafOf, parentOf, wildcardMatches } from '../paths.js';

const FLAGS: Readonly<Record<string, keyof WindowsAttributes>> = {
  r: 'readOnly',
  h: 'hidden',
  s: 'system',
  a: 'archive',
};

export const attribCommand = defineCmd({
  name: 'attrib',
  run: (ctx) => {
    const change: Partial<WindowsAttributes> = {};
    const names: string[] = [];
    for (const arg of ctx.args) {
      const flag = /^([+-])([rhsa])$/i.exec(arg);
      if (flag) change[FLAGS[(flag[2] as string).toLowerCase()] as keyof WindowsAttributes] = flag[1] === '+';
      else if (arg.startsWith('/')) continue;
      else names.push(arg);
    }
    const pattern = ctx.drive.resolve(names[0] ?? '*');
    let entries: DriveEntry[];
    try {
      const stat = ctx.drive.stat(pattern);
      entries =
        stat && !hasWildcard(leafOf(pattern))
          ? ctx.drive.list(parentOf(pattern)).filter((e) => e.path.toLowerCase() === pattern.toLowerCase())
          : ctx.drive
              .list(hasWildcard(leafOf(pattern)) ? parentOf(pattern) : pattern)
              .filter(
                (e) =>
                  e.stat.type === 'file' &&
                  wildcardMatches(hasWildcard(leafOf(pattern)) ? leafOf(pattern) : '*', e.name),
              );
    } catch {
      entries = [];
    }
    if (entries.length === 0) {
      ctx.stderr(`File not found - ${names[0] ?? pattern}\r\n`);
      return 1;
    }
    if (Object.keys(change).length > 0) {
      for (const entry of entries) {
        try {
          ctx.drive.setAttributes(entry.path, change);
        } catch (err) {
          ctx.stderr(`${driveMessage(err)} - ${entry.path}\r\n`);
        }
      }
      return 0;
    }
    for (const entry of entries) {
      const a = entry.attributes;
      const flags = `${a.archive ? 'A' : ' '}    ${a.system ? 'S' : ' '}${a.hidden ? 'H' : ' '}${a.readOnly ? 'R' : ' '}`;
      ctx.stdout(`${flags.padEnd(21)}${entry.path}\r\n`);
    }
    return 0;
  },
});
