/** cp(1) and mv(1): copies (recursive with -r/-a) and renames inside the session filesystem. */
import type { CommandContext } from '../command.js';
import type { FileStat } from '../filesystem.js';
import { coreTool } from './lib/availability.js';
import {
  absolute,
  codeOf,
  coreutilsVersion,
  defineCommand,
  errorText,
  isBusybox,
  parseOrReport,
  quote,
} from './lib/program.js';
import { WalkBudget } from './lib/walk.js';

const CP_OPTIONS = [
  { key: 'r', short: 'r', long: 'recursive' },
  { key: 'r', short: 'R' },
  { key: 'a', short: 'a', long: 'archive' },
  { key: 'p', short: 'p' },
  { key: 'preserve', long: 'preserve', arg: 'optional' },
  { key: 'f', short: 'f', long: 'force' },
  { key: 'i', short: 'i', long: 'interactive' },
  { key: 'n', short: 'n', long: 'no-clobber' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'u', short: 'u', long: 'update' },
  { key: 'd', short: 'd' },
  { key: 'P', short: 'P', long: 'no-dereference' },
  { key: 'L', short: 'L', long: 'dereference' },
  { key: 'T', short: 'T', long: 'no-target-directory' },
  { key: 't', short: 't', long: 'target-directory', arg: 'required' },
  { key: 'b', short: 'b' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || trimmed;
}

/** Where each source goes: into the target directory, or onto the target name. */
function destinations(
  ctx: CommandContext,
  sources: readonly string[],
  target: string,
  intoDir: boolean,
): Array<{ source: string; dest: string; shownDest: string }> {
  return sources.map((source) => {
    if (intoDir) {
      const name = baseName(source);
      return {
        source,
        dest: join(absolute(ctx, target), name),
        shownDest: target.endsWith('/') ? `${target}${name}` : `${target}/${name}`,
      };
    }
    return { source, dest: absolute(ctx, target), shownDest: target };
  });
}

export const cpCommand = defineCommand({
  name: 'cp',
  path: '/usr/bin/cp',
  availableOn: coreTool('cp'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'cp', CP_OPTIONS, {
      gnuStatus: 1,
      busybox: '[-arPLHpfinlsTu] SOURCE DEST',
    });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'cp', 'Torbjorn Granlund, David MacKenzie, and Jim Meyering'));
      return 0;
    }
    const busybox = isBusybox(ctx);
    const recursive = args.has('r') || args.has('a');
    const preserve = args.has('a') || args.has('p') || args.has('preserve');
    const targetDir = args.value('t');
    const operands = [...args.operands];
    if (operands.length === 0 || (operands.length === 1 && targetDir === undefined)) {
      ctx.stderr(
        operands.length === 0
          ? `${prog}: missing file operand\nTry '${prog} --help' for more information.\n`
          : `${prog}: missing destination file operand after ${quote(operands[0]!)}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const target = targetDir ?? operands.pop()!;
    let targetStat: FileStat | null = null;
    try {
      targetStat = ctx.fs.stat(absolute(ctx, target));
    } catch {
      targetStat = null;
    }
    const intoDir = targetStat?.type === 'dir' && !args.has('T');
    if (operands.length > 1 && !intoDir) {
      ctx.stderr(`${prog}: target ${quote(target)} is not a directory\n`);
      return 1;
    }
    const budget = new WalkBudget();
    let status = 0;
    const copyOne = (
      src: string,
      dest: string,
      shownSrc: string,
      shownDest: string,
      stat: FileStat,
    ): boolean => {
      if (!budget.take()) return false;
      if (stat.type === 'dir') {
        try {
          const existing = ctx.fs.stat(dest);
          if (!existing) ctx.fs.mkdir(dest, { mode: stat.mode });
          else if (existing.type !== 'dir') {
            ctx.stderr(
              `${prog}: cannot overwrite non-directory ${quote(shownDest)} with directory ${quote(shownSrc)}\n`,
            );
            return false;
          }
        } catch (err) {
          ctx.stderr(`${prog}: cannot create directory ${quote(shownDest)}: ${errorText(codeOf(err))}\n`);
          return false;
        }
        let ok = true;
        let names: string[] = [];
        try {
          names = ctx.fs.readdir(src);
        } catch (err) {
          ctx.stderr(`${prog}: cannot access ${quote(shownSrc)}: ${errorText(codeOf(err))}\n`);
          return false;
        }
        for (const name of names) {
          const st = ctx.fs.lstat(join(src, name));
          if (
            st &&
            !copyOne(join(src, name), join(dest, name), `${shownSrc}/${name}`, `${shownDest}/${name}`, st)
          )
            ok = false;
        }
        if (preserve) {
          try {
            ctx.fs.utimes(dest, stat.mtimeMs);
          } catch {
            // A directory the copy made but may not stamp: the copy stands.
          }
        }
        if (args.has('v')) ctx.stdout(`${quote(shownSrc)} -> ${quote(shownDest)}\n`);
        return ok;
      }
      if (stat.type === 'symlink' && (args.has('P') || args.has('a') || args.has('d'))) {
        try {
          if (ctx.fs.lstat(dest)) ctx.fs.remove(dest);
          ctx.fs.symlink(stat.target ?? '', dest);
          return true;
        } catch (err) {
          ctx.stderr(`${prog}: cannot create symbolic link ${quote(shownDest)}: ${errorText(codeOf(err))}\n`);
          return false;
        }
      }
      try {
        const existing = ctx.fs.stat(dest);
        if (existing?.type === 'dir') {
          ctx.stderr(`${prog}: cannot overwrite directory ${quote(shownDest)} with non-directory\n`);
          return false;
        }
        if (existing && args.has('n')) return true;
        if (existing && ctx.fs.realpath(dest) === ctx.fs.realpath(src)) {
          ctx.stderr(`${prog}: ${quote(shownSrc)} and ${quote(shownDest)} are the same file\n`);
          return false;
        }
        const data = ctx.fs.readFile(src);
        ctx.fs.writeFile(dest, data, {
          mode: existing ? undefined : stat.mode & (preserve ? 0o7777 : 0o755),
        });
        if (preserve) {
          ctx.fs.utimes(dest, stat.mtimeMs);
          if (ctx.user.uid === 0) ctx.fs.chown(dest, stat.uid, stat.gid);
          ctx.fs.chmod(dest, stat.mode);
        }
        if (args.has('v')) ctx.stdout(`${quote(shownSrc)} -> ${quote(shownDest)}\n`);
        return true;
      } catch (err) {
        const code = codeOf(err);
        const text = errorText(code);
        if (code === 'EACCES' && ctx.fs.lstat(src) !== null && readable(ctx, src) === false) {
          ctx.stderr(
            busybox
              ? `${prog}: can't open '${shownSrc}': ${text}\n`
              : `${prog}: cannot open ${quote(shownSrc)} for reading: ${text}\n`,
          );
        } else {
          ctx.stderr(
            busybox
              ? `${prog}: can't create '${shownDest}': ${text}\n`
              : `${prog}: cannot create regular file ${quote(shownDest)}: ${text}\n`,
          );
        }
        return false;
      }
    };
    for (const { source, dest, shownDest } of destinations(ctx, operands, target, intoDir)) {
      const src = absolute(ctx, source);
      let stat: FileStat | null;
      try {
        stat = args.has('P') || args.has('a') ? ctx.fs.lstat(src) : ctx.fs.stat(src);
      } catch (err) {
        ctx.stderr(
          busybox
            ? `${prog}: can't stat '${source}': ${errorText(codeOf(err))}\n`
            : `${prog}: cannot stat ${quote(source)}: ${errorText(codeOf(err))}\n`,
        );
        status = 1;
        continue;
      }
      if (!stat) {
        ctx.stderr(
          busybox
            ? `${prog}: can't stat '${source}': No such file or directory\n`
            : `${prog}: cannot stat ${quote(source)}: No such file or directory\n`,
        );
        status = 1;
        continue;
      }
      if (stat.type === 'dir' && !recursive) {
        ctx.stderr(
          busybox
            ? `${prog}: omitting directory '${source}'\n`
            : `${prog}: -r not specified; omitting directory ${quote(source)}\n`,
        );
        status = 1;
        continue;
      }
      if (stat.type === 'dir' && (dest === src || dest.startsWith(`${src}/`))) {
        ctx.stderr(`${prog}: cannot copy a directory, ${quote(source)}, into itself, ${quote(shownDest)}\n`);
        status = 1;
        continue;
      }
      if (!copyOne(src, dest, source, shownDest, stat)) status = 1;
    }
    return status;
  },
});

