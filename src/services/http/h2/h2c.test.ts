import { describe, expect, it } from 'vitest';
import type { ParsedRequest } from '../parser.js';
import { HTTP2_PREFACE, h2cUpgradeSettings, matchPreface } from './h2c.js';

describe('matchPreface', () => {
  it('waits on every proper prefix, accepts the preface with or without frames after it', () => {
    for (let n = 0; n < HTTP2_PREFACE.length; n++)
      expect(matchPreface(HTTP2_PREFACE.subarray(0, n))).toBe('partial');
    expect(matchPreface(HTTP2_PREFACE)).toBe('preface');
    expect(matchPreface(Buffer.concat([HTTP2_PREFACE, Buffer.alloc(9)]))).toBe('preface');
  });

  it('lets anything else through to HTTP/1.1', () => {
    expect(matchPreface(Buffer.from('PRI * HTTP/1.1\r\n'))).toBe('other');
    expect(matchPreface(Buffer.from('GET / HTTP/1.1\r\n'))).toBe('other');
    expect(matchPreface(Buffer.from('P'))).toBe('partial');
  });
});

describe('h2cUpgradeSettings', () => {
  const request = (headers: [string, string][], extra: Partial<ParsedRequest> = {}): ParsedRequest => ({
    method: 'GET',
    target: '/',
    version: '1.1',
    headers,
    body: Buffer.alloc(0),
    bodyBytes: 0,
    keepAlive: true,
    ...extra,
  });
  const curl: [string, string][] = [
    ['Host', 'x'],
    ['Connection', 'Upgrade, HTTP2-Settings'],
    ['Upgrade', 'h2c'],
    ['HTTP2-Settings', 'AAMAAABkAAQCAAAAAAIAAAAA'],
  ];

  it("accepts curl --http2's upgrade with its settings", () => {
    expect(h2cUpgradeSettings(request(curl))).toEqual([
      { id: 3, value: 100 },
      { id: 4, value: 33_554_432 },
      { id: 2, value: 0 },
    ]);
  });

  it.each<[string, ParsedRequest]>([
    ['HTTP/1.0', request(curl, { version: '1.0' })],
    ['a body', request(curl, { bodyBytes: 3 })],
    ['Upgrade: websocket', request(curl.map(([n, v]) => [n, n === 'Upgrade' ? 'websocket' : v]))],
    [
      'no HTTP2-Settings in Connection',
      request(curl.map(([n, v]) => [n, n === 'Connection' ? 'Upgrade' : v])),
    ],
    ['two HTTP2-Settings', request([...curl, ['HTTP2-Settings', '']])],
    ['an undecodable HTTP2-Settings', request(curl.map(([n, v]) => [n, n === 'HTTP2-Settings' ? '!!' : v]))],
  ])('refuses an upgrade with %s', (_name, r) => {
    expect(h2cUpgradeSettings(r)).toBeNull();
  });
});
