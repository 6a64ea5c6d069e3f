/**
 * RFC 5424 §6 parser: the exact inverse of `formatLine`, and also the reader for what the reference's
 * emitters wrote (spec §1.1–1.2): RFC examples, Docker-wrapped bash logger lines, `host:port` addresses.
 *
 * Hand-rolled on purpose: one pass with charCodeAt/indexOf, no regular expression, work linear in the
 * line length whatever the input (every search position only moves forward), and it never throws.
 */
import { parseAddress } from '../address.js';
import {
  DECNET_SD_ID,
  type LogRecord,
  type ParseError,
  type ParseErrorCode,
  type ParseResult,
  type SdElement,
} from '../record.js';
import { replaceNul } from '../text.js';
import {
  MAX_ADDRESS_TEXT_LENGTH,
  MAX_APP_NAME_LENGTH,
  MAX_ENVELOPE_DEPTH,
  MAX_HOSTNAME_LENGTH,
  MAX_LINE_LENGTH,
  MAX_MSGID_LENGTH,
  MAX_PRIVAL,
  MAX_PROCID_LENGTH,
  MAX_SD_NAME_LENGTH,
} from './limits.js';
import { formatTimestamp, scanTimestamp } from './timestamp.js';

export { MAX_LINE_LENGTH } from './limits.js';

export interface ParseOptions {
  /** Time to record when the line carries the NILVALUE timestamp. Default: now. */
  receivedAt?: () => string;
}

/** Fields that name the attacker, in the reference's priority order (spec §1.2 step 4). */
export const ATTACKER_IP_FIELDS = [
  'src_ip',
  'src',
  'client_ip',
  'remote_ip',
  'remote_addr',
  'target_ip',
  'ip',
] as const;

const ATTACKER_IP_FIELD_SET: ReadonlySet<string> = new Set(ATTACKER_IP_FIELDS);
const LONGEST_ATTACKER_IP_FIELD = Math.max(...ATTACKER_IP_FIELDS.map((f) => f.length));

/** Keys of a bash `CMD uid=… user=… src=… pwd=… cmd=…` body (spec §1.1, §1.6) kept in `fields`. */
const COMMAND_BODY_KEYS: ReadonlySet<string> = new Set(['uid', 'user', 'src', 'pwd']);
const COMMAND_EVENT = 'command';

const defaultReceivedAt = (): string => formatTimestamp(Date.now() * 1000);

// Character codes used by the scanner.
const TAB = 9;
const LF = 10;
const CR = 13;
const SP = 32;
const QUOTE = 34;
const DASH = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const EQUALS = 61;
const LT = 60;
const GT = 62;
const OPEN = 91;
const BACKSLASH = 92;
const CLOSE = 93;
const DEL = 0x7f;
const BOM = 0xfeff;

/** Per-line scanner state. The search caches hold the next `"`/`\` at or after the last position asked. */
interface Scan {
  line: string;
  n: number;
  error: ParseError | null;
  nextQuote: number;
  nextBackslash: number;
  /** Whether some value may contain U+0000 (the line has one, or a `\x00` escape was decoded). */
  mayHaveNul: boolean;
  /** The PARAM-VALUE the last `readParamValue` call read. */
  value: string;
}

/** One envelope: a full line (`<PRI>1 …`) or the header-less inner form Docker wraps around it. */
interface Frame {
  hasPri: boolean;
  facility: number;
  severity: number;
  timestamp: string | null;
  decky: string | null;
  service: string | null;
  procid: string | null;
  eventType: string | null;
  sdNil: boolean;
  sd: SdElement[];
  fields: Record<string, string> | null;
  /** Index of the first MSG character (after a BOM), or -1 when there is no MSG. */
  msgStart: number;
}

function fail(scan: Scan, code: ParseErrorCode, at: number, message: string): null {
  scan.error = { code, column: at + 1, message };
  return null;
}

/** `fail` for the scanners that return an index: -1 means "see scan.error". */
function failIndex(scan: Scan, code: ParseErrorCode, at: number, message: string): -1 {
  scan.error = { code, column: at + 1, message };
  return -1;
}

function isControl(c: number): boolean {
  return c < SP || c === DEL;
}

function describeControl(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Sets a field so that a param named `__proto__` is stored as data, not as the object's prototype. */
function setField(fields: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__') {
    Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    fields[name] = value;
  }
}

