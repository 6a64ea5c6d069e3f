/** du(1): disk usage in 1K blocks of the session's files (4 KiB allocation units, as ext4 and xfs allocate). */
import type { FileStat } from '../filesystem.js';
import { coreTool } from './lib/availability.js';
import { humanSize } from './lib/format.js';
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
import { walk } from './lib/walk.js';

const OPTIONS = [
  { key: 'a', short: 'a', long: 'all' },
  { key: 'c', short: 'c', long: 'total' },
  { key: 'd', short: 'd', long: 'max-depth', arg: 'required' },
  { key: 'h', short: 'h', long: 'human-readable' },
  { key: 'H', long: 'si' },
  { key: 'k', short: 'k' },
  { key: 'm', short: 'm' },
  { key: 's', short: 's', long: 'summarize' },
  { key: 'x', short: 'x', long: 'one-file-system' },
  { key: 'b', short: 'b', long: 'bytes' },
  { key: 'L', short: 'L', long: 'dereference' },
  { key: 'apparent', long: 'apparent-size' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

/** Blocks (1 KiB) a file occupies: whole 4 KiB units; /proc files and symlinks none. */
export function blocksOf(stat: FileStat): number {
  if (stat.type === 'symlink' || stat.type === 'chardev') return 0;
  return Math.ceil(stat.size / 4096) * 4;
}

export const duCommand = defineCommand({
  name: 'du',
  path: '/usr/bin/du',
  availableOn: coreTool('du'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'du', OPTIONS, { gnuStatus: 1, busybox: '[-aHLdclsxhmk] [FILE]...' });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(
        coreutilsVersion(ctx, 'du', 'Torbjorn Granlund, David MacKenzie, Paul Eggert,\nand Jim Meyering'),
      );
      return 0;
    }
    const depthValue = args.value('d');
    const maxDepth = args.has('s')
      ? 0
      : depthValue !== undefined
        ? Number(depthValue)
        : Number.POSITIVE_INFINITY;
    if (Number.isNaN(maxDepth) || maxDepth < 0) {
      ctx.stderr(
        `${prog}: invalid maximum depth ${quote(depthValue ?? '')}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const format = (kib: number, bytes: number) => {
      if (args.has('b')) return String(bytes);
      if (args.has('h') || args.has('H')) return kib === 0 ? '0' : humanSize(kib * 1024, args.has('H'));
      if (args.has('m')) return String(Math.ceil(kib / 1024));
      return String(kib);
    };
    let status = 0;
    let grand = 0;
    const operands = args.operands.length > 0 ? args.operands : ['.'];
    for (const operand of operands) {
      const path = absolute(ctx, operand);
      let stat: FileStat | null;
      try {
        stat = ctx.fs.lstat(path);
      } catch (err) {
        ctx.stderr(`${prog}: cannot access ${quote(operand)}: ${errorText(codeOf(err))}\n`);
        status = 1;
        continue;
      }
      if (!stat) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: ${operand}: No such file or directory\n`
            : `${prog}: cannot access ${quote(operand)}: No such file or directory\n`,
        );
        status = 1;
        continue;
      }
      const sizes = new Map<string, { kib: number; bytes: number }>();
      const totals: Array<{ kib: number; bytes: number }> = [{ kib: 0, bytes: 0 }];
      walk(
        ctx,
        { display: operand, path, stat, depth: 0 },
        {
          enter: () => {
            totals.push({ kib: 0, bytes: 0 });
            return true;
          },
          leave: (e) => {
            const own = { kib: blocksOf(e.stat), bytes: e.stat.size };
            if (e.stat.type === 'dir') {
              const sub = totals.pop()!;
              own.kib += sub.kib;
              own.bytes += sub.bytes;
              if (e.depth <= maxDepth) ctx.stdout(`${format(own.kib, own.bytes)}\t${e.display}\n`);
            } else if ((args.has('a') && e.depth <= maxDepth) || e.depth === 0) {
              ctx.stdout(`${format(own.kib, own.bytes)}\t${e.display}\n`);
            }
            const parent = totals[totals.length - 1]!;
            parent.kib += own.kib;
            parent.bytes += own.bytes;
            sizes.set(e.path, own);
          },
          error: (e, code) => {
            ctx.stderr(`${prog}: cannot read directory ${quote(e.display)}: ${errorText(code)}\n`);
            status = 1;
          },
        },
      );
      grand += totals[0]!.kib;
    }
    if (args.has('c')) ctx.stdout(`${format(grand, grand * 1024)}\ttotal\n`);
    return status;
  },
});
