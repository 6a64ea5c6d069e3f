import { describe, expect, it } from 'vitest';
import { ARCHETYPES, archetype, SERVICE_SLUGS } from './archetypes.js';
import { DISTROS, distro } from './distros.js';
import { isKnownHostnamePattern } from './hostnames.js';
import { OS_PROFILES, osProfile } from './os-profiles.js';

const REQUIRED_ARCHETYPES = [
  'linux-server',
  'web-server',
  'windows-workstation',
  'windows-server',
  'domain-controller',
  'database-server',
  'mail-server',
  'file-server',
  'printer',
  'router',
  'ip-camera',
  'plc',
  'nas',
  'dev-box',
  'jump-host',
];

const REFERENCE_DISTROS = [
  'debian12',
  'ubuntu22',
  'ubuntu20',
  'rocky9',
  'centos7',
  'alpine319',
  'fedora39',
  'kali',
  'arch',
];

function familyOf(profileName: string): string | undefined {
  return osProfile(profileName)?.family;
}

describe('catalogue names', () => {
  it.each([
    ['OS profiles', OS_PROFILES.map((p) => p.name)],
    ['distros', DISTROS.map((d) => d.name)],
    ['archetypes', ARCHETYPES.map((a) => a.name)],
  ])('%s have unique names', (_, names) => {
    expect(new Set(names).size).toBe(names.length);
  });

  it('has every archetype the fleet builder and deploy files name', () => {
    for (const name of REQUIRED_ARCHETYPES) expect(archetype(name), name).toBeDefined();
    expect(ARCHETYPES.length).toBeGreaterThanOrEqual(15);
  });

  it("has the reference's Linux distros", () => {
    for (const name of REFERENCE_DISTROS) expect(distro(name)?.osProfile, name).toBe('linux');
  });

  it('looks up unknown names as undefined rather than throwing', () => {
    expect(osProfile('amiga')).toBeUndefined();
    expect(distro('amiga')).toBeUndefined();
    expect(archetype('amiga')).toBeUndefined();
  });
});

describe('OS profiles', () => {
  it('keeps the ttl field and the TTL sysctl in step', () => {
    for (const p of OS_PROFILES) expect(p.sysctls['net.ipv4.ip_default_ttl'], p.name).toBe(String(p.ttl));
  });

  it.each([
    ['linux', 64],
    ['bsd', 64],
    ['windows', 128],
    ['windows_server', 128],
    ['embedded', 255],
    ['cisco', 255],
  ])('%s starts at TTL %i', (name, ttl) => {
    expect(osProfile(name)?.ttl).toBe(ttl);
  });

  it('gives Windows no TCP timestamps, and the server edition ECN where the workstation has none', () => {
    expect(osProfile('windows')?.sysctls['net.ipv4.tcp_timestamps']).toBe('0');
    expect(osProfile('windows')?.sysctls['net.ipv4.tcp_ecn']).toBe('0');
    expect(osProfile('windows_server')?.sysctls['net.ipv4.tcp_ecn']).toBe('1');
  });

  it('sets the same knobs in every profile, so switching profiles leaves nothing behind', () => {
    const keys = Object.keys(osProfile('linux')!.sysctls).sort();
    for (const p of OS_PROFILES) expect(Object.keys(p.sysctls).sort(), p.name).toEqual(keys);
  });

  it('only names per-namespace sysctls under net.ipv4, with values sysctl -w accepts', () => {
    for (const p of OS_PROFILES) {
      for (const [key, value] of Object.entries(p.sysctls)) {
        expect(key).toMatch(/^net\.ipv4\.[a-z_]+$/);
        expect(value).toMatch(/^\d+( \d+)*$/);
      }
    }
  });
});

describe('distros', () => {
  it('all point at an existing OS profile', () => {
    for (const d of DISTROS) expect(osProfile(d.osProfile), `${d.name} → ${d.osProfile}`).toBeDefined();
  });

  // RFC 4253 §4.2 bars '-' inside softwareversion, but real servers (Cisco's "Cisco-1.25") send it.
  it('send well-formed SSH identification strings (RFC 4253 §4.2)', () => {
    for (const d of DISTROS) {
      expect(d.sshBanner, d.name).toMatch(/^SSH-2\.0-[\x21-\x7e]+( [\x20-\x7e]+)?$/);
      expect(d.sshBanner.length + 2).toBeLessThanOrEqual(255);
    }
  });

  it('give Linux and BSD systems an os-release whose ID matches the family, and others none', () => {
    for (const d of DISTROS) {
      const family = familyOf(d.osProfile);
      if (family === 'linux' || family === 'bsd' || d.name === 'busybox') {
        expect(d.filesystem.osRelease, d.name).toMatch(/^ID="?[a-z]+"?$/m);
        expect(d.filesystem.osRelease.endsWith('\n'), d.name).toBe(true);
        expect(d.filesystem.shell, d.name).toMatch(/^\//);
      } else {
        expect(d.filesystem.osRelease, d.name).toBe('');
      }
    }
  });
});

describe('archetypes', () => {
  it('point at existing OS profiles and distros', () => {
    for (const a of ARCHETYPES) {
      expect(osProfile(a.osProfile), `${a.name} → ${a.osProfile}`).toBeDefined();
      expect(a.distros.length, a.name).toBeGreaterThan(0);
      for (const d of a.distros) expect(distro(d), `${a.name} → ${d}`).toBeDefined();
    }
  });

  it('only offer distros of their own OS family', () => {
    for (const a of ARCHETYPES) {
      for (const d of a.distros) {
        expect(familyOf(distro(d)!.osProfile), `${a.name} → ${d}`).toBe(familyOf(a.osProfile));
      }
    }
  });

  it('use Windows fingerprints for Windows roles and Linux for the Linux server', () => {
    for (const name of ['windows-workstation', 'windows-server', 'domain-controller']) {
      expect(osProfile(archetype(name)!.osProfile)?.ttl, name).toBe(128);
    }
    expect(archetype('windows-workstation')?.osProfile).toBe('windows');
    expect(archetype('windows-server')?.osProfile).toBe('windows_server');
    expect(archetype('domain-controller')?.osProfile).toBe('windows_server');
    expect(osProfile(archetype('linux-server')!.osProfile)?.ttl).toBe(64);
  });

  it('list known service slugs, each once', () => {
    const known = new Set<string>(SERVICE_SLUGS);
    for (const a of ARCHETYPES) {
      expect(a.services.length, a.name).toBeGreaterThan(0);
      expect(new Set(a.services).size, a.name).toBe(a.services.length);
      for (const s of a.services) expect(known.has(s), `${a.name} → ${s}`).toBe(true);
    }
  });

  it('name hosts with patterns the hostname module understands', () => {
    for (const a of ARCHETYPES) {
      expect(a.hostnamePatterns.length, a.name).toBeGreaterThan(0);
      for (const p of a.hostnamePatterns) expect(isKnownHostnamePattern(p), `${a.name}: ${p}`).toBe(true);
    }
  });
});
