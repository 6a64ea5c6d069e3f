import { describe, expect, it } from 'vitest';
import { formatIp, parseIp, parsePrefix, prefixContains } from './ip-address.js';

describe('parseIp / formatIp', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed (RFC 5952 §4.2.2)
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest zero run is compressed
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of equal runs
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:198.51.100.7', '198.51.100.7'], // IPv4-mapped folds to IPv4
    ['::ffff:c633:6407', '198.51.100.7'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s → %s', (text, canonical) => {
    const ip = parseIp(text);
    expect(ip).not.toBeNull();
    expect(formatIp(ip!)).toBe(canonical);
  });

  it.each([
    '',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.4 ',
    'localhost',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1::2::3',
    ':1::',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '12345::',
    'fe80::1%',
    '%eth0',
    '[::1]',
    `${'1:'.repeat(40)}1`,
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe('parsePrefix / prefixContains', () => {
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.1.2.3/8', '10.9.9.9', true], // host bits are ignored
    ['198.51.100.7', '198.51.100.7', true],
    ['198.51.100.7', '198.51.100.8', false],
    ['0.0.0.0/0', '203.0.113.1', true],
    ['0.0.0.0/0', '2001:db8::1', false], // families never match each other
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::ffff:10.0.0.0/104', '10.1.1.1', true], // mapped prefix becomes 10.0.0.0/8
    ['10.0.0.0/8', '::ffff:10.1.1.1', true], // mapped address matches IPv4 prefix
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(prefixContains(parsePrefix(cidr)!, parseIp(address)!)).toBe(expected);
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/x',
    'fe80::/10%eth0',
    '::ffff:10.0.0.0/90',
    'x/8',
  ])('rejects %j', (text) => {
    expect(parsePrefix(text)).toBeNull();
  });
});
