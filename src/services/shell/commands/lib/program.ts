/**
 * What every emulated program shares: the registry wrapper (output bound, no exception ever escapes),
 * the userland flavour (GNU or BusyBox wording), diagnostics in each flavour's words, and file access
 * relative to the shell's directory.
 */
import { isAbortError } from '../../../../runtime/clock.js';
import type { CommandContext, CommandSpec } from '../../command.js';
import { FS_ERROR_TEXT, type FsErrorCode, ShellFsError } from '../../filesystem.js';
import { familyOf, hasBusyboxUserland } from '../../machine.js';
import { resolvePath } from '../../path.js';
import { busyboxFor } from '../../vfs/busybox.js';
import {
  type ArgError,
  glibcMessage,
  muslMessage,
  type OptionDef,
  type ParsedArgs,
  type ParseOptions,
  parseArgs,
} from './args.js';
import { COMMAND_LIMITS } from './limits.js';

/**
 * Registers a program: its output is bounded, and whatever goes wrong inside it becomes a diagnostic
 * and a status, as a crashing program's would (the interpreter never sees an exception but Ctrl-C's).
 */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return {
    ...spec,
    run: async (ctx) => {
      const bounded = boundOutput(ctx, COMMAND_LIMITS.maxOutputBytes);
      try {
        return await spec.run(bounded);
      } catch (err) {
        if (isAbortError(err)) throw err;
        const prog = ctx.argv[0] ?? spec.name;
        if (err instanceof ShellFsError) bounded.stderr(`${prog}: ${err.path}: ${errorText(err.code)}\n`);
        else if (err instanceof RangeError) bounded.stderr(`${prog}: memory exhausted\n`);
        else bounded.stderr(`${prog}: ${err instanceof Error ? err.message : 'error'}\n`);
        return 1;
      }
    },
  };
}

