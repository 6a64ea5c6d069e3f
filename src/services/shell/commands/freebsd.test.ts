import { describe, expect, it } from 'vitest';
import { freebsdMemory } from '../machine.js';
import { testMachine, testShell } from './testing.js';

/** login.conf's path for every class on FreeBSD (the test shell's default is a Linux one). */
const FREEBSD_PATH = '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin';

const machine = testMachine('freebsd14');
const rootShell = () => testShell({ distro: 'freebsd14' });
const userShell = () => testShell({ distro: 'freebsd14', user: adminName(), env: { PATH: FREEBSD_PATH } });

function adminName(): string {
  const sh = testShell({ distro: 'freebsd14' });
  const passwd = sh.fs.readFile('/etc/passwd').toString();
  return /^(\w+):\*:1001:/m.exec(passwd)?.[1] ?? 'nobody';
}

describe('a FreeBSD 14 decky answers as FreeBSD does', () => {
  it.each<[string, RegExp]>([
    ['uname -a', /^FreeBSD web-01 14\.1-RELEASE-p6 FreeBSD 14\.1-RELEASE-p6 GENERIC amd64\n$/],
    ['uname -s', /^FreeBSD\n$/],
    ['uname -m', /^amd64\n$/],
    ['uname -i', /^GENERIC\n$/],
    ['freebsd-version', /^14\.1-RELEASE-p6\n$/],
    ['freebsd-version -ku', /^14\.1-RELEASE-p6\n14\.1-RELEASE-p6\n$/],
    ['freebsd-version -urk', /^(14\.1-RELEASE-p6\n){3}$/],
    ['sysctl kern.ostype', /^kern\.ostype: FreeBSD\n$/],
    ['sysctl kern.osrelease', /^kern\.osrelease: 14\.1-RELEASE-p6\n$/],
    ['sysctl kern.hostname', /^kern\.hostname: web-01\n$/],
    ['sysctl -n hw.ncpu', new RegExp(`^${machine.cpu.cores}\\n$`)],
    ['sysctl hw.model', new RegExp(`^hw\\.model: ${machine.cpu.model.replace(/[()]/g, '\\$&')}\\n$`)],
    ['sysctl -n hw.physmem', new RegExp(`^${freebsdMemory(machine).physBytes}\\n$`)],
    ['sysctl hw.machine hw.pagesize', /^hw\.machine: amd64\nhw\.pagesize: 4096\n$/],
    ['sysctl -a', /^kern\.ostype: FreeBSD\n(.*\n)*hw\.ncpu: \d+\n(.*\n)*security\.jail\.jailed: 0\n$/],
    ['mount', /^\/dev\/vtbd0p2 on \/ \(ufs, local, soft-updates\)\ndevfs on \/dev \(devfs\)\n$/],
    [
      'df -h',
      /^Filesystem +Size +Used +Avail Capacity +Mounted on\n\/dev\/vtbd0p2 +\d+G +\d+(\.\d)?G +\d+G +\d+% +\/\ndevfs +1\.0K +1\.0K +0B +100% +\/dev\n$/,
    ],
    ['df', /^Filesystem +1K-blocks +Used +Avail Capacity +Mounted on\n/],
    ['id', /^uid=0\(root\) gid=0\(wheel\) groups=0\(wheel\),5\(operator\)\n$/],
    [
      'uptime',
      /^ ?\d{1,2}:\d\d[AP]M {2}up \d+ days?, +\d+:\d\d, 1 user, load averages: \d\.\d\d, \d\.\d\d, \d\.\d\d\n$/,
    ],
    ['w', /load averages: .*\nUSER +TTY +FROM +LOGIN@ +IDLE WHAT\nroot +pts\/0 +203\.0\.113\.5 /],
    [
      'ifconfig',
      /^vtnet0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n\toptions=.*\n\tether [0-9a-f:]{17}\n\tinet 10\.20\.30\.17 netmask 0xffffff00 broadcast 10\.20\.30\.255\n\tmedia: Ethernet autoselect \(10Gbase-T <full-duplex>\)\n\tstatus: active\n\tnd6 options=.*\nlo0: flags=.*\n(\t.*\n)+$/,
    ],
    ['ifconfig -l', /^vtnet0 lo0\n$/],
    [
      'netstat -rn',
      /^Routing tables\n\nInternet:\nDestination +Gateway +Flags +Netif Expire\ndefault +10\.20\.30\.1 +UGS +vtnet0\n10\.20\.30\.0\/24 +link#1 +U +vtnet0\n(.*\n)+Internet6:\n/,
    ],
    [
      'netstat -an',
      /^Active Internet connections \(including servers\)\n(.*\n)*tcp4 +0 +0 \*\.22 +\*\.\* +LISTEN/,
    ],
    [
      'route -n get default',
      /^ {3}route to: default\n(.*\n)* {4}gateway: 10\.20\.30\.1\n(.*\n)* {2}interface: vtnet0\n/,
    ],
    [
      'ps aux',
      /^USER +PID %CPU %MEM +VSZ +RSS TT +STAT STARTED +TIME COMMAND\nroot +0 +.* +DLs +.*\[kernel\]\nroot +1 .* ILs .* \/sbin\/init\n/,
    ],
    ['ps aux', /\nroot +11 +.* RNL .*\[idle\]\n/],
    ['ps aux', /\nroot +\d+ .* 0 +Ss .* -sh \(sh\)\n/],
    ['ps', /^ +PID TT +STAT +TIME COMMAND\n/],
    [
      'top',
      /^last pid: +\d+; {2}load averages: .* up \d+\+\d\d:\d\d:\d\d {4}\d\d:\d\d:\d\d\n\d+ processes: .*\nCPU: .*\nMem: \d+M Active, \d+M Inact, \d+M Wired, \d+M Buf, \d+M Free\n/,
    ],
    ['service sshd status', /^sshd is running as pid \d+\.\n$/],
    ['service -e', /^\/etc\/rc\.d\/hostid\n(.*\n)*\/etc\/rc\.d\/sshd\n/],
    ['pkg info', /^ca_root_nss-\S+ +Root certificate bundle.*\n(.*\n)*pkg-1\.21\.3 +Package manager\n/],
    ['pkg -v', /^1\.21\.3\n$/],
    [
      'dmesg',
      /^---<<BOOT>>---\nCopyright \(c\) 1992-2023 The FreeBSD Project\.\n(.*\n)*FreeBSD 14\.1-RELEASE-p6 GENERIC amd64\n(.*\n)*CPU: .*K8-class CPU\)\n/,
    ],
    ['cat /etc/os-release', /^NAME=FreeBSD\nVERSION="14\.1-RELEASE-p6"\nVERSION_ID="14\.1"\nID=freebsd\n/],
    [
      'cat /etc/passwd',
      /^root:\*:0:0:Charlie &:\/root:\/bin\/sh\ntoor:\*:0:0:Bourne-again Superuser:\/root:\n/,
    ],
    [
      'ls /',
      /^COPYRIGHT\s+boot\s+dev\s+etc\s+lib\s+media\s+net\s+rescue\s+sbin\s+tmp\s+var\nbin\s+compat\s+entropy\s+home\s+libexec\s+mnt\s+proc\s+root\s+sys\s+usr\n$/,
    ],
    ['ls /proc', /^$/],
    [
      'file /bin/ls',
      /^\/bin\/ls: ELF 64-bit LSB .*version 1 \(FreeBSD\).*interpreter \/libexec\/ld-elf\.so\.1.*for FreeBSD 14\.1, FreeBSD-style/,
    ],
    ['which ls sysctl pkg', /^\/bin\/ls\n\/sbin\/sysctl\n\/usr\/local\/sbin\/pkg\n$/],
  ])('%s', async (command, expected) => {
    const result = await rootShell().run(command);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(expected);
    expect(result.status).toBe(0);
  });

  it.each<[string, number, RegExp]>([
    ['free -m', 127, /free: command not found/],
    ['lscpu', 127, /lscpu: command not found/],
    ['ip addr', 127, /ip: command not found/],
    ['systemctl status sshd', 127, /systemctl: command not found/],
    ['cat /proc/cpuinfo', 1, /^cat: \/proc\/cpuinfo: No such file or directory\n$/],
    ['cat /proc/meminfo', 1, /No such file or directory/],
    ['sysctl kernel.hostname', 1, /^sysctl: unknown oid 'kernel\.hostname'\n$/],
    ['sysctl hw.ncpu=1', 1, /^sysctl: oid 'hw\.ncpu' is read only\n$/],
    [
      'freebsd-version -x',
      1,
      /^freebsd-version: illegal option -- x\nusage: freebsd-version \[-kru\] \[-j jail\]\n$/,
    ],
    ['ifconfig eth0', 1, /^ifconfig: interface eth0 does not exist\n$/],
    ['service nosuch status', 1, /^nosuch does not exist in \/etc\/rc\.d or the local startup\n/],
  ])('%s fails as on FreeBSD (status %i)', async (command, status, expected) => {
    const result = await rootShell().run(command);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(expected);
    expect(result.status).toBe(status);
  });

  it.each<[string, number, RegExp]>([
    ['cat /etc/master.passwd', 1, /Permission denied/],
    ['sysctl kern.hostname=evil', 1, /^sysctl: kern\.hostname=evil: Operation not permitted\n$/],
    ['pkg install wget', 77, /^pkg: Insufficient privileges to install packages\n$/],
    ['service sshd restart', 1, /Permission denied/],
    ['ifconfig vtnet0 10.0.0.9', 1, /^ifconfig: ioctl \(SIOCAIFADDR\): permission denied\n$/],
  ])('refuses %s to an ordinary user', async (command, status, expected) => {
    const result = await userShell().run(command);
    expect(result.stderr).toMatch(expected);
    expect(result.status).toBe(status);
  });

  it('lets root set a writable sysctl and restart a service, and says so as FreeBSD does', async () => {
    const sh = rootShell();
    expect((await sh.run('sysctl kern.hostname=mail')).stdout).toBe('kern.hostname: web-01 -> mail\n');
    expect((await sh.run('service sshd restart')).stdout).toMatch(
      /^Stopping sshd\.\nWaiting for PIDS: \d+\.\nStarting sshd\.\n$/,
    );
  });

  it('tells one story about the machine across commands', async () => {
    const sh = rootShell();
    const cores = (await sh.run('sysctl -n hw.ncpu')).stdout.trim();
    expect((await sh.run('dmesg')).stdout).toContain(`Multiprocessor System Detected: ${cores} CPUs`);
    const model = (await sh.run('sysctl -n hw.model')).stdout.trim();
    expect((await sh.run('dmesg')).stdout).toContain(`CPU: ${model} (`);
    const realMem = Number((await sh.run('sysctl -n hw.realmem')).stdout.trim());
    expect((await sh.run('dmesg')).stdout).toContain(`real memory  = ${realMem} (`);
    const sshdPid = /pid (\d+)/.exec((await sh.run('service sshd status')).stdout)?.[1];
    expect((await sh.run('ps auxww')).stdout).toMatch(
      new RegExp(`\\nroot +${sshdPid} .*sshd: /usr/sbin/sshd`),
    );
    expect((await sh.run('cat /var/run/sshd.pid')).stdout).toBe(`${sshdPid}\n`);
    const mac = /ether (\S+)/.exec((await sh.run('ifconfig vtnet0')).stdout)?.[1];
    expect((await sh.run('dmesg')).stdout).toContain(`vtnet0: Ethernet address: ${mac}\n`);
    const root = /^\/dev\/(\S+) on \/ /.exec((await sh.run('mount')).stdout)?.[1];
    expect((await sh.run('df /')).stdout).toContain(`/dev/${root} `);
    expect((await sh.run('cat /etc/fstab')).stdout).toContain(`/dev/${root}\t`);
  });
});
