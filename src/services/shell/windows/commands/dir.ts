/**
 * `dir`: directory listings in cmd's exact layout (volume header, `<DIR>` and size columns, the
 * `File(s)` and `Dir(s) … bytes free` summary), with `/b` bare names, `/a` attribute filters, `/s`
 * recursion (bounded) and wildcards.
 */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { type DriveEntry, DriveError } from '../drive.js';
import { CMD_LIMITS } from '../limits.js';
import { hasWildcard, leafOf, parentOf, wildcardMatches } from '../paths.js';
import { groupDigits, identityOf, shortDate, shortTime, volumeBytes } from '../system.js';

interface Options {
  bare: boolean;
  recursive: boolean;
  /** Attribute filter: null shows what is not hidden or system; '' shows everything. */
  attributes: string | null;
}

interface Totals {
  files: number;
  bytes: number;
  dirs: number;
}

export const dirCommand = defineCmd({
  name: 'dir',
  run: (ctx) => {
    const options: Options = { bare: false, recursive: false, attributes: null };
    const targets: string[] = [];
    for (const arg of ctx.args) {
      // dir takes only `/` switches: `-x` is a file name.
      if (!arg.startsWith('/') || arg.length < 2) {
        targets.push(arg);
        continue;
      }
      const body = arg.slice(1).toLowerCase();
      if (body === 'b') options.bare = true;
      else if (body === 's') options.recursive = true;
      else if (body.startsWith('a')) options.attributes = body.slice(1).replace(/^:/, '');
      else if (/^(o|t|q|w|p|x|c|l|n|4|r)/.test(body)) continue;
      else {
        ctx.stderr(`Invalid switch - "${arg.slice(1)}".\r\n`);
        return 1;
      }
    }
    if (targets.length === 0) targets.push('.');
    let status = 0;
    const grand: Totals = { files: 0, bytes: 0, dirs: 0 };
    if (!options.bare) header(ctx);
    for (const target of targets) {
      if (!listTarget(ctx, target, options, grand)) status = 1;
    }
    if (!options.bare && options.recursive && grand.files + grand.dirs > 0) {
      ctx.stdout(`\r\n     Total Files Listed:\r\n${fileSummary(grand)}${freeSummary(ctx, grand.dirs)}`);
    }
    return status;
  },
});

function header(ctx: CmdContext): void {
  ctx.stdout(
    ` Volume in drive C has no label.\r\n Volume Serial Number is ${identityOf(ctx.machine).volumeSerial}\r\n`,
  );
}

function fileSummary(totals: Totals): string {
  return `${String(totals.files).padStart(16)} File(s) ${groupDigits(totals.bytes).padStart(14)} bytes\r\n`;
}

function freeSummary(ctx: CmdContext, dirs: number): string {
  return `${String(dirs).padStart(16)} Dir(s) ${groupDigits(volumeBytes(ctx.machine).free).padStart(15)} bytes free\r\n`;
}

function visible(entry: DriveEntry, filter: string | null): boolean {
  const { hidden, system, readOnly, archive } = entry.attributes;
  if (filter === null) return !hidden && !system;
  for (let i = 0; i < filter.length; i++) {
    const negate = filter[i] === '-';
    const code = negate ? filter[++i] : filter[i];
    const has =
      code === 'd'
        ? entry.stat.type === 'dir'
        : code === 'h'
          ? hidden
          : code === 's'
            ? system
            : code === 'r'
              ? readOnly
              : code === 'a'
                ? archive
                : code === 'l'
                  ? entry.stat.type === 'symlink'
                  : true;
    if (has === negate) return false;
  }
  return true;
}

/** Whether `.` and `..` belong in a listing with this attribute filter. */
function showsDirectories(filter: string | null): boolean {
  if (filter === null || filter === '') return true;
  return filter.includes('d') && !filter.includes('-d');
}

function line(entry: { stat: { type: string; size: number; mtimeMs: number } }, name: string): string {
  const when = `${shortDate(entry.stat.mtimeMs)}  ${shortTime(entry.stat.mtimeMs)}`;
  const size = entry.stat.type === 'dir' ? '    <DIR>         ' : groupDigits(entry.stat.size).padStart(18);
  return `${when}${size} ${name}\r\n`;
}

/** Lists one argument (a directory, a file, or a wildcard); false when nothing matched. */
function listTarget(ctx: CmdContext, target: string, options: Options, grand: Totals): boolean {
  const path = ctx.drive.resolve(target);
  let directory = path;
  let pattern = '*';
  const stat = ctx.drive.stat(path);
  if (hasWildcard(leafOf(path)) || stat?.type === 'file') {
    directory = parentOf(path);
    pattern = leafOf(path);
  } else if (stat === null) {
    if (!ctx.drive.isDirectory(parentOf(path))) {
      if (!options.bare) ctx.stdout('\r\n');
      ctx.stderr('The system cannot find the path specified.\r\n');
      return false;
    }
    directory = parentOf(path);
    pattern = leafOf(path);
  }
  const queue = [directory];
  let walked = 0;
  let found = false;
  while (queue.length > 0 && walked < CMD_LIMITS.maxDirectoriesWalked) {
    const current = queue.shift() as string;
    walked++;
    let entries: DriveEntry[];
    try {
      entries = ctx.drive.list(current);
    } catch (err) {
      if (!options.recursive) {
        ctx.stderr(`${err instanceof DriveError ? err.message : 'Access is denied.'}\r\n`);
        return false;
      }
      continue;
    }
    const shown = entries.filter((e) => visible(e, options.attributes) && wildcardMatches(pattern, e.name));
    if (options.recursive)
      for (const e of entries)
        if (e.stat.type === 'dir' && visible(e, options.attributes ?? '')) queue.push(e.path);
    if (shown.length === 0 && !(pattern === '*' && !options.recursive)) continue;
    found = true;
    if (options.bare) {
      for (const e of shown) ctx.stdout(`${options.recursive ? e.path : e.name}\r\n`);
      continue;
    }
    ctx.stdout(`\r\n Directory of ${current}\r\n\r\n`);
    const totals: Totals = { files: 0, bytes: 0, dirs: 0 };
    const isRoot = current.length <= 3;
    if (!isRoot && (pattern === '*' || pattern === '*.*') && showsDirectories(options.attributes)) {
      const self = ctx.drive.stat(current);
      const parent = ctx.drive.stat(parentOf(current));
      if (self) ctx.stdout(line({ stat: self }, '.'));
      if (parent) ctx.stdout(line({ stat: parent }, '..'));
      totals.dirs += 2;
    }
    for (const e of shown) {
      ctx.stdout(line(e, e.name));
      if (e.stat.type === 'dir') totals.dirs++;
      else {
        totals.files++;
        totals.bytes += e.stat.size;
      }
    }
    grand.files += totals.files;
    grand.bytes += totals.bytes;
    grand.dirs += totals.dirs;
    ctx.stdout(
      options.recursive ? fileSummary(totals) : `${fileSummary(totals)}${freeSummary(ctx, totals.dirs)}`,
    );
  }
  if (!found) {
    if (!options.bare) ctx.stdout('\r\n');
    ctx.stderr('File Not Found\r\n');
    return false;
  }
  return true;
}
