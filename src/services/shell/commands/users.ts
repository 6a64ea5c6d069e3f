/**
 * Account management (shadow-utils' useradd, usermod, userdel, groupadd; Debian's adduser; BusyBox's
 * adduser/deluser/addgroup): edits the session's /etc/passwd, /etc/group and /etc/shadow, so `id`, `su`
 * and `ls -l` see the attacker's new accounts.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { accountFor, isValidAccountName, LOGIN_ID_RANGE, parseGroup, parsePasswd } from '../vfs/accounts.js';
import { readLines, setPassword, writeLines } from './lib/accounts-edit.js';
import { gnuOnly, onlyOn, packaged } from './lib/availability.js';
import { absolute, defineCommand, isBusybox, progName } from './lib/program.js';

/** Exit codes of useradd/usermod/userdel/groupadd (shadow-utils' E_* constants). */
const E = {
  permission: 1,
  usage: 2,
  badArg: 3,
  uidInUse: 4,
  noGroup: 6,
  notFound: 6,
  exists: 9,
  home: 12,
} as const;

function lockFailure(ctx: CommandContext, prog: string, file = '/etc/passwd'): number {
  ctx.stderr(`${prog}: Permission denied.\n${prog}: cannot lock ${file}; try again later.\n`);
  return E.permission;
}

function nextId(lines: readonly string[] | null, field: number): number {
  const used = new Set((lines ?? []).map((l) => Number(l.split(':')[field])));
  let id = LOGIN_ID_RANGE.min;
  while (used.has(id)) id++;
  return id;
}

function copySkel(ctx: CommandContext, home: string, uid: number, gid: number): void {
  ctx.fs.mkdir(home, { parents: true, mode: familyOf(ctx.machine.distro) === 'rhel' ? 0o700 : 0o750 });
  ctx.fs.chown(home, uid, gid);
  let names: string[] = [];
  try {
    names = ctx.fs.readdir('/etc/skel');
  } catch {
    names = [];
  }
  for (const name of names) {
    const st = ctx.fs.stat(`/etc/skel/${name}`);
    if (st?.type !== 'file') continue;
    ctx.fs.writeFile(`${home}/${name}`, ctx.fs.readFile(`/etc/skel/${name}`), { mode: st.mode });
    ctx.fs.chown(`${home}/${name}`, uid, gid);
  }
}

interface NewUser {
  name: string;
  uid?: number;
  gid?: number;
  home?: string;
  shell?: string;
  comment?: string;
  groups: string[];
  createHome: boolean;
  password?: string;
  system: boolean;
}

/** Adds the account; returns an exit status after printing shadow-utils' diagnostics. */
function addUser(ctx: CommandContext, prog: string, u: NewUser): number {
  if (ctx.user.uid !== 0) return lockFailure(ctx, prog);
  if (!isValidAccountName(u.name)) {
    ctx.stderr(
      `${prog}: invalid user name '${u.name}'${familyOf(ctx.machine.distro) === 'debian' ? ': use --badname to ignore' : ''}\n`,
    );
    return E.badArg;
  }
  if (accountFor(ctx.fs, u.name)) {
    ctx.stderr(`${prog}: user '${u.name}' already exists\n`);
    return E.exists;
  }
  const passwd = readLines(ctx, '/etc/passwd') ?? [];
  const group = readLines(ctx, '/etc/group') ?? [];
  const groups = parseGroup(group.join('\n'));
  for (const g of u.groups) {
    if (!groups.some((x) => x.name === g || String(x.gid) === g)) {
      ctx.stderr(`${prog}: group '${g}' does not exist\n`);
      return E.noGroup;
    }
  }
  const uid = u.uid ?? nextId(passwd, 2);
  if (u.uid !== undefined && parsePasswd(passwd.join('\n')).some((p) => p.uid === u.uid)) {
    ctx.stderr(`${prog}: UID ${u.uid} is not unique\n`);
    return E.uidInUse;
  }
  let gid = u.gid;
  let newGroup = false;
  if (gid === undefined) {
    const sameName = groups.find((g) => g.name === u.name);
    if (sameName) {
      ctx.stderr(`${prog}: group ${u.name} exists - if you want to add this user to that group, use -g.\n`);
      return E.exists;
    }
    gid = groups.some((g) => g.gid === uid) ? nextId(group, 2) : uid;
    newGroup = true;
  }
  const debian = familyOf(ctx.machine.distro) === 'debian';
  const home = u.home ?? `/home/${u.name}`;
  const shell =
    u.shell ??
    (debian && prog === 'useradd'
      ? '/bin/sh'
      : familyOf(ctx.machine.distro) === 'alpine'
        ? '/bin/ash'
        : '/bin/bash');
  const updatedGroups = group.map((l) => {
    const f = l.split(':');
    if (!u.groups.includes(f[0]!) && !u.groups.includes(f[2]!)) return l;
    const members = (f[3] ?? '').split(',').filter((m) => m !== '');
    members.push(u.name);
    f[3] = members.join(',');
    return f.join(':');
  });
  if (newGroup) updatedGroups.push(`${u.name}:x:${gid}:`);
  writeLines(ctx, '/etc/passwd', [
    ...passwd,
    `${u.name}:x:${uid}:${gid}:${u.comment ?? ''}:${home}:${shell}`,
  ]);
  writeLines(ctx, '/etc/group', updatedGroups);
  const shadow = readLines(ctx, '/etc/shadow');
  if (shadow)
    writeLines(ctx, '/etc/shadow', [
      ...shadow,
      `${u.name}:${u.password ?? '!'}:${Math.floor(ctx.clock.now() / 86_400_000)}:0:99999:7:::`,
    ]);
  if (u.createHome) {
    try {
      if (ctx.fs.stat(home))
        ctx.stderr(
          `${prog}: warning: the home directory ${home} already exists.\n${prog}: Not copying any file from skel directory into it.\n`,
        );
      else copySkel(ctx, home, uid, gid);
    } catch {
      ctx.stderr(`${prog}: cannot create directory ${home}\n`);
      return E.home;
    }
  }
  return 0;
}

