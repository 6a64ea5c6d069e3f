import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from './testing.js';

/** Feeds `input` to an interactive session and collects what it printed until it ended. */
async function console(t: WindowsTestSession, input: string): Promise<{ output: string; status: number }> {
  const stream = new PassThrough();
  let output = '';
  const done = t.session.interact(stream, (d) => (output += d.toString('utf8')));
  stream.end(input);
  const status = await done;
  return { output, status };
}

describe('CmdSession exec (cmd.exe /c)', () => {
  it('runs a line with operators and reports each exec line once to the host', async () => {
    const t = new WindowsTestSession();
    const r = await t.exec('whoami && ver & echo %COMPUTERNAME%');
    expect(r.stdout).toBe(
      'srv-files-01\\administrator\r\n\r\nMicrosoft Windows [Version 10.0.17763.6659]\r\nSRV-FILES-01\r\n',
    );
    expect(t.commands).toEqual(['whoami && ver & echo %COMPUTERNAME%']);
    expect(t.internalErrors).toEqual([]);
  });

  it.each([
    ['nosuch || echo fallback', 'fallback\r\n', 0],
    ['nosuch && echo never', '', 9009],
    // The blank before `|` is part of echo's text, as in cmd.
    ['echo a | findstr a', 'a \r\n', 0],
    ['set X=1 & echo %X%', '%X%\r\n', 0],
    ['cd \\ & cd', 'C:\\\r\n', 0],
    ['cd.. & cd', 'C:\\Users\r\n', 0],
    ['cd /d C:\\windows & cd', 'C:\\Windows\r\n', 0],
    ['cd D:\\ & cd', 'C:\\Users\\Administrator\r\n', 0],
    ['echo %OS% %PROCESSOR_ARCHITECTURE% %SystemRoot%', 'Windows_NT AMD64 C:\\Windows\r\n', 0],
    [
      'echo %USERPROFILE% %TEMP%',
      'C:\\Users\\Administrator C:\\Users\\Administrator\\AppData\\Local\\Temp\r\n',
      0,
    ],
    ['echo.', '\r\n', 0],
    ['echo', 'ECHO is on.\r\n', 0],
    ['echo a^&b', 'a&b\r\n', 0],
    ['set /a 6*7', '42', 0],
    ['exit /b 3', '', 3],
  ])('%s', async (line, stdout, status) => {
    const t = new WindowsTestSession();
    const r = await t.exec(line);
    expect(r.stdout).toBe(stdout);
    expect(r.status).toBe(status);
  });

  it('writes, appends and reads back files through redirections, capturing each under its Windows path', async () => {
    const t = new WindowsTestSession();
    const r = await t.exec(
      'echo one> C:\\Users\\Public\\n.txt & echo two>>C:\\Users\\Public\\n.txt & type C:\\users\\public\\N.TXT',
    );
    // The blank before `&` belongs to echo's text, as it does in cmd.
    expect(r.stdout).toBe('one \r\ntwo \r\n');
    expect(t.written.map((w) => w.path)).toEqual(['C:\\Users\\Public\\n.txt', 'C:\\Users\\Public\\n.txt']);
    const errors = await t.exec(
      'dir C:\\nope 2>&1 > C:\\Users\\Public\\x.txt & type C:\\Users\\Public\\x.txt',
    );
    expect(errors.stdout).toContain('File Not Found');
  });

  it('refuses a redirection into a missing directory without running the command', async () => {
    const t = new WindowsTestSession();
    const r = await t.exec('echo x > C:\\nope\\x.txt');
    expect(r.stderr).toBe('The system cannot find the path specified.\r\n');
    expect(r.status).toBe(1);
    expect(t.written).toEqual([]);
  });

  it('reports a syntax error the way cmd does', async () => {
    const t = new WindowsTestSession();
    const r = await t.exec('| whoami');
    expect(r.stderr).toBe('| was unexpected at this time.\r\n');
    expect(r.status).toBe(255);
  });

  it('runs a dropped batch file line by line', async () => {
    const t = new WindowsTestSession();
    await t.exec('echo @echo off> C:\\Users\\Public\\run.bat & echo whoami>> C:\\Users\\Public\\run.bat');
    const r = await t.exec('C:\\Users\\Public\\run.bat');
    expect(r.stdout).toBe('srv-files-01\\administrator\r\n');
  });

  it('stops a line at the output bound and carries on', async () => {
    const t = new WindowsTestSession();
    const r = await t.exec('dir /s C:\\ & dir /s C:\\ & dir /s C:\\');
    expect(r.stdout.length).toBeLessThanOrEqual(1024 * 1024);
    expect((await t.exec('ver')).stdout).toContain('Microsoft Windows');
  });

  it('never throws or reports an internal error on hostile lines', async () => {
    const t = new WindowsTestSession();
    const lines = [
      '%'.repeat(10_000),
      '^'.repeat(10_000),
      `${'('.repeat(500)}echo${')'.repeat(500)}`,
      'set /a (((((((1',
      'set /a 1/0',
      'cd "',
      'dir "C:\\<>|"',
      'type \\\\?\\C:\\',
      'findstr /r "a*a*a*a*a*a*a*b" C:\\Windows\\System32\\drivers\\etc\\hosts',
      'copy nul nul',
      'ren',
      'attrib +h',
      'powershell -enc ////',
      'powershell -c "IEX (IEX (IEX (IEX (IEX (IEX (IEX (IEX (IEX x))))))))"',
      "wmic process where name like '%%%%%%%%%%%%%%%%%%%%x' get name",
      'reg query',
      'if',
      'if not',
      'if a== echo x',
      'cmd /c cmd /c cmd /c cmd /c echo deep',
    ];
    for (const line of lines)
      await expect(t.exec(line)).resolves.toMatchObject({ status: expect.any(Number) });
    expect(t.internalErrors).toEqual([]);
  });
});