function hexDigit(c: number): number {
  if (c >= DIGIT_0 && c <= DIGIT_9) return c - DIGIT_0;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * A header token (HOSTNAME, APP-NAME, PROCID, MSGID) from `start` to the next space. Returns the index
 * of that space (or of the end), or -1 with the error set.
 */
function readHeaderToken(scan: Scan, start: number, max: number, name: string): number {
  const { line, n } = scan;
  let i = start;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === SP) break;
    if (isControl(c)) {
      if (c === TAB) return failIndex(scan, 'header', i, `tab in ${name}`);
      return failIndex(scan, 'binary', i, `control character ${describeControl(c)} in ${name}`);
    }
    i++;
  }
  if (i === start) {
    const why = start >= n ? `line ends before ${name}` : `${name} is empty (two spaces in a row)`;
    return failIndex(scan, 'header', start, why);
  }
  if (i - start > max) {
    return failIndex(scan, 'header', start + max, `${name} is longer than ${max} characters (RFC 5424 §6)`);
  }
  return i;
}

/** An SD-NAME (RFC 5424 §6.3.3): PRINTUSASCII except `=`, SP, `]`, `"`; returns the index after it. */
function readSdName(scan: Scan, start: number, what: string): number {
  const { line, n } = scan;
  let i = start;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === EQUALS || c === SP || c === CLOSE || c === QUOTE) break;
    if (c < 33 || c > 126) {
      return failIndex(scan, 'structured_data', i, `invalid character ${describeControl(c)} in ${what}`);
    }
    i++;
  }
  if (i >= n) return failIndex(scan, 'sd_unterminated', n, `line ends inside ${what}`);
  if (i === start) return failIndex(scan, 'structured_data', start, `empty ${what}`);
  if (i - start > MAX_SD_NAME_LENGTH) {
    return failIndex(
      scan,
      'structured_data',
      start + MAX_SD_NAME_LENGTH,
      `${what} is longer than 32 characters`,
    );
  }
  return i;
}

/**
 * PARAM-VALUE after its opening quote (RFC 5424 §6.3.3): `\"`, `\\`, `\]` unescape; any other backslash
 * is literal. Inside `relay@55555`, also `\n`, `\r`, `\t` and `\xHH`, which our formatter writes for
 * control characters (a conforming emitter doubles every literal backslash, so no reference line has a
 * lone backslash before n/r/t/x). Unescaped runs are sliced, never built character by character.
 * Sets `scan.value` and returns the index after the closing quote.
 */
function readParamValue(scan: Scan, start: number, decodeControls: boolean): number {
  const { line, n } = scan;
  let i = start;
  let segment = start;
  let out = '';
  for (;;) {
    if (scan.nextQuote < i) {
      const found = line.indexOf('"', i);
      scan.nextQuote = found < 0 || found >= n ? n : found;
    }
    if (scan.nextBackslash < i) {
      const found = line.indexOf('\\', i);
      scan.nextBackslash = found < 0 || found >= n ? n : found;
    }
    const quote = scan.nextQuote;
    const backslash = scan.nextBackslash;
    if (quote < backslash) {
      scan.value = out === '' ? line.slice(segment, quote) : out + line.slice(segment, quote);
      return quote + 1;
    }
    if (backslash >= n) return failIndex(scan, 'sd_unterminated', n, 'line ends inside a PARAM-VALUE');
    if (backslash + 1 >= n) return failIndex(scan, 'sd_unterminated', n, 'line ends after a backslash');
    const escaped = line.charCodeAt(backslash + 1);
    if (escaped === QUOTE || escaped === BACKSLASH || escaped === CLOSE) {
      // Drop the backslash; the escaped character starts the next slice.
      out += line.slice(segment, backslash);
      segment = backslash + 1;
      i = backslash + 2;
      continue;
    }
    if (decodeControls) {
      let decoded = -1;
      let length = 2;
      if (escaped === 110) decoded = LF;
      else if (escaped === 114) decoded = CR;
      else if (escaped === 116) decoded = TAB;
      else if (escaped === 120) {
        const hi = hexDigit(line.charCodeAt(backslash + 2));
        const lo = backslash + 3 < n ? hexDigit(line.charCodeAt(backslash + 3)) : -1;
        if (hi >= 0 && lo >= 0) {
          decoded = hi * 16 + lo;
          length = 4;
        }
      }
      if (decoded >= 0) {
        if (decoded === 0) scan.mayHaveNul = true;
        out += line.slice(segment, backslash) + String.fromCharCode(decoded);
        segment = backslash + length;
        i = segment;
        continue;
      }
    }
    // A literal backslash: it stays in the current slice.
    i = backslash + 1;
  }
}

