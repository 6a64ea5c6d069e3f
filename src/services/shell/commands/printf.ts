/** printf(1) and echo(1) as the coreutils programs (/usr/bin/printf, /bin/echo), not the shell builtins. */
import { coreTool } from './lib/availability.js';
import { defineCommand, progName } from './lib/program.js';

/** Backslash escapes of printf's format and %b arguments (and echo -e). */
export function unescapeC(text: string, stopAtC = false): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[++i]!;
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case 'e':
      case 'E':
        out += '\x1b';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        if (stopAtC) return { text: out, stop: true };
        out += '\\c';
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1));
        if (m) {
          out += String.fromCharCode(Number.parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      case '0': {
        const m = /^[0-7]{0,3}/.exec(text.slice(i + 1))!;
        out += String.fromCharCode(Number.parseInt(m[0] || '0', 8));
        i += m[0].length;
        break;
      }
      default:
        if (/[1-7]/.test(n)) {
          const m = /^[0-7]{0,2}/.exec(text.slice(i + 1))!;
          out += String.fromCharCode(Number.parseInt(n + m[0], 8));
          i += m[0].length;
        } else out += `\\${n}`;
    }
  }
  return { text: out, stop: false };
}

export const printfCommand = defineCommand({
  name: 'printf',
  path: '/usr/bin/printf',
  availableOn: coreTool('printf'),
  run: (ctx) => {
    const prog = progName(ctx, 'printf');
    const [format, ...args] = ctx.argv.slice(1);
    if (format === undefined) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    let status = 0;
    let out = '';
    let ai = 0;
    const next = () => args[ai++] ?? '';
    // The format is reused while arguments remain (at least once).
    do {
      const start = ai;
      const rendered = format.replace(
        /%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([diouxXeEfFgGcsb%])|\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g,
        (
          whole,
          flags: string | undefined,
          width: string | undefined,
          precision: string | undefined,
          conv: string | undefined,
        ) => {
          if (conv === undefined) return unescapeC(whole).text;
          if (conv === '%') return '%';
          const w = width === '*' ? Number(next()) : width ? Number(width) : 0;
          const p =
            precision === '*' ? Number(next()) : precision !== undefined ? Number(precision) : undefined;
          const arg = next();
          let body: string;
          if ('diouxX'.includes(conv)) {
            const n = arg === '' ? 0 : /^'./.test(arg) ? arg.charCodeAt(1) : Number(arg);
            if (Number.isNaN(n)) {
              ctx.stderr(`${prog}: '${arg}': expected a numeric value\n`);
              status = 1;
            }
            const v = Math.trunc(Number.isNaN(n) ? 0 : n);
            body =
              conv === 'o'
                ? v.toString(8)
                : conv === 'x'
                  ? v.toString(16)
                  : conv === 'X'
                    ? v.toString(16).toUpperCase()
                    : String(v);
          } else if ('eEfFgG'.includes(conv)) {
            const v = Number(arg || 0);
            body =
              conv === 'e' || conv === 'E'
                ? v.toExponential(p ?? 6)
                : conv === 'g' || conv === 'G'
                  ? String(Number(v.toPrecision(p || 6)))
                  : v.toFixed(p ?? 6);
          } else if (conv === 'c') body = arg.slice(0, 1);
          else if (conv === 'b') body = unescapeC(arg, true).text;
          else body = p !== undefined ? arg.slice(0, p) : arg;
          if (flags?.includes('+') && /^\d/.test(body)) body = `+${body}`;
          if (w > body.length)
            body = flags?.includes('-')
              ? body.padEnd(w)
              : flags?.includes('0') && !'sc'.includes(conv)
                ? body.padStart(w, '0')
                : body.padStart(w);
          return body;
        },
      );
      out += rendered;
      if (ai === start) break;
    } while (ai < args.length);
    ctx.stdout(out);
    return status;
  },
});

export const echoCommand = defineCommand({
  name: 'echo',
  path: '/usr/bin/echo',
  availableOn: coreTool('echo'),
  run: (ctx) => {
    const args = ctx.argv.slice(1);
    let newline = true;
    let escapes = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (!/^-[neE]+$/.test(a)) break;
      if (a.includes('n')) newline = false;
      if (a.includes('e')) escapes = true;
      if (a.includes('E')) escapes = false;
    }
    let text = args.slice(i).join(' ');
    if (escapes) {
      const r = unescapeC(text, true);
      text = r.text;
      if (r.stop) newline = false;
    }
    ctx.stdout(`${text}${newline ? '\n' : ''}`);
    return 0;
  },
});
