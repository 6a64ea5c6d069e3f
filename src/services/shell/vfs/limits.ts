/** Every bound the virtual filesystem works within (STYLE.md "Names and numbers"). */
export const VFS_LIMITS = {
  /**
   * Bytes one session may write in total (downloads, redirections, copies). A dropper plus a few
   * payloads fit many times over; a `cat /dev/zero > x` loop stops here with ENOSPC, as a full disk would.
   */
  maxBytesWritten: 32 * 1024 * 1024,
  /** Files, directories and links one session may create: far beyond any real intrusion, bounds a loop. */
  maxCreatedEntries: 10_000,
  /** PATH_MAX on Linux (include/uapi/linux/limits.h). */
  maxPathLength: 4096,
  /** NAME_MAX on ext4/xfs. */
  maxNameLength: 255,
  /** MAXSYMLINKS in Linux's namei (fs/namei.c): the ELOOP threshold. */
  maxSymlinkDepth: 40,
  /**
   * Bytes a read of an endless device (/dev/zero, /dev/urandom) yields: enough for `head -c`, `dd
   * count=` and `od` probes, while `cat /dev/urandom` ends instead of running forever.
   */
  deviceReadBytes: 64 * 1024,
} as const;

/** umask 022, the default of every distro the decky may claim: new files 0644, new directories 0755. */
export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;
