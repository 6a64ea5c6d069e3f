/**
 * A bounded, incremental HTTP/1.1 request parser (RFC 9112) over the raw bytes of one connection: it
 * keeps header names, case and order exactly as sent, tolerates bare LF line ends (RFC 9112 §2.2),
 * reads bodies by Content-Length or chunked (§6, §7.1), and yields every pipelined request a chunk
 * completes. Any bound crossed or any malformed message ends the stream with the status a server
 * answers it with; nothing the client sends throws.
 */
import { HTTP_LIMITS } from './limits.js';

export type HttpHeader = readonly [name: string, value: string];

export interface ParsedRequest {
  method: string;
  target: string;
  version: '1.0' | '1.1';
  headers: HttpHeader[];
  /** The body's first HTTP_LIMITS.maxKeptBodyBytes bytes (after de-chunking). */
  body: Buffer;
  /** The body's full length. */
  bodyBytes: number;
  /** Whether the connection stays open after the response (RFC 9112 §9.3). */
  keepAlive: boolean;
}

export type ParseResult =
  | { kind: 'request'; request: ParsedRequest }
  | { kind: 'error'; status: 400 | 413 | 414 | 431 | 501 | 505 };

type ErrorStatus = Extract<ParseResult, { kind: 'error' }>['status'];

/** RFC 9110 §5.6.2 tchar. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^\s]+) HTTP\/(\d)\.(\d)$/;
const LF = 0x0a;
/** The body of a request without one: shared, never written to. */
const EMPTY_BODY = Buffer.alloc(0);

interface Head {
  method: string;
  target: string;
  version: '1.0' | '1.1';
  headers: HttpHeader[];
  keepAlive: boolean;
}

