/** pwd(1), basename, dirname, readlink, realpath and mktemp. */
import { createHash } from 'node:crypto';
import { basename as baseOf, dirname as dirOf, resolvePath } from '../path.js';
import { coreTool } from './lib/availability.js';
import { absolute, codeOf, defineCommand, errorText, progName, quote } from './lib/program.js';

export const pwdCommand = defineCommand({
  name: 'pwd',
  path: '/usr/bin/pwd',
  availableOn: coreTool('pwd'),
  run: (ctx) => {
    const physical = ctx.argv.includes('-P');
    let dir = ctx.cwd;
    if (physical) {
      try {
        dir = ctx.fs.realpath(dir);
      } catch {
        // A vanished directory prints as it was entered.
      }
    }
    ctx.stdout(`${dir}\n`);
    return 0;
  },
});

export const basenameCommand = defineCommand({
  name: 'basename',
  path: '/usr/bin/basename',
  availableOn: coreTool('basename'),
  run: (ctx) => {
    const prog = progName(ctx, 'basename');
    const args = ctx.argv.slice(1);
    const multiple = args.includes('-a') || args.includes('--multiple');
    const suffixIndex = args.indexOf('-s');
    const suffix = suffixIndex >= 0 ? args[suffixIndex + 1] : undefined;
    const names = args.filter((a, i) => !a.startsWith('-') && !(suffixIndex >= 0 && i === suffixIndex + 1));
    if (names.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    const strip = (n: string, s?: string) => {
      const b = n === '' ? '' : baseOf(n) || '/';
      return s && b !== s && b.endsWith(s) ? b.slice(0, -s.length) : b;
    };
    if (multiple || suffix !== undefined) ctx.stdout(names.map((n) => `${strip(n, suffix)}\n`).join(''));
    else if (names.length > 2) {
      ctx.stderr(`${prog}: extra operand ${quote(names[2]!)}\nTry '${prog} --help' for more information.\n`);
      return 1;
    } else ctx.stdout(`${strip(names[0]!, names[1])}\n`);
    return 0;
  },
});

export const dirnameCommand = defineCommand({
  name: 'dirname',
  path: '/usr/bin/dirname',
  availableOn: coreTool('dirname'),
  run: (ctx) => {
    const prog = progName(ctx, 'dirname');
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (names.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    ctx.stdout(
      names
        .map((n) => {
          const trimmed = n.replace(/\/+$/, '');
          if (trimmed === '') return n.startsWith('/') ? '/\n' : '.\n';
          if (!trimmed.includes('/')) return '.\n';
          return `${dirOf(trimmed.startsWith('/') ? trimmed : `/${trimmed}`).slice(trimmed.startsWith('/') ? 0 : 1) || (trimmed.startsWith('/') ? '/' : '.')}\n`;
        })
        .join(''),
    );
    return 0;
  },
});

export const readlinkCommand = defineCommand({
  name: 'readlink',
  path: '/usr/bin/readlink',
  availableOn: coreTool('readlink'),
  run: (ctx) => {
    const prog = progName(ctx, 'readlink');
    const args = ctx.argv.slice(1);
    const canonical = args.some((a) => /^-\w*[fem]/.test(a) || a.startsWith('--canonicalize'));
    const names = args.filter((a) => !a.startsWith('-'));
    if (names.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    let status = 0;
    for (const n of names) {
      const path = absolute(ctx, n);
      try {
        if (canonical) ctx.stdout(`${ctx.fs.realpath(path)}\n`);
        else {
          const st = ctx.fs.lstat(path);
          if (st?.type === 'symlink') ctx.stdout(`${st.target}\n`);
          else status = 1;
        }
      } catch {
        if (canonical) {
          // -f accepts a missing last component.
          try {
            ctx.stdout(`${ctx.fs.realpath(dirOf(path))}/${baseOf(path)}\n`.replace('//', '/'));
          } catch {
            status = 1;
          }
        } else status = 1;
      }
    }
    return status;
  },
});

export const realpathCommand = defineCommand({
  name: 'realpath',
  path: '/usr/bin/realpath',
  availableOn: coreTool('realpath'),
  run: (ctx) => {
    const prog = progName(ctx, 'realpath');
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    let status = 0;
    for (const n of names) {
      try {
        ctx.stdout(`${ctx.fs.realpath(absolute(ctx, n))}\n`);
      } catch (err) {
        ctx.stderr(`${prog}: ${n}: ${errorText(codeOf(err))}\n`);
        status = 1;
      }
    }
    return status;
  },
});

export const mktempCommand = defineCommand({
  name: 'mktemp',
  path: '/usr/bin/mktemp',
  availableOn: coreTool('mktemp'),
  run: (ctx) => {
    const prog = progName(ctx, 'mktemp');
    const args = ctx.argv.slice(1);
    const dir = args.includes('-d') || args.includes('--directory');
    const dry = args.includes('-u') || args.includes('--dry-run');
    const pIndex = args.findIndex((a) => a === '-p' || a === '--tmpdir');
    const base = pIndex >= 0 ? args[pIndex + 1]! : (ctx.env.get('TMPDIR') ?? '/tmp');
    const template = args.find((a, i) => !a.startsWith('-') && i !== pIndex + 1) ?? 'tmp.XXXXXXXXXX';
    const xs = /X{3,}$/.exec(template)?.[0];
    if (!xs) {
      ctx.stderr(`${prog}: too few X's in template ${quote(template)}\n`);
      return 1;
    }
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const digest = createHash('sha256')
      .update(`${ctx.clock.now()}:${ctx.history.length}:${template}`)
      .digest();
    const fill = Array.from(
      { length: xs.length },
      (_, i) => alphabet[digest[i % digest.length]! % alphabet.length],
    ).join('');
    const name = template.slice(0, -xs.length) + fill;
    const path = resolvePath(absolute(ctx, base), name);
    if (!dry) {
      try {
        if (dir) ctx.fs.mkdir(path, { mode: 0o700 });
        else ctx.fs.writeFile(path, Buffer.alloc(0), { mode: 0o600 });
      } catch (err) {
        ctx.stderr(
          `${prog}: failed to create ${dir ? 'directory' : 'file'} via template ${quote(name.startsWith('/') ? name : `${base}/${template}`)}: ${errorText(codeOf(err))}\n`,
        );
        return 1;
      }
    }
    ctx.stdout(`${path}\n`);
    return 0;
  },
});
