/** stat(1): coreutils' default and terse formats, and -c FORMAT with the common directives. */
import type { CommandContext } from '../command.js';
import type { FileStat } from '../filesystem.js';
import { accountNames, groupNames } from '../vfs/accounts.js';
import { DEVICE_NUMBERS } from '../vfs/node.js';
import { coreTool } from './lib/availability.js';
import { modeString, strftime } from './lib/format.js';
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

const OPTIONS = [
  { key: 'L', short: 'L', long: 'dereference' },
  { key: 'f', short: 'f', long: 'file-system' },
  { key: 'c', short: 'c', long: 'format', arg: 'required' },
  { key: 'printf', long: 'printf', arg: 'required' },
  { key: 't', short: 't', long: 'terse' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

function typeName(stat: FileStat): string {
  switch (stat.type) {
    case 'dir':
      return 'directory';
    case 'symlink':
      return 'symbolic link';
    case 'chardev':
      return 'character special file';
    default:
      return stat.size === 0 ? 'regular empty file' : 'regular file';
  }
}

/** Device number of the filesystem a path lives on (as st_dev prints). */
function device(path: string): [number, number] {
  if (path.startsWith('/proc')) return [0, 22];
  if (path.startsWith('/sys')) return [0, 21];
  if (path.startsWith('/dev')) return [0, 5];
  if (path.startsWith('/run') || path.startsWith('/tmp')) return [0, 25];
  return [8, 1];
}

function stamp(ms: number): string {
  return `${strftime('%Y-%m-%d %H:%M:%S', ms)}.${String((ms % 1000) * 1_000_000 + 123_456).padStart(9, '0')} +0000`;
}

function blocks(stat: FileStat): number {
  return stat.type === 'symlink' || stat.type === 'chardev' ? 0 : Math.ceil(stat.size / 4096) * 8;
}

function format(
  _ctx: CommandContext,
  spec: string,
  shown: string,
  path: string,
  stat: FileStat,
  users: Map<number, string>,
  groups: Map<number, string>,
): string {
  const [maj, min] = device(path);
  return spec.replace(/%([%aAbBdDfFgGhinNosStuUwWxXyYzZ])/g, (_, d: string) => {
    switch (d) {
      case '%':
        return '%';
      case 'a':
        return stat.mode.toString(8);
      case 'A':
        return modeString(stat);
      case 'b':
        return String(blocks(stat));
      case 'B':
        return '512';
      case 'd':
        return String(maj * 256 + min);
      case 'D':
        return (maj * 256 + min).toString(16);
      case 'f':
        return (
          (stat.type === 'dir'
            ? 0o040000
            : stat.type === 'symlink'
              ? 0o120000
              : stat.type === 'chardev'
                ? 0o020000
                : 0o100000) | stat.mode
        ).toString(16);
      case 'F':
        return typeName(stat);
      case 'g':
        return String(stat.gid);
      case 'G':
        return groups.get(stat.gid) ?? 'UNKNOWN';
      case 'h':
        return String(stat.nlink);
      case 'i':
        return String(stat.ino);
      case 'n':
        return shown;
      case 'N':
        return stat.type === 'symlink' ? `${quote(shown)} -> ${quote(stat.target ?? '')}` : quote(shown);
      case 'o':
        return '4096';
      case 's':
        return String(stat.size);
      case 'u':
        return String(stat.uid);
      case 'U':
        return users.get(stat.uid) ?? 'UNKNOWN';
      case 'w':
      case 'W':
        return d === 'w' ? '-' : '0';
      case 'x':
      case 'y':
      case 'z':
        return stamp(stat.mtimeMs);
      case 'X':
      case 'Y':
      case 'Z':
        return String(Math.floor(stat.mtimeMs / 1000));
      default:
        return '?';
    }
  });
}

export const statCommand = defineCommand({
  name: 'stat',
  path: '/usr/bin/stat',
  availableOn: coreTool('stat'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'stat', OPTIONS, { gnuStatus: 1, busybox: '[-ltf] [-c FMT] FILE...' });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'stat', 'Michael Meskes'));
      return 0;
    }
    if (args.operands.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    const users = accountNames(ctx.fs);
    const groups = groupNames(ctx.fs);
    let status = 0;
    for (const operand of args.operands) {
      const path = absolute(ctx, operand);
      let stat: FileStat | null;
      try {
        stat = args.has('L') ? ctx.fs.stat(path) : ctx.fs.lstat(path);
      } catch (err) {
        ctx.stderr(`${prog}: cannot stat ${quote(operand)}: ${errorText(codeOf(err))}\n`);
        status = 1;
        continue;
      }
      if (!stat) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: can't stat '${operand}': No such file or directory\n`
            : `${prog}: cannot statx ${quote(operand)}: No such file or directory\n`,
        );
        status = 1;
        continue;
      }
      const custom = args.value('c') ?? args.value('printf');
      if (custom !== undefined) {
        const text = format(ctx, custom, operand, path, stat, users, groups);
        ctx.stdout(args.has('printf') ? text.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : `${text}\n`);
        continue;
      }
      if (args.has('t')) {
        ctx.stdout(
          `${format(ctx, '%n %s %b %f %u %g %D %i %h 0 0 %X %Y %Z %W %o', operand, path, stat, users, groups)}\n`,
        );
        continue;
      }
      const [maj, min] = device(path);
      const modernDevice = !['ubuntu20', 'centos7', 'ubuntu22', 'rocky9'].includes(ctx.machine.distro.name);
      const deviceText = modernDevice
        ? `${maj},${min}`
        : `${(maj * 256 + min).toString(16)}h/${maj * 256 + min}d`;
      const name = stat.type === 'symlink' ? `${operand} -> ${stat.target}` : operand;
      const uid = `(${String(stat.uid).padStart(5)}/${(users.get(stat.uid) ?? 'UNKNOWN').padStart(8)})`;
      const gid = `(${String(stat.gid).padStart(5)}/${(groups.get(stat.gid) ?? 'UNKNOWN').padStart(8)})`;
      const dev =
        stat.type === 'chardev'
          ? (DEVICE_NUMBERS as Record<string, readonly [number, number]>)[
              path.slice(path.lastIndexOf('/') + 1)
            ]
          : undefined;
      ctx.stdout(
        `  File: ${name}\n` +
          `  Size: ${String(stat.size).padEnd(10)}\tBlocks: ${String(blocks(stat)).padEnd(10)} IO Block: 4096   ${typeName(stat)}\n` +
          `Device: ${deviceText}\tInode: ${String(stat.ino).padEnd(11)} Links: ${stat.nlink}${dev ? `     Device type: ${dev[0]},${dev[1]}` : ''}\n` +
          `Access: (${stat.mode.toString(8).padStart(4, '0')}/${modeString(stat)})  Uid: ${uid}   Gid: ${gid}\n` +
          (ctx.machine.distro.name === 'rocky9' ||
          ctx.machine.distro.name === 'centos7' ||
          ctx.machine.distro.name === 'fedora39'
            ? 'Context: unconfined_u:object_r:user_home_t:s0\n'
            : '') +
          `Access: ${stamp(stat.mtimeMs)}\nModify: ${stamp(stat.mtimeMs)}\nChange: ${stamp(stat.mtimeMs)}\n Birth: ${ctx.machine.distro.name === 'centos7' ? '-' : stamp(stat.mtimeMs)}\n`,
      );
    }
    return status;
  },
});