export const useraddCommand = defineCommand({
  name: 'useradd',
  path: '/usr/sbin/useradd',
  availableOn: gnuOnly,
  run: (ctx) => {
    const prog = progName(ctx, 'useradd');
    const argv = ctx.argv.slice(1);
    const u: NewUser = {
      name: '',
      groups: [],
      createHome: familyOf(ctx.machine.distro) === 'rhel',
      system: false,
    };
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      const v = () => argv[++i] ?? '';
      if (a === '-m' || a === '--create-home') u.createHome = true;
      else if (a === '-M' || a === '--no-create-home') u.createHome = false;
      else if (a === '-d' || a === '--home-dir') u.home = v();
      else if (a === '-s' || a === '--shell') u.shell = v();
      else if (a === '-c' || a === '--comment') u.comment = v();
      else if (a === '-u' || a === '--uid') u.uid = Number(v());
      else if (a === '-g' || a === '--gid') {
        const g = v();
        const found = parseGroup((readLines(ctx, '/etc/group') ?? []).join('\n')).find(
          (x) => x.name === g || String(x.gid) === g,
        );
        if (!found) {
          ctx.stderr(`${prog}: group '${g}' does not exist\n`);
          return E.noGroup;
        }
        u.gid = found.gid;
      } else if (a === '-G' || a === '--groups')
        u.groups = v()
          .split(',')
          .filter((g) => g !== '');
      else if (a === '-p' || a === '--password') u.password = v();
      else if (a === '-r' || a === '--system') u.system = true;
      else if (a === '-o' || a === '--non-unique' || a === '-N' || a === '--no-user-group' || a === '-l')
        continue;
      else if (a === '-e' || a === '-f' || a === '-k' || a === '-K') i++;
      else if (a.startsWith('-')) {
        ctx.stderr(
          `${prog}: invalid option -- '${a.slice(1, 2)}'\nUsage: ${prog} [options] LOGIN\n       ${prog} -D\n       ${prog} -D [options]\n`,
        );
        return E.usage;
      } else u.name = a;
    }
    if (u.name === '') {
      ctx.stderr(`Usage: ${prog} [options] LOGIN\n       ${prog} -D\n       ${prog} -D [options]\n`);
      return E.usage;
    }
    return addUser(ctx, prog, u);
  },
});

