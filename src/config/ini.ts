/**
 * A small, strict INI tokenizer shared by the deployment file and the host config file.
 *
 * It reads what Python's `configparser.ConfigParser()` (strict mode, the reference's parser) reads, and
 * means the same by it:
 * - `[name]` starts a section; section names are case-sensitive.
 * - `key = value` or `key: value`, split at the first `=` or `:`; keys are lower-cased, values trimmed.
 * - Lines whose first non-blank character is `#` or `;` are comments. Comments are never stripped from
 *   the end of a value: `port = 80 # web` has the value `80 # web`, as in configparser's default.
 * - A line indented deeper than its key continues that key's value (joined with `\n`); blank lines
 *   inside such a value are kept, trailing ones dropped.
 * - A duplicate section, or a duplicate key within a section, is an error.
 *
 * Where configparser is lax, this tokenizer refuses instead, so a typo never passes silently: text
 * after a section header other than a comment, section names with spaces, keys with characters other
 * than letters, digits, `_`, `-` and `.`, control characters, a `[DEFAULT]` section (configparser copies
 * its keys into every section; we do not support that), and keys with no value. Values are never
 * interpolated (`%(name)s` stays literal), like `ConfigParser(interpolation=None)`.
 *
 * Input is bounded (file size, line length, sections, keys per section) because deployment files can
 * arrive through the API.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { IniError, quote } from './errors.js';
import { INI_MAX_BYTES, INI_MAX_KEYS_PER_SECTION, INI_MAX_LINE_LENGTH, INI_MAX_SECTIONS } from './limits.js';

export interface IniEntry {
  /** Lower-cased key. */
  key: string;
  /** Trimmed value; continuation lines joined with `\n`. May be empty. */
  value: string;
  /** 1-based line of the `key = value` line. */
  line: number;
}

export interface IniSection {
  /** Name between the brackets, case preserved. */
  name: string;
  /** 1-based line of the `[name]` header. */
  line: number;
  /** Entries in file order. Keys are unique within a section. */
  entries: IniEntry[];
}

export interface IniDocument {
  file: string;
  /** Sections in file order. Names are unique within a document. */
  sections: IniSection[];
}

export interface IniLimits {
  maxBytes: number;
  maxLineLength: number;
  maxSections: number;
  maxKeysPerSection: number;
}

export const DEFAULT_INI_LIMITS: Readonly<IniLimits> = Object.freeze({
  maxBytes: INI_MAX_BYTES,
  maxLineLength: INI_MAX_LINE_LENGTH,
  maxSections: INI_MAX_SECTIONS,
  maxKeysPerSection: INI_MAX_KEYS_PER_SECTION,
});

/** configparser's name for the section whose keys it copies into every other section. */
const DEFAULT_SECTION_NAME = 'DEFAULT';
const KEY_PATTERN = /^[a-z0-9_.-]+$/;
// Tab is the only control character an INI line may hold; CR and LF are line ends.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const LINE_BREAK = /\r\n|\n|\r/;

interface OpenEntry {
  entry: IniEntry;
  indent: number;
  parts: string[];
}

