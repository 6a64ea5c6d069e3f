/**
 * The identification exchange (RFC 4253 §4.2) as the decky's sshd plays it: which ident it sends, which
 * software and version that ident claims (the algorithms it offers follow from it), how it judges the
 * client's ident, and what it writes before hanging up on a client that is not speaking SSH-2.
 */
import { distro } from '../../fabric/catalogue/distros.js';
import { sshIdent } from '../banner/ssh.js';
import type { DeckyPersona } from '../service.js';

/** The decky's identification line without CR LF: the distro's `sshBanner` (or a seeded stock one). */
export function deckyIdent(persona: DeckyPersona): string {
  return sshIdent(persona, (name) => distro(name)?.sshBanner);
}

export interface ServerSoftware {
  family: 'openssh' | 'dropbear' | 'cisco' | 'other';
  /** Version as major * 100 + minor (OpenSSH 8.9 → 809); 0 when the ident names none. */
  version: number;
}

/** What the ident claims to be: `SSH-2.0-OpenSSH_8.9p1 …`, `…OpenSSH_for_Windows_8.1`, `…dropbear_2022.83`. */
export function serverSoftware(ident: string): ServerSoftware {
  const software = ident.replace(/^SSH-[0-9.]+-/, '');
  const openssh = /^OpenSSH_(?:for_Windows_)?(\d+)\.(\d+)/.exec(software);
  if (openssh) return { family: 'openssh', version: Number(openssh[1]) * 100 + Number(openssh[2]) };
  const dropbear = /^dropbear_(\d+)\.(\d+)/.exec(software);
  if (dropbear) return { family: 'dropbear', version: Number(dropbear[1]) * 100 + Number(dropbear[2]) };
  if (software.startsWith('Cisco-')) return { family: 'cisco', version: 0 };
  return { family: 'other', version: 0 };
}

export type ClientIdentVerdict = 'ssh2' | 'invalid' | 'version_mismatch';

/**
 * sshd's check of the client's line (kex.c `kex_exchange_identification`): it must read
 * `SSH-<major>.<minor>-<software>`, and the protocol must be 2.0 or 1.99 (RFC 4253 §5.1).
 */
export function judgeClientIdent(ident: string): ClientIdentVerdict {
  const m = /^SSH-(\d+)\.(\d+)-./.exec(ident);
  if (!m) return 'invalid';
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major === 2 || (major === 1 && minor === 99)) return 'ssh2';
  return 'version_mismatch';
}

/** OpenSSH 8.0 moved the exchange into kex.c, and its error lines gained CR LF and new wording. */
const OPENSSH_KEX_IDENT_REWRITE = 800;

/**
 * The line sshd writes before closing on a client whose first line is not an SSH-2 ident, or null for
 * servers that close without a word (dropbear, IOS).
 */
export function rejectionLine(
  software: ServerSoftware,
  verdict: Exclude<ClientIdentVerdict, 'ssh2'>,
): Buffer | null {
  if (software.family !== 'openssh') return null;
  const modern = software.version >= OPENSSH_KEX_IDENT_REWRITE;
  if (verdict === 'version_mismatch') {
    return Buffer.from(modern ? 'Protocol major versions differ.\r\n' : 'Protocol major versions differ.\n');
  }
  return Buffer.from(modern ? 'Invalid SSH identification string.\r\n' : 'Protocol mismatch.\n');
}
