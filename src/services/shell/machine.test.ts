import { describe, expect, it } from 'vitest';
import { macFor } from '../../fabric/mac.js';
import { MACHINE_LIMITS, machineFor } from './machine.js';

const persona = (seed: number, distro = 'debian12', archetype: string | null = 'linux-server') => ({
  name: `decky-${seed}`,
  hostname: 'h',
  ip: '10.9.8.7',
  distro,
  osProfile: 'linux',
  archetype,
  seed,
});
const DAY = 86_400_000;

describe('machineFor', () => {
  it('is the same machine on every call for the same decky', () => {
    const now = Date.UTC(2026, 2, 1);
    expect(machineFor(persona(5), now)).toEqual(machineFor(persona(5), now));
  });

  it('keeps its boot time while time passes, so uptime grows between sessions', () => {
    const t0 = Date.UTC(2026, 2, 1);
    const a = machineFor(persona(5), t0);
    const b = machineFor(persona(5), t0 + 2 * 3_600_000);
    if (b.bootMs === a.bootMs) expect(t0 + 2 * 3_600_000 - b.bootMs).toBeGreaterThan(t0 - a.bootMs);
    expect(a.bootMs).toBeLessThanOrEqual(t0);
    expect(t0 - a.bootMs).toBeLessThanOrEqual(MACHINE_LIMITS.rebootCycleDays.max * DAY + DAY);
    expect(a.bootMs).toBeGreaterThanOrEqual(
      MACHINE_LIMITS.earliestBootMs - MACHINE_LIMITS.rebootCycleDays.max * DAY,
    );
  });

  it('varies hardware between deckies within plausible bounds', () => {
    const machines = Array.from({ length: 40 }, (_, i) => machineFor(persona(i + 1), Date.UTC(2026, 0, 1)));
    expect(new Set(machines.map((m) => m.cpu.model)).size).toBeGreaterThan(2);
    for (const m of machines) {
      expect(m.cpu.cores).toBeGreaterThanOrEqual(1);
      expect(m.cpu.cores).toBeLessThanOrEqual(8);
      expect(m.memoryKiB).toBeGreaterThan(900_000);
      expect(m.disk.usedBlocks).toBeLessThan(m.disk.blocks);
    }
  });

  it('gives firmware deckies an ARM SoC, little memory and eth0', () => {
    const m = machineFor(persona(3, 'busybox', 'ip-camera'), Date.UTC(2026, 0, 1));
    expect(m.cpu.model).toMatch(/^ARMv7/);
    expect(m.memoryKiB).toBeLessThan(600 * 1024);
    expect(m.network.iface).toBe('eth0');
    expect(m.disk.device).toBe('/dev/root');
  });

  it('takes its address from the persona, the MAC from macFor and a gateway in the /24', () => {
    const m = machineFor(persona(8, 'rocky9', 'web-server'), Date.UTC(2026, 0, 1));
    expect(m.network).toMatchObject({
      ip: '10.9.8.7',
      prefixLength: 24,
      gateway: '10.9.8.1',
      mac: macFor('decky-8', 'web-server'),
    });
    expect(machineFor({ ...persona(8), ip: '10.9.8.1' }, 0).network.gateway).toBe('10.9.8.254');
  });
});
