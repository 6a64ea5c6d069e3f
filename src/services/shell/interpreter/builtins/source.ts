/** `eval`, `source`/`.` and `exec` (bash(1) SHELL BUILTIN COMMANDS). */
import { ShellFsError } from '../../filesystem.js';
import { basename, resolvePath } from '../../path.js';
import { bytesOf, toText } from '../../syntax/bytes.js';
import { permits } from '../access.js';
import type { BuiltinContext } from '../shell.js';
import { ExitSignal, ReturnSignal } from '../signals.js';

export async function evalBuiltin(ctx: BuiltinContext): Promise<number> {
  const source = ctx.argv.slice(1).join(' ');
  if (source.trim() === '') return 0;
  return ctx.shell.runSource(source, ctx.fds, 'eval');
}

/** Finds a sourced file: a name without `/` is looked up in $PATH, then the current directory. */
function locate(ctx: BuiltinContext, name: string): string | null {
  const { shell } = ctx;
  const fs = shell.runtime.fs;
  const isFile = (path: string) => {
    try {
      return fs.stat(path)?.type === 'file';
    } catch {
      return false;
    }
  };
  if (!name.includes('/')) {
    for (const dir of (shell.lookup('PATH') ?? '').split(':')) {
      const path = resolvePath(shell.state.cwd, `${toText(dir || '.')}/${toText(name)}`);
      if (isFile(path)) return path;
    }
  }
  const path = resolvePath(shell.state.cwd, toText(name));
  return fs.stat(path) ? path : null;
}

export async function source(ctx: BuiltinContext): Promise<number> {
  const { shell } = ctx;
  const name = ctx.argv[1];
  if (name === undefined) {
    ctx.error('filename argument required');
    ctx.err(`${ctx.argv[0]}: usage: ${ctx.argv[0]} filename [arguments]\n`);
    return 2;
  }
  const path = locate(ctx, name);
  const fs = shell.runtime.fs;
  const stat = path === null ? null : fs.stat(path);
  if (path === null || !stat) {
    shell.error(`${name}: No such file or directory`, ctx.fds);
    return 1;
  }
  if (stat.type === 'dir') {
    shell.error(`${name}: is a directory`, ctx.fds);
    return 1;
  }
  if (!permits(stat, shell.state.user, 'r')) {
    shell.error(`${name}: Permission denied`, ctx.fds);
    return 1;
  }
  let content: Buffer;
  try {
    content = fs.readFile(path);
  } catch (err) {
    if (!(err instanceof ShellFsError)) throw err;
    shell.error(`${name}: Permission denied`, ctx.fds);
    return 1;
  }
  const { state } = shell;
  const saved = { positional: state.positional, sourceName: state.sourceName, line: state.line };
  if (ctx.argv.length > 2) state.positional = ctx.argv.slice(2);
  state.sourceName = name;
  state.sourceDepth++;
  try {
    return await shell.runSource(
      bytesOf(content.subarray(0, shell.runtime.limits.maxScriptBytes)),
      ctx.fds,
      'script',
    );
  } catch (err) {
    if (err instanceof ReturnSignal) return err.status;
    throw err;
  } finally {
    state.sourceDepth--;
    state.sourceName = saved.sourceName;
    state.line = saved.line;
    if (ctx.argv.length > 2) state.positional = saved.positional;
  }
}

/** Shells an attacker `exec`s to get a fresh prompt: at an interactive session the prompt simply continues. */
const SHELLS = new Set(['bash', 'sh', 'ash', 'dash', 'zsh', 'ksh', '-bash', '-sh']);

export async function exec(ctx: BuiltinContext): Promise<number> {
  const { shell } = ctx;
  let args = ctx.argv.slice(1);
  while (args.length > 0 && /^-[cl]+$/.test(args[0] as string)) args = args.slice(1);
  if (args[0] === '-a') args = args.slice(2);
  if (args[0] === '--') args = args.slice(1);
  // `exec` with only redirections changes the shell's own descriptors; the fake shell keeps its own.
  if (args.length === 0) return 0;
  const name = args[0] as string;
  const interactive = shell.state.mode === 'interactive';
  if (interactive && SHELLS.has(toText(basename(name))) && args.slice(1).every((a) => /^-[il]+$/.test(a)))
    return 0;
  const status = await shell.execArgv(args, ctx.fds);
  if (status === 127 && shell.which(name) === null) {
    ctx.error(`${name}: not found`);
    if (interactive) return 127;
  }
  throw new ExitSignal(status);
}
