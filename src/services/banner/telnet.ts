/**
 * The telnet greeting of a busybox telnetd (the reference's telnet decky runs `telnetd -l /bin/login`):
 * its option negotiation (RFC 854/855), then the login prompt.
 */
import type { DeckyPersona } from '../service.js';

const IAC = 0xff;
const DO = 0xfd;
const WILL = 0xfb;
/** RFC 857 */
const ECHO = 0x01;
/** RFC 858 */
const SUPPRESS_GO_AHEAD = 0x03;
/** RFC 1073 */
const NAWS = 0x1f;

/** What busybox telnetd sends first: DO ECHO, DO NAWS, WILL ECHO, WILL SGA (busybox networking/telnetd.c). */
export const TELNET_NEGOTIATION = Buffer.from([
  IAC,
  DO,
  ECHO,
  IAC,
  DO,
  NAWS,
  IAC,
  WILL,
  ECHO,
  IAC,
  WILL,
  SUPPRESS_GO_AHEAD,
]);

export function telnetGreeting(persona: DeckyPersona): Buffer {
  return Buffer.concat([TELNET_NEGOTIATION, Buffer.from(`\r\n${persona.hostname} login: `, 'latin1')]);
}
