import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

describe('file programs (GNU coreutils)', () => {
  it('copies, moves, removes and reports missing files as coreutils does', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect(await sh.run('cat nosuch')).toEqual({
      stdout: '',
      stderr: 'cat: nosuch: No such file or directory\n',
      status: 1,
    });
    expect((await sh.run('cp /etc/hostname /tmp/h')).status).toBe(0);
    expect((await sh.run('cat /tmp/h')).stdout).toBe('web-01\n');
    expect((await sh.run('mv /tmp/h /tmp/g')).status).toBe(0);
    expect(await sh.run('rm /tmp/h')).toMatchObject({
      stderr: "rm: cannot remove '/tmp/h': No such file or directory\n",
      status: 1,
    });
    expect(await sh.run('mkdir /tmp/a/b')).toMatchObject({
      stderr: "mkdir: cannot create directory '/tmp/a/b': No such file or directory\n",
      status: 1,
    });
    expect((await sh.run('mkdir -p /tmp/a/b')).status).toBe(0);
    expect(await sh.run('rmdir /tmp/a')).toMatchObject({
      stderr: "rmdir: failed to remove '/tmp/a': Directory not empty\n",
      status: 1,
    });
    expect(await sh.run('rm /tmp/a')).toMatchObject({
      stderr: "rm: cannot remove '/tmp/a': Is a directory\n",
      status: 1,
    });
    expect((await sh.run('rm -rf /tmp/a /tmp/g /tmp/none')).status).toBe(0);
    expect((await sh.run('ls /tmp')).stdout).toBe('');
  });

  it('applies octal and symbolic modes, and rejects bad ones', async () => {
    const sh = testShell({ distro: 'debian12' });
    await sh.run('touch /tmp/f');
    await sh.run('chmod 4755 /tmp/f');
    await sh.run('chmod u-x,g=r /tmp/f');
    expect((await sh.run('stat -c %A:%a /tmp/f')).stdout).toBe('-rwSr--r-x:4645\n');
    await sh.run('chmod a+x,o-r /tmp/f');
    expect((await sh.run('stat -c %A /tmp/f')).stdout).toBe('-rwsr-x--x\n');
    expect(await sh.run('chmod 999 /tmp/f')).toEqual({
      stdout: '',
      stderr: "chmod: invalid mode: '999'\nTry 'chmod --help' for more information.\n",
      status: 1,
    });
    expect(await sh.run('chmod a+x')).toMatchObject({
      stderr: "chmod: missing operand after 'a+x'\nTry 'chmod --help' for more information.\n",
      status: 1,
    });
    expect(await sh.run('chown nosuch /tmp/f')).toMatchObject({
      stderr: "chown: invalid user: 'nosuch'\n",
      status: 1,
    });
    expect((await sh.run('chown www-data:www-data /tmp/f')).status).toBe(0);
    expect((await sh.run('stat -c %U:%G /tmp/f')).stdout).toBe('www-data:www-data\n');
  });

  it('prints stat in the coreutils 9 layout', async () => {
    const sh = testShell({ distro: 'debian12' });
    const out = (await sh.run('stat /etc/passwd')).stdout.split('\n');
    expect(out[0]).toBe('  File: /etc/passwd');
    expect(out[1]).toMatch(/^ {2}Size: \d+\s+\tBlocks: \d+ +IO Block: 4096 +regular file$/);
    expect(out[2]).toMatch(/^Device: \d+,\d+\tInode: \d+ +Links: 1$/);
    expect(out[3]).toBe('Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)');
    expect(out[4]).toMatch(/^Access: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$/);
  });

  it('makes links, and refuses a hard link to a directory', async () => {
    const sh = testShell({ distro: 'debian12' });
    await sh.run('ln -s /etc/passwd /tmp/l');
    expect((await sh.run('ls -l /tmp/l')).stdout).toBe(
      'lrwxrwxrwx 1 root root 11 Jan 10 12:00 /tmp/l -> /etc/passwd\n',
    );
    expect((await sh.run('readlink /tmp/l')).stdout).toBe('/etc/passwd\n');
    expect(await sh.run('ln /tmp /tmp/x')).toMatchObject({
      stderr: "ln: '/tmp': hard link not allowed for directory\n",
      status: 1,
    });
  });

  it('finds by name, type and permission, and runs -exec through the shell', async () => {
    const sh = testShell({ distro: 'debian12' });
    await sh.run('mkdir -p /tmp/d/e');
    await sh.run('cp /etc/hostname /tmp/d/e/h');
    expect((await sh.run('find /tmp -type f')).stdout).toBe('/tmp/d/e/h\n');
    expect((await sh.run('find /tmp/d -name h -exec cat {} ;')).stdout).toBe('web-01\n');
    const suid = (await sh.run('find / -perm -4000 -type f')).stdout;
    expect(suid).toContain('/usr/bin/passwd\n');
    expect(suid).toContain('/usr/bin/sudo\n');
    expect((await sh.run('ls -l /usr/bin/crontab')).stdout).toMatch(/^-rwxr-sr-x 1 root crontab /);
    expect(await sh.run('find /nope')).toMatchObject({
      stderr: "find: '/nope': No such file or directory\n",
      status: 1,
    });
  });

  it('round-trips tar and gzip archives through the session filesystem', async () => {
    const sh = testShell({ distro: 'debian12' });
    await sh.run('mkdir -p /tmp/d/e');
    await sh.run('cp /etc/hostname /tmp/d/e/h');
    expect((await sh.run('tar czf /tmp/d.tgz /tmp/d')).stderr).toBe(
      "tar: Removing leading `/' from member names\n",
    );
    expect((await sh.run('tar tzvf /tmp/d.tgz')).stdout).toBe(
      'drwxr-xr-x root/root         0 2026-01-10 12:00 tmp/d/\n' +
        'drwxr-xr-x root/root         0 2026-01-10 12:00 tmp/d/e/\n' +
        '-rw-r--r-- root/root         7 2026-01-10 12:00 tmp/d/e/h\n',
    );
    await sh.run('rm -r /tmp/d');
    expect((await sh.run('tar xzf /tmp/d.tgz -C /')).status).toBe(0);
    expect((await sh.run('cat /tmp/d/e/h')).stdout).toBe('web-01\n');
    await sh.run('gzip /tmp/d/e/h');
    expect((await sh.run('ls /tmp/d/e')).stdout).toBe('h.gz\n');
    await sh.run('gunzip /tmp/d/e/h.gz');
    expect((await sh.run('cat /tmp/d/e/h')).stdout).toBe('web-01\n');
    expect((await sh.run('file /tmp/d.tgz')).stdout).toMatch(
      /^\/tmp\/d\.tgz: gzip compressed data, from Unix/,
    );
  });

  it('shows programs as ELF files and hashes content as the real tools do', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('head -c 4 /bin/ls')).stdout).toBe('\x7fELF');
    expect((await sh.run('file /bin/ls')).stdout).toMatch(
      /^\/bin\/ls: ELF 64-bit LSB pie executable, x86-64, version 1 \(SYSV\), dynamically linked, interpreter \/lib64\/ld-linux-x86-64\.so\.2/,
    );
    expect((await sh.run('file /etc/passwd')).stdout).toBe('/etc/passwd: ASCII text\n');
    // echo 'web-01' | md5sum / sha256sum / base64 on a real machine.
    expect((await sh.run('md5sum /etc/hostname')).stdout).toBe(
      '7d84dfb8e7062891689778075672adbc  /etc/hostname\n',
    );
    expect((await sh.run('sha256sum /etc/hostname')).stdout).toBe(
      '2864348e5ceff750c7a4b5c826c9ffaff7ac06eb4f4ebd4454ec04ecedd7bab6  /etc/hostname\n',
    );
    expect((await sh.run('base64 /etc/hostname')).stdout).toBe('d2ViLTAxCg==\n');
    expect((await sh.run('base64 -d', 'd2ViLTAxCg==\n')).stdout).toBe('web-01\n');
  });

  it('bounds reads of endless devices', async () => {
    const sh = testShell({ distro: 'debian12' });
    const out = await sh.run('cat /dev/zero');
    expect(out.status).toBe(0);
    expect(out.stdout.length).toBeGreaterThan(0);
    expect(out.stdout.length).toBeLessThanOrEqual(1 << 20);
    expect((await sh.run('head -c 16 /dev/urandom')).stdout).toHaveLength(16);
  });

  it('reports every attacker write to the quarantine hook, with its content', async () => {
    const sh = testShell({ distro: 'debian12' });
    await sh.run('cp /etc/hostname /tmp/copy');
    await sh.run('tee /tmp/t', 'payload\n');
    expect(sh.written).toEqual(
      expect.arrayContaining([
        { path: '/tmp/copy', content: Buffer.from('web-01\n') },
        { path: '/tmp/t', content: Buffer.from('payload\n') },
      ]),
    );
  });
});

