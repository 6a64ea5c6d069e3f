import { describe, expect, it } from 'vitest';
import {
  epsvAddress,
  LineReader,
  loggableCommand,
  parseCommand,
  parseEprtArgument,
  parsePortArgument,
  pasvAddress,
} from './protocol.js';

describe('LineReader', () => {
  it('splits CRLF and bare LF lines across chunks', () => {
    const reader = new LineReader(512);
    expect(reader.push(Buffer.from('USER ro'))).toEqual([]);
    expect(reader.push(Buffer.from('ot\r\nPASS x\nNO'))).toEqual([
      { kind: 'line', text: 'USER root' },
      { kind: 'line', text: 'PASS x' },
    ]);
  });

  it('drops Telnet IAC sequences and keeps an escaped 0xFF', () => {
    const reader = new LineReader(512);
    const lines = reader.push(Buffer.from([0xff, 0xf4, 0xff, 0xf2, ...Buffer.from('ABOR\r\n')]));
    expect(lines).toEqual([{ kind: 'line', text: 'ABOR' }]);
  });

  it('reports a line of exactly the cap as a line and one byte more as too long, once', () => {
    const reader = new LineReader(8);
    // 8 bytes of text plus CR is 9 bytes held: over the cap.
    expect(reader.push(Buffer.from('12345678\r\n'))).toEqual([{ kind: 'too_long' }]);
    const atCap = new LineReader(9);
    expect(atCap.push(Buffer.from('12345678\r\n'))).toEqual([{ kind: 'line', text: '12345678' }]);
    const over = new LineReader(8);
    expect(over.push(Buffer.from(`${'A'.repeat(5000)}\r\nNOOP\r\n`))).toEqual([
      { kind: 'too_long' },
      { kind: 'line', text: 'NOOP' },
    ]);
  });
});

describe('commands', () => {
  it('upper-cases the verb and keeps the argument as sent', () => {
    expect(parseCommand('retr My File.txt')).toEqual({ verb: 'RETR', argument: 'My File.txt' });
    expect(parseCommand('')).toEqual({ verb: '', argument: '' });
  });

  it('never logs a password', () => {
    expect(loggableCommand('pass hunter2')).toBe('PASS');
    expect(loggableCommand('CWD /pub')).toBe('CWD /pub');
  });
});

describe('host-port arguments', () => {
  it.each([
    ['127,0,0,1,4,1', { ip: '127.0.0.1', port: 1025 }],
    [' 10,1,2,3,255,255 ', { ip: '10.1.2.3', port: 65_535 }],
    ['127,0,0,1,0,0', null],
    ['127,0,0,256,4,1', null],
    ['127,0,0,1,4', null],
    ['a,b,c,d,e,f', null],
  ])('PORT %s', (argument, expected) => {
    expect(parsePortArgument(argument)).toEqual(expected);
  });

  it.each([
    ['|1|132.235.1.2|6275|', { ip: '132.235.1.2', port: 6275 }],
    ['|2|::1|6275|', { ip: '::1', port: 6275 }],
    ['!1!10.0.0.1!21!', { ip: '10.0.0.1', port: 21 }],
    ['|1|::1|6275|', null],
    ['|3|10.0.0.1|21|', null],
    ['|1|10.0.0.1|0|', null],
    ['|1|10.0.0.1|65536|', null],
    ['|1|10.0.0.1|21', null],
  ])('EPRT %s', (argument, expected) => {
    expect(parseEprtArgument(argument)).toEqual(expected);
  });

  it('formats passive addresses', () => {
    expect(pasvAddress('192.168.1.20', 40_001)).toBe('(192,168,1,20,156,65)');
    expect(pasvAddress('::ffff:10.0.0.1', 21)).toBe('(10,0,0,1,0,21)');
    expect(pasvAddress('fe80::1', 21)).toBeNull();
    expect(epsvAddress(40_001)).toBe('(|||40001|)');
  });
});