describe('CmdSession console', () => {
  it('prompts with Windows OpenSSH PROMPT, echoes lines read without a pty and leaves a blank line after output', async () => {
    const t = new WindowsTestSession();
    const { output, status } = await console(t, 'whoami\r\n\r\nexit 4\r\n');
    expect(output).toBe(
      'administrator@SRV-FILES-01 C:\\Users\\Administrator>whoami\r\nsrv-files-01\\administrator\r\n\r\n' +
        'administrator@SRV-FILES-01 C:\\Users\\Administrator>\r\n' +
        'administrator@SRV-FILES-01 C:\\Users\\Administrator>exit 4\r\n',
    );
    expect(status).toBe(4);
    expect(t.commands).toEqual(['whoami', 'exit 4']);
  });

  it('edits lines on a pty and hides the prompt after echo off', async () => {
    const t = new WindowsTestSession({ tty: true });
    const { output } = await console(t, 'ver\recho off\rwhoami\rexit\r');
    expect(output).toContain(
      'C:\\Users\\Administrator>ver\r\n\r\nMicrosoft Windows [Version 10.0.17763.6659]\r\n\r\n',
    );
    // The console still echoes what is typed; only the prompt (and the blank line) go.
    expect(output).toMatch(/>echo off\r\nwhoami\r\nsrv-files-01\\administrator\r\nexit\r\n$/);
    expect(output).not.toMatch(/>whoami/);
  });

  it('leaves a nested cmd with exit and stays in the session', async () => {
    const t = new WindowsTestSession();
    const { output, status } = await console(t, 'cmd\r\nexit\r\nhostname\r\nexit\r\n');
    expect(output).toContain(
      'Microsoft Windows [Version 10.0.17763.6659]\r\n(c) 2018 Microsoft Corporation. All rights reserved.\r\n',
    );
    expect(output).toContain('SRV-FILES-01\r\n');
    expect(status).toBe(0);
    expect(t.commands).toEqual(['cmd', 'exit', 'hostname', 'exit']);
  });

  it('opens a PowerShell prompt until its exit, logging every line', async () => {
    const t = new WindowsTestSession();
    const { output } = await console(t, 'powershell\r\n$PSVersionTable\r\nexit\r\nver\r\nexit\r\n');
    expect(output).toContain(
      'Windows PowerShell\r\nCopyright (C) Microsoft Corporation. All rights reserved.\r\n',
    );
    expect(output).toContain('PS C:\\Users\\Administrator> $PSVersionTable\r\n');
    expect(output).toContain('PSVersion                      5.1.17763.6659');
    expect(output).toContain('administrator@SRV-FILES-01 C:\\Users\\Administrator>ver');
    expect(t.commands).toEqual(['powershell', '$PSVersionTable', 'exit', 'ver', 'exit']);
  });

  it('ends when the input ends', async () => {
    const t = new WindowsTestSession();
    const { status } = await console(t, 'echo unfinished');
    expect(status).toBe(0);
    expect(t.commands).toEqual(['echo unfinished']);
  });
});
