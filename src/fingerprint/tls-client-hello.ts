/**
 * The TLS ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2) as it arrives on the wire: one or more
 * handshake records (RFC 8446 §5.1) carrying the first handshake message. A pure, bounded parser over
 * the bytes received so far: it answers "not yet", "not a ClientHello" or the parsed hello and how many
 * bytes of records it took, and never throws on hostile bytes.
 */

/** RFC 8446 §5.1: a plaintext record fragment is at most 2^14 bytes. */
export const TLS_RECORD_MAX_FRAGMENT = 16_384;
/** The largest ClientHello body accepted: one full record's worth (the brief's 16 KiB cap). */
export const CLIENT_HELLO_MAX_BYTES = 16_384;
/**
 * Records a ClientHello may be fragmented over. Real clients use one (two with very large post-quantum
 * key shares); more is hostile fragmentation, and a bound keeps the work per connection fixed.
 */
export const CLIENT_HELLO_MAX_RECORDS = 16;
const RECORD_HEADER = 5;
const HANDSHAKE_HEADER = 4;
/** The most bytes a caller needs to buffer before the parser gives an answer other than "incomplete". */
export const CLIENT_HELLO_CAPTURE_MAX_BYTES =
  CLIENT_HELLO_MAX_BYTES + HANDSHAKE_HEADER + CLIENT_HELLO_MAX_RECORDS * RECORD_HEADER;

/** RFC 8446 §5.1 ContentType.handshake; §4 HandshakeType.client_hello. */
const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;

/** TLS ExtensionType values this module decodes (IANA TLS ExtensionType registry). */
export const TlsExtension = {
  serverName: 0,
  supportedGroups: 10,
  ecPointFormats: 11,
  signatureAlgorithms: 13,
  alpn: 16,
  supportedVersions: 43,
  pskKeyExchangeModes: 45,
  keyShare: 51,
} as const;

/** RFC 8701 §2: GREASE values are 0x?a?a with both bytes equal (0x0a0a, 0x1a1a … 0xfafa). */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

export interface ClientHello {
  /** The record layer's version field of the first record (RFC 8446 §5.1, legacy_record_version). */
  recordVersion: number;
  /** ClientHello.legacy_version (0x0303 for TLS 1.2 and 1.3 clients). */
  legacyVersion: number;
  random: Buffer;
  sessionId: Buffer;
  /** Wire order, GREASE included (fingerprints filter it). */
  cipherSuites: number[];
  compressionMethods: number[];
  /** Extension type ids in wire order, GREASE included. */
  extensions: number[];
  /** Types whose body did not decode; their lists below are left empty. */
  malformedExtensions: number[];
  /** The first host_name in server_name, latin1-decoded (attacker-supplied: escape when shown). */
  sni: string | null;
  /** Protocol names in order, latin1-decoded so every byte survives (JA4 looks at the raw bytes). */
  alpn: string[];
  supportedVersions: number[];
  supportedGroups: number[];
  ecPointFormats: number[];
  signatureAlgorithms: number[];
  keyShareGroups: number[];
  pskKeyExchangeModes: number[];
}

export type ClientHelloResult =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  /** `length` counts the bytes of the records that carried the hello, headers included. */
  | { kind: 'client-hello'; hello: ClientHello; length: number };

/**
 * The ClientHello at the start of `bytes`, which should hold the first records the client sent. Records
 * of other content types before the hello is whole make it invalid: RFC 8446 §5.1 forbids interleaving.
 */
