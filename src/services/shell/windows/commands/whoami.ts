/** `whoami`: the account (`host\user`), its SID, groups and privileges (an elevated administrator's token, as sshd gives one). */

import { ADMINISTRATOR_RID, qualifiedName, userSid } from '../accounts.js';
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { invalidOption } from './lib/switches.js';
import { table } from './lib/table.js';

const ENABLED = 'Mandatory group, Enabled by default, Enabled group';

const GROUPS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['Everyone', 'Well-known group', 'S-1-1-0', ENABLED],
  ['BUILTIN\\Administrators', 'Alias', 'S-1-5-32-544', `${ENABLED}, Group owner`],
  ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545', ENABLED],
  ['NT AUTHORITY\\NETWORK', 'Well-known group', 'S-1-5-2', ENABLED],
  ['NT AUTHORITY\\Authenticated Users', 'Well-known group', 'S-1-5-11', ENABLED],
  ['NT AUTHORITY\\This Organization', 'Well-known group', 'S-1-5-15', ENABLED],
  ['NT AUTHORITY\\Local account', 'Well-known group', 'S-1-5-113', ENABLED],
  [
    'NT AUTHORITY\\Local account and member of Administrators group',
    'Well-known group',
    'S-1-5-114',
    ENABLED,
  ],
  ['NT AUTHORITY\\NTLM Authentication', 'Well-known group', 'S-1-5-64-10', ENABLED],
  ['Mandatory Label\\High Mandatory Level', 'Label', 'S-1-16-12288', ''],
];

/** An elevated administrator's privileges and their default state (whoami /priv on Server 2019). */
const PRIVILEGES: ReadonlyArray<readonly [string, string, string]> = [
  ['SeIncreaseQuotaPrivilege', 'Adjust memory quotas for a process', 'Disabled'],
  ['SeSecurityPrivilege', 'Manage auditing and security log', 'Disabled'],
  ['SeTakeOwnershipPrivilege', 'Take ownership of files or other objects', 'Disabled'],
  ['SeLoadDriverPrivilege', 'Load and unload device drivers', 'Disabled'],
  ['SeSystemProfilePrivilege', 'Profile system performance', 'Disabled'],
  ['SeSystemtimePrivilege', 'Change the system time', 'Disabled'],
  ['SeProfileSingleProcessPrivilege', 'Profile single process', 'Disabled'],
  ['SeIncreaseBasePriorityPrivilege', 'Increase scheduling priority', 'Disabled'],
  ['SeCreatePagefilePrivilege', 'Create a pagefile', 'Disabled'],
  ['SeBackupPrivilege', 'Back up files and directories', 'Disabled'],
  ['SeRestorePrivilege', 'Restore files and directories', 'Disabled'],
  ['SeShutdownPrivilege', 'Shut down the system', 'Disabled'],
  ['SeDebugPrivilege', 'Debug programs', 'Enabled'],
  ['SeSystemEnvironmentPrivilege', 'Modify firmware environment values', 'Disabled'],
  ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'Enabled'],
  ['SeRemoteShutdownPrivilege', 'Force shutdown from a remote system', 'Disabled'],
  ['SeUndockPrivilege', 'Remove computer from docking station', 'Disabled'],
  ['SeManageVolumePrivilege', 'Perform volume maintenance tasks', 'Disabled'],
  ['SeImpersonatePrivilege', 'Impersonate a client after authentication', 'Enabled'],
  ['SeCreateGlobalPrivilege', 'Create global objects', 'Enabled'],
  ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'Disabled'],
  ['SeTimeZonePrivilege', 'Change the time zone', 'Disabled'],
  ['SeCreateSymbolicLinkPrivilege', 'Create symbolic links', 'Disabled'],
  [
    'SeDelegateSessionUserImpersonatePrivilege',
    'Obtain an impersonation token for another user in the same session',
    'Disabled',
  ],
];

export const whoamiCommand = defineCmd({
  name: 'whoami',
  path: 'C:\\Windows\\System32\\whoami.exe',
  run: (ctx) => {
    const name = qualifiedName(ctx.machine, ctx.user);
    const options = ctx.args.map((a) => a.toLowerCase().replace(/^-/, '/'));
    if (options.length === 0) {
      ctx.stdout(`${name}\r\n`);
      return 0;
    }
    let out = '';
    for (const option of options) {
      switch (option) {
        case '/user':
          out += userSection(ctx, name);
          break;
        case '/groups':
          out += groupSection();
          break;
        case '/priv':
          out += privilegeSection();
          break;
        case '/all':
          out += userSection(ctx, name) + groupSection() + privilegeSection();
          break;
        case '/upn':
          ctx.stderr(
            'ERROR: Unable to get User Principal Name (UPN) as the current logged-on user\r\n       is not a domain user.\r\n',
          );
          return 1;
        case '/fqdn':
          ctx.stderr(
            'ERROR: Unable to get Fully Qualified Distinguished Name (FQDN) as the current\r\n       logged-on user is not a domain user.\r\n',
          );
          return 1;
        case '/logonid':
          ctx.stdout('S-1-5-5-0-2318417\r\n');
          return 0;
        case '/?':
          ctx.stdout(
            '\r\nWHOAMI [/UPN | /FQDN | /LOGONID]\r\n\r\nWHOAMI { [/USER] [/GROUPS] [/CLAIMS] [/PRIV] } [/FO format] [/NH]\r\n\r\nWHOAMI /ALL [/FO format] [/NH]\r\n',
          );
          return 0;
        default:
          return invalidOption(ctx, 'whoami', option);
      }
    }
    ctx.stdout(out);
    return 0;
  },
});

function userSection(ctx: CmdContext, name: string): string {
  const rid = ctx.user.uid === ADMINISTRATOR_RID ? ADMINISTRATOR_RID : ctx.user.uid;
  return `\r\nUSER INFORMATION\r\n----------------\r\n\r\n${table(['User Name', 'SID'], [[name, userSid(ctx.machine, rid)]])}`;
}

function groupSection(): string {
  return `\r\nGROUP INFORMATION\r\n-----------------\r\n\r\n${table(['Group Name', 'Type', 'SID', 'Attributes'], GROUPS)}`;
}

function privilegeSection(): string {
  return `\r\nPRIVILEGES INFORMATION\r\n----------------------\r\n\r\n${table(['Privilege Name', 'Description', 'State'], PRIVILEGES)}`;
}
