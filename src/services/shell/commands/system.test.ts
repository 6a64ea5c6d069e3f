import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

describe('systemctl, service, journalctl', () => {
  it('shows the running units of the archetype', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const ssh = (await sh.run('systemctl status ssh')).stdout.split('\n');
    expect(ssh[0]).toBe('● ssh.service - OpenBSD Secure Shell server');
    expect(ssh[1]).toBe(
      '     Loaded: loaded (/lib/systemd/system/ssh.service; enabled; vendor preset: enabled)',
    );
    expect(ssh[2]).toMatch(
      /^ {5}Active: active \(running\) since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; .+ ago$/,
    );
    expect(ssh[3]).toMatch(/^ {3}Main PID: \d+ \(sshd\)$/);
    const units = (await sh.run('systemctl list-units --type=service')).stdout;
    expect(units).toMatch(/^ {2}UNIT {2,}LOAD {3}ACTIVE SUB {5}DESCRIPTION\n/);
    expect(units).toContain('nginx.service');
    expect(units).toMatch(/\n\d+ loaded units listed\. Pass --all to see loaded but inactive units, too\.\n/);
    expect(await sh.run('systemctl is-active nginx')).toEqual({ stdout: 'active\n', stderr: '', status: 0 });
    expect(await sh.run('systemctl is-active nosuch')).toEqual({
      stdout: 'inactive\n',
      stderr: '',
      status: 3,
    });
    expect(await sh.run('systemctl status nosuch')).toMatchObject({
      stderr: 'Unit nosuch.service could not be found.\n',
      status: 4,
    });
    expect((await sh.run('systemctl stop nginx')).status).toBe(0);
  });

  it('agrees with ps about pids, and journalctl strips the printk time', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const pid = /Main PID: (\d+)/.exec((await sh.run('systemctl status ssh')).stdout)![1];
    const journal = (await sh.run('journalctl -n 50')).stdout;
    expect(journal).toMatch(/^-- Journal begins at .+, ends at .+\. --\n/);
    expect(journal).toContain(`sshd[${pid}]: Server listening on 0.0.0.0 port 22.`);
    expect(journal).not.toMatch(/kernel: \[/);
  });

  it('is absent on Alpine, which has OpenRC', async () => {
    const sh = testShell({ distro: 'alpine319' });
    expect((await sh.run('systemctl')).status).toBe(127);
    expect((await sh.run('rc-service sshd status')).stdout).toBe(' * status: started\n');
    expect((await sh.run('rc-status')).stdout).toMatch(
      /^Runlevel: default\n( [a-z-]+ +\[ {2}started {2}\]\n)+Dynamic Runlevel: hotplugged\n/,
    );
  });
});

describe('package managers', () => {
  it('apt fails to reach the Ubuntu mirrors', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const r = await sh.run('apt update');
    expect(r.stdout).toMatch(
      /^Ign:1 http:\/\/archive\.ubuntu\.com\/ubuntu jammy InRelease\n[\s\S]*Err:1 http:\/\/archive\.ubuntu\.com\/ubuntu jammy InRelease\n {2}Temporary failure resolving 'archive\.ubuntu\.com'\n/,
    );
    expect(r.stderr).toContain(
      "W: Failed to fetch http://archive.ubuntu.com/ubuntu/dists/jammy/InRelease  Temporary failure resolving 'archive.ubuntu.com'\n",
    );
    expect(await sh.run('apt-get install nmap')).toMatchObject({
      stderr: 'E: Unable to locate package nmap\n',
      status: 100,
    });
    const user = testShell({ distro: 'ubuntu22', user: 'ubuntu' });
    expect((await user.run('apt-get update')).status).toBe(100);
  });

  it('dnf cannot download the Rocky metadata', async () => {
    const sh = testShell({ distro: 'rocky9' });
    const r = await sh.run('yum install nmap');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /Error: Failed to download metadata for repo 'baseos': Cannot prepare internal mirrorlist: Curl error \(6\): Couldn't resolve host name/,
    );
    expect((await sh.run('rpm -qa')).stdout).toMatch(/^[\w.+-]+-[\w.+]+-[\w.+]+\.(x86_64|noarch)\n/);
  });

  it('apk cannot fetch the Alpine indexes', async () => {
    const sh = testShell({ distro: 'alpine319' });
    const r = await sh.run('apk add curl');
    expect(r.stdout).toBe(
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz\n',
    );
    expect(r.stderr).toMatch(/ERROR: unable to select packages:\n {2}curl \(no such package\):\n/);
    expect(r.status).toBe(1);
  });

  it('dpkg -l prints the dpkg table', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const lines = (await sh.run('dpkg -l')).stdout.split('\n');
    expect(lines[0]).toBe('Desired=Unknown/Install/Remove/Purge/Hold');
    expect(lines[3]).toMatch(/^\|\|\/ Name +Version +Architecture Description$/);
    expect(lines.slice(5, -1).every((l) => l.startsWith('ii  '))).toBe(true);
  });
});

