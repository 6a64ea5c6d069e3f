/**
 * find(1) (findutils 4.9, BusyBox's wording on firmware): the usual tests (-name -iname -path -type
 * -perm -user -group -size -mtime -newer -empty …), operators (! -a -o and parentheses), global options
 * (-maxdepth -mindepth) and actions (-print -print0 -ls -exec … ; / + -delete -prune -quit), over a
 * bounded walk that never follows symlinks unless -L.
 */
import type { FileStat } from '../filesystem.js';
import { accountNames, groupNames } from '../vfs/accounts.js';
import { coreTool } from './lib/availability.js';
import { lsTime, modeString } from './lib/format.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { absolute, codeOf, defineCommand, errorText, isBusybox, progName } from './lib/program.js';
import { compileRegex, RegexBudget } from './lib/regex/vm.js';
import { WalkBudget } from './lib/walk.js';

interface Item {
  display: string;
  path: string;
  stat: FileStat;
  depth: number;
}

type Node =
  | { t: 'and' | 'or'; left: Node; right: Node }
  | { t: 'not'; node: Node }
  | { t: 'test'; name: string; arg?: string; argv?: string[]; batch?: boolean };

class FindError extends Error {}

/** fnmatch(3) without FNM_PATHNAME: `*`, `?`, `[...]` (with `!`/`^` negation), backslash escapes. */
export function globMatch(pattern: string, text: string, icase = false): boolean {
  const p = icase ? pattern.toLowerCase() : pattern;
  const t = icase ? text.toLowerCase() : text;
  // Iterative matcher with single-star backtracking: linear in practice, bounded by |p|·|t|.
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = 0;
  while (ti < t.length) {
    if (pi < p.length) {
      const c = p[pi]!;
      if (c === '*') {
        starP = pi++;
        starT = ti;
        continue;
      }
      if (c === '?') {
        pi++;
        ti++;
        continue;
      }
      if (c === '[') {
        const end = p.indexOf(']', pi + 2);
        if (end !== -1) {
          let body = p.slice(pi + 1, end);
          const negate = body.startsWith('!') || body.startsWith('^');
          if (negate) body = body.slice(1);
          let hit = false;
          for (let i = 0; i < body.length; i++) {
            if (body[i + 1] === '-' && i + 2 < body.length) {
              if (t[ti]! >= body[i]! && t[ti]! <= body[i + 2]!) hit = true;
              i += 2;
            } else if (body[i] === t[ti]) hit = true;
          }
          if (hit !== negate) {
            pi = end + 1;
            ti++;
            continue;
          }
        } else if (t[ti] === '[') {
          pi++;
          ti++;
          continue;
        }
      } else if (c === '\\' && pi + 1 < p.length) {
        if (p[pi + 1] === t[ti]) {
          pi += 2;
          ti++;
          continue;
        }
      } else if (c === t[ti]) {
        pi++;
        ti++;
        continue;
      }
    }
    if (starP === -1) return false;
    pi = starP + 1;
    ti = ++starT;
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

const TESTS_WITH_ARG = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-wholename',
  '-iwholename',
  '-regex',
  '-iregex',
  '-type',
  '-perm',
  '-user',
  '-group',
  '-uid',
  '-gid',
  '-size',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-cmin',
  '-newer',
  '-links',
  '-inum',
  '-printf',
  '-fprint',
  '-samefile',
  '-lname',
  '-ilname',
  '-xtype',
]);
const TESTS_WITHOUT_ARG = new Set([
  '-print',
  '-print0',
  '-ls',
  '-delete',
  '-prune',
  '-quit',
  '-true',
  '-false',
  '-empty',
  '-executable',
  '-readable',
  '-writable',
  '-nouser',
  '-nogroup',
]);
const GLOBAL = new Set(['-maxdepth', '-mindepth']);
const GLOBAL_FLAGS = new Set([
  '-depth',
  '-xdev',
  '-mount',
  '-follow',
  '-noleaf',
  '-ignore_readdir_race',
  '-daystart',
]);

