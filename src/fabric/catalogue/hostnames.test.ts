import { describe, expect, it } from 'vitest';
import { ARCHETYPES, type Archetype, archetype } from './archetypes.js';
import { DISTROS, type Distro, distro } from './distros.js';
import {
  isKnownHostnamePattern,
  MAX_HOSTNAME_LABEL,
  MAX_NETBIOS_NAME,
  makeHostname,
  seededRandom,
  seedOf,
} from './hostnames.js';
import { osProfile } from './os-profiles.js';

const RFC1123_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;
const SEEDS = Array.from({ length: 40 }, (_, i) => seedOf(`fleet-${i}`));
const INDEXES = Array.from({ length: 10 }, (_, i) => i + 1);

function name(a: Archetype | null, d: Distro, index: number, seed: number): string {
  return makeHostname({ archetype: a, distro: d, index, random: seededRandom(seed) });
}

/** Every archetype with each of its distros, plus every distro on its own. */
const CASES: [string, Archetype | null, Distro][] = [
  ...ARCHETYPES.flatMap((a) => a.distros.map((d): [string, Archetype, Distro] => [a.name, a, distro(d)!])),
  ...DISTROS.map((d): [string, null, Distro] => [`(${d.name})`, null, d]),
];

describe('makeHostname', () => {
  it.each(CASES)('%s names are valid RFC 1123 hostnames', (_, a, d) => {
    const family = osProfile(a?.osProfile ?? d.osProfile)!.family;
    for (const seed of SEEDS) {
      for (const index of [...INDEXES, 99, 100, 4321]) {
        const host = name(a, d, index, seed);
        expect(host.length).toBeLessThanOrEqual(253);
        for (const label of host.split('.')) {
          expect(label, host).toMatch(RFC1123_LABEL);
          expect(label.length, host).toBeLessThanOrEqual(MAX_HOSTNAME_LABEL);
        }
        if (family === 'windows') {
          expect(host, host).toMatch(/^[A-Z0-9-]+$/);
          expect(host.length, host).toBeLessThanOrEqual(MAX_NETBIOS_NAME);
        }
        if (family === 'linux' || family === 'bsd') expect(host).toBe(host.toLowerCase());
      }
    }
  });

  it.each(CASES)('%s names are stable for a seed and differ across deckies', (_, a, d) => {
    for (const seed of SEEDS) {
      const names = INDEXES.map((i) => name(a, d, i, seed));
      expect(INDEXES.map((i) => name(a, d, i, seed))).toEqual(names);
      expect(new Set(names).size, names.join(' ')).toBe(names.length);
    }
  });

  it('uses more than one convention across seeds', () => {
    const a = archetype('windows-workstation')!;
    const names = SEEDS.map((seed) => name(a, distro('windows10')!, 7, seed));
    expect(names.some((n) => /^DESKTOP-[A-Z0-9]{7}$/.test(n))).toBe(true);
    expect(names.some((n) => /^WS-[A-Z]+-07$/.test(n))).toBe(true);
  });

  it('appends .localdomain for distros named that way, never for Windows', () => {
    const rocky = distro('rocky9')!;
    expect(name(null, rocky, 3, 1)).toMatch(/^[a-z]+03\.localdomain$/);
    expect(name(archetype('mail-server')!, rocky, 3, 1)).toMatch(/\.localdomain$/);
    expect(name(null, distro('debian12')!, 3, 1)).toMatch(/^[a-z]+-03$/);
    expect(name(archetype('windows-server')!, distro('windows2019')!, 3, 1)).not.toContain('.');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects decky index %s', (index) => {
    expect(() => name(null, distro('debian12')!, index, 1)).toThrow(RangeError);
  });
});

describe('isKnownHostnamePattern', () => {
  it.each([
    ['WS-{DEPT}-{nn}', true],
    ['DESKTOP-{RAND7}', true],
    ['NPI{HEX6}', true],
    ['{pet}', true],
    ['plain-name', true],
    ['{colour}-{nn}', false],
    ['{rand}', false],
    ['{nn3}', false],
    ['web-{nn', false],
    ['web}', false],
  ])('%s → %s', (pattern, known) => {
    expect(isKnownHostnamePattern(pattern)).toBe(known);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs across seeds and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const fromA = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(fromA);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(fromA);
    for (const x of fromA) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('seedOf', () => {
  it('is the first four bytes of SHA-256, big-endian', () => {
    // sha256("abc") = ba7816bf 8f01cfea …
    expect(seedOf('abc')).toBe(0xba7816bf);
    // sha256("") = e3b0c442 98fc1c14 …
    expect(seedOf('')).toBe(0xe3b0c442);
  });
});