export function parseClientHelloRecords(bytes: Uint8Array): ClientHelloResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf.length >= 1 && buf[0] !== CONTENT_HANDSHAKE) {
    return (buf[0] as number) & 0x80
      ? { kind: 'invalid', reason: 'SSLv2-format record header: not a TLS ClientHello record' }
      : { kind: 'invalid', reason: `record content type ${buf[0]} is not handshake (22)` };
  }
  const fragments: Buffer[] = [];
  let have = 0;
  let need = -1;
  let offset = 0;
  for (let record = 0; ; record++) {
    if (record >= CLIENT_HELLO_MAX_RECORDS) {
      return { kind: 'invalid', reason: `ClientHello spans more than ${CLIENT_HELLO_MAX_RECORDS} records` };
    }
    if (buf.length < offset + RECORD_HEADER) return { kind: 'incomplete' };
    const type = buf[offset] as number;
    if (type !== CONTENT_HANDSHAKE) {
      return {
        kind: 'invalid',
        reason: `record ${record + 1} has content type ${type} inside the ClientHello`,
      };
    }
    if (buf[offset + 1] !== 3) {
      return { kind: 'invalid', reason: `record version ${buf.readUInt16BE(offset + 1)} is not 3.x` };
    }
    const fragmentLength = buf.readUInt16BE(offset + 3);
    if (fragmentLength === 0) return { kind: 'invalid', reason: 'empty handshake record (RFC 8446 §5.1)' };
    if (fragmentLength > TLS_RECORD_MAX_FRAGMENT) {
      return {
        kind: 'invalid',
        reason: `record length ${fragmentLength} exceeds ${TLS_RECORD_MAX_FRAGMENT}`,
      };
    }
    if (buf.length < offset + RECORD_HEADER + fragmentLength) return { kind: 'incomplete' };
    fragments.push(buf.subarray(offset + RECORD_HEADER, offset + RECORD_HEADER + fragmentLength));
    have += fragmentLength;
    offset += RECORD_HEADER + fragmentLength;
    if (need < 0 && have >= HANDSHAKE_HEADER) {
      const head = Buffer.concat(fragments).subarray(0, HANDSHAKE_HEADER);
      if (head[0] !== HANDSHAKE_CLIENT_HELLO) {
        return { kind: 'invalid', reason: `handshake message ${head[0]} is not ClientHello (1)` };
      }
      const bodyLength = head.readUIntBE(1, 3);
      if (bodyLength > CLIENT_HELLO_MAX_BYTES) {
        return {
          kind: 'invalid',
          reason: `ClientHello length ${bodyLength} exceeds ${CLIENT_HELLO_MAX_BYTES}`,
        };
      }
      need = HANDSHAKE_HEADER + bodyLength;
    }
    if (need >= 0 && have >= need) {
      const message = Buffer.concat(fragments);
      const hello = parseClientHelloBody(message.subarray(HANDSHAKE_HEADER, need), buf.readUInt16BE(1));
      if (typeof hello === 'string') return { kind: 'invalid', reason: hello };
      return { kind: 'client-hello', hello, length: offset };
    }
  }
}

/** A bounds-checked reader: every read past the end yields null instead of throwing. */
class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  get remaining(): number {
    return this.buf.length - this.offset;
  }
  u8(): number | null {
    if (this.remaining < 1) return null;
    return this.buf[this.offset++] as number;
  }
  u16(): number | null {
    if (this.remaining < 2) return null;
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  bytes(n: number): Buffer | null {
    if (n > this.remaining) return null;
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  /** A vector with a `lengthBytes`-byte length prefix (RFC 8446 §3.4). */
  vector(lengthBytes: 1 | 2): Buffer | null {
    const n = lengthBytes === 1 ? this.u8() : this.u16();
    return n === null ? null : this.bytes(n);
  }
}

function u16List(bytes: Buffer): number[] | null {
  if (bytes.length % 2 !== 0) return null;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) out.push(bytes.readUInt16BE(i));
  return out;
}