function parseExpression(
  tokens: string[],
  quoteArg: (s: string) => string,
): { node: Node | null; hasAction: boolean; maxDepth: number; minDepth: number; depthFirst: boolean } {
  let pos = 0;
  let hasAction = false;
  let maxDepth = Number.POSITIVE_INFINITY;
  let minDepth = 0;
  let depthFirst = false;
  const peek = () => tokens[pos];
  const primary = (): Node | null => {
    const tok = tokens[pos++];
    if (tok === undefined) throw new FindError('expected an expression');
    if (tok === '(') {
      const inner = or();
      if (tokens[pos++] !== ')') throw new FindError("invalid expression; you have too many '('");
      return inner ?? { t: 'test', name: '-true' };
    }
    if (tok === '!' || tok === '-not') {
      const inner = primary();
      return inner ? { t: 'not', node: inner } : null;
    }
    if (GLOBAL.has(tok)) {
      const v = tokens[pos++];
      if (v === undefined) throw new FindError(`missing argument to ${quoteArg(tok)}`);
      if (!/^\d+$/.test(v))
        throw new FindError(`Expected a positive decimal integer argument to ${tok}, but got ${quoteArg(v)}`);
      if (tok === '-maxdepth') maxDepth = Number(v);
      else minDepth = Number(v);
      return null;
    }
    if (GLOBAL_FLAGS.has(tok)) {
      if (tok === '-depth') depthFirst = true;
      return null;
    }
    if (tok === '-exec' || tok === '-execdir' || tok === '-ok' || tok === '-okdir') {
      const argv: string[] = [];
      let batch = false;
      for (;;) {
        const a = tokens[pos++];
        if (a === undefined) throw new FindError(`missing argument to \`${tok}'`);
        if (a === ';') break;
        if (a === '+' && argv[argv.length - 1] === '{}') {
          batch = true;
          break;
        }
        argv.push(a);
      }
      if (argv.length === 0) throw new FindError(`missing argument to \`${tok}'`);
      hasAction = true;
      return { t: 'test', name: '-exec', argv, batch };
    }
    if (TESTS_WITH_ARG.has(tok)) {
      const arg = tokens[pos++];
      if (arg === undefined) throw new FindError(`missing argument to \`${tok}'`);
      if (tok === '-printf' || tok === '-fprint') hasAction = true;
      if (tok === '-type' && !/^[fdlcbps](,[fdlcbps])*$/.test(arg))
        throw new FindError(`Unknown argument to -type: ${arg}`);
      return { t: 'test', name: tok, arg };
    }
    if (TESTS_WITHOUT_ARG.has(tok)) {
      if (['-print', '-print0', '-ls', '-delete', '-quit'].includes(tok)) hasAction = true;
      return { t: 'test', name: tok };
    }
    if (tok.startsWith('-')) throw new FindError(`unknown predicate \`${tok}'`);
    throw new FindError(`paths must precede expression: \`${tok}'`);
  };
  const not = (): Node | null => primary();
  const and = (): Node | null => {
    let left = not();
    while (pos < tokens.length && peek() !== '-o' && peek() !== '-or' && peek() !== ')' && peek() !== ',') {
      if (peek() === '-a' || peek() === '-and') pos++;
      const right = not();
      if (right === null) continue;
      left = left === null ? right : { t: 'and', left, right };
    }
    return left;
  };
  const or = (): Node | null => {
    let left = and();
    while (peek() === '-o' || peek() === '-or' || peek() === ',') {
      pos++;
      const right = and();
      if (right === null) continue;
      left = left === null ? right : { t: 'or', left, right };
    }
    return left;
  };
  const node = tokens.length === 0 ? null : or();
  if (pos < tokens.length)
    throw new FindError(
      tokens[pos] === ')'
        ? "invalid expression; you have used a binary operator ')' with nothing before it."
        : `paths must precede expression: \`${tokens[pos]}'`,
    );
  return { node, hasAction, maxDepth, minDepth, depthFirst };
}

