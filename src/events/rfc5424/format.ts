/**
 * RFC 5424 formatter for DECNET events (DESIGN.md "Events and the log line", spec §1.1):
 * `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [relay@55555 k="v" …] MSG`, facility local0.
 *
 * Whatever a service passes, the result is one line of at most MAX_LINE_LENGTH units that `parseLine`
 * reads back to the same fields: values escape `\` `"` `]` (RFC 5424 §6.3.3) plus control characters
 * as `\n` `\r` `\t` `\xHH` (our extension, decoded only inside relay@55555), and MSG shows its
 * control characters the same visible way so that it can never break the line.
 */
import { DECNET_SD_ID } from '../record.js';
import {
  FACILITY_LOCAL0,
  MAX_APP_NAME_LENGTH,
  MAX_HOSTNAME_LENGTH,
  MAX_LINE_LENGTH,
  MAX_MSGID_LENGTH,
  MAX_PROCID_LENGTH,
} from './limits.js';
import { scanTimestamp } from './timestamp.js';

export { formatTimestamp } from './timestamp.js';

/** RFC 5424 §6.2.1 severities, by their syslog names. */
export const severity = {
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
} as const;

export type SeverityName = keyof typeof severity;

export type FieldValue = string | number | boolean | null | undefined;

export interface FormattableEvent {
  /** Normalised UTC timestamp (see formatTimestamp). */
  timestamp: string;
  /** 0..7, see `severity`. */
  severity: number;
  decky: string | null;
  service: string | null;
  procid?: string | null;
  eventType: string | null;
  /** Params of the relay@55555 element, in this order; null and undefined values are left out. */
  fields?: Readonly<Record<string, FieldValue>>;
  msg?: string | null;
}

/**
 * Param that lists, comma-separated, the values cut to fit MAX_LINE_LENGTH (`MSG` stands for the
 * message). It replaces an event's own param of that name when it has to be written.
 */
export const TRUNCATED_PARAM = 'truncated';
export const TRUNCATED_MSG_NAME = 'MSG';

const PARAM_NAME = /^[A-Za-z0-9_.-]{1,32}$/;
const checkedNames = new Set<string>();

/** Throws unless `name` is a valid SD-NAME (RFC 5424 §6.3.3); emitters check their names once up front. */
export function checkParamName(name: string): void {
  if (checkedNames.has(name)) return;
  if (!PARAM_NAME.test(name)) {
    throw new Error(
      `cannot format param ${JSON.stringify(name)}: names must match [A-Za-z0-9_.-]{1,32} (RFC 5424 SD-NAME)`,
    );
  }
  if (checkedNames.size < 10_000) checkedNames.add(name);
}

/** A header field: NILVALUE for null/empty, PRINTUSASCII only (anything else becomes `_`), RFC length. */
function headerField(value: string | null | undefined, max: number): string {
  if (value === null || value === undefined || value === '') return '-';
  const cut = value.length > max ? value.slice(0, max) : value;
  for (let i = 0; i < cut.length; i++) {
    const c = cut.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return cut.replace(/[^\x21-\x7e]/g, '_');
  }
  return cut;
}

const HEX = '0123456789abcdef';

/** Units the escaped form of code unit `c` takes in a param value. */
function valueEscapeWidth(c: number): number {
  if (c === 0x5c || c === 0x22 || c === 0x5d || c === 0x0a || c === 0x0d || c === 0x09) return 2;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return 4;
  return 1;
}

/** Units the MSG form of code unit `c` takes (only control characters change). */
function msgEscapeWidth(c: number): number {
  if (c === 0x0a || c === 0x0d || c === 0x09) return 2;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return 4;
  return 1;
}

function controlEscape(c: number): string {
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c === 0x09) return '\\t';
  return `\\x${HEX[c >> 4]}${HEX[c & 15]}`;
}

function escapeWith(s: string, width: (c: number) => number): string {
  let out = '';
  let segment = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (width(c) === 1) continue;
    out += s.slice(segment, i) + (c < 0x20 || (c >= 0x7f && c <= 0x9f) ? controlEscape(c) : `\\${s[i]}`);
    segment = i + 1;
  }
  return segment === 0 ? s : out + s.slice(segment);
}