/** The ClientHello body (after the 4-byte handshake header), or the reason it is not one. */
export function parseClientHelloBody(body: Buffer, recordVersion = 0): ClientHello | string {
  const r = new Reader(body);
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  if (legacyVersion === null || random === null) return 'ClientHello ends before its random';
  const sessionId = r.vector(1);
  if (sessionId === null || sessionId.length > 32) return 'bad legacy_session_id';
  const suites = r.vector(2);
  const cipherSuites = suites === null ? null : u16List(suites);
  if (cipherSuites === null) return 'bad cipher_suites vector';
  const compression = r.vector(1);
  if (compression === null) return 'bad legacy_compression_methods vector';
  const hello: ClientHello = {
    recordVersion,
    legacyVersion,
    random: Buffer.from(random),
    sessionId: Buffer.from(sessionId),
    cipherSuites,
    compressionMethods: [...compression],
    extensions: [],
    malformedExtensions: [],
    sni: null,
    alpn: [],
    supportedVersions: [],
    supportedGroups: [],
    ecPointFormats: [],
    signatureAlgorithms: [],
    keyShareGroups: [],
    pskKeyExchangeModes: [],
  };
  // RFC 5246 §7.4.1.2: a hello may end after compression_methods (no extensions at all).
  if (r.remaining === 0) return hello;
  const block = r.vector(2);
  if (block === null) return 'extensions block runs past the ClientHello';
  const ext = new Reader(block);
  const seen = new Set<number>();
  while (ext.remaining > 0) {
    const type = ext.u16();
    const data = ext.vector(2);
    if (type === null || data === null) return 'extension runs past the extensions block';
    hello.extensions.push(type);
    // RFC 8446 §4.2: a type appears at most once; a repeat is recorded but not decoded again.
    if (seen.has(type)) continue;
    seen.add(type);
    if (!decodeExtension(hello, type, data)) hello.malformedExtensions.push(type);
  }
  return hello;
}

/** Fills the hello's list for `type` from its body; false when the body does not decode. */
function decodeExtension(hello: ClientHello, type: number, data: Buffer): boolean {
  const r = new Reader(data);
  switch (type) {
    case TlsExtension.serverName: {
      // RFC 6066 §3. An empty body is legal (it is what a server echoes); clients send a list.
      if (data.length === 0) return true;
      const list = r.vector(2);
      if (list === null) return false;
      const names = new Reader(list);
      while (names.remaining > 0) {
        const nameType = names.u8();
        const name = names.vector(2);
        if (nameType === null || name === null) return false;
        if (nameType === 0 && hello.sni === null) hello.sni = name.toString('latin1');
      }
      return true;
    }
    case TlsExtension.alpn: {
      // RFC 7301 §3.1.
      const list = r.vector(2);
      if (list === null) return false;
      const names = new Reader(list);
      while (names.remaining > 0) {
        const name = names.vector(1);
        if (name === null) return false;
        hello.alpn.push(name.toString('latin1'));
      }
      return true;
    }
    case TlsExtension.supportedGroups:
      return setU16(r.vector(2), (v) => {
        hello.supportedGroups = v;
      });
    case TlsExtension.signatureAlgorithms:
      return setU16(r.vector(2), (v) => {
        hello.signatureAlgorithms = v;
      });
    case TlsExtension.supportedVersions:
      // RFC 8446 §4.2.1: in a ClientHello, a 1-byte-length list of versions.
      return setU16(r.vector(1), (v) => {
        hello.supportedVersions = v;
      });
    case TlsExtension.ecPointFormats: {
      const list = r.vector(1);
      if (list === null) return false;
      hello.ecPointFormats = [...list];
      return true;
    }
    case TlsExtension.pskKeyExchangeModes: {
      const list = r.vector(1);
      if (list === null) return false;
      hello.pskKeyExchangeModes = [...list];
      return true;
    }
    case TlsExtension.keyShare: {
      // RFC 8446 §4.2.8: KeyShareEntry client_shares<0..2^16-1>.
      const list = r.vector(2);
      if (list === null) return false;
      const shares = new Reader(list);
      const groups: number[] = [];
      while (shares.remaining > 0) {
        const group = shares.u16();
        const key = shares.vector(2);
        if (group === null || key === null) return false;
        groups.push(group);
      }
      hello.keyShareGroups = groups;
      return true;
    }
    default:
      return true;
  }
}

function setU16(vector: Buffer | null, set: (values: number[]) => void): boolean {
  const values = vector === null ? null : u16List(vector);
  if (values === null) return false;
  set(values);
  return true;
}
