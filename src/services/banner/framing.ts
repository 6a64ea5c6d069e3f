/**
 * When a client's first message is whole, per protocol framing: the first-bytes capture logs it then
 * instead of waiting out its window. Pure functions over the bytes kept so far; a length the client
 * lies about only means the capture ends at its cap or window instead.
 */
import type { CaptureComplete } from '../shared/first-bytes.js';

/** HTTP/1.x, RTSP, SIP, IPP: the head ends with an empty line (RFC 9112 §2.1; lenient LF-only too). */
export const httpHeadComplete: CaptureComplete = (kept) => kept.includes('\r\n\r\n') || kept.includes('\n\n');

/** TLS record (RFC 8446 §5.1): 5-byte header with a 16-bit length at offset 3. */
export const tlsRecordComplete: CaptureComplete = (kept) =>
  kept.length >= 5 && kept.length >= 5 + kept.readUInt16BE(3);

/** Ports clients reach with TLS or with plain HTTP (a ClientHello starts with handshake type 0x16). */
export const tlsOrHttpComplete: CaptureComplete = (kept) =>
  kept[0] === 0x16 ? tlsRecordComplete(kept) : httpHeadComplete(kept);

/** MySQL packet: 3-byte little-endian payload length and a sequence byte. */
export const mysqlPacketComplete: CaptureComplete = (kept) =>
  kept.length >= 4 && kept.length >= 4 + kept.readUIntLE(0, 3);

/** TPKT (RFC 1006 §6; RDP, S7comm): version 3, reserved, 16-bit length of the whole packet. */
export const tpktComplete: CaptureComplete = (kept) =>
  kept.length >= 4 && kept.length >= kept.readUInt16BE(2);

/** NetBIOS session service over TCP 445 ([MS-SMB2] §2.1): type byte, 24-bit length of what follows. */
export const nbssComplete: CaptureComplete = (kept) =>
  kept.length >= 4 && kept.length >= 4 + kept.readUIntBE(1, 3);

/** TDS (MS-TDS §2.2.3.1; MSSQL): 8-byte header with the packet's 16-bit length at offset 2. */
export const tdsComplete: CaptureComplete = (kept) => kept.length >= 8 && kept.length >= kept.readUInt16BE(2);

/** MongoDB wire protocol: int32 little-endian messageLength, header included. */
export const mongoComplete: CaptureComplete = (kept) =>
  kept.length >= 4 && kept.length >= kept.readInt32LE(0);

/** PostgreSQL startup or SSLRequest: int32 big-endian length, itself included. */
export const postgresStartupComplete: CaptureComplete = (kept) =>
  kept.length >= 4 && kept.length >= kept.readUInt32BE(0);

/** Kerberos over TCP (RFC 4120 §7.2.2): a 4-byte length, then the message. */
export const kerberosTcpComplete: CaptureComplete = (kept) =>
  kept.length >= 4 && kept.length >= 4 + (kept.readUInt32BE(0) & 0x7fff_ffff);

/** ONC RPC record marking (RFC 5531 §11; NFS): last-fragment bit and a 31-bit fragment length. */
export const rpcRecordComplete: CaptureComplete = kerberosTcpComplete;

/** DNS over TCP (RFC 1035 §4.2.2): a 2-byte length, then the message. */
export const dnsTcpComplete: CaptureComplete = (kept) =>
  kept.length >= 2 && kept.length >= 2 + kept.readUInt16BE(0);

/** Modbus/TCP MBAP header: the 16-bit length at offset 4 counts the bytes after it. */
export const modbusComplete: CaptureComplete = (kept) =>
  kept.length >= 6 && kept.length >= 6 + kept.readUInt16BE(4);

/** LDAP (RFC 4511 §5.1): one BER SEQUENCE, definite length, short or long form. */
export const berSequenceComplete: CaptureComplete = (kept) => {
  if (kept.length < 2) return false;
  const first = kept[1] as number;
  if (first < 0x80) return kept.length >= 2 + first;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || kept.length < 2 + octets) return false;
  return kept.length >= 2 + octets + kept.readUIntBE(2, octets);
};

/** MQTT control packet (MQTT 3.1.1 §2.2.3): type byte, then a 1–4 byte variable-length remaining length. */
export const mqttPacketComplete: CaptureComplete = (kept) => {
  let length = 0;
  for (let i = 1; i <= 4; i++) {
    const byte = kept[i];
    if (byte === undefined) return false;
    length += (byte & 0x7f) * 128 ** (i - 1);
    if (byte < 0x80) return kept.length >= 1 + i + length;
  }
  return false;
};
