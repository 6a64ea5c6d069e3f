import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.js';
import { machineFor } from '../machine.js';
import { baseTreeFor } from './base-tree.js';
import { createSessionFs } from './session-fs.js';

const NOW = Date.UTC(2026, 0, 10, 12);

function fsFor(distro: string, seed = 7, archetype: string | null = 'web-server') {
  const machine = machineFor(
    {
      name: `decky-${seed}`,
      hostname: 'node-03',
      ip: '192.168.50.20',
      distro,
      osProfile: 'linux',
      archetype,
      seed,
    },
    NOW,
  );
  return { machine, fs: createSessionFs(baseTreeFor(machine, COMMANDS), { clock: { now: () => NOW } }) };
}

describe('base tree seeding', () => {
  it.each([
    'debian12',
    'ubuntu22',
    'ubuntu20',
    'rocky9',
    'centos7',
    'alpine319',
    'fedora39',
    'kali',
    'arch',
    'busybox',
  ])('%s: os-release, hostname, accounts and a root home', (distro) => {
    const { fs, machine } = fsFor(distro);
    expect(fs.readFile('/etc/os-release').toString()).toBe(machine.distro.filesystem.osRelease);
    expect(fs.readFile('/etc/hostname').toString()).toBe('node-03\n');
    expect(fs.readFile('/etc/passwd').toString()).toMatch(/^root:x:0:0:/);
    for (const user of machine.distro.filesystem.users) {
      if (distro === 'busybox' && user === 'admin') continue;
      expect(fs.readFile('/etc/passwd').toString()).toContain(`\n${user}:x:`);
    }
    expect(fs.stat('/root')).toMatchObject({ type: 'dir', mode: 0o700 });
    expect(fs.stat('/tmp')).toMatchObject({ mode: 0o1777 });
    expect(fs.readFile('/proc/version').toString()).toContain(machine.distro.kernel);
    expect(fs.readFile(`/sys/class/net/${machine.network.iface}/address`).toString()).toBe(
      `${machine.network.mac}\n`,
    );
  });

  it('protects /etc/shadow as each family does: 0640 root:shadow on Debian, 0000 on Red Hat', () => {
    const debian = fsFor('debian12').fs;
    const shadowGid = Number(/^shadow:x:(\d+):/m.exec(debian.readFile('/etc/group').toString())?.[1]);
    expect(debian.stat('/etc/shadow')).toMatchObject({ mode: 0o640, uid: 0, gid: shadowGid });
    expect(fsFor('rocky9').fs.stat('/etc/shadow')).toMatchObject({ mode: 0o000 });
    expect(debian.stat('/etc/sudoers')).toMatchObject({ mode: 0o440 });
  });

  it('puts an ELF image at every emulated command’s path', () => {
    const { fs, machine } = fsFor('ubuntu22');
    let checked = 0;
    for (const spec of COMMANDS) {
      if (spec.availableOn && !spec.availableOn(machine.distro)) continue;
      const data = fs.readFile(spec.path);
      expect(data.subarray(0, 4).toString('latin1'), spec.path).toBe('\x7fELF');
      checked++;
    }
    expect(checked).toBeGreaterThan(60);
    expect(fs.stat('/usr/bin/ls')).toMatchObject({ mode: 0o755, size: 151_344 });
  });

  it('installs BusyBox applets as links on Alpine and firmware, the binary alone on Debian', () => {
    expect(fsFor('alpine319').fs.lstat('/usr/bin/wget')).toMatchObject({
      type: 'symlink',
      target: '/bin/busybox',
    });
    expect(fsFor('busybox').fs.lstat('/usr/bin/wget')).toMatchObject({
      type: 'symlink',
      target: '../../bin/busybox',
    });
    const debian = fsFor('debian12').fs;
    expect(debian.stat('/bin/busybox')?.type).toBe('file');
    expect(debian.stat('/usr/bin/awk')?.type).toBe('file');
    expect(debian.lstat('/usr/bin/awk')).toMatchObject({ type: 'symlink', target: '/etc/alternatives/awk' });
  });

  it('is the same for the same decky and differs between deckies', () => {
    const a = fsFor('debian12', 11).fs.readFile('/etc/machine-id').toString();
    const b = fsFor('debian12', 11).fs.readFile('/etc/machine-id').toString();
    const c = fsFor('debian12', 12).fs.readFile('/etc/machine-id').toString();
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('gives a web server its web root and the archetype’s daemons config', () => {
    const { fs } = fsFor('ubuntu22');
    expect(fs.readdir('/var/www/html').length).toBeGreaterThan(0);
    expect(fs.stat('/etc/nginx/nginx.conf')?.type).toBe('file');
    expect(fsFor('ubuntu22', 7, 'jump-host').fs.stat('/var/www/html')).toBeNull();
  });

  it('records the administrator’s logins in a wtmp of whole utmp records', () => {
    const { fs } = fsFor('rocky9');
    const wtmp = fs.readFile('/var/log/wtmp');
    expect(wtmp.length % 384).toBe(0);
    expect(wtmp.length).toBeGreaterThan(384);
    expect(fs.readFile('/var/log/secure').toString()).toMatch(
      /sshd\[\d+\]: Accepted (publickey|password) for/,
    );
  });
});
