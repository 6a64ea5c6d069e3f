/**
 * MySQL's initial handshake packet, protocol version 10 (MySQL source: sql/auth/sql_authentication.cc,
 * "Protocol::HandshakeV10"). The version is chosen once per decky; every connection gets the next
 * connection id and a fresh 20-byte scramble from the decky's seeded stream.
 */

import type { DeckyPersona } from '../service.js';
import { type SeededRandom, seededRandom } from '../shared/seeded-random.js';

/** Versions the reference picks among (5.7.38-log … 8.0.40), as stock builds report them. */
export const MYSQL_VERSIONS = [
  '5.7.38-log',
  '5.7.42-log',
  '5.7.44',
  '8.0.32',
  '8.0.36-0ubuntu0.22.04.1',
  '8.0.39',
  '8.0.40',
] as const;

const PROTOCOL_VERSION = 10;
/** Every capability but CLIENT_SSL (0x0800): no TLS to offer (the reference's `ff f7`). */
const CAPABILITIES_LOW = 0xf7ff;
/** Upper 16 bits: multi-statements/results, plugin auth, connect attrs, session track, deprecate EOF (`ff 81`). */
const CAPABILITIES_HIGH = 0x81ff;
/** SERVER_STATUS_AUTOCOMMIT */
const STATUS_FLAGS = 0x0002;
/** utf8_general_ci, the 5.7 default; 8.0 defaults to utf8mb4_0900_ai_ci. */
const CHARSET_57 = 0x21;
const CHARSET_80 = 0xff;
/** The scramble: 8 bytes, then 12 (auth-plugin-data parts 1 and 2). */
const SCRAMBLE_LENGTH = 20;
const AUTH_PLUGIN = 'mysql_native_password';

export interface MysqlHandshake {
  version: string;
  connectionId: number;
  scramble: Buffer;
}

/**
 * The scramble bytes MySQL generates are printable (generate_user_salt: 33..126 after its NUL-free
 * adjustment), so a client never meets a NUL inside the NUL-terminated part 2.
 */
function scramble(random: SeededRandom): Buffer {
  return random.bytes(SCRAMBLE_LENGTH, 0x21, 0x7e);
}

/** The packet (header included) for one handshake. */
export function mysqlHandshakePacket(h: MysqlHandshake): Buffer {
  const version = Buffer.from(`${h.version}\0`, 'latin1');
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let o = 0;
  o = fixed.writeUInt32LE(h.connectionId >>> 0, o);
  o += h.scramble.copy(fixed, o, 0, 8);
  o = fixed.writeUInt8(0, o);
  o = fixed.writeUInt16LE(CAPABILITIES_LOW, o);
  o = fixed.writeUInt8(h.version.startsWith('5.') ? CHARSET_57 : CHARSET_80, o);
  o = fixed.writeUInt16LE(STATUS_FLAGS, o);
  o = fixed.writeUInt16LE(CAPABILITIES_HIGH, o);
  fixed.writeUInt8(SCRAMBLE_LENGTH + 1, o);
  const payload = Buffer.concat([
    Buffer.from([PROTOCOL_VERSION]),
    version,
    fixed,
    h.scramble.subarray(8, SCRAMBLE_LENGTH),
    Buffer.from([0]),
    Buffer.from(`${AUTH_PLUGIN}\0`, 'latin1'),
  ]);
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header.writeUInt8(0, 3);
  return Buffer.concat([header, payload]);
}

/** Per decky: the greeting of each new connection. */
export function mysqlGreeter(persona: DeckyPersona): () => Buffer {
  const version = seededRandom(persona.seed, 'mysql.version').pick(MYSQL_VERSIONS);
  const stream = seededRandom(persona.seed, 'mysql.connection');
  // A server that has been up a while has handed out some connection ids already.
  let connectionId = stream.int(8, 5_000);
  return () => mysqlHandshakePacket({ version, connectionId: connectionId++, scramble: scramble(stream) });
}
