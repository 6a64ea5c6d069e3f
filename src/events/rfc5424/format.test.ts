import { describe, expect, it } from 'vitest';
import { escapeMsg, escapeParamValue, formatLine, formatTimestamp, severity } from './format.js';
import { MAX_LINE_LENGTH } from './limits.js';
import { parseLine } from './parse.js';

const base = {
  timestamp: '2026-05-10T12:00:01.123456Z',
  severity: severity.info,
  decky: 'decky-01',
  service: 'http',
  eventType: 'request',
};

function parsed(line: string) {
  const result = parseLine(line);
  if (!result.ok) throw new Error(`formatter wrote an unparseable line: ${JSON.stringify(result.error)}`);
  return result.record;
}

describe('formatTimestamp', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000000Z'],
    [1, '1970-01-01T00:00:00.000001Z'],
    [-1, '1969-12-31T23:59:59.999999Z'],
    [1_778_414_401_123_456, '2026-05-10T12:00:01.123456Z'],
    [1_778_414_401_123_456 + 0.25, '2026-05-10T12:00:01.123456Z'],
  ])('formats %d µs as %s', (micros, expected) => {
    expect(formatTimestamp(micros)).toBe(expected);
  });

  it('refuses what is not a time', () => {
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => formatTimestamp(1e30)).toThrow(RangeError);
    expect(() => formatTimestamp(Date.UTC(10_000, 0, 1) * 1000)).toThrow(/0000\.\.9999/);
    expect(() => formatTimestamp(Date.UTC(-1, 0, 1) * 1000)).toThrow(/0000\.\.9999/);
  });
});

describe('formatLine', () => {
  it('writes the DECNET line shape with facility local0', () => {
    expect(
      formatLine({
        ...base,
        fields: { method: 'GET', path: '/', remote_addr: '203.0.113.9:51544' },
        msg: 'hello',
      }),
    ).toBe(
      '<134>1 2026-05-10T12:00:01.123456Z decky-01 http - request [relay@55555 method="GET" path="/" remote_addr="203.0.113.9:51544"] hello',
    );
  });

  it('maps severities by syslog name: warning is <132>, err <131>', () => {
    expect(severity).toEqual({
      emerg: 0,
      alert: 1,
      crit: 2,
      err: 3,
      warning: 4,
      notice: 5,
      info: 6,
      debug: 7,
    });
    expect(formatLine({ ...base, severity: severity.warning })).toMatch(/^<132>1 /);
    expect(formatLine({ ...base, severity: severity.err })).toMatch(/^<131>1 /);
  });

  it('writes NILVALUE for absent header fields and no fields', () => {
    expect(formatLine({ ...base, decky: null, service: '', procid: null, eventType: null })).toBe(
      '<134>1 2026-05-10T12:00:01.123456Z - - - - -',
    );
  });

  it('replaces spaces and non-printable characters in header fields and cuts them to RFC lengths', () => {
    const line = formatLine({
      ...base,
      decky: `my decky\u00e9\x00${'h'.repeat(300)}`,
      service: 'a'.repeat(60),
      procid: 'p'.repeat(200),
      eventType: 'm'.repeat(40),
    });
    const r = parsed(line);
    expect(r.decky).toBe(`my_decky__${'h'.repeat(245)}`);
    expect(r.service).toHaveLength(48);
    expect(r.procid).toHaveLength(128);
    expect(r.eventType).toHaveLength(32);
  });

  it('omits null and undefined values and stringifies numbers and booleans', () => {
    const line = formatLine({ ...base, fields: { a: null, b: undefined, c: 0, d: false, e: 1.5, f: '' } });
    expect(line).toMatch(/\[relay@55555 c="0" d="false" e="1.5" f=""\]$/);
    expect(formatLine({ ...base, fields: { a: null } })).toMatch(/ request -$/);
  });

  it.each(['', 'has space', 'quote"', 'x'.repeat(33), 'br]', 'é', 'a=b'])(
    'throws on param name %j (a programming error)',
    (name) => {
      expect(() => formatLine({ ...base, fields: { [name]: 'v' } })).toThrow(/\[A-Za-z0-9_.-\]\{1,32\}/);
    },
  );

  it('refuses a bad severity or timestamp', () => {
    expect(() => formatLine({ ...base, severity: 8 })).toThrow(RangeError);
    expect(() => formatLine({ ...base, timestamp: '2026-05-10 12:00:01' })).toThrow(RangeError);
  });

  it('escapes \\ " ] and control characters in values', () => {
    expect(escapeParamValue('plain value')).toBe('plain value');
    expect(escapeParamValue('a\\b"c]d[e')).toBe('a\\\\b\\"c\\]d[e');
    expect(escapeParamValue('\n\r\t\x00\x1f\x7f\x85\u2028')).toBe('\\n\\r\\t\\x00\\x1f\\x7f\\x85\u2028');
  });

  it('shows control characters in MSG visibly and leaves the rest verbatim, so a line never breaks', () => {
    expect(escapeMsg('a\\n"]')).toBe('a\\n"]');
    expect(escapeMsg('line1\nline2\r\x00')).toBe('line1\\nline2\\r\\x00');
    const line = formatLine({ ...base, msg: 'x\ny' });
    expect(line.endsWith(' x\\ny')).toBe(true);
    expect(formatLine({ ...base, msg: '' })).toMatch(/ request -$/);
  });
});

