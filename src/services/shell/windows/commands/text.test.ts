import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from '../testing.js';

const HOSTS = 'C:\\Windows\\System32\\drivers\\etc\\hosts';

describe('text commands', () => {
  it.each<[string, string]>([
    [
      `find "localhost" ${HOSTS}`,
      `\r\n---------- ${HOSTS.toUpperCase()}\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n`,
    ],
    [`find /c "localhost" ${HOSTS}`, `\r\n---------- ${HOSTS.toUpperCase()}: 3\r\n`],
    ['ver | find "Version"', 'Microsoft Windows [Version 10.0.17763.6659]\r\n'],
    ['ver | find /i "version"', 'Microsoft Windows [Version 10.0.17763.6659]\r\n'],
    ['ver | find /v /c ""', '2\r\n'],
    ['tasklist | findstr /i sshd', ''],
    [`findstr /n rhino ${HOSTS}`, '16:#      102.54.94.97     rhino.acme.com          # source server\r\n'],
    [
      `findstr /c:"source server" ${HOSTS}`,
      '#      102.54.94.97     rhino.acme.com          # source server\r\n',
    ],
    [
      `findstr /r "^#.*acme" ${HOSTS}`,
      '#      102.54.94.97     rhino.acme.com          # source server\r\n#       38.25.63.10     x.acme.com              # x client host\r\n',
    ],
    ['findstr /s /m iisstart C:\\inetpub\\*.htm', 'wwwroot\\iisstart.htm\r\n'],
    ['(echo b & echo a & echo C) | sort', 'a \r\nb \r\nC\r\n'],
    ['(echo b & echo a) | sort /r', 'b \r\na\r\n'],
    [`more ${HOSTS} | find "::1"`, '#\t::1             localhost\r\n'],
  ])('%s', async (line, expected) => {
    const t = new WindowsTestSession();
    const r = await t.exec(line);
    if (line.includes('sshd')) expect(r.stdout).toMatch(/^sshd\.exe +\d+ Services +0 +[\d,]+ K\r\nsshd\.exe/);
    else expect(r.stdout).toBe(expected);
  });

  it.each<[string, string, number]>([
    ['find localhost', 'FIND: Parameter format not correct\r\n', 2],
    ['find "x" C:\\nope.txt', 'File not found - C:\\NOPE.TXT\r\n', 1],
    ['findstr', 'FINDSTR: Bad command line\r\n', 2],
    ['findstr x C:\\nope.txt', 'FINDSTR: Cannot open C:\\nope.txt\r\n', 1],
  ])('%s fails as the tool does', async (line, stderr, status) => {
    const t = new WindowsTestSession();
    const r = await t.exec(line);
    expect(r.stderr).toBe(stderr);
    expect(r.status).toBe(status);
  });
});
