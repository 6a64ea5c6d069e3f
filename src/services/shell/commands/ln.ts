/** ln(1): symbolic links, and hard links (kept as a copy: the session filesystem links nothing twice). */
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

const OPTIONS = [
  { key: 's', short: 's', long: 'symbolic' },
  { key: 'f', short: 'f', long: 'force' },
  { key: 'n', short: 'n', long: 'no-dereference' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'r', short: 'r', long: 'relative' },
  { key: 'T', short: 'T', long: 'no-target-directory' },
  { key: 'i', short: 'i', long: 'interactive' },
  { key: 'b', short: 'b' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

export const lnCommand = defineCommand({
  name: 'ln',
  path: '/usr/bin/ln',
  availableOn: coreTool('ln'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'ln', OPTIONS, {
      gnuStatus: 1,
      busybox: '[-sfnbtv] [-S SUF] TARGET... LINK|DIR',
    });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'ln', 'Mike Parker and David MacKenzie'));
      return 0;
    }
    const ops = [...args.operands];
    if (ops.length === 0) {
      ctx.stderr(`${prog}: missing file operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    const targets = ops.length === 1 ? ops : ops.slice(0, -1);
    const linkArg =
      ops.length === 1 ? (ops[0]!.replace(/\/+$/, '').split('/').pop() ?? ops[0]!) : ops[ops.length - 1]!;
    let linkDir = false;
    try {
      const st = args.has('n') ? ctx.fs.lstat(absolute(ctx, linkArg)) : ctx.fs.stat(absolute(ctx, linkArg));
      linkDir = st?.type === 'dir' && !args.has('T') && ops.length > 1;
    } catch {
      linkDir = false;
    }
    if (targets.length > 1 && !linkDir) {
      ctx.stderr(`${prog}: target ${quote(linkArg)} is not a directory\n`);
      return 1;
    }
    let status = 0;
    for (const target of targets) {
      const name = target.replace(/\/+$/, '').split('/').pop() ?? target;
      const link = linkDir ? `${linkArg.replace(/\/+$/, '')}/${name}` : linkArg;
      const path = absolute(ctx, link);
      const kind = args.has('s') ? 'symbolic link' : 'hard link';
      try {
        if (args.has('f') && ctx.fs.lstat(path)) ctx.fs.remove(path);
        if (args.has('s')) {
          ctx.fs.symlink(target, path);
        } else {
          const src = absolute(ctx, target);
          const st = ctx.fs.stat(src);
          if (!st) {
            ctx.stderr(`${prog}: failed to access ${quote(target)}: No such file or directory\n`);
            status = 1;
            continue;
          }
          if (st.type === 'dir') {
            ctx.stderr(`${prog}: ${quote(target)}: hard link not allowed for directory\n`);
            status = 1;
            continue;
          }
          if (ctx.fs.lstat(path)) throw Object.assign(new Error(), { code: 'EEXIST' });
          ctx.fs.writeFile(path, ctx.fs.readFile(src), { mode: st.mode });
        }
        if (args.has('v')) ctx.stdout(`${quote(link)} -> ${quote(target)}\n`);
      } catch (err) {
        const code = (err as { code?: string }).code ?? codeOf(err);
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: ${link}: ${errorText(code)}\n`
            : args.has('s')
              ? `${prog}: failed to create ${kind} ${quote(link)}: ${errorText(code)}\n`
              : `${prog}: failed to create ${kind} ${quote(link)} => ${quote(target)}: ${errorText(code)}\n`,
        );
        status = 1;
      }
    }
    return status;
  },
});
