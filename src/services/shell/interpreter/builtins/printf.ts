/**
 * `printf` (bash(1) "printf", printf(3)): the format is reused while arguments remain; missing
 * arguments read as empty or zero; `%b` expands escapes, `%q` quotes for the shell; `-v var` assigns.
 */
import type { BuiltinContext } from '../shell.js';
import { backslashEscapes } from './echo.js';
import { shellQuote } from './quote.js';

interface Spec {
  flags: string;
  width: string;
  precision: string | null;
  conversion: string;
}

/** A numeric argument as printf reads it: decimal, 0x hex, 0 octal, or 'c for a character's code. */
function numberArg(arg: string | undefined, ctx: BuiltinContext, failed: { value: boolean }): bigint {
  if (arg === undefined || arg === '') return 0n;
  if (arg.startsWith("'") || arg.startsWith('"')) return BigInt(arg.charCodeAt(1) || 0);
  const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) {
    ctx.error(`${arg}: invalid number`);
    failed.value = true;
    return 0n;
  }
  if (m[0].length !== arg.length) {
    ctx.error(`${arg}: invalid number`);
    failed.value = true;
  }
  const body = m[2] as string;
  let value: bigint;
  if (/^0[xX]/.test(body)) value = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) value = BigInt(`0o${body.slice(1)}`);
  else value = BigInt(body);
  return m[1] === '-' ? -value : value;
}

/** `numeric`: 'integer' (a precision turns the 0 flag off, printf(3)), 'float', or false. */
function pad(text: string, spec: Spec, numeric: 'integer' | 'float' | false): string {
  const width = Number(spec.width || '0');
  if (text.length >= width) return text;
  if (spec.flags.includes('-')) return text.padEnd(width, ' ');
  if (numeric && spec.flags.includes('0') && (numeric === 'float' || spec.precision === null)) {
    const sign = /^[-+ ]/.test(text) ? (text[0] as string) : '';
    const prefix = /^[-+ ]?0[xX]/.test(text) ? text.slice(sign.length, sign.length + 2) : '';
    const digits = text.slice(sign.length + prefix.length);
    return sign + prefix + digits.padStart(width - sign.length - prefix.length, '0');
  }
  return text.padStart(width, ' ');
}

function formatInteger(value: bigint, spec: Spec): string {
  const conversion = spec.conversion;
  const unsigned = conversion !== 'd' && conversion !== 'i';
  let v = value;
  if (unsigned && v < 0n) v = BigInt.asUintN(64, v);
  let digits: string;
  switch (conversion) {
    case 'o':
      digits = v.toString(8);
      if (spec.flags.includes('#') && !digits.startsWith('0')) digits = `0${digits}`;
      break;
    case 'x':
      digits = v.toString(16);
      if (spec.flags.includes('#') && v !== 0n) digits = `0x${digits}`;
      break;
    case 'X':
      digits = v.toString(16).toUpperCase();
      if (spec.flags.includes('#') && v !== 0n) digits = `0X${digits}`;
      break;
    default:
      digits = (v < 0n ? -v : v).toString();
  }
  if (spec.precision !== null) {
    const p = Number(spec.precision || '0');
    const negative = digits.startsWith('-');
    const body = negative ? digits.slice(1) : digits;
    digits = (negative ? '-' : '') + (p === 0 && body === '0' ? '' : body.padStart(p, '0'));
  }
  if (!unsigned) {
    if (v < 0n) digits = `-${digits}`;
    else if (spec.flags.includes('+')) digits = `+${digits}`;
    else if (spec.flags.includes(' ')) digits = ` ${digits}`;
  }
  return pad(digits, spec, 'integer');
}