function readable(ctx: CommandContext, path: string): boolean {
  try {
    ctx.fs.readFile(path);
    return true;
  } catch {
    return false;
  }
}

export const mvCommand = defineCommand({
  name: 'mv',
  path: '/usr/bin/mv',
  availableOn: coreTool('mv'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'mv',
      [
        { key: 'f', short: 'f', long: 'force' },
        { key: 'i', short: 'i', long: 'interactive' },
        { key: 'n', short: 'n', long: 'no-clobber' },
        { key: 'v', short: 'v', long: 'verbose' },
        { key: 'u', short: 'u', long: 'update' },
        { key: 'T', short: 'T', long: 'no-target-directory' },
        { key: 't', short: 't', long: 'target-directory', arg: 'required' },
        { key: 'b', short: 'b' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-fin] SOURCE DEST' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'mv', 'Mike Parker, David MacKenzie, and Jim Meyering'));
      return 0;
    }
    const busybox = isBusybox(ctx);
    const operands = [...args.operands];
    const targetDir = args.value('t');
    if (operands.length === 0 || (operands.length === 1 && targetDir === undefined)) {
      ctx.stderr(
        operands.length === 0
          ? `${prog}: missing file operand\nTry '${prog} --help' for more information.\n`
          : `${prog}: missing destination file operand after ${quote(operands[0]!)}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const target = targetDir ?? operands.pop()!;
    let targetStat: FileStat | null = null;
    try {
      targetStat = ctx.fs.stat(absolute(ctx, target));
    } catch {
      targetStat = null;
    }
    const intoDir = targetStat?.type === 'dir' && !args.has('T');
    if (operands.length > 1 && !intoDir) {
      ctx.stderr(`${prog}: target ${quote(target)} is not a directory\n`);
      return 1;
    }
    let status = 0;
    for (const { source, dest, shownDest } of destinations(ctx, operands, target, intoDir)) {
      const src = absolute(ctx, source);
      try {
        const st = ctx.fs.lstat(src);
        if (!st) {
          ctx.stderr(
            busybox
              ? `${prog}: can't rename '${source}': No such file or directory\n`
              : `${prog}: cannot stat ${quote(source)}: No such file or directory\n`,
          );
          status = 1;
          continue;
        }
        if (dest === src) {
          ctx.stderr(`${prog}: ${quote(source)} and ${quote(shownDest)} are the same file\n`);
          status = 1;
          continue;
        }
        if (args.has('n') && ctx.fs.lstat(dest)) continue;
        ctx.fs.rename(src, dest);
        if (args.has('v')) ctx.stdout(`renamed ${quote(source)} -> ${quote(shownDest)}\n`);
      } catch (err) {
        const code = codeOf(err);
        if (code === 'EINVAL')
          ctx.stderr(
            `${prog}: cannot move ${quote(source)} to a subdirectory of itself, ${quote(shownDest)}\n`,
          );
        else if (code === 'ENOTEMPTY')
          ctx.stderr(`${prog}: cannot move ${quote(source)} to ${quote(shownDest)}: Directory not empty\n`);
        else
          ctx.stderr(
            busybox
              ? `${prog}: can't rename '${source}': ${errorText(code)}\n`
              : `${prog}: cannot move ${quote(source)} to ${quote(shownDest)}: ${errorText(code)}\n`,
          );
        status = 1;
      }
    }
    return status;
  },
});
