/**
 * One server-side HTTP/2 connection (RFC 9113), in clear text (h2c) or over TLS: the server preface in
 * the persona's server's SETTINGS, the client's SETTINGS and PINGs acknowledged, flow control both ways
 * (§5.2, §6.9), header blocks decoded with a bounded HPACK decoder, each complete request answered and
 * logged through the same exchange as HTTP/1.1, and the client's first SETTINGS, WINDOW_UPDATE,
 * PRIORITY and pseudo-header order logged once as `http2_settings`. Protocol errors end the connection
 * with GOAWAY and the RFC's error code (§5.4.1) or reset one stream (§5.4.2); floods of resets, control
 * frames or empty frames end it with ENHANCE_YOUR_CALM (§10.5). Nothing the client sends can throw out
 * of here or make it hold more than the bounds in H2_LIMITS and HTTP_LIMITS.
 */
import type { Socket } from 'node:net';
import { HpackDecoder } from '../../../fingerprint/hpack.js';
import type { Http2Priority } from '../../../fingerprint/http2.js';
import { closeSocket } from '../../shared/close-reason.js';
import type { Peer } from '../../shared/peer.js';
import { ThrottledWriter } from '../../shared/throttled-writer.js';
import type { Reply } from '../apps.js';
import type { HttpShared } from '../connection.js';
import { errorPage } from '../error-pages.js';
import { answerRequest, logAccess, remoteAddress } from '../exchange.js';
import { HTTP_LIMITS } from '../limits.js';
import type { ParsedRequest } from '../parser.js';
import { responseFields } from '../response.js';
import { ClientFingerprint } from './client-fingerprint.js';
import { FloodBucket } from './flood.js';
import {
  dataFrame,
  ErrorCode,
  Flag,
  type FrameEvent,
  type FrameHeader,
  FrameReader,
  FrameType,
  goawayFrame,
  headerFrames,
  pingAckFrame,
  rstStreamFrame,
  settingsAckFrame,
  settingsFrame,
  windowUpdateFrame,
} from './frame.js';
import { HTTP2_PREFACE } from './h2c.js';
import { encodeHeaderBlock, type ResponseField } from './hpack-encoder.js';
import { DEFAULT_MAX_FRAME_SIZE, DEFAULT_WINDOW, H2_LIMITS, MAX_WINDOW } from './limits.js';
import { CONNECTION_SPECIFIC_FIELDS, type Http2RequestHead, requestHead, validTrailers } from './request.js';
import {
  type LocalSettings,
  localSettings,
  parseHttp2SettingsHeader,
  parseSettingsPayload,
  type ServerPreface,
  type Setting,
  SettingId,
  serverPreface,
} from './settings.js';
import { Http2Stream } from './stream.js';

export interface Http2ConnectionOptions {
  scheme: 'http' | 'https';
  /** The HTTP/1.1 request of an h2c Upgrade (RFC 7540 §3.2): answered with 101, then on stream 1. */
  upgraded?: ParsedRequest;
}

/** RFC 7540 §3.2, as Apache's mod_http2 writes it. */
const SWITCHING_PROTOCOLS = Buffer.from(
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n',
  'latin1',
);
const EMPTY = Buffer.alloc(0);

/** A protocol error: of the connection (stream 0, RFC 9113 §5.4.1) or of one stream (§5.4.2). */
interface Fault {
  stream: number;
  code: number;
}

function connectionFault(code: number): Fault {
  return { stream: 0, code };
}

function streamFault(stream: number, code: number): Fault {
  return { stream, code };
}

/** A header block being read: HEADERS, then CONTINUATIONs until END_HEADERS (RFC 9113 §6.10). */
interface HeaderBlock {
  streamId: number;
  /** A new request, a trailer section, or a block only decoded to keep HPACK in step. */
  purpose: 'request' | 'trailers' | 'discard';
  endStream: boolean;
  /** A stream error found in the HEADERS frame, applied once the block is decoded. */
  streamError: number | null;
  parts: Buffer[];
  bytes: number;
  frames: number;
}

type Phase = 'preface' | 'settings' | 'open';

