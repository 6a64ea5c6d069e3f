import { describe, expect, it } from 'vitest';
import {
  broadcastOf,
  formatIpv4,
  isNetworkOrBroadcast,
  networkContains,
  parseIpv4,
  parseIpv4Network,
} from './ipv4.js';
import { parseDecimalInt, parsePythonInt } from './numbers.js';

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 0x0a000001],
    ['255.255.255.255', 0xffffffff],
  ])('%s', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.-4',
    '1.2.3.4 ',
    ' 1.2.3.4',
    '::1',
    '1.2.3.0x4',
  ])('refuses %j', (text) => {
    expect(parseIpv4(text)).toBeNull();
  });
});

describe('parseIpv4Network', () => {
  it.each([
    ['0.0.0.0/0', 0, 0xffffffff],
    ['10.0.0.0/8', 8, 0x0affffff],
    ['192.168.1.0/24', 24, 0xc0a801ff],
    ['192.168.1.4/31', 31, 0xc0a80105],
    ['192.168.1.7/32', 32, 0xc0a80107],
  ])('%s', (text, prefix, broadcast) => {
    const parsed = parseIpv4Network(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.network.prefix).toBe(prefix);
    expect(parsed.network.text).toBe(text);
    expect(broadcastOf(parsed.network)).toBe(broadcast);
  });

  it('knows which addresses a network holds and which it reserves', () => {
    const parsed = parseIpv4Network('192.168.1.0/24');
    if (!parsed.ok) throw new Error(parsed.reason);
    const n = parsed.network;
    expect([0, 1, 254, 255].map((h) => isNetworkOrBroadcast(n, 0xc0a80100 + h))).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect(networkContains(n, 0xc0a801ff)).toBe(true);
    expect(networkContains(n, 0xc0a80200)).toBe(false);
    expect(networkContains(n, 0xc0a800ff)).toBe(false);
  });
});

describe('integer grammars', () => {
  it.each([
    ['0', 0],
    [' 42 ', 42],
    ['+7', 7],
    ['-7', -7],
    ['1_000_000', 1_000_000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['9007199254740992', null],
    ['1.0', null],
    ['1__0', null],
    ['1_', null],
    ['', null],
    ['+', null],
    ['٣', null],
  ])('parsePythonInt(%j) = %j', (text, value) => {
    expect(parsePythonInt(text)).toBe(value);
  });

  it.each([
    ['8000', 8000],
    [' 8000 ', 8000],
    ['+8000', null],
    ['-1', null],
    ['1_000', null],
    ['8e3', null],
  ])('parseDecimalInt(%j) = %j', (text, value) => {
    expect(parseDecimalInt(text)).toBe(value);
  });
});