describe('busybox', () => {
  it('lists its applets, runs them, and rejects unknown ones', async () => {
    const sh = testShell({ distro: 'alpine319' });
    const help = await sh.run('busybox');
    expect(help.stdout).toMatch(
      /^BusyBox v1\.36\.1 \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\) multi-call binary\.\n/,
    );
    expect(help.stdout).toContain('Currently defined functions:\n');
    expect(await sh.run('busybox ECCHI')).toEqual({
      stdout: '',
      stderr: 'ECCHI: applet not found\n',
      status: 127,
    });
    expect((await sh.run('busybox cat /etc/hostname')).stdout).toBe('web-01\n');
    expect(sh.fs.lstat('/bin/ls')).toMatchObject({ type: 'symlink' });
    expect(sh.fs.realpath('/bin/ls')).toBe('/bin/busybox');
  });

  it('is absent from Rocky 9, and present but unlinked on Ubuntu', async () => {
    expect((await testShell({ distro: 'rocky9' }).run('busybox')).status).toBe(127);
    const ubuntu = await testShell({ distro: 'ubuntu22' }).run('busybox');
    expect(ubuntu.stdout).toMatch(
      /^BusyBox v1\.30\.1 \(Ubuntu 1:1\.30\.1-7ubuntu3(\.\d+)?\) multi-call binary\.\n/,
    );
  });
});

describe('hardware and system information', () => {
  it('derives lscpu, nproc and /proc/cpuinfo from one machine', async () => {
    const sh = testShell({ distro: 'debian12' });
    const cores = sh.machine.cpu.cores;
    expect((await sh.run('nproc')).stdout).toBe(`${cores}\n`);
    const lscpu = (await sh.run('lscpu')).stdout;
    expect(lscpu).toMatch(/^Architecture: {12}x86_64\n {2}CPU op-mode\(s\): {8}32-bit, 64-bit\n/);
    expect(lscpu).toContain(`  Model name:            ${sh.machine.cpu.model}\n`);
    expect(lscpu).toContain(`CPU(s):                  ${cores}\n`);
    const cpuinfo = (await sh.run('cat /proc/cpuinfo')).stdout;
    expect(cpuinfo.match(/^processor\t: \d+$/gm)).toHaveLength(cores);
    expect((await sh.run('grep -c processor /proc/cpuinfo')).stdout).toBe(`${cores}\n`);
  });

  it('prints free, df and uptime in the procps and coreutils layouts', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('free -h')).stdout).toMatch(
      /^ {15}total {8}used {8}free {6}shared {2}buff\/cache {3}available\nMem: +[\d.]+Gi +[\d.]+[MG]i +[\d.]+[MG]i +[\d.]+[MG]i +[\d.]+[MG]i +[\d.]+[MG]i\nSwap: +/,
    );
    expect((await sh.run('df -h')).stdout).toMatch(/^Filesystem {6}Size {2}Used Avail Use% Mounted on\n/);
    expect((await sh.run('df -h')).stdout).toMatch(/\n\/dev\/sda1 +\d+G +\d+G +\d+G +\d+% \/\n/);
    expect((await sh.run('uptime')).stdout).toMatch(
      /^ 12:00:00 up \d+ days?, +\d+:\d\d, {2}1 user, {2}load average: \d\.\d\d, \d\.\d\d, \d\.\d\d\n$/,
    );
    const alpine = testShell({ distro: 'alpine319' });
    expect((await alpine.run('df')).stdout).toMatch(
      /^Filesystem {11}1K-blocks {6}Used Available Use% Mounted on\n/,
    );
  });

  it('shows root the kernel ring buffer', async () => {
    const sh = testShell({ distro: 'debian12' });
    const r = await sh.run('dmesg');
    expect(r.stdout).toMatch(/^\[ {4}0\.000000\] Linux version 6\.1\.0-28-amd64 /);
  });

  it('formats dates as GNU date does', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('date')).stdout).toBe('Sat Jan 10 12:00:00 UTC 2026\n');
    expect((await sh.run('date +%s')).stdout).toBe('1768046400\n');
    expect((await sh.run('date -d @0')).stdout).toBe('Thu Jan  1 00:00:00 UTC 1970\n');
    expect((await sh.run('date -u +%Y-%m-%dT%H:%M:%S%z')).stdout).toBe('2026-01-10T12:00:00+0000\n');
    expect(await sh.run('date -d garbage')).toMatchObject({
      stderr: "date: invalid date 'garbage'\n",
      status: 1,
    });
  });

  it('answers lsb_release, getconf and uname consistently with /etc/os-release', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    expect(await sh.run('lsb_release -a')).toEqual({
      stdout:
        'Distributor ID:\tUbuntu\nDescription:\tUbuntu 22.04.5 LTS\nRelease:\t22.04\nCodename:\tjammy\n',
      stderr: 'No LSB modules are available.\n',
      status: 0,
    });
    expect((await sh.run('getconf LONG_BIT')).stdout).toBe('64\n');
    expect((await sh.run('grep PRETTY_NAME /etc/os-release')).stdout).toBe(
      'PRETTY_NAME="Ubuntu 22.04.5 LTS"\n',
    );
  });
});

describe('a FreeBSD decky', () => {
  it("has its base system's programs, and uname -a in FreeBSD's form", async () => {
    const sh = testShell({ distro: 'freebsd14' });
    expect((await sh.run('uname -a')).stdout).toMatch(
      /^FreeBSD \S+ 14\.\d-RELEASE\S* FreeBSD 14\.\d-RELEASE\S* GENERIC amd64\n$/,
    );
    expect((await sh.run('id')).status).toBe(0);
    expect((await sh.run('whoami')).stdout).toBe('root\n');
  });
});
