/** The date strings `date -d`, `touch -d` and `touch -t` accept (the forms people type), in UTC. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const UNITS: Record<string, number> = {
  sec: 1000,
  second: 1000,
  min: 60_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  fortnight: 1_209_600_000,
};

/** Milliseconds for a `date -d` string, or null when coreutils would say "invalid date". */
export function parseDate(input: string, now: number): number | null {
  let text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '' || text === 'now' || text === 'today') return text === '' ? startOfDay(now) : now;
  if (/^@-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text.slice(1)) * 1000);
  let base = now;
  const absolute = absoluteDate(text);
  if (absolute !== null) {
    base = absolute.ms;
    text = absolute.rest;
  }
  if (text.startsWith('yesterday')) {
    base -= 86_400_000;
    text = text.slice(9).trim();
  } else if (text.startsWith('tomorrow')) {
    base += 86_400_000;
    text = text.slice(8).trim();
  }
  // Relative items: "2 days ago", "+3 hours", "-1 week", "next month", "last year".
  const item =
    /^([+-]?\d+|next|last|a)?\s*(year|month|fortnight|week|day|hour|minute|min|second|sec)s?\b(\s+ago)?/;
  while (text !== '') {
    const m = item.exec(text);
    if (!m) break;
    const count =
      m[1] === undefined || m[1] === 'a' || m[1] === 'next' ? 1 : m[1] === 'last' ? -1 : Number(m[1]);
    const sign = m[3] ? -1 : 1;
    const unit = m[2]!;
    if (unit === 'month' || unit === 'year') {
      const d = new Date(base);
      if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + sign * count);
      else d.setUTCFullYear(d.getUTCFullYear() + sign * count);
      base = d.getTime();
    } else {
      base += sign * count * UNITS[unit]!;
    }
    text = text.slice(m[0].length).trim();
  }
  if (text !== '') return null;
  return base;
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

function absoluteDate(text: string): { ms: number; rest: string } | null {
  // ISO: 2024-11-27, 2024-11-27 10:12, 2024-11-27T10:12:01Z, with optional +00:00.
  let m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(z|[+-]\d{2}:?\d{2}| utc)?/.exec(
      text,
    );
  if (m) {
    const ms = Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
    );
    if (Number.isNaN(ms) || Number(m[2]) > 12 || Number(m[3]) > 31) return null;
    return { ms, rest: text.slice(m[0].length).trim() };
  }
  // "Nov 27 2024", "27 Nov 2024 10:00", "Wed Nov 27 10:12:01 UTC 2024".
  m =
    /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?(?:([a-z]{3})[a-z]* (\d{1,2})|(\d{1,2}) ([a-z]{3})[a-z]*)(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?(?: utc)?(?: (\d{4}))?(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(
      text,
    );
  if (m) {
    const monthName = m[1] ?? m[4]!;
    const month = MONTHS.indexOf(monthName);
    if (month === -1) return null;
    const day = Number(m[2] ?? m[3]);
    const year = m[8] ? Number(m[8]) : new Date().getUTCFullYear();
    const h = Number(m[5] ?? m[9] ?? 0);
    const min = Number(m[6] ?? m[10] ?? 0);
    const s = Number(m[7] ?? m[11] ?? 0);
    return { ms: Date.UTC(year, month, day, h, min, s), rest: text.slice(m[0].length).trim() };
  }
  return null;
}

/** touch -t [[CC]YY]MMDDhhmm[.ss]. */
export function parseTouchStamp(text: string, now: number): number | null {
  const m = /^(\d{2}|\d{4})?(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?$/.exec(text);
  if (!m) return null;
  let year = new Date(now).getUTCFullYear();
  if (m[1])
    year = m[1].length === 4 ? Number(m[1]) : Number(m[1]) < 69 ? 2000 + Number(m[1]) : 1900 + Number(m[1]);
  const month = Number(m[2]) - 1;
  if (month > 11 || Number(m[3]) > 31 || Number(m[4]) > 23 || Number(m[5]) > 59) return null;
  return Date.UTC(year, month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}
