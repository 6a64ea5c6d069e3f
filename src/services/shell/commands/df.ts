/** df(1): GNU coreutils' table (or BusyBox's) over the decky's mount table and the session's /run/user. */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { type MountEntry, mountTable, userRuntimeMount } from '../vfs/mounts.js';
import { coreTool } from './lib/availability.js';
import { humanSize } from './lib/format.js';
import {
  absolute,
  coreutilsVersion,
  defineCommand,
  isBusybox,
  parseOrReport,
  progName,
  quote,
} from './lib/program.js';

const OPTIONS = [
  { key: 'a', short: 'a', long: 'all' },
  { key: 'B', short: 'B', long: 'block-size', arg: 'required' },
  { key: 'h', short: 'h', long: 'human-readable' },
  { key: 'H', short: 'H', long: 'si' },
  { key: 'i', short: 'i', long: 'inodes' },
  { key: 'k', short: 'k' },
  { key: 'l', short: 'l', long: 'local' },
  { key: 'P', short: 'P', long: 'portability' },
  { key: 'T', short: 'T', long: 'print-type' },
  { key: 't', short: 't', long: 'type', arg: 'required' },
  { key: 'x', short: 'x', long: 'exclude-type', arg: 'required' },
  { key: 'm', short: 'm' },
  { key: 'total', long: 'total' },
  { key: 'output', long: 'output', arg: 'optional' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

/** The mount holding `path`: the longest mount point that prefixes it. */
function mountOf(entries: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const e of entries) {
    const inside = e.target === '/' || path === e.target || path.startsWith(`${e.target}/`);
    if (inside && (!best || e.target.length > best.target.length)) best = e;
  }
  return best;
}

function usePercent(e: MountEntry): string {
  if (e.blocks === 0) return '-';
  const used = e.used;
  const avail = e.available;
  return `${used + avail === 0 ? 0 : Math.ceil((used * 100) / (used + avail))}%`;
}

function rows(ctx: CommandContext, all: boolean): MountEntry[] {
  const table = mountTable(ctx.machine).filter((e) => all || e.inDf);
  const runtime = userRuntimeMount(ctx.machine, ctx.user.uid);
  if (runtime) table.push(runtime);
  return table;
}

/**
 * humanize_number(3) as FreeBSD's df calls it (HN_AUTOSCALE | HN_DECIMAL | HN_B, four characters): one
 * decimal below ten ("2.9G"), whole numbers up to 999 ("227G"), "0B" for nothing.
 */
export function freebsdHumanSize(bytes: number): string {
  const suffixes = ['B', 'K', 'M', 'G', 'T', 'P'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < suffixes.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit > 0 && value < 9.95) return `${value.toFixed(1)}${suffixes[unit]}`;
  return `${Math.round(value)}${suffixes[unit]}`;
}

/** FreeBSD's df(1) table (df.c): Filesystem, Size/1K-blocks, Used, Avail, Capacity, Mounted on. */
function freebsdDf(ctx: CommandContext): number {
  const prog = progName(ctx, 'df');
  let human = false;
  const operands: string[] = [];
  for (const arg of ctx.argv.slice(1)) {
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (const c of arg.slice(1)) {
      if (c === 'h' || c === 'H') human = true;
      else if (!'aciklmnPT,g'.includes(c)) {
        ctx.stderr(
          `${prog}: illegal option -- ${c}\nusage: df [-b | -g | -H | -h | -k | -m | -P] [-acilnT] [-,] [--libxo]\n          [-t type] [file | filesystem ...]\n`,
        );
        return 1;
      }
    }
  }
  const table = mountTable(ctx.machine);
  let entries = table;
  let status = 0;
  if (operands.length > 0) {
    entries = [];
    for (const operand of operands) {
      const path = absolute(ctx, operand);
      let exists = false;
      try {
        exists = ctx.fs.stat(path) !== null;
      } catch {
        exists = false;
      }
      const m = exists ? mountOf(table, path) : undefined;
      if (!m) {
        ctx.stderr(`${prog}: ${operand}: No such file or directory\n`);
        status = 1;
        continue;
      }
      entries.push(m);
    }
    if (entries.length === 0) return status;
  }
  const size = (k: number) => (human ? freebsdHumanSize(k * 1024) : String(k));
  const headers = [human ? 'Size' : '1K-blocks', 'Used', 'Avail'];
  const cells = entries.map((e) => [size(e.blocks), size(e.used), size(e.available)]);
  // Human sizes sit in seven-character columns; block counts in columns as wide as their widest value.
  const widths = headers.map((h, i) => Math.max(human ? 7 : h.length, ...cells.map((r) => r[i]!.length)));
  const nameWidth = Math.max('Filesystem'.length, ...entries.map((e) => e.source.length));
  const capacity = (e: MountEntry) =>
    e.used + e.available === 0 ? 100 : Math.round((e.used * 100) / (e.used + e.available));
  let out = `${'Filesystem'.padEnd(nameWidth)} ${headers.map((h, i) => h.padStart(widths[i]!)).join(' ')} Capacity  Mounted on\n`;
  entries.forEach((e, row) => {
    out += `${e.source.padEnd(nameWidth)} ${cells[row]!.map((c, i) => c.padStart(widths[i]!)).join(' ')} ${String(capacity(e)).padStart(5)}%    ${e.target}\n`;
  });
  ctx.stdout(out);
  return status;
}

export const dfCommand = defineCommand({
  name: 'df',
  path: '/usr/bin/df',
  availableOn: coreTool('df'),
  run: (ctx) => {
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdDf(ctx);
    const parsed = parseOrReport(ctx, 'df', OPTIONS, {
      gnuStatus: 1,
      busybox: '[-PkmhT] [-t TYPE] [FILESYSTEM]...',
    });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'df', 'Torbjorn Granlund, David MacKenzie, and Paul Eggert'));
      return 0;
    }
    if (args.has('help')) {
      ctx.stdout(
        `Usage: ${prog} [OPTION]... [FILE]...\nShow information about the file system on which each FILE resides,\nor all file systems by default.\n`,
      );
      return 0;
    }
    let entries = rows(ctx, args.has('a'));
    const types = args.values('t');
    const excluded = args.values('x');
    if (types.length > 0) entries = entries.filter((e) => types.includes(e.type));
    if (excluded.length > 0) entries = entries.filter((e) => !excluded.includes(e.type));
    let status = 0;
    if (args.operands.length > 0) {
      const picked: MountEntry[] = [];
      for (const operand of args.operands) {
        const path = absolute(ctx, operand);
        let exists = false;
        try {
          exists = ctx.fs.stat(path) !== null;
        } catch {
          exists = false;
        }
        if (!exists) {
          ctx.stderr(
            isBusybox(ctx)
              ? `${prog}: ${operand}: No such file or directory\n`
              : `${prog}: ${quote(operand)}: No such file or directory\n`,
          );
          status = 1;
          continue;
        }
        const m = mountOf(rows(ctx, true), path);
        if (m) picked.push(m);
      }
      entries = picked;
      if (entries.length === 0) return status;
    }
    const human = args.has('h') || args.has('H');
    const si = args.has('H');
    const typed = args.has('T');
    const inodes = args.has('i');
    if (isBusybox(ctx)) {
      let out = `Filesystem           ${typed ? 'Type       ' : ''}${human ? '     Size      Used Available' : inodes ? '   Inodes      Used Available' : '1K-blocks      Used Available'} Use% Mounted on\n`;
      for (const e of entries) {
        const fmt = (k: number) =>
          (human ? humanSize(k * 1024, si).replace(/([KMGT])$/, '$1') : String(k)).padStart(9);
        const name = e.source.length > 20 ? `${e.source}\n${' '.repeat(20)}` : e.source.padEnd(20);
        out += `${name} ${typed ? `${e.type.padEnd(10)} ` : ''}${fmt(e.blocks)} ${fmt(e.used)} ${fmt(e.available)} ${`${usePercent(e).replace('-', '0').replace('%', '').padStart(3)}%`} ${e.target}\n`;
      }
      ctx.stdout(out);
      return status;
    }
    const header = [
      'Filesystem',
      ...(typed ? ['Type'] : []),
      inodes
        ? 'Inodes'
        : human
          ? 'Size'
          : args.has('m')
            ? '1M-blocks'
            : args.has('P')
              ? '1024-blocks'
              : '1K-blocks',
      inodes ? 'IUsed' : 'Used',
      inodes ? 'IFree' : args.has('P') ? 'Available' : human ? 'Avail' : 'Available',
      inodes ? 'IUse%' : args.has('P') ? 'Capacity' : 'Use%',
      'Mounted on',
    ];
    const body = entries.map((e) => {
      const value = (k: number) =>
        human ? (k === 0 ? '0' : humanSize(k * 1024, si)) : String(args.has('m') ? Math.ceil(k / 1024) : k);
      const inodeCells = () => {
        const total = e.blocks === 0 ? 0 : Math.floor(e.blocks / 4);
        const used = e.used === 0 ? (total > 0 ? 1 : 0) : Math.floor(e.used / 16);
        return [
          String(total),
          String(used),
          String(total - used),
          total === 0 ? '-' : `${Math.ceil((used * 100) / total)}%`,
        ];
      };
      const cells = inodes
        ? inodeCells()
        : [value(e.blocks), value(e.used), value(e.available), usePercent(e)];
      return [e.source, ...(typed ? [e.type] : []), ...cells, e.target];
    });
    if (args.has('total')) {
      const sum = (f: (e: MountEntry) => number) => entries.reduce((a, e) => a + f(e), 0);
      const t = {
        blocks: sum((e) => e.blocks),
        used: sum((e) => e.used),
        available: sum((e) => e.available),
      };
      const value = (k: number) => (human ? humanSize(k * 1024, si) : String(k));
      body.push([
        'total',
        ...(typed ? ['-'] : []),
        value(t.blocks),
        value(t.used),
        value(t.available),
        `${Math.ceil((t.used * 100) / Math.max(1, t.used + t.available))}%`,
        '-',
      ]);
    }
    // coreutils sizes each column to its widest cell; the first and the type column are left-aligned.
    const all = [header, ...body];
    // Minimum widths from coreutils' field table: source 14, type 4, sizes 5, percentage 4.
    const minimum = [14, ...(typed ? [4] : []), 5, 5, 5, 4, 0];
    const widths = header.map((_, i) => Math.max(minimum[i] ?? 0, ...all.map((r) => r[i]!.length)));
    const leftAligned = (i: number) => i === 0 || (typed && i === 1) || i === header.length - 1;
    const line = (r: string[]) =>
      r
        .map((c, i) => {
          if (i === r.length - 1) return c;
          if (leftAligned(i)) return c.padEnd(widths[i]!);
          // Headers of numeric columns are right-aligned except "Use%"-like ones, which coreutils centres right too.
          return c.padStart(widths[i]!);
        })
        .join(' ');
    ctx.stdout(`${all.map(line).join('\n')}\n`);
    return status;
  },
});