/** Tokenizes INI text. `file` is only used in error messages. Throws {@link IniError}. */
export function parseIni(text: string, file: string, limits: Partial<IniLimits> = {}): IniDocument {
  const bounds = { ...DEFAULT_INI_LIMITS, ...limits };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > bounds.maxBytes) throw tooLarge(file, bytes, bounds.maxBytes);

  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const lines = body.split(LINE_BREAK);
  const sections: IniSection[] = [];
  const sectionLines = new Map<string, number>();
  let section: IniSection | null = null;
  let keyLines = new Map<string, number>();
  let open: OpenEntry | null = null;

  const close = () => {
    if (open) open.entry.value = open.parts.join('\n').trimEnd();
    open = null;
  };

  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const line = index + 1;
    const at = { file, line };
    if (raw.length > bounds.maxLineLength) {
      throw new IniError(at, `line is ${raw.length} characters long; the limit is ${bounds.maxLineLength}`);
    }
    const control = CONTROL_CHARACTER.exec(raw);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).padStart(2, '0');
      throw new IniError(at, `control character U+00${code} in column ${control.index + 1}; remove it`);
    }

    const content = raw.trim();
    if (content === '' || content.startsWith('#') || content.startsWith(';')) {
      // configparser keeps blank lines inside a multi-line value (trailing ones are trimmed on close);
      // comment lines are skipped without ending the value.
      if (content === '' && open) open.parts.push('');
      continue;
    }

    const indent = raw.search(/\S/);
    if (open && indent > open.indent) {
      open.parts.push(content);
      continue;
    }
    close();

    if (content.startsWith('[')) {
      const name = parseSectionHeader(content, at);
      if (name === DEFAULT_SECTION_NAME) {
        throw new IniError(
          at,
          `[${DEFAULT_SECTION_NAME}] sections are not supported; write the keys in each section that needs them`,
        );
      }
      const first = sectionLines.get(name);
      if (first !== undefined) {
        throw new IniError(
          { ...at, section: name },
          `duplicate section; it is already defined on line ${first}`,
        );
      }
      if (sections.length >= bounds.maxSections) {
        throw new IniError(at, `too many sections; the limit is ${bounds.maxSections}`);
      }
      section = { name, line, entries: [] };
      sections.push(section);
      sectionLines.set(name, line);
      keyLines = new Map();
      continue;
    }

    if (!section) {
      throw new IniError(at, `${quote(content)} is outside any section; add a [section] header above it`);
    }
    const inSection = { ...at, section: section.name };
    const delimiter = content.search(/[=:]/);
    if (delimiter < 0) {
      throw new IniError(inSection, `expected "key = value" or a [section] header, got ${quote(content)}`);
    }
    const rawKey = content.slice(0, delimiter).trimEnd();
    if (rawKey === '') throw new IniError(inSection, `missing key before "${content[delimiter]}"`);
    const key = rawKey.toLowerCase();
    if (!KEY_PATTERN.test(key)) {
      throw new IniError(inSection, `invalid key ${quote(rawKey)}: use letters, digits, "_", "-" and "."`);
    }
    const firstKey = keyLines.get(key);
    if (firstKey !== undefined) {
      throw new IniError({ ...inSection, key }, `duplicate key; it is already set on line ${firstKey}`);
    }
    if (section.entries.length >= bounds.maxKeysPerSection) {
      throw new IniError(inSection, `too many keys in one section; the limit is ${bounds.maxKeysPerSection}`);
    }
    keyLines.set(key, line);
    const value = content.slice(delimiter + 1).trim();
    const entry: IniEntry = { key, value, line };
    section.entries.push(entry);
    open = { entry, indent, parts: [value] };
  }
  close();
  return { file, sections };
}

function parseSectionHeader(text: string, at: { file: string; line: number }): string {
  const end = text.indexOf(']');
  if (end < 0) throw new IniError(at, `unterminated section header ${quote(text)}; expected [name]`);
  const rest = text.slice(end + 1).trim();
  if (rest !== '' && !rest.startsWith('#') && !rest.startsWith(';')) {
    throw new IniError(at, `unexpected text ${quote(rest)} after the section header`);
  }
  const name = text.slice(1, end);
  if (name === '') throw new IniError(at, 'empty section name []');
  if (name.trim() !== name) {
    throw new IniError(at, `section name ${quote(name)} has surrounding spaces; write [${name.trim()}]`);
  }
  if (/[\s[]/.test(name)) throw new IniError(at, `invalid section name ${quote(name)}`);
  return name;
}

/** Reads and tokenizes an INI file, refusing files over the size limit before reading them. */
export function readIniFileSync(path: string, limits: Partial<IniLimits> = {}): IniDocument {
  const bounds = { ...DEFAULT_INI_LIMITS, ...limits };
  let bytes: Buffer;
  try {
    checkFileStat(path, statSync(path), bounds.maxBytes);
    bytes = readFileSync(path);
  } catch (err) {
    throw asReadError(path, err);
  }
  return parseIni(decodeUtf8(bytes, path), path, bounds);
}

/** Async twin of {@link readIniFileSync}. */
export async function readIniFile(path: string, limits: Partial<IniLimits> = {}): Promise<IniDocument> {
  const bounds = { ...DEFAULT_INI_LIMITS, ...limits };
  let bytes: Buffer;
  try {
    checkFileStat(path, await stat(path), bounds.maxBytes);
    bytes = await readFile(path);
  } catch (err) {
    throw asReadError(path, err);
  }
  return parseIni(decodeUtf8(bytes, path), path, bounds);
}

function checkFileStat(path: string, info: { isFile(): boolean; size: number }, maxBytes: number): void {
  if (!info.isFile()) throw new IniError({ file: path, line: 0 }, 'not a regular file');
  if (info.size > maxBytes) throw tooLarge(path, info.size, maxBytes);
}

function tooLarge(file: string, bytes: number, maxBytes: number): IniError {
  return new IniError({ file, line: 0 }, `file is ${bytes} bytes; the limit is ${maxBytes} bytes`);
}

function asReadError(path: string, err: unknown): IniError {
  if (err instanceof IniError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EACCES'
        ? 'permission denied'
        : `cannot read: ${(err as Error).message}`;
  return new IniError({ file: path, line: 0 }, reason, { cause: err });
}

/** Strict UTF-8 decoding; an invalid byte sequence is reported with its line number. */
function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new IniError({ file, line }, 'not valid UTF-8; save the file as UTF-8');
  }
}
