/**
 * `net`: user, localgroup, share, view, use, start, session, accounts, config. Reads answer from the
 * decky's accounts; changes (`net user x y /add`) are acknowledged as Windows acknowledges them and
 * leave nothing behind outside the session.
 */

import { localAccounts } from '../accounts.js';
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { windowsServices } from '../processes.js';
import { identityOf, releaseOf, rolesOf } from '../system.js';

const DONE = 'The command completed successfully.\r\n\r\n';

export const netCommand = defineCmd({
  name: 'net',
  aliases: ['net1'],
  path: 'C:\\Windows\\System32\\net.exe',
  run: (ctx) => {
    const [verb = '', ...rest] = ctx.args;
    switch (verb.toLowerCase()) {
      case 'user':
      case 'users':
        return user(ctx, rest);
      case 'localgroup':
        return localgroup(ctx, rest);
      case 'group':
        ctx.stderr(
          'This command can be used only on a Windows Domain Controller.\r\n\r\nMore help is available by typing NET HELPMSG 3515.\r\n\r\n',
        );
        return 2;
      case 'share':
        return share(ctx, rest);
      case 'view':
        ctx.stderr(
          'System error 6118 has occurred.\r\n\r\nThe list of servers for this workgroup is not currently available\r\n\r\n',
        );
        return 2;
      case 'use':
        if (rest.length === 0) {
          ctx.stdout('New connections will be remembered.\r\n\r\nThere are no entries in the list.\r\n\r\n');
          return 0;
        }
        ctx.stderr('System error 53 has occurred.\r\n\r\nThe network path was not found.\r\n\r\n');
        return 2;
      case 'start':
        return start(ctx, rest);
      case 'stop':
        ctx.stderr('System error 5 has occurred.\r\n\r\nAccess is denied.\r\n\r\n');
        return 2;
      case 'session':
      case 'sessions':
        ctx.stdout('There are no entries in the list.\r\n\r\n');
        return 0;
      case 'accounts':
        ctx.stdout(
          [
            'Force user logoff how long after time expires?:       Never',
            'Minimum password age (days):                          0',
            'Maximum password age (days):                          42',
            'Minimum password length:                              0',
            'Length of password history maintained:                None',
            'Lockout threshold:                                    Never',
            'Lockout duration (minutes):                           30',
            'Lockout observation window (minutes):                 30',
            `Computer role:                                        ${releaseOf(ctx.machine).server ? 'SERVER' : 'WORKSTATION'}`,
            DONE,
          ].join('\r\n'),
        );
        return 0;
      case 'config':
        ctx.stdout(
          'The following running services can be controlled:\r\n\r\n   Server\r\n   Workstation\r\n\r\n' +
            DONE,
        );
        return 0;
      case 'time':
        ctx.stderr(
          'Could not locate a time-server.\r\n\r\nMore help is available by typing NET HELPMSG 3912.\r\n\r\n',
        );
        return 2;
      case '':
        ctx.stdout(
          'The syntax of this command is:\r\n\r\nNET\r\n    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\r\n      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |\r\n      STATISTICS | STOP | TIME | USE | USER | VIEW ]\r\n',
        );
        return 1;
      default:
        ctx.stderr(
          'The syntax of this command is:\r\n\r\nNET\r\n    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\r\n      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |\r\n      STATISTICS | STOP | TIME | USE | USER | VIEW ]\r\n',
        );
        return 1;
    }
  },
});

function user(ctx: CmdContext, args: readonly string[]): number {
  const accounts = localAccounts(ctx.machine, ctx.user.name);
  const computer = identityOf(ctx.machine).computerName;
  const names = args.filter((a) => !a.startsWith('/'));
  if (names.length === 0) {
    const cells = accounts.map((a) => a.name.padEnd(25));
    const rows: string[] = [];
    for (let i = 0; i < cells.length; i += 3)
      rows.push(
        cells
          .slice(i, i + 3)
          .join('')
          .replace(/\s+$/, ''),
      );
    ctx.stdout(
      `\r\nUser accounts for \\\\${computer}\r\n\r\n${'-'.repeat(79)}\r\n${rows.join('\r\n')}\r\n${DONE}`,
    );
    return 0;
  }
  if (args.some((a) => /^\/(add|del|delete|active)/i.test(a)) || names.length > 1) {
    ctx.stdout(DONE);
    return 0;
  }
  const account = accounts.find((a) => a.name.toLowerCase() === (names[0] as string).toLowerCase());
  if (!account) {
    ctx.stderr(
      'The user name could not be found.\r\n\r\nMore help is available by typing NET HELPMSG 2221.\r\n\r\n',
    );
    return 2;
  }
  const field = (k: string, v: string) => `${k.padEnd(29)}${v}`;
  const set = 'Never';
  const groups =
    account.name === 'Administrator' || account.name === ctx.user.name
      ? '*Administrators'
      : account.name === 'Guest'
        ? '*Guests'
        : '*System Managed Accounts Group';
  ctx.stdout(
    [
      field('User name', account.name),
      field('Full Name', ''),
      field('Comment', account.comment),
      field("User's comment", ''),
      field('Country/region code', '000 (System Default)'),
      field('Account active', account.enabled ? 'Yes' : 'No'),
      field('Account expires', 'Never'),
      '',
      field('Password last set', set),
      field('Password expires', 'Never'),
      field('Password changeable', set),
      field('Password required', 'Yes'),
      field('User may change password', 'Yes'),
      '',
      field('Workstations allowed', 'All'),
      field('Logon script', ''),
      field('User profile', ''),
      field('Home directory', ''),
      field('Last logon', account.enabled ? 'Today' : 'Never'),
      '',
      field('Logon hours allowed', 'All'),
      '',
      field('Local Group Memberships', groups),
      field('Global Group memberships', '*None'),
      DONE,
    ].join('\r\n'),
  );
  return 0;
}

