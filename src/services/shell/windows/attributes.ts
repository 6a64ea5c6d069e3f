/**
 * NTFS file attributes kept in the session filesystem's mode bits, which a Windows decky has no other
 * use for: hidden in the sticky bit, system in setgid, archive in setuid, read-only as a missing owner
 * write bit. `attrib`, `dir /a` and `del` read and change them through `chmod`, so they survive in the
 * session's copy-on-write tree like any other change.
 */

export const HIDDEN_BIT = 0o1000;
export const SYSTEM_BIT = 0o2000;
export const ARCHIVE_BIT = 0o4000;
const OWNER_WRITE = 0o200;

export interface WindowsAttributes {
  readOnly: boolean;
  hidden: boolean;
  system: boolean;
  archive: boolean;
}

export function attributesOf(mode: number): WindowsAttributes {
  return {
    readOnly: (mode & OWNER_WRITE) === 0,
    hidden: (mode & HIDDEN_BIT) !== 0,
    system: (mode & SYSTEM_BIT) !== 0,
    archive: (mode & ARCHIVE_BIT) !== 0,
  };
}

export function modeWith(mode: number, attributes: Partial<WindowsAttributes>): number {
  let next = mode;
  const flip = (bit: number, on: boolean | undefined) => {
    if (on === undefined) return;
    next = on ? next | bit : next & ~bit;
  };
  flip(HIDDEN_BIT, attributes.hidden);
  flip(SYSTEM_BIT, attributes.system);
  flip(ARCHIVE_BIT, attributes.archive);
  if (attributes.readOnly !== undefined)
    next = attributes.readOnly ? next & ~OWNER_WRITE : next | OWNER_WRITE;
  return next & 0o7777;
}

/** Mode bits for a new file or directory with these attributes. */
export function modeFor(kind: 'file' | 'dir', attributes: Partial<WindowsAttributes> = {}): number {
  return modeWith(kind === 'dir' ? 0o755 : 0o644, attributes);
}
