/**
 * Local accounts of a Windows decky: the built-in ones its release ships (Administrator, Guest,
 * DefaultAccount, WDAGUtilityAccount) and the account an attacker logged in as. `root` and any spelling
 * of `administrator` are the built-in Administrator (RID 500); another name gets its own profile under
 * C:\Users the first time it logs in, as Windows creates one at first logon.
 */
import type { Machine, ShellUser } from '../command.js';
import type { ShellFs } from '../filesystem.js';
import { asSystem } from '../vfs/session-fs.js';
import { modeFor } from './attributes.js';
import { canonicalCase, storePath } from './paths.js';
import { identityOf } from './system.js';
import { PROFILE_FOLDERS } from './tree.js';

/** Well-known RIDs (MS-DTYP 2.4.2.4): what `whoami /user` and `net user` show. */
export const ADMINISTRATOR_RID = 500;
/** Windows numbers the first account created after setup 1000 and counts up. */
const FIRST_USER_RID = 1001;

const WINDOWS_CMD = 'C:\\Windows\\System32\\cmd.exe';

export interface WindowsAccount {
  user: ShellUser;
  /** `C:\Users\Administrator`. */
  profile: string;
  rid: number;
}

export interface LocalAccount {
  name: string;
  rid: number;
  enabled: boolean;
  comment: string;
}

/** The accounts `net user` lists: the release's built-ins plus the one logged in, if it is another. */
export function localAccounts(machine: Machine, loggedIn?: string): LocalAccount[] {
  const comments: Readonly<Record<string, [number, string]>> = {
    Administrator: [500, 'Built-in account for administering the computer/domain'],
    Guest: [501, 'Built-in account for guest access to the computer/domain'],
    DefaultAccount: [503, 'A user account managed by the system.'],
    WDAGUtilityAccount: [
      504,
      'A user account managed and used by the system for Windows Defender Application Guard scenarios.',
    ],
  };
  const accounts: LocalAccount[] = machine.distro.filesystem.users.map((name) => ({
    name,
    rid: comments[name]?.[0] ?? FIRST_USER_RID,
    enabled: name === 'Administrator',
    comment: comments[name]?.[1] ?? '',
  }));
  if (loggedIn && !accounts.some((a) => a.name.toLowerCase() === loggedIn.toLowerCase()))
    accounts.push({ name: loggedIn, rid: FIRST_USER_RID, enabled: true, comment: '' });
  return accounts;
}

/** The name a login maps to on Windows. */
export function windowsAccountName(login: string): string {
  const lower = login.toLowerCase();
  if (lower === 'root' || lower === 'administrator' || lower === 'admin') return 'Administrator';
  // Profile folder names cannot hold what Win32 forbids in a file name.
  const cleaned = login.replace(/[\\/:*?"<>|\x00-\x1f]/g, '').slice(0, 20);
  return cleaned === '' ? 'Administrator' : cleaned;
}

/** The account a login runs as, creating its profile (as the system, so it is not captured). */
export function windowsAccount(fs: ShellFs, login: string): WindowsAccount {
  const name = windowsAccountName(login);
  const profile = canonicalCase(fs, `C:\\Users\\${name}`);
  asSystem(fs, () => {
    try {
      for (const folder of PROFILE_FOLDERS)
        fs.mkdir(storePath(`${profile}\\${folder}`), { parents: true, mode: modeFor('dir') });
    } catch {
      // A profile that cannot be made leaves the session starting in System32, as Windows falls back to a temporary profile.
    }
  });
  const rid = name === 'Administrator' ? ADMINISTRATOR_RID : FIRST_USER_RID;
  return {
    profile,
    rid,
    user: {
      name: profile.slice(profile.lastIndexOf('\\') + 1),
      uid: rid,
      gid: 544,
      home: storePath(profile),
      shell: WINDOWS_CMD,
      groups: [
        { name: 'Administrators', gid: 544 },
        { name: 'Users', gid: 545 },
      ],
    },
  };
}

/** `S-1-5-21-…-500`. */
export function userSid(machine: Machine, rid: number): string {
  return `${identityOf(machine).machineSid}-${rid}`;
}

/** `web-01\administrator`, as whoami prints it. */
export function qualifiedName(machine: Machine, user: ShellUser): string {
  return `${identityOf(machine).computerName}\\${user.name}`.toLowerCase();
}
