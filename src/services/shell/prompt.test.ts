// biome-ignore-all lint/suspicious/noTemplateCurlyInString: PS1 text, where ${…} is parameter expansion.
import { describe, expect, it } from 'vitest';
import { ADMIN, ROOT, testMachine } from './interpreter/testing.js';
import { defaultPs1, promptFor, renderPromptEscapes } from './prompt.js';

describe('promptFor', () => {
  const cases: Array<[string, string, typeof ROOT, string, string, string]> = [
    ['Debian root', 'debian12', ROOT, '/root', 'vt100', 'root@web-01:~# '],
    ['Debian user in a subdirectory', 'debian12', ADMIN, '/home/admin/src', 'vt100', 'admin@web-01:~/src$ '],
    ['Ubuntu outside home', 'ubuntu22', ADMIN, '/etc', 'vt100', 'admin@web-01:/etc$ '],
    ['Kali like Debian', 'kali', ROOT, '/root', 'vt100', 'root@web-01:~# '],
    ['Rocky, basename of cwd', 'rocky9', ADMIN, '/var/log', 'xterm', '[admin@web-01 log]$ '],
    ['CentOS at home', 'centos7', ROOT, '/root', 'xterm', '[root@web-01 ~]# '],
    ['Fedora at /', 'fedora39', ROOT, '/', 'xterm', '[root@web-01 /]# '],
    ['Arch', 'arch', ADMIN, '/home/admin', 'xterm', '[admin@web-01 ~]$ '],
    ['Alpine', 'alpine319', ROOT, '/root', 'xterm', 'web-01:~# '],
    ['BusyBox', 'busybox', ROOT, '/root', 'xterm', '~ # '],
    ['FreeBSD', 'freebsd14', ROOT, '/root', 'xterm', 'root@web-01:~ # '],
  ];
  for (const [name, distro, user, cwd, term, expected] of cases) {
    it(`gives ${name} its stock prompt`, () => {
      expect(promptFor(testMachine(distro), user, cwd, user.home, term)).toBe(expected);
    });
  }

  it("colours Ubuntu's prompt and sets the title for xterm-256color", () => {
    expect(promptFor(testMachine('ubuntu22'), ADMIN, '/home/admin', '/home/admin', 'xterm-256color')).toBe(
      '\x1b]0;admin@web-01: ~\x07\x1b[01;32madmin@web-01\x1b[00m:\x1b[01;34m~\x1b[00m$ ',
    );
  });

  it('colours without a title for screen-256color, and neither for plain xterm', () => {
    const machine = testMachine('ubuntu22');
    expect(promptFor(machine, ROOT, '/root', '/root', 'screen-256color')).toBe(
      '\x1b[01;32mroot@web-01\x1b[00m:\x1b[01;34m~\x1b[00m# ',
    );
    expect(promptFor(machine, ROOT, '/root', '/root', 'xterm')).toBe(
      '\x1b]0;root@web-01: ~\x07root@web-01:~# ',
    );
  });

  it('keeps Debian root plain (its PS1 comes from /etc/bash.bashrc)', () => {
    expect(defaultPs1(testMachine('debian12'), ROOT, 'xterm-256color')).toBe(
      '${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ',
    );
  });
});

describe('renderPromptEscapes', () => {
  const info = {
    user: 'u',
    uid: 1000,
    hostname: 'h.example.com',
    cwd: '/home/u/x',
    home: '/home/u',
    nowMs: Date.UTC(2026, 0, 2, 15, 4, 5),
  };
  const cases: Array<[string, string]> = [
    ['\\u@\\h \\H', 'u@h h.example.com'],
    ['\\w \\W \\$', '~/x x $'],
    ['\\[\\e[1m\\]a\\[\\e[0m\\]', '\x1b[1ma\x1b[0m'],
    ['\\t \\A \\@ \\d', '15:04:05 15:04 03:04 PM Fri Jan 02'],
    ['a\\nb\\\\ \\101', 'a\nb\\ A'],
    ['\\s-\\v \\j \\!', 'bash-5.1 0 1'],
  ];
  for (const [ps1, expected] of cases) {
    it(`expands ${JSON.stringify(ps1)}`, () => {
      expect(renderPromptEscapes(ps1, info)).toBe(expected);
    });
  }

  it('shows # for root', () => {
    expect(renderPromptEscapes('\\$', { ...info, uid: 0 })).toBe('#');
  });
});