export class Http2Connection {
  private readonly writer: ThrottledWriter;
  private readonly remote: string;
  private readonly preface: ServerPreface;
  private readonly local: LocalSettings;
  private readonly reader: FrameReader;
  private readonly decoder = new HpackDecoder();
  private readonly fingerprint = new ClientFingerprint();
  private readonly streams = new Map<number, Http2Stream>();
  /** Streams we reset lately: their frames in flight are ignored (RFC 9113 §5.1 "closed"). */
  private readonly resets: number[] = [];
  private readonly resetFlood: FloodBucket;
  private readonly controlFlood: FloodBucket;
  private readonly emptyFlood: FloodBucket;
  private readonly frameFlood: FloodBucket;
  private phase: Phase = 'preface';
  /** Preface bytes matched so far. */
  private prefaceRead = 0;
  private block: HeaderBlock | null = null;
  /** The stream the DATA frame being read belongs to, or null when its data is dropped. */
  private dataStream: Http2Stream | null = null;
  private lastStreamId = 0;
  private peerMaxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private peerInitialWindow = DEFAULT_WINDOW;
  private sendWindow = DEFAULT_WINDOW;
  private receiveWindow: number;
  private readonly receiveWindowTarget: number;
  private unacknowledged = 0;
  private keptBodyBytes = 0;
  private requests = 0;
  /** A GOAWAY has been sent (no new streams) or received (no more wanted): close once streams are done. */
  private draining = false;
  private done = false;
  /** `onClose` has run. */
  private finished = false;
  private waitingForDrain = false;
  /** Frame events read and not yet handled (only while waiting for the socket to drain), and the next one. */
  private backlog: FrameEvent[] = [];
  private backlogAt = 0;
  /** Since when a response has waited on the client's flow-control window. */
  private blockedSince: number | null = null;

  constructor(
    private readonly shared: HttpShared,
    private readonly socket: Socket,
    peer: Peer,
    private readonly options: Http2ConnectionOptions,
  ) {
    this.remote = remoteAddress(peer);
    this.writer = new ThrottledWriter(socket, {
      throttle: shared.ctx.throttle,
      clock: shared.ctx.clock,
      maxQueuedBytes: HTTP_LIMITS.maxQueuedWriteBytes,
    });
    this.preface = serverPreface(shared.persona.family);
    this.local = localSettings(this.preface);
    this.reader = new FrameReader(this.local.maxFrameSize);
    this.receiveWindow = DEFAULT_WINDOW + this.preface.connectionWindowIncrement;
    this.receiveWindowTarget = this.receiveWindow;
    const now = () => shared.ctx.clock.now();
    this.resetFlood = new FloodBucket(H2_LIMITS.resetFlood, now);
    this.controlFlood = new FloodBucket(H2_LIMITS.controlFlood, now);
    this.emptyFlood = new FloodBucket(H2_LIMITS.emptyFrameFlood, now);
    this.frameFlood = new FloodBucket(H2_LIMITS.frameFlood, now);
  }

  /** Sends the server preface and reads the client's; `initial` are bytes of it already read. */
  start(initial?: Buffer): void {
    this.socket.setTimeout(HTTP_LIMITS.requestTimeoutMs);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.once('close', () => this.onClose());
    this.guard(() => {
      const upgraded = this.options.scheme === 'http' ? this.options.upgraded : undefined;
      if (upgraded !== undefined) this.writer.write(SWITCHING_PROTOCOLS);
      this.writer.write(settingsFrame(this.preface.settings));
      if (this.preface.connectionWindowIncrement > 0)
        this.writer.write(windowUpdateFrame(0, this.preface.connectionWindowIncrement));
      if (upgraded !== undefined) this.upgradedRequest(upgraded);
    });
    if (initial !== undefined && initial.length > 0) this.receive(initial);
  }