/** STRUCTURED-DATA starting at `[`; fills `frame.sd`/`frame.fields`, returns the index after the last `]`. */
function readStructuredData(scan: Scan, start: number, frame: Frame): number {
  const { line, n } = scan;
  let i = start;
  for (;;) {
    // line[i] is '['
    const idStart = i + 1;
    i = readSdName(scan, idStart, 'SD-ID');
    if (i < 0) return -1;
    if (line.charCodeAt(i) !== SP && line.charCodeAt(i) !== CLOSE) {
      return failIndex(scan, 'structured_data', i, "expected ' ' or ']' after SD-ID");
    }
    const id = line.slice(idStart, i);
    const ourElement = id === DECNET_SD_ID;
    // The first relay@55555 element becomes `fields` directly; keeping it as pairs too would double the
    // memory of every line the ingester holds.
    const intoFields = ourElement && frame.fields === null;
    const fields: Record<string, string> | null = intoFields ? {} : null;
    const params: Array<[string, string]> = [];
    while (line.charCodeAt(i) === SP) {
      const nameStart = i + 1;
      i = readSdName(scan, nameStart, 'PARAM-NAME');
      if (i < 0) return -1;
      if (line.charCodeAt(i) !== EQUALS) {
        return failIndex(scan, 'structured_data', i, "expected '=' after PARAM-NAME");
      }
      const name = line.slice(nameStart, i);
      i++;
      if (i >= n) return failIndex(scan, 'sd_unterminated', n, "line ends after '='");
      if (line.charCodeAt(i) !== QUOTE) {
        return failIndex(scan, 'structured_data', i, `expected '"' to open the value of ${name}`);
      }
      i = readParamValue(scan, i + 1, ourElement);
      if (i < 0) return -1;
      const value = scan.mayHaveNul ? replaceNul(scan.value) : scan.value;
      if (fields) {
        if (!Object.hasOwn(fields, name)) setField(fields, name, value);
      } else params.push([name, value]);
      if (i >= n) return failIndex(scan, 'sd_unterminated', n, "line ends before ']'");
    }
    if (i >= n) return failIndex(scan, 'sd_unterminated', n, "line ends before ']'");
    if (line.charCodeAt(i) !== CLOSE) {
      return failIndex(scan, 'structured_data', i, "expected ' ' or ']' after a PARAM-VALUE");
    }
    i++;
    if (fields) frame.fields = fields;
    else frame.sd.push({ id, params });
    if (i < n && line.charCodeAt(i) === OPEN) continue;
    if (i < n && line.charCodeAt(i) !== SP) {
      return failIndex(scan, 'structured_data', i, "expected a space or '[' after ']'");
    }
    return i;
  }
}

const HEADER_FIELDS: ReadonlyArray<readonly [string, number]> = [
  ['HOSTNAME', MAX_HOSTNAME_LENGTH],
  ['APP-NAME', MAX_APP_NAME_LENGTH],
  ['PROCID', MAX_PROCID_LENGTH],
  ['MSGID', MAX_MSGID_LENGTH],
];

const HEADER_CODES: ReadonlySet<ParseErrorCode> = new Set(['pri', 'version', 'timestamp', 'header']);

/**
 * One envelope from `start`: `<PRI>VERSION SP` (when `withPri`), then
 * `TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]` to the end.
 * A header that fails because of a control character (other than tab) is reported as `binary`: that
 * is what such a line is (a TLS hello, a stray core dump), whatever grammar rule it broke first.
 */
function readFrame(scan: Scan, start: number, withPri: boolean): Frame | null {
  const frame = readFrameFields(scan, start, withPri);
  const error = scan.error;
  if (frame === null && error !== null && HEADER_CODES.has(error.code)) {
    const stop = Math.min(scan.n, error.column);
    for (let i = start; i < stop; i++) {
      const c = scan.line.charCodeAt(i);
      if (isControl(c) && c !== TAB)
        return fail(scan, 'binary', i, `control character ${describeControl(c)} in the header`);
    }
  }
  return frame;
}

