/**
 * RFC 5424 §6.2.3 timestamps, by hand: `Date` only keeps milliseconds, and event order inside one
 * millisecond matters (a shell session emits several commands per ms). The normalised form is UTC with
 * exactly six fraction digits: `2026-05-10T12:00:01.123456Z`.
 */
import { MAX_FRACTION_DIGITS } from './limits.js';

const MICROS_PER_SECOND = 1_000_000;

/** The last second formatted: events come many to a second, and Date's ISO form is the costly part. */
let lastSecond = Number.NaN;
let lastSecondText = '';

/** Formats epoch microseconds as the normalised UTC timestamp. Fractions of a microsecond are dropped. */
export function formatTimestamp(epochMicros: number): string {
  if (!Number.isFinite(epochMicros)) {
    throw new RangeError(`cannot format timestamp: ${epochMicros} is not a finite number of microseconds`);
  }
  const micros = Math.floor(epochMicros);
  const seconds = Math.floor(micros / MICROS_PER_SECOND);
  const fraction = micros - seconds * MICROS_PER_SECOND;
  if (seconds !== lastSecond) {
    const date = new Date(seconds * 1000);
    if (Number.isNaN(date.getTime())) {
      throw new RangeError(`cannot format timestamp: ${epochMicros} µs is outside the range of dates`);
    }
    const text = date.toISOString();
    // Years before 0000 or after 9999 come out as ±YYYYYY, which RFC 5424 §6.2.3 cannot carry.
    if (text.length !== 24) {
      throw new RangeError(`cannot format timestamp: ${epochMicros} µs is outside the years 0000..9999`);
    }
    lastSecondText = text.slice(0, 19);
    lastSecond = seconds;
  }
  return `${lastSecondText}.${String(fraction).padStart(6, '0')}Z`;
}

/** Result of reading a timestamp inside a line: the index after it and the normalised value, or why not. */
export type TimestampScan =
  | { ok: true; end: number; iso: string }
  | { ok: false; at: number; reason: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Two ASCII digits at `i` as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function fail(at: number, reason: string): TimestampScan {
  return { ok: false, at, reason };
}

/**
 * Reads `FULL-DATE "T" FULL-TIME` starting at `start` (RFC 5424 §6.2.3, RFC 3339 §5.6): strict layout,
 * upper-case `T` and `Z`, no leap second (§6.2.3.1 item 5). The token must end at a space or at `limit`.
 */
export function scanTimestamp(s: string, start: number, limit: number): TimestampScan {
  // YYYY-MM-DDTHH:MM:SS is 19 units; at least one more for the zone.
  if (limit - start < 20) return fail(start, 'timestamp too short');
  const yHi = twoDigits(s, start);
  const yLo = twoDigits(s, start + 2);
  if (yHi < 0 || yLo < 0) return fail(start, 'year must be 4 digits');
  const year = yHi * 100 + yLo;
  if (s.charCodeAt(start + 4) !== 45) return fail(start + 4, "expected '-' after the year");
  const month = twoDigits(s, start + 5);
  if (month < 1 || month > 12) return fail(start + 5, 'month must be 01..12');
  if (s.charCodeAt(start + 7) !== 45) return fail(start + 7, "expected '-' after the month");
  const day = twoDigits(s, start + 8);
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day < 1 || day > monthDays) return fail(start + 8, `day must be 01..${monthDays}`);
  if (s.charCodeAt(start + 10) !== 84)
    return fail(start + 10, "expected upper-case 'T' between date and time");
  const hour = twoDigits(s, start + 11);
  if (hour < 0 || hour > 23) return fail(start + 11, 'hour must be 00..23');
  if (s.charCodeAt(start + 13) !== 58) return fail(start + 13, "expected ':' after the hour");
  const minute = twoDigits(s, start + 14);
  if (minute < 0 || minute > 59) return fail(start + 14, 'minute must be 00..59');
  if (s.charCodeAt(start + 16) !== 58) return fail(start + 16, "expected ':' after the minute");
  const second = twoDigits(s, start + 17);
  if (second < 0 || second > 59) return fail(start + 17, 'second must be 00..59 (no leap seconds)');

  let i = start + 19;
  let micro = '000000';
  if (s.charCodeAt(i) === 46) {
    const fracStart = ++i;
    while (i < limit) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    const digits = i - fracStart;
    if (digits === 0) return fail(fracStart, "expected digits after '.'");
    if (digits > MAX_FRACTION_DIGITS)
      return fail(fracStart, `more than ${MAX_FRACTION_DIGITS} fraction digits`);
    // Truncate to microseconds (never round: rounding could carry into the seconds and reorder events).
    micro = digits >= 6 ? s.slice(fracStart, fracStart + 6) : s.slice(fracStart, i) + '000000'.slice(digits);
  }

  let offsetMinutes = 0;
  const zone = s.charCodeAt(i);
  if (zone === 90) {
    i++;
  } else if (zone === 43 || zone === 45) {
    if (limit - i < 6) return fail(i, 'offset must be ±hh:mm');
    const oh = twoDigits(s, i + 1);
    const om = twoDigits(s, i + 4);
    if (oh < 0 || oh > 23 || s.charCodeAt(i + 3) !== 58 || om < 0 || om > 59) {
      return fail(i, 'offset must be ±hh:mm with hh 00..23 and mm 00..59');
    }
    offsetMinutes = (oh * 60 + om) * (zone === 45 ? -1 : 1);
    i += 6;
  } else {
    return fail(i, "expected 'Z' or a ±hh:mm offset");
  }
  if (i < limit && s.charCodeAt(i) !== 32) return fail(i, 'unexpected character after the timestamp');

  if (offsetMinutes === 0) {
    // Already UTC: the date and time digits are the answer (the common case, and the fast one).
    return { ok: true, end: i, iso: `${s.slice(start, start + 19)}.${micro}Z` };
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear: Date.UTC would map years 0..99 to 19xx
  date.setUTCHours(hour, minute - offsetMinutes, second, 0);
  return { ok: true, end: i, iso: `${date.toISOString().slice(0, -5)}.${micro}Z` };
}
