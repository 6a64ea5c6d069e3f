import { describe, expect, it } from 'vitest';
import { distro } from '../../fabric/catalogue/distros.js';
import { testPersona } from '../testing.js';
import { LINUX_SSH_IDENTS, sshGreeting, sshIdent, WINDOWS_SSH_IDENTS } from './ssh.js';

const catalogue = (name: string) => distro(name)?.sshBanner;

describe('SSH greeting', () => {
  it('is an OpenSSH ident line ending in CRLF (RFC 4253 §4.2)', () => {
    const greeting = sshGreeting(testPersona({ distro: 'not-in-the-catalogue' })).toString('latin1');
    expect(greeting).toMatch(/^SSH-2\.0-OpenSSH_[\x21-\x7e]+( [\x20-\x7e]+)?\r\n$/);
    expect(greeting.length).toBeLessThanOrEqual(255);
  });

  it("is the distro catalogue's ident when it has the distro", () => {
    expect(sshIdent(testPersona({ distro: 'ubuntu22' }), catalogue)).toBe(
      'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10',
    );
  });

  it('is the same for the same persona seed, and varies across a fleet', () => {
    const unknown = { distro: 'unknown' };
    expect(sshIdent(testPersona({ ...unknown, seed: 99 }))).toBe(
      sshIdent(testPersona({ ...unknown, seed: 99 })),
    );
    const fleet = new Set(
      Array.from({ length: 50 }, (_, seed) => sshIdent(testPersona({ ...unknown, seed }))),
    );
    expect(fleet.size).toBeGreaterThan(3);
    for (const ident of fleet) expect(LINUX_SSH_IDENTS).toContain(ident);
  });

  it('is a Win32-OpenSSH ident on Windows profiles', () => {
    for (const osProfile of ['windows', 'windows_server']) {
      const ident = sshIdent(testPersona({ distro: 'unknown', osProfile }));
      expect(WINDOWS_SSH_IDENTS).toContain(ident);
      expect(ident).toMatch(/^SSH-2\.0-OpenSSH_for_Windows_/);
    }
  });

  it('ignores a catalogue value that is not an ident line', () => {
    const ident = sshIdent(testPersona(), () => 'SSH-2.0-x\r\nHTTP/1.1 200');
    expect(LINUX_SSH_IDENTS).toContain(ident);
    expect(sshIdent(testPersona(), () => 'not ssh')).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(sshIdent(testPersona({ distro: 'ios', osProfile: 'cisco' }), catalogue)).toBe(
      'SSH-2.0-Cisco-1.25',
    );
  });
});
