/** mkdir(1) and rmdir(1). */
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import { parseMode } from './lib/mode.js';
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

const MKDIR_OPTIONS = [
  { key: 'p', short: 'p', long: 'parents' },
  { key: 'm', short: 'm', long: 'mode', arg: 'required' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'Z', short: 'Z' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

export const mkdirCommand = defineCommand({
  name: 'mkdir',
  path: '/usr/bin/mkdir',
  availableOn: coreTool('mkdir'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'mkdir', MKDIR_OPTIONS, {
      gnuStatus: 1,
      busybox: '[-m MODE] [-p] DIRECTORY...',
    });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'mkdir', 'David MacKenzie'));
      return 0;
    }
    if (args.operands.length === 0) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: missing operand\n`
          : `${prog}: missing operand\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    let mode: number | undefined;
    const modeArg = args.value('m');
    if (modeArg !== undefined) {
      const m = parseMode(modeArg, 0o777, true);
      if (m === null) {
        ctx.stderr(`${prog}: invalid mode ${quote(modeArg)}\n`);
        return 1;
      }
      mode = m;
    }
    let status = 0;
    for (const operand of args.operands) {
      try {
        const path = absolute(ctx, operand);
        const existed = args.has('p') && ctx.fs.stat(path) !== null;
        ctx.fs.mkdir(path, { parents: args.has('p'), mode: mode ?? 0o755 });
        if (mode !== undefined) ctx.fs.chmod(path, mode);
        if (args.has('v') && !existed) ctx.stdout(`${prog}: created directory ${quote(operand)}\n`);
      } catch (err) {
        const text = errorText(codeOf(err));
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: can't create directory '${operand}': ${text}\n`
            : `${prog}: cannot create directory ${quote(operand)}: ${text}\n`,
        );
        status = 1;
      }
    }
    return status;
  },
});

function removeEmpty(ctx: CommandContext, prog: string, operand: string): boolean {
  const path = absolute(ctx, operand);
  try {
    const st = ctx.fs.lstat(path);
    if (!st) throw Object.assign(new Error(), { code: 'ENOENT' });
    if (st.type !== 'dir') {
      ctx.stderr(`${prog}: failed to remove ${quote(operand)}: Not a directory\n`);
      return false;
    }
    if (ctx.fs.readdir(path).length > 0) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: '${operand}': Directory not empty\n`
          : `${prog}: failed to remove ${quote(operand)}: Directory not empty\n`,
      );
      return false;
    }
    ctx.fs.remove(path);
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code ?? codeOf(err);
    ctx.stderr(
      isBusybox(ctx)
        ? `${prog}: '${operand}': ${errorText(code)}\n`
        : `${prog}: failed to remove ${quote(operand)}: ${errorText(code)}\n`,
    );
    return false;
  }
}

export const rmdirCommand = defineCommand({
  name: 'rmdir',
  path: '/usr/bin/rmdir',
  availableOn: coreTool('rmdir'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'rmdir',
      [
        { key: 'p', short: 'p', long: 'parents' },
        { key: 'v', short: 'v', long: 'verbose' },
        { key: 'ignore', long: 'ignore-fail-on-non-empty' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-p] DIRECTORY...' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.operands.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    let status = 0;
    for (const operand of args.operands) {
      if (!removeEmpty(ctx, prog, operand)) {
        status = 1;
        continue;
      }
      if (args.has('v')) ctx.stdout(`${prog}: removing directory, ${quote(operand)}\n`);
      if (args.has('p')) {
        let parent = operand.replace(/\/+$/, '');
        while (parent.includes('/')) {
          parent = parent.slice(0, parent.lastIndexOf('/'));
          if (parent === '' || !removeEmpty(ctx, prog, parent)) break;
        }
      }
    }
    return status;
  },
});