function formatFloat(
  arg: string | undefined,
  spec: Spec,
  ctx: BuiltinContext,
  failed: { value: boolean },
): string {
  let value = 0;
  if (arg !== undefined && arg !== '') {
    value = Number(arg);
    if (Number.isNaN(value)) {
      ctx.error(`${arg}: invalid number`);
      failed.value = true;
      value = Number.parseFloat(arg) || 0;
    }
  }
  const precision = spec.precision === null ? 6 : Number(spec.precision || '0');
  let text: string;
  switch (spec.conversion) {
    case 'e':
    case 'E':
      text = value.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
      if (spec.conversion === 'E') text = text.toUpperCase();
      break;
    case 'g':
    case 'G':
      text = String(Number(value.toPrecision(Math.max(1, precision))));
      if (spec.conversion === 'G') text = text.toUpperCase();
      break;
    default:
      text = value.toFixed(Math.min(precision, 100));
  }
  if (value >= 0 && spec.flags.includes('+')) text = `+${text}`;
  return pad(text, spec, 'float');
}

const SPEC = /^%([-+ #0]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?([diouxXfFeEgGcsbq%])/;

export function printf(ctx: BuiltinContext): number {
  const args = ctx.argv.slice(1);
  let target: string | null = null;
  if (args[0] === '-v') {
    args.shift();
    target = args.shift() ?? null;
    if (target === null) {
      ctx.error('-v: option requires an argument');
      return 2;
    }
  }
  if (args[0] === '--') args.shift();
  const format = args.shift();
  if (format === undefined) {
    ctx.err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  const failed = { value: false };
  let out = '';
  let index = 0;
  const next = (): string | undefined => args[index++];
  for (;;) {
    let consumed = false;
    let stopped = false;
    for (let i = 0; i < format.length; ) {
      const c = format[i] as string;
      if (c === '\\') {
        const end = escapeEnd(format, i);
        out += backslashEscapes(format.slice(i, end), true).text;
        i = end;
        continue;
      }
      if (c !== '%') {
        out += c;
        i++;
        continue;
      }
      const m = SPEC.exec(format.slice(i));
      if (!m) {
        const bad = format[i + 1];
        if (bad === undefined) {
          out += '%';
          i++;
          continue;
        }
        ctx.error(`\`${bad}': invalid format character`);
        ctx.out(out);
        return 1;
      }
      i += m[0].length;
      const spec: Spec = {
        flags: m[1] ?? '',
        width: m[2] ?? '',
        precision: m[3] ?? null,
        conversion: m[4] as string,
      };
      if (spec.conversion === '%') {
        out += '%';
        continue;
      }
      consumed = true;
      if (spec.width === '*') spec.width = String(numberArg(next(), ctx, failed));
      if (spec.width.startsWith('-')) {
        spec.flags += '-';
        spec.width = spec.width.slice(1);
      }
      if (spec.precision === '*') spec.precision = String(numberArg(next(), ctx, failed));
      const arg = next();
      switch (spec.conversion) {
        case 's':
        case 'q':
        case 'b':
        case 'c': {
          let text = arg ?? '';
          if (spec.conversion === 'q') text = arg === undefined ? "''" : shellQuote(text);
          if (spec.conversion === 'c') text = text.slice(0, 1);
          if (spec.conversion === 'b') {
            const expanded = backslashEscapes(text);
            text = expanded.text;
            stopped = expanded.stop;
          }
          if (spec.precision !== null && spec.conversion !== 'c')
            text = text.slice(0, Number(spec.precision || '0'));
          out += pad(text, spec, false);
          break;
        }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
          out += formatFloat(arg, spec, ctx, failed);
          break;
        default:
          out += formatInteger(numberArg(arg, ctx, failed), spec);
      }
      if (stopped) break;
    }
    if (stopped || !consumed || index >= args.length) break;
  }
  if (target !== null) ctx.shell.assign(target, out);
  else ctx.out(out);
  return failed.value ? 1 : 0;
}

/** Where a backslash escape starting at `i` ends in a format string. */
function escapeEnd(format: string, i: number): number {
  const e = format[i + 1];
  if (e === undefined) return i + 1;
  if (/[0-7]/.test(e)) {
    let j = i + 1;
    while (j < format.length && j - (i + 1) < 3 && /[0-7]/.test(format[j] as string)) j++;
    return j;
  }
  const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (hex > 0) {
    let j = i + 2;
    while (j < format.length && j - (i + 2) < hex && /[0-9a-fA-F]/.test(format[j] as string)) j++;
    return j;
  }
  return i + 2;
}