  /** Runs `work`; a bug in it closes this connection, never the service. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      this.done = true;
      this.shared.ctx.logger.error(
        { err: (err as Error).message, decky: this.shared.ctx.decky.name },
        'http2 connection failed',
      );
      closeSocket(this.socket, 'server_closed');
    }
  }

  private receive(chunk: Buffer): void {
    if (this.done) return;
    this.guard(() => {
      if (this.tooSlow()) return;
      let bytes = chunk;
      if (this.phase === 'preface') {
        // RFC 9113 §3.4: the client's first bytes are the preface; anything else is a PROTOCOL_ERROR.
        const take = Math.min(HTTP2_PREFACE.length - this.prefaceRead, bytes.length);
        const expected = HTTP2_PREFACE.subarray(this.prefaceRead, this.prefaceRead + take);
        if (!bytes.subarray(0, take).equals(expected)) {
          this.connectionError(ErrorCode.protocolError);
          return;
        }
        this.prefaceRead += take;
        if (this.prefaceRead < HTTP2_PREFACE.length) return;
        this.phase = 'settings';
        bytes = bytes.subarray(take);
      }
      const events = this.reader.push(bytes);
      this.backlog = this.backlog.length === 0 ? events : [...this.backlog.slice(this.backlogAt), ...events];
      this.backlogAt = 0;
      this.work();
    });
  }

  /**
   * Handles the frames read so far. While the client is not reading our answers (the socket wants a
   * drain) it stops, and stops reading, until it does: a burst of tiny requests cannot pile up replies.
   */
  private work(): void {
    while (this.backlogAt < this.backlog.length) {
      if (this.done) return;
      if (this.socket.writableNeedDrain) {
        this.socket.pause();
        this.waitForDrain();
        return;
      }
      this.handle(this.backlog[this.backlogAt++] as FrameEvent);
    }
    this.backlog = [];
    this.backlogAt = 0;
    if (this.done) return;
    if (this.socket.isPaused()) this.socket.resume();
    this.socket.setTimeout(
      this.streams.size > 0 || this.reader.partial || this.block !== null
        ? HTTP_LIMITS.requestTimeoutMs
        : HTTP_LIMITS.keepAliveTimeoutMs,
    );
  }

  /** Once the socket has drained: sends what waited on it, then handles what was read meanwhile. */
  private waitForDrain(): void {
    if (this.waitingForDrain) return;
    this.waitingForDrain = true;
    this.socket.once('drain', () => {
      this.waitingForDrain = false;
      this.guard(() => {
        this.pump();
        this.work();
      });
    });
  }

  /**
   * A request dripped in over longer than HTTP_LIMITS.requestTimeoutMs, or a response held back by a
   * window the client never opens: the connection is closed as an HTTP/1.1 slowloris is.
   */
  private tooSlow(): boolean {
    const now = this.shared.ctx.clock.now();
    let slow = this.blockedSince !== null && now - this.blockedSince > HTTP_LIMITS.requestTimeoutMs;
    for (const stream of this.streams.values()) {
      if (stream.state === 'open' && now - stream.openedAt > HTTP_LIMITS.requestTimeoutMs) slow = true;
    }
    if (!slow) return false;
    this.done = true;
    closeSocket(this.socket, 'idle_timeout');
    return true;
  }

  private handle(event: FrameEvent): void {
    const fault = this.dispatch(event);
    if (fault === undefined) return;
    if (fault.stream === 0) this.connectionError(fault.code);
    else this.streamError(fault.stream, fault.code);
  }

  /** Acts on one frame event; a protocol error is returned, for `handle` to end the stream or connection. */
  private dispatch(event: FrameEvent): Fault | undefined {
    switch (event.kind) {
      case 'error':
        return connectionFault(event.code);
      case 'oversized':
        return this.oversized(event.header);
      case 'data':
        if (this.dataStream !== null) this.bodyReceived(this.dataStream, event.bytes);
        return undefined;
      case 'data-end':
        return this.dataEnded(event.header);
    }
    if (!this.frameFlood.take()) return connectionFault(ErrorCode.enhanceYourCalm);
    const header = event.header;
    if (this.phase === 'settings') {
      // RFC 9113 §3.4: the client preface ends with a SETTINGS frame.
      if (event.kind !== 'frame' || header.type !== FrameType.settings || header.flags & Flag.ack)
        return connectionFault(ErrorCode.protocolError);
      this.phase = 'open';
    }
    if (
      this.block !== null &&
      (header.type !== FrameType.continuation || header.streamId !== this.block.streamId)
    ) {
      // RFC 9113 §6.10: nothing may come between a HEADERS frame and its CONTINUATIONs.
      return connectionFault(ErrorCode.protocolError);
    }
    if (event.kind === 'skipped') return;
    if (event.kind === 'data-start') return this.dataStarted(header);
    const payload = event.payload;
    switch (header.type) {
      case FrameType.headers:
        return this.headers(header, payload);
      case FrameType.continuation:
        return this.continuation(header, payload);
      case FrameType.priority:
        return this.priority(header, payload);
      case FrameType.rstStream:
        return this.rstStream(header, payload);
      case FrameType.settings:
        return this.settings(header, payload);
      case FrameType.ping:
        return this.ping(header, payload);
      case FrameType.goaway:
        return this.goaway(header, payload);
      case FrameType.windowUpdate:
        return this.windowUpdate(header, payload);
      default:
        // PUSH_PROMISE: only servers push (RFC 9113 §8.4).
        return connectionFault(ErrorCode.protocolError);
    }
  }

