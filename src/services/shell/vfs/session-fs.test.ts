import { describe, expect, it } from 'vitest';
import { ShellFsError } from '../filesystem.js';
import { machineFor } from '../machine.js';
import { baseTreeFor } from './base-tree.js';
import { VFS_LIMITS } from './limits.js';
import { createSessionFs, type FsIdentity } from './session-fs.js';

const NOW = Date.UTC(2026, 0, 10, 12);

function base(distro = 'debian12') {
  const machine = machineFor(
    {
      name: 'decky-09',
      hostname: 'srv-01',
      ip: '10.1.2.3',
      distro,
      osProfile: 'linux',
      archetype: 'linux-server',
      seed: 42,
    },
    NOW,
  );
  return baseTreeFor(machine, []);
}

function session(
  options: {
    distro?: string;
    user?: () => FsIdentity;
    limits?: { maxBytesWritten?: number; maxCreatedEntries?: number };
  } = {},
) {
  let now = NOW;
  const written: Array<{ path: string; content: string }> = [];
  const fs = createSessionFs(base(options.distro), {
    clock: { now: () => now },
    onFileWritten: (path, content) => written.push({ path, content: content.toString() }),
    user: options.user,
    limits: options.limits,
    random: (n) => Buffer.alloc(n, 7),
  });
  return { fs, written, advance: (ms: number) => (now += ms) };
}

function code(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (err) {
    return err instanceof ShellFsError ? err.code : `threw ${String(err)}`;
  }
}

describe('session filesystem overlay', () => {
  it('keeps one session’s changes out of another session on the same base tree', () => {
    const tree = base();
    const a = createSessionFs(tree, { clock: { now: () => NOW } });
    const b = createSessionFs(tree, { clock: { now: () => NOW } });
    a.writeFile('/tmp/dropper.sh', Buffer.from('#!/bin/sh\n'));
    a.remove('/etc/hostname');
    a.mkdir('/root/.x', { parents: true });
    expect(a.readFile('/tmp/dropper.sh').toString()).toBe('#!/bin/sh\n');
    expect(b.stat('/tmp/dropper.sh')).toBeNull();
    expect(b.readFile('/etc/hostname').toString()).toBe('srv-01\n');
    expect(b.stat('/root/.x')).toBeNull();
    // A fresh session on the same base sees the original too.
    expect(createSessionFs(tree, { clock: { now: () => NOW } }).readdir('/tmp')).toEqual([]);
  });

  it('lists entries in C-locale byte order', () => {
    const { fs } = session();
    for (const name of ['b', 'A', 'a', '_x', '.z']) fs.writeFile(`/tmp/${name}`, Buffer.alloc(0));
    expect(fs.readdir('/tmp')).toEqual(['.z', 'A', '_x', 'a', 'b']);
  });

  it('fires the write hook with the whole content on every write, appends included', () => {
    const { fs, written } = session();
    fs.writeFile('/tmp/a', Buffer.from('one\n'));
    fs.writeFile('/tmp/a', Buffer.from('two\n'), { append: true });
    fs.writeFile('/dev/null', Buffer.from('discarded'));
    expect(written).toEqual([
      { path: '/tmp/a', content: 'one\n' },
      { path: '/tmp/a', content: 'one\ntwo\n' },
    ]);
  });

  it('reports the real path of a write through a symlinked directory', () => {
    const { fs, written } = session();
    fs.writeFile('/bin/implant', Buffer.from('x'));
    expect(written[0]?.path).toBe('/usr/bin/implant');
  });

  it('stops a session at its byte budget with ENOSPC', () => {
    const { fs } = session({ limits: { maxBytesWritten: 1000 } });
    fs.writeFile('/tmp/a', Buffer.alloc(600));
    expect(code(() => fs.writeFile('/tmp/b', Buffer.alloc(600)))).toBe('ENOSPC');
    expect(fs.stat('/tmp/b')).toBeNull();
  });

  it('stops a session at its entry budget with ENOSPC', () => {
    const { fs } = session({ limits: { maxCreatedEntries: 3 } });
    fs.mkdir('/tmp/d');
    fs.writeFile('/tmp/d/f', Buffer.alloc(1));
    fs.symlink('/etc', '/tmp/l');
    expect(code(() => fs.writeFile('/tmp/g', Buffer.alloc(1)))).toBe('ENOSPC');
  });

  it('refuses names longer than NAME_MAX and paths longer than PATH_MAX', () => {
    const { fs } = session();
    expect(
      code(() => fs.writeFile(`/tmp/${'a'.repeat(VFS_LIMITS.maxNameLength + 1)}`, Buffer.alloc(0))),
    ).toBe('EINVAL');
    expect(code(() => fs.stat(`/tmp/${'a/'.repeat(VFS_LIMITS.maxPathLength / 2)}`))).toBe('EINVAL');
  });

  it('fails on symlink loops after MAXSYMLINKS with ELOOP', () => {
    const { fs } = session();
    fs.symlink('/tmp/b', '/tmp/a');
    fs.symlink('/tmp/a', '/tmp/b');
    expect(code(() => fs.readFile('/tmp/a'))).toBe('ELOOP');
    expect(fs.lstat('/tmp/a')?.type).toBe('symlink');
  });

  it('resolves merged /usr links on Debian and keeps real directories on Alpine', () => {
    const debian = session().fs;
    expect(debian.lstat('/bin')).toMatchObject({ type: 'symlink', target: 'usr/bin' });
    expect(debian.realpath('/sbin')).toBe('/usr/sbin');
    const alpine = session({ distro: 'alpine319' }).fs;
    expect(alpine.lstat('/bin')?.type).toBe('dir');
    expect(alpine.lstat('/bin/ls')).toMatchObject({ type: 'symlink', target: '/bin/busybox' });
  });

  it('generates /proc/uptime and /proc/loadavg from the clock at each read', () => {
    const { fs, advance } = session();
    const first = Number(fs.readFile('/proc/uptime').toString().split(' ')[0]);
    advance(90_000);
    const second = Number(fs.readFile('/proc/uptime').toString().split(' ')[0]);
    expect(second - first).toBeCloseTo(90, 1);
    expect(fs.stat('/proc/uptime')).toMatchObject({ size: 0, mode: 0o444 });
    expect(fs.readFile('/proc/loadavg').toString()).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/);
  });

  it('refuses creating files in /proc (ENOENT) and writing its files (EACCES), even for root', () => {
    const { fs } = session();
    expect(code(() => fs.writeFile('/proc/evil', Buffer.from('x')))).toBe('ENOENT');
    expect(code(() => fs.writeFile('/proc/uptime', Buffer.from('1')))).toBe('EACCES');
    expect(code(() => fs.remove('/proc/uptime'))).toBe('EACCES');
  });

  it('yields a bounded chunk from /dev/zero and /dev/urandom', () => {
    const { fs } = session();
    expect(fs.readFile('/dev/zero')).toHaveLength(VFS_LIMITS.deviceReadBytes);
    expect(fs.readFile('/dev/urandom')).toHaveLength(VFS_LIMITS.deviceReadBytes);
    expect(fs.readFile('/dev/null')).toHaveLength(0);
    expect(fs.stat('/dev/null')).toMatchObject({ type: 'chardev', mode: 0o666 });
  });
});

