/**
 * The client's first bytes on an HTTPS port, read before any TLS runs: a ClientHello to fingerprint, a
 * TLS record that is no usable ClientHello (the TLS stack answers it with an alert, as a real server's
 * would), or plain text (HTTP sent to the HTTPS port). Pure: bytes in, a decision out; memory bounded
 * by CLIENT_HELLO_CAPTURE_MAX_BYTES plus the one chunk that completed the decision.
 */
import {
  CLIENT_HELLO_CAPTURE_MAX_BYTES,
  type ClientHello,
  parseClientHelloRecords,
} from '../../fingerprint/tls-client-hello.js';
import { ReceivedBytes } from './received-bytes.js';

/** RFC 8446 §5.1 ContentType.handshake. */
const CONTENT_HANDSHAKE = 0x16;
/** An SSLv2-format record header has its top bit set (RFC 6101 Appendix E.1; RFC 5246 Appendix E.2). */
const SSL2_HEADER_BIT = 0x80;
const RECORD_HEADER = 5;

export type FirstFlight =
  | { kind: 'incomplete' }
  | { kind: 'client-hello'; hello: ClientHello }
  /** TLS-framed (or SSLv2-framed) but no ClientHello this module reads. */
  | { kind: 'malformed'; reason: string }
  /**
   * Neither a handshake record nor SSLv2: what nginx takes for plain HTTP (ngx_http_ssl_handshake looks
   * at the first byte only: 0x16 or the SSLv2 bit means TLS, anything else plain).
   */
  | { kind: 'plain' };

/** Where the next record header or record ends: the first size at which the parser can say more. */
function nextUsefulSize(bytes: Buffer): number {
  let offset = 0;
  while (offset + RECORD_HEADER <= bytes.length) {
    offset += RECORD_HEADER + bytes.readUInt16BE(offset + 3);
  }
  return offset > bytes.length ? offset : offset + RECORD_HEADER;
}

export class FirstFlightReader {
  private readonly received = new ReceivedBytes(CLIENT_HELLO_CAPTURE_MAX_BYTES);
  /** The part of the last chunk that did not fit (bytes the TLS stack must still see). */
  private overflow: Buffer = Buffer.alloc(0);
  /** Parsing waits until this many bytes are here: a byte-by-byte drip is parsed once per record. */
  private wanted = 1;
  private decided: FirstFlight = { kind: 'incomplete' };

  push(chunk: Buffer): FirstFlight {
    if (this.decided.kind !== 'incomplete') return this.decided;
    const kept = this.received.append(chunk);
    if (kept < chunk.length) this.overflow = chunk.subarray(kept);
    const bytes = this.received.bytes;
    if (bytes.length < this.wanted && !this.received.full) return this.decided;
    const first = bytes[0] as number;
    if (first !== CONTENT_HANDSHAKE && (first & SSL2_HEADER_BIT) === 0) {
      this.decided = { kind: 'plain' };
      return this.decided;
    }
    if (first & SSL2_HEADER_BIT) {
      this.decided = { kind: 'malformed', reason: 'SSLv2-format ClientHello' };
      return this.decided;
    }
    const result = parseClientHelloRecords(bytes);
    if (result.kind === 'client-hello') this.decided = { kind: 'client-hello', hello: result.hello };
    else if (result.kind === 'invalid') this.decided = { kind: 'malformed', reason: result.reason };
    else if (this.received.full) {
      // The parser answers within CLIENT_HELLO_CAPTURE_MAX_BYTES; this is only a backstop.
      this.decided = { kind: 'malformed', reason: 'ClientHello larger than the capture' };
    } else this.wanted = nextUsefulSize(bytes);
    return this.decided;
  }

  /** Every byte received, in order: what is handed on to the TLS stack or the plain-text answer. */
  get bytes(): Buffer {
    return this.overflow.length === 0
      ? this.received.bytes
      : Buffer.concat([this.received.bytes, this.overflow]);
  }

  get size(): number {
    return this.received.size + this.overflow.length;
  }
}