function boundOutput(ctx: CommandContext, limit: number): CommandContext {
  let written = 0;
  const cap = (write: (data: string | Buffer) => void) => (data: string | Buffer) => {
    if (written >= limit) return;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    written += size;
    if (written <= limit) write(data);
    else write(Buffer.from(data).subarray(0, size - (written - limit)));
  };
  const stdout = cap((d) => ctx.stdout(d));
  const stderr = cap((d) => ctx.stderr(d));
  return new Proxy(ctx, {
    get(target, prop) {
      if (prop === 'stdout') return stdout;
      if (prop === 'stderr') return stderr;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The same context with another argv (a program re-invoking itself: `dir`, `egrep`, `busybox ls`). */
export function withArgv(ctx: CommandContext, argv: readonly string[]): CommandContext {
  return override(ctx, { argv });
}

/** The context with some members replaced; everything else still reaches the original. */
export function override(ctx: CommandContext, members: Partial<CommandContext>): CommandContext {
  return new Proxy(ctx, {
    get(target, prop) {
      if (Object.hasOwn(members, prop)) return (members as Record<string | symbol, unknown>)[prop];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The program name as invoked, without a path (`/bin/ls` → `ls`). */
export function progName(ctx: CommandContext, fallback: string): string {
  const argv0 = ctx.argv[0] ?? fallback;
  return argv0.slice(argv0.lastIndexOf('/') + 1) || fallback;
}

/** Whether the decky's core tools are BusyBox applets (Alpine, Buildroot firmware). */
export function isBusybox(ctx: CommandContext): boolean {
  return hasBusyboxUserland(ctx.machine.distro);
}

export function family(ctx: CommandContext) {
  return familyOf(ctx.machine.distro);
}

export function errorText(code: FsErrorCode | string): string {
  return (FS_ERROR_TEXT as Record<string, string>)[code] ?? 'Input/output error';
}

export function codeOf(err: unknown): FsErrorCode {
  return err instanceof ShellFsError ? err.code : 'EINVAL';
}

const SAFE_NAME = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** coreutils quote(): shell-escape style, always quoted (`'x'`, `"it's"`, `'a'\''$b'`). */
export function quote(name: string): string {
  if (!name.includes("'")) return `'${name}'`;
  if (!/["$`\\!]/.test(name)) return `"${name}"`;
  return `'${name.replaceAll("'", "'\\''")}'`;
}

/** coreutils quotef(): the name as is when nothing in it needs quoting. */
export function quotef(name: string): string {
  return SAFE_NAME.test(name) ? name : quote(name);
}

/** BusyBox's usage text for a bad option, under the decky's BusyBox banner. */
export function busyboxUsage(ctx: CommandContext, prog: string, usage: string): string {
  const banner = busyboxFor(ctx.machine.distro)?.banner ?? 'BusyBox v1.36.1 multi-call binary.';
  return `${banner}\n\nUsage: ${prog} ${usage}\n`;
}

/**
 * Reports a bad option the way the program does: GNU's message and "Try … --help" with its usage
 * status, or BusyBox's (musl wording on Alpine) and its usage text with status 1.
 */
export function reportUsage(
  ctx: CommandContext,
  prog: string,
  error: ArgError,
  gnuStatus: number,
  bbUsage: string,
): number {
  if (isBusybox(ctx)) {
    const alpine = familyOf(ctx.machine.distro) === 'alpine';
    ctx.stderr(
      `${alpine ? muslMessage(prog, error) : glibcMessage(prog, error)}\n${busyboxUsage(ctx, prog, bbUsage)}`,
    );
    return 1;
  }
  ctx.stderr(`${glibcMessage(prog, error)}\nTry '${prog} --help' for more information.\n`);
  return gnuStatus;
}

export interface ProgramArgs {
  args: ParsedArgs;
  prog: string;
}

/** Parses argv[1..] and reports a bad option; null means "exit with `status`". */
export function parseOrReport(
  ctx: CommandContext,
  fallbackName: string,
  defs: readonly OptionDef[],
  usage: { gnuStatus: number; busybox: string },
  options?: ParseOptions,
): { ok: true; args: ParsedArgs; prog: string } | { ok: false; status: number } {
  const prog = progName(ctx, fallbackName);
  const result = parseArgs(ctx.argv.slice(1), defs, options);
  if (!result.ok)
    return { ok: false, status: reportUsage(ctx, prog, result.error, usage.gnuStatus, usage.busybox) };
  return { ok: true, args: result.args, prog };
}

/** An absolute path for an operand, relative to the shell's directory. */
export function absolute(ctx: CommandContext, path: string): string {
  return resolvePath(ctx.cwd, path);
}

export type ReadResult = { ok: true; data: Buffer } | { ok: false; code: FsErrorCode };

export function readPath(ctx: CommandContext, path: string): ReadResult {
  try {
    return { ok: true, data: ctx.fs.readFile(absolute(ctx, path)) };
  } catch (err) {
    return { ok: false, code: codeOf(err) };
  }
}

/** "x: No such file or directory" for GNU tools, "can't open 'x': …" for BusyBox ones. */
export function openFailure(ctx: CommandContext, prog: string, path: string, code: FsErrorCode): string {
  if (isBusybox(ctx)) {
    if (code === 'EISDIR') return `${prog}: read error: ${errorText(code)}\n`;
    return `${prog}: can't open '${path}': ${errorText(code)}\n`;
  }
  return `${prog}: ${quotef(path)}: ${errorText(code)}\n`;
}

/**
 * The inputs of a filter (cat, wc, grep …): each named file, `-` or none for stdin. Unreadable ones are
 * reported in the program's words and skipped; `failed` says whether any was.
 */
export function readInputs(
  ctx: CommandContext,
  prog: string,
  operands: readonly string[],
): { inputs: Array<{ name: string; data: Buffer }>; failed: boolean } {
  const names = operands.length === 0 ? ['-'] : operands;
  const inputs: Array<{ name: string; data: Buffer }> = [];
  let failed = false;
  for (const name of names) {
    if (name === '-') {
      inputs.push({ name: '-', data: ctx.stdin });
      continue;
    }
    const read = readPath(ctx, name);
    if (read.ok) inputs.push({ name, data: read.data });
    else {
      failed = true;
      ctx.stderr(openFailure(ctx, prog, name, read.code));
    }
  }
  return { inputs, failed };
}

/** Text lines of a buffer; a final line without newline counts, as in every filter. */
export function splitLines(data: Buffer | string): string[] {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Runs `action` with root's file access, as a setuid/setgid helper does (crontab, passwd). The
 * session's account is switched for the duration only.
 */
export function privileged<T>(ctx: CommandContext, action: () => T): T {
  const original = ctx.user.name;
  if (ctx.user.uid === 0 || !ctx.switchUser('root')) return action();
  try {
    return action();
  } finally {
    ctx.switchUser(original);
  }
}

/** Whether the current account is root. */
export function isRoot(ctx: CommandContext): boolean {
  return ctx.user.uid === 0;
}

/** Resolves after `ms` through the shell (bounded, abortable). */
export async function pause(ctx: CommandContext, ms: number): Promise<void> {
  await ctx.sleep(ms);
}

/** `--version` text of a GNU coreutils program of the decky's release. */
export function coreutilsVersion(ctx: CommandContext, prog: string, authors: string): string {
  const version =
    {
      debian12: '9.1',
      ubuntu22: '8.32',
      ubuntu20: '8.30',
      rocky9: '8.32',
      centos7: '8.22',
      fedora39: '9.3',
      kali: '9.4',
      arch: '9.5',
    }[ctx.machine.distro.name] ?? '9.1';
  const year =
    { '9.1': 2022, '8.32': 2020, '8.30': 2018, '8.22': 2013, '9.3': 2023, '9.4': 2023, '9.5': 2024 }[
      version
    ] ?? 2022;
  return [
    `${prog} (GNU coreutils) ${version}`,
    `Copyright (C) ${year} Free Software Foundation, Inc.`,
    'License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.',
    'This is free software: you are free to change and redistribute it.',
    'There is NO WARRANTY, to the extent permitted by law.',
    '',
    `Written by ${authors}.`,
    '',
  ].join('\n');
}