type Phase =
  | { kind: 'head' }
  | { kind: 'length'; head: Head; remaining: number }
  | { kind: 'chunk-size'; head: Head }
  | { kind: 'chunk-data'; head: Head; remaining: number }
  | { kind: 'chunk-end'; head: Head }
  | { kind: 'trailers'; head: Head; bytes: number }
  | { kind: 'failed' };

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export class RequestParser {
  private buffer: Buffer = Buffer.alloc(0);
  /** Where the search for the end of the head resumes (a slow client's bytes are scanned once). */
  private scanned = 0;
  private phase: Phase = { kind: 'head' };
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private bodyBytes = 0;

  /** Whether part of a request is waiting for more bytes. */
  get partial(): boolean {
    return this.buffer.length > 0 || this.phase.kind !== 'head';
  }

  /**
   * Every request (or the error that ends the stream) the bytes so far complete. Parsing stops after a
   * request `stopAfter` accepts (an upgrade: what follows it is another protocol, for `detach`).
   */
  push(chunk: Buffer, stopAfter?: (request: ParsedRequest) => boolean): ParseResult[] {
    if (this.phase.kind === 'failed') return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: ParseResult[] = [];
    for (;;) {
      const step = this.step();
      if (step === null) break;
      out.push(step);
      if (step.kind === 'request' && stopAfter?.(step.request)) break;
      if (step.kind === 'error') {
        this.phase = { kind: 'failed' };
        this.buffer = Buffer.alloc(0);
        break;
      }
    }
    return out;
  }

  /** The bytes received past the last request, handed to whatever the connection becomes; parsing ends. */
  detach(): Buffer {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    this.phase = { kind: 'failed' };
    return rest;
  }

  private fail(status: ErrorStatus): ParseResult {
    return { kind: 'error', status };
  }

  /** One request or error if the buffer completes one, else null (needs more bytes). */
  private step(): ParseResult | null {
    for (;;) {
      const phase = this.phase;
      switch (phase.kind) {
        case 'failed':
          return null;
        case 'head': {
          const result = this.readHead();
          if (result === null || 'kind' in result) return result;
          const next = this.bodyPhase(result);
          if ('kind' in next && (next.kind === 'error' || next.kind === 'request'))
            return next as ParseResult;
          this.phase = next as Phase;
          break;
        }
        case 'length': {
          const take = Math.min(phase.remaining, this.buffer.length);
          this.keep(this.buffer.subarray(0, take));
          this.buffer = this.buffer.subarray(take);
          phase.remaining -= take;
          if (phase.remaining > 0) return null;
          return this.finish(phase.head);
        }
        case 'chunk-size': {
          const end = this.buffer.indexOf(LF);
          if (end < 0) return this.buffer.length > HTTP_LIMITS.maxChunkLineBytes ? this.fail(400) : null;
          const line = stripCr(this.buffer.subarray(0, end).toString('latin1'));
          this.buffer = this.buffer.subarray(end + 1);
          const size = /^([0-9A-Fa-f]{1,8})[ \t]*(;.*)?$/.exec(line);
          if (size === null) return this.fail(400);
          const n = Number.parseInt(size[1] as string, 16);
          if (this.bodyBytes + n > HTTP_LIMITS.maxBodyBytes) return this.fail(413);
          this.phase =
            n === 0
              ? { kind: 'trailers', head: phase.head, bytes: 0 }
              : { kind: 'chunk-data', head: phase.head, remaining: n };
          break;
        }
        case 'chunk-data': {
          const take = Math.min(phase.remaining, this.buffer.length);
          this.keep(this.buffer.subarray(0, take));
          this.buffer = this.buffer.subarray(take);
          phase.remaining -= take;
          if (phase.remaining > 0) return null;
          this.phase = { kind: 'chunk-end', head: phase.head };
          break;
        }
        case 'chunk-end': {
          if (this.buffer.length === 0) return null;
          if (this.buffer[0] === LF) this.buffer = this.buffer.subarray(1);
          else if (this.buffer[0] === 0x0d) {
            if (this.buffer.length < 2) return null;
            if (this.buffer[1] !== LF) return this.fail(400);
            this.buffer = this.buffer.subarray(2);
          } else return this.fail(400);
          this.phase = { kind: 'chunk-size', head: phase.head };
          break;
        }
        case 'trailers': {
          const end = this.buffer.indexOf(LF);
          if (end < 0) {
            return phase.bytes + this.buffer.length > HTTP_LIMITS.maxHeaderBytes ? this.fail(431) : null;
          }
          phase.bytes += end + 1;
          if (phase.bytes > HTTP_LIMITS.maxHeaderBytes) return this.fail(431);
          const line = stripCr(this.buffer.subarray(0, end).toString('latin1'));
          this.buffer = this.buffer.subarray(end + 1);
          // Trailer fields are read and dropped (RFC 9112 §7.1.2 lets a recipient discard them).
          if (line === '') return this.finish(phase.head);
          break;
        }
      }
    }
  }

  private keep(bytes: Buffer): void {
    this.bodyBytes += bytes.length;
    const room = HTTP_LIMITS.maxKeptBodyBytes - this.keptBytes;
    if (room <= 0 || bytes.length === 0) return;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    // Copied: the connection's chunk must not stay referenced by a body we keep.
    this.kept.push(Buffer.from(part));
    this.keptBytes += part.length;
  }

  private finish(head: Head): ParseResult {
    const body =
      this.kept.length === 0
        ? EMPTY_BODY
        : this.kept.length === 1
          ? (this.kept[0] as Buffer)
          : Buffer.concat(this.kept);
    const request: ParsedRequest = {
      method: head.method,
      target: head.target,
      version: head.version,
      headers: head.headers,
      body,
      bodyBytes: this.bodyBytes,
      keepAlive: head.keepAlive,
    };
    this.kept = [];
    this.keptBytes = 0;
    this.bodyBytes = 0;
    this.phase = { kind: 'head' };
    this.scanned = 0;
    return { kind: 'request', request };
  }

  /** The head when the buffer holds all of it, an error, or null. */
  private readHead(): Head | ParseResult | null {
    // RFC 9112 §2.2: empty lines before the request line are ignored.
    while (
      this.buffer.length > 0 &&
      (this.buffer[0] === LF || (this.buffer[0] === 0x0d && this.buffer[1] === LF))
    ) {
      this.buffer = this.buffer.subarray(this.buffer[0] === LF ? 1 : 2);
    }
    if (this.buffer.length === 0) return null;
    const lineEnd = this.buffer.indexOf(LF);
    if (lineEnd < 0) {
      this.scanned = this.buffer.length;
      return this.buffer.length > HTTP_LIMITS.maxRequestLineBytes ? this.fail(414) : null;
    }
    if (lineEnd > HTTP_LIMITS.maxRequestLineBytes) return this.fail(414);
    // The head ends at an empty line: LF LF or LF CR LF.
    let end = -1;
    let from = Math.max(lineEnd, this.scanned - 2);
    for (;;) {
      const lf = this.buffer.indexOf(LF, from);
      if (lf < 0) break;
      const next = this.buffer[lf + 1];
      if (next === LF) {
        end = lf + 2;
        break;
      }
      if (next === 0x0d && this.buffer[lf + 2] === LF) {
        end = lf + 3;
        break;
      }
      if (next === undefined || (next === 0x0d && lf + 2 >= this.buffer.length)) break;
      from = lf + 1;
    }
    if (end < 0) {
      this.scanned = this.buffer.length;
      return this.buffer.length - lineEnd > HTTP_LIMITS.maxHeaderBytes ? this.fail(431) : null;
    }
    if (end - lineEnd > HTTP_LIMITS.maxHeaderBytes + 2) return this.fail(431);
    const text = this.buffer.subarray(0, end).toString('latin1');
    this.buffer = this.buffer.subarray(end);
    this.scanned = 0;
    let lineStart = text.indexOf('\n') + 1;
    const match = REQUEST_LINE.exec(stripCr(text.slice(0, lineStart - 1)));
    if (match === null) return this.fail(400);
    const [, method, target, major, minor] = match as unknown as [string, string, string, string, string];
    if (major !== '1') return this.fail(505);
    const version = minor === '0' ? '1.0' : '1.1';
    const headers: HttpHeader[] = [];
    while (lineStart < text.length) {
      const lf = text.indexOf('\n', lineStart);
      const line = stripCr(text.slice(lineStart, lf < 0 ? text.length : lf));
      lineStart = lf < 0 ? text.length : lf + 1;
      if (line === '') break;
      if (headers.length >= HTTP_LIMITS.maxHeaderCount) return this.fail(431);
      const colon = line.indexOf(':');
      // No colon, whitespace before it, or an obs-fold continuation (RFC 9112 §5.1, §5.2): 400.
      if (colon <= 0) return this.fail(400);
      const name = line.slice(0, colon);
      if (!TOKEN.test(name)) return this.fail(400);
      headers.push([name, line.slice(colon + 1).trim()]);
    }
    return { method, target, version, headers, keepAlive: keepAliveOf(version, headers) };
  }

  /** What follows the head: a body phase, or the request itself when it has no body. */
  private bodyPhase(head: Head): Phase | ParseResult {
    const te = values(head.headers, 'transfer-encoding');
    const cl = values(head.headers, 'content-length');
    if (te.length > 0) {
      const codings = te
        .join(',')
        .split(',')
        .map((c) => c.trim().toLowerCase())
        .filter((c) => c !== '');
      if (codings.at(-1) !== 'chunked') return this.fail(codings.length === 0 ? 400 : 501);
      // RFC 9112 §6.3: with both, Transfer-Encoding wins and the connection must close after.
      if (cl.length > 0) head.keepAlive = false;
      return { kind: 'chunk-size', head };
    }
    if (cl.length > 0) {
      const distinct = new Set(
        cl
          .join(',')
          .split(',')
          .map((v) => v.trim()),
      );
      if (distinct.size !== 1) return this.fail(400);
      const value = [...distinct][0] as string;
      if (!/^\d{1,15}$/.test(value)) return this.fail(400);
      const length = Number(value);
      if (length > HTTP_LIMITS.maxBodyBytes) return this.fail(413);
      if (length > 0) return { kind: 'length', head, remaining: length };
    }
    return this.finish(head);
  }
}

function values(headers: readonly HttpHeader[], lowerName: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers)
    if (n.length === lowerName.length && n.toLowerCase() === lowerName) out.push(v);
  return out;
}

/** The first value of a header, by case-insensitive name. */
export function headerValue(headers: readonly HttpHeader[], lowerName: string): string | undefined {
  for (const [n, v] of headers) if (n.length === lowerName.length && n.toLowerCase() === lowerName) return v;
  return undefined;
}

/** RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`. */
function keepAliveOf(version: '1.0' | '1.1', headers: readonly HttpHeader[]): boolean {
  const connection = values(headers, 'connection');
  if (connection.length === 0) return version === '1.1';
  const options = connection
    .join(',')
    .toLowerCase()
    .split(',')
    .map((o) => o.trim());
  if (options.includes('close')) return false;
  return version === '1.1' || options.includes('keep-alive');
}