  private oversized(header: FrameHeader): Fault | undefined {
    switch (header.type) {
      case FrameType.headers:
      case FrameType.continuation:
      case FrameType.settings:
        return connectionFault(ErrorCode.enhanceYourCalm);
      case FrameType.goaway:
        // The client is leaving anyway; its debug data is not worth reading.
        this.shutdown();
        return;
      case FrameType.pushPromise:
        return connectionFault(ErrorCode.protocolError);
      default:
        return connectionFault(ErrorCode.frameSizeError);
    }
  }

  // --- Frames -------------------------------------------------------------------------------------

  private headers(header: FrameHeader, payload: Buffer): Fault | undefined {
    const id = header.streamId;
    // RFC 9113 §5.1.1: client streams are odd and never zero.
    if (id === 0 || id % 2 === 0) return connectionFault(ErrorCode.protocolError);
    let start = 0;
    let end = payload.length;
    if (header.flags & Flag.padded) {
      const pad = payload[0];
      start = 1;
      // §6.2: padding as long as the rest or longer.
      if (pad === undefined || pad > end - start) return connectionFault(ErrorCode.protocolError);
      end -= pad;
    }
    let streamError: number | null = null;
    if (header.flags & Flag.priority) {
      if (end - start < 5) return connectionFault(ErrorCode.frameSizeError);
      // §5.3.1 (RFC 7540): a stream cannot depend on itself.
      if ((payload.readUInt32BE(start) & 0x7fff_ffff) === id) streamError = ErrorCode.protocolError;
      start += 5;
    }
    const fragment = payload.subarray(start, end);
    const endHeaders = (header.flags & Flag.endHeaders) !== 0;
    if (fragment.length === 0 && !endHeaders && !this.emptyFlood.take())
      return connectionFault(ErrorCode.enhanceYourCalm);
    let purpose: HeaderBlock['purpose'];
    if (id > this.lastStreamId) {
      this.lastStreamId = id;
      purpose = this.draining ? 'discard' : 'request';
    } else if (this.streams.get(id)?.state === 'open') purpose = 'trailers';
    else if (this.resets.includes(id)) purpose = 'discard';
    else return connectionFault(ErrorCode.streamClosed);
    this.block = {
      streamId: id,
      purpose,
      endStream: (header.flags & Flag.endStream) !== 0,
      streamError,
      parts: [fragment],
      bytes: fragment.length,
      frames: 1,
    };
    return endHeaders ? this.headerBlockEnded() : undefined;
  }

  private continuation(header: FrameHeader, payload: Buffer): Fault | undefined {
    const block = this.block;
    if (block === null) return connectionFault(ErrorCode.protocolError);
    block.frames += 1;
    block.bytes += payload.length;
    block.parts.push(payload);
    const endHeaders = (header.flags & Flag.endHeaders) !== 0;
    if (
      block.bytes > H2_LIMITS.maxHeaderBlockBytes ||
      block.frames > H2_LIMITS.maxContinuationFrames ||
      (payload.length === 0 && !endHeaders && !this.emptyFlood.take())
    ) {
      return connectionFault(ErrorCode.enhanceYourCalm);
    }
    return endHeaders ? this.headerBlockEnded() : undefined;
  }

