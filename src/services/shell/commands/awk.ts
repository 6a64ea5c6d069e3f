/**
 * awk(1): the distro's awk — mawk on Debian and Ubuntu, gawk on Red Hat and Arch, BusyBox's on Alpine
 * and firmware — with each one's diagnostics, over the bounded interpreter in lib/awk.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { coreTool } from './lib/availability.js';
import { AwkSyntaxError, parseAwk } from './lib/awk/parse.js';
import { type AwkInput, AwkMachine, AwkRuntimeError } from './lib/awk/run.js';
import { absolute, codeOf, defineCommand, errorText, progName } from './lib/program.js';

type Flavor = 'mawk' | 'gawk' | 'busybox';

function flavorOf(ctx: CommandContext): Flavor {
  const f = familyOf(ctx.machine.distro);
  if (f === 'alpine' || f === 'busybox') return 'busybox';
  return f === 'debian' ? 'mawk' : 'gawk';
}

function syntaxMessage(flavor: Flavor, prog: string, err: AwkSyntaxError, source: string): string {
  if (flavor === 'mawk') {
    const near = err.message.startsWith('syntax error')
      ? err.message
      : `syntax error at or near ${err.message}`;
    return `${prog}: line ${err.line}: ${near.replace('missing } near end of file', 'missing } near end of file')}\n`;
  }
  if (flavor === 'busybox')
    return `${prog}: cmd. line:${err.line}: ${err.message.startsWith('syntax error') ? 'Unexpected token' : err.message}\n`;
  const line = source.split('\n')[err.line - 1] ?? '';
  return `${prog}: cmd. line:${err.line}: ${line}\n${prog}: cmd. line:${err.line}: ${' '.repeat(Math.max(0, err.column))}^ ${err.message.startsWith('syntax error') ? 'syntax error' : err.message}\n`;
}

export const awkCommand = defineCommand({
  name: 'awk',
  path: '/usr/bin/awk',
  availableOn: coreTool('awk'),
  run: async (ctx) => {
    const prog = progName(ctx, 'awk');
    const flavor = flavorOf(ctx);
    const args = ctx.argv.slice(1);
    let fs: string | undefined;
    const assignments: Array<[string, string]> = [];
    const programFiles: string[] = [];
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (
        a === '--version' ||
        a === '-V' ||
        (a === '-W' && args[i + 1] === 'version') ||
        a === '-Wversion' ||
        a === '-Wv'
      ) {
        ctx.stdout(
          flavor === 'mawk'
            ? 'mawk 1.3.4 20200120\nCopyright 2008-2019,2020, Thomas E. Dickey\nCopyright 1991-1996,2014, Michael D. Brennan\n\nrandom-funcs:       srandom/random\nregex-funcs:        internal\ncompiled limits:\nsprintf buffer      8192\nmaximum-integer     2147483647\n'
            : flavor === 'gawk'
              ? 'GNU Awk 5.1.0, API: 3.0 (GNU MPFR 4.1.0-p13, GNU MP 6.2.0)\nCopyright (C) 1989, 1991-2020 Free Software Foundation.\n\nThis program is free software; you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation; either version 3 of the License, or\n(at your option) any later version.\n'
              : '',
        );
        if (flavor === 'busybox') {
          ctx.stderr(`${prog}: unrecognized option: -\n`);
          return 1;
        }
        return 0;
      }
      if (a === '-F' || a.startsWith('-F')) {
        const v = a === '-F' ? args[++i] : a.slice(2);
        fs = v === 't' ? '\t' : (v ?? ' ').replace(/\\t/g, '\t');
        continue;
      }
      if (a === '-v' || a.startsWith('-v')) {
        const v = a === '-v' ? args[++i] : a.slice(2);
        const eq = v?.indexOf('=') ?? -1;
        if (!v || eq <= 0) {
          ctx.stderr(
            flavor === 'gawk'
              ? `${prog}: \`${v ?? ''}' argument to \`-v' not in \`var=value' form\n`
              : `${prog}: improper assignment: -v ${v ?? ''}\n`,
          );
          return 2;
        }
        assignments.push([v.slice(0, eq), v.slice(eq + 1)]);
        continue;
      }
      if (a === '-f') {
        const f = args[++i];
        if (f === undefined) break;
        programFiles.push(f);
        continue;
      }
      if (a.startsWith('-W') || a.startsWith('--')) continue;
      if (a.startsWith('-') && a.length > 1) {
        ctx.stderr(
          flavor === 'gawk'
            ? `${prog}: invalid option -- '${a[1]}'\nUsage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] 'program' file ...\n`
            : flavor === 'mawk'
              ? `${prog}: not an option: ${a}\n`
              : `${prog}: unrecognized option: ${a[1]}\n`,
        );
        return 2;
      }
      break;
    }
    let source: string;
    if (programFiles.length > 0) {
      const parts: string[] = [];
      for (const f of programFiles) {
        try {
          parts.push(ctx.fs.readFile(absolute(ctx, f)).toString());
        } catch (err) {
          ctx.stderr(
            flavor === 'gawk'
              ? `${prog}: fatal: can't open source file \`${f}' for reading: ${errorText(codeOf(err))}\n`
              : `${prog}: couldn't open file ${f}\n`,
          );
          return 2;
        }
      }
      source = parts.join('\n');
    } else {
      const p = args[i++];
      if (p === undefined) {
        ctx.stderr(
          flavor === 'mawk'
            ? `usage: ${prog} [-F value] [-v var=value] [--] 'program text' [file ...]\nusage: ${prog} [-F value] [-v var=value] [-f program-file] [--] [file ...]\n`
            : `Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] 'program' file ...\n`,
        );
        return 2;
      }
      source = p;
    }
    const operands = args.slice(i);
    let program: ReturnType<typeof parseAwk>;
    try {
      program = parseAwk(source);
    } catch (err) {
      if (err instanceof AwkSyntaxError) {
        ctx.stderr(syntaxMessage(flavor, prog, err, source));
        return 2;
      }
      throw err;
    }
    const inputs: AwkInput[] = [];
    const fileOperands: string[] = [];
    for (const o of operands) {
      const eq = /^[A-Za-z_][A-Za-z0-9_]*=/.exec(o);
      if (eq) assignments.push([o.slice(0, eq[0].length - 1), o.slice(eq[0].length)]);
      else fileOperands.push(o);
    }
    const readFile = (name: string): AwkInput | { error: string } => {
      if (name === '-' || name === '/dev/stdin') return { name, data: ctx.stdin };
      try {
        return { name, data: ctx.fs.readFile(absolute(ctx, name)) };
      } catch (err) {
        return { error: errorText(codeOf(err)) };
      }
    };
    let openError: string | null = null;
    for (const name of fileOperands.length > 0 ? fileOperands : ['-']) {
      const r = readFile(name);
      if ('error' in r) {
        openError =
          flavor === 'mawk'
            ? `${prog}: cannot open ${name} (${r.error})\n`
            : flavor === 'gawk'
              ? `${prog}: fatal: cannot open file \`${name}' for reading: ${r.error}\n`
              : `${prog}: ${name}: ${r.error}\n`;
        break;
      }
      inputs.push(r);
    }
    const machine = new AwkMachine(program, ctx, { fs, assignments, operands, readFile, flavor });
    try {
      const status = await machine.run(inputs);
      if (openError) {
        ctx.stderr(openError);
        return 2;
      }
      return status;
    } catch (err) {
      machine.drain();
      if (err instanceof AwkRuntimeError) {
        ctx.stderr(
          flavor === 'gawk'
            ? `${prog}: cmd. line:1: fatal: ${err.message}\n`
            : `${prog}: run time error: ${err.message}\n\tFILENAME="${fileOperands[0] ?? ''}" FNR=0 NR=0\n`,
        );
        return 2;
      }
      throw err;
    }
  },
});
