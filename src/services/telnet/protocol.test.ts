import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DO,
  escapeIac,
  IAC,
  OPTION,
  SB,
  SE,
  TelnetDecoder,
  terminalType,
  WILL,
  windowSize,
} from './protocol.js';

describe('TelnetDecoder', () => {
  it('takes options and subnegotiations out of the data, across chunk boundaries', () => {
    const decoder = new TelnetDecoder();
    const first = decoder.push(
      Buffer.from([0x61, IAC, WILL, OPTION.terminalType, IAC, SB, OPTION.windowSize, 0]),
    );
    const second = decoder.push(Buffer.from([120, 0, 40, IAC, SE, 0x62]));
    expect(Buffer.concat([first.data, second.data]).toString()).toBe('ab');
    expect(first.commands).toEqual([{ kind: 'option', verb: 'WILL', option: OPTION.terminalType }]);
    expect(second.commands).toEqual([
      { kind: 'subnegotiation', option: OPTION.windowSize, data: Buffer.from([0, 120, 0, 40]) },
    ]);
  });

  it('turns CR LF and CR NUL into one CR, and IAC IAC into one 0xFF', () => {
    const decoder = new TelnetDecoder();
    const { data } = decoder.push(Buffer.from([0x6c, 0x0d, 0x0a, 0x73, 0x0d, 0x00, IAC, IAC]));
    expect([...data]).toEqual([0x6c, 0x0d, 0x73, 0x0d, 0xff]);
  });

  it('ends a line at a CR whose NUL comes in a later chunk (hydra types byte by byte)', () => {
    const decoder = new TelnetDecoder();
    const chunks = [...Buffer.from('root\r\0a\r')].map((byte) => decoder.push(Buffer.from([byte])).data);
    expect(Buffer.concat([...chunks, decoder.push(Buffer.from([0])).data]).toString()).toBe('root\ra\r');
  });

  it('drops a subnegotiation longer than its cap instead of buffering it', () => {
    const decoder = new TelnetDecoder();
    const long = Buffer.concat([Buffer.from([IAC, SB, OPTION.terminalType]), Buffer.alloc(10_000, 0x41)]);
    const { commands } = decoder.push(Buffer.concat([long, Buffer.from([IAC, SE, 0x7a])]));
    expect(commands).toEqual([]);
    expect(decoder.push(Buffer.from('ok')).data.toString()).toBe('ok');
  });

  it('never throws and never returns more data than it was given, for any bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const decoder = new TelnetDecoder();
        for (const chunk of chunks) {
          const { data } = decoder.push(Buffer.from(chunk));
          expect(data.length).toBeLessThanOrEqual(chunk.length);
        }
      }),
    );
  });
});

describe('telnet helpers', () => {
  it('doubles 0xFF in data', () => {
    expect([...escapeIac(Buffer.from([1, IAC, 2]))]).toEqual([1, IAC, IAC, 2]);
  });

  it('reads NAWS and TTYPE, refusing malformed ones', () => {
    expect(windowSize(Buffer.from([0, 132, 0, 50]))).toEqual({ columns: 132, rows: 50 });
    expect(windowSize(Buffer.from([0, 0, 0, 50]))).toBeNull();
    expect(windowSize(Buffer.from([1]))).toBeNull();
    expect(terminalType(Buffer.from([0, ...Buffer.from('XTERM-256COLOR')]))).toBe('xterm-256color');
    expect(terminalType(Buffer.from([0, ...Buffer.from('$(reboot)')]))).toBe('reboot');
    expect(terminalType(Buffer.from([1]))).toBeNull();
  });

  it('keeps DO as a verb byte', () => {
    expect(DO).toBe(0xfd);
  });
});
