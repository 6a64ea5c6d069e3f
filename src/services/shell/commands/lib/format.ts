/**
 * Formatting shared by programs: human-readable sizes (coreutils' and procps' rules differ), mode
 * strings, ls times, strftime, and the column layouts of GNU and BusyBox ls.
 */
import type { CommandContext } from '../../command.js';
import type { FileStat } from '../../filesystem.js';

const UNITS = ['K', 'M', 'G', 'T', 'P', 'E'];

/** coreutils human_readable with -h (base 1024, rounded up): `4.0K`, `15K`, `1.2G`, `220`. */
export function humanSize(bytes: number, si = false): string {
  const base = si ? 1000 : 1024;
  if (bytes < base) return String(Math.ceil(bytes));
  let value = bytes;
  let unit = -1;
  while (value >= base && unit < UNITS.length - 1) {
    value /= base;
    unit++;
  }
  const suffix = si && unit === 0 ? 'k' : UNITS[unit]!;
  if (value < 10) {
    const tenths = Math.ceil(value * 10 - 1e-9) / 10;
    if (tenths < 10) return `${tenths.toFixed(1)}${suffix}`;
    return `10${suffix}`;
  }
  const whole = Math.ceil(value - 1e-9);
  if (whole >= base && unit < UNITS.length - 1) return `1.0${UNITS[unit + 1]}`;
  return `${whole}${suffix}`;
}

/** procps' `free -h`: `7.7Gi`, `798Mi`, `14Mi`, `0B` (at most four characters before the unit). */
export function procpsHuman(kib: number, si = false): string {
  const bytes = kib * 1024;
  if (`${bytes}B`.length <= 4) return `${bytes}B`;
  const base = si ? 1000 : 1024;
  const up = ['B', 'K', 'M', 'G', 'T', 'P'];
  for (let i = 1; i < up.length; i++) {
    const value = bytes / base ** i;
    const unit = si ? up[i]! : `${up[i]}i`;
    const decimal = `${value.toFixed(1)}${unit}`;
    if (decimal.length <= (si ? 4 : 5)) return decimal;
    const whole = `${Math.trunc(value)}${unit}`;
    if (whole.length <= (si ? 4 : 5)) return whole;
  }
  return `${bytes}B`;
}

