/**
 * The FTP control channel's wire format (RFC 959 §4, RFC 2428): command lines, PORT/EPRT host-port
 * arguments and the PASV/EPSV replies. Pure functions; the connection does the I/O.
 */
import { isIP } from 'node:net';
import { normaliseIp } from '../shared/peer.js';

const LF = 0x0a;
const CR = 0x0d;
const IAC = 0xff;

/** A complete command line, or the marker for one that ran past the cap (the rest of it is dropped). */
export type ControlLine = { kind: 'line'; text: string } | { kind: 'too_long' };

/**
 * Splits the control stream into lines (CRLF, or a bare LF as clients send). Telnet IAC sequences
 * (RFC 959 §4.1.3: ABOR is preceded by IAC IP, IAC DM) are removed and IAC IAC becomes one 0xFF byte.
 * At most `maxLineBytes` are held for a line; a longer one is reported once as `too_long`.
 */
export class LineReader {
  private buffer: number[] = [];
  private overflowed = false;
  private afterIac = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): ControlLine[] {
    const lines: ControlLine[] = [];
    for (const byte of chunk) {
      if (this.afterIac) {
        this.afterIac = false;
        if (byte !== IAC) continue;
      } else if (byte === IAC) {
        this.afterIac = true;
        continue;
      }
      if (byte === LF) {
        if (this.overflowed) lines.push({ kind: 'too_long' });
        else {
          const end = this.buffer.length > 0 && this.buffer[this.buffer.length - 1] === CR ? -1 : undefined;
          lines.push({ kind: 'line', text: Buffer.from(this.buffer.slice(0, end)).toString('utf8') });
        }
        this.buffer = [];
        this.overflowed = false;
        continue;
      }
      if (this.overflowed) continue;
      if (this.buffer.length >= this.maxLineBytes) {
        this.overflowed = true;
        this.buffer = [];
        continue;
      }
      this.buffer.push(byte);
    }
    return lines;
  }
}

export interface Command {
  /** The verb upper-cased (`RETR`); empty for a blank line. */
  verb: string;
  /** Everything after the first space, as sent. */
  argument: string;
}

export function parseCommand(line: string): Command {
  const trimmed = line.replace(/^ +/, '');
  const space = trimmed.indexOf(' ');
  if (space < 0) return { verb: trimmed.toUpperCase(), argument: '' };
  return { verb: trimmed.slice(0, space).toUpperCase(), argument: trimmed.slice(space + 1) };
}

/** The line as it may be logged: a password never leaves the PASS verb. */
export function loggableCommand(line: string): string {
  const { verb } = parseCommand(line);
  return verb === 'PASS' ? 'PASS' : line;
}

export interface HostPort {
  ip: string;
  port: number;
}

function byte(text: string): number | null {
  if (!/^\d{1,3}$/.test(text)) return null;
  const value = Number(text);
  return value <= 255 ? value : null;
}

/** `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2 PORT); null when malformed or port 0. */
export function parsePortArgument(argument: string): HostPort | null {
  const parts = argument.trim().split(',');
  if (parts.length !== 6) return null;
  const bytes = parts.map(byte);
  if (bytes.some((b) => b === null)) return null;
  const [h1, h2, h3, h4, p1, p2] = bytes as number[];
  const port = (p1 as number) * 256 + (p2 as number);
  if (port === 0) return null;
  return { ip: `${h1}.${h2}.${h3}.${h4}`, port };
}

/** `|1|132.235.1.2|6275|` or `|2|::1|6275|` (RFC 2428 §2; any delimiter in 33–126); null when malformed. */
export function parseEprtArgument(argument: string): HostPort | null {
  const text = argument.trim();
  if (text.length < 7) return null;
  const delimiter = text[0] as string;
  const code = delimiter.charCodeAt(0);
  if (code < 33 || code > 126) return null;
  const parts = text.split(delimiter);
  if (parts.length !== 5 || parts[0] !== '' || parts[4] !== '') return null;
  const [, family, address, portText] = parts as [string, string, string, string, string];
  if (family !== '1' && family !== '2') return null;
  if (isIP(address) !== (family === '1' ? 4 : 6)) return null;
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port < 1 || port > 65_535) return null;
  return { ip: normaliseIp(address), port };
}

/** `(h1,h2,h3,h4,p1,p2)` for a 227 reply; null for an address that is not IPv4 (PASV cannot say it). */
export function pasvAddress(ip: string, port: number): string | null {
  const v4 = normaliseIp(ip);
  if (isIP(v4) !== 4) return null;
  return `(${v4.split('.').join(',')},${Math.floor(port / 256)},${port % 256})`;
}

/** `(|||port|)` for a 229 reply (RFC 2428 §3). */
export function epsvAddress(port: number): string {
  return `(|||${port}|)`;
}
