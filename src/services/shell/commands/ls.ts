/**
 * ls(1): GNU coreutils' listing (columns with tab stops for the terminal's width, one per line into a
 * pipe, long format with owners from the session's passwd, SELinux dot on Red Hat, colours as
 * LS_COLORS or the built-in table say), or BusyBox's on Alpine and firmware.
 */
import type { CommandContext } from '../command.js';
import type { FileStat } from '../filesystem.js';
import { familyOf } from '../machine.js';
import { accountNames, groupNames } from '../vfs/accounts.js';
import { DEVICE_NUMBERS } from '../vfs/node.js';
import { coreTool } from './lib/availability.js';
import {
  busyboxColumns,
  collator,
  gnuColumns,
  humanSize,
  lsTime,
  modeString,
  strftime,
} from './lib/format.js';
import {
  absolute,
  codeOf,
  coreutilsVersion,
  defineCommand,
  errorText,
  isBusybox,
  parseOrReport,
  quote,
  withArgv,
} from './lib/program.js';
import { WalkBudget } from './lib/walk.js';

const OPTIONS = [
  { key: 'a', short: 'a', long: 'all' },
  { key: 'A', short: 'A', long: 'almost-all' },
  { key: 'l', short: 'l' },
  { key: 'h', short: 'h', long: 'human-readable' },
  { key: 'si', long: 'si' },
  { key: 'R', short: 'R', long: 'recursive' },
  { key: 'd', short: 'd', long: 'directory' },
  { key: '1', short: '1' },
  { key: 'C', short: 'C' },
  { key: 'x', short: 'x' },
  { key: 'm', short: 'm' },
  { key: 'F', short: 'F', long: 'classify' },
  { key: 'p', short: 'p' },
  { key: 'i', short: 'i', long: 'inode' },
  { key: 's', short: 's', long: 'size' },
  { key: 'S', short: 'S' },
  { key: 't', short: 't' },
  { key: 'r', short: 'r', long: 'reverse' },
  { key: 'U', short: 'U' },
  { key: 'X', short: 'X' },
  { key: 'v', short: 'v' },
  { key: 'n', short: 'n', long: 'numeric-uid-gid' },
  { key: 'g', short: 'g' },
  { key: 'o', short: 'o' },
  { key: 'G', short: 'G', long: 'no-group' },
  { key: 'L', short: 'L', long: 'dereference' },
  { key: 'H', short: 'H', long: 'dereference-command-line' },
  { key: 'Q', short: 'Q', long: 'quote-name' },
  { key: 'N', short: 'N', long: 'literal' },
  { key: 'c', short: 'c' },
  { key: 'u', short: 'u' },
  { key: 'k', short: 'k', long: 'kibibytes' },
  { key: 'Z', short: 'Z', long: 'context' },
  { key: 'w', short: 'w', long: 'width', arg: 'required' },
  { key: 'color', long: 'color', arg: 'optional' },
  { key: 'color', long: 'colour', arg: 'optional' },
  { key: 'full-time', long: 'full-time' },
  { key: 'time-style', long: 'time-style', arg: 'required' },
  { key: 'group-directories-first', long: 'group-directories-first' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

/** The built-in colours of coreutils' ls when LS_COLORS is unset (dircolors' defaults where it has one). */
const DEFAULT_COLORS: Readonly<Record<string, string>> = {
  di: '01;34',
  ln: '01;36',
  ex: '01;32',
  pi: '33',
  so: '01;35',
  bd: '01;33',
  cd: '01;33',
  su: '37;41',
  sg: '30;43',
  tw: '30;42',
  ow: '34;42',
  st: '37;44',
};

interface Entry {
  name: string;
  path: string;
  stat: FileStat;
  /** For a symlink: what it points to, and whether that exists. */
  target?: { text: string; stat: FileStat | null };
}

interface Settings {
  all: boolean;
  almost: boolean;
  long: boolean;
  human: boolean;
  si: boolean;
  recursive: boolean;
  directory: boolean;
  classify: boolean;
  slash: boolean;
  inode: boolean;
  size: boolean;
  numeric: boolean;
  showOwner: boolean;
  showGroup: boolean;
  dereference: boolean;
  color: boolean;
  format: 'columns' | 'lines' | 'across' | 'commas';
  width: number;
  fullTime: boolean;
  selinux: boolean;
  quoteNames: boolean;
  sort: (a: Entry, b: Entry) => number;
  groupDirsFirst: boolean;
}

function colorsFrom(ctx: CommandContext): { table: Record<string, string>; ext: Map<string, string> } {
  const table: Record<string, string> = { ...DEFAULT_COLORS };
  const ext = new Map<string, string>();
  const spec = ctx.env.get('LS_COLORS');
  if (spec) {
    for (const part of spec.split(':')) {
      const [key, value] = part.split('=');
      if (!key || value === undefined) continue;
      if (key.startsWith('*.')) ext.set(key.slice(1), value);
      else table[key] = value;
    }
  }
  return { table, ext };
}

function colorOf(entry: Entry, colors: ReturnType<typeof colorsFrom>): string | null {
  const { table, ext } = colors;
  const st = entry.stat;
  if (st.type === 'dir') {
    if (st.mode & 0o1000 && st.mode & 0o002) return table.tw ?? null;
    if (st.mode & 0o002) return table.ow ?? null;
    if (st.mode & 0o1000) return table.st ?? null;
    return table.di ?? null;
  }
  if (st.type === 'symlink')
    return entry.target && !entry.target.stat ? (table.or ?? table.ln ?? null) : (table.ln ?? null);
  if (st.type === 'chardev') return table.cd ?? null;
  if (st.mode & 0o4000) return table.su ?? null;
  if (st.mode & 0o2000) return table.sg ?? null;
  if (st.mode & 0o111) return table.ex ?? null;
  const dot = entry.name.lastIndexOf('.');
  if (dot > 0) return ext.get(entry.name.slice(dot)) ?? null;
  return null;
}

function indicator(stat: FileStat, classify: boolean, slash: boolean): string {
  if (stat.type === 'dir') return classify || slash ? '/' : '';
  if (!classify) return '';
  if (stat.type === 'symlink') return '@';
  if (stat.type === 'file' && stat.mode & 0o111) return '*';
  return '';
}

const NEEDS_QUOTING = /[^A-Za-z0-9_@%+=:,./~^-]/;

/** coreutils' shell-escape quoting for names shown on a terminal ('a b', "it's"). */
function displayName(name: string, quoteNames: boolean): string {
  if (quoteNames) return `"${name.replaceAll('"', '\\"')}"`;
  if (!NEEDS_QUOTING.test(name) || name === '') return name;
  return quote(name);
}

function settingsFor(ctx: CommandContext, args: ReturnType<typeof parseOrReport> & { ok: true }): Settings {
  const a = args.args;
  const tty = ctx.terminal.isTty;
  const colorArg = a.has('color') ? (a.value('color') ?? 'always') : 'never';
  const color =
    colorArg === 'always' ||
    colorArg === 'yes' ||
    colorArg === 'force' ||
    ((colorArg === 'auto' || colorArg === 'tty' || colorArg === 'if-tty') && tty);
  const long = a.has('l') || a.has('g') || a.has('o') || a.has('n') || a.has('full-time');
  let format: Settings['format'] = tty ? 'columns' : 'lines';
  for (const o of a.options) {
    if (o.key === '1') format = 'lines';
    else if (o.key === 'C') format = 'columns';
    else if (o.key === 'x') format = 'across';
    else if (o.key === 'm') format = 'commas';
  }
  const compare = collator(ctx);
  const byName = (x: Entry, y: Entry) => compare(x.name, y.name);
  const time = (e: Entry) => e.stat.mtimeMs;
  let sort: Settings['sort'] = byName;
  const last = [...a.options].reverse().find((o) => ['t', 'S', 'U', 'X', 'v'].includes(o.key))?.key;
  if (last === 't') sort = (x, y) => time(y) - time(x) || byName(x, y);
  else if (last === 'S') sort = (x, y) => y.stat.size - x.stat.size || byName(x, y);
  else if (last === 'U') sort = () => 0;
  else if (last === 'X')
    sort = (x, y) =>
      compare(
        x.name.slice(x.name.lastIndexOf('.') + 1 || x.name.length),
        y.name.slice(y.name.lastIndexOf('.') + 1 || y.name.length),
      ) || byName(x, y);
  else if (last === 'v') sort = (x, y) => x.name.localeCompare(y.name, 'en', { numeric: true });
  const sorter = a.has('r') ? (x: Entry, y: Entry) => -sort(x, y) : sort;
  const widthArg = Number(a.value('w'));
  return {
    all: a.has('a'),
    almost: a.has('A'),
    long,
    human: a.has('h') || a.has('si'),
    si: a.has('si'),
    recursive: a.has('R'),
    directory: a.has('d'),
    classify: a.has('F'),
    slash: a.has('p'),
    inode: a.has('i'),
    size: a.has('s'),
    numeric: a.has('n'),
    showOwner: !a.has('g'),
    showGroup: !a.has('o') && !a.has('G'),
    dereference: a.has('L'),
    color,
    format,
    width: Number.isFinite(widthArg) && widthArg > 0 ? widthArg : ctx.terminal.columns || 80,
    fullTime: a.has('full-time') || a.value('time-style') === 'full-iso',
    selinux: familyOf(ctx.machine.distro) === 'rhel',
    quoteNames: a.has('Q'),
    sort: sorter,
    groupDirsFirst: a.has('group-directories-first'),
  };
}

function statEntry(ctx: CommandContext, path: string, name: string, follow: boolean): Entry | null {
  const st = follow ? ctx.fs.stat(path) : ctx.fs.lstat(path);
  if (!st) return null;
  const entry: Entry = { name, path, stat: st };
  if (st.type === 'symlink') {
    let target: FileStat | null = null;
    try {
      target = ctx.fs.stat(path);
    } catch {
      target = null;
    }
    entry.target = { text: st.target ?? '', stat: target };
  }
  return entry;
}

async function ls(ctx: CommandContext): Promise<number> {
  const parsed = parseOrReport(ctx, 'ls', OPTIONS, {
    gnuStatus: 2,
    busybox: '[-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...',
  });
  if (!parsed.ok) return parsed.status;
  const { args, prog } = parsed;
  if (args.has('help')) {
    ctx.stdout(
      `Usage: ${prog} [OPTION]... [FILE]...\nList information about the FILEs (the current directory by default).\nSort entries alphabetically if none of -cftuvSUX nor --sort is specified.\n\nMandatory arguments to long options are mandatory for short options too.\n  -a, --all                  do not ignore entries starting with .\n  -A, --almost-all           do not list implied . and ..\n  -d, --directory            list directories themselves, not their contents\n  -h, --human-readable       with -l and -s, print sizes like 1K 234M 2G etc.\n  -l                         use a long listing format\n  -R, --recursive            list subdirectories recursively\n  -1                         list one file per line\n`,
    );
    return 0;
  }
  if (args.has('version')) {
    ctx.stdout(coreutilsVersion(ctx, 'ls', 'Richard M. Stallman and David MacKenzie'));
    return 0;
  }
  const s = settingsFor(ctx, parsed);
  const busybox = isBusybox(ctx);
  const colors = colorsFrom(ctx);
  const users = accountNames(ctx.fs);
  const groups = groupNames(ctx.fs);
  const now = ctx.clock.now();
  let status = 0;
  let colorStarted = false;

  const paint = (entry: Entry, text: string): string => {
    if (!s.color) return text;
    const code = colorOf(entry, colors);
    if (!code) return text;
    const prefix = colorStarted || busybox ? '' : '\x1b[0m';
    colorStarted = true;
    return `${prefix}\x1b[${code}m${text}\x1b[0m`;
  };

  const nameCell = (e: Entry, long: boolean): string => {
    const shown = displayName(e.name, s.quoteNames);
    let text = paint(e, shown) + indicator(e.stat, s.classify, s.slash);
    if (long && e.stat.type === 'symlink' && e.target) {
      const t = e.target;
      const targetEntry: Entry = { name: t.text, path: '', stat: t.stat ?? e.stat };
      text = `${paint(e, shown)} -> ${t.stat ? paint(targetEntry, t.text) : t.text}`;
    }
    return text;
  };

  const blocks = (st: FileStat) =>
    st.type === 'symlink' || st.type === 'chardev' ? 0 : Math.ceil(st.size / 4096) * 4;
  const blockText = (kib: number) =>
    s.human ? (kib === 0 ? '0' : humanSize(kib * 1024, s.si)) : String(kib);

  const listEntries = (entries: Entry[]): string => {
    if (entries.length === 0) return '';
    if (s.long) return longFormat(entries);
    const cells = entries.map((e) => {
      const prefix = `${s.inode ? `${e.stat.ino} ` : ''}${s.size ? `${blockText(blocks(e.stat))} ` : ''}`;
      return {
        plain: prefix + displayName(e.name, s.quoteNames) + indicator(e.stat, s.classify, s.slash),
        text: prefix + nameCell(e, false),
      };
    });
    if (s.format === 'lines') return cells.map((c) => `${c.text}\n`).join('');
    if (s.format === 'commas') return `${cells.map((c) => c.text).join(', ')}\n`;
    // Lay out on the visible names; print the coloured ones in their place.
    const plain = cells.map((c) => c.plain);
    const text = (i: number) => cells[i]!.text;
    return busybox ? busyboxColumns(plain, s.width, text) : gnuColumns(plain, s.width, text);
  };

  const longFormat = (entries: Entry[]): string => {
    const owner = (uid: number) => (s.numeric ? String(uid) : (users.get(uid) ?? String(uid)));
    const group = (gid: number) => (s.numeric ? String(gid) : (groups.get(gid) ?? String(gid)));
    const sizeCell = (e: Entry): string => {
      if (e.stat.type === 'chardev') {
        const dev = devices(e.path);
        return `${dev[0]}, ${String(dev[1]).padStart(busybox ? 3 : 1)}`;
      }
      return s.human ? humanSize(e.stat.size, s.si) : String(e.stat.size);
    };
    const rows = entries.map((e) => ({
      inode: String(e.stat.ino),
      blocks: blockText(blocks(e.stat)),
      mode: modeString(e.stat) + (s.selinux ? '.' : ''),
      nlink: String(e.stat.nlink),
      owner: owner(e.stat.uid),
      group: group(e.stat.gid),
      size: sizeCell(e),
      time: s.fullTime
        ? `${strftime('%Y-%m-%d %H:%M:%S', e.stat.mtimeMs)}.${String(Math.floor((e.stat.mtimeMs % 1000) * 1e6)).padStart(9, '0')} +0000`
        : busybox
          ? busyboxTime(e.stat.mtimeMs, now)
          : lsTime(e.stat.mtimeMs, now),
      name: nameCell(e, true),
    }));
    const w = (k: keyof (typeof rows)[number]) => Math.max(...rows.map((r) => r[k].length));
    if (busybox) {
      return rows
        .map(
          (r) =>
            `${s.inode ? `${r.inode.padStart(8)} ` : ''}${r.mode.padEnd(10)} ${r.nlink.padStart(4)} ${r.owner.slice(0, 8).padEnd(8)} ${r.group.slice(0, 8).padEnd(8)} ${r.size.padStart(s.human ? 6 : 9)} ${r.time} ${r.name}\n`,
        )
        .join('');
    }
    const wi = w('inode');
    const wb = w('blocks');
    const wn = w('nlink');
    const wo = w('owner');
    const wg = w('group');
    const ws = w('size');
    return rows
      .map(
        (r) =>
          `${s.inode ? `${r.inode.padStart(wi)} ` : ''}${s.size ? `${r.blocks.padStart(wb)} ` : ''}${r.mode} ${r.nlink.padStart(wn)} ${s.showOwner ? `${r.owner.padEnd(wo)} ` : ''}${s.showGroup ? `${r.group.padEnd(wg)} ` : ''}${r.size.padStart(ws)} ${r.time} ${r.name}\n`,
      )
      .join('');
  };

  const readDir = (dirPath: string, shown: string): Entry[] | null => {
    let names: string[];
    try {
      names = ctx.fs.readdir(dirPath);
    } catch (err) {
      const code = codeOf(err);
      ctx.stderr(
        busybox
          ? `${prog}: can't open '${shown}': ${errorText(code)}\n`
          : `${prog}: cannot open directory ${quote(shown)}: ${errorText(code)}\n`,
      );
      status = busybox ? 1 : 2;
      return null;
    }
    const entries: Entry[] = [];
    if (s.all) {
      for (const dot of ['.', '..']) {
        const path =
          dot === '.' ? dirPath : dirPath === '/' ? '/' : dirPath.slice(0, dirPath.lastIndexOf('/')) || '/';
        const e = statEntry(ctx, path, dot, true);
        if (e) entries.push(e);
      }
    }
    for (const name of names) {
      if (name.startsWith('.') && !s.all && !s.almost) continue;
      const path = dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
      try {
        const e = statEntry(ctx, path, name, s.dereference);
        if (e) entries.push(e);
      } catch {
        // Vanished or unreadable entry: skipped, as a racing real ls would.
      }
    }
    const dots = entries.filter((e) => e.name === '.' || e.name === '..');
    const rest = entries.filter((e) => e.name !== '.' && e.name !== '..').sort(s.sort);
    if (s.groupDirsFirst) rest.sort((x, y) => Number(y.stat.type === 'dir') - Number(x.stat.type === 'dir'));
    return [...dots, ...rest];
  };

  const operands = args.operands.length > 0 ? args.operands : ['.'];
  const files: Entry[] = [];
  const dirs: Array<{ entry: Entry; shown: string }> = [];
  for (const operand of operands) {
    const path = absolute(ctx, operand);
    let entry: Entry | null;
    try {
      const followLink = s.dereference || args.has('H') || (!s.long && !s.directory && !s.classify);
      entry = statEntry(ctx, path, operand, false);
      if (entry && entry.stat.type === 'symlink' && followLink && entry.target?.stat) {
        entry = { name: operand, path, stat: entry.target.stat };
      }
    } catch (err) {
      ctx.stderr(
        busybox
          ? `${prog}: ${operand}: ${errorText(codeOf(err))}\n`
          : `${prog}: cannot access ${quote(operand)}: ${errorText(codeOf(err))}\n`,
      );
      status = busybox ? 1 : 2;
      continue;
    }
    if (!entry) {
      ctx.stderr(
        busybox
          ? `${prog}: ${operand}: No such file or directory\n`
          : `${prog}: cannot access ${quote(operand)}: No such file or directory\n`,
      );
      status = busybox ? 1 : 2;
      continue;
    }
    if (entry.stat.type === 'dir' && !s.directory) dirs.push({ entry, shown: operand });
    else files.push(entry);
  }
  files.sort(s.sort);
  dirs.sort((x, y) => s.sort(x.entry, y.entry));
  let out = listEntries(files);
  const headers = operands.length > 1 || s.recursive || files.length > 0;
  const budget = new WalkBudget();
  const showDir = (path: string, shown: string, first: boolean) => {
    if (!budget.take()) return;
    const entries = readDir(path, shown);
    if (entries === null) return;
    if (headers) out += `${first && files.length === 0 ? '' : '\n'}${displayName(shown, false)}:\n`;
    if (s.long) out += `total ${blockText(entries.reduce((a, e) => a + blocks(e.stat), 0))}\n`;
    out += listEntries(entries);
    if (s.recursive) {
      for (const e of entries) {
        if (e.stat.type !== 'dir' || e.name === '.' || e.name === '..') continue;
        showDir(e.path, shown === '/' ? `/${e.name}` : `${shown.replace(/\/$/, '')}/${e.name}`, false);
      }
    }
  };
  dirs.forEach((d, i) => {
    showDir(d.entry.path, d.shown, i === 0);
  });
  ctx.stdout(out);
  return status;
}

/** BusyBox ls -l time: "Nov 27 10:12" within six months, "Nov 27  2023" before (ctime-based). */
function busyboxTime(ms: number, now: number): string {
  const recent = ms > now - 15_778_476_000 && ms <= now;
  return recent ? strftime('%b %e %H:%M', ms) : strftime('%b %e  %Y', ms);
}

function devices(path: string): readonly [number, number] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const known = (DEVICE_NUMBERS as Record<string, readonly [number, number]>)[name];
  if (known) return known;
  if (path.startsWith('/dev/pts/')) return [136, Number(name) || 0];
  return DEVICE_NUMBERS.null;
}

export const lsCommand = defineCommand({
  name: 'ls',
  path: '/usr/bin/ls',
  availableOn: coreTool('ls'),
  run: ls,
});
export const dirCommand = defineCommand({
  name: 'dir',
  path: '/usr/bin/dir',
  availableOn: (d) => familyOf(d) === 'debian' || familyOf(d) === 'rhel' || familyOf(d) === 'arch',
  run: (ctx) => ls(withArgv(ctx, [ctx.argv[0] ?? 'dir', '-C', ...ctx.argv.slice(1)])),
});