/** `drwxr-xr-x`, with setuid/setgid/sticky letters as ls prints them. */
export function modeString(stat: Pick<FileStat, 'type' | 'mode'>): string {
  const type =
    stat.type === 'dir' ? 'd' : stat.type === 'symlink' ? 'l' : stat.type === 'chardev' ? 'c' : '-';
  const m = stat.mode;
  const bit = (mask: number, ch: string) => (m & mask ? ch : '-');
  const exec = (xMask: number, sMask: number, set: string, unset: string) =>
    m & sMask ? (m & xMask ? set : unset) : m & xMask ? 'x' : '-';
  return (
    type +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    exec(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    exec(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    exec(0o001, 0o1000, 't', 'T')
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Half a Gregorian year: coreutils' threshold between `Nov 27 10:12` and `Nov 27  2023`. */
const SIX_MONTHS_MS = (31_556_952 / 2) * 1000;

/** ls's default time column. */
export function lsTime(mtimeMs: number, now: number): string {
  const d = new Date(mtimeMs);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const recent = mtimeMs > now - SIX_MONTHS_MS && mtimeMs <= now;
  if (recent) return `${MONTHS[d.getUTCMonth()]} ${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return `${MONTHS[d.getUTCMonth()]} ${day}  ${d.getUTCFullYear()}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export type TimeLocale = 'C' | 'en_US';

/** The LC_TIME the session's environment selects (en_US for en_US.*; C otherwise). */
export function timeLocale(ctx: CommandContext): TimeLocale {
  const value = ctx.env.get('LC_ALL') || ctx.env.get('LC_TIME') || ctx.env.get('LANG') || '';
  return value.startsWith('en_US') ? 'en_US' : 'C';
}

/** Collation: byte order in the C locale, glibc's en_US order (case and punctuation ignored first) otherwise. */
export function collator(ctx: CommandContext): (a: string, b: string) => number {
  const value = ctx.env.get('LC_ALL') || ctx.env.get('LC_COLLATE') || ctx.env.get('LANG') || '';
  if (!value || value === 'C' || value === 'POSIX' || value.startsWith('C.'))
    return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    if (la !== lb) return la < lb ? -1 : 1;
    // Same letters: lowercase sorts before uppercase in glibc's tables.
    return a === b ? 0 : a > b ? -1 : 1;
  };
}

/**
 * strftime(3) for `date +FORMAT`, in UTC: every conversion coreutils documents, with the `-`, `_`,
 * `0`, `^` and `#` flags and a field width.
 */
export function strftime(format: string, ms: number, locale: TimeLocale = 'C', nanos = 0): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = d.getUTCHours();
  const M = d.getUTCMinutes();
  const S = d.getUTCSeconds();
  const w = d.getUTCDay();
  const yday = Math.floor((Date.UTC(Y, m, day) - Date.UTC(Y, 0, 1)) / 86_400_000) + 1;
  const iso = isoWeek(d);
  const h12 = H % 12 === 0 ? 12 : H % 12;
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%' || i + 1 >= format.length) {
      out += ch;
      continue;
    }
    let j = i + 1;
    let flag = '';
    while ('-_0^#'.includes(format[j] ?? '') && j < format.length) flag += format[j++];
    let width = '';
    while (/[0-9]/.test(format[j] ?? '') && j < format.length) width += format[j++];
    let colons = '';
    while (format[j] === ':') colons += format[j++];
    const conv = format[j];
    if (conv === undefined) {
      out += format.slice(i);
      break;
    }
    i = j;
    const num = (n: number, pad: number, padChar = '0') => {
      if (flag.includes('-')) return String(n);
      const p = flag.includes('_') ? ' ' : flag.includes('0') ? '0' : padChar;
      return String(n).padStart(width ? Number(width) : pad, p);
    };
    const text = (s: string) => {
      const t = flag.includes('^') ? s.toUpperCase() : flag.includes('#') ? s.toLowerCase() : s;
      return width ? t.padStart(Number(width), flag.includes('0') ? '0' : ' ') : t;
    };
    switch (conv) {
      case '%':
        out += '%';
        break;
      case 'a':
        out += text(DAYS[w]!);
        break;
      case 'A':
        out += text(DAYS_LONG[w]!);
        break;
      case 'b':
      case 'h':
        out += text(MONTHS[m]!);
        break;
      case 'B':
        out += text(MONTHS_LONG[m]!);
        break;
      case 'c':
        out += text(
          locale === 'en_US'
            ? strftime('%a %d %b %Y %r %Z', ms, locale)
            : strftime('%a %b %e %H:%M:%S %Y', ms, locale),
        );
        break;
      case 'C':
        out += num(Math.floor(Y / 100), 2);
        break;
      case 'd':
        out += num(day, 2);
        break;
      case 'D':
        out += strftime('%m/%d/%y', ms);
        break;
      case 'e':
        out += num(day, 2, ' ');
        break;
      case 'F':
        out += strftime('%Y-%m-%d', ms);
        break;
      case 'g':
        out += num(iso.year % 100, 2);
        break;
      case 'G':
        out += num(iso.year, 4);
        break;
      case 'H':
        out += num(H, 2);
        break;
      case 'I':
        out += num(h12, 2);
        break;
      case 'j':
        out += num(yday, 3);
        break;
      case 'k':
        out += num(H, 2, ' ');
        break;
      case 'l':
        out += num(h12, 2, ' ');
        break;
      case 'm':
        out += num(m + 1, 2);
        break;
      case 'M':
        out += num(M, 2);
        break;
      case 'n':
        out += '\n';
        break;
      case 'N':
        out += String(nanos)
          .padStart(9, '0')
          .slice(0, width ? Number(width) : 9);
        break;
      case 'p':
        out += flag.includes('#') ? (H < 12 ? 'am' : 'pm') : text(H < 12 ? 'AM' : 'PM');
        break;
      case 'P':
        out += H < 12 ? 'am' : 'pm';
        break;
      case 'r':
        out += strftime('%I:%M:%S %p', ms);
        break;
      case 'R':
        out += strftime('%H:%M', ms);
        break;
      case 's':
        out += String(Math.floor(ms / 1000));
        break;
      case 'S':
        out += num(S, 2);
        break;
      case 't':
        out += '\t';
        break;
      case 'T':
        out += strftime('%H:%M:%S', ms);
        break;
      case 'u':
        out += String(w === 0 ? 7 : w);
        break;
      case 'U':
        out += num(Math.floor((yday + 6 - w) / 7), 2);
        break;
      case 'V':
        out += num(iso.week, 2);
        break;
      case 'w':
        out += String(w);
        break;
      case 'W':
        out += num(Math.floor((yday + 6 - ((w + 6) % 7)) / 7), 2);
        break;
      case 'x':
        out += locale === 'en_US' ? strftime('%m/%d/%Y', ms) : strftime('%m/%d/%y', ms);
        break;
      case 'X':
        out += locale === 'en_US' ? strftime('%r', ms) : strftime('%H:%M:%S', ms);
        break;
      case 'y':
        out += num(Y % 100, 2);
        break;
      case 'Y':
        out += num(Y, 4);
        break;
      case 'z':
        out += colons === ':' ? '+00:00' : colons === '::' ? '+00:00:00' : '+0000';
        break;
      case 'Z':
        out += text('UTC');
        break;
      default:
        out += `%${flag}${width}${colons}${conv}`;
    }
  }
  return out;
}

function isoWeek(d: Date): { year: number; week: number } {
  const date = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dayNum = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - dayNum + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      ((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) /
        7,
    );
  return { year: date.getUTCFullYear(), week };
}

/** `date`'s default output for the locale (glibc ≥ 2.29 puts AM/PM in en_US). */
export function defaultDate(ms: number, locale: TimeLocale, oldGlibc = false): string {
  return locale === 'en_US' && !oldGlibc
    ? strftime('%a %b %e %r %Z %Y', ms, locale)
    : strftime('%a %b %e %H:%M:%S %Z %Y', ms, locale);
}

/** Display width of a name (one column per character; wide CJK counts two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    width +=
      cp >= 0x1100 &&
      (cp <= 0x115f ||
        (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xff00 && cp <= 0xff60))
        ? 2
        : 1;
  }
  return width;
}

/** coreutils' indent(): reach column `to` from `from` with tabs (tab stops of 8) where they fit, then spaces. */
function indent(from: number, to: number): string {
  let out = '';
  let at = from;
  while (at < to) {
    if (Math.floor(to / 8) > Math.floor((at + 1) / 8)) {
      out += '\t';
      at += 8 - (at % 8);
    } else {
      out += ' ';
      at++;
    }
  }
  return out;
}

/** GNU ls -C: as many columns as fit in `width` (each column as wide as its widest name plus two), filled downwards. */
export function gnuColumns(
  names: readonly string[],
  width: number,
  render: (i: number) => string = (i) => names[i]!,
): string {
  const n = names.length;
  if (n === 0) return '';
  const lengths = names.map(displayWidth);
  const maxCols = Math.max(1, Math.min(n, Math.floor(width / 3)));
  let chosen = 1;
  let widths: number[] = [Math.max(...lengths)];
  for (let cols = maxCols; cols >= 1; cols--) {
    const rows = Math.ceil(n / cols);
    const colWidths: number[] = [];
    for (let i = 0; i < n; i++) {
      const col = Math.floor(i / rows);
      const real = lengths[i]! + (col === cols - 1 ? 0 : 2);
      colWidths[col] = Math.max(colWidths[col] ?? 0, real);
    }
    const total = colWidths.reduce((a, b) => a + b, 0);
    if (total < width || cols === 1) {
      chosen = cols;
      widths = colWidths;
      break;
    }
  }
  const rows = Math.ceil(n / chosen);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let pos = 0;
    let line = '';
    for (let c = 0; c < chosen; c++) {
      const i = r + c * rows;
      if (i >= n) break;
      line += render(i);
      const next = r + (c + 1) * rows;
      if (next < n) {
        line += indent(pos + lengths[i]!, pos + widths[c]!);
        pos += widths[c]!;
      }
    }
    out += `${line}\n`;
  }
  return out;
}

