/**
 * How the shell of a decky's distro words what it prints: bash's version (BASH_VERSION, `help`), whether
 * `bash -c` errors name the line (bash 5.1 and later), and the not-found message of busybox ash and
 * FreeBSD sh, which are not bash. Versions are the ones each distro release ships.
 */
import type { Distro } from '../../../fabric/catalogue/distros.js';

export interface ShellDialect {
  /** The program name as errors show it (`bash`, or `ash`/`sh` on BusyBox and FreeBSD). */
  name: 'bash' | 'ash' | 'sh';
  /** BASH_VERSION, or null where the shell is not bash. */
  bashVersion: string | null;
  /** bash 5.1 and later print `bash: line 1: …` for errors in a `-c` string. */
  lineInCommandErrors: boolean;
  /**
   * The whole not-found line after the shell's own prefix: bash says `x: command not found`, ash and
   * FreeBSD sh `x: not found`.
   */
  notFound: 'command not found' | 'not found';
  /** Ubuntu's command-not-found handler prints an unknown command without the shell's prefix. */
  bareNotFoundWhenInteractive: boolean;
  /** FreeBSD's sh prints no program name before its messages. */
  unprefixed: boolean;
}

const BASH_VERSIONS: Readonly<Record<string, string>> = {
  debian12: '5.2.15(1)-release',
  ubuntu22: '5.1.16(1)-release',
  ubuntu20: '5.0.17(1)-release',
  rocky9: '5.1.8(1)-release',
  centos7: '4.2.46(2)-release',
  fedora39: '5.2.26(1)-release',
  kali: '5.2.37(1)-release',
  arch: '5.2.37(1)-release',
};

/** bash of a distro the table does not name (the newest line). */
const DEFAULT_BASH_VERSION = '5.2.15(1)-release';

export function dialectFor(distro: Distro): ShellDialect {
  if (distro.name === 'alpine319' || distro.name === 'busybox') {
    return {
      name: distro.name === 'alpine319' ? 'ash' : 'sh',
      bashVersion: null,
      lineInCommandErrors: false,
      notFound: 'not found',
      bareNotFoundWhenInteractive: false,
      unprefixed: false,
    };
  }
  if (distro.name.startsWith('freebsd')) {
    return {
      name: 'sh',
      bashVersion: null,
      lineInCommandErrors: false,
      notFound: 'not found',
      bareNotFoundWhenInteractive: true,
      unprefixed: true,
    };
  }
  const version = BASH_VERSIONS[distro.name] ?? DEFAULT_BASH_VERSION;
  const [major = 5, minor = 0] = version.split('.').map(Number);
  return {
    name: 'bash',
    bashVersion: version,
    lineInCommandErrors: major > 5 || (major === 5 && minor >= 1),
    notFound: 'command not found',
    bareNotFoundWhenInteractive: distro.name.startsWith('ubuntu'),
    unprefixed: false,
  };
}
