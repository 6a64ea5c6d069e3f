/**
 * What an HTTP/2 client sends first (RFC 9113 §3.4): the connection preface, then frames up to and
 * including its first request's header block. From it, the Akamai HTTP/2 fingerprint (Shuster & Segal,
 * "Passive Fingerprinting of HTTP/2 Clients", Black Hat EU 2017): `SETTINGS|WINDOW_UPDATE|PRIORITY|
 * PSEUDO_HEADER_ORDER`, e.g. `1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p`. A pure, bounded parser.
 */
import { createHash } from 'node:crypto';
import { type HeaderField, HpackDecoder } from './hpack.js';

/** RFC 9113 §3.4. */
export const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
/** RFC 9113 §4.2: SETTINGS_MAX_FRAME_SIZE is 16384 until the server announces more; a decoy never does. */
export const HTTP2_MAX_FRAME_BYTES = 16_384;
/** Frames read looking for the first request; browsers send 3–8 before it. */
export const HTTP2_MAX_PREFACE_FRAMES = 32;
/** The header block of the first request, CONTINUATIONs joined. */
export const HTTP2_MAX_HEADER_BLOCK_BYTES = 65_536;
const FRAME_HEADER = 9;

/** RFC 9113 §6 frame types and flags. */
const FrameType = { headers: 1, priority: 2, settings: 4, windowUpdate: 8, continuation: 9 } as const;
const FLAG_ACK = 0x1;
const FLAG_END_HEADERS = 0x4;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;

export interface Http2Priority {
  streamId: number;
  exclusive: boolean;
  dependsOn: number;
  /** 1–256: the wire byte plus one (RFC 9113 §5.3.2 / RFC 7540 §6.3). */
  weight: number;
}

export interface Http2ClientPreface {
  /** The first non-ACK SETTINGS frame's entries, in wire order. */
  settings: { id: number; value: number }[];
  /** The first connection-level (stream 0) WINDOW_UPDATE's increment before the request, if any. */
  windowUpdate: number | null;
  /** PRIORITY frames before the first request, in order. */
  priorities: Http2Priority[];
  /** The priority carried in the first HEADERS frame (PRIORITY flag), if any. */
  headersPriority: Http2Priority | null;
  /** Frame types in wire order, up to and including the first request's. */
  frameTypes: number[];
  streamId: number;
  /** The first request's header list in decode order, pseudo-headers included (names/values latin1). */
  headers: HeaderField[];
  /** Pseudo-header names in order, e.g. `[':method', ':authority', ':scheme', ':path']`. */
  pseudoHeaderOrder: string[];
}

export type Http2PrefaceResult =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'preface'; preface: Http2ClientPreface; length: number };

function priorityAt(buf: Buffer, offset: number, streamId: number): Http2Priority {
  const dependency = buf.readUInt32BE(offset);
  return {
    streamId,
    exclusive: dependency >>> 31 === 1,
    dependsOn: dependency & 0x7fff_ffff,
    weight: (buf[offset + 4] as number) + 1,
  };
}

