import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../test/support/scratch.js';
import { IniError } from './errors.js';
import { type IniDocument, parseIni, readIniFile, readIniFileSync } from './ini.js';
import { INI_MAX_BYTES } from './limits.js';

function entries(doc: IniDocument): Array<[string, string, string, number]> {
  return doc.sections.flatMap((s) =>
    s.entries.map((e) => [s.name, e.key, e.value, e.line] as [string, string, string, number]),
  );
}

function errorOf(fn: () => unknown): IniError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IniError) return err;
    throw err;
  }
  throw new Error('expected an IniError');
}

describe('parseIni reads what configparser reads', () => {
  it.each<[string, string, Array<[string, string, string, number]>]>([
    ['key = value', '[s]\nkey = value', [['s', 'key', 'value', 2]]],
    ['key: value', '[s]\nkey: value', [['s', 'key', 'value', 2]]],
    ['no spaces', '[s]\nkey=value', [['s', 'key', 'value', 2]]],
    ['first delimiter splits', '[s]\nurl = postgres://u:p@h/db', [['s', 'url', 'postgres://u:p@h/db', 2]]],
    ['colon before equals splits at the colon', '[s]\na:b=c', [['s', 'a', 'b=c', 2]]],
    ['keys are lower-cased', '[s]\nNMAP_OS = Linux', [['s', 'nmap_os', 'Linux', 2]]],
    ['values are trimmed', '[s]\nk =    spaced out   ', [['s', 'k', 'spaced out', 2]]],
    ['empty value', '[s]\nk =', [['s', 'k', '', 2]]],
    ['inline # is part of the value', '[s]\nport = 80 # web', [['s', 'port', '80 # web', 2]]],
    ['inline ; is part of the value', '[s]\nport = 80 ; web', [['s', 'port', '80 ; web', 2]]],
    ['full-line comments', '# c\n; c\n[s]\n  # indented comment\nk = v', [['s', 'k', 'v', 5]]],
    ['continuation lines', '[s]\nk = a\n  b\n\tc', [['s', 'k', 'a\nb\nc', 2]]],
    ['continuation after an empty first line', '[s]\nk =\n  a\n  b', [['s', 'k', '\na\nb', 2]]],
    ['blank lines inside a value are kept', '[s]\nk = a\n\n  b', [['s', 'k', 'a\n\nb', 2]]],
    [
      'trailing blank lines are dropped',
      '[s]\nk = a\n  b\n\n\n[t]\nj = 1',
      [
        ['s', 'k', 'a\nb', 2],
        ['t', 'j', '1', 7],
      ],
    ],
    ['comment lines do not end a value', '[s]\nk = a\n# c\n  b', [['s', 'k', 'a\nb', 2]]],
    ['an indented key line continues the value', '[s]\nk = a\n  j = b', [['s', 'k', 'a\nj = b', 2]]],
    [
      'a line at the same indent is a new key',
      '[s]\n  k = a\n  j = b',
      [
        ['s', 'k', 'a', 2],
        ['s', 'j', 'b', 3],
      ],
    ],
    [
      'CRLF line ends',
      '[s]\r\nk = v\r\nj = w\r\n',
      [
        ['s', 'k', 'v', 2],
        ['s', 'j', 'w', 3],
      ],
    ],
    ['lone CR line ends', '[s]\rk = v', [['s', 'k', 'v', 2]]],
    ['a UTF-8 BOM is ignored', '\ufeff[s]\nk = v', [['s', 'k', 'v', 2]]],
    ['comment after a header', '[s] ; note\nk = v', [['s', 'k', 'v', 2]]],
    ['no interpolation', '[s]\nk = %(other)s 100%', [['s', 'k', '%(other)s 100%', 2]]],
    ['non-ASCII values', '[s]\nbanner = Größe ✓', [['s', 'banner', 'Größe ✓', 2]]],
  ])('%s', (_name, text, expected) => {
    expect(entries(parseIni(text, 'f.ini'))).toEqual(expected);
  });

  it('keeps section names, their case and their lines in file order', () => {
    const doc = parseIni('\n[General]\n\n[web-01.http]\nk = v\n', 'f.ini');
    expect(doc.sections.map((s) => [s.name, s.line])).toEqual([
      ['General', 2],
      ['web-01.http', 4],
    ]);
  });

  it('returns no sections for a file of comments', () => {
    expect(parseIni('# nothing\n\n; here\n', 'f.ini').sections).toEqual([]);
  });
});