export const adduserCommand = defineCommand({
  name: 'adduser',
  path: '/usr/sbin/adduser',
  availableOn: packaged(['debian', 'rhel'], 'adduser'),
  run: async (ctx) => {
    const prog = progName(ctx, 'adduser');
    const args = ctx.argv.slice(1);
    const name = args.filter((a) => !a.startsWith('-')).pop();
    const family = familyOf(ctx.machine.distro);
    if (!name) {
      ctx.stderr(
        isBusybox(ctx)
          ? `BusyBox v1.36.1 multi-call binary.\n\nUsage: adduser [OPTIONS] USER [GROUP]\n\nCreate new user, or add USER to GROUP\n`
          : `${prog}: Only one or two names allowed.\n`,
      );
      return 1;
    }
    if (family === 'rhel')
      return addUser(ctx, 'useradd', { name, groups: [], createHome: true, system: false });
    if (ctx.user.uid !== 0) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: need to be root\n`
          : `${prog}: Only root may add a user or group to the system.\n`,
      );
      return 1;
    }
    if (isBusybox(ctx)) {
      if (accountFor(ctx.fs, name)) {
        ctx.stderr(`${prog}: user '${name}' in use\n`);
        return 1;
      }
      const status = addUser(ctx, prog, {
        name,
        groups: [],
        createHome: true,
        system: false,
        shell: family === 'alpine' ? '/bin/ash' : '/bin/sh',
        comment: 'Linux User,,,',
      });
      if (status !== 0 || args.includes('-D')) return status;
      ctx.stdout(`Changing password for ${name}\nNew password:`);
      const lines = ctx.stdin.toString().split('\n');
      if (ctx.stdin.length === 0) {
        ctx.stdout('\n');
        ctx.stderr('passwd: password for ' + name + ' is unchanged\n');
        return 1;
      }
      ctx.stdout('\nRetype password:\n');
      setPassword(ctx, name, lines[0] ?? '');
      ctx.stdout(`passwd: password for ${name} changed by root\n`);
      return 0;
    }
    if (accountFor(ctx.fs, name)) {
      ctx.stderr(`fatal: The user \`${name}' already exists.\n`);
      return 1;
    }
    const modern = ctx.machine.distro.name === 'debian12' || ctx.machine.distro.name === 'kali';
    const info = modern ? 'info: ' : '';
    const passwd = readLines(ctx, '/etc/passwd') ?? [];
    const id = nextId(passwd, 2);
    const status = addUser(ctx, prog, {
      name,
      groups: [],
      createHome: true,
      system: false,
      comment: ',,,',
      shell: '/bin/bash',
    });
    if (status !== 0) return status;
    ctx.stdout(
      `${info}Adding user \`${name}' ...\n${modern ? `${info}Selecting UID/GID from range 1000 to 59999 ...\n` : ''}${info}Adding new group \`${name}' (${id}) ...\n${info}Adding new user \`${name}' (${id}) with group \`${name}${modern ? ` (${id})` : ''}' ...\n${info}Creating home directory \`/home/${name}' ...\n${info}Copying files from \`/etc/skel' ...\n`,
    );
    const lines = ctx.stdin.toString().split('\n');
    ctx.stdout('New password: ');
    if (ctx.stdin.length === 0) {
      ctx.stdout('\n');
      ctx.stderr('passwd: Authentication token manipulation error\npasswd: password unchanged\n');
      ctx.stdout('Try again? [y/N] \n');
    } else {
      ctx.stdout('\nRetype new password: \n');
      if (lines[0] === lines[1]) {
        setPassword(ctx, name, lines[0] ?? '');
        ctx.stdout('passwd: password updated successfully\n');
      } else {
        ctx.stderr(
          'Sorry, passwords do not match.\npasswd: Authentication token manipulation error\npasswd: password unchanged\n',
        );
        ctx.stdout('Try again? [y/N] \n');
      }
    }
    ctx.stdout(
      `Changing the user information for ${name}\nEnter the new value, or press ENTER for the default\n\tFull Name []: \n\tRoom Number []: \n\tWork Phone []: \n\tHome Phone []: \n\tOther []: \nIs the information correct? [Y/n] \n`,
    );
    if (modern)
      ctx.stdout(
        `${info}Adding new user \`${name}' to supplemental / extra groups \`users' ...\n${info}Adding user \`${name}' to group \`users' ...\n`,
      );
    return 0;
  },
});