/** BusyBox ls: one column width for all (widest name plus two), as many as fit, spaces only. */
export function busyboxColumns(
  names: readonly string[],
  width: number,
  render: (i: number) => string = (i) => names[i]!,
): string {
  const n = names.length;
  if (n === 0) return '';
  const colWidth = Math.max(...names.map(displayWidth)) + 2;
  const cols = Math.max(1, Math.floor(width / colWidth));
  const rows = cols > 1 ? Math.ceil(n / cols) : n;
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    let visible = 0;
    for (let c = 0; c < cols; c++) {
      const i = c * rows + r;
      if (i >= n) break;
      if (c > 0) {
        line += ' '.repeat(Math.max(0, c * colWidth - visible));
        visible = c * colWidth;
      }
      line += render(i);
      visible += displayWidth(names[i]!);
    }
    out += `${line}\n`;
  }
  return out;
}

/** Right- or left-aligned table cells, widths from the widest cell of each column, joined by `gap`. */
export function table(
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[],
  gap = ' ',
): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const last = i === row.length - 1;
          if (align[i] === 'r') return cell.padStart(widths[i]!);
          return last ? cell : cell.padEnd(widths[i]!);
        })
        .join(gap),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/** `1 day, 3:04` / `12 min` / `3 days, 2:05` as uptime and w print the time since boot. */
export function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const dayPart = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ` : '';
  if (hours === 0) return `${dayPart}${minutes} min`;
  return `${dayPart}${String(hours).padStart(2, ' ')}:${pad2(minutes)}`;
}