function readFrameFields(scan: Scan, start: number, withPri: boolean): Frame | null {
  const { line, n } = scan;
  let i = start;
  let facility = -1;
  let severity = -1;
  if (withPri) {
    if (line.charCodeAt(i) !== LT) return fail(scan, 'pri', i, "line must start with '<PRI>'");
    i++;
    const digitsStart = i;
    let pri = 0;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      if (i - digitsStart === 3) return fail(scan, 'pri', i, 'PRI has more than 3 digits');
      pri = pri * 10 + (c - DIGIT_0);
      i++;
    }
    if (i === digitsStart) return fail(scan, 'pri', i, 'PRI must be 1 to 3 digits');
    if (i - digitsStart > 1 && line.charCodeAt(digitsStart) === DIGIT_0) {
      return fail(scan, 'pri', digitsStart, 'PRI must not have leading zeros');
    }
    if (pri > MAX_PRIVAL)
      return fail(scan, 'pri', digitsStart, `PRI ${pri} is out of range 0..${MAX_PRIVAL}`);
    if (line.charCodeAt(i) !== GT) return fail(scan, 'pri', i, "expected '>' after PRI");
    i++;
    // VERSION = NONZERO-DIGIT 0*1DIGIT (RFC 5424 §6.2.2; two digits are plenty)
    const v = line.charCodeAt(i);
    if (!(v > DIGIT_0 && v <= DIGIT_9)) return fail(scan, 'version', i, 'VERSION must be 1-2 digits, not 0');
    i++;
    const v2 = line.charCodeAt(i);
    if (v2 >= DIGIT_0 && v2 <= DIGIT_9) i++;
    if (line.charCodeAt(i) !== SP) {
      const c = line.charCodeAt(i);
      const why =
        c >= DIGIT_0 && c <= DIGIT_9 ? 'VERSION has more than 2 digits' : "expected ' ' after VERSION";
      return fail(scan, 'version', i, why);
    }
    i++;
    facility = pri >> 3;
    severity = pri & 7;
  }

  let timestamp: string | null = null;
  if (line.charCodeAt(i) === DASH && (i + 1 >= n || line.charCodeAt(i + 1) === SP)) {
    if (!withPri) return fail(scan, 'timestamp', i, 'an inner envelope must carry a timestamp');
    i++;
  } else {
    const ts = scanTimestamp(line, i, n);
    if (!ts.ok) return fail(scan, 'timestamp', Math.min(ts.at, n), `malformed TIMESTAMP: ${ts.reason}`);
    timestamp = ts.iso;
    i = ts.end;
  }
  if (i >= n) return fail(scan, 'header', n, 'line ends after TIMESTAMP');
  i++;

  // HOSTNAME SP APP-NAME SP PROCID SP MSGID SP, each NILVALUE or a token of bounded length.
  const header: Array<string | null> = [];
  for (const [name, max] of HEADER_FIELDS) {
    const end = readHeaderToken(scan, i, max, name);
    if (end < 0) return null;
    if (end >= n) {
      return name === 'MSGID'
        ? fail(scan, 'structured_data', n, 'line ends before STRUCTURED-DATA')
        : fail(scan, 'header', n, `line ends after ${name}`);
    }
    header.push(end - i === 1 && line.charCodeAt(i) === DASH ? null : line.slice(i, end));
    i = end + 1;
  }
  const [decky = null, service = null, procid = null, eventType = null] = header;

  const frame: Frame = {
    hasPri: withPri,
    facility,
    severity,
    timestamp,
    decky,
    service,
    procid,
    eventType,
    sdNil: false,
    sd: [],
    fields: null,
    msgStart: -1,
  };
  if (i >= n) return fail(scan, 'structured_data', n, 'line ends before STRUCTURED-DATA');
  const sdStart = line.charCodeAt(i);
  if (sdStart === DASH) {
    frame.sdNil = true;
    i++;
    if (i < n && line.charCodeAt(i) !== SP) return fail(scan, 'structured_data', i, "expected ' ' after '-'");
  } else if (sdStart === OPEN) {
    i = readStructuredData(scan, i, frame);
    if (i < 0) return null;
  } else {
    return fail(scan, 'structured_data', i, "STRUCTURED-DATA must be '-' or start with '['");
  }
  // MSG (RFC 5424 §6.4): one space, then the rest; a leading BOM only says "UTF-8".
  if (i < n) {
    i++;
    if (i < n && line.charCodeAt(i) === BOM) i++;
    if (i < n) frame.msgStart = i;
  }
  return frame;
}

/**
 * Bash `CMD uid=0 user=root src=IP pwd=/root cmd=<rest of line>` (spec §1.1). `k=v` tokens up to
 * `cmd=`; a token without `=` continues the previous value (a `pwd` with spaces). Existing fields win.
 */
