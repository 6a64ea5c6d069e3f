import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from '../testing.js';

describe('control commands', () => {
  it.each<[string, string]>([
    ['for %i in (a b c) do @echo %i', 'a\r\nb\r\nc\r\n'],
    ['for /l %n in (1,2,7) do @echo %n', '1\r\n3\r\n5\r\n7\r\n'],
    ['for /f "tokens=2 delims=\\" %u in (\'whoami\') do @echo %u', 'administrator\r\n'],
    ['for /f "tokens=1,2" %a in ("one two three") do @echo %b-%a', 'two-one\r\n'],
    [
      'for /f "skip=19 tokens=2" %x in (C:\\Windows\\System32\\drivers\\etc\\hosts) do @echo %x',
      '127.0.0.1\r\n::1\r\n',
    ],
    [
      'for /d %d in (C:\\inetpub\\*) do @echo %d',
      'C:\\inetpub\\custerr\r\nC:\\inetpub\\logs\r\nC:\\inetpub\\temp\r\nC:\\inetpub\\wwwroot\r\n',
    ],
    ['if exist C:\\Windows\\win.ini echo yes', 'yes\r\n'],
    ['if not exist C:\\nope echo missing', 'missing\r\n'],
    ['if defined USERPROFILE echo set', 'set\r\n'],
    ['if /i "%USERNAME%"=="administrator" echo admin', 'admin\r\n'],
    ['if 10 GTR 9 echo bigger', 'bigger\r\n'],
    ['nosuch 2>nul & if errorlevel 1 echo failed', 'failed\r\n'],
    ['call echo called', 'called\r\n'],
    ['pushd C:\\Windows & cd & popd & cd', 'C:\\Windows\r\nC:\\Users\\Administrator\r\n'],
    ['cmd /c "echo one & echo two"', 'one \r\ntwo\r\n'],
    ['cmd.exe /c ver', '\r\nMicrosoft Windows [Version 10.0.17763.6659]\r\n'],
    ['start /b whoami', ''],
    ['setlocal & endlocal & verify', 'VERIFY is off.\r\n'],
  ])('%s', async (line, stdout) => {
    const t = new WindowsTestSession();
    const r = await t.exec(line);
    expect(r.stdout).toBe(stdout);
    expect(t.internalErrors).toEqual([]);
  });

  it('stops a runaway for loop at its bound', async () => {
    const t = new WindowsTestSession();
    const r = await t.exec('for /l %i in (1,0,2) do @echo %i');
    expect(r.stdout.split('\r\n').length - 1).toBeLessThanOrEqual(10_000);
    expect((await t.exec('ver')).status).toBe(0);
  });
});