/** Units valueEscapeWidth / msgEscapeWidth widen: a native scan finds whether any is there. */
const VALUE_NEEDS_ESCAPE = /[\\"\]\x00-\x1f\x7f-\x9f]/;
const MSG_NEEDS_ESCAPE = /[\x00-\x1f\x7f-\x9f]/;

/** A PARAM-VALUE as written inside relay@55555 (without the quotes). */
export function escapeParamValue(value: string): string {
  return VALUE_NEEDS_ESCAPE.test(value) ? escapeWith(value, valueEscapeWidth) : value;
}

/** MSG as written: control characters (C0, DEL, C1) shown as `\n` `\r` `\t` `\xHH`, all else verbatim. */
export function escapeMsg(msg: string): string {
  return MSG_NEEDS_ESCAPE.test(msg) ? escapeWith(msg, msgEscapeWidth) : msg;
}

/** Longest prefix of `s` whose escaped form fits in `budget` units, never splitting a surrogate pair. */
function prefixWithin(s: string, budget: number, width: (c: number) => number): string {
  let used = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const w = width(s.charCodeAt(i));
    if (used + w > budget) break;
    used += w;
  }
  if (i > 0 && i < s.length) {
    const last = s.charCodeAt(i - 1);
    if (last >= 0xd800 && last <= 0xdbff) i--;
  }
  return s.slice(0, i);
}

interface Part {
  name: string;
  raw: string;
  written: string;
  isMsg: boolean;
}

