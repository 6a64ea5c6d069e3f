import { describe, expect, it } from 'vitest';
import { DISTROS } from '../../fabric/catalogue/distros.js';
import { testPersona } from '../testing.js';
import { deckyIdent, judgeClientIdent, rejectionLine, serverSoftware } from './identification.js';

describe('deckyIdent', () => {
  it("is the distro's sshBanner for every distro in the catalogue", () => {
    for (const d of DISTROS) expect(deckyIdent(testPersona({ distro: d.name }))).toBe(d.sshBanner);
  });

  it('is a stock OpenSSH ident, stable per decky, for a distro the catalogue does not know', () => {
    const persona = testPersona({ distro: 'nope' });
    expect(deckyIdent(persona)).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(deckyIdent(persona)).toBe(deckyIdent(persona));
  });
});

describe('serverSoftware', () => {
  it.each([
    ['SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', { family: 'openssh', version: 809 }],
    ['SSH-2.0-OpenSSH_7.4', { family: 'openssh', version: 704 }],
    ['SSH-2.0-OpenSSH_9.7 FreeBSD-20240318', { family: 'openssh', version: 907 }],
    ['SSH-2.0-OpenSSH_for_Windows_8.1', { family: 'openssh', version: 801 }],
    ['SSH-2.0-dropbear_2022.83', { family: 'dropbear', version: 202283 }],
    ['SSH-2.0-Cisco-1.25', { family: 'cisco', version: 0 }],
    ['SSH-2.0-Go', { family: 'other', version: 0 }],
  ])('reads %s', (ident, software) => {
    expect(serverSoftware(ident)).toEqual(software);
  });
});

describe('judgeClientIdent', () => {
  it.each([
    ['SSH-2.0-OpenSSH_9.2p1', 'ssh2'],
    ['SSH-1.99-PuTTY', 'ssh2'],
    ['SSH-1.5-OldClient', 'version_mismatch'],
    ['SSH-3.0-x', 'version_mismatch'],
    ['SSH-2.0-', 'invalid'],
    ['SSH-2.0', 'invalid'],
    ['SSH-x.y-z', 'invalid'],
  ])('judges %s as %s', (ident, verdict) => {
    expect(judgeClientIdent(ident)).toBe(verdict);
  });
});

describe('rejectionLine', () => {
  it.each([
    [809, 'invalid', 'Invalid SSH identification string.\r\n'],
    [800, 'invalid', 'Invalid SSH identification string.\r\n'],
    [799, 'invalid', 'Protocol mismatch.\n'],
    [704, 'invalid', 'Protocol mismatch.\n'],
    [809, 'version_mismatch', 'Protocol major versions differ.\r\n'],
    [704, 'version_mismatch', 'Protocol major versions differ.\n'],
  ] as const)('OpenSSH %i answers a client judged %s with its own line', (version, verdict, text) => {
    expect(rejectionLine({ family: 'openssh', version }, verdict)?.toString()).toBe(text);
  });

  it('is nothing for dropbear and IOS, which close without a word', () => {
    expect(rejectionLine({ family: 'dropbear', version: 202283 }, 'invalid')).toBeNull();
    expect(rejectionLine({ family: 'cisco', version: 0 }, 'invalid')).toBeNull();
  });
});