  private headerBlockEnded(): Fault | undefined {
    const block = this.block as HeaderBlock;
    this.block = null;
    if (block.bytes > H2_LIMITS.maxHeaderBlockBytes) return connectionFault(ErrorCode.enhanceYourCalm);
    const decoded = this.decoder.decode(
      block.parts.length === 1 ? (block.parts[0] as Buffer) : Buffer.concat(block.parts),
    );
    // RFC 9113 §4.3: a block that cannot be decoded leaves the compression context unusable.
    if (decoded.kind === 'invalid') return connectionFault(ErrorCode.compressionError);
    if (block.purpose === 'discard') return;
    const id = block.streamId;
    if (block.purpose === 'trailers') {
      const stream = this.streams.get(id);
      if (stream === undefined) return;
      // §8.1: trailers end the stream and carry no pseudo-headers.
      if (!block.endStream || !validTrailers(decoded.headers))
        return streamFault(id, ErrorCode.protocolError);
      return this.requestEnded(stream);
    }
    this.fingerprint.requestSeen(decoded.headers.map(([name]) => name));
    this.logFingerprint();
    if (block.streamError !== null) return streamFault(id, block.streamError);
    // §5.1.2: open and half-closed streams count; past the announced limit a stream is refused.
    if (this.streams.size >= this.local.maxConcurrentStreams) return streamFault(id, ErrorCode.refusedStream);
    const result = requestHead(decoded.headers);
    // §8.1.1: a malformed request is a stream error.
    if (result.kind === 'malformed') return streamFault(id, ErrorCode.protocolError);
    const head: Http2RequestHead =
      result.kind === 'request'
        ? result.head
        : {
            method: methodOf(decoded.headers),
            target: pathOf(decoded.headers),
            headers: [],
            contentLength: null,
          };
    const stream = this.openStream(id, head, block.endStream);
    this.requests += 1;
    let fault: Fault | undefined;
    if (result.kind === 'too-large') this.refuse(stream, 431);
    else if (head.contentLength !== null && head.contentLength > HTTP_LIMITS.maxBodyBytes)
      this.refuse(stream, 413);
    else if (block.endStream) fault = this.requestEnded(stream);
    if (this.requests >= H2_LIMITS.maxRequestsPerConnection && !this.draining) {
      // nginx's keepalive_requests: a graceful GOAWAY, in-flight streams finish.
      this.writer.write(goawayFrame(this.lastStreamId, ErrorCode.noError));
      this.draining = true;
      this.closeIfDrained();
    }
    return fault;
  }

  private priority(header: FrameHeader, payload: Buffer): Fault | undefined {
    if (header.streamId === 0) return connectionFault(ErrorCode.protocolError);
    // RFC 9113 §6.3: a PRIORITY of the wrong length is a stream error.
    if (payload.length !== 5) return streamFault(header.streamId, ErrorCode.frameSizeError);
    const priority = priorityAt(payload, header.streamId);
    if (priority.dependsOn === header.streamId) return streamFault(header.streamId, ErrorCode.protocolError);
    // Otherwise ignored (§5.3.2: RFC 7540's priority scheme is deprecated); kept for the fingerprint.
    this.fingerprint.prioritySeen(priority);
  }

  private rstStream(header: FrameHeader, payload: Buffer): Fault | undefined {
    if (payload.length !== 4) return connectionFault(ErrorCode.frameSizeError);
    const id = header.streamId;
    // §6.4: not on the connection, not on an idle stream.
    if (id === 0 || id > this.lastStreamId) return connectionFault(ErrorCode.protocolError);
    // Rapid reset (CVE-2023-44487): streams opened and cancelled at once cost us a reply each.
    if (!this.resetFlood.take()) return connectionFault(ErrorCode.enhanceYourCalm);
    const stream = this.streams.get(id);
    if (stream !== undefined) this.dropStream(stream);
  }

  private settings(header: FrameHeader, payload: Buffer): Fault | undefined {
    if (header.streamId !== 0) return connectionFault(ErrorCode.protocolError);
    if (header.flags & Flag.ack) {
      if (payload.length !== 0) return connectionFault(ErrorCode.frameSizeError);
      return;
    }
    if (!this.controlFlood.take()) return connectionFault(ErrorCode.enhanceYourCalm);
    const result = parseSettingsPayload(payload);
    if (result.kind === 'error') return connectionFault(result.code);
    this.fingerprint.settingsSeen(result.settings);
    if (!this.applyPeerSettings(result.settings)) return;
    this.writer.write(settingsAckFrame());
    this.pump();
  }

  private ping(header: FrameHeader, payload: Buffer): Fault | undefined {
    if (header.streamId !== 0) return connectionFault(ErrorCode.protocolError);
    if (payload.length !== 8) return connectionFault(ErrorCode.frameSizeError);
    if (header.flags & Flag.ack) return;
    if (!this.controlFlood.take()) return connectionFault(ErrorCode.enhanceYourCalm);
    this.writer.write(pingAckFrame(payload));
  }

  private goaway(header: FrameHeader, payload: Buffer): Fault | undefined {
    if (header.streamId !== 0) return connectionFault(ErrorCode.protocolError);
    if (payload.length < 8) return connectionFault(ErrorCode.frameSizeError);
    // The client opens no more streams; what is in flight is finished, then the connection closed.
    this.draining = true;
    this.closeIfDrained();
  }

