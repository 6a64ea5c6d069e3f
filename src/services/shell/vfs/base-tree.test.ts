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

describe('a FreeBSD base tree', () => {
  const { fs, machine } = fsFor('freebsd14');

  it.each([
    ['/bin', 'dir'],
    ['/sbin', 'dir'],
    ['/lib', 'dir'],
    ['/libexec', 'dir'],
    ['/usr/local/etc', 'dir'],
    ['/boot/kernel/kernel', 'file'],
    ['/boot/loader.conf', 'file'],
    ['/compat', 'dir'],
    ['/etc/login.conf', 'file'],
    ['/etc/ssh/sshd_config', 'file'],
    ['/var/log/messages', 'file'],
    ['/var/log/auth.log', 'file'],
    ['/root/.cshrc', 'file'],
    ['/root/.profile', 'file'],
  ])('has %s (%s), laid out as hier(7) says', (path, type) => {
    expect(fs.lstat(path)?.type).toBe(type);
  });

  it.each([
    '/proc/cpuinfo',
    '/proc/meminfo',
    '/etc/shadow',
    '/etc/hostname',
    '/var/log/syslog',
    '/var/log/wtmp',
    '/etc/systemd',
    '/lib/systemd',
    '/sys/class',
    '/etc/machine-id',
  ])('has no Linux file %s', (path) => {
    expect(fs.lstat(path)).toBeNull();
  });

  it('links /home into /usr/home and leaves /proc an empty mount point', () => {
    expect(fs.lstat('/home')).toMatchObject({ type: 'symlink', target: 'usr/home' });
    expect(fs.readdir('/proc')).toEqual([]);
    expect(
      fs.stat(`/home/${/^(\w+):\*:1001:/m.exec(fs.readFile('/etc/passwd').toString())?.[1]}`)?.type,
    ).toBe('dir');
  });

  it('names the host in rc.conf and keeps FreeBSD os-release, passwd and group', () => {
    const rcConf = fs.readFile('/etc/rc.conf').toString();
    expect(rcConf).toContain('hostname="node-03"\n');
    expect(rcConf).toContain(`ifconfig_${machine.network.iface}="DHCP"\n`);
    expect(rcConf).toContain('sshd_enable="YES"\n');
    expect(fs.readFile('/etc/os-release').toString()).toContain('ID=freebsd\n');
    const passwd = fs.readFile('/etc/passwd').toString();
    expect(passwd).toMatch(/^root:\*:0:0:Charlie &:\/root:\/bin\/sh\n/);
    for (const name of ['toor', 'daemon', 'operator', 'www', '_pflogd', 'hast', 'tests', 'nobody'])
      expect(passwd).toContain(`\n${name}:*:`);
    expect(fs.readFile('/etc/group').toString()).toMatch(/^wheel:\*:0:root/);
    expect(fs.stat('/etc/master.passwd')).toMatchObject({ mode: 0o600, uid: 0 });
  });

  it('installs base programs at their FreeBSD paths as FreeBSD ELF images', () => {
    expect(fs.stat('/bin/ls')?.type).toBe('file');
    expect(fs.stat('/sbin/sysctl')?.type).toBe('file');
    expect(fs.stat('/bin/freebsd-version')?.type).toBe('file');
    expect(fs.readFile('/bin/ls')[7]).toBe(9);
    expect(fs.lstat('/usr/bin/ls')).toBeNull();
  });

  it('leaves Linux deckies with their merged /usr and /proc', () => {
    const debian = fsFor('debian12').fs;
    expect(debian.lstat('/bin')).toMatchObject({ type: 'symlink', target: 'usr/bin' });
    expect(debian.lstat('/home')?.type).toBe('dir');
    expect(debian.readFile('/proc/cpuinfo').toString()).toContain('model name');
    expect(debian.lstat('/etc/rc.conf')).toBeNull();
  });
});
