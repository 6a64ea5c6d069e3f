/**
 * `findstr`: lines matching any of several words (or `/c:"literal string"`), `/i`, `/v`, `/n`, `/r`
 * regular expressions in findstr's small dialect, `/s` through subdirectories for file patterns.
 */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { CMD_LIMITS } from '../limits.js';
import { hasWildcard, leafOf, parentOf, wildcardMatches } from '../paths.js';
import { readSources, splitLines } from './lib/input.js';

/** A findstr regular expression is limited in length (it refuses long ones: "Search string too long"). */
const MAX_PATTERN_CHARS = 127;

export const findstrCommand = defineCmd({
  name: 'findstr',
  path: 'C:\\Windows\\System32\\findstr.exe',
  run: (ctx) => {
    const options = {
      i: false,
      v: false,
      n: false,
      r: false,
      s: false,
      m: false,
      b: false,
      e: false,
      x: false,
    };
    const literals: string[] = [];
    const words: string[] = [];
    for (const arg of ctx.args) {
      if (/^\/c:/i.test(arg)) {
        literals.push(arg.slice(3));
        continue;
      }
      if (/^\/[a-z]+$/i.test(arg)) {
        for (const flag of arg.slice(1).toLowerCase())
          if (flag in options) options[flag as keyof typeof options] = true;
        continue;
      }
      words.push(arg);
    }
    const searchWords = literals.length > 0 ? [] : (words.shift() ?? '').split(' ').filter((w) => w !== '');
    const needles = [...literals, ...searchWords];
    if (needles.length === 0) {
      ctx.stderr('FINDSTR: Bad command line\r\n');
      return 2;
    }
    const matchers = needles.map((n) => matcherFor(n, options));
    if (matchers.some((m) => m === null)) {
      ctx.stderr('FINDSTR: Search string too long.\r\n');
      return 2;
    }
    const test = (line: string) => matchers.some((m) => (m as (l: string) => boolean)(line)) !== options.v;
    const files = expandFiles(ctx, words, options.s);
    let found = false;
    if (words.length === 0) {
      for (const source of readSources(ctx, [], () => '') ?? []) {
        source.lines.forEach((line, n) => {
          if (!test(line)) return;
          found = true;
          ctx.stdout(`${options.n ? `${n + 1}:` : ''}${line}\r\n`);
        });
      }
      return found ? 0 : 1;
    }
    const prefix = files.length > 1 || options.s;
    for (const file of files) {
      let lines: string[];
      try {
        lines = splitLines(ctx.drive.read(file.path).toString('utf8'));
      } catch {
        ctx.stderr(`FINDSTR: Cannot open ${file.shown}\r\n`);
        continue;
      }
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        if (!test(line)) continue;
        found = true;
        if (options.m) {
          ctx.stdout(`${file.shown}\r\n`);
          break;
        }
        ctx.stdout(`${prefix ? `${file.shown}:` : ''}${options.n ? `${i + 1}:` : ''}${line}\r\n`);
      }
    }
    return found ? 0 : 1;
  },
});

function matcherFor(
  needle: string,
  options: { i: boolean; r: boolean; x: boolean; b: boolean; e: boolean },
): ((line: string) => boolean) | null {
  if (options.r) {
    if (needle.length > MAX_PATTERN_CHARS || needle.split('*').length - 1 > CMD_LIMITS.maxPatternStars)
      return null;
    // findstr's classes: `.` `*` `^` `$` `[class]` `\<` `\>`; translated to a safe JS pattern.
    let source = '';
    for (let i = 0; i < needle.length; i++) {
      const ch = needle[i] as string;
      if (ch === '\\' && (needle[i + 1] === '<' || needle[i + 1] === '>')) {
        source += '\\b';
        i++;
      } else if (ch === '\\' && i + 1 < needle.length) {
        source += `\\${needle[++i]}`.replace(/^\\([A-Za-z0-9])$/, '$1');
      } else if ('.*^$[]'.includes(ch)) source += ch;
      else source += ch.replace(/[(){}+?|]/g, '\\$&');
    }
    if (options.x) source = `^(?:${source})$`;
    else {
      if (options.b) source = `^(?:${source})`;
      if (options.e) source = `(?:${source})$`;
    }
    try {
      const regex = new RegExp(source, options.i ? 'i' : '');
      return (line) => regex.test(line.slice(0, CMD_LIMITS.maxRegexLineChars));
    } catch {
      return () => false;
    }
  }
  const wanted = options.i ? needle.toLowerCase() : needle;
  return (line) => {
    const text = options.i ? line.toLowerCase() : line;
    if (options.x) return text === wanted;
    if (options.b) return text.startsWith(wanted);
    if (options.e) return text.endsWith(wanted);
    return text.includes(wanted);
  };
}

function expandFiles(
  ctx: CmdContext,
  patterns: readonly string[],
  recursive: boolean,
): Array<{ path: string; shown: string }> {
  const out: Array<{ path: string; shown: string }> = [];
  for (const pattern of patterns) {
    const path = ctx.drive.resolve(pattern);
    if (!hasWildcard(leafOf(path)) && !recursive) {
      out.push({ path, shown: pattern });
      continue;
    }
    const queue = [parentOf(path)];
    const base = parentOf(path);
    while (queue.length > 0 && out.length < CMD_LIMITS.maxFilesSearched) {
      const dir = queue.shift() as string;
      let entries: ReturnType<CmdContext['drive']['list']>;
      try {
        entries = ctx.drive.list(dir);
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.stat.type === 'dir') {
          if (recursive) queue.push(entry.path);
        } else if (wildcardMatches(leafOf(path), entry.name)) {
          out.push({ path: entry.path, shown: entry.path.slice(base.length + 1) });
        }
      }
    }
  }
  return out;
}
