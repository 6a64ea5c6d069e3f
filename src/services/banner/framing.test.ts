import { describe, expect, it } from 'vitest';
import type { CaptureComplete } from '../shared/first-bytes.js';
import {
  berSequenceComplete,
  dnsTcpComplete,
  httpHeadComplete,
  kerberosTcpComplete,
  modbusComplete,
  mongoComplete,
  mqttPacketComplete,
  mysqlPacketComplete,
  nbssComplete,
  postgresStartupComplete,
  tdsComplete,
  tlsOrHttpComplete,
  tlsRecordComplete,
  tpktComplete,
} from './framing.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const cases: Array<[string, CaptureComplete, Buffer, boolean]> = [
  ['http head without its blank line', httpHeadComplete, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n'), false],
  ['http head with CRLF CRLF', httpHeadComplete, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), true],
  ['http head with bare LF LF', httpHeadComplete, Buffer.from('GET / HTTP/1.0\n\n'), true],
  ['TLS header alone', tlsRecordComplete, hex('16 0301 0004'), false],
  ['TLS record one byte short', tlsRecordComplete, hex('16 0301 0004 010203'), false],
  ['TLS record whole', tlsRecordComplete, hex('16 0301 0004 01020304'), true],
  ['TLS on an HTTP-or-TLS port', tlsOrHttpComplete, hex('16 0301 0001 01'), true],
  ['HTTP on an HTTP-or-TLS port', tlsOrHttpComplete, Buffer.from('GET /api HTTP/1.1\r\n\r\n'), true],
  ['MySQL packet short', mysqlPacketComplete, hex('050000 01 01020304'), false],
  ['MySQL packet whole', mysqlPacketComplete, hex('050000 01 0102030405'), true],
  ['TPKT short', tpktComplete, hex('0300 0008 0102 03'), false],
  ['TPKT whole (length counts the header)', tpktComplete, hex('0300 0008 0102 0304'), true],
  ['NBSS short', nbssComplete, hex('00 000003 fe53'), false],
  ['NBSS whole', nbssComplete, hex('00 000003 fe534d'), true],
  ['TDS header only', tdsComplete, hex('12 01 0009 0000 0100'), false],
  ['TDS whole', tdsComplete, hex('12 01 0009 0000 0100 ff'), true],
  ['MongoDB short', mongoComplete, hex('08000000 0000'), false],
  ['MongoDB whole', mongoComplete, hex('08000000 00000000'), true],
  ['postgres SSLRequest', postgresStartupComplete, hex('00000008 04d2162f'), true],
  ['postgres startup short', postgresStartupComplete, hex('00000009 0003'), false],
  ['kerberos short', kerberosTcpComplete, hex('00000002 6a'), false],
  ['kerberos whole', kerberosTcpComplete, hex('00000002 6a00'), true],
  ['DNS over TCP whole', dnsTcpComplete, hex('0002 abcd'), true],
  ['DNS over TCP short', dnsTcpComplete, hex('0003 abcd'), false],
  ['Modbus short', modbusComplete, hex('0001 0000 0006 01 03 0000'), false],
  ['Modbus whole', modbusComplete, hex('0001 0000 0006 01 03 0000 000a'), true],
  ['BER short form whole', berSequenceComplete, hex('30 03 020101'), true],
  ['BER short form short', berSequenceComplete, hex('30 04 020101'), false],
  ['BER long form whole', berSequenceComplete, hex('30 81 03 020101'), true],
  ['BER long form short', berSequenceComplete, hex('30 82 0004 020101'), false],
  ['BER indefinite length never completes', berSequenceComplete, hex('30 80 0000'), false],
  ['MQTT one-byte length whole', mqttPacketComplete, hex('10 02 0000'), true],
  ['MQTT two-byte length short', mqttPacketComplete, hex('10 8001 00'), false],
  ['MQTT length unfinished', mqttPacketComplete, hex('10 80'), false],
];

describe('first-message framing', () => {
  it.each(cases)('%s', (_name, complete, bytes, expected) => {
    expect(complete(bytes)).toBe(expected);
  });

  it('never throws on short or hostile input', () => {
    const inputs = [Buffer.alloc(0), hex('ff'), hex('ffffffff'), hex('30 ff ffffffff'), hex('10 ffffffffff')];
    for (const complete of new Set(cases.map((c) => c[1]))) {
      for (const input of inputs) expect(() => complete(input)).not.toThrow();
    }
  });
});