function localgroup(ctx: CmdContext, args: readonly string[]): number {
  const computer = identityOf(ctx.machine).computerName;
  const names = args.filter((a) => !a.startsWith('/'));
  if (names.length === 0) {
    const groups = [
      'Access Control Assistance Operators',
      'Administrators',
      'Backup Operators',
      'Certificate Service DCOM Access',
      'Cryptographic Operators',
      'Device Owners',
      'Distributed COM Users',
      'Event Log Readers',
      'Guests',
      'Hyper-V Administrators',
      'IIS_IUSRS',
      'Network Configuration Operators',
      'Performance Log Users',
      'Performance Monitor Users',
      'Power Users',
      'Print Operators',
      'RDS Endpoint Servers',
      'RDS Management Servers',
      'RDS Remote Access Servers',
      'Remote Desktop Users',
      'Remote Management Users',
      'Replicator',
      'Storage Replica Administrators',
      'System Managed Accounts Group',
      'Users',
    ];
    ctx.stdout(
      `\r\nAliases for \\\\${computer}\r\n\r\n${'-'.repeat(79)}\r\n${groups.map((g) => `*${g}`).join('\r\n')}\r\n${DONE}`,
    );
    return 0;
  }
  if (args.some((a) => /^\/(add|del|delete)/i.test(a)) || names.length > 1) {
    ctx.stdout(DONE);
    return 0;
  }
  const group = (names[0] as string).toLowerCase();
  const members: Readonly<Record<string, readonly string[]>> = {
    administrators: [...new Set(['Administrator', ctx.user.name])],
    users: ['NT AUTHORITY\\Authenticated Users', 'NT AUTHORITY\\INTERACTIVE'],
    guests: ['Guest'],
    'remote desktop users': [],
    'remote management users': [],
  };
  const list = members[group];
  if (list === undefined) {
    ctx.stderr(
      'The specified local group does not exist.\r\n\r\nMore help is available by typing NET HELPMSG 3780.\r\n\r\n',
    );
    return 2;
  }
  const comments: Readonly<Record<string, string>> = {
    administrators: 'Administrators have complete and unrestricted access to the computer/domain',
    users:
      'Users are prevented from making accidental or intentional system-wide changes and can run most applications',
    guests:
      'Guests have the same access as members of the Users group by default, except for the Guest account which is further restricted',
    'remote desktop users': 'Members in this group are granted the right to logon remotely',
    'remote management users':
      'Members of this group can access WMI resources over management protocols (such as WS-Management via the Windows Remote Management service). This applies only to WMI namespaces that grant access to the user.',
  };
  const shownName = (names[0] as string).replace(/^./, (c) => c.toUpperCase());
  ctx.stdout(
    `Alias name     ${shownName}\r\nComment        ${comments[group]}\r\n\r\nMembers\r\n\r\n${'-'.repeat(79)}\r\n${list.map((m) => `${m}\r\n`).join('')}${DONE}`,
  );
  return 0;
}

function share(ctx: CmdContext, args: readonly string[]): number {
  if (args.length > 0 && !args[0]?.startsWith('/')) {
    if (args.some((a) => a.includes('='))) {
      ctx.stdout(`${args[0]?.split('=')[0]} was shared successfully.\r\n\r\n`);
      return 0;
    }
  }
  const rows: Array<[string, string, string]> = [
    ['C$', 'C:\\', 'Default share'],
    ['IPC$', '', 'Remote IPC'],
    ['ADMIN$', 'C:\\Windows', 'Remote Admin'],
  ];
  if (rolesOf(ctx.machine).iis) rows.push(['wwwroot', 'C:\\inetpub\\wwwroot', '']);
  if (rolesOf(ctx.machine).domainController)
    rows.push(
      ['NETLOGON', 'C:\\Windows\\SYSVOL\\sysvol\\scripts', 'Logon server share'],
      ['SYSVOL', 'C:\\Windows\\SYSVOL\\sysvol', 'Logon server share'],
    );
  const lines = rows.map(([name, path, remark]) =>
    `${name.padEnd(13)}${path.padEnd(32)}${remark}`.replace(/\s+$/, ''),
  );
  ctx.stdout(
    `\r\nShare name   Resource                        Remark\r\n\r\n${'-'.repeat(79)}\r\n${lines.join('\r\n')}\r\n${DONE}`,
  );
  return 0;
}

function start(ctx: CmdContext, args: readonly string[]): number {
  if (args.length === 0) {
    const running = windowsServices(ctx.machine).filter((s) => s.running);
    ctx.stdout(
      `These Windows services are started:\r\n\r\n${running.map((s) => `   ${s.displayName}\r\n`).join('')}\r\n${DONE}`,
    );
    return 0;
  }
  const wanted = args.join(' ').replace(/"/g, '').toLowerCase();
  const service = windowsServices(ctx.machine).find(
    (s) => s.name.toLowerCase() === wanted || s.displayName.toLowerCase() === wanted,
  );
  if (!service) {
    ctx.stderr(
      'The service name is invalid.\r\n\r\nMore help is available by typing NET HELPMSG 2185.\r\n\r\n',
    );
    return 2;
  }
  if (service.running) {
    ctx.stderr(
      'The requested service has already been started.\r\n\r\nMore help is available by typing NET HELPMSG 2182.\r\n\r\n',
    );
    return 2;
  }
  ctx.stderr('System error 5 has occurred.\r\n\r\nAccess is denied.\r\n\r\n');
  return 2;
}