function readCommandBody(msg: string, fields: Record<string, string>): void {
  const n = msg.length;
  const found: Array<[string, string]> = [];
  let i = 4;
  let last: [string, string] | null = null;
  while (i < n) {
    while (i < n && msg.charCodeAt(i) === SP) i++;
    if (i >= n) break;
    if (msg.startsWith('cmd=', i)) {
      found.push(['cmd', msg.slice(i + 4)]);
      break;
    }
    let end = i;
    let eq = -1;
    while (end < n) {
      const c = msg.charCodeAt(end);
      if (c === SP) break;
      if (c === EQUALS && eq < 0) eq = end;
      end++;
    }
    if (eq > i) {
      last = [msg.slice(i, eq), msg.slice(eq + 1, end)];
      found.push(last);
    } else if (last !== null) {
      last[1] += ` ${msg.slice(i, end)}`;
    }
    i = end;
  }
  for (const [key, value] of found) {
    if ((key === 'cmd' || COMMAND_BODY_KEYS.has(key)) && !Object.hasOwn(fields, key)) fields[key] = value;
  }
}

function isWordChar(c: number): boolean {
  return (c >= DIGIT_0 && c <= DIGIT_9) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95 /* _ */;
}

function isAddressChar(c: number): boolean {
  return hexDigit(c) >= 0 || c === 46 /* . */ || c === 58 /* : */ || c === OPEN || c === CLOSE;
}

/** Case-insensitive ASCII `word` at `i` in `s` (`word` is lower case). */
function matchesWordAt(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** The address-looking run at `i` (hex digits, `.`, `:`, brackets), minus trailing punctuation. */
function addressAt(s: string, i: number): string | null {
  let end = i;
  while (end < s.length && end - i <= MAX_ADDRESS_TEXT_LENGTH && isAddressChar(s.charCodeAt(end))) end++;
  while (end > i && (s.charCodeAt(end - 1) === 46 || s.charCodeAt(end - 1) === 58)) end--;
  if (end === i) return null;
  return parseAddress(s.slice(i, end))?.ip ?? null;
}

/** Fallback 1 (spec §1.2 step 5): a `key=value` token in MSG whose key names the attacker. */
function attackerFromMsgFields(msg: string): string | null {
  const n = msg.length;
  let i = 0;
  while (i < n) {
    while (i < n && (msg.charCodeAt(i) === SP || msg.charCodeAt(i) === TAB)) i++;
    let end = i;
    let eq = -1;
    while (end < n) {
      const c = msg.charCodeAt(end);
      if (c === SP || c === TAB) break;
      if (c === EQUALS && eq < 0) eq = end;
      end++;
    }
    if (eq > i && eq - i <= LONGEST_ATTACKER_IP_FIELD && ATTACKER_IP_FIELD_SET.has(msg.slice(i, eq))) {
      const ip = addressAt(msg, eq + 1);
      if (ip !== null) return ip;
    }
    i = end;
  }
  return null;
}

/**
 * Fallback 2 (spec §1.2 step 6): the anchored forms `from <ip>`, `rhost=<ip>`, `client=<ip>`, `src=<ip>`
 * (`:` also accepted after the key; case-insensitive). The reference then took the first bare IPv4
 * anywhere in MSG; we do not, so `wget http://185.1.2.3/x` never makes the download host the attacker.
 */
function attackerFromMsgProse(msg: string): string | null {
  const n = msg.length;
  for (let i = 0; i < n; i++) {
    const c = msg.charCodeAt(i) | 0x20;
    if (c !== 102 && c !== 114 && c !== 99 && c !== 115) continue; // f r c s
    if (i > 0 && isWordChar(msg.charCodeAt(i - 1))) continue;
    let j = -1;
    if (c === 102 && matchesWordAt(msg, i, 'from')) {
      j = i + 4;
      if (j >= n || (msg.charCodeAt(j) !== SP && msg.charCodeAt(j) !== TAB)) continue;
    } else {
      const word = c === 114 ? 'rhost' : c === 99 ? 'client' : 'src';
      if (!matchesWordAt(msg, i, word)) continue;
      j = i + word.length;
      const sep = msg.charCodeAt(j);
      if (sep !== EQUALS && sep !== 58) continue;
      j++;
    }
    while (j < n && (msg.charCodeAt(j) === SP || msg.charCodeAt(j) === TAB)) j++;
    const ip = addressAt(msg, j);
    if (ip !== null) return ip;
  }
  return null;
}

/** The attacker IP of a record (spec §1.2 steps 4–6, with the reference's bugs fixed); sets remote_port. */
function findAttacker(fields: Record<string, string>, msg: string | null): string | null {
  for (const key of ATTACKER_IP_FIELDS) {
    const value = fields[key];
    if (value === undefined) continue;
    const address = parseAddress(value);
    if (address === null) continue;
    if (address.port !== null && !Object.hasOwn(fields, 'remote_port')) fields.remote_port = address.port;
    return address.ip;
  }
  if (msg === null) return null;
  return attackerFromMsgFields(msg) ?? attackerFromMsgProse(msg);
}

function isBlank(line: string, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c !== SP && c !== TAB && c !== LF && c !== CR && c !== 11 && c !== 12) return false;
  }
  return true;
}

