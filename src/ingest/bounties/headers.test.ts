import { describe, expect, it } from 'vitest';
import { findHeader, objectKeysInWireOrder, parseHeaders } from './headers.js';
import {
  MAX_HEADER_NAME_CHARS,
  MAX_HEADER_VALUE_CHARS,
  MAX_HEADERS_CONSIDERED,
  MAX_JSON_FIELD_CHARS,
} from './limits.js';
import { headersJson } from './testing.js';

describe('parseHeaders', () => {
  it('reads a JSON object in wire order', () => {
    expect(parseHeaders('{"Host": "x", "User-Agent": "curl/8.5", "Accept": "*/*"}')).toEqual([
      { name: 'Host', value: 'x' },
      { name: 'User-Agent', value: 'curl/8.5' },
      { name: 'Accept', value: '*/*' },
    ]);
  });

  it('keeps the wire position of names that look like array indices', () => {
    const headers = parseHeaders('{"Host":"x","42":"a","User-Agent":"u","7":"b"}');
    expect(headers?.map((h) => h.name)).toEqual(['Host', '42', 'User-Agent', '7']);
  });

  it('keeps a repeated name at its first position with its last value (Python dict semantics)', () => {
    expect(parseHeaders('{"A":"1","B":"2","A":"3"}')).toEqual([
      { name: 'A', value: '3' },
      { name: 'B', value: '2' },
    ]);
  });

  it('skips nested values while finding keys', () => {
    const text = '{ "a" : {"x":[1,{"}":"]"}]} , "b":"q\\"}," , "c" : 5 }';
    expect(objectKeysInWireOrder(text, 10)).toEqual(['a', 'b', 'c']);
  });

  it('reads a list of [name, value] pairs', () => {
    expect(parseHeaders('[["Host","x"],["bad"],[1,"y"],["Accept","*/*"]]')).toEqual([
      { name: 'Host', value: 'x' },
      { name: 'Accept', value: '*/*' },
    ]);
  });

  it.each([
    ['number', '{"Content-Length": 5}', '5'],
    ['boolean', '{"X": true}', 'true'],
    ['list', '{"Accept": ["a", "b", 3]}', 'a, b, 3'],
  ])('renders a %s value as text', (_name, raw, value) => {
    expect(parseHeaders(raw)?.[0]?.value).toBe(value);
  });

  it.each([
    ['null', '{"X": null}'],
    ['object', '{"X": {"a": 1}}'],
  ])('drops a header whose value is %s', (_name, raw) => {
    expect(parseHeaders(raw)).toEqual([]);
  });

  it.each([
    ['absent', undefined],
    ['malformed JSON', '{"Host": "x"'],
    ['Python repr', "{'Host': 'x'}"],
    ['empty string', ''],
    ['JSON string', '"Host: x"'],
    ['JSON number', '42'],
    ['JSON null', 'null'],
    ['oversized', `{"X":"${'a'.repeat(MAX_JSON_FIELD_CHARS)}"}`],
  ])('treats %s as no headers', (_name, raw) => {
    expect(parseHeaders(raw)).toBeNull();
  });

  it(`considers only the first ${MAX_HEADERS_CONSIDERED} headers and caps names and values`, () => {
    const many = Array.from({ length: 500 }, (_, i) => [`H${i}`, 'v'] as [string, string]);
    expect(parseHeaders(headersJson(many))).toHaveLength(MAX_HEADERS_CONSIDERED);
    const [header] = parseHeaders(headersJson({ ['N'.repeat(10_000)]: 'v'.repeat(100_000) }))!;
    expect(header?.name).toHaveLength(MAX_HEADER_NAME_CHARS);
    expect(header?.value).toHaveLength(MAX_HEADER_VALUE_CHARS);
  });

  it('never leaves half a surrogate pair when capping', () => {
    const value = `${'a'.repeat(MAX_HEADER_VALUE_CHARS - 1)}😀`;
    const [header] = parseHeaders(headersJson({ X: value }))!;
    expect(header?.value).toBe('a'.repeat(MAX_HEADER_VALUE_CHARS - 1));
  });
});

describe('findHeader', () => {
  it('matches names case-insensitively, first occurrence wins', () => {
    const headers = [
      { name: 'USER-AGENT', value: 'a' },
      { name: 'user-agent', value: 'b' },
    ];
    expect(findHeader(headers, 'User-Agent')?.value).toBe('a');
    expect(findHeader(headers, 'Host')).toBeUndefined();
  });
});
