/**
 * What an SSH client sends before anything is encrypted: its identification line (RFC 4253 §4.2) and its
 * first binary packet, SSH_MSG_KEXINIT (RFC 4253 §6, §7.1). Pure parsers over the bytes received so
 * far: each answers "not yet", "not SSH" or the parsed message and how many bytes it took, so a caller
 * can feed a growing buffer and stop at a bound.
 */

/** RFC 4253 §4.2: the identification string is at most 255 characters, CR LF included. */
export const SSH_IDENT_MAX_BYTES = 255;

/**
 * RFC 4253 §6.1: every implementation handles packets of 35000 bytes in total; a KEXINIT larger than
 * that is not one a real client sends (OpenSSH's is about 1.5 KiB).
 */
export const SSH_PACKET_MAX_BYTES = 35_000;

/** RFC 4253 §12. */
export const SSH_MSG_KEXINIT = 20;

/** RFC 4253 §6: padding is at least 4 bytes. */
const MIN_PADDING = 4;
const COOKIE_BYTES = 16;
const PREFIX = Buffer.from('SSH-', 'latin1');

export type IdentResult =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  /** `ident` without its line end; `length` counts the bytes of the line, CR LF included. */
  | { kind: 'ident'; ident: string; length: number };

/**
 * The client's identification line at the start of `bytes`. A client, unlike a server, may send no other
 * line before it (RFC 4253 §4.2), so a first line that does not begin `SSH-` is not SSH. As sshd does,
 * the line is judged once it is whole (or at the length bound), not at its first wrong byte.
 */
export function parseIdentLine(bytes: Uint8Array): IdentResult {
  const limit = Math.min(bytes.length, SSH_IDENT_MAX_BYTES);
  let lf = -1;
  for (let i = 0; i < limit; i++) {
    if (bytes[i] === 0x0a) {
      lf = i;
      break;
    }
  }
  if (lf === -1) {
    return bytes.length >= SSH_IDENT_MAX_BYTES
      ? { kind: 'invalid', reason: `no line end within ${SSH_IDENT_MAX_BYTES} bytes` }
      : { kind: 'incomplete' };
  }
  // CR LF is the rule; a bare LF is tolerated as OpenSSH tolerates it.
  const end = lf > 0 && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
  if (end < PREFIX.length || PREFIX.some((b, i) => bytes[i] !== b)) {
    return { kind: 'invalid', reason: 'first line does not begin with SSH-' };
  }
  for (let i = 0; i < end; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 || b > 0x7e) return { kind: 'invalid', reason: 'identification has a non-printable byte' };
  }
  return { kind: 'ident', ident: Buffer.from(bytes.subarray(0, end)).toString('latin1'), length: lf + 1 };
}

/** The SSH_MSG_KEXINIT fields (RFC 4253 §7.1), name-lists split on commas. */
export interface KexInit {
  cookie: Buffer;
  kexAlgorithms: string[];
  serverHostKeyAlgorithms: string[];
  encryptionClientToServer: string[];
  encryptionServerToClient: string[];
  macClientToServer: string[];
  macServerToClient: string[];
  compressionClientToServer: string[];
  compressionServerToClient: string[];
  languagesClientToServer: string[];
  languagesServerToClient: string[];
  firstKexPacketFollows: boolean;
  reserved: number;
}

export type KexInitResult =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  /** `length` counts the whole packet: length field, padding-length byte, payload and padding. */
  | { kind: 'kexinit'; kexinit: KexInit; length: number };

/**
 * The unencrypted binary packet at the start of `bytes`, which must carry SSH_MSG_KEXINIT. No MAC
 * follows it: none is negotiated yet (RFC 4253 §6). The block-size alignment of the length is not
 * checked: a sloppy client's offer is still worth fingerprinting.
 */