  private windowUpdate(header: FrameHeader, payload: Buffer): Fault | undefined {
    if (payload.length !== 4) return connectionFault(ErrorCode.frameSizeError);
    const increment = payload.readUInt32BE(0) & 0x7fff_ffff;
    const id = header.streamId;
    if (id === 0) {
      // §6.9: a zero increment is a PROTOCOL_ERROR; §6.9.1: a window past 2^31-1 a FLOW_CONTROL_ERROR.
      if (increment === 0) return connectionFault(ErrorCode.protocolError);
      if (this.sendWindow + increment > MAX_WINDOW) return connectionFault(ErrorCode.flowControlError);
      this.sendWindow += increment;
      this.fingerprint.windowUpdateSeen(increment);
      this.pump();
      return;
    }
    if (id > this.lastStreamId) return connectionFault(ErrorCode.protocolError);
    const stream = this.streams.get(id);
    if (stream === undefined) return;
    if (increment === 0) return streamFault(id, ErrorCode.protocolError);
    if (stream.sendWindow + increment > MAX_WINDOW) return streamFault(id, ErrorCode.flowControlError);
    stream.sendWindow += increment;
    this.pump();
  }

  private dataStarted(header: FrameHeader): Fault | undefined {
    this.dataStream = null;
    const id = header.streamId;
    if (id === 0) return connectionFault(ErrorCode.protocolError);
    if (header.length === 0 && !(header.flags & Flag.endStream) && !this.emptyFlood.take())
      return connectionFault(ErrorCode.enhanceYourCalm);
    // §6.9: every DATA frame counts against the connection window, whatever becomes of its stream.
    if (header.length > this.receiveWindow) return connectionFault(ErrorCode.flowControlError);
    this.receiveWindow -= header.length;
    this.unacknowledged += header.length;
    if (id > this.lastStreamId) return connectionFault(ErrorCode.protocolError);
    const stream = this.streams.get(id);
    if (stream === undefined) {
      if (this.resets.includes(id)) return;
      return streamFault(id, ErrorCode.streamClosed);
    }
    if (stream.state !== 'open') return streamFault(id, ErrorCode.streamClosed);
    // Refused already (413): the rest of its body is counted and dropped.
    if (stream.response !== null) return;
    if (header.length > stream.receiveWindow) return streamFault(id, ErrorCode.flowControlError);
    stream.receiveWindow -= header.length;
    stream.unacknowledged += header.length;
    this.dataStream = stream;
  }

  private bodyReceived(stream: Http2Stream, bytes: Buffer): void {
    stream.receiveBody(bytes);
    if (stream.bodyBytes > HTTP_LIMITS.maxBodyBytes) {
      this.dataStream = null;
      this.refuse(stream, 413);
    }
  }

  private dataEnded(header: FrameHeader): Fault | undefined {
    const stream = this.dataStream;
    this.dataStream = null;
    // Data is consumed as it arrives, so the windows are granted back as it does (nginx does so at half).
    if (this.unacknowledged >= this.receiveWindowTarget / 2) {
      this.writer.write(windowUpdateFrame(0, this.unacknowledged));
      this.receiveWindow += this.unacknowledged;
      this.unacknowledged = 0;
    }
    if (stream === null || this.streams.get(stream.id) !== stream) return;
    if (header.flags & Flag.endStream) return this.requestEnded(stream);
    if (stream.acceptsBody && stream.unacknowledged >= this.local.initialWindowSize / 2) {
      this.writer.write(windowUpdateFrame(stream.id, stream.unacknowledged));
      stream.receiveWindow += stream.unacknowledged;
      stream.unacknowledged = 0;
    }
  }

  // --- Streams ------------------------------------------------------------------------------------

  private openStream(id: number, head: Http2RequestHead, endStream: boolean): Http2Stream {
    const stream = new Http2Stream(
      id,
      head,
      {
        endStream,
        receiveWindow: this.local.initialWindowSize,
        sendWindow: this.peerInitialWindow,
        keepBudget: H2_LIMITS.maxKeptBodyBytesPerConnection - this.keptBodyBytes,
      },
      this.shared.ctx.clock.now(),
    );
    this.keptBodyBytes += stream.keepBudget;
    this.streams.set(id, stream);
    return stream;
  }

