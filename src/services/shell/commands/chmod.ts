/** chmod(1), chown(1) and chgrp(1), recursive with -R; owners and groups by name from the session's files. */
import type { CommandContext } from '../command.js';
import type { FileStat } from '../filesystem.js';
import { accountFor, parseGroup, parsePasswd } from '../vfs/accounts.js';
import { coreTool } from './lib/availability.js';
import { parseMode } from './lib/mode.js';
import {
  absolute,
  codeOf,
  coreutilsVersion,
  defineCommand,
  errorText,
  isBusybox,
  progName,
  quote,
} from './lib/program.js';
import { walk } from './lib/walk.js';

interface Common {
  recursive: boolean;
  verbose: boolean;
  changes: boolean;
  silent: boolean;
  noDeref: boolean;
  operands: string[];
  reference?: string;
}

/** chmod's argv: a leading "-x" or "-w" is a mode, not an option (coreutils does the same). */
function scan(ctx: CommandContext, prog: string, letters: string): Common | { status: number } {
  const out: Common = {
    recursive: false,
    verbose: false,
    changes: false,
    silent: false,
    noDeref: false,
    operands: [],
  };
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help') {
      ctx.stdout(
        `Usage: ${prog} [OPTION]... ${prog === 'chmod' ? 'MODE[,MODE]... FILE...' : prog === 'chown' ? '[OWNER][:[GROUP]] FILE...' : 'GROUP FILE...'}\n`,
      );
      return { status: 0 };
    }
    if (arg === '--version') {
      ctx.stdout(
        coreutilsVersion(
          ctx,
          prog,
          prog === 'chmod' ? 'David MacKenzie and Jim Meyering' : 'David MacKenzie and Jim Meyering',
        ),
      );
      return { status: 0 };
    }
    if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split('=');
      if (name === 'recursive') out.recursive = true;
      else if (name === 'verbose') out.verbose = true;
      else if (name === 'changes') out.changes = true;
      else if (name === 'silent' || name === 'quiet') out.silent = true;
      else if (name === 'no-dereference') out.noDeref = true;
      else if (name === 'reference') out.reference = value ?? args[++i];
      else if (
        name === 'dereference' ||
        name === 'preserve-root' ||
        name === 'no-preserve-root' ||
        name === 'from'
      )
        continue;
      else {
        ctx.stderr(`${prog}: unrecognized option '${arg}'\nTry '${prog} --help' for more information.\n`);
        return { status: 1 };
      }
      continue;
    }
    if (
      arg.startsWith('-') &&
      arg.length > 1 &&
      !(prog === 'chmod' && /^-[rwxXst]+$/.test(arg) && out.operands.length === 0)
    ) {
      for (const c of arg.slice(1)) {
        if (!letters.includes(c)) {
          ctx.stderr(
            isBusybox(ctx)
              ? `${prog}: unrecognized option: ${c}\n`
              : `${prog}: invalid option -- '${c}'\nTry '${prog} --help' for more information.\n`,
          );
          return { status: 1 };
        }
        if (c === 'R') out.recursive = true;
        if (c === 'v') out.verbose = true;
        if (c === 'c') out.changes = true;
        if (c === 'f') out.silent = true;
        if (c === 'h') out.noDeref = true;
      }
      continue;
    }
    out.operands.push(arg);
  }
  return out;
}

