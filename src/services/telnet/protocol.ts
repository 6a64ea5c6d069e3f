/**
 * The Telnet wire (RFC 854, 855): commands and options interleaved with data. The decoder takes bytes
 * as they arrive and returns the data with every command taken out, in bounded memory: a
 * subnegotiation longer than the cap is dropped, never buffered without end.
 */

export const IAC = 0xff;
export const DONT = 0xfe;
export const DO = 0xfd;
export const WONT = 0xfc;
export const WILL = 0xfb;
export const SB = 0xfa;
export const SE = 0xf0;

export const OPTION = {
  echo: 0x01,
  suppressGoAhead: 0x03,
  terminalType: 0x18,
  terminalSpeed: 0x20,
  windowSize: 0x1f,
  xDisplayLocation: 0x23,
  newEnvironment: 0x27,
} as const;

/** TTYPE subnegotiation verbs (RFC 1091). */
export const TTYPE_IS = 0x00;
export const TTYPE_SEND = 0x01;

/** Longest subnegotiation kept (a terminal type or a window size needs a few bytes). */
const MAX_SUBNEGOTIATION_BYTES = 256;

export type TelnetCommand =
  | { kind: 'option'; verb: 'DO' | 'DONT' | 'WILL' | 'WONT'; option: number }
  | { kind: 'subnegotiation'; option: number; data: Buffer }
  | { kind: 'other'; code: number };

const VERBS: Readonly<Record<number, 'DO' | 'DONT' | 'WILL' | 'WONT'>> = {
  [DO]: 'DO',
  [DONT]: 'DONT',
  [WILL]: 'WILL',
  [WONT]: 'WONT',
};

type State = 'data' | 'iac' | 'verb' | 'sb-option' | 'sb' | 'sb-iac' | 'cr';

export class TelnetDecoder {
  private state: State = 'data';
  private verb = 0;
  private sbOption = 0;
  private sb: number[] = [];
  private sbOverflow = false;

  /**
   * Data bytes of `chunk` (CR LF and CR NUL become CR, as a terminal's Enter) and the commands in it.
   */
  push(chunk: Buffer): { data: Buffer; commands: TelnetCommand[] } {
    const data: number[] = [];
    const commands: TelnetCommand[] = [];
    for (const byte of chunk) {
      switch (this.state) {
        case 'cr':
          this.state = 'data';
          // Enter arrives as CR LF or CR NUL: both are the one CR already passed on.
          if (byte === 0x0a || byte === 0x00) break;
          this.data(byte, data);
          break;
        case 'data':
          this.data(byte, data);
          break;
        case 'iac':
          if (byte === IAC) {
            data.push(IAC);
            this.state = 'data';
          } else if (VERBS[byte] !== undefined) {
            this.verb = byte;
            this.state = 'verb';
          } else if (byte === SB) {
            this.state = 'sb-option';
          } else {
            commands.push({ kind: 'other', code: byte });
            this.state = 'data';
          }
          break;
        case 'verb':
          commands.push({ kind: 'option', verb: VERBS[this.verb]!, option: byte });
          this.state = 'data';
          break;
        case 'sb-option':
          this.sbOption = byte;
          this.sb = [];
          this.sbOverflow = false;
          this.state = 'sb';
          break;
        case 'sb':
          if (byte === IAC) this.state = 'sb-iac';
          else this.keepSb(byte);
          break;
        case 'sb-iac':
          if (byte === IAC) {
            this.keepSb(IAC);
            this.state = 'sb';
          } else {
            if (byte === SE && !this.sbOverflow) {
              commands.push({ kind: 'subnegotiation', option: this.sbOption, data: Buffer.from(this.sb) });
            }
            this.sb = [];
            this.state = 'data';
          }
          break;
      }
    }
    return { data: Buffer.from(data), commands };
  }

  private data(byte: number, out: number[]): void {
    if (byte === IAC) {
      this.state = 'iac';
      return;
    }
    out.push(byte);
    if (byte === 0x0d) this.state = 'cr';
  }

  private keepSb(byte: number): void {
    if (this.sb.length >= MAX_SUBNEGOTIATION_BYTES) this.sbOverflow = true;
    else this.sb.push(byte);
  }
}

/** Data made safe to send: every 0xFF doubled, as RFC 854 requires. */
export function escapeIac(data: Buffer): Buffer {
  if (!data.includes(IAC)) return data;
  const out: number[] = [];
  for (const byte of data) {
    out.push(byte);
    if (byte === IAC) out.push(IAC);
  }
  return Buffer.from(out);
}

/** `IAC verb option` sequences. */
export function negotiation(...pairs: Array<[number, number]>): Buffer {
  return Buffer.from(pairs.flatMap(([verb, option]) => [IAC, verb, option]));
}

/** The window size a NAWS subnegotiation carries (RFC 1073), or null when it is malformed or zero. */
export function windowSize(data: Buffer): { columns: number; rows: number } | null {
  if (data.length !== 4) return null;
  const columns = data.readUInt16BE(0);
  const rows = data.readUInt16BE(2);
  if (columns === 0 || rows === 0) return null;
  return { columns: Math.min(columns, 1000), rows: Math.min(rows, 1000) };
}

/** The terminal type a TTYPE IS subnegotiation carries, cleaned to what $TERM may hold. */
export function terminalType(data: Buffer): string | null {
  if (data.length < 2 || data[0] !== TTYPE_IS) return null;
  const name = data
    .subarray(1, 41)
    .toString('latin1')
    .toLowerCase()
    .replace(/[^a-z0-9._+-]/g, '');
  return name === '' ? null : name;
}
