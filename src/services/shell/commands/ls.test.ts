import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

describe('ls', () => {
  it('lays out columns for the terminal with tabs, as GNU ls does, and one per line into a pipe', async () => {
    const sh = testShell({ distro: 'debian12', columns: 40 });
    for (const n of ['alpha', 'beta', 'gamma', 'delta-long-name', 'epsilon', 'zeta'])
      await sh.run(`touch /tmp/${n}`);
    // Verified against GNU ls 9.1 (`ls -C -w 40`): two spaces fall short of a tab stop, tabs fill the rest.
    expect((await sh.run('ls /tmp')).stdout).toBe('alpha  delta-long-name\tgamma\nbeta   epsilon\t\tzeta\n');
    expect((await sh.run('ls /tmp | cat')).stdout).toBe(
      'alpha\nbeta\ndelta-long-name\nepsilon\ngamma\nzeta\n',
    );
  });

  it('prints the long format with owners from passwd, aligned columns and a total', async () => {
    const sh = testShell({ distro: 'debian12' });
    await sh.run('touch /tmp/a');
    const out = (await sh.run('ls -la /tmp')).stdout.split('\n');
    expect(out[0]).toBe('total 8');
    expect(out[1]).toMatch(/^drwxrwxrwt {2}2 root root 4096 \w{3} [ \d]\d [ \d]\d:\d\d \.$/);
    expect(out[3]).toMatch(/^-rw-r--r-- {2}1 root root {4}0 Jan 10 12:00 a$/);
  });

  it('shows links with their targets, devices with major and minor, and human sizes', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect((await sh.run('ls -ld /bin')).stdout).toMatch(
      /^lrwxrwxrwx 1 root root 7 \w{3} [ \d]\d {2}\d{4} \/bin -> usr\/bin\n$/,
    );
    expect((await sh.run('ls -l /dev/null')).stdout).toMatch(/^crw-rw-rw- 1 root root 1, 3 /);
    expect((await sh.run('ls -lh /usr/bin/ls')).stdout).toMatch(/^-rwxr-xr-x 1 root root 148K /);
  });

  it('adds the SELinux dot on Red Hat', async () => {
    expect((await testShell({ distro: 'rocky9' }).run('ls -l /etc/hostname')).stdout).toMatch(
      /^-rw-r--r--\. 1 root root 7 /,
    );
  });

  it('reports missing operands and unreadable directories with GNU’s words and status 2', async () => {
    const sh = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect(await sh.run('ls /nope')).toEqual({
      stdout: '',
      stderr: "ls: cannot access '/nope': No such file or directory\n",
      status: 2,
    });
    expect(await sh.run('ls /root')).toMatchObject({
      stderr: "ls: cannot open directory '/root': Permission denied\n",
      status: 2,
    });
    expect(await sh.run('ls -z')).toEqual({
      stdout: '',
      stderr: "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n",
      status: 2,
    });
  });

  it('speaks BusyBox on Alpine', async () => {
    const sh = testShell({ distro: 'alpine319' });
    expect(await sh.run('ls /nope')).toEqual({
      stdout: '',
      stderr: 'ls: /nope: No such file or directory\n',
      status: 1,
    });
    expect((await sh.run('ls -l /etc/hostname')).stdout).toMatch(
      /^-rw-r--r-- {4}1 root {5}root {13}7 \w{3} [ \d]\d {2}\d{4} \/etc\/hostname\n$/,
    );
  });

  it('colours names as LS_COLORS or the built-in table says, resetting once before the first', async () => {
    const sh = testShell({ distro: 'debian12' });
    await sh.run('mkdir /tmp/d');
    await sh.run('touch /tmp/f');
    expect((await sh.run('ls --color=always /tmp')).stdout).toBe('\x1b[0m\x1b[01;34md\x1b[0m  f\n');
  });

  it('lists hidden entries with -a and recurses with -R', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('ls -a /root | head -2')).stdout).toBe('.\n..\n');
    await sh.run('mkdir -p /tmp/r/s');
    await sh.run('touch /tmp/r/s/t');
    expect((await sh.run('ls -R /tmp/r')).stdout).toBe('/tmp/r:\ns\n\n/tmp/r/s:\nt\n');
  });
});