function parse(line: string, opts: ParseOptions | undefined): ParseResult {
  if (line.length > MAX_LINE_LENGTH) {
    return {
      ok: false,
      error: {
        code: 'too_long',
        column: MAX_LINE_LENGTH + 1,
        message: `line is ${line.length} characters long; the limit is ${MAX_LINE_LENGTH}`,
      },
    };
  }
  // Tolerate the terminator a line reader may leave on (LF, CRLF or CR).
  let n = line.length;
  if (n > 0 && line.charCodeAt(n - 1) === LF) n--;
  if (n > 0 && line.charCodeAt(n - 1) === CR) n--;
  if (n === 0 || (line.charCodeAt(0) !== LT && isBlank(line, n))) {
    return { ok: false, error: { code: 'empty', column: 1, message: 'empty line' } };
  }

  const scan: Scan = {
    line,
    n,
    error: null,
    nextQuote: -1,
    nextBackslash: -1,
    mayHaveNul: line.indexOf('\0') >= 0,
    value: '',
  };
  const outer = readFrame(scan, 0, true);
  if (outer === null) {
    return { ok: false, error: scan.error ?? { code: 'header', column: 1, message: 'malformed line' } };
  }

  // Nested envelopes (spec §1.2 step 2): MSGID and SD both NIL, and MSG is itself a line.
  let frame = outer;
  let priFrame = outer;
  let timeFrame: Frame | null = outer.timestamp !== null ? outer : null;
  let depth = 0;
  while (depth < MAX_ENVELOPE_DEPTH && frame.eventType === null && frame.sdNil && frame.msgStart >= 0) {
    const c = line.charCodeAt(frame.msgStart);
    let inner: Frame | null = null;
    if (c === LT) inner = readFrame(scan, frame.msgStart, true);
    else if (c >= DIGIT_0 && c <= DIGIT_9) inner = readFrame(scan, frame.msgStart, false);
    if (inner === null) break;
    depth++;
    frame = inner;
    if (inner.hasPri) priFrame = inner;
    if (inner.timestamp !== null) timeFrame = inner;
  }

  let msg = frame.msgStart >= 0 ? line.slice(frame.msgStart, n) : null;
  if (msg !== null && scan.mayHaveNul) msg = replaceNul(msg);
  const fields = frame.fields ?? {};
  let eventType = frame.eventType;
  if (msg !== null && (eventType === null || eventType === COMMAND_EVENT) && msg.startsWith('CMD ')) {
    readCommandBody(msg, fields);
    eventType = COMMAND_EVENT;
  }
  const attackerIp = findAttacker(fields, msg);

  const record: LogRecord = {
    timestamp: timeFrame?.timestamp ?? (opts?.receivedAt ?? defaultReceivedAt)(),
    timestampFromLine: timeFrame !== null,
    facility: priFrame.facility,
    severity: priFrame.severity,
    decky: frame.decky,
    service: frame.service,
    procid: frame.procid,
    eventType,
    fields,
    sd: frame.sd,
    msg,
    attackerIp,
    envelopeDepth: depth,
  };
  return { ok: true, record };
}

/**
 * Parses one RFC 5424 line into a LogRecord, or says why it is malformed (1-based column). Never throws:
 * a line is attacker-influenced data.
 */
export function parseLine(line: string, opts?: ParseOptions): ParseResult {
  if (typeof line !== 'string') {
    return { ok: false, error: { code: 'empty', column: 1, message: 'not a string' } };
  }
  try {
    return parse(line, opts);
  } catch (err) {
    // Only reachable through a bug or a throwing receivedAt(); still a value, never an exception.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'header', column: 1, message: `internal parser error: ${message}` } };
  }
}