function removeUser(ctx: CommandContext, prog: string, name: string, removeHome: boolean): number {
  if (ctx.user.uid !== 0) return lockFailure(ctx, prog);
  const user = accountFor(ctx.fs, name);
  if (!user) {
    ctx.stderr(
      isBusybox(ctx) ? `${prog}: unknown user ${name}\n` : `${prog}: user '${name}' does not exist\n`,
    );
    return isBusybox(ctx) ? 1 : E.notFound;
  }
  writeLines(
    ctx,
    '/etc/passwd',
    (readLines(ctx, '/etc/passwd') ?? []).filter((l) => l.split(':')[0] !== name),
  );
  const shadow = readLines(ctx, '/etc/shadow');
  if (shadow)
    writeLines(
      ctx,
      '/etc/shadow',
      shadow.filter((l) => l.split(':')[0] !== name),
    );
  writeLines(
    ctx,
    '/etc/group',
    (readLines(ctx, '/etc/group') ?? [])
      .filter((l) => !(l.split(':')[0] === name && Number(l.split(':')[2]) === user.gid))
      .map((l) => {
        const f = l.split(':');
        f[3] = (f[3] ?? '')
          .split(',')
          .filter((m) => m !== '' && m !== name)
          .join(',');
        return f.join(':');
      }),
  );
  if (removeHome) {
    try {
      ctx.fs.remove(absolute(ctx, user.home), { recursive: true });
    } catch {
      ctx.stderr(`${prog}: ${user.home} not owned by ${name}, not removing\n`);
    }
    if (!isBusybox(ctx)) ctx.stderr(`${prog}: ${name} mail spool (/var/mail/${name}) not found\n`);
  }
  return 0;
}

export const userdelCommand = defineCommand({
  name: 'userdel',
  path: '/usr/sbin/userdel',
  availableOn: gnuOnly,
  run: (ctx) => {
    const prog = progName(ctx, 'userdel');
    const args = ctx.argv.slice(1);
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) {
      ctx.stderr(
        `Usage: ${prog} [options] LOGIN\n\nOptions:\n  -f, --force                   force some actions that would fail otherwise\n  -h, --help                    display this help message and exit\n  -r, --remove                  remove home directory and mail spool\n`,
      );
      return E.usage;
    }
    return removeUser(ctx, prog, name, args.includes('-r') || args.includes('--remove'));
  },
});

export const deluserCommand = defineCommand({
  name: 'deluser',
  path: '/usr/sbin/deluser',
  availableOn: packaged(['debian'], 'deluser'),
  run: (ctx) => {
    const prog = progName(ctx, 'deluser');
    const args = ctx.argv.slice(1);
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) {
      ctx.stderr(`${prog}: Only one or two names allowed.\n`);
      return 1;
    }
    if (!isBusybox(ctx) && ctx.user.uid === 0 && accountFor(ctx.fs, name))
      ctx.stdout(`Removing user \`${name}' ...\nDone.\n`);
    return removeUser(ctx, prog, name, args.includes('--remove-home'));
  },
});

