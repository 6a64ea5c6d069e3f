/** `echo` (bash(1) "echo": `-n`, `-e`, `-E`; xpg_echo off, so escapes only with `-e`). */
import { codePointBytes } from '../../syntax/bytes.js';
import type { BuiltinContext } from '../shell.js';

const SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * Backslash escapes as `echo -e` and `printf %b` read them. `\0nnn` is octal; `\c` stops all further
 * output (reported by `stop`). With `printfFormat`, octal is `\nnn` and `\"`, `\'`, `\?` are escapes
 * too (a printf format string).
 */
export function backslashEscapes(text: string, printfFormat = false): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const e = text[i + 1] as string;
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (e === 'c' && !printfFormat) {
      return { text: out, stop: true };
    } else if (printfFormat && (e === '"' || e === "'" || e === '?')) {
      out += e;
      i++;
    } else if (/[0-7]/.test(e) && (printfFormat || e === '0')) {
      const start = printfFormat ? i + 1 : i + 2;
      const max = printfFormat ? 3 : 3;
      let j = start;
      while (j < text.length && j - start < max && /[0-7]/.test(text[j] as string)) j++;
      out += String.fromCharCode(Number.parseInt(text.slice(start, j) || '0', 8) & 0xff);
      i = j - 1;
    } else if (e === 'x') {
      let j = i + 2;
      while (j < text.length && j - (i + 2) < 2 && /[0-9a-fA-F]/.test(text[j] as string)) j++;
      if (j === i + 2) {
        out += '\\x';
        i++;
      } else {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, j), 16));
        i = j - 1;
      }
    } else if (e === 'u' || e === 'U') {
      const max = e === 'u' ? 4 : 8;
      let j = i + 2;
      while (j < text.length && j - (i + 2) < max && /[0-9a-fA-F]/.test(text[j] as string)) j++;
      if (j === i + 2) {
        out += `\\${e}`;
        i++;
      } else {
        out += codePointBytes(Number.parseInt(text.slice(i + 2, j), 16));
        i = j - 1;
      }
    } else {
      out += `\\${e}`;
      i++;
    }
  }
  return { text: out, stop: false };
}

export function echo(ctx: BuiltinContext): number {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0] as string)) {
    for (const flag of (args.shift() as string).slice(1)) {
      if (flag === 'n') newline = false;
      else if (flag === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.join(' ');
  if (escapes) {
    const expanded = backslashEscapes(text);
    if (expanded.stop) {
      ctx.out(expanded.text);
      return 0;
    }
    text = expanded.text;
  }
  ctx.out(newline ? `${text}\n` : text);
  return 0;
}