  /** The h2c Upgrade's request is stream 1, already complete (RFC 7540 §3.2: half-closed (local) for the client). */
  private upgradedRequest(request: ParsedRequest): void {
    const header = request.headers.find(([name]) => name.toLowerCase() === 'http2-settings');
    const settings = header === undefined ? null : parseHttp2SettingsHeader(header[1]);
    if (settings !== null) {
      // §3.2.1: HTTP2-Settings are the client's first SETTINGS, acknowledged implicitly.
      this.fingerprint.settingsSeen(settings);
      if (!this.applyPeerSettings(settings)) return;
    }
    this.lastStreamId = 1;
    this.requests += 1;
    const head: Http2RequestHead = {
      method: request.method,
      target: request.target,
      headers: request.headers,
      contentLength: null,
    };
    const stream = this.openStream(1, head, true);
    // The request was sent as HTTP/1.1: its JA4H says so; it is answered and logged as h2.
    const reply = answerRequest(
      this.shared,
      {
        method: request.method,
        target: request.target,
        version: request.version,
        headers: request.headers,
        body: request.body,
      },
      this.remote,
      'h2',
    );
    this.respond(stream, reply);
  }

  private requestEnded(stream: Http2Stream): Fault | undefined {
    const answered = stream.response !== null;
    stream.state = 'half-closed-remote';
    // Already refused (413) while the body was still coming: the answer stands.
    if (answered) return;
    const { head } = stream;
    // RFC 9113 §8.1.1: a content-length that the DATA frames do not add up to is malformed.
    if (head.contentLength !== null && head.contentLength !== stream.bodyBytes)
      return streamFault(stream.id, ErrorCode.protocolError);
    const reply = answerRequest(
      this.shared,
      { method: head.method, target: head.target, version: '2', headers: head.headers, body: stream.body },
      this.remote,
      'h2',
    );
    this.respond(stream, reply);
  }

  /** Answers with the persona's error page, as the HTTP/1.1 parser's errors are (431, 413). */
  private refuse(stream: Http2Stream, status: number): void {
    const page = errorPage(this.shared.persona, status, stream.head.target, stream.head.method);
    this.respond(stream, {
      status,
      headers: [],
      contentType: page.contentType,
      body: page.body,
      isStatic: false,
    });
  }

  private respond(stream: Http2Stream, reply: Reply): void {
    const head = stream.head.method === 'HEAD';
    const { headers, body } = responseFields(reply, {
      persona: this.shared.persona,
      date: this.shared.date(),
      lastModifiedMs: this.shared.lastModifiedMs,
      head,
      close: false,
      extraHeaders: this.shared.extraHeaders,
      h2: true,
    });
    const fields: ResponseField[] = [[':status', String(reply.status)]];
    for (const [name, value] of headers) {
      const lower = name.toLowerCase();
      // Operator-supplied extra headers may name connection fields; HTTP/2 cannot carry them.
      if (!CONNECTION_SPECIFIC_FIELDS.has(lower)) fields.push([lower, value]);
    }
    const payload = head ? EMPTY : body;
    const block = encodeHeaderBlock(fields);
    this.writer.write(headerFrames(stream.id, block, payload.length === 0, this.peerMaxFrameSize));
    stream.response = { status: reply.status, body: payload, sent: 0 };
    if (payload.length === 0) this.responseEnded(stream);
    else this.pump();
  }

  /** Sends what the windows allow of every pending response, in stream order. */
  private pump(): void {
    if (this.done) return;
    let blocked = false;
    for (const stream of this.streams.values()) {
      const response = stream.response;
      if (response === null) continue;
      while (response.sent < response.body.length) {
        if (this.socket.writableNeedDrain) {
          // The kernel is not taking more: resume when it has (the socket's own backpressure).
          this.waitForDrain();
          return;
        }
        const size = Math.min(
          response.body.length - response.sent,
          this.sendWindow,
          stream.sendWindow,
          this.peerMaxFrameSize,
        );
        if (size <= 0) {
          blocked = true;
          break;
        }
        const piece = response.body.subarray(response.sent, response.sent + size);
        response.sent += size;
        this.sendWindow -= size;
        stream.sendWindow -= size;
        const last = response.sent === response.body.length;
        this.writer.write(dataFrame(stream.id, piece, last));
        if (last) this.responseEnded(stream);
      }
    }
    this.blockedSince = blocked ? (this.blockedSince ?? this.shared.ctx.clock.now()) : null;
  }

