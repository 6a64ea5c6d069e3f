import { describe, expect, it } from 'vitest';
import { ErrorCode } from './frame.js';
import {
  localSettings,
  parseHttp2SettingsHeader,
  parseSettingsPayload,
  serverPreface,
  settingName,
  settingsEventFields,
} from './settings.js';

function payload(entries: [number, number][]): Buffer {
  const out = Buffer.alloc(entries.length * 6);
  entries.forEach(([id, value], i) => {
    out.writeUInt16BE(id, i * 6);
    out.writeUInt32BE(value, i * 6 + 2);
  });
  return out;
}

describe('parseSettingsPayload', () => {
  it('reads entries in wire order, unknown ids included', () => {
    expect(
      parseSettingsPayload(
        payload([
          [3, 100],
          [0xfa1a, 7],
          [4, 33_554_432],
          [2, 0],
        ]),
      ),
    ).toEqual({
      kind: 'settings',
      settings: [
        { id: 3, value: 100 },
        { id: 0xfa1a, value: 7 },
        { id: 4, value: 33_554_432 },
        { id: 2, value: 0 },
      ],
    });
  });

  it.each([
    ['a length not a multiple of 6', Buffer.alloc(7), ErrorCode.frameSizeError],
    ['ENABLE_PUSH 2', payload([[2, 2]]), ErrorCode.protocolError],
    ['INITIAL_WINDOW_SIZE 2^31', payload([[4, 2 ** 31]]), ErrorCode.flowControlError],
    ['MAX_FRAME_SIZE 16383', payload([[5, 16_383]]), ErrorCode.protocolError],
    ['MAX_FRAME_SIZE 2^24', payload([[5, 2 ** 24]]), ErrorCode.protocolError],
    [
      '33 entries',
      payload(Array.from({ length: 33 }, (): [number, number] => [1, 4096])),
      ErrorCode.enhanceYourCalm,
    ],
  ])('refuses %s (RFC 9113 §6.5.2)', (_name, bytes, code) => {
    expect(parseSettingsPayload(bytes)).toEqual({ kind: 'error', code });
  });

  it('accepts the bounds themselves', () => {
    const ok = payload([
      [2, 1],
      [4, 2 ** 31 - 1],
      [5, 16_384],
      [5, 16_777_215],
    ]);
    expect(parseSettingsPayload(ok).kind).toBe('settings');
    expect(
      parseSettingsPayload(payload(Array.from({ length: 32 }, (): [number, number] => [1, 1]))).kind,
    ).toBe('settings');
  });
});

describe('the http2_settings fields', () => {
  it('names the RFC settings, GREASE from 0xF000 and UNKNOWN otherwise', () => {
    expect([1, 2, 3, 4, 5, 6, 8, 9, 7, 0xefff, 0xf000, 0xffff].map(settingName)).toEqual([
      'HEADER_TABLE_SIZE',
      'ENABLE_PUSH',
      'MAX_CONCURRENT_STREAMS',
      'INITIAL_WINDOW_SIZE',
      'MAX_FRAME_SIZE',
      'MAX_HEADER_LIST_SIZE',
      'ENABLE_CONNECT_PROTOCOL',
      'NO_RFC7540_PRIORITIES',
      'UNKNOWN',
      'UNKNOWN',
      'GREASE',
      'GREASE',
    ]);
  });

  it("are a JSON map in wire order and the ids as a list (spec §1.1's Caddy side-channel)", () => {
    expect(
      settingsEventFields([
        { id: 3, value: 100 },
        { id: 4, value: 33_554_432 },
        { id: 2, value: 0 },
      ]),
    ).toEqual({
      settings: '{"MAX_CONCURRENT_STREAMS":100,"INITIAL_WINDOW_SIZE":33554432,"ENABLE_PUSH":0}',
      frame_order: '[3,4,2]',
    });
  });
});

describe('parseHttp2SettingsHeader', () => {
  it("reads curl's HTTP2-Settings (base64url SETTINGS payload, RFC 7540 §3.2.1)", () => {
    expect(parseHttp2SettingsHeader('AAMAAABkAAQCAAAAAAIAAAAA')).toEqual([
      { id: 3, value: 100 },
      { id: 4, value: 33_554_432 },
      { id: 2, value: 0 },
    ]);
    expect(parseHttp2SettingsHeader('')).toEqual([]);
  });

  it.each(['AAMAAABk+AQ', 'AAMAAABkAA', 'AAMAAABkAAQCAAAAAAIAAAAA==', 'A'.repeat(257), 'AAIAAAAC'])(
    'refuses %s',
    (value) => {
      expect(parseHttp2SettingsHeader(value)).toBeNull();
    },
  );
});

describe('server prefaces', () => {
  it("announce nginx's own SETTINGS and connection window", () => {
    expect(serverPreface('nginx')).toEqual({
      settings: [
        [3, 128],
        [4, 65_536],
        [5, 16_777_215],
      ],
      connectionWindowIncrement: 2_147_418_112,
    });
    expect(localSettings(serverPreface('nginx'))).toEqual({
      maxConcurrentStreams: 128,
      initialWindowSize: 65_536,
      maxFrameSize: 16_777_215,
    });
  });

  it('fall back to the RFC defaults for what a server leaves unsaid', () => {
    expect(localSettings(serverPreface('apache'))).toEqual({
      maxConcurrentStreams: 100,
      initialWindowSize: 65_535,
      maxFrameSize: 16_384,
    });
  });
});