describe('parseIni refuses what is wrong, naming file, line, section and key', () => {
  it.each<[string, string, number, string]>([
    [
      'key before any section',
      'k = v',
      1,
      'f.ini:1: "k = v" is outside any section; add a [section] header above it',
    ],
    [
      'duplicate section',
      '[a]\n[b]\n[a]',
      3,
      'f.ini:3: [a] duplicate section; it is already defined on line 1',
    ],
    ['duplicate key', '[a]\nk = 1\nK = 2', 3, 'f.ini:3: [a] k: duplicate key; it is already set on line 2'],
    [
      'line without delimiter',
      '[a]\njunk',
      2,
      'f.ini:2: [a] expected "key = value" or a [section] header, got "junk"',
    ],
    ['missing key', '[a]\n= v', 2, 'f.ini:2: [a] missing key before "="'],
    [
      'invalid key',
      '[a]\nmy key = v',
      2,
      'f.ini:2: [a] invalid key "my key": use letters, digits, "_", "-" and "."',
    ],
    ['unterminated header', '[a', 1, 'f.ini:1: unterminated section header "[a"; expected [name]'],
    ['text after header', '[a] b', 1, 'f.ini:1: unexpected text "b" after the section header'],
    ['empty header', '[]', 1, 'f.ini:1: empty section name []'],
    ['spaces around a name', '[ a ]', 1, 'f.ini:1: section name " a " has surrounding spaces; write [a]'],
    ['space inside a name', '[a b]', 1, 'f.ini:1: invalid section name "a b"'],
    [
      'DEFAULT section',
      '[DEFAULT]\nk = v',
      1,
      'f.ini:1: [DEFAULT] sections are not supported; write the keys in each section that needs them',
    ],
    ['control character', '[a]\nk = v\u0000', 2, 'f.ini:2: control character U+0000 in column 6; remove it'],
  ])('%s', (_name, text, line, message) => {
    const err = errorOf(() => parseIni(text, 'f.ini'));
    expect(err.line).toBe(line);
    expect(err.message).toBe(message);
  });

  it('exposes the key of a duplicate as a field', () => {
    const err = errorOf(() => parseIni('[a]\nk = 1\nk = 2', 'f.ini'));
    expect({ file: err.file, line: err.line, section: err.section, key: err.key }).toEqual({
      file: 'f.ini',
      line: 3,
      section: 'a',
      key: 'k',
    });
  });

  it('refuses text over 512 KiB (the reference limit) and accepts text at it', () => {
    const filler = `[a]\nk = ${'x'.repeat(1000)}\n`;
    const exact = `${filler}${'#'.repeat(INI_MAX_BYTES - Buffer.byteLength(filler))}`;
    expect(Buffer.byteLength(exact)).toBe(INI_MAX_BYTES);
    expect(parseIni(exact, 'f.ini', { maxLineLength: INI_MAX_BYTES }).sections).toHaveLength(1);
    const err = errorOf(() => parseIni(`${exact}#`, 'f.ini', { maxLineLength: INI_MAX_BYTES }));
    expect(err.message).toBe(
      `f.ini: file is ${INI_MAX_BYTES + 1} bytes; the limit is ${INI_MAX_BYTES} bytes`,
    );
  });

  it.each<[string, string, object, string]>([
    [
      'line length',
      '[a]\nk = 123456',
      { maxLineLength: 9 },
      'f.ini:2: line is 10 characters long; the limit is 9',
    ],
    ['sections', '[a]\n[b]\n[c]', { maxSections: 2 }, 'f.ini:3: too many sections; the limit is 2'],
    [
      'keys per section',
      '[a]\nx = 1\ny = 2',
      { maxKeysPerSection: 1 },
      'f.ini:3: [a] too many keys in one section; the limit is 1',
    ],
  ])('bounds the %s', (_name, text, limits, message) => {
    expect(errorOf(() => parseIni(text, 'f.ini', limits)).message).toBe(message);
  });
});

describe('readIniFile', () => {
  const dir = scratchDir('decnet-ini');

  it('reads a file, sync and async', async () => {
    const path = join(dir, 'ok.ini');
    writeFileSync(path, '[a]\nk = v\n');
    expect(entries(readIniFileSync(path))).toEqual([['a', 'k', 'v', 2]]);
    expect(entries(await readIniFile(path))).toEqual([['a', 'k', 'v', 2]]);
  });

  it('reports a missing file', async () => {
    const path = join(dir, 'missing.ini');
    expect(errorOf(() => readIniFileSync(path)).message).toBe(`${path}: file not found`);
    await expect(readIniFile(path)).rejects.toThrow(`${path}: file not found`);
  });

  it('refuses a directory', () => {
    expect(errorOf(() => readIniFileSync(dir)).message).toBe(`${dir}: not a regular file`);
  });

  it('refuses an oversized file before reading it', () => {
    const path = join(dir, 'big.ini');
    writeFileSync(path, '#'.repeat(INI_MAX_BYTES + 1));
    expect(errorOf(() => readIniFileSync(path)).message).toBe(
      `${path}: file is ${INI_MAX_BYTES + 1} bytes; the limit is ${INI_MAX_BYTES} bytes`,
    );
  });

  it('reports invalid UTF-8 with its line', () => {
    const path = join(dir, 'latin1.ini');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('[a]\nk = ok\nj = caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    const err = errorOf(() => readIniFileSync(path));
    expect(err.line).toBe(3);
    expect(err.message).toBe(`${path}:3: not valid UTF-8; save the file as UTF-8`);
  });
});