function numericTest(arg: string, value: number): boolean {
  const m = /^([+-]?)(\d+)$/.exec(arg);
  if (!m) return false;
  const n = Number(m[2]);
  return m[1] === '+' ? value > n : m[1] === '-' ? value < n : value === n;
}

function sizeTest(arg: string, bytes: number): boolean {
  const m = /^([+-]?)(\d+)([bcwkMG]?)$/.exec(arg);
  if (!m) return false;
  const unit = { b: 512, c: 1, w: 2, k: 1024, M: 1_048_576, G: 1_073_741_824, '': 512 }[m[3] as 'b'] ?? 512;
  const value = Math.ceil(bytes / unit);
  const n = Number(m[2]);
  return m[1] === '+' ? value > n : m[1] === '-' ? value < n : value === n;
}

function permTest(arg: string, mode: number): boolean {
  const m = /^([-/+]?)([0-7]{1,4})$/.exec(arg);
  if (!m) return false;
  const want = Number.parseInt(m[2]!, 8);
  if (m[1] === '-') return (mode & want) === want;
  if (m[1] === '/' || m[1] === '+') return want === 0 || (mode & want) !== 0;
  return (mode & 0o7777) === want;
}

export const findCommand = defineCommand({
  name: 'find',
  path: '/usr/bin/find',
  availableOn: coreTool('find'),
  run: async (ctx) => {
    const prog = progName(ctx, 'find');
    const busybox = isBusybox(ctx);
    const utf8 = (ctx.env.get('LC_ALL') || ctx.env.get('LANG') || '').toUpperCase().includes('UTF-8');
    const q = (s: string) => (busybox ? s : utf8 ? `‘${s}’` : `'${s}'`);
    let args = ctx.argv.slice(1);
    let follow = false;
    while (args[0] === '-L' || args[0] === '-H' || args[0] === '-P' || args[0]?.startsWith('-O')) {
      if (args[0] === '-L') follow = true;
      args = args.slice(1);
    }
    if (args[0] === '--version') {
      ctx.stdout(
        'find (GNU findutils) 4.9.0\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Eric B. Decker, James Youngman, and Kevin Dalley.\n',
      );
      return 0;
    }
    if (args[0] === '--help') {
      ctx.stdout('Usage: find [-H] [-L] [-P] [-Olevel] [-D debugopts] [path...] [expression]\n');
      return 0;
    }
    const firstExpr = args.findIndex((a) => a.startsWith('-') || a === '(' || a === '!');
    const paths = firstExpr === -1 ? args : args.slice(0, firstExpr);
    const tokens = firstExpr === -1 ? [] : args.slice(firstExpr);
    let expr: ReturnType<typeof parseExpression>;
    try {
      expr = parseExpression(tokens, (s) => `\`${s}'`);
    } catch (err) {
      ctx.stderr(`${prog}: ${(err as Error).message}\n`);
      return 1;
    }
    const now = ctx.clock.now();
    const users = accountNames(ctx.fs);
    const groups = groupNames(ctx.fs);
    const budget = new WalkBudget();
    const regexBudget = new RegexBudget();
    let status = 0;
    let quit = false;
    let runs = 0;
    const batches = new Map<Node, string[]>();

    const evaluate = async (node: Node, item: Item): Promise<boolean> => {
      switch (node.t) {
        case 'and':
          return (await evaluate(node.left, item)) && evaluate(node.right, item);
        case 'or':
          return (await evaluate(node.left, item)) || evaluate(node.right, item);
        case 'not':
          return !(await evaluate(node.node, item));
      }
      const st = item.stat;
      const name =
        item.display === '/'
          ? '/'
          : item.display.replace(/\/+$/, '').slice(item.display.replace(/\/+$/, '').lastIndexOf('/') + 1);
      const arg = node.arg ?? '';
      switch (node.name) {
        case '-name':
          return globMatch(arg, name);
        case '-iname':
          return globMatch(arg, name, true);
        case '-path':
        case '-wholename':
          return globMatch(arg, item.display);
        case '-ipath':
        case '-iwholename':
          return globMatch(arg, item.display, true);
        case '-lname':
        case '-ilname':
          return st.type === 'symlink' && globMatch(arg, st.target ?? '', node.name === '-ilname');
        case '-regex':
        case '-iregex': {
          const re = compileRegex(
            `^(${arg})$`,
            { syntax: 'ere', icase: node.name === '-iregex' },
            regexBudget,
          );
          return !('error' in re) && re.test(item.display);
        }
        case '-type':
        case '-xtype':
          return arg
            .split(',')
            .some((c) =>
              c === 'f'
                ? st.type === 'file'
                : c === 'd'
                  ? st.type === 'dir'
                  : c === 'l'
                    ? st.type === 'symlink'
                    : c === 'c'
                      ? st.type === 'chardev'
                      : false,
            );
        case '-perm':
          return permTest(arg, st.mode);
        case '-user':
          return users.get(st.uid) === arg || String(st.uid) === arg;
        case '-group':
          return groups.get(st.gid) === arg || String(st.gid) === arg;
        case '-uid':
          return numericTest(arg, st.uid);
        case '-gid':
          return numericTest(arg, st.gid);
        case '-nouser':
          return !users.has(st.uid);
        case '-nogroup':
          return !groups.has(st.gid);
        case '-links':
          return numericTest(arg, st.nlink);
        case '-inum':
          return numericTest(arg, st.ino);
        case '-size':
          return sizeTest(arg, st.size);
        case '-mtime':
        case '-atime':
        case '-ctime':
          return numericTest(arg, Math.floor((now - st.mtimeMs) / 86_400_000));
        case '-mmin':
        case '-amin':
        case '-cmin':
          return numericTest(arg, Math.ceil((now - st.mtimeMs) / 60_000));
        case '-newer': {
          const ref = ctx.fs.stat(absolute(ctx, arg));
          return ref !== null && st.mtimeMs > ref.mtimeMs;
        }
        case '-samefile': {
          const ref = ctx.fs.stat(absolute(ctx, arg));
          return ref !== null && ref.ino === st.ino;
        }
        case '-empty':
          return st.type === 'dir'
            ? ctx.fs.readdir(item.path).length === 0
            : st.type === 'file' && st.size === 0;
        case '-executable':
          return (st.mode & 0o111) !== 0;
        case '-readable':
          return ctx.user.uid === 0 || (st.mode & 0o444) !== 0;
        case '-writable':
          return ctx.user.uid === 0 || (st.uid === ctx.user.uid && (st.mode & 0o200) !== 0);
        case '-true':
          return true;
        case '-false':
          return false;
        case '-print':
          ctx.stdout(`${item.display}\n`);
          return true;
        case '-print0':
          ctx.stdout(`${item.display}\0`);
          return true;
        case '-printf':
          ctx.stdout(printf(arg, item, users, groups));
          return true;
        case '-fprint':
          return true;
        case '-ls': {
          const blocks = Math.ceil(st.size / 4096) * 4;
          ctx.stdout(
            `${String(st.ino).padStart(9)} ${String(blocks).padStart(6)} ${modeString(st)} ${String(st.nlink).padStart(3)} ${(users.get(st.uid) ?? String(st.uid)).padEnd(8)} ${(groups.get(st.gid) ?? String(st.gid)).padEnd(8)} ${String(st.size).padStart(8)} ${lsTime(st.mtimeMs, now)} ${item.display}${st.type === 'symlink' ? ` -> ${st.target}` : ''}\n`,
          );
          return true;
        }
        case '-delete':
          try {
            ctx.fs.remove(item.path);
            return true;
          } catch (err) {
            ctx.stderr(`${prog}: cannot delete ${q(item.display)}: ${errorText(codeOf(err))}\n`);
            status = 1;
            return false;
          }
        case '-prune':
          (item as Item & { pruned?: boolean }).pruned = true;
          return true;
        case '-quit':
          quit = true;
          return true;
        case '-exec': {
          const argv = node.argv ?? [];
          if (node.batch) {
            const list = batches.get(node) ?? [];
            list.push(item.display);
            batches.set(node, list);
            return true;
          }
          if (runs++ >= COMMAND_LIMITS.maxXargsRuns) return false;
          const code = await ctx.run(argv.map((a) => a.replaceAll('{}', item.display)));
          return code === 0;
        }
        default:
          return false;
      }
    };

    const visit = async (item: Item): Promise<boolean> => {
      if (quit || !budget.take()) return false;
      const pruneHolder = item as Item & { pruned?: boolean };
      const match = async () => {
        if (item.depth < expr.minDepth) return;
        const ok = expr.node === null ? true : await evaluate(expr.node, item);
        if (ok && !expr.hasAction) ctx.stdout(`${item.display}\n`);
      };
      if (!expr.depthFirst) await match();
      if (item.stat.type === 'dir' && item.depth < expr.maxDepth && !pruneHolder.pruned && !quit) {
        let names: string[] = [];
        try {
          names = ctx.fs.readdir(item.path);
        } catch (err) {
          ctx.stderr(`${prog}: ${q(item.display)}: ${errorText(codeOf(err))}\n`);
          status = 1;
        }
        for (const name of names) {
          const path = item.path === '/' ? `/${name}` : `${item.path}/${name}`;
          let stat: FileStat | null = null;
          try {
            stat = follow ? (ctx.fs.stat(path) ?? ctx.fs.lstat(path)) : ctx.fs.lstat(path);
          } catch {
            stat = ctx.fs.lstat(path);
          }
          if (!stat) continue;
          const display = item.display.endsWith('/') ? `${item.display}${name}` : `${item.display}/${name}`;
          if (!(await visit({ display, path, stat, depth: item.depth + 1 }))) return false;
        }
      }
      if (expr.depthFirst) await match();
      return true;
    };

    for (const start of paths.length > 0 ? paths : ['.']) {
      const path = absolute(ctx, start);
      let stat: FileStat | null;
      try {
        stat = follow ? ctx.fs.stat(path) : ctx.fs.lstat(path);
        if (stat?.type === 'symlink' && !follow && /\/$/.test(start)) stat = ctx.fs.stat(path);
      } catch (err) {
        ctx.stderr(`${prog}: ${q(start)}: ${errorText(codeOf(err))}\n`);
        status = 1;
        continue;
      }
      if (!stat) {
        ctx.stderr(`${prog}: ${q(start)}: No such file or directory\n`);
        status = 1;
        continue;
      }
      if (!(await visit({ display: start, path, stat, depth: 0 }))) break;
    }
    for (const [node, list] of batches) {
      const argv = (node as { argv?: string[] }).argv ?? [];
      const at = argv.indexOf('{}');
      await ctx.run([...argv.slice(0, at), ...list, ...argv.slice(at + 1)]);
    }
    return status;
  },
});

