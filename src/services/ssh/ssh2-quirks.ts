/**
 * Where the SSH service works around ssh2 1.17's server to behave as sshd does. Every reach into
 * ssh2's internals is here, each guarded so that a changed internal degrades to ssh2's own behaviour
 * instead of failing a connection.
 */
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { Connection, ParsedKey, SFTPWrapper } from 'ssh2';

/**
 * ssh2's server pings an authenticated client every 15 s (keepalive@openssh.com) and drops it after
 * three unanswered pings; sshd's ClientAliveInterval is 0, so it never pings. 0 and Infinity both fall
 * back to ssh2's 15 s, so the interval is set to the largest a Node timer takes (about 24.8 days): the
 * idle timeout always ends the connection first.
 */
export const KEEPALIVE_NEVER_MS = 2 ** 31 - 1;

/**
 * ssh2 writes its identification line as soon as a socket is injected. We have already sent ours (the
 * client sends its KEXINIT only after reading it), so the next write of exactly those bytes to this
 * socket is dropped. Anything else written first goes through, and the socket's own `write` is back
 * after that one call either way.
 */
export function dropNextWriteOf(socket: Socket, bytes: Buffer): void {
  const intercept = (chunk: unknown, ...rest: unknown[]): boolean => {
    Reflect.deleteProperty(socket, 'write');
    if (Buffer.isBuffer(chunk) && chunk.equals(bytes)) {
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    }
    return (socket.write as (...args: unknown[]) => boolean)(chunk, ...rest);
  };
  Object.defineProperty(socket, 'write', { value: intercept, configurable: true, writable: true });
}

interface PacketWriterInternals {
  allocStartKEX: number;
  alloc(payloadLength: number, force: boolean): Buffer;
  finalize(packet: Buffer, force: boolean): Buffer;
}
interface ProtocolInternals {
  _packetRW: { write: PacketWriterInternals };
}
type SendPacket = (protocol: ProtocolInternals, packet: Buffer, bypass: boolean) => boolean;

const requireCjs = createRequire(import.meta.url);
let sendPacket: SendPacket | null | undefined;
function loadSendPacket(): SendPacket | null {
  if (sendPacket === undefined) {
    try {
      const utils = requireCjs('ssh2/lib/protocol/utils.js') as { sendPacket?: SendPacket };
      sendPacket = typeof utils.sendPacket === 'function' ? utils.sendPacket : null;
    } catch {
      sendPacket = null;
    }
  }
  return sendPacket;
}

/** RFC 4253 §11.1: SSH_MSG_DISCONNECT. */
const SSH_MSG_DISCONNECT = 1;

/**
 * Sends SSH_MSG_DISCONNECT with a description (ssh2's `end()` always sends an empty one; sshd says why,
 * e.g. "Too many authentication failures", and the client prints it), then ends the socket.
 * Falls back to ssh2's own disconnect if its internals are not what this expects.
 */
export function disconnectWithReason(
  client: Connection,
  socket: Socket,
  reason: number,
  description: string,
): void {
  const protocol = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
  const send = loadSendPacket();
  try {
    if (protocol === undefined || send === null) throw new Error('ssh2 internals not found');
    const text = Buffer.from(description, 'utf8');
    const writer = protocol._packetRW.write;
    let p = writer.allocStartKEX;
    const packet = writer.alloc(1 + 4 + 4 + text.length + 4, true);
    packet[p++] = SSH_MSG_DISCONNECT;
    p = packet.writeUInt32BE(reason, p);
    p = packet.writeUInt32BE(text.length, p);
    p += text.copy(packet, p);
    packet.writeUInt32BE(0, p);
    send(protocol, writer.finalize(packet, true), true);
    socket.end();
  } catch {
    client.end();
  }
}

/** SFTP packets ssh2 holds because the client's channel window is shut (they grow while it does not read). */
export function sftpQueuedPackets(sftp: SFTPWrapper): number {
  const buffer = (sftp as unknown as { _buffer?: unknown })._buffer;
  return Array.isArray(buffer) ? buffer.length : 0;
}

interface ChannelInternals {
  _protocol?: { exitStatus?(channel: number, status: number): void; channelEOF?(channel: number): void };
  outgoing?: { id: number; state: string };
}

/**
 * Ends an SFTP channel as sshd does when sftp-server exits: exit-status, EOF, close. ssh2's SFTP object
 * only sends close; without an exit status the client's ssh exits 255 and `scp` (SFTP mode) reports a
 * failure for a transfer that worked.
 */
export function endSftpChannel(sftp: SFTPWrapper, status: number): void {
  const { _protocol: protocol, outgoing } = sftp as unknown as ChannelInternals;
  try {
    if (outgoing?.state === 'open' && protocol?.exitStatus && protocol.channelEOF) {
      protocol.exitStatus(outgoing.id, status);
      protocol.channelEOF(outgoing.id);
      outgoing.state = 'eof';
    }
  } catch {}
  sftp.end();
}

/** The hash each host key type signs with when ssh2 names none (RSA names its own for rsa-sha2-*). */
const DEFAULT_SIGNATURE_HASH: Readonly<Record<string, string | null>> = {
  'ssh-ed25519': null,
  'ecdsa-sha2-nistp256': 'sha256',
  'ecdsa-sha2-nistp384': 'sha384',
  'ecdsa-sha2-nistp521': 'sha512',
  'ssh-rsa': 'sha1',
};

/**
 * ssh2 signs with the host key's PEM text, so Node parses the key again on every handshake: the largest
 * single cost of a handshake on the server. The key is parsed once into a KeyObject here and `sign`
 * uses it; the signature bytes are the same. A key of a type not listed keeps ssh2's own `sign`.
 */
export function signWithParsedKey(key: ParsedKey): void {
  const pem = key.getPrivatePEM();
  if (!(key.type in DEFAULT_SIGNATURE_HASH) || pem === null) return;
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    return;
  }
  const fallbackHash = DEFAULT_SIGNATURE_HASH[key.type] ?? null;
  const signWith = (data: Buffer, algo?: string): Buffer | Error => {
    try {
      return cryptoSign(algo || fallbackHash, data, privateKey);
    } catch (err) {
      return err as Error;
    }
  };
  Object.defineProperty(key, 'sign', { value: signWith, configurable: true, writable: true });
}
