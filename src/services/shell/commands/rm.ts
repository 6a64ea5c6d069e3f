/** rm(1): files, and trees with -r, one entry at a time so what may be removed is (GNU's and BusyBox's wording). */
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

const OPTIONS = [
  { key: 'f', short: 'f', long: 'force' },
  { key: 'i', short: 'i' },
  { key: 'I', short: 'I' },
  { key: 'r', short: 'r', long: 'recursive' },
  { key: 'r', short: 'R' },
  { key: 'd', short: 'd', long: 'dir' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'no-preserve-root', long: 'no-preserve-root' },
  { key: 'preserve-root', long: 'preserve-root', arg: 'optional' },
  { key: 'one-file-system', long: 'one-file-system' },
  { key: 'interactive', long: 'interactive', arg: 'optional' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

export const rmCommand = defineCommand({
  name: 'rm',
  path: '/usr/bin/rm',
  availableOn: coreTool('rm'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'rm', OPTIONS, { gnuStatus: 1, busybox: '[-irf] FILE...' });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(
        coreutilsVersion(ctx, 'rm', 'Paul Rubin, David MacKenzie, Richard M. Stallman,\nand Jim Meyering'),
      );
      return 0;
    }
    if (args.has('help')) {
      ctx.stdout(
        `Usage: ${prog} [OPTION]... [FILE]...\nRemove (unlink) the FILE(s).\n\n  -f, --force           ignore nonexistent files and arguments, never prompt\n  -i                    prompt before every removal\n  -r, -R, --recursive   remove directories and their contents recursively\n  -d, --dir             remove empty directories\n  -v, --verbose         explain what is being done\n      --help        display this help and exit\n      --version     output version information and exit\n`,
      );
      return 0;
    }
    const force = args.has('f');
    const recursive = args.has('r');
    const busybox = isBusybox(ctx);
    if (args.operands.length === 0) {
      if (force) return 0;
      ctx.stderr(
        busybox
          ? `${prog}: missing operand\n`
          : `${prog}: missing operand\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const cannot = (shown: string, text: string) =>
      ctx.stderr(
        busybox
          ? `${prog}: can't remove '${shown}': ${text}\n`
          : `${prog}: cannot remove ${quote(shown)}: ${text}\n`,
      );
    const budget = new WalkBudget();
    let status = 0;

    const removeTree = (path: string, shown: string, stat: FileStat): boolean => {
      if (!budget.take()) return false;
      if (stat.type === 'dir') {
        let names: string[] = [];
        try {
          names = ctx.fs.readdir(path);
        } catch (err) {
          cannot(shown, errorText(codeOf(err)));
          return false;
        }
        let ok = true;
        for (const name of names) {
          const child = path === '/' ? `/${name}` : `${path}/${name}`;
          const st = ctx.fs.lstat(child);
          if (st && !removeTree(child, shown.endsWith('/') ? `${shown}${name}` : `${shown}/${name}`, st))
            ok = false;
        }
        if (!ok) return false;
      }
      try {
        ctx.fs.remove(path);
        if (args.has('v'))
          ctx.stdout(
            stat.type === 'dir' ? `removed directory ${quote(shown)}\n` : `removed ${quote(shown)}\n`,
          );
        return true;
      } catch (err) {
        cannot(shown, errorText(codeOf(err)));
        return false;
      }
    };

    for (const operand of args.operands) {
      const base = operand.replace(/\/+$/, '').split('/').pop();
      if (base === '.' || base === '..') {
        ctx.stderr(
          busybox
            ? `${prog}: can't remove '.' or '..'\n`
            : `${prog}: refusing to remove '.' or '..' directory: skipping ${quote(operand)}\n`,
        );
        status = 1;
        continue;
      }
      const path = absolute(ctx, operand);
      if (path === '/' && recursive && !args.has('no-preserve-root')) {
        ctx.stderr(
          `${prog}: it is dangerous to operate recursively on '/'\n${prog}: use --no-preserve-root to override this failsafe\n`,
        );
        status = 1;
        continue;
      }
      let stat: FileStat | null;
      try {
        stat = ctx.fs.lstat(path);
      } catch (err) {
        if (!force) cannot(operand, errorText(codeOf(err)));
        status = 1;
        continue;
      }
      if (!stat) {
        if (!force) {
          cannot(operand, 'No such file or directory');
          status = 1;
        }
        continue;
      }
      if (stat.type === 'dir' && !recursive) {
        if (args.has('d')) {
          if (!removeTree(path, operand, stat)) status = 1;
          continue;
        }
        ctx.stderr(
          busybox
            ? `${prog}: '${operand}' is a directory\n`
            : `${prog}: cannot remove ${quote(operand)}: Is a directory\n`,
        );
        status = 1;
        continue;
      }
      if (path === '/') {
        // --no-preserve-root: everything below that may go, then "/" itself stays.
        for (const name of ctx.fs.readdir('/')) {
          const st = ctx.fs.lstat(`/${name}`);
          if (st && !removeTree(`/${name}`, `/${name}`, st)) status = 1;
        }
        continue;
      }
      if (!removeTree(path, operand, stat)) status = 1;
    }
    return status;
  },
});