function printf(format: string, item: Item, users: Map<number, string>, groups: Map<number, string>): string {
  const st = item.stat;
  const name = item.display.slice(item.display.lastIndexOf('/') + 1);
  return format
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\0/g, '\0')
    .replace(/%([%pfsmuUgGhPdlkyi])/g, (_, c: string) => {
      switch (c) {
        case '%':
          return '%';
        case 'p':
          return item.display;
        case 'f':
          return name;
        case 's':
          return String(st.size);
        case 'm':
          return st.mode.toString(8);
        case 'u':
          return users.get(st.uid) ?? String(st.uid);
        case 'U':
          return String(st.uid);
        case 'g':
          return groups.get(st.gid) ?? String(st.gid);
        case 'G':
          return String(st.gid);
        case 'h':
          return item.display.includes('/')
            ? item.display.slice(0, item.display.lastIndexOf('/')) || '/'
            : '.';
        case 'P':
          return item.display.replace(/^[^/]*\/?/, '');
        case 'd':
          return String(item.depth);
        case 'l':
          return st.target ?? '';
        case 'k':
          return String(Math.ceil(st.size / 4096) * 4);
        case 'y':
          return st.type === 'dir' ? 'd' : st.type === 'symlink' ? 'l' : st.type === 'chardev' ? 'c' : 'f';
        case 'i':
          return String(st.ino);
        default:
          return '';
      }
    });
}
