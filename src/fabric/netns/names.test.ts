import { describe, expect, it } from 'vitest';
import {
  bridgeName,
  hostLinkName,
  installationTag,
  isInstallationBridge,
  isInstallationHostLink,
  isInstallationNamespace,
  namespaceName,
  parseNamespaceName,
} from './names.js';

describe('installation names', () => {
  it('derives a stable 4-hex tag from the home path', () => {
    const tag = installationTag('/var/lib/decnet');
    expect(tag).toMatch(/^[0-9a-f]{4}$/);
    expect(installationTag('/var/lib/decnet')).toBe(tag);
    expect(installationTag('/var/lib/decnet2')).not.toBe(tag);
  });

  it('names namespaces decnet-<tag>-<decky> and parses them back', () => {
    expect(namespaceName('0a1b', 'web-01')).toBe('decnet-0a1b-web-01');
    expect(parseNamespaceName('decnet-0a1b-web-01')).toEqual({ tag: '0a1b', decky: 'web-01' });
    expect(parseNamespaceName('decnet-0a1b')).toBeNull();
    expect(parseNamespaceName('other-0a1b-web')).toBeNull();
  });

  it('keeps link names within IFNAMSIZ and stable across calls', () => {
    const longest = 'x'.repeat(40);
    expect(bridgeName('ffff')).toBe('dnbffff');
    expect(hostLinkName('ffff', longest).length).toBeLessThanOrEqual(15);
    expect(hostLinkName('ffff', longest)).toMatch(/^dnffff[0-9a-f]{9}$/);
    expect(hostLinkName('ffff', 'web-01')).toBe(hostLinkName('ffff', 'web-01'));
    expect(hostLinkName('ffff', 'web-01')).not.toBe(hostLinkName('ffff', 'web-02'));
  });

  it.each(['a;reboot', '../x', 'a b', '', '-x', '_x', 'a\nb', 'a/b', 'é', 'x'.repeat(41)])(
    'rejects decky name %j before any command runs',
    (decky) => {
      expect(() => namespaceName('0a1b', decky)).toThrow(/invalid decky name/);
      expect(() => hostLinkName('0a1b', decky)).toThrow(/invalid decky name/);
    },
  );

  it.each(['ABCD', 'abc', 'abcde', 'ghij', '../a'])('rejects tag %j', (tag) => {
    expect(() => namespaceName(tag, 'web')).toThrow(/invalid installation tag/);
    expect(() => bridgeName(tag)).toThrow(/invalid installation tag/);
  });

  it("tells an installation's objects from another's even when a tag starts with b", () => {
    // dnb123 + 9 hex is a host link of tag b123; dnb123 + 1 char would be a bridge of tag 123x.
    const link = hostLinkName('b123', 'web');
    expect(isInstallationHostLink('b123', link)).toBe(true);
    expect(isInstallationBridge('123a', link)).toBe(false);
    expect(isInstallationHostLink('b123', bridgeName('b123'))).toBe(false);
    expect(isInstallationHostLink('b123', 'dnb1230')).toBe(false);
    expect(isInstallationNamespace('b123', 'decnet-b123-web')).toBe(true);
    expect(isInstallationNamespace('b123', 'decnet-b1234-web')).toBe(false);
  });
});
