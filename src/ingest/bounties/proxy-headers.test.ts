import { describe, expect, it } from 'vitest';
import { extractBounties } from './index.js';
import { formatIp } from './ip-address.js';
import { forwardedFor, hostIp, leftmostForwardedIp } from './proxy-headers.js';
import { headersJson, logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES, parseTrustedProxies } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };
const SOURCE = '198.51.100.7';

function proxyBounties(
  headers: Record<string, string>,
  overrides: Parameters<typeof logRecord>[0] = {},
  o = opts,
) {
  const record = logRecord({ fields: { headers: headersJson(headers) }, ...overrides });
  return extractBounties(record, o).filter(
    (b) => b.bountyType === 'ip_leak' || b.fingerprintType === 'spoofed_source',
  );
}

const text = (ip: ReturnType<typeof hostIp>) => (ip === null ? null : formatIp(ip));

describe('claimed IP parsing', () => {
  it.each([
    ['for=203.0.114.1', '203.0.114.1'],
    ['For=203.0.114.1;proto=https', '203.0.114.1'],
    ['by=10.0.0.1;for=203.0.114.1', '203.0.114.1'],
    ['for="203.0.114.1:8080"', '203.0.114.1'],
    ['for=203.0.114.1:8080', '203.0.114.1'],
    ['for="[2001:db8::1]:443"', '2001:db8::1'],
    ['for="[2001:db8::1]"', '2001:db8::1'],
    ['for="2001:db8::1"', '2001:db8::1'],
    ['for=unknown, for=203.0.114.1', null], // the first for= names no IP
    ['for="_hidden"', null],
    ['proto=https', null],
    ['for=', null],
    ['xfor=203.0.114.1', null],
    ['for = 203.0.114.1 , for=198.51.100.9', '203.0.114.1'],
  ])('Forwarded %j → %s', (value, expected) => {
    expect(text(forwardedFor(value))).toBe(expected);
  });

  it.each([
    ['203.0.114.1', '203.0.114.1'],
    ['203.0.114.1, 10.0.0.1', '203.0.114.1'],
    ['unknown, 203.0.114.1, 10.0.0.1', '203.0.114.1'],
    [' 2001:db8::5 ,10.0.0.1', '2001:db8::5'],
    ['[2001:db8::5]:1234', '2001:db8::5'],
    ['203.0.114.1:5555', '203.0.114.1'],
    ['garbage, more garbage', null],
    ['', null],
  ])('X-Forwarded-For %j → %s', (value, expected) => {
    expect(text(leftmostForwardedIp(value))).toBe(expected);
  });

  it.each([
    ['2001:db8::1', '2001:db8::1'], // a bare IPv6 ending in digits is not split as host:port
    ['"10.1.1.1"', '10.1.1.1'],
    ['[::1]:80', '::1'],
    ['[::1]x', null],
    ['[::1', null],
    ['10.1.1.1:99999', null],
    ['host.example:80', null],
  ])('single IP %j → %s', (value, expected) => {
    expect(text(hostIp(value))).toBe(expected);
  });
});

