import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from '../testing.js';

describe('system commands', () => {
  it.each<[string, RegExp]>([
    [
      'tasklist',
      /^\r\nImage Name {21}PID Session Name {8}Session# {4}Mem Usage\r\n={25} ={8} ={16} ={11} ={12}\r\nSystem Idle Process {14}0 Services {19}0 {10}8 K\r\nSystem {27}4 Services/,
    ],
    ['tasklist', /^lsass\.exe +\d+ Services +0 +[\d,]+ K\r$/m],
    ['tasklist', /^tasklist\.exe +\d+ Services +0 +[\d,]+ K\r\n$/m],
    ['tasklist /svc', /^sshd\.exe +\d+ sshd\r$/m],
    ['tasklist /fi "imagename eq lsass.exe"', /^\r\nImage Name[\s\S]*\r\nlsass\.exe +\d+ /],
    ['tasklist /fo csv /nh', /^"System Idle Process","0","Services","0","8 K"\r\n/],
    ['taskkill /f /im lsass.exe', /^$/],
    [
      'sc query sshd',
      /^\r\nSERVICE_NAME: sshd\r\n {8}TYPE {15}: 30 {2}WIN32\r\n {8}STATE {14}: 4 {2}RUNNING\r\n/,
    ],
    ['sc queryex WinDefend', /^ {8}PID {16}: \d+\r$/m],
    [
      'sc query nosuch',
      /^\[SC\] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service\.\r\n/,
    ],
    [
      'reg query "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" /v ProductName',
      /^\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n {4}ProductName {4}REG_SZ {4}Windows Server 2019 Standard\r\n\r\n$/,
    ],
    [
      'reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
      /^ {4}restrictanonymous {4}REG_DWORD {4}0x0\r$/m,
    ],
    [
      'reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v x /d c:\\x.exe /f',
      /^The operation completed successfully\.\r\n$/,
    ],
    ['schtasks /query', /^Folder: \\\r\nTaskName {33}Next Run Time {10}Status {9}\r\n={40} ={22} ={15}\r\n/m],
    [
      'schtasks /create /tn Updater /tr c:\\x.exe /sc onlogon',
      /^SUCCESS: The scheduled task "Updater" has successfully been created\.\r\n$/,
    ],
    [
      'wmic os get caption,version',
      /^Caption {33}Version {5}\r\r\nMicrosoft Windows Server 2019 Standard {2}10\.0\.17763 {2}\r\r\n\r\r\n$/,
    ],
    ['wmic computersystem get name,domain', /^Domain {5}Name {10}\r\r\nWORKGROUP {2}SRV-FILES-01 {2}\r\r\n/],
    [
      'wmic process list brief',
      /^HandleCount {2}Name {17}Priority {2}ProcessId {2}ThreadCount {2}WorkingSetSize {2}\r\r\n/,
    ],
    ['wmic process where name="lsass.exe" get processid', /^ProcessId {2}\r\r\n\d+ +\r\r\n/],
    ['wmic useraccount get name,sid', /^Administrator +S-1-5-21-\d+-\d+-\d+-500 +\r\r$/m],
    [
      'wmic process call create "cmd.exe /c calc"',
      /^Executing \(Win32_Process\)->Create\(\)\r\nMethod execution successful\.\r\n/,
    ],
    ['wmic shadowcopy delete', /^No Instance\(s\) Available\.\r\n$/],
    ['net share', /^C\$ {11}C:\\ {29}Default share\r$/m],
    ['net use', /^New connections will be remembered\.\r\n\r\nThere are no entries in the list\.\r\n/],
    ['net user hacker P@ssw0rd /add', /^The command completed successfully\.\r\n\r\n$/],
    ['net start', /^These Windows services are started:\r\n\r\n {3}Base Filtering Engine\r\n/],
    [
      'query user',
      /^ administrator {9}console {13}1 {2}Active {6}none {3}\d+\/\d+\/\d{4} \d+:\d\d [AP]M\r$/m,
    ],
    [
      'icacls C:\\Windows',
      /^C:\\Windows NT SERVICE\\TrustedInstaller:\(OI\)\(CI\)\(F\)\r\n {11}NT AUTHORITY\\SYSTEM:\(OI\)\(CI\)\(F\)\r\n/,
    ],
    ['cmdkey /list', /^\r\nCurrently stored credentials:\r\n\r\n\* NONE \*\r\n$/],
    ['time /t', /^\d\d:\d\d [AP]M\r\n$/],
    [
      'vssadmin list shadows',
      /^vssadmin 1\.1 - Volume Shadow Copy Service administrative command-line tool\r\n\(C\) Copyright 2001-2013 Microsoft Corp\.\r\n\r\nNo items found that satisfy the query\.\r\n$/,
    ],
    ['vssadmin delete shadows /all /quiet', /No items found that satisfy the query\.\r\n$/],
    ['bcdedit /set {default} recoveryenabled No', /^The operation completed successfully\.\r\n$/],
    ['wevtutil el', /^Application\r\n[\s\S]*Security\r\n/],
    ['getmac', /^([0-9A-F]{2}-){5}[0-9A-F]{2} {3}\\Device\\Tcpip_\{[0-9A-F-]+\}\r$/m],
    ['cscript //nologo C:\\x.vbs', /^Input Error: Can not find script file "C:\\x\.vbs"\.\r\n$/],
    ['gpupdate /force', /^Updating policy\.\.\./],
    ['date /t', /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d\/\d\d\/\d{4} \r\n$/],
  ])('%s', async (line, expected) => {
    const t = new WindowsTestSession();
    expect((await t.exec(line)).stdout).toMatch(expected);
  });

  it.each<[string, string, number]>([
    [
      'taskkill /f /im lsass.exe',
      /ERROR: The process with PID \d+ could not be terminated\.\r\nReason: Access is denied\.\r\n/.source,
      1,
    ],
    ['taskkill /pid 99999', 'ERROR: The process "99999" not found\\.\r\n', 128],
    ['shutdown /r /t 0', 'SRV-FILES-01: A system shutdown is in progress\\.\\(1115\\)\r\n', 1115],
    ['timeout /t 5', 'ERROR: Input redirection is not supported, exiting the process immediately\\.\r\n', 1],
    ['net view', 'System error 6118 has occurred\\.', 2],
    [
      'reg query HKLM\\SOFTWARE\\Nope',
      'ERROR: The system was unable to find the specified registry key or value\\.\r\n',
      1,
    ],
    ['reg save HKLM\\SAM C:\\sam.hive', 'ERROR: A required privilege is not held by the client\\.\r\n', 1],
    ['wmic nope', 'nope - Alias not found\\.\r\n', 44135],
    [
      'nltest /domain_trusts',
      'Getting domain trusts failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN\r\n',
      1355,
    ],
    ['wmic /node:10.0.0.5 os get caption', 'ERROR:\r\nDescription = The RPC server is unavailable\\.', 1],
  ])('%s fails as Windows does', async (line, stderr, status) => {
    const t = new WindowsTestSession();
    const r = await t.exec(line);
    expect(r.stderr).toMatch(new RegExp(stderr));
    expect(r.status).toBe(status);
  });

  it('waits out timeout on a console', async () => {
    const t = new WindowsTestSession({ tty: true });
    const before = t.clock.now();
    const r = await t.exec('timeout /t 3');
    expect(r.stdout).toBe('\r\nWaiting for 3 seconds, press a key to continue ...\r\n');
    expect(t.clock.now() - before).toBe(3000);
  });
});
