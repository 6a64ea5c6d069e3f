/**
 * HTTP/2 SETTINGS (RFC 9113 §6.5): what each persona's server announces, reading and checking what a
 * client announces, and the names the `http2_settings` event gives them (spec §1.1: ids ≥ 0xF000 are
 * GREASE, other unknown ids UNKNOWN).
 */
import type { ServerFamily } from '../personas.js';
import { ErrorCode } from './frame.js';
import { H2_LIMITS, MAX_MAX_FRAME_SIZE, MAX_WINDOW } from './limits.js';

export const SettingId = {
  headerTableSize: 0x1,
  enablePush: 0x2,
  maxConcurrentStreams: 0x3,
  initialWindowSize: 0x4,
  maxFrameSize: 0x5,
  maxHeaderListSize: 0x6,
  /** RFC 8441 §3. */
  enableConnectProtocol: 0x8,
  /** RFC 9218 §2.1. */
  noRfc7540Priorities: 0x9,
} as const;

const SETTING_NAMES: Readonly<Record<number, string>> = {
  1: 'HEADER_TABLE_SIZE',
  2: 'ENABLE_PUSH',
  3: 'MAX_CONCURRENT_STREAMS',
  4: 'INITIAL_WINDOW_SIZE',
  5: 'MAX_FRAME_SIZE',
  6: 'MAX_HEADER_LIST_SIZE',
  8: 'ENABLE_CONNECT_PROTOCOL',
  9: 'NO_RFC7540_PRIORITIES',
};
/** Ids from here up are reserved for GREASE-style experiments; browsers send random ones. */
const GREASE_FROM = 0xf000;

export type Setting = { id: number; value: number };

export function settingName(id: number): string {
  return SETTING_NAMES[id] ?? (id >= GREASE_FROM ? 'GREASE' : 'UNKNOWN');
}

/** The event's `settings` (name → value, wire order; a repeated name keeps its last value) and `frame_order`. */
export function settingsEventFields(settings: readonly Setting[]): { settings: string; frame_order: string } {
  const map: Record<string, number> = {};
  for (const { id, value } of settings) map[settingName(id)] = value;
  return { settings: JSON.stringify(map), frame_order: JSON.stringify(settings.map((s) => s.id)) };
}

/** What a server sends first (RFC 9113 §3.4): its SETTINGS, then a connection WINDOW_UPDATE if any. */
export interface ServerPreface {
  settings: readonly (readonly [id: number, value: number])[];
  /** Increment of the connection window sent right after SETTINGS, or 0 for none. */
  connectionWindowIncrement: number;
}

/**
 * Each family's HTTP/2 server preface. nginx (ngx_http_v2_send_settings): 128 streams, a 64 KiB stream
 * window, the largest frame size, then the connection window opened to 2^31-1. Apache mod_http2
 * (h2_session.c): 100 streams, the default window left unsaid, the same connection WINDOW_UPDATE.
 * Go's net/http (Grafana): 1 MiB frames and windows, 250 streams, its header list size. Jetty (Jenkins):
 * its table size, 128 streams, 512 KiB stream windows and a 1 MiB connection window. IIS and Tomcat are
 * approximations in the same spirit (100 streams); routers mostly run an nginx build.
 */