describe('ip_leak / spoofed_source bounties', () => {
  it('reports a public claim as an ip_leak', () => {
    expect(proxyBounties({ 'X-Forwarded-For': '8.8.8.8, 10.0.0.1' })).toEqual([
      {
        bountyType: 'ip_leak',
        fingerprintType: null,
        attackerIp: SOURCE,
        payload: {
          source_ip: SOURCE,
          real_ip_claim: '8.8.8.8',
          source_header: 'X-Forwarded-For',
          headers_seen: { 'X-Forwarded-For': '8.8.8.8, 10.0.0.1' },
        },
      },
    ]);
  });

  it('reports a non-public claim as a spoofed_source fingerprint', () => {
    expect(proxyBounties({ 'X-Real-IP': '127.0.0.1' })).toEqual([
      {
        bountyType: 'fingerprint',
        fingerprintType: 'spoofed_source',
        attackerIp: SOURCE,
        payload: {
          fingerprint_type: 'spoofed_source',
          source_ip: SOURCE,
          claimed_ip: '127.0.0.1',
          source_header: 'X-Real-IP',
          headers_seen: { 'X-Real-IP': '127.0.0.1' },
          claim_category: 'loopback',
        },
      },
    ]);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['fd12::1', 'private'],
    ['169.254.169.254', 'link_local'],
    ['fe80::1', 'link_local'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
  ])('claim %s → claim_category %s', (claim, category) => {
    const [bounty] = proxyBounties({ 'True-Client-IP': claim });
    expect(bounty?.fingerprintType).toBe('spoofed_source');
    expect(bounty?.payload.claim_category).toBe(category);
  });

  it.each([
    ['Forwarded', 'for=8.8.8.8'],
    ['X-Forwarded-For', '8.8.8.8'],
    ['X-Real-IP', '8.8.8.8'],
    ['True-Client-IP', '8.8.8.8'],
    ['CF-Connecting-IP', '8.8.8.8'],
    ['x-forwarded-for', '8.8.8.8'],
    ['CF-CONNECTING-IP', '8.8.8.8'],
    ['forwarded', 'for=8.8.8.8'],
  ])('reads %s (any casing) and names it canonically', (name, value) => {
    const [bounty] = proxyBounties({ [name]: value });
    expect(bounty?.bountyType).toBe('ip_leak');
    expect(bounty?.payload.source_header?.toString().toLowerCase()).toBe(name.toLowerCase());
    expect(bounty?.payload.headers_seen).toEqual({ [bounty?.payload.source_header as string]: value });
  });

  it('uses a bracketed IPv6 Forwarded claim with a port', () => {
    const [bounty] = proxyBounties({ Forwarded: 'for="[2606:4700::1111]:443";proto=https' });
    expect(bounty?.payload).toMatchObject({ real_ip_claim: '2606:4700::1111', source_header: 'Forwarded' });
  });

  const ALL = {
    'CF-Connecting-IP': '1.0.0.5',
    'True-Client-IP': '1.0.0.4',
    'X-Real-IP': '1.0.0.3',
    'X-Forwarded-For': '1.0.0.2',
    Forwarded: 'for=1.0.0.1',
  };

  it.each([
    ['Forwarded', '1.0.0.1'],
    ['X-Forwarded-For', '1.0.0.2'],
    ['X-Real-IP', '1.0.0.3'],
    ['True-Client-IP', '1.0.0.4'],
    ['CF-Connecting-IP', '1.0.0.5'],
  ])('priority: %s wins over every header after it, whatever the wire order', (winner, ip) => {
    const order = Object.keys(ALL);
    const headers = Object.fromEntries(
      order.slice(0, order.indexOf(winner) + 1).map((name) => [name, ALL[name as keyof typeof ALL]]),
    );
    const [bounty] = proxyBounties(headers);
    expect(bounty?.payload).toMatchObject({ source_header: winner, real_ip_claim: ip });
    expect(Object.keys(bounty?.payload.headers_seen as object)).toHaveLength(Object.keys(headers).length);
  });

  it('lists headers_seen in priority order with raw values', () => {
    const [bounty] = proxyBounties({ 'X-Real-IP': '1.0.0.3', Forwarded: 'for="[::1]"' });
    // Forwarded names ::1 (loopback), so it is the claim; both raw values are kept.
    expect(bounty?.payload).toMatchObject({
      claimed_ip: '::1',
      source_header: 'Forwarded',
      headers_seen: { Forwarded: 'for="[::1]"', 'X-Real-IP': '1.0.0.3' },
    });
  });

  it('falls through a header that names no IP to the next one', () => {
    const [bounty] = proxyBounties({ Forwarded: 'for=unknown', 'X-Real-IP': '8.8.4.4' });
    expect(bounty?.payload).toMatchObject({ source_header: 'X-Real-IP', real_ip_claim: '8.8.4.4' });
  });

  it.each([
    ['the source itself', SOURCE, SOURCE],
    ['the source, IPv4-mapped', `::ffff:${SOURCE}`, SOURCE],
    ['the source, in another IPv6 spelling', '2606:4700:0:0::1', '2606:4700::1'],
  ])('ignores a claim equal to %s', (_name, claim, source) => {
    expect(proxyBounties({ 'X-Forwarded-For': claim }, { attackerIp: source })).toEqual([]);
  });

  it.each([['https'], ['http']])('fires for service %s', (service) => {
    expect(proxyBounties({ 'X-Real-IP': '8.8.8.8' }, { service })).toHaveLength(1);
  });

  it.each([['ssh'], ['smtp'], [null]])('does not fire for service %s', (service) => {
    expect(proxyBounties({ 'X-Real-IP': '8.8.8.8' }, { service })).toEqual([]);
  });

  it.each([
    ['by IP', ['198.51.100.7']],
    ['by CIDR', ['198.51.100.0/24']],
    ['by IPv6 CIDR, source IPv6', ['2001:db8:aa::/48']],
  ])('exempts a trusted proxy %s', (name, list) => {
    const source = name.includes('IPv6') ? '2001:db8:aa::10' : SOURCE;
    const trusted = { trustedProxies: parseTrustedProxies(list) };
    expect(proxyBounties({ 'X-Forwarded-For': '8.8.8.8' }, { attackerIp: source }, trusted)).toEqual([]);
    // The same request from outside the trusted set is reported.
    expect(
      proxyBounties({ 'X-Forwarded-For': '8.8.8.8' }, { attackerIp: '192.0.2.1' }, trusted),
    ).toHaveLength(1);
  });

  it('ignores requests without proxy headers or with unusable ones', () => {
    expect(proxyBounties({ Host: 'x' })).toEqual([]);
    expect(proxyBounties({ 'X-Forwarded-For': 'nope', Forwarded: 'proto=https' })).toEqual([]);
  });
});
