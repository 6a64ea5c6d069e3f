import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headerCasing, httpQuirks, toolGuess, VOLATILE_HEADERS } from './http-quirks.js';
import { extractBounties } from './index.js';
import { headersJson, logRecord } from './testing.js';
import { NO_TRUSTED_PROXIES } from './trusted-proxies.js';

const opts = { trustedProxies: NO_TRUSTED_PROXIES };
const sha16 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const headers = (...names: string[]) => names.map((name) => ({ name, value: 'v' }));

describe('headerCasing', () => {
  it.each([
    ['Host', 'title'],
    ['User-Agent', 'title'],
    ['X-Api-Key', 'title'], // single-letter token counts as title
    ['X-Requested-With', 'title'],
    ['Sec-Ch-Ua-Platform', 'title'],
    ['Content-Md5', 'title'],
    ['host', 'lower'],
    ['user-agent', 'lower'],
    ['x-1', 'lower'],
    ['HOST', 'upper'],
    ['DNT', 'upper'],
    ['X', 'upper'], // all letters upper: upper wins over title
    ['X-ID', 'upper'],
    ['Content-type', 'mixed'],
    ['X-API-Key', 'mixed'],
    ['userAgent', 'mixed'],
    ['-Host', 'mixed'], // an empty token is not title case
    ['123', 'mixed'],
    ['', 'empty'],
  ])('%j is %s', (name, casing) => {
    expect(headerCasing(name)).toBe(casing);
  });
});

describe('toolGuess', () => {
  it.each([
    [['host', 'user-agent', 'accept'], 'curl'],
    [['host', 'user-agent', 'accept', 'x-extra'], 'curl'],
    [['host', 'user-agent', 'accept-encoding', 'accept', 'connection'], 'python-requests'],
    [['host', 'user-agent', 'accept-encoding', 'accept', 'connection', 'x'], 'python-requests'],
    [['host', 'user-agent', 'accept-encoding'], 'go-http-client'],
    [['host', 'user-agent', 'accept-encoding', 'accept'], 'go-http-client'], // python-requests needs connection
    [['host', 'user-agent'], 'nmap-nse'],
    [['host', 'user-agent', 'connection'], 'nmap-nse'],
    [['user-agent', 'host'], null],
    [['host'], null],
    [[], null],
  ])('%j → %s', (names, tool) => {
    expect(toolGuess(names)).toBe(tool);
  });
});

describe('httpQuirks', () => {
  it('hashes lower-cased stable names and their casings', () => {
    const quirks = httpQuirks(headers('Host', 'User-Agent', 'Accept', 'Cookie', 'Content-Length'));
    expect(quirks).toEqual({
      order_hash: sha16('host\nuser-agent\naccept'),
      order: ['host', 'user-agent', 'accept'],
      casing_hash: sha16('title\ntitle\ntitle'),
      casing_category: 'title',
      stable_count: 3,
      tool_guess: 'curl',
    });
  });

  it('drops every volatile header, in any casing', () => {
    const volatile = [...VOLATILE_HEADERS].map((name) => name.toUpperCase());
    expect(httpQuirks(headers('Host', ...volatile, 'user-agent')).order).toEqual(['host', 'user-agent']);
  });

  it.each([
    ['title', ['Host', 'X-Api-Key'], 'title'],
    ['lower', ['host', 'accept'], 'lower'],
    ['upper', ['HOST', 'ACCEPT'], 'upper'],
    ['mixed across headers', ['Host', 'accept'], 'mixed'],
    ['mixed within one header', ['Content-type'], 'mixed'],
    ['empty name', [''], 'empty'],
    ['no stable headers', ['Cookie', 'Authorization'], 'empty'],
  ])('casing_category %s', (_name, names, category) => {
    expect(httpQuirks(headers(...names)).casing_category).toBe(category);
  });

  it('gives the same hashes for the same order and casing, different ones otherwise', () => {
    const a = httpQuirks(headers('Host', 'Accept'));
    expect(httpQuirks(headers('Host', 'Accept')).order_hash).toBe(a.order_hash);
    expect(httpQuirks(headers('Accept', 'Host')).order_hash).not.toBe(a.order_hash);
    expect(httpQuirks(headers('host', 'accept')).order_hash).toBe(a.order_hash);
    expect(httpQuirks(headers('host', 'accept')).casing_hash).not.toBe(a.casing_hash);
  });
});

describe('http_quirks bounty', () => {
  const wire = headersJson([
    ['Host', 'web-01'],
    ['User-Agent', 'python-requests/2.31.0'],
    ['Accept-Encoding', 'gzip, deflate'],
    ['Accept', '*/*'],
    ['Connection', 'keep-alive'],
  ]);

  it.each([['http'], ['https']])('fires for service %s', (service) => {
    const bounty = extractBounties(logRecord({ service, fields: { headers: wire } }), opts).find(
      (b) => b.fingerprintType === 'http_quirks',
    );
    expect(bounty).toMatchObject({
      bountyType: 'fingerprint',
      attackerIp: '198.51.100.7',
      payload: { fingerprint_type: 'http_quirks', stable_count: 5, tool_guess: 'python-requests' },
    });
  });

  it.each([
    ['another service', { service: 'smtp', fields: { headers: wire } }],
    ['no headers', { fields: {} }],
    ['empty headers', { fields: { headers: '{}' } }],
    ['malformed headers', { fields: { headers: '{"Host": ' } }],
  ])('does not fire for %s', (_name, overrides) => {
    const bounties = extractBounties(logRecord(overrides), opts);
    expect(bounties.filter((b) => b.fingerprintType === 'http_quirks')).toEqual([]);
  });
});
