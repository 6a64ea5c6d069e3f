/**
 * `for`: `for %i in (set) do …` over words or files matching wildcards, `/l` over a numeric range,
 * `/d` over directories, `/f` over the lines of a command's output, a quoted string or a file (with
 * `tokens=`, `delims=` and `skip=`). Each iteration runs the command with the variable replaced;
 * iterations are bounded by CMD_LIMITS and by the line's budget.
 */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { CMD_LIMITS } from '../limits.js';
import { hasWildcard, leafOf, parentOf, wildcardMatches } from '../paths.js';

const SYNTAX = /^\s*(\/[lfdr]\s+(?:"([^"]*)"\s+)?)?%%?([A-Za-z])\s+in\s*\((.*)\)\s*do\s+(.+)$/is;

export const forCommand = defineCmd({
  name: 'for',
  run: async (ctx) => {
    const match = SYNTAX.exec(ctx.rawArgs);
    if (!match) {
      ctx.stderr(`${ctx.rawArgs.trim().split(/\s+/)[0] || 'for'} was unexpected at this time.\r\n`);
      return 255;
    }
    const mode = (match[1] ?? '').trim().slice(0, 2).toLowerCase();
    const options = match[2] ?? '';
    const variable = match[3] as string;
    const set = (match[4] as string).trim();
    const body = match[5] as string;
    const rows = await itemsFor(ctx, mode, set, options);
    if (rows === null) return 1;
    let status = 0;
    let iterations = 0;
    for (const values of rows) {
      if (++iterations > CMD_LIMITS.maxForIterations) break;
      let line = body;
      values.forEach((value, i) => {
        const name = String.fromCharCode(variable.charCodeAt(0) + i);
        line = line.split(`%%${name}`).join(value).split(`%${name}`).join(value);
      });
      status = await ctx.run(line);
    }
    return status;
  },
});

/** The values of each iteration (one per token for `/f`). */
async function itemsFor(
  ctx: CmdContext,
  mode: string,
  set: string,
  options: string,
): Promise<string[][] | null> {
  if (mode === '/l') {
    const [start = 0, step = 1, end = 0] = set.split(/[\s,]+/).map((n) => Number.parseInt(n, 10) || 0);
    const out: string[][] = [];
    if (step === 0) return Array.from({ length: CMD_LIMITS.maxForIterations }, () => [String(start)]);
    for (let n = start; step > 0 ? n <= end : n >= end; n += step) {
      out.push([String(n)]);
      if (out.length >= CMD_LIMITS.maxForIterations) break;
    }
    return out;
  }
  if (mode === '/f') return fileLines(ctx, set, options);
  const words = set.match(/"[^"]*"|[^\s,;]+/g) ?? [];
  const out: string[][] = [];
  for (const word of words) {
    if (!hasWildcard(word)) {
      if (mode !== '/d') out.push([word]);
      continue;
    }
    const path = ctx.drive.resolve(word);
    try {
      for (const entry of ctx.drive.list(parentOf(path))) {
        if ((entry.stat.type === 'dir') !== (mode === '/d') || entry.attributes.hidden) continue;
        if (wildcardMatches(leafOf(path), entry.name))
          out.push([word.includes('\\') ? entry.path : entry.name]);
      }
    } catch {
      // A wildcard over a missing directory matches nothing, as in cmd.
    }
  }
  return out;
}

async function fileLines(ctx: CmdContext, set: string, options: string): Promise<string[][] | null> {
  let text: string;
  if (/^'.*'$/s.test(set)) text = await ctx.capture(set.slice(1, -1));
  else if (/^".*"$/s.test(set)) text = set.slice(1, -1);
  else {
    try {
      text = ctx.drive.read(set).toString('utf8');
    } catch {
      ctx.stderr(`The system cannot find the file ${set}.\r\n`);
      return null;
    }
  }
  const delims = /delims=([^"]*?)(?:\s+(?:tokens|skip|eol|usebackq)=|$)/i.exec(options)?.[1] ?? ' \t';
  const skip = Number(/skip=(\d+)/i.exec(options)?.[1] ?? 0);
  const tokenSpec = /tokens=([\d,*-]+)/i.exec(options)?.[1] ?? '1';
  // skip= counts lines from the top; blank lines and `;` comments (the default eol) are then passed over.
  const lines = text
    .split(/\r?\n/)
    .slice(skip)
    .filter((l) => l.trim() !== '' && !l.startsWith(';'));
  return lines.map((line) => tokensOf(line, delims, tokenSpec));
}

function tokensOf(line: string, delims: string, spec: string): string[] {
  const parts =
    delims === ''
      ? [line]
      : line.split(new RegExp(`[${delims.replace(/[\\\]^-]/g, '\\$&')}]+`)).filter((p) => p !== '');
  const wanted: number[] = [];
  let rest = false;
  for (const piece of spec.split(',')) {
    if (piece === '*') rest = true;
    else if (piece.includes('-')) {
      const [a = 1, b = 1] = piece.split('-').map(Number);
      for (let i = a; i <= Math.min(b, 31); i++) wanted.push(i);
    } else if (piece.endsWith('*')) {
      wanted.push(Number(piece.slice(0, -1)));
      rest = true;
    } else wanted.push(Number(piece));
  }
  const values = wanted.map((i) => parts[i - 1] ?? '');
  if (rest) values.push(parts.slice(Math.max(...wanted, 0)).join(delims[0] ?? ' '));
  return values;
}