  private responseEnded(stream: Http2Stream): void {
    this.logResponse(stream);
    this.forget(stream);
    // RFC 9113 §8.1: a response sent before the request ended (413) resets what the client still sends.
    if (stream.state === 'open') this.reset(stream.id, ErrorCode.noError);
    this.closeIfDrained();
  }

  private logResponse(stream: Http2Stream): void {
    const response = stream.response;
    if (response === null) return;
    stream.response = null;
    logAccess(this.shared, this.remote, stream.head, 'h2', response.status, response.sent);
  }

  /** Removes a stream and returns its body budget. */
  private forget(stream: Http2Stream): void {
    if (this.streams.get(stream.id) !== stream) return;
    this.streams.delete(stream.id);
    this.keptBodyBytes -= stream.keepBudget;
    if (this.dataStream === stream) this.dataStream = null;
  }

  /** A stream reset by the client: its response so far is logged. */
  private dropStream(stream: Http2Stream): void {
    this.logResponse(stream);
    this.forget(stream);
    this.closeIfDrained();
  }

  /** RFC 9113 §5.4.2: RST_STREAM; the connection goes on. */
  private streamError(id: number, code: number): void {
    const stream = this.streams.get(id);
    if (stream !== undefined) {
      this.logResponse(stream);
      this.forget(stream);
    }
    this.reset(id, code);
    if (this.resetFlood.take()) this.closeIfDrained();
    else this.connectionError(ErrorCode.enhanceYourCalm);
  }

  private reset(id: number, code: number): void {
    this.writer.write(rstStreamFrame(id, code));
    this.resets.push(id);
    if (this.resets.length > H2_LIMITS.maxRememberedResets) this.resets.shift();
  }

  /** Applies a client's SETTINGS to what we send (RFC 9113 §6.5.2, §6.9.2); false after a connection error. */
  private applyPeerSettings(settings: readonly Setting[]): boolean {
    for (const { id, value } of settings) {
      if (id === SettingId.maxFrameSize) this.peerMaxFrameSize = value;
      else if (id === SettingId.initialWindowSize) {
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const stream of this.streams.values()) {
          stream.sendWindow += delta;
          if (stream.sendWindow > MAX_WINDOW) {
            this.connectionError(ErrorCode.flowControlError);
            return false;
          }
        }
      }
      // HEADER_TABLE_SIZE needs nothing: responses never use the dynamic table.
    }
    return true;
  }

  // --- Connection ---------------------------------------------------------------------------------

  private logFingerprint(): void {
    const fields = this.fingerprint.take();
    if (fields !== null) this.shared.ctx.emit('http2_settings', { remote_addr: this.remote, ...fields });
  }

  /** RFC 9113 §5.4.1: GOAWAY with the last stream we processed, then close. */
  private connectionError(code: number): void {
    if (this.done) return;
    this.writer.write(goawayFrame(this.lastStreamId, code));
    this.shutdown();
  }

  private closeIfDrained(): void {
    if (this.draining && this.streams.size === 0 && !this.done) this.shutdown();
  }

  private shutdown(): void {
    this.done = true;
    this.writer.end();
  }

  /**
   * Logs what the closed connection leaves unlogged: responses cut short, and the client's SETTINGS if
   * no request came. Runs on the socket's 'close'; a ServedConnection's `onClose` may call it earlier,
   * so that these lines come before `disconnect`.
   */
  onClose(): void {
    if (this.finished) return;
    this.finished = true;
    this.done = true;
    this.guard(() => {
      for (const stream of this.streams.values()) this.logResponse(stream);
      this.streams.clear();
      this.logFingerprint();
    });
  }
}

function priorityAt(payload: Buffer, streamId: number): Http2Priority {
  const dependency = payload.readUInt32BE(0);
  return {
    streamId,
    exclusive: dependency >>> 31 === 1,
    dependsOn: dependency & 0x7fff_ffff,
    weight: (payload[4] as number) + 1,
  };
}

/** The method and path of a request too large to take, for its 431 page and access line. */
function methodOf(fields: readonly (readonly [string, string])[]): string {
  return fields.find(([name]) => name === ':method')?.[1] ?? 'GET';
}

function pathOf(fields: readonly (readonly [string, string])[]): string {
  return fields.find(([name]) => name === ':path')?.[1] ?? '/';
}