describe('session filesystem permissions', () => {
  const user: FsIdentity = { uid: 1000, gid: 1000 };

  it('keeps a normal user out of /etc/shadow, /etc/passwd writes and /root', () => {
    const { fs } = session({ user: () => user });
    expect(code(() => fs.readFile('/etc/shadow'))).toBe('EACCES');
    expect(code(() => fs.writeFile('/etc/passwd', Buffer.from('x')))).toBe('EACCES');
    expect(code(() => fs.readdir('/root'))).toBe('EACCES');
    expect(code(() => fs.stat('/root/.bashrc'))).toBe('EACCES');
    expect(fs.readFile('/etc/passwd').toString()).toContain('root:x:0:0');
  });

  it('lets root read and write anything', () => {
    const { fs } = session();
    expect(fs.readFile('/etc/shadow').toString()).toMatch(/^root:\$y\$/);
    fs.writeFile('/etc/passwd', Buffer.from('root:x:0:0::/root:/bin/sh\n'));
    expect(fs.readdir('/root')).toContain('.bashrc');
  });

  it('honours the sticky bit of /tmp: others may not remove root’s file', () => {
    let who: FsIdentity = { uid: 0, gid: 0 };
    const { fs } = session({ user: () => who });
    fs.writeFile('/tmp/roots', Buffer.from('x'));
    who = user;
    fs.writeFile('/tmp/mine', Buffer.from('y'));
    expect(code(() => fs.remove('/tmp/roots'))).toBe('EPERM');
    expect(code(() => fs.remove('/tmp/mine'))).toBeNull();
    expect(fs.stat('/tmp/roots')?.uid).toBe(0);
  });

  it('follows the session’s account as it changes (su)', () => {
    let who: FsIdentity = user;
    const { fs } = session({ user: () => who });
    expect(code(() => fs.readFile('/etc/shadow'))).toBe('EACCES');
    who = { uid: 0, gid: 0 };
    expect(code(() => fs.readFile('/etc/shadow'))).toBeNull();
  });

  it('lets only the owner chmod and only root chown', () => {
    const { fs } = session({ user: () => user });
    fs.writeFile('/tmp/f', Buffer.from('x'));
    fs.chmod('/tmp/f', 0o755);
    expect(fs.stat('/tmp/f')).toMatchObject({ mode: 0o755, uid: 1000 });
    expect(code(() => fs.chmod('/etc/hostname', 0o777))).toBe('EPERM');
    expect(code(() => fs.chown('/tmp/f', 0, 0))).toBe('EPERM');
  });
});

describe('session filesystem operations', () => {
  it('renames like rename(2): into place, refusing a directory into itself', () => {
    const { fs } = session();
    fs.mkdir('/tmp/a/b', { parents: true });
    fs.writeFile('/tmp/a/f', Buffer.from('1'));
    fs.rename('/tmp/a/f', '/tmp/g');
    expect(fs.readFile('/tmp/g').toString()).toBe('1');
    expect(code(() => fs.rename('/tmp/a', '/tmp/a/b/c'))).toBe('EINVAL');
    expect(code(() => fs.rename('/tmp/nope', '/tmp/x'))).toBe('ENOENT');
  });

  it('removes a non-empty directory only with recursive', () => {
    const { fs } = session();
    fs.mkdir('/tmp/d/e', { parents: true });
    expect(code(() => fs.remove('/tmp/d'))).toBe('ENOTEMPTY');
    fs.remove('/tmp/d', { recursive: true });
    expect(fs.stat('/tmp/d')).toBeNull();
  });

  it('distinguishes missing parents, files in the way and existing entries', () => {
    const { fs } = session();
    expect(code(() => fs.writeFile('/tmp/no/such', Buffer.alloc(0)))).toBe('ENOENT');
    expect(code(() => fs.stat('/etc/hostname/x'))).toBe('ENOTDIR');
    expect(code(() => fs.mkdir('/etc'))).toBe('EEXIST');
    expect(code(() => fs.readFile('/etc'))).toBe('EISDIR');
    expect(fs.stat('/nonexistent')).toBeNull();
  });
});