describe('file programs on BusyBox userlands', () => {
  it.each(['alpine319', 'busybox'])('%s: words errors as BusyBox does', async (distro) => {
    const sh = testShell({ distro, archetype: distro === 'busybox' ? 'ip-camera' : 'web-server' });
    expect(await sh.run('cat nosuch')).toEqual({
      stdout: '',
      stderr: "cat: can't open 'nosuch': No such file or directory\n",
      status: 1,
    });
    expect(await sh.run('rm /nosuch')).toMatchObject({
      stderr: "rm: can't remove '/nosuch': No such file or directory\n",
      status: 1,
    });
    expect(await sh.run('ls /nosuch')).toMatchObject({
      stderr: 'ls: /nosuch: No such file or directory\n',
      status: 1,
    });
    const bad = await sh.run('ls -z');
    expect(bad.status).toBe(1);
    // getopt's words are the C library's: musl on Alpine, glibc on the Buildroot image.
    const complaint = distro === 'alpine319' ? 'unrecognized option: z' : "invalid option -- 'z'";
    expect(bad.stderr).toMatch(
      new RegExp(`^ls: ${complaint}\nBusyBox v1\\.\\d+\\.\\d+ .*multi-call binary\\.\n`),
    );
  });

  it('lists with BusyBox column widths', async () => {
    const sh = testShell({ distro: 'alpine319' });
    expect((await sh.run('ls -l /etc/hostname')).stdout).toMatch(
      /^-rw-r--r-- {4}1 root {5}root {13}7 \w{3} [ \d]\d ( \d{4}|\d\d:\d\d) \/etc\/hostname\n$/,
    );
  });
});
