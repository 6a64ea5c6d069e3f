import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from '../testing.js';

const DATE = '\\d\\d/\\d\\d/\\d{4}  \\d\\d:\\d\\d [AP]M';

describe('file commands', () => {
  it("lists a directory in dir's exact layout", async () => {
    const t = new WindowsTestSession();
    const r = await t.exec('dir');
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe(' Volume in drive C has no label.');
    expect(lines[1]).toMatch(/^ Volume Serial Number is [0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(lines[2]).toBe('');
    expect(lines[3]).toBe(' Directory of C:\\Users\\Administrator');
    expect(lines[5]).toMatch(new RegExp(`^${DATE}    <DIR>          \\.$`));
    expect(lines[6]).toMatch(new RegExp(`^${DATE}    <DIR>          \\.\\.$`));
    expect(r.stdout).toMatch(new RegExp(`^${DATE}    <DIR>          Desktop\\r$`, 'm'));
    expect(r.stdout).not.toContain('NTUSER.DAT');
    expect(r.stdout).toMatch(/\r\n {15}0 File\(s\) {14}0 bytes\r\n {14}14 Dir\(s\) +[\d,]+ bytes free\r\n$/);
  });

  it.each<[string, RegExp]>([
    ['dir /a', /^\d\d\/\d\d\/\d{4} {2}\d\d:\d\d [AP]M +786,432 NTUSER\.DAT\r$/m],
    ['dir /b C:\\Windows\\System32\\drivers\\etc', /^hosts\r\nnetworks\r\nprotocol\r\nservices\r\n$/],
    ['dir C:\\Windows\\System32\\*.exe', /^\d\d\/\d\d\/\d{4} {2}\d\d:\d\d [AP]M +289,792 cmd\.exe\r$/m],
    ['dir /ad C:\\', /<DIR> {10}Windows\r\n {15}0 File\(s\)/],
    ['dir /s /b C:\\inetpub\\wwwroot', /^C:\\inetpub\\wwwroot\\iisstart\.htm\r\n/],
    [
      'dir C:\\Windows\\System32\\cmd.exe',
      /Directory of C:\\Windows\\System32\r\n\r\n.* cmd\.exe\r\n {15}1 File\(s\) {8}289,792 bytes\r\n {15}0 Dir\(s\)/,
    ],
  ])('%s', async (line, expected) => {
    const t = new WindowsTestSession();
    expect((await t.exec(line)).stdout).toMatch(expected);
  });

  it.each<[string, string]>([
    ['dir C:\\nope', 'File Not Found\r\n'],
    ['dir C:\\nope\\deeper', 'The system cannot find the path specified.\r\n'],
    ['cd C:\\nope', 'The system cannot find the path specified.\r\n'],
    ['cd C:\\Windows\\win.ini', 'The directory name is invalid.\r\n'],
    ['type C:\\nope.txt', 'The system cannot find the file specified.\r\n'],
    ['type C:\\Windows', 'Access is denied.\r\n'],
    [
      'md C:\\Users',
      'A subdirectory or file C:\\Users already exists.\r\nError occurred while processing: C:\\Users.\r\n',
    ],
    ['rd C:\\nope', 'The system cannot find the file specified.\r\n'],
    ['rd C:\\Users\\Administrator', 'The directory is not empty.\r\n'],
    ['del C:\\Users\\Public\\nope.txt', 'Could Not Find C:\\Users\\Public\\nope.txt\r\n'],
    ['copy C:\\nope.txt x', 'The system cannot find the file specified.\r\n'],
    ['ren C:\\nope x', 'The system cannot find the file specified.\r\n'],
    ['cd D:\\', 'The system cannot find the path specified.\r\n'],
    ['cd /d D:\\', 'The system cannot find the path specified.\r\n'],
  ])('%s reports %j', async (line, stderr) => {
    const t = new WindowsTestSession();
    expect((await t.exec(line)).stderr).toBe(stderr);
  });

  it('makes, copies, moves, renames and deletes files and directories', async () => {
    const t = new WindowsTestSession();
    const steps: Array<[string, string]> = [
      ['md tools\\x64', ''],
      ['echo payload> tools\\x64\\a.txt', ''],
      ['copy tools\\x64\\a.txt tools\\b.txt', '        1 file(s) copied.\r\n'],
      ['move tools\\b.txt tools\\c.txt', '        1 file(s) moved.\r\n'],
      ['ren tools\\c.txt d.txt', ''],
      ['type TOOLS\\D.TXT', 'payload\r\n'],
      ['dir /b tools', 'd.txt\r\nx64\r\n'],
      ['del tools\\d.txt', ''],
      ['rd /s /q tools', ''],
      ['if exist tools echo still there', ''],
    ];
    for (const [line, stdout] of steps) expect((await t.exec(line)).stdout, line).toBe(stdout);
    expect(t.written.map((w) => w.path)).toEqual([
      'C:\\Users\\Administrator\\tools\\x64\\a.txt',
      'C:\\Users\\Administrator\\tools\\b.txt',
    ]);
  });

  it('shows and changes attributes', async () => {
    const t = new WindowsTestSession();
    await t.exec('echo x> C:\\Users\\Public\\h.txt');
    expect((await t.exec('attrib C:\\Users\\Public\\h.txt')).stdout).toBe(
      'A                    C:\\Users\\Public\\h.txt\r\n',
    );
    await t.exec('attrib +h +r C:\\Users\\Public\\h.txt');
    expect((await t.exec('attrib C:\\Users\\Public\\h.txt')).stdout).toBe(
      'A     HR             C:\\Users\\Public\\h.txt\r\n',
    );
    expect((await t.exec('dir /b C:\\Users\\Public\\h.txt')).stderr).toBe('File Not Found\r\n');
    expect((await t.exec('del C:\\Users\\Public\\h.txt')).stderr).toContain('Could Not Find');
    expect((await t.exec('echo y> C:\\Users\\Public\\h.txt')).stderr).toBe('Access is denied.\r\n');
  });

  it.each<[string, string | RegExp]>([
    ['vol', /^ Volume in drive C has no label\.\r\n Volume Serial Number is [0-9A-F]{4}-[0-9A-F]{4}\r\n$/],
    ['path', /^PATH=C:\\Windows\\system32;C:\\Windows;/],
    ['where whoami', 'C:\\Windows\\System32\\whoami.exe\r\n'],
    ['where powershell', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\r\n'],
    [
      'tree C:\\inetpub /a',
      /^Folder PATH listing\r\nVolume serial number is [0-9A-F-]+\r\nC:\\INETPUB\r\n\+---custerr\r\n\| {3}\\---en-US\r\n\+---logs\r\n/,
    ],
  ])('%s', async (line, expected) => {
    const t = new WindowsTestSession();
    const out = (await t.exec(line)).stdout;
    if (typeof expected === 'string') expect(out).toBe(expected);
    else expect(out).toMatch(expected);
  });

  it('keeps every change inside the session', async () => {
    const first = new WindowsTestSession();
    await first.exec('echo x> C:\\Windows\\Temp\\mark.txt & del C:\\Windows\\win.ini');
    const second = new WindowsTestSession();
    expect((await second.exec('dir /b C:\\Windows\\Temp\\mark.txt')).stderr).toBe('File Not Found\r\n');
    expect((await second.exec('type C:\\Windows\\win.ini')).stdout).toContain('[fonts]');
  });
});
