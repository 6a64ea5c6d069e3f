/**
 * Accounts as the session's own /etc/passwd and /etc/group say (so `useradd` by the attacker is
 * honoured by `su` and `id`), and the account sshd "creates" when an attacker logs in as a name the
 * decky lacks: a login user with the next free id, its group and a home with the skeleton files.
 */
import type { ShellUser } from '../command.js';
import type { ShellFs } from '../filesystem.js';
import { asSystem } from './session-fs.js';

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** First id `useradd` hands out to people (login.defs UID_MIN) and the last (UID_MAX). */
export const LOGIN_ID_RANGE = { min: 1000, max: 60000 } as const;

function readText(fs: ShellFs, path: string): string {
  try {
    return fs.readFile(path).toString('utf8');
  } catch {
    return '';
  }
}

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 7) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    out.push({ name: f[0]!, uid, gid, gecos: f[4]!, home: f[5]!, shell: f[6]! });
  }
  return out;
}

export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 3) continue;
    const gid = Number(f[2]);
    if (!Number.isInteger(gid)) continue;
    out.push({ name: f[0]!, gid, members: (f[3] ?? '').split(',').filter((m) => m !== '') });
  }
  return out;
}

export function accountFor(fs: ShellFs, name: string): ShellUser | null {
  const user = parsePasswd(readText(fs, '/etc/passwd')).find((u) => u.name === name);
  if (!user) return null;
  const groups = parseGroup(readText(fs, '/etc/group'));
  const primary = groups.find((g) => g.gid === user.gid);
  const list = [{ name: primary?.name ?? String(user.gid), gid: user.gid }];
  for (const g of groups)
    if (g.gid !== user.gid && g.members.includes(name)) list.push({ name: g.name, gid: g.gid });
  return { name: user.name, uid: user.uid, gid: user.gid, home: user.home, shell: user.shell, groups: list };
}

/** All accounts of the session's /etc/passwd (for `w`, `ls -l` owner names, `getent`). */
export function accountNames(fs: ShellFs): Map<number, string> {
  const out = new Map<number, string>();
  for (const u of parsePasswd(readText(fs, '/etc/passwd'))) if (!out.has(u.uid)) out.set(u.uid, u.name);
  return out;
}

export function groupNames(fs: ShellFs): Map<number, string> {
  const out = new Map<number, string>();
  for (const g of parseGroup(readText(fs, '/etc/group'))) if (!out.has(g.gid)) out.set(g.gid, g.name);
  return out;
}

/** A name useradd accepts (shadow's is_valid_user_name with the default rules). */
export function isValidAccountName(name: string): boolean {
  return /^[a-z_][a-z0-9_-]{0,30}\$?$/i.test(name);
}

/**
 * The account `name`, created first when the decky lacks it: next free id from 1000, a group of the
 * same name, the distro's login shell, a home directory with /etc/skel copied in. Done as the system
 * (no quarantine of /etc/passwd, no quota). A name no real system would accept gets an account all the
 * same: sshd already let it in.
 */
export function ensureAccount(fs: ShellFs, name: string): ShellUser {
  const existing = accountFor(fs, name);
  if (existing) return existing;
  return asSystem(fs, () => {
    const users = parsePasswd(readText(fs, '/etc/passwd'));
    const groups = parseGroup(readText(fs, '/etc/group'));
    const taken = new Set(users.map((u) => u.uid));
    const takenGids = new Set(groups.map((g) => g.gid));
    let uid = LOGIN_ID_RANGE.min;
    while (taken.has(uid) || takenGids.has(uid)) uid++;
    const gid = uid;
    const root = users.find((u) => u.uid === 0);
    const shell =
      root?.shell === '/bin/ash' ? '/bin/ash' : root?.shell === '/bin/sh' ? '/bin/sh' : '/bin/bash';
    const home = `/home/${name}`;
    const debianStyle = readText(fs, '/etc/debian_version') !== '';
    const gecos = debianStyle ? ',,,' : '';
    append(fs, '/etc/passwd', `${name}:x:${uid}:${gid}:${gecos}:${home}:${shell}\n`);
    append(fs, '/etc/group', `${name}:x:${gid}:\n`);
    // The session clock stamped the passwd write: the password's "last changed" day is today.
    const days = Math.floor((fs.stat('/etc/passwd')?.mtimeMs ?? 0) / 86_400_000);
    try {
      append(fs, '/etc/shadow', `${name}:!:${days}:0:99999:7:::\n`);
    } catch {
      // A decky without /etc/shadow (or an attacker who removed it): nothing to add to.
    }
    try {
      fs.mkdir(home, { parents: true, mode: 0o750 });
      copySkeleton(fs, home);
      chownTree(fs, home, uid, gid);
    } catch {
      // An attacker-damaged tree (/home replaced by a file …): the account works without a home.
    }
    return accountFor(fs, name) ?? { name, uid, gid, home, shell, groups: [{ name, gid }] };
  });
}

function append(fs: ShellFs, path: string, line: string): void {
  fs.writeFile(path, Buffer.from(line), { append: true });
}

function copySkeleton(fs: ShellFs, home: string): void {
  let names: string[];
  try {
    names = fs.readdir('/etc/skel');
  } catch {
    return;
  }
  for (const name of names) {
    const st = fs.stat(`/etc/skel/${name}`);
    if (st?.type !== 'file') continue;
    fs.writeFile(`${home}/${name}`, fs.readFile(`/etc/skel/${name}`), { mode: st.mode });
  }
}

function chownTree(fs: ShellFs, dir: string, uid: number, gid: number): void {
  fs.chown(dir, uid, gid);
  for (const name of fs.readdir(dir)) {
    const path = `${dir}/${name}`;
    const st = fs.lstat(path);
    if (st?.type === 'dir') chownTree(fs, path, uid, gid);
    else if (st?.type === 'file') fs.chown(path, uid, gid);
  }
}