/** Parses the preface and frames at the start of `bytes` until the first request's header block ends. */
export function parseHttp2ClientPreface(bytes: Uint8Array): Http2PrefaceResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const prefix = Math.min(buf.length, HTTP2_PREFACE.length);
  if (!buf.subarray(0, prefix).equals(HTTP2_PREFACE.subarray(0, prefix))) {
    return { kind: 'invalid', reason: 'bytes do not begin with the HTTP/2 connection preface' };
  }
  if (buf.length < HTTP2_PREFACE.length) return { kind: 'incomplete' };
  const preface: Http2ClientPreface = {
    settings: [],
    windowUpdate: null,
    priorities: [],
    headersPriority: null,
    frameTypes: [],
    streamId: 0,
    headers: [],
    pseudoHeaderOrder: [],
  };
  let sawSettings = false;
  let block: Buffer[] | null = null;
  let blockBytes = 0;
  let offset = HTTP2_PREFACE.length;
  for (let frame = 0; ; frame++) {
    if (frame >= HTTP2_MAX_PREFACE_FRAMES) {
      return { kind: 'invalid', reason: `no complete request within ${HTTP2_MAX_PREFACE_FRAMES} frames` };
    }
    if (buf.length < offset + FRAME_HEADER) return { kind: 'incomplete' };
    const length = buf.readUIntBE(offset, 3);
    const type = buf[offset + 3] as number;
    const flags = buf[offset + 4] as number;
    const streamId = buf.readUInt32BE(offset + 5) & 0x7fff_ffff;
    if (length > HTTP2_MAX_FRAME_BYTES) {
      return { kind: 'invalid', reason: `frame length ${length} exceeds ${HTTP2_MAX_FRAME_BYTES}` };
    }
    if (buf.length < offset + FRAME_HEADER + length) return { kind: 'incomplete' };
    const payload = buf.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + length);
    offset += FRAME_HEADER + length;
    preface.frameTypes.push(type);
    if (block !== null) {
      // RFC 9113 §6.10: a header block's CONTINUATIONs follow it with nothing in between.
      if (type !== FrameType.continuation || streamId !== preface.streamId) {
        return { kind: 'invalid', reason: 'header block interrupted before END_HEADERS' };
      }
      block.push(payload);
      blockBytes += payload.length;
    } else if (type === FrameType.settings) {
      if (payload.length % 6 !== 0) return { kind: 'invalid', reason: 'SETTINGS length not a multiple of 6' };
      if (!sawSettings && (flags & FLAG_ACK) === 0) {
        sawSettings = true;
        for (let i = 0; i < payload.length; i += 6) {
          preface.settings.push({ id: payload.readUInt16BE(i), value: payload.readUInt32BE(i + 2) });
        }
      }
      continue;
    } else if (type === FrameType.windowUpdate) {
      if (payload.length !== 4) return { kind: 'invalid', reason: 'WINDOW_UPDATE length is not 4' };
      if (streamId === 0 && preface.windowUpdate === null) {
        preface.windowUpdate = payload.readUInt32BE(0) & 0x7fff_ffff;
      }
      continue;
    } else if (type === FrameType.priority) {
      if (payload.length !== 5) return { kind: 'invalid', reason: 'PRIORITY length is not 5' };
      preface.priorities.push(priorityAt(payload, 0, streamId));
      continue;
    } else if (type === FrameType.headers) {
      let start = 0;
      let end = payload.length;
      if (flags & FLAG_PADDED) {
        const pad = payload[0];
        start = 1;
        if (pad === undefined || pad > end - start) return { kind: 'invalid', reason: 'bad HEADERS padding' };
        end -= pad;
      }
      if (flags & FLAG_PRIORITY) {
        if (end - start < 5) return { kind: 'invalid', reason: 'HEADERS too short for its priority' };
        preface.headersPriority = priorityAt(payload, start, streamId);
        start += 5;
      }
      preface.streamId = streamId;
      block = [payload.subarray(start, end)];
      blockBytes = end - start;
    } else {
      // DATA, PING, RST_STREAM … before a request: not part of the fingerprint.
      continue;
    }
    if (blockBytes > HTTP2_MAX_HEADER_BLOCK_BYTES) {
      return { kind: 'invalid', reason: `header block exceeds ${HTTP2_MAX_HEADER_BLOCK_BYTES} bytes` };
    }
    if (flags & FLAG_END_HEADERS) {
      const decoded = new HpackDecoder().decode(Buffer.concat(block));
      if (decoded.kind === 'invalid') return { kind: 'invalid', reason: `HPACK: ${decoded.reason}` };
      preface.headers = decoded.headers;
      preface.pseudoHeaderOrder = decoded.headers.map(([n]) => n).filter((n) => n.startsWith(':'));
      return { kind: 'preface', preface, length: offset };
    }
  }
}

export interface AkamaiHttp2Fingerprint {
  fingerprint: string;
  /** MD5 of `fingerprint`, lower-case hex, as fingerprint services publish it. */
  hash: string;
}

/**
 * The Akamai fingerprint. WINDOW_UPDATE is `00` and PRIORITY `0` when absent, as in the paper; PRIORITY
 * entries are `stream:exclusive:dependsOn:weight`; pseudo-headers are their first letter after `:`.
 */
export function akamaiFingerprintOf(
  preface: Pick<Http2ClientPreface, 'settings' | 'windowUpdate' | 'priorities' | 'pseudoHeaderOrder'>,
): AkamaiHttp2Fingerprint {
  const settings = preface.settings.map((s) => `${s.id}:${s.value}`).join(';');
  const windowUpdate = preface.windowUpdate === null ? '00' : String(preface.windowUpdate);
  const priorities =
    preface.priorities.length === 0
      ? '0'
      : preface.priorities
          .map((p) => `${p.streamId}:${p.exclusive ? 1 : 0}:${p.dependsOn}:${p.weight}`)
          .join(',');
  const pseudo = preface.pseudoHeaderOrder.map((n) => n.charAt(1)).join(',');
  const fingerprint = `${settings}|${windowUpdate}|${priorities}|${pseudo}`;
  return { fingerprint, hash: createHash('md5').update(fingerprint, 'latin1').digest('hex') };
}
