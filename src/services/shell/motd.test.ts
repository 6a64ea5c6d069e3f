import { describe, expect, it } from 'vitest';
import { machineFor } from './machine.js';
import { ctime, loginBanner } from './motd.js';

const NOW = Date.UTC(2026, 0, 10, 9, 5, 7);
const root = {
  name: 'root',
  uid: 0,
  gid: 0,
  home: '/root',
  shell: '/bin/bash',
  groups: [{ name: 'root', gid: 0 }],
};
const machine = (distro: string) =>
  machineFor(
    {
      name: 'decky-2',
      hostname: 'web-02',
      ip: '10.0.0.5',
      distro,
      osProfile: 'linux',
      archetype: 'web-server',
      seed: 17,
    },
    NOW,
  );
const last = { at: Date.UTC(2026, 0, 5, 7, 3, 1), from: '203.0.113.5' };

describe('loginBanner', () => {
  it('prints Ubuntu 22.04’s update-motd with the system information block', () => {
    const text = loginBanner(machine('ubuntu22'), root, last, NOW);
    expect(
      text.startsWith(
        'Welcome to Ubuntu 22.04.5 LTS (GNU/Linux 5.15.0-126-generic x86_64)\n\n * Documentation:  https://help.ubuntu.com\n',
      ),
    ).toBe(true);
    expect(text).toContain(' System information as of Sat Jan 10 09:05:07 AM UTC 2026\n');
    expect(text).toMatch(/\n {2}System load: {2}\d+\.\d+ +Processes: +\d+\n/);
    expect(text).toMatch(/\n {2}Usage of \/: {3}\d+\.\d% of \d+\.\d\dGB +Users logged in: +0\n/);
    expect(text).toMatch(/IPv4 address for \w+: 10\.0\.0\.5\n/);
    expect(text).toContain('Expanded Security Maintenance for Applications is not enabled.');
    expect(text.endsWith('\nLast login: Mon Jan  5 07:03:01 2026 from 203.0.113.5\n')).toBe(true);
  });

  it('prints Debian’s uname line and licence text, then the last login right after', () => {
    const m = machine('debian12');
    const text = loginBanner(m, root, last, NOW);
    expect(text).toBe(
      `Linux web-02 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64\n\nThe programs included with the Debian GNU/Linux system are free software;\nthe exact distribution terms for each program are described in the\nindividual files in /usr/share/doc/*/copyright.\n\nDebian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\npermitted by applicable law.\nLast login: Mon Jan  5 07:03:01 2026 from 203.0.113.5\n`,
    );
  });

  it('prints Alpine’s welcome without a last-login line, Rocky’s cockpit hint, CentOS nothing but lastlog', () => {
    expect(loginBanner(machine('alpine319'), root, last, NOW)).toMatch(
      /^Welcome to Alpine!\n\nThe Alpine Wiki contains/,
    );
    expect(loginBanner(machine('alpine319'), root, last, NOW)).not.toContain('Last login');
    expect(loginBanner(machine('rocky9'), root, last, NOW)).toBe(
      'Activate the web console with: systemctl enable --now cockpit.socket\n\nLast login: Mon Jan  5 07:03:01 2026 from 203.0.113.5\n',
    );
    expect(loginBanner(machine('centos7'), root, null, NOW)).toBe('');
  });

  it('formats times as ctime does, day padded with a space', () => {
    expect(ctime(Date.UTC(2024, 11, 5, 9, 0, 0))).toBe('Thu Dec  5 09:00:00 2024');
  });
});

describe('loginBanner on FreeBSD', () => {
  it('prints sshd’s last login, then /var/run/motd: the kernel version and the stock welcome', () => {
    const text = loginBanner(machine('freebsd14'), { ...root, shell: '/bin/sh' }, last, NOW);
    expect(text).toMatch(
      /^Last login: Mon Jan {2}5 07:03:01 2026 from 203\.0\.113\.5\nFreeBSD 14\.1-RELEASE-p6 GENERIC\n\nWelcome to FreeBSD!\n/,
    );
    expect(text).toContain('Show the version of FreeBSD installed:  freebsd-version ; uname -a\n');
    expect(text).not.toMatch(/Linux|GNU/);
  });
});
