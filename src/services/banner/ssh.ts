/**
 * The SSH identification string (RFC 4253 §4.2: `SSH-2.0-<softwareversion> <comments>` CRLF). The
 * distro catalogue owns each distro's exact ident (passed in as a lookup, so this module knows no
 * distros); for a distro it does not know, each decky picks, once and for good (seeded), one ident its
 * OS family really ships.
 */

import type { DeckyPersona } from '../service.js';
import { isWindows } from '../shared/persona.js';
import { seededRandom } from '../shared/seeded-random.js';

/** Idents stock sshd packages send: Ubuntu 22.04/20.04/24.04, Debian 12/11, RHEL-family 9 and 7. */
export const LINUX_SSH_IDENTS = [
  'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10',
  'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.11',
  'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5',
  'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
  'SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3',
  'SSH-2.0-OpenSSH_8.7',
  'SSH-2.0-OpenSSH_7.4',
] as const;

/** Win32-OpenSSH as shipped with Windows Server 2019/2022 and later releases. */
export const WINDOWS_SSH_IDENTS = [
  'SSH-2.0-OpenSSH_for_Windows_8.1',
  'SSH-2.0-OpenSSH_for_Windows_9.5',
] as const;

/** A distro's ident from the distro catalogue, when it has one. */
export type SshIdentLookup = (distro: string) => string | undefined;

/**
 * RFC 4253 §4.2: `SSH-2.0-softwareversion[ SP comments]`, printable US-ASCII, 255 bytes with CRLF. A `-`
 * in softwareversion breaks the RFC but real servers send one (Cisco's `SSH-2.0-Cisco-1.25`), so it passes.
 */
function isIdentLine(text: string): boolean {
  return text.length <= 253 && /^SSH-2\.0-[\x21-\x7e]+( [\x20-\x7e]*)?$/.test(text);
}

/** The decky's ident line, without CRLF. */
export function sshIdent(persona: DeckyPersona, lookup?: SshIdentLookup): string {
  const fromCatalogue = lookup?.(persona.distro);
  if (fromCatalogue !== undefined && isIdentLine(fromCatalogue)) return fromCatalogue;
  const idents = isWindows(persona) ? WINDOWS_SSH_IDENTS : LINUX_SSH_IDENTS;
  return seededRandom(persona.seed, 'ssh.ident').pick(idents);
}

/** RFC 4253 §4.2: the ident line ends in CRLF. */
export function sshGreeting(persona: DeckyPersona, lookup?: SshIdentLookup): Buffer {
  return Buffer.from(`${sshIdent(persona, lookup)}\r\n`, 'latin1');
}