export function parseKexinitPacket(bytes: Uint8Array): KexInitResult {
  if (bytes.length < 5) return { kind: 'incomplete' };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const packetLength = buf.readUInt32BE(0);
  const paddingLength = buf[4] as number;
  if (packetLength + 4 > SSH_PACKET_MAX_BYTES) {
    return { kind: 'invalid', reason: `packet length ${packetLength} exceeds ${SSH_PACKET_MAX_BYTES} bytes` };
  }
  if (paddingLength < MIN_PADDING || paddingLength + 1 >= packetLength) {
    return {
      kind: 'invalid',
      reason: `bad padding length ${paddingLength} for packet length ${packetLength}`,
    };
  }
  if (bytes.length < 4 + packetLength) return { kind: 'incomplete' };
  const payload = buf.subarray(5, 5 + packetLength - paddingLength - 1);
  const kexinit = parseKexinitPayload(payload);
  if (typeof kexinit === 'string') return { kind: 'invalid', reason: kexinit };
  return { kind: 'kexinit', kexinit, length: 4 + packetLength };
}

/** A KEXINIT payload (message byte first), or the reason it is not one. */
export function parseKexinitPayload(payload: Buffer): KexInit | string {
  if (payload[0] !== SSH_MSG_KEXINIT) return `message ${payload[0] ?? 'none'} is not KEXINIT`;
  if (payload.length < 1 + COOKIE_BYTES) return 'KEXINIT ends inside its cookie';
  let offset = 1 + COOKIE_BYTES;
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (offset + 4 > payload.length) return `KEXINIT ends before name-list ${i + 1}`;
    const length = payload.readUInt32BE(offset);
    offset += 4;
    if (offset + length > payload.length) return `name-list ${i + 1} runs past the packet`;
    const list = nameList(payload.subarray(offset, offset + length));
    if (list === null) return `name-list ${i + 1} has a byte outside printable US-ASCII`;
    lists.push(list);
    offset += length;
  }
  if (offset + 5 > payload.length) return 'KEXINIT ends before first_kex_packet_follows';
  const [kex, hostKey, encC2S, encS2C, macC2S, macS2C, compC2S, compS2C, langC2S, langS2C] = lists as [
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
  ];
  return {
    cookie: Buffer.from(payload.subarray(1, 1 + COOKIE_BYTES)),
    kexAlgorithms: kex,
    serverHostKeyAlgorithms: hostKey,
    encryptionClientToServer: encC2S,
    encryptionServerToClient: encS2C,
    macClientToServer: macC2S,
    macServerToClient: macS2C,
    compressionClientToServer: compC2S,
    compressionServerToClient: compS2C,
    languagesClientToServer: langC2S,
    languagesServerToClient: langS2C,
    firstKexPacketFollows: payload[offset] !== 0,
    reserved: payload.readUInt32BE(offset + 1),
  };
}

/** RFC 4251 §5: a name-list is comma-separated US-ASCII names; empty means no names. */
function nameList(bytes: Buffer): string[] | null {
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return null;
  return bytes.length === 0 ? [] : bytes.toString('latin1').split(',');
}

/** The lists a KEXINIT carries, for building one (tests, and what a server offers). */
export type KexInitLists = Omit<KexInit, 'cookie' | 'firstKexPacketFollows' | 'reserved'>;

/** An unencrypted KEXINIT packet with `lists` (block size 8, as before any cipher is agreed). */
export function encodeKexinitPacket(
  lists: KexInitLists,
  cookie: Buffer = Buffer.alloc(COOKIE_BYTES),
): Buffer {
  const order: (keyof KexInitLists)[] = [
    'kexAlgorithms',
    'serverHostKeyAlgorithms',
    'encryptionClientToServer',
    'encryptionServerToClient',
    'macClientToServer',
    'macServerToClient',
    'compressionClientToServer',
    'compressionServerToClient',
    'languagesClientToServer',
    'languagesServerToClient',
  ];
  const parts: Buffer[] = [Buffer.from([SSH_MSG_KEXINIT]), cookie.subarray(0, COOKIE_BYTES)];
  for (const key of order) {
    const text = Buffer.from(lists[key].join(','), 'latin1');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(text.length);
    parts.push(length, text);
  }
  parts.push(Buffer.from([0, 0, 0, 0, 0]));
  const payload = Buffer.concat(parts);
  let padding = 8 - ((payload.length + 5) % 8);
  if (padding < MIN_PADDING) padding += 8;
  const packet = Buffer.alloc(5 + payload.length + padding);
  packet.writeUInt32BE(1 + payload.length + padding, 0);
  packet[4] = padding;
  payload.copy(packet, 5);
  return packet;
}
