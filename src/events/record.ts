/**
 * What one RFC 5424 line means once parsed. This is the contract between the parser (src/events/rfc5424)
 * and everything downstream (ingester, bounty extraction, CLI listings).
 */

/** One SD-ELEMENT: `[id name="value" ...]`, params in wire order, values unescaped. */
export interface SdElement {
  id: string;
  params: Array<[name: string, value: string]>;
}

/** The SD-ID DECNET emitters use (private enterprise number 55555). Its params become `fields`. */
export const DECNET_SD_ID = 'relay@55555';

export interface LogRecord {
  /** Event time, normalised to UTC with microseconds: `2026-05-10T12:00:01.123456Z`. */
  timestamp: string;
  /** False when the line carried the NILVALUE timestamp and `timestamp` is the time it was received. */
  timestampFromLine: boolean;
  facility: number;
  severity: number;
  /** HOSTNAME: the decky name. Never the attacker. Null for NILVALUE. */
  decky: string | null;
  /** APP-NAME: the service. Null for NILVALUE. */
  service: string | null;
  procid: string | null;
  /** MSGID: the event type (`auth_attempt`, `command`, `request`, …). Null for NILVALUE. */
  eventType: string | null;
  /**
   * Params of the `relay@55555` element (first occurrence of a name wins), plus what the parser derives:
   * `remote_port` from a `host:port` address, and `uid`/`user`/`src`/`pwd`/`cmd` from a bash `CMD …` body.
   */
  fields: Record<string, string>;
  /**
   * The other SD elements, in wire order: every element except the first `relay@55555`, whose params
   * are `fields` (a line from a foreign syslog keeps its `timeQuality`, `origin`… here).
   */
  sd: SdElement[];
  /** MSG with a leading BOM removed; null when absent. */
  msg: string | null;
  /** The attacker: one source IP (never ip:port, never HOSTNAME); null when the line names none. */
  attackerIp: string | null;
  /** Envelopes peeled off to reach this record (0 for a plain line). */
  envelopeDepth: number;
}

/** Why a line was rejected. `column` is 1-based, counted in UTF-16 code units of the line. */
export type ParseErrorCode =
  | 'empty'
  | 'too_long'
  | 'binary'
  | 'pri'
  | 'version'
  | 'header'
  | 'timestamp'
  | 'structured_data'
  | 'sd_unterminated';

export interface ParseError {
  code: ParseErrorCode;
  column: number;
  message: string;
}

export type ParseResult = { ok: true; record: LogRecord } | { ok: false; error: ParseError };
