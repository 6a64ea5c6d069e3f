/**
 * `reg query` over a few keys attackers read (Run keys, Winlogon, the product key, RDP and LSA settings,
 * the installed software list); `reg add`/`delete` are acknowledged (and logged with the line), `reg
 * save` of SAM/SYSTEM is refused as the real one is without a backup privilege enabled.
 */
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { identityOf, releaseOf } from '../system.js';

type Value = readonly [name: string, type: string, data: string];

function keys(ctx: CmdContext): Map<string, { values: readonly Value[]; subkeys: readonly string[] }> {
  const release = releaseOf(ctx.machine);
  const identity = identityOf(ctx.machine);
  const computer = identity.computerName;
  const installSeconds = Math.floor(identity.installMs / 1000);
  const entries: Array<[string, readonly Value[], readonly string[]]> = [
    [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      [
        ['SystemRoot', 'REG_SZ', 'C:\\Windows'],
        ['BuildBranch', 'REG_SZ', release.server && release.build === '17763' ? 'rs5_release' : 'vb_release'],
        ['BuildLab', 'REG_SZ', `${release.build}.rs5_release.180914-1434`],
        ['CurrentBuild', 'REG_SZ', release.build],
        ['CurrentBuildNumber', 'REG_SZ', release.build],
        ['CurrentVersion', 'REG_SZ', '6.3'],
        ['DisplayVersion', 'REG_SZ', release.displayVersion],
        ['EditionID', 'REG_SZ', release.server ? 'ServerStandard' : 'Professional'],
        ['InstallationType', 'REG_SZ', release.server ? 'Server' : 'Client'],
        ['InstallDate', 'REG_DWORD', `0x${installSeconds.toString(16)}`],
        ['ProductId', 'REG_SZ', identity.productId],
        ['ProductName', 'REG_SZ', release.productName],
        ['RegisteredOrganization', 'REG_SZ', ''],
        ['RegisteredOwner', 'REG_SZ', release.server ? 'Windows User' : 'user'],
        ['ReleaseId', 'REG_SZ', release.displayVersion === '1809' ? '1809' : '2009'],
        ['UBR', 'REG_DWORD', `0x${Number(release.version.split('.')[3] ?? 0).toString(16)}`],
      ],
      ['Winlogon', 'ProfileList', 'Schedule'],
    ],
    [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
      [
        ['AutoRestartShell', 'REG_DWORD', '0x1'],
        ['DefaultDomainName', 'REG_SZ', computer],
        ['DefaultUserName', 'REG_SZ', 'Administrator'],
        ['LegalNoticeCaption', 'REG_SZ', ''],
        ['Shell', 'REG_SZ', 'explorer.exe'],
        ['Userinit', 'REG_SZ', 'C:\\Windows\\system32\\userinit.exe,'],
      ],
      [],
    ],
    [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
      [['SecurityHealth', 'REG_EXPAND_SZ', '%windir%\\system32\\SecurityHealthSystray.exe']],
      [],
    ],
    ['HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', [], []],
    [
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
      [
        ['fDenyTSConnections', 'REG_DWORD', '0x0'],
        ['fSingleSessionPerUser', 'REG_DWORD', '0x1'],
      ],
      ['WinStations'],
    ],
    [
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
      [
        ['auditbasedirectories', 'REG_DWORD', '0x0'],
        ['crashonauditfail', 'REG_DWORD', '0x0'],
        ['disabledomaincreds', 'REG_DWORD', '0x0'],
        ['everyoneincludesanonymous', 'REG_DWORD', '0x0'],
        ['LimitBlankPasswordUse', 'REG_DWORD', '0x1'],
        ['NoLmHash', 'REG_DWORD', '0x1'],
        ['restrictanonymous', 'REG_DWORD', '0x0'],
        ['restrictanonymoussam', 'REG_DWORD', '0x1'],
      ],
      ['Kerberos', 'MSV1_0'],
    ],
    [
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest',
      [
        ['Debuglevel', 'REG_DWORD', '0x0'],
        ['UTF8HTTPAuth', 'REG_DWORD', '0x0'],
      ],
      [],
    ],
    [
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName',
      [['ComputerName', 'REG_SZ', computer]],
      [],
    ],
    [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System',
      [
        ['ConsentPromptBehaviorAdmin', 'REG_DWORD', '0x5'],
        ['EnableLUA', 'REG_DWORD', '0x1'],
        ['FilterAdministratorToken', 'REG_DWORD', '0x0'],
        ['LocalAccountTokenFilterPolicy', 'REG_DWORD', '0x1'],
      ],
      [],
    ],
    ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender', [], ['Policy Manager']],
  ];
  return new Map(entries.map(([key, values, subkeys]) => [key.toLowerCase(), { values, subkeys }]));
}

const ROOTS: Readonly<Record<string, string>> = {
  hklm: 'HKEY_LOCAL_MACHINE',
  hkcu: 'HKEY_CURRENT_USER',
  hkcr: 'HKEY_CLASSES_ROOT',
  hku: 'HKEY_USERS',
  hkcc: 'HKEY_CURRENT_CONFIG',
};

function fullKey(key: string): string {
  const [root = '', ...rest] = key.replace(/\\+$/, '').split('\\');
  const expanded = ROOTS[root.toLowerCase()] ?? root.toUpperCase();
  return [expanded, ...rest].join('\\');
}

export const regCommand = defineCmd({
  name: 'reg',
  path: 'C:\\Windows\\System32\\reg.exe',
  run: (ctx) => {
    const [verb = '', key = '', ...rest] = ctx.args;
    switch (verb.toLowerCase()) {
      case 'query':
        return query(ctx, key, rest);
      case 'add':
      case 'delete':
      case 'import':
      case 'copy':
        ctx.stdout('The operation completed successfully.\r\n');
        return 0;
      case 'save':
      case 'export':
        if (/\\(sam|security)$/i.test(key)) {
          ctx.stderr('ERROR: A required privilege is not held by the client.\r\n');
          return 1;
        }
        ctx.stdout('The operation completed successfully.\r\n');
        return 0;
      default:
        ctx.stderr(`ERROR: Invalid syntax.\r\nType "REG /?" for usage.\r\n`);
        return 1;
    }
  },
});

function query(ctx: CmdContext, key: string, rest: readonly string[]): number {
  const name = fullKey(key);
  if (!/^HKEY_/.test(name)) {
    ctx.stderr('ERROR: Invalid key name.\r\nType "REG QUERY /?" for usage.\r\n');
    return 1;
  }
  const entry = keys(ctx).get(name.toLowerCase());
  if (!entry) {
    ctx.stderr('ERROR: The system was unable to find the specified registry key or value.\r\n');
    return 1;
  }
  const valueName = rest.findIndex((a) => a.toLowerCase() === '/v');
  const values =
    valueName === -1
      ? entry.values
      : entry.values.filter(([n]) => n.toLowerCase() === (rest[valueName + 1] ?? '').toLowerCase());
  if (valueName !== -1 && values.length === 0) {
    ctx.stderr('ERROR: The system was unable to find the specified registry key or value.\r\n');
    return 1;
  }
  // Values, a blank line, then the subkeys (reg's own layout).
  let out = `\r\n${name}\r\n${values.map(([n, t, d]) => `    ${n}    ${t}    ${d}\r\n`).join('')}\r\n`;
  if (valueName === -1) out += entry.subkeys.map((sub) => `${name}\\${sub}\r\n`).join('');
  ctx.stdout(out);
  return 0;
}
