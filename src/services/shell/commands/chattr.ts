/**
 * chattr(1) and lsattr(1). Attributes are remembered per session (the filesystem contract has no
 * place for them), so `chattr +i` then `lsattr` agree, as attackers who lock their implants expect.
 */
import type { CommandContext } from '../command.js';
import type { ShellFs } from '../filesystem.js';
import { rootFsType } from '../machine.js';
import { coreTool } from './lib/availability.js';
import { absolute, codeOf, defineCommand, errorText, progName } from './lib/program.js';

const ATTRIBUTES = new WeakMap<ShellFs, Map<string, Set<string>>>();

/** The letters lsattr prints, in its column order (e2fsprogs 1.46+). */
const ORDER = 'suSDiadAcEjItTeCxFNPVm';

function attrsOf(ctx: CommandContext, path: string): Set<string> {
  let byPath = ATTRIBUTES.get(ctx.fs);
  if (!byPath) {
    byPath = new Map();
    ATTRIBUTES.set(ctx.fs, byPath);
  }
  let set = byPath.get(path);
  if (!set) {
    // ext4 files carry the extents flag from creation; xfs ones nothing.
    set = new Set(
      rootFsType(ctx.machine) === 'ext4' && !path.startsWith('/proc') && !path.startsWith('/dev')
        ? ['e']
        : [],
    );
    byPath.set(path, set);
  }
  return set;
}

function render(ctx: CommandContext, set: Set<string>): string {
  if (ctx.machine.distro.name === 'centos7')
    return '-'
      .repeat(16)
      .split('')
      .map((d, i) => ('suSDiadAcBZXEjIt'[i] && set.has('suSDiadAcBZXEjIt'[i]!) ? 'suSDiadAcBZXEjIt'[i] : d))
      .join('');
  return ORDER.split('')
    .map((c) => (set.has(c) ? c : '-'))
    .join('');
}

export const chattrCommand = defineCommand({
  name: 'chattr',
  path: '/usr/bin/chattr',
  availableOn: coreTool('chattr'),
  run: (ctx) => {
    const prog = progName(ctx, 'chattr');
    const args = ctx.argv.slice(1);
    const changes: Array<{ op: string; letters: string }> = [];
    const files: string[] = [];
    for (const arg of args) {
      if (/^[+=-][a-zA-Z]+$/.test(arg) && files.length === 0) {
        // -R, -V and -f change how chattr walks and reports, not what it sets.
        if (arg === '-R' || arg === '-V' || arg === '-f') continue;
        else changes.push({ op: arg[0]!, letters: arg.slice(1) });
      } else files.push(arg);
    }
    if (changes.length === 0 || files.length === 0) {
      ctx.stderr(`Usage: ${prog} [-RVf] [-+=aAcCdDeijPsStTuFx] [-p project] [-v version] files...\n`);
      return 1;
    }
    let status = 0;
    for (const file of files) {
      const path = absolute(ctx, file);
      try {
        const st = ctx.fs.stat(path);
        if (!st) throw Object.assign(new Error(), { code: 'ENOENT' });
        if (ctx.user.uid !== 0 && (changes.some((c) => /[ia]/.test(c.letters)) || st.uid !== ctx.user.uid)) {
          ctx.stderr(`${prog}: Operation not permitted while setting flags on ${file}\n`);
          status = 1;
          continue;
        }
        const set = attrsOf(ctx, path);
        for (const c of changes) {
          if (c.op === '=') set.clear();
          for (const l of c.letters) {
            if (c.op === '-') set.delete(l);
            else set.add(l);
          }
        }
      } catch (err) {
        const code = (err as { code?: string }).code ?? codeOf(err);
        ctx.stderr(`${prog}: ${errorText(code)} while trying to stat ${file}\n`);
        status = 1;
      }
    }
    return status;
  },
});

export const lsattrCommand = defineCommand({
  name: 'lsattr',
  path: '/usr/bin/lsattr',
  availableOn: coreTool('lsattr'),
  run: (ctx) => {
    const prog = progName(ctx, 'lsattr');
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const dirMode = ctx.argv.includes('-d');
    const all = ctx.argv.includes('-a');
    const targets = args.length > 0 ? args : ['.'];
    let status = 0;
    for (const target of targets) {
      const path = absolute(ctx, target);
      try {
        const st = ctx.fs.stat(path);
        if (!st) throw Object.assign(new Error(), { code: 'ENOENT' });
        if (st.type === 'dir' && !dirMode) {
          for (const name of ctx.fs.readdir(path)) {
            if (name.startsWith('.') && !all) continue;
            const child = path === '/' ? `/${name}` : `${path}/${name}`;
            const cst = ctx.fs.lstat(child);
            if (!cst || cst.type === 'symlink' || cst.type === 'chardev') continue;
            const shown = args.length > 0 ? `${target.replace(/\/+$/, '')}/${name}` : `./${name}`;
            ctx.stdout(`${render(ctx, attrsOf(ctx, child))} ${shown}\n`);
          }
        } else {
          if (st.type === 'chardev' || path.startsWith('/proc')) {
            ctx.stderr(`${prog}: Operation not supported While reading flags on ${target}\n`);
            status = 1;
            continue;
          }
          ctx.stdout(`${render(ctx, attrsOf(ctx, path))} ${target}\n`);
        }
      } catch (err) {
        const code = (err as { code?: string }).code ?? codeOf(err);
        ctx.stderr(`${prog}: ${errorText(code)} while trying to stat ${target}\n`);
        status = 1;
      }
    }
    return status;
  },
});
