import { describe, expect, it } from 'vitest';
import {
  isTrustedProxy,
  NO_TRUSTED_PROXIES,
  parseTrustedProxies,
  TrustedProxiesError,
} from './trusted-proxies.js';

describe('parseTrustedProxies / isTrustedProxy', () => {
  const trusted = parseTrustedProxies(['198.51.100.7', ' 10.0.0.0/8 ', '', '2001:db8:1::/48', '::1']);

  it.each([
    ['198.51.100.7', true],
    ['198.51.100.8', false],
    ['10.20.30.40', true],
    ['::ffff:10.20.30.40', true],
    ['2001:db8:1::5', true],
    ['2001:db8:2::5', false],
    ['::1', true],
    ['not-an-ip', false],
  ])('%s trusted: %s', (source, expected) => {
    expect(isTrustedProxy(trusted, source)).toBe(expected);
  });

  it('trusts nobody by default', () => {
    expect(isTrustedProxy(NO_TRUSTED_PROXIES, '127.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'proxy.local', '10.0.0.1,10.0.0.2'])('rejects %j naming the entry', (entry) => {
    expect(() => parseTrustedProxies([entry])).toThrow(TrustedProxiesError);
    expect(() => parseTrustedProxies([entry])).toThrow(JSON.stringify(entry));
  });
});
