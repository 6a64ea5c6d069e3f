import { describe, expect, it } from 'vitest';
import { distro as distroNamed } from '../../../fabric/catalogue/distros.js';
import { COMMANDS } from './index.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { testShell } from './testing.js';

const LINUX_DISTROS = [
  'debian12',
  'ubuntu22',
  'ubuntu20',
  'rocky9',
  'centos7',
  'fedora39',
  'kali',
  'arch',
  'alpine319',
  'busybox',
];

/** Arguments attackers and fuzzers throw at programs: help, bad options, odd paths, junk. */
const ODD_ARGVS: readonly (readonly string[])[] = [
  [],
  ['--help'],
  ['--version'],
  ['-z'],
  ['--bogus-option'],
  ['-'],
  ['--'],
  ['/nonexistent/path'],
  ['/etc/passwd'],
  ['/dev/urandom'],
  ['/proc'],
  ['-n', '-1'],
  ['-c', '99999999999999999999'],
  ['\u0000\u00ff\ud800'],
  ['a'.repeat(5000)],
  ['[', '(', '{', '\\'],
  ['-rf', '/'],
  ['%s%n%x', '$(id)', '`id`'],
];

describe('the command registry', () => {
  it('holds at least 60 distinct programs, each with an absolute path', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(60);
    for (const c of COMMANDS) expect(c.path).toMatch(/^\/\S+$/);
  });

  it.each(LINUX_DISTROS)(
    '%s: every available program is an executable file on the PATH or at its path',
    (distro) => {
      expect(distroNamed(distro)).toBeDefined();
      const sh = testShell({ distro, archetype: distro === 'busybox' ? 'ip-camera' : 'web-server' });
      const available = COMMANDS.filter((c) => !c.availableOn || c.availableOn(sh.machine.distro));
      // On BusyBox userlands an applet is a link to /bin/busybox wherever that build puts it.
      const missing = available.filter(
        (c) => sh.fs.stat(c.path)?.type !== 'file' && sh.which(c.name) === null,
      );
      expect(missing.map((c) => c.path)).toEqual([]);
      for (const c of available) expect(sh.fs.stat(sh.which(c.name) ?? c.path)?.type).toBe('file');
    },
  );
});

describe.each(['debian12', 'ubuntu22', 'rocky9', 'alpine319', 'busybox'])(
  '%s: programs survive odd input',
  (distro) => {
    it('never throws, always returns a status, and bounds its output', async () => {
      const base = testShell({ distro, archetype: distro === 'busybox' ? 'ip-camera' : 'web-server' });
      const available = COMMANDS.filter((c) => !c.availableOn || c.availableOn(base.machine.distro));
      for (const spec of available) {
        for (const user of ['root', 'nobody']) {
          const sh = testShell({ distro, base: base.base, user });
          for (const args of ODD_ARGVS) {
            const argv = [spec.name, ...args];
            const shown = argv.join(' ').slice(0, 80);
            let result: { stdout: string; stderr: string; status: number };
            try {
              result = await sh.run(argv, Buffer.from('line one\n\u0000binary\xff\nline three\n'));
            } catch (err) {
              throw new Error(`${distro}: ${shown} as ${user} threw ${String(err)}`);
            }
            expect(Number.isInteger(result.status), shown).toBe(true);
            expect(result.status).toBeGreaterThanOrEqual(0);
            expect(result.status).toBeLessThanOrEqual(255);
            expect(result.stdout.length, shown).toBeLessThanOrEqual(COMMAND_LIMITS.maxOutputBytes);
            expect(result.stderr.length, shown).toBeLessThan(1 << 20);
          }
        }
      }
    }, 120_000);
  },
);
