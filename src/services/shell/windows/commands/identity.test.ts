import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from '../testing.js';

describe('identity commands', () => {
  it.each<[string, string | RegExp]>([
    ['whoami', 'srv-files-01\\administrator\r\n'],
    ['hostname', 'SRV-FILES-01\r\n'],
    ['ver', '\r\nMicrosoft Windows [Version 10.0.17763.6659]\r\n'],
    [
      'whoami /user',
      /^\r\nUSER INFORMATION\r\n----------------\r\n\r\nUser Name {18}SID\r\n={26} ={10,}\r\nsrv-files-01\\administrator S-1-5-21-\d+-\d+-\d+-500\r\n$/,
    ],
    [
      'whoami /groups',
      /^BUILTIN\\Administrators +Alias +S-1-5-32-544 Mandatory group, Enabled by default, Enabled group, Group owner\r$/m,
    ],
    ['whoami /priv', /^SeImpersonatePrivilege +Impersonate a client after authentication +Enabled\r$/m],
    ['whoami /all', /USER INFORMATION[\s\S]*GROUP INFORMATION[\s\S]*PRIVILEGES INFORMATION/],
    ['set USERNAME', 'USERNAME=Administrator\r\n'],
    ['set comp', 'COMPUTERNAME=SRV-FILES-01\r\n'],
    ['set coms', 'ComSpec=C:\\Windows\\system32\\cmd.exe\r\n'],
    ['echo %COMPUTERNAME%\\%USERNAME%', 'SRV-FILES-01\\Administrator\r\n'],
    ['systeminfo', /^OS Name: {19}Microsoft Windows Server 2019 Standard\r$/m],
    ['systeminfo', /^OS Version: {16}10\.0\.17763 N\/A Build 17763\r$/m],
    ['systeminfo', /^Total Physical Memory: {5}[\d,]+ MB\r$/m],
    ['query user', /^ USERNAME {14}SESSIONNAME {8}ID {2}STATE {3}IDLE TIME {2}LOGON TIME\r\n/],
    [
      'net user Administrator',
      /^User name {20}Administrator\r\n[\s\S]*Local Group Memberships {6}\*Administrators/,
    ],
    [
      'net localgroup administrators',
      /^Members\r\n\r\n-{79}\r\nAdministrator\r\nThe command completed successfully\.\r\n/m,
    ],
  ])('%s', async (line, expected) => {
    const t = new WindowsTestSession();
    const r = await t.exec(line);
    if (typeof expected === 'string') expect(r.stdout).toBe(expected);
    else expect(r.stdout).toMatch(expected);
    expect(r.stderr).toBe('');
  });

  it('prints the release each Windows distro claims', async () => {
    const cases = [
      [
        'windows2022',
        'Microsoft Windows [Version 10.0.20348.2966]',
        'Microsoft Windows Server 2022 Standard',
      ],
      ['windows10', 'Microsoft Windows [Version 10.0.19045.5247]', 'Microsoft Windows 10 Pro'],
      ['windows11', 'Microsoft Windows [Version 10.0.22631.4602]', 'Microsoft Windows 11 Pro'],
    ] as const;
    for (const [distro, version, product] of cases) {
      const t = new WindowsTestSession({ distro, archetype: null });
      expect((await t.exec('ver')).stdout).toBe(`\r\n${version}\r\n`);
      expect((await t.exec('wmic os get caption')).stdout).toContain(product);
    }
  });

  it('gives a login other than Administrator its own profile and name', async () => {
    const t = new WindowsTestSession({ login: 'svc_backup' });
    expect((await t.exec('whoami & cd & echo %USERPROFILE%')).stdout).toBe(
      'srv-files-01\\svc_backup\r\nC:\\Users\\svc_backup\r\nC:\\Users\\svc_backup\r\n',
    );
    expect((await t.exec('net user')).stdout).toContain('svc_backup');
  });

  it('refuses unknown whoami options as whoami does', async () => {
    const t = new WindowsTestSession();
    const r = await t.exec('whoami /bogus');
    expect(r.stderr).toBe('ERROR: Invalid argument/option - \'/bogus\'.\r\nType "WHOAMI /?" for usage.\r\n');
    expect(r.status).toBe(1);
  });
});