export const usermodCommand = defineCommand({
  name: 'usermod',
  path: '/usr/sbin/usermod',
  availableOn: gnuOnly,
  run: (ctx) => {
    const prog = progName(ctx, 'usermod');
    const argv = ctx.argv.slice(1);
    const name = argv[argv.length - 1];
    if (!name || name.startsWith('-') || argv.length < 2) {
      ctx.stderr(`Usage: ${prog} [options] LOGIN\n`);
      return E.usage;
    }
    if (ctx.user.uid !== 0) return lockFailure(ctx, prog);
    if (!accountFor(ctx.fs, name)) {
      ctx.stderr(`${prog}: user '${name}' does not exist\n`);
      return E.notFound;
    }
    let append = false;
    let groups: string[] | null = null;
    let shell: string | null = null;
    let home: string | null = null;
    let lock: boolean | null = null;
    let password: string | null = null;
    for (let i = 0; i < argv.length - 1; i++) {
      const a = argv[i]!;
      if (a === '-a' || a === '--append') append = true;
      else if (a === '-aG') {
        append = true;
        groups = (argv[++i] ?? '').split(',');
      } else if (a === '-G' || a === '--groups') groups = (argv[++i] ?? '').split(',');
      else if (a === '-s' || a === '--shell') shell = argv[++i] ?? null;
      else if (a === '-d' || a === '--home') home = argv[++i] ?? null;
      else if (a === '-L' || a === '--lock') lock = true;
      else if (a === '-U' || a === '--unlock') lock = false;
      else if (a === '-p' || a === '--password') password = argv[++i] ?? null;
      else if (['-g', '-u', '-c', '-l', '-e', '-f'].includes(a)) i++;
    }
    const known = parseGroup((readLines(ctx, '/etc/group') ?? []).join('\n'));
    for (const g of groups ?? []) {
      if (!known.some((x) => x.name === g)) {
        ctx.stderr(`${prog}: group '${g}' does not exist\n`);
        return E.noGroup;
      }
    }
    if (groups) {
      writeLines(
        ctx,
        '/etc/group',
        (readLines(ctx, '/etc/group') ?? []).map((l) => {
          const f = l.split(':');
          let members = (f[3] ?? '').split(',').filter((m) => m !== '');
          const wanted = groups!.includes(f[0]!);
          if (wanted && !members.includes(name)) members.push(name);
          if (!wanted && !append) members = members.filter((m) => m !== name);
          f[3] = members.join(',');
          return f.join(':');
        }),
      );
    }
    if (shell || home) {
      writeLines(
        ctx,
        '/etc/passwd',
        (readLines(ctx, '/etc/passwd') ?? []).map((l) => {
          const f = l.split(':');
          if (f[0] !== name) return l;
          if (home) f[5] = home;
          if (shell) f[6] = shell;
          return f.join(':');
        }),
      );
    }
    if (lock !== null || password !== null) {
      const shadow = readLines(ctx, '/etc/shadow');
      if (shadow) {
        writeLines(
          ctx,
          '/etc/shadow',
          shadow.map((l) => {
            const f = l.split(':');
            if (f[0] !== name) return l;
            if (password !== null) f[1] = password;
            if (lock === true && !f[1]!.startsWith('!')) f[1] = `!${f[1]}`;
            if (lock === false) f[1] = f[1]!.replace(/^!/, '');
            return f.join(':');
          }),
        );
      }
    }
    return 0;
  },
});

export const groupaddCommand = defineCommand({
  name: 'groupadd',
  path: '/usr/sbin/groupadd',
  availableOn: gnuOnly,
  run: (ctx) => {
    const prog = progName(ctx, 'groupadd');
    const argv = ctx.argv.slice(1);
    let gid: number | undefined;
    let name: string | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-g' || a === '--gid') gid = Number(argv[++i]);
      else if (a.startsWith('-')) continue;
      else name = a;
    }
    if (!name) {
      ctx.stderr(`Usage: ${prog} [options] GROUP\n`);
      return E.usage;
    }
    if (ctx.user.uid !== 0) return lockFailure(ctx, prog, '/etc/group');
    const lines = readLines(ctx, '/etc/group') ?? [];
    if (lines.some((l) => l.split(':')[0] === name)) {
      ctx.stderr(`${prog}: group '${name}' already exists\n`);
      return E.exists;
    }
    writeLines(ctx, '/etc/group', [...lines, `${name}:x:${gid ?? nextId(lines, 2)}:`]);
    return 0;
  },
});

export const addgroupCommand = defineCommand({
  name: 'addgroup',
  path: '/usr/sbin/addgroup',
  availableOn: onlyOn('alpine', 'busybox', 'debian'),
  run: (ctx) => {
    const prog = progName(ctx, 'addgroup');
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (ctx.user.uid !== 0) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: need to be root\n`
          : `${prog}: Only root may add a user or group to the system.\n`,
      );
      return 1;
    }
    const [first, second] = names;
    if (!first) {
      ctx.stderr(`${prog}: Only one or two names allowed.\n`);
      return 1;
    }
    const lines = readLines(ctx, '/etc/group') ?? [];
    if (second) {
      // addgroup USER GROUP: add the user to the group.
      writeLines(
        ctx,
        '/etc/group',
        lines.map((l) => {
          const f = l.split(':');
          if (f[0] !== second) return l;
          f[3] = [...(f[3] ?? '').split(',').filter((m) => m !== ''), first].join(',');
          return f.join(':');
        }),
      );
      return 0;
    }
    if (lines.some((l) => l.split(':')[0] === first)) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: group '${first}' in use\n`
          : `${prog}: The group \`${first}' already exists.\n`,
      );
      return 1;
    }
    const gid = nextId(lines, 2);
    writeLines(ctx, '/etc/group', [...lines, `${first}:x:${gid}:`]);
    if (!isBusybox(ctx)) ctx.stdout(`Adding group \`${first}' (GID ${gid}) ...\nDone.\n`);
    return 0;
  },
});
