/** `cd` and `pwd` (bash(1) "cd", "pwd"): logical paths, `cd -`, `cd` alone goes $HOME. */
import { FS_ERROR_TEXT, ShellFsError } from '../../filesystem.js';
import { resolvePath } from '../../path.js';
import { toBytes, toText } from '../../syntax/bytes.js';
import type { BuiltinContext } from '../shell.js';

export function cd(ctx: BuiltinContext): number {
  const { shell } = ctx;
  const args = ctx.argv.slice(1);
  while (args.length > 0 && /^-[LPe@]+$/.test(args[0] as string)) args.shift();
  if (args[0] === '--') args.shift();
  if (args.length > 1) {
    ctx.error('too many arguments');
    return 1;
  }
  let target = args[0];
  let announce = false;
  if (target === undefined) {
    target = shell.lookup('HOME');
    if (target === undefined) {
      ctx.error('HOME not set');
      return 1;
    }
  } else if (target === '-') {
    target = shell.lookup('OLDPWD');
    if (target === undefined) {
      ctx.error('OLDPWD not set');
      return 1;
    }
    announce = true;
  }
  if (target === '') return 0;
  try {
    shell.chdir(resolvePath(shell.state.cwd, toText(target)));
  } catch (err) {
    if (!(err instanceof ShellFsError)) throw err;
    ctx.error(`${target}: ${FS_ERROR_TEXT[err.code]}`);
    return 1;
  }
  if (announce) ctx.out(`${toBytes(shell.state.cwd)}\n`);
  return 0;
}

export function pwd(ctx: BuiltinContext): number {
  const { shell } = ctx;
  const physical = ctx.argv.slice(1).includes('-P');
  let path = shell.state.cwd;
  if (physical) {
    try {
      path = shell.runtime.fs.realpath(path);
    } catch {
      // A directory removed under the shell keeps its logical name.
    }
  }
  ctx.out(`${toBytes(path)}\n`);
  return 0;
}