describe('the 64 KiB limit', () => {
  it('cuts an oversized value, names it in truncated, and stays parseable', () => {
    const body = 'b'.repeat(100_000);
    const line = formatLine({ ...base, fields: { method: 'POST', body, path: '/x' } });
    expect(line.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
    expect(line.length).toBeGreaterThan(MAX_LINE_LENGTH - 8);
    const r = parsed(line);
    expect(r.fields.method).toBe('POST');
    expect(r.fields.path).toBe('/x');
    expect(r.fields.truncated).toBe('body');
    expect(body.startsWith(r.fields.body ?? 'missing')).toBe(true);
  });

  it('cuts the longest values to a common length and leaves short ones whole', () => {
    const line = formatLine({
      ...base,
      fields: { a: 'a'.repeat(50_000), short: 's'.repeat(1000), b: 'b'.repeat(40_000) },
      msg: 'm'.repeat(30_000),
    });
    expect(line.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
    const r = parsed(line);
    expect(r.fields.short).toHaveLength(1000);
    expect(r.fields.truncated).toBe('a,b,MSG');
    const lengths = [r.fields.a?.length ?? 0, r.fields.b?.length ?? 0, r.msg?.length ?? 0];
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
  });

  it('never splits an escape or a surrogate pair at the cut', () => {
    for (const unit of ['"', '\x01', '\uD83D\uDE00', 'a\\']) {
      const line = formatLine({ ...base, fields: { v: unit.repeat(70_000) } });
      expect(line.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
      const v = parsed(line).fields.v ?? '';
      expect(v.length).toBeGreaterThan(10_000);
      expect(unit.repeat(70_000).startsWith(v)).toBe(true);
      expect(v).not.toMatch(/[\uD800-\uDBFF]$/);
    }
  });

  it("replaces an event's own truncated param when it has to write the marker", () => {
    const line = formatLine({ ...base, fields: { truncated: 'false', data: 'd'.repeat(70_000) } });
    expect(parsed(line).fields.truncated).toBe('data');
    expect(parsed(formatLine({ ...base, fields: { truncated: 'false' } })).fields.truncated).toBe('false');
  });

  it('formats a line exactly at the limit untouched', () => {
    const probe = formatLine({ ...base, fields: { v: '' } });
    const v = 'x'.repeat(MAX_LINE_LENGTH - probe.length);
    const line = formatLine({ ...base, fields: { v } });
    expect(line).toHaveLength(MAX_LINE_LENGTH);
    expect(parsed(line).fields).toEqual({ v });
  });

  it('throws when the names alone cannot fit (a programming error)', () => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) fields[`field_${String(i).padStart(20, '0')}`] = 'v';
    expect(() => formatLine({ ...base, fields })).toThrow(/too many fields/);
  });
});
