/** true(1), false(1) and test/[ (the programs in /usr/bin, as `env test` or `busybox [` reach them). */
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import { absolute, defineCommand, progName } from './lib/program.js';

export const trueCommand = defineCommand({
  name: 'true',
  path: '/usr/bin/true',
  availableOn: coreTool('true'),
  run: () => 0,
});
export const falseCommand = defineCommand({
  name: 'false',
  path: '/usr/bin/false',
  availableOn: coreTool('false'),
  run: () => 1,
});

class TestError extends Error {}

function evaluate(ctx: CommandContext, args: string[]): boolean {
  let pos = 0;
  const stat = (p: string) => {
    try {
      return ctx.fs.stat(absolute(ctx, p));
    } catch {
      return null;
    }
  };
  const unary: Record<string, (a: string) => boolean> = {
    '-e': (a) => stat(a) !== null,
    '-f': (a) => stat(a)?.type === 'file',
    '-d': (a) => stat(a)?.type === 'dir',
    '-c': (a) => stat(a)?.type === 'chardev',
    '-L': (a) => {
      try {
        return ctx.fs.lstat(absolute(ctx, a))?.type === 'symlink';
      } catch {
        return false;
      }
    },
    '-h': (a) => unary['-L']!(a),
    '-s': (a) => (stat(a)?.size ?? 0) > 0,
    '-r': (a) => {
      try {
        ctx.fs.readFile(absolute(ctx, a));
        return true;
      } catch {
        return stat(a)?.type === 'dir';
      }
    },
    '-w': (a) => {
      const st = stat(a);
      return (
        st !== null &&
        (ctx.user.uid === 0 ||
          (st.uid === ctx.user.uid && (st.mode & 0o200) !== 0) ||
          (st.mode & 0o002) !== 0)
      );
    },
    '-x': (a) => {
      const st = stat(a);
      return st !== null && (st.mode & 0o111) !== 0;
    },
    '-z': (a) => a === '',
    '-n': (a) => a !== '',
    '-t': () => ctx.terminal.isTty,
  };
  const num = (s: string) => {
    if (!/^\s*-?\d+\s*$/.test(s)) throw new TestError(`integer expression expected: ${s}`);
    return Number(s);
  };
  const binary: Record<string, (a: string, b: string) => boolean> = {
    '=': (a, b) => a === b,
    '==': (a, b) => a === b,
    '!=': (a, b) => a !== b,
    '<': (a, b) => a < b,
    '>': (a, b) => a > b,
    '-eq': (a, b) => num(a) === num(b),
    '-ne': (a, b) => num(a) !== num(b),
    '-lt': (a, b) => num(a) < num(b),
    '-le': (a, b) => num(a) <= num(b),
    '-gt': (a, b) => num(a) > num(b),
    '-ge': (a, b) => num(a) >= num(b),
    '-nt': (a, b) => (stat(a)?.mtimeMs ?? 0) > (stat(b)?.mtimeMs ?? 0),
    '-ot': (a, b) => (stat(a)?.mtimeMs ?? 0) < (stat(b)?.mtimeMs ?? 0),
  };
  const primary = (): boolean => {
    const a = args[pos];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '!') {
      pos++;
      return !primary();
    }
    if (a === '(') {
      pos++;
      const v = or();
      if (args[pos] !== ')') throw new TestError("')' expected");
      pos++;
      return v;
    }
    if (args[pos + 1] !== undefined && binary[args[pos + 1]!] && args[pos + 2] !== undefined) {
      const r = binary[args[pos + 1]!]!(a, args[pos + 2]!);
      pos += 3;
      return r;
    }
    if (unary[a] && args[pos + 1] !== undefined) {
      pos += 2;
      return unary[a]!(args[pos - 1]!);
    }
    pos++;
    return a !== '';
  };
  const and = (): boolean => {
    let v = primary();
    while (args[pos] === '-a') {
      pos++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (args[pos] === '-o') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  if (args.length === 0) return false;
  const v = or();
  if (pos < args.length) throw new TestError(`extra argument '${args[pos]}'`);
  return v;
}

function test(ctx: CommandContext, bracket: boolean): number {
  const prog = progName(ctx, bracket ? '[' : 'test');
  let args = ctx.argv.slice(1);
  if (bracket) {
    if (args[args.length - 1] !== ']') {
      ctx.stderr(`${prog}: missing ']'\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evaluate(ctx, args) ? 0 : 1;
  } catch (err) {
    ctx.stderr(`${prog}: ${(err as Error).message}\n`);
    return 2;
  }
}

export const testCommand = defineCommand({
  name: 'test',
  path: '/usr/bin/test',
  availableOn: coreTool('test'),
  run: (ctx) => test(ctx, false),
});
export const bracketCommand = defineCommand({
  name: '[',
  path: '/usr/bin/[',
  availableOn: coreTool('['),
  run: (ctx) => test(ctx, true),
});