/** Applies `change` to each operand (and, with -R, to everything under it). */
function apply(
  ctx: CommandContext,
  prog: string,
  common: Common,
  files: readonly string[],
  change: (path: string, shown: string, stat: FileStat) => boolean,
): number {
  let status = 0;
  for (const file of files) {
    const path = absolute(ctx, file);
    let stat: FileStat | null;
    try {
      stat = common.noDeref ? ctx.fs.lstat(path) : ctx.fs.stat(path);
    } catch (err) {
      if (!common.silent) ctx.stderr(`${prog}: cannot access ${quote(file)}: ${errorText(codeOf(err))}\n`);
      status = 1;
      continue;
    }
    if (!stat) {
      if (!common.silent) ctx.stderr(`${prog}: cannot access ${quote(file)}: No such file or directory\n`);
      status = 1;
      continue;
    }
    if (!common.recursive || stat.type !== 'dir') {
      if (!change(path, file, stat)) status = 1;
      continue;
    }
    walk(
      ctx,
      { display: file, path, stat, depth: 0 },
      {
        enter: (e) => {
          if (!change(e.path, e.display, e.stat)) status = 1;
          return true;
        },
        leave: (e) => {
          if (e.stat.type !== 'dir' && e.stat.type !== 'symlink' && !change(e.path, e.display, e.stat))
            status = 1;
        },
        error: (e, code) => {
          if (!common.silent)
            ctx.stderr(`${prog}: cannot read directory ${quote(e.display)}: ${errorText(code)}\n`);
          status = 1;
        },
      },
    );
  }
  return status;
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

export const chmodCommand = defineCommand({
  name: 'chmod',
  path: '/usr/bin/chmod',
  availableOn: coreTool('chmod'),
  run: (ctx) => {
    const prog = progName(ctx, 'chmod');
    const common = scan(ctx, prog, 'RvcfhH');
    if ('status' in common) return common.status;
    let modeText: string | undefined;
    let referenceMode: number | undefined;
    if (common.reference !== undefined) {
      const st = ctx.fs.stat(absolute(ctx, common.reference));
      if (!st) {
        ctx.stderr(
          `${prog}: failed to get attributes of ${quote(common.reference)}: No such file or directory\n`,
        );
        return 1;
      }
      referenceMode = st.mode;
    } else {
      modeText = common.operands.shift();
    }
    if (modeText === undefined && referenceMode === undefined) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    if (common.operands.length === 0) {
      ctx.stderr(
        `${prog}: missing operand after ${quote(modeText ?? '')}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    if (modeText !== undefined && parseMode(modeText, 0, false) === null) {
      ctx.stderr(`${prog}: invalid mode: ${quote(modeText)}\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    return apply(ctx, prog, common, common.operands, (path, shown, stat) => {
      const next = referenceMode ?? parseMode(modeText!, stat.mode, stat.type === 'dir')!;
      try {
        if (stat.type === 'symlink') return true;
        ctx.fs.chmod(path, next);
        if (common.verbose || (common.changes && next !== stat.mode)) {
          ctx.stdout(
            next === stat.mode
              ? `mode of ${quote(shown)} retained as ${octal(next)} (${modeLetters(next, stat)})\n`
              : `mode of ${quote(shown)} changed from ${octal(stat.mode)} (${modeLetters(stat.mode, stat)}) to ${octal(next)} (${modeLetters(next, stat)})\n`,
          );
        }
        return true;
      } catch (err) {
        if (!common.silent)
          ctx.stderr(`${prog}: changing permissions of ${quote(shown)}: ${errorText(codeOf(err))}\n`);
        return false;
      }
    });
  },
});

function modeLetters(mode: number, _stat: FileStat): string {
  const rwx = (bits: number, special: boolean, ch: string) =>
    `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-'}`;
  return (
    rwx(mode >> 6, (mode & 0o4000) !== 0, 's') +
    rwx(mode >> 3, (mode & 0o2000) !== 0, 's') +
    rwx(mode, (mode & 0o1000) !== 0, 't')
  );
}

function resolveUser(ctx: CommandContext, text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  return accountFor(ctx.fs, text)?.uid ?? null;
}

function resolveGroup(ctx: CommandContext, text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  try {
    return parseGroup(ctx.fs.readFile('/etc/group').toString()).find((g) => g.name === text)?.gid ?? null;
  } catch {
    return null;
  }
}

export const chownCommand = defineCommand({
  name: 'chown',
  path: '/usr/bin/chown',
  availableOn: coreTool('chown'),
  run: (ctx) => {
    const prog = progName(ctx, 'chown');
    const common = scan(ctx, prog, 'RvcfhHLP');
    if ('status' in common) return common.status;
    const spec = common.operands.shift();
    if (spec === undefined || common.operands.length === 0) {
      ctx.stderr(
        spec === undefined
          ? `${prog}: missing operand\nTry '${prog} --help' for more information.\n`
          : `${prog}: missing operand after ${quote(spec)}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const sep = spec.search(/[:.]/);
    const userText = sep === -1 ? spec : spec.slice(0, sep);
    const groupText = sep === -1 ? null : spec.slice(sep + 1);
    let uid: number | null = null;
    let gid: number | null = null;
    if (userText !== '') {
      uid = resolveUser(ctx, userText);
      if (uid === null) {
        ctx.stderr(`${prog}: invalid user: ${quote(spec)}\n`);
        return 1;
      }
    }
    if (groupText !== null && groupText !== '') {
      gid = resolveGroup(ctx, groupText);
      if (gid === null) {
        ctx.stderr(`${prog}: invalid group: ${quote(spec)}\n`);
        return 1;
      }
    } else if (groupText === '' && userText !== '') {
      // "user:" means the user's login group.
      gid = parsePasswd(ctx.fs.readFile('/etc/passwd').toString()).find((u) => u.uid === uid)?.gid ?? null;
    }
    return apply(ctx, prog, common, common.operands, (path, shown, stat) => {
      try {
        ctx.fs.chown(path, uid ?? stat.uid, gid ?? stat.gid);
        if (common.verbose) ctx.stdout(`ownership of ${quote(shown)} retained as ${spec}\n`);
        return true;
      } catch (err) {
        if (!common.silent)
          ctx.stderr(`${prog}: changing ownership of ${quote(shown)}: ${errorText(codeOf(err))}\n`);
        return false;
      }
    });
  },
});

export const chgrpCommand = defineCommand({
  name: 'chgrp',
  path: '/usr/bin/chgrp',
  availableOn: coreTool('chgrp'),
  run: (ctx) => {
    const prog = progName(ctx, 'chgrp');
    const common = scan(ctx, prog, 'RvcfhHLP');
    if ('status' in common) return common.status;
    const group = common.operands.shift();
    if (group === undefined || common.operands.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    const gid = resolveGroup(ctx, group);
    if (gid === null) {
      ctx.stderr(`${prog}: invalid group: ${quote(group)}\n`);
      return 1;
    }
    return apply(ctx, prog, common, common.operands, (path, shown, stat) => {
      try {
        ctx.fs.chown(path, stat.uid, gid);
        return true;
      } catch (err) {
        if (!common.silent)
          ctx.stderr(`${prog}: changing group of ${quote(shown)}: ${errorText(codeOf(err))}\n`);
        return false;
      }
    });
  },
});