function stringify(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

/** The line; `marker` (possibly empty) adds the TRUNCATED_PARAM param. */
function assemble(head: string, params: Part[], msg: Part | null, marker: string | null): string {
  let sd = '';
  for (const p of params) sd += ` ${p.name}="${p.written}"`;
  if (marker !== null) sd += ` ${TRUNCATED_PARAM}="${marker}"`;
  const sdText = sd === '' ? '-' : `[${DECNET_SD_ID}${sd}]`;
  return msg === null ? `${head} ${sdText}` : `${head} ${sdText} ${msg.written}`;
}

/**
 * Cuts the longest values down to a common length (a "water level") until the line fits, and names them
 * in the TRUNCATED_PARAM marker. The marker's own length depends on which values were cut, so the level
 * is recomputed until that set stops growing (it only grows, so this ends).
 */
function fitToLimit(head: string, params: Part[], msg: Part | null): string {
  const untouched = assemble(head, params, msg, null);
  if (untouched.length <= MAX_LINE_LENGTH) return untouched;
  const kept = params.filter((p) => p.name !== TRUNCATED_PARAM);
  const parts = msg === null ? kept : [...kept, msg];
  let cut = new Set<Part>();
  for (let round = 0; round <= parts.length; round++) {
    const marker = parts
      .filter((p) => cut.has(p))
      .map((p) => p.name)
      .join(',');
    const excess = assemble(head, kept, msg, marker).length - MAX_LINE_LENGTH;
    const lengths = parts.map((p) => p.written.length).sort((a, b) => b - a);
    // Lowering the level from lengths[k] to lengths[k + 1] shortens the k + 1 longest values by 1 per step.
    let level = -1;
    let removed = 0;
    for (let k = 0; k < lengths.length; k++) {
      const current = lengths[k] ?? 0;
      const next = lengths[k + 1] ?? 0;
      const step = (current - next) * (k + 1);
      if (removed + step >= excess) {
        level = current - Math.ceil((excess - removed) / (k + 1));
        break;
      }
      removed += step;
    }
    if (level < 0) {
      throw new Error(
        `cannot format a line within ${MAX_LINE_LENGTH} characters even with every value emptied ` +
          `(${kept.length} fields): the event has too many fields`,
      );
    }
    const nextCut = new Set(parts.filter((p) => cut.has(p) || p.written.length > level));
    if (nextCut.size === cut.size) {
      for (const p of parts) {
        if (p.written.length <= level) continue;
        p.written = p.isMsg
          ? escapeMsg(prefixWithin(p.raw, level, msgEscapeWidth))
          : escapeParamValue(prefixWithin(p.raw, level, valueEscapeWidth));
      }
      return assemble(head, kept, msg, marker);
    }
    cut = nextCut;
  }
  throw new Error('cannot fit the line: truncation did not converge');
}

/**
 * The header fields after the timestamp, with their leading space: ` HOSTNAME APP-NAME PROCID MSGID`.
 * The same for every event a service emits of one type, so an emitter works it out once.
 */
export function formatHeaderTail(
  decky: string | null,
  service: string | null,
  procid: string | null | undefined,
  eventType: string | null,
): string {
  return (
    ` ${headerField(decky, MAX_HOSTNAME_LENGTH)} ${headerField(service, MAX_APP_NAME_LENGTH)} ` +
    `${headerField(procid, MAX_PROCID_LENGTH)} ${headerField(eventType, MAX_MSGID_LENGTH)}`
  );
}

/** `<PRI>1 `: the line's start for a severity 0..7 (facility local0). */
export function formatPriVersion(severity: number): string {
  if (!Number.isInteger(severity) || severity < 0 || severity > 7) {
    throw new RangeError(`cannot format an event: severity ${severity} is not 0..7`);
  }
  return `<${FACILITY_LOCAL0 * 8 + severity}>1 `;
}

/**
 * The line after its header (`head`, up to MSGID): the relay@55555 element and MSG, cut to fit
 * MAX_LINE_LENGTH. Param names must have passed checkParamName. Most lines fit as they are and are built
 * in one pass; only an oversized one takes the truncation path.
 */
export function formatBody(
  head: string,
  fields: Readonly<Record<string, FieldValue>> | undefined,
  msg: string | null | undefined,
): string {
  let sd = '';
  if (fields !== undefined) {
    for (const name of Object.keys(fields)) {
      const value = fields[name];
      if (value === null || value === undefined) continue;
      sd += ` ${name}="${escapeParamValue(stringify(value))}"`;
    }
  }
  const sdText = sd === '' ? '-' : `[${DECNET_SD_ID}${sd}]`;
  const line =
    msg === null || msg === undefined || msg === ''
      ? `${head} ${sdText}`
      : `${head} ${sdText} ${escapeMsg(msg)}`;
  if (line.length <= MAX_LINE_LENGTH) return line;
  const params: Part[] = [];
  if (fields !== undefined) {
    for (const name of Object.keys(fields)) {
      const value = fields[name];
      if (value === null || value === undefined) continue;
      const raw = stringify(value);
      params.push({ name, raw, written: escapeParamValue(raw), isMsg: false });
    }
  }
  const msgPart =
    msg === null || msg === undefined || msg === ''
      ? null
      : { name: TRUNCATED_MSG_NAME, raw: msg, written: escapeMsg(msg), isMsg: true };
  return fitToLimit(head, params, msgPart);
}

/** Formats one event as an RFC 5424 line (no trailing newline). Throws only on programming errors. */
export function formatLine(e: FormattableEvent): string {
  if (!Number.isInteger(e.severity) || e.severity < 0 || e.severity > 7) {
    throw new RangeError(`cannot format event ${e.eventType}: severity ${e.severity} is not 0..7`);
  }
  const ts = scanTimestamp(e.timestamp, 0, e.timestamp.length);
  if (!ts.ok || ts.end !== e.timestamp.length) {
    throw new RangeError(
      `cannot format event ${e.eventType}: ${JSON.stringify(e.timestamp)} is not an RFC 5424 timestamp`,
    );
  }
  if (e.fields !== undefined) {
    for (const name of Object.keys(e.fields)) {
      const value = e.fields[name];
      if (value !== null && value !== undefined) checkParamName(name);
    }
  }
  const head =
    formatPriVersion(e.severity) + e.timestamp + formatHeaderTail(e.decky, e.service, e.procid, e.eventType);
  return formatBody(head, e.fields, e.msg);
}
