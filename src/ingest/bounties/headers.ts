import {
  MAX_HEADER_NAME_CHARS,
  MAX_HEADER_VALUE_CHARS,
  MAX_HEADERS_CONSIDERED,
  MAX_JSON_FIELD_CHARS,
} from './limits.js';
import { truncate } from './text.js';

/** One request header as the client sent it: original name casing, value capped. */
export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * Reads the `headers` field (spec §1.1: nested data travels as a JSON string). Accepts a JSON object
 * `{"Name": "value"}` (what the reference's HTTP service writes) or a list of `[name, value]` pairs.
 * Wire order is kept, including for names that look like array indices (which a JS object would
 * reorder); a repeated name keeps its first position and last value, as a Python dict does.
 * Only the first MAX_HEADERS_CONSIDERED entries are read. Malformed or oversized JSON, or a JSON value of
 * another shape, gives null: treated as "no headers", never as an error.
 * Values: strings as is; numbers and booleans as text; lists of those joined with ", "; others skipped.
 */
export function parseHeaders(raw: string | undefined): HttpHeader[] | null {
  if (raw === undefined || raw.length > MAX_JSON_FIELD_CHARS) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (Array.isArray(parsed)) return fromPairs(parsed);
  if (parsed === null || typeof parsed !== 'object') return null;
  const object = parsed as Record<string, unknown>;
  const headers: HttpHeader[] = [];
  for (const name of new Set(objectKeysInWireOrder(raw, MAX_HEADERS_CONSIDERED))) {
    const header = makeHeader(name, object[name]);
    if (header !== null) headers.push(header);
  }
  return headers;
}

function fromPairs(pairs: unknown[]): HttpHeader[] {
  const headers: HttpHeader[] = [];
  for (const pair of pairs.slice(0, MAX_HEADERS_CONSIDERED)) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') continue;
    const header = makeHeader(pair[0], pair[1]);
    if (header !== null) headers.push(header);
  }
  return headers;
}

function makeHeader(name: string, value: unknown): HttpHeader | null {
  const text = headerText(value);
  if (text === null) return null;
  return { name: truncate(name, MAX_HEADER_NAME_CHARS), value: truncate(text, MAX_HEADER_VALUE_CHARS) };
}

function headerText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const parts: string[] = [];
    let length = 0;
    for (const item of value) {
      const part = typeof item === 'object' || item === undefined ? null : headerText(item);
      if (part === null) continue;
      parts.push(part);
      length += part.length + 2;
      if (length > MAX_HEADER_VALUE_CHARS) break;
    }
    return parts.join(', ');
  }
  return null;
}

/**
 * The top-level keys of a JSON object text in the order written, at most `limit` of them. `text` must
 * already have passed JSON.parse, so the scan only has to track strings and nesting depth.
 */
export function objectKeysInWireOrder(text: string, limit: number): string[] {
  const keys: string[] = [];
  let i = skipWhitespace(text, 0);
  if (text[i] !== '{') return keys;
  i++;
  while (keys.length < limit) {
    i = skipWhitespace(text, i);
    if (text[i] !== '"') break;
    const end = stringEnd(text, i);
    keys.push(JSON.parse(text.slice(i, end)) as string);
    i = skipWhitespace(text, end) + 1; // past ':'
    i = skipWhitespace(text, valueEnd(text, i));
    if (text[i] !== ',') break;
    i++;
  }
  return keys;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  return i;
}

/** Index just past the string literal starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return text.length;
}

/** Index just past the value starting at or after `start`, or of the `,`/`}` that ends a bare value. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let i = skipWhitespace(text, start);
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
      if (depth === 0) return i;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === ',' && depth === 0) return i;
    i++;
  }
  return i;
}

/** First header whose name matches `name` case-insensitively (HTTP field names are, RFC 9110 §5.1). */
export function findHeader(headers: readonly HttpHeader[], name: string): HttpHeader | undefined {
  return findLowerCaseHeader(headers, name.toLowerCase());
}

/**
 * `findHeader` for a name already in lower case. Only names of the same length are lower-cased to
 * compare: this runs several times for every HTTP request ingested.
 */
export function findLowerCaseHeader(
  headers: readonly HttpHeader[],
  lowerCaseName: string,
): HttpHeader | undefined {
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    if (header.name.length === lowerCaseName.length && header.name.toLowerCase() === lowerCaseName)
      return header;
  }
  return undefined;
}