const PREFACES: Readonly<Record<ServerFamily, ServerPreface>> = {
  nginx: {
    settings: [
      [SettingId.maxConcurrentStreams, 128],
      [SettingId.initialWindowSize, 65_536],
      [SettingId.maxFrameSize, MAX_MAX_FRAME_SIZE],
    ],
    connectionWindowIncrement: MAX_WINDOW - 65_535,
  },
  router: {
    settings: [
      [SettingId.maxConcurrentStreams, 128],
      [SettingId.initialWindowSize, 65_536],
      [SettingId.maxFrameSize, MAX_MAX_FRAME_SIZE],
    ],
    connectionWindowIncrement: MAX_WINDOW - 65_535,
  },
  apache: {
    settings: [[SettingId.maxConcurrentStreams, 100]],
    connectionWindowIncrement: MAX_WINDOW - 65_535,
  },
  iis: {
    settings: [
      [SettingId.maxConcurrentStreams, 100],
      [SettingId.initialWindowSize, 1_048_576],
    ],
    connectionWindowIncrement: 983_041,
  },
  tomcat: {
    settings: [[SettingId.maxConcurrentStreams, 100]],
    connectionWindowIncrement: 0,
  },
  jetty: {
    settings: [
      [SettingId.headerTableSize, 4096],
      [SettingId.maxConcurrentStreams, 128],
      [SettingId.initialWindowSize, 524_288],
    ],
    connectionWindowIncrement: 983_041,
  },
  grafana: {
    settings: [
      [SettingId.maxFrameSize, 1_048_576],
      [SettingId.maxConcurrentStreams, 250],
      [SettingId.maxHeaderListSize, 1_048_896],
      [SettingId.initialWindowSize, 1_048_576],
    ],
    connectionWindowIncrement: 983_041,
  },
};

export function serverPreface(family: ServerFamily): ServerPreface {
  return PREFACES[family];
}

/** What this server enforces as receiver, as its preface announced it (defaults from RFC 9113 §6.5.2). */
export interface LocalSettings {
  maxConcurrentStreams: number;
  initialWindowSize: number;
  maxFrameSize: number;
}

export function localSettings(preface: ServerPreface): LocalSettings {
  const value = (id: number, fallback: number): number =>
    preface.settings.find(([i]) => i === id)?.[1] ?? fallback;
  return {
    // RFC 9113 leaves it unlimited by default; a server that says nothing still has a cap (Tomcat's 100).
    maxConcurrentStreams: value(SettingId.maxConcurrentStreams, 100),
    initialWindowSize: value(SettingId.initialWindowSize, 65_535),
    maxFrameSize: value(SettingId.maxFrameSize, 16_384),
  };
}

export type SettingsResult = { kind: 'settings'; settings: Setting[] } | { kind: 'error'; code: number };

/** A SETTINGS payload's entries, or the connection error it is (RFC 9113 §6.5, §6.5.2). */
export function parseSettingsPayload(payload: Buffer): SettingsResult {
  if (payload.length % 6 !== 0) return { kind: 'error', code: ErrorCode.frameSizeError };
  if (payload.length / 6 > H2_LIMITS.maxSettingsEntries)
    return { kind: 'error', code: ErrorCode.enhanceYourCalm };
  const settings: Setting[] = [];
  for (let i = 0; i < payload.length; i += 6) {
    const id = payload.readUInt16BE(i);
    const value = payload.readUInt32BE(i + 2);
    if (id === SettingId.enablePush && value > 1) return { kind: 'error', code: ErrorCode.protocolError };
    if (id === SettingId.initialWindowSize && value > MAX_WINDOW)
      return { kind: 'error', code: ErrorCode.flowControlError };
    if (id === SettingId.maxFrameSize && (value < 16_384 || value > MAX_MAX_FRAME_SIZE))
      return { kind: 'error', code: ErrorCode.protocolError };
    settings.push({ id, value });
  }
  return { kind: 'settings', settings };
}

/** Longest HTTP2-Settings header read: the entries the SETTINGS bound allows, base64url-encoded. */
const MAX_HTTP2_SETTINGS_HEADER_CHARS = Math.ceil((H2_LIMITS.maxSettingsEntries * 6 * 4) / 3);

/**
 * RFC 7540 §3.2.1: the HTTP2-Settings header of an h2c Upgrade is a SETTINGS payload in base64url
 * without padding. Null when it is not one.
 */
export function parseHttp2SettingsHeader(value: string): Setting[] | null {
  const trimmed = value.trim();
  if (trimmed.length > MAX_HTTP2_SETTINGS_HEADER_CHARS || !/^[A-Za-z0-9_-]*$/.test(trimmed)) return null;
  const result = parseSettingsPayload(Buffer.from(trimmed, 'base64url'));
  return result.kind === 'settings' ? result.settings : null;
}
