import { describe, expect, it } from 'vitest';
import { testShell } from './testing.js';

describe('ps', () => {
  it('prints procps’ aux header and the session’s own processes', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const out = (await sh.run('ps auxww')).stdout.split('\n');
    expect(out[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(out[1]).toMatch(/^root {11}1 +\d+\.\d +\d+\.\d +\d+ +\d+ \? +Ss +\S+ +\d+:\d\d \/sbin\/init$/);
    expect(out.some((l) => /^root +\d+ .* pts\/0 +Ss .* -bash$/.test(l))).toBe(true);
    expect(out.some((l) => /^root +\d+ .* pts\/0 +R\+ .* ps auxww$/.test(l))).toBe(true);
    expect(out.some((l) => l.includes('sshd: root@pts/0'))).toBe(true);
    expect(out.some((l) => l.endsWith('[kthreadd]'))).toBe(true);
  });

  it('cuts lines at the terminal width unless told -ww', async () => {
    const lines = (await testShell({ distro: 'ubuntu22', columns: 60 }).run('ps aux')).stdout.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBe(60);
  });

  it('prints -ef with PPID and the default format for the terminal alone', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('ps -ef')).stdout.split('\n')[0]).toBe(
      'UID          PID    PPID  C STIME TTY          TIME CMD',
    );
    const own = (await sh.run('ps')).stdout.split('\n');
    expect(own[0]).toBe('    PID TTY          TIME CMD');
    expect(
      own
        .slice(1)
        .filter((l) => l !== '')
        .map((l) => l.trim().split(/\s+/).pop()),
    ).toEqual(['bash', 'ps']);
  });

  it('uses CentOS 7’s narrower pid column', async () => {
    expect((await testShell({ distro: 'centos7' }).run('ps -ef')).stdout.split('\n')[0]).toBe(
      'UID        PID  PPID  C STIME TTY          TIME CMD',
    );
  });

  it('shows the archetype’s daemons: nginx on an Ubuntu web server', async () => {
    const out = (await testShell({ distro: 'ubuntu22' }).run('ps -eo user,comm')).stdout;
    expect(out).toMatch(/root +nginx/);
    expect(out).toMatch(/www-data +nginx/);
  });

  it('prints BusyBox’s formats on Alpine and firmware', async () => {
    expect((await testShell({ distro: 'alpine319' }).run('ps')).stdout.split('\n')[0]).toBe(
      'PID   USER     TIME  COMMAND',
    );
    expect((await testShell({ distro: 'busybox', archetype: 'ip-camera' }).run('ps')).stdout).toMatch(
      /^ {2}PID USER {7}VSZ STAT COMMAND\n {4}1 root +\d+ S {4}init\n/,
    );
  });

  it('rejects an unknown option with procps’ usage text', async () => {
    const r = await testShell({ distro: 'debian12' }).run('ps -Z9');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: unsupported SysV option\n\nUsage:\n ps \[options\]\n/);
  });

  it('forgets a process after kill, as ps and pgrep then show', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const pid = (await sh.run('pgrep vsftpd')).stdout.trim();
    expect(pid).toMatch(/^\d+$/);
    expect((await sh.run(`kill -9 ${pid}`)).status).toBe(0);
    expect((await sh.run('pgrep vsftpd')).status).toBe(1);
    expect(await sh.run('kill 999999')).toMatchObject({
      stderr: 'kill: (999999): No such process\n',
      status: 1,
    });
  });
});

describe('top, uptime, w, who, free, df', () => {
  it('prints one batch screen of top with procps 4’s summary', async () => {
    const out = (await testShell({ distro: 'debian12' }).run('top -bn1')).stdout.split('\n');
    expect(out[0]).toMatch(
      /^top - 12:00:00 up \d+ days?, +\d+:\d\d, {2}1 user, {2}load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$/,
    );
    expect(out[1]).toMatch(/^Tasks: +\d+ total, +1 running, +\d+ sleeping, +0 stopped, +0 zombie$/);
    expect(out[2]).toMatch(
      /^%Cpu\(s\): +\d+\.\d us, +\d+\.\d sy, +0\.0 ni, +\d+\.\d id, +0\.0 wa, +0\.0 hi, +0\.0 si, +0\.0 st $/,
    );
    expect(out[3]).toMatch(
      /^MiB Mem : +\d+\.\d total, +\d+\.\d free, +\d+\.\d used, +\d+\.\d buff\/cache {5}$/,
    );
    expect(out[6]).toBe('    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND');
  });

  it('prints uptime and w with the attacker’s login from SSH_CLIENT', async () => {
    const sh = testShell({ distro: 'debian12' });
    expect((await sh.run('uptime')).stdout).toMatch(
      /^ 12:00:00 up \d+ days?, +\d+:\d\d, {2}1 user, {2}load average: [\d.]+, [\d.]+, [\d.]+\n$/,
    );
    const w = (await sh.run('w')).stdout.split('\n');
    expect(w[1]).toBe('USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT');
    expect(w[2]).toMatch(
      /^root {5}pts\/0 {4}203\.0\.113\.5 {6}11:5\d {3} +\d+\.\d\ds +\d+\.\d\ds +\d+\.\d\ds w$/,
    );
    expect((await sh.run('who')).stdout).toMatch(/^root {5}pts\/0 {8}Jan 10 11:5\d \(203\.0\.113\.5\)\n$/);
  });

  it('prints free with procps’ columns and -h units', async () => {
    const sh = testShell({ distro: 'ubuntu22' });
    const out = (await sh.run('free')).stdout.split('\n');
    expect(out[0]).toBe('               total        used        free      shared  buff/cache   available');
    expect(out[1]).toMatch(/^Mem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+$/);
    expect((await sh.run('free -h')).stdout.split('\n')[1]).toMatch(/^Mem: +[\d.]+[KMG]i +[\d.]+[KMG]i/);
    expect((await testShell({ distro: 'centos7' }).run('free')).stdout.split('\n')[0]).toBe(
      '              total        used        free      shared  buff/cache   available',
    );
  });

  it('prints df over the mount table, human-readable with -h', async () => {
    const sh = testShell({ distro: 'debian12' });
    const out = (await sh.run('df')).stdout.split('\n');
    expect(out[0]).toMatch(/^Filesystem +1K-blocks +Used Available Use% Mounted on$/);
    expect(out.some((l) => /^\/dev\/\w+ +\d+ +\d+ +\d+ +\d+% \/$/.test(l))).toBe(true);
    expect((await sh.run('df -h /')).stdout.split('\n')[0]).toMatch(
      /^Filesystem +Size {2}Used Avail Use% Mounted on$/,
    );
    expect(await sh.run('df /nope')).toMatchObject({
      stderr: "df: '/nope': No such file or directory\n",
      status: 1,
    });
  });
});
