import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

describe('uname', () => {
  it.each([
    [
      'debian12',
      'Linux web-01 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n',
    ],
    [
      'ubuntu22',
      'Linux web-01 5.15.0-126-generic #136-Ubuntu SMP Wed Nov 6 10:38:22 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n',
    ],
    [
      'rocky9',
      'Linux web-01 5.14.0-503.15.1.el9_5.x86_64 #1 SMP PREEMPT_DYNAMIC Thu Nov 28 07:25:19 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n',
    ],
    [
      'alpine319',
      'Linux web-01 6.6.58-0-lts #1-Alpine SMP PREEMPT_DYNAMIC Tue, 22 Oct 2024 11:57:22 +0000 x86_64 Linux\n',
    ],
    ['busybox', 'Linux web-01 4.19.125 #1 SMP PREEMPT Mon Jun 12 10:22:41 CST 2023 armv7l GNU/Linux\n'],
  ])('%s: uname -a', async (distro, expected) => {
    const sh = testShell({ distro, archetype: distro === 'busybox' ? 'ip-camera' : 'web-server' });
    expect((await sh.run('uname -a')).stdout).toBe(expected);
  });

  it('prints single fields in coreutils order and rejects unknown options as GNU does', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('uname -mrs')).stdout).toBe('Linux 6.1.0-28-amd64 x86_64\n');
    expect((await sh.run('uname -p')).stdout).toBe('unknown\n');
    const bad = await sh.run('uname -z');
    expect(bad).toEqual({
      stdout: '',
      stderr: "uname: invalid option -- 'z'\nTry 'uname --help' for more information.\n",
      status: 1,
    });
  });
});

describe('id, whoami, groups', () => {
  it('describes root, with the SELinux context on Red Hat', async () => {
    expect((await testShell({ distro: 'debian12' }).run('id')).stdout).toBe(
      'uid=0(root) gid=0(root) groups=0(root)\n',
    );
    expect((await testShell({ distro: 'rocky9' }).run('id')).stdout).toBe(
      'uid=0(root) gid=0(root) groups=0(root) context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n',
    );
  });

  it('follows the session account and the passwd file', async () => {
    const sh = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect((await sh.run('whoami')).stdout).toBe('ubuntu\n');
    expect((await sh.run('id -un')).stdout).toBe('ubuntu\n');
    expect((await sh.run('id')).stdout).toMatch(
      /^uid=1000\(ubuntu\) gid=1000\(ubuntu\) groups=1000\(ubuntu\),4\(adm\),24\(cdrom\),27\(sudo\),30\(dip\),46\(plugdev\),\d+\(lxd\)\n$/,
    );
    expect(await sh.run('id nosuch')).toMatchObject({ stderr: "id: 'nosuch': no such user\n", status: 1 });
  });
});

describe('hostname', () => {
  it('prints the name and the address, and refuses a non-root rename', async () => {
    const sh = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect((await sh.run('hostname')).stdout).toBe('web-01\n');
    expect((await sh.run('hostname -I')).stdout).toBe('10.20.30.17 \n');
    expect(await sh.run('hostname evil')).toMatchObject({
      stderr: 'hostname: you must be root to change the host name\n',
      status: 1,
    });
  });
});
