/**
 * A Windows decky's base tree: drive C: as a stock install of its release leaves it (Windows with
 * System32 and the hosts file, Program Files, ProgramData, the profiles under Users, inetpub where IIS
 * runs, SQL Server where the decky is a database server), built once per decky and shared by its
 * sessions, which overlay it copy-on-write like a Linux decky's tree. Stored at `/C:/…` (see paths.ts).
 */
import { seededRandom } from '../../shared/seeded-random.js';
import type { Machine } from '../command.js';
import type { BaseTree } from '../vfs/base-tree.js';
import type { FileContent } from '../vfs/node.js';
import { type NodeOptions, TreeBuilder } from '../vfs/tree-builder.js';
import { modeFor } from './attributes.js';
import { storePath } from './paths.js';
import { identityOf, releaseOf, rolesOf } from './system.js';

const DAY_MS = 86_400_000;

/** Accounts whose profile a stock install has (the built-in Administrator logs in over SSH). */
export const BUILT_IN_PROFILES = ['Administrator', 'Public'] as const;

/** Executables and libraries of System32 an attacker lists or runs, with their sizes on a 2019+ build. */
const SYSTEM32_FILES: ReadonlyArray<readonly [string, number]> = [
  ['advapi32.dll', 676_928],
  ['arp.exe', 34_816],
  ['at.exe', 33_280],
  ['bcdedit.exe', 375_296],
  ['attrib.exe', 21_504],
  ['bitsadmin.exe', 200_192],
  ['cacls.exe', 32_768],
  ['certutil.exe', 1_439_232],
  ['cmd.exe', 289_792],
  ['cmdkey.exe', 18_432],
  ['conhost.exe', 867_328],
  ['cscript.exe', 161_792],
  ['csrss.exe', 17_312],
  ['ctfmon.exe', 12_288],
  ['curl.exe', 485_376],
  ['dllhost.exe', 20_784],
  ['find.exe', 20_480],
  ['findstr.exe', 36_352],
  ['ftp.exe', 54_272],
  ['getmac.exe', 74_752],
  ['gpupdate.exe', 29_184],
  ['hostname.exe', 11_264],
  ['icacls.exe', 43_520],
  ['ipconfig.exe', 29_184],
  ['kernel32.dll', 774_480],
  ['lsass.exe', 59_728],
  ['mmc.exe', 2_009_600],
  ['mshta.exe', 14_848],
  ['more.com', 29_696],
  ['msiexec.exe', 66_048],
  ['nslookup.exe', 97_280],
  ['net.exe', 57_856],
  ['net1.exe', 172_544],
  ['netsh.exe', 94_208],
  ['netstat.exe', 40_448],
  ['notepad.exe', 201_216],
  ['ntdll.dll', 2_061_480],
  ['ntoskrnl.exe', 10_935_096],
  ['nltest.exe', 115_712],
  ['ping.exe', 21_504],
  ['query.exe', 28_160],
  ['quser.exe', 24_576],
  ['reg.exe', 73_216],
  ['regsvr32.exe', 25_600],
  ['robocopy.exe', 126_976],
  ['route.exe', 22_016],
  ['rundll32.exe', 71_680],
  ['sc.exe', 69_632],
  ['schtasks.exe', 235_520],
  ['services.exe', 717_752],
  ['shutdown.exe', 25_600],
  ['smss.exe', 154_040],
  ['sort.exe', 32_768],
  ['svchost.exe', 51_696],
  ['systeminfo.exe', 92_160],
  ['taskkill.exe', 92_672],
  ['tasklist.exe', 98_304],
  ['timeout.exe', 30_208],
  ['tracert.exe', 14_848],
  ['tree.com', 18_432],
  ['user32.dll', 1_631_968],
  ['vssadmin.exe', 144_384],
  ['wbem', -1],
  ['where.exe', 51_712],
  ['whoami.exe', 74_240],
  ['wevtutil.exe', 230_400],
  ['wininit.exe', 385_536],
  ['winlogon.exe', 880_640],
  ['wscript.exe', 168_960],
  ['xcopy.exe', 46_080],
  ['drivers', -1],
  ['config', -1],
  ['spool', -1],
  ['Tasks', -1],
  ['LogFiles', -1],
  ['en-US', -1],
  ['WindowsPowerShell', -1],
  ['OpenSSH', -1],
];

/** The stock hosts file of every Windows since Vista (CRLF). */
const HOSTS = [
  '# Copyright (c) 1993-2009 Microsoft Corp.',
  '#',
  '# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.',
  '#',
  '# This file contains the mappings of IP addresses to host names. Each',
  '# entry should be kept on an individual line. The IP address should',
  '# be placed in the first column followed by the corresponding host name.',
  '# The IP address and the host name should be separated by at least one',
  '# space.',
  '#',
  '# Additionally, comments (such as these) may be inserted on individual',
  "# lines or following the machine name denoted by a '#' symbol.",
  '#',
  '# For example:',
  '#',
  '#      102.54.94.97     rhino.acme.com          # source server',
  '#       38.25.63.10     x.acme.com              # x client host',
  '',
  '# localhost name resolution is handled within DNS itself.',
  '#\t127.0.0.1       localhost',
  '#\t::1             localhost',
  '',
].join('\r\n');

const DESKTOP_INI = [
  '',
  '[.ShellClassInfo]',
  'LocalizedResourceName=@%SystemRoot%\\system32\\shell32.dll,-21769',
  'IconResource=%SystemRoot%\\system32\\imageres.dll,-183',
  '',
].join('\r\n');

/** Folders every profile has (the Default profile's skeleton). */
export const PROFILE_FOLDERS = [
  '3D Objects',
  'AppData\\Local\\Microsoft\\Windows\\INetCache',
  'AppData\\Local\\Temp',
  'AppData\\LocalLow',
  'AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup',
  'Contacts',
  'Desktop',
  'Documents',
  'Downloads',
  'Favorites',
  'Links',
  'Music',
  'Pictures',
  'Saved Games',
  'Searches',
  'Videos',
] as const;

/** The first bytes of a PE image (its DOS stub), padded to `size`: what `type` of an .exe shows. */
export function peImage(size: number): Buffer {
  const image = Buffer.alloc(Math.max(size, 256));
  image.write('MZ', 0, 'latin1');
  image.writeUInt32LE(0x80, 0x3c);
  image.write('This program cannot be run in DOS mode.\r\r\n$', 0x4e, 'latin1');
  image.write('PE\0\0', 0x80, 'latin1');
  image.writeUInt16LE(0x8664, 0x84);
  return image;
}

function lazyImage(size: number): FileContent {
  return { kind: 'lazy', size, make: () => peImage(size) };
}

export function windowsBaseTreeFor(machine: Machine): BaseTree {
  const random = seededRandom(machine.persona.seed, 'windows:tree');
  const release = releaseOf(machine);
  const identity = identityOf(machine);
  const roles = rolesOf(machine);
  const installMs = identity.installMs;
  const tree = new TreeBuilder(random, installMs);
  const at = (offsetDays: number): NodeOptions => ({
    mtimeMs: installMs + offsetDays * DAY_MS + random.int(0, DAY_MS - 1),
  });
  const dir = (path: string, options: NodeOptions = {}) => tree.dir(storePath(path), options);
  const file = (path: string, content: string | Buffer | FileContent, options: NodeOptions = {}) =>
    tree.file(storePath(path), content, { mode: modeFor('file', { archive: true }), ...options });
  const hiddenSystem = { mode: modeFor('file', { hidden: true, system: true, archive: true }) };
  const releaseTime = { mtimeMs: release.releasedMs - 2 * DAY_MS };

  dir('C:\\');
  dir('C:\\PerfLogs', releaseTime);
  dir('C:\\$Recycle.Bin', { mode: modeFor('dir', { hidden: true, system: true }) });
  dir('C:\\System Volume Information', { mode: modeFor('dir', { hidden: true, system: true }) });
  file('C:\\pagefile.sys', { kind: 'lazy', size: 0, make: () => Buffer.alloc(0) }, hiddenSystem);

  // Windows and System32.
  for (const [name, size] of SYSTEM32_FILES) {
    const path = `C:\\Windows\\System32\\${name}`;
    if (size < 0) dir(path, releaseTime);
    else file(path, lazyImage(size), releaseTime);
  }
  file('C:\\Windows\\System32\\drivers\\etc\\hosts', HOSTS, releaseTime);
  file(
    'C:\\Windows\\System32\\drivers\\etc\\networks',
    '# Copyright (c) 1993-1999 Microsoft Corp.\r\n',
    releaseTime,
  );
  file(
    'C:\\Windows\\System32\\drivers\\etc\\protocol',
    '# Copyright (c) 1993-2006 Microsoft Corp.\r\n',
    releaseTime,
  );
  file(
    'C:\\Windows\\System32\\drivers\\etc\\services',
    '# Copyright (c) 1993-2004 Microsoft Corp.\r\n',
    releaseTime,
  );
  file('C:\\Windows\\System32\\drivers\\tcpip.sys', lazyImage(3_218_248), releaseTime);
  for (const hive of ['SAM', 'SECURITY', 'SOFTWARE', 'SYSTEM', 'DEFAULT'])
    file(
      `C:\\Windows\\System32\\config\\${hive}`,
      lazyImage(262_144 * (hive === 'SOFTWARE' ? 300 : 40)),
      at(0),
    );
  file('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', lazyImage(452_608), releaseTime);
  for (const exe of ['sshd.exe', 'ssh.exe', 'scp.exe', 'sftp-server.exe', 'ssh-agent.exe'])
    file(
      `C:\\Windows\\System32\\OpenSSH\\${exe}`,
      lazyImage(exe === 'sshd.exe' ? 1_095_168 : 483_840),
      releaseTime,
    );
  file('C:\\Windows\\System32\\wbem\\WMIC.exe', lazyImage(571_392), releaseTime);
  for (const name of [
    'explorer.exe',
    'regedit.exe',
    'notepad.exe',
    'win.ini',
    'system.ini',
    'WindowsUpdate.log',
  ])
    file(
      `C:\\Windows\\${name}`,
      name.endsWith('.ini')
        ? '; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n'
        : lazyImage(name === 'explorer.exe' ? 4_874_208 : 360_448),
      releaseTime,
    );
  for (const sub of [
    'SysWOW64',
    'Temp',
    'Logs',
    'Fonts',
    'Tasks',
    'debug',
    'Prefetch',
    'SoftwareDistribution',
    'WinSxS',
    'assembly',
    'Microsoft.NET',
  ])
    dir(`C:\\Windows\\${sub}`, releaseTime);
  file('C:\\Windows\\SysWOW64\\cmd.exe', lazyImage(236_544), releaseTime);
  file('C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe', lazyImage(433_152), releaseTime);
  file('C:\\Windows\\Panther\\unattend.xml', unattend(machine), at(0));

  // Program Files.
  for (const sub of [
    'Common Files',
    'Internet Explorer',
    'Windows Defender',
    'WindowsPowerShell',
    'VMware\\VMware Tools',
    'Windows NT\\Accessories',
  ])
    dir(`C:\\Program Files\\${sub}`, releaseTime);
  for (const sub of [
    'Common Files',
    'Internet Explorer',
    'Windows Defender',
    'WindowsPowerShell',
    'Windows NT',
  ])
    dir(`C:\\Program Files (x86)\\${sub}`, releaseTime);
  file('C:\\Program Files\\Windows Defender\\MpCmdRun.exe', lazyImage(1_143_688), releaseTime);
  for (const sub of [
    'Microsoft\\Windows Defender',
    'Microsoft\\Crypto\\RSA\\MachineKeys',
    'ssh',
    'Package Cache',
  ])
    dir(`C:\\ProgramData\\${sub}`, at(0));
  tree.dir(storePath('C:\\ProgramData'), { mode: modeFor('dir', { hidden: true }) });
  file('C:\\ProgramData\\ssh\\sshd_config', SSHD_CONFIG, at(1));
  file('C:\\ProgramData\\ssh\\administrators_authorized_keys', '', at(1));
  file('C:\\ProgramData\\ssh\\logs\\sshd.log', '', at(1));

  if (roles.iis) {
    file('C:\\inetpub\\wwwroot\\iisstart.htm', IIS_START, at(2));
    file('C:\\inetpub\\wwwroot\\iisstart.png', lazyImage(98_757), at(2));
    file('C:\\inetpub\\wwwroot\\web.config', WEB_CONFIG, at(3));
    dir('C:\\inetpub\\logs\\LogFiles\\W3SVC1', at(2));
    dir('C:\\inetpub\\custerr\\en-US', at(2));
    dir('C:\\inetpub\\temp', at(2));
    file('C:\\Windows\\System32\\inetsrv\\w3wp.exe', lazyImage(28_672), releaseTime);
    file('C:\\Windows\\System32\\inetsrv\\appcmd.exe', lazyImage(138_240), releaseTime);
  }
  if (roles.mssql) {
    const root = 'C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL';
    file(`${root}\\Binn\\sqlservr.exe`, lazyImage(486_264), at(4));
    file(`${root}\\DATA\\master.mdf`, lazyImage(4_718_592), at(4));
    file(`${root}\\Log\\ERRORLOG`, 'Microsoft SQL Server 2019 (RTM-CU28) - 15.0.4385.2 (X64)\r\n', at(4));
    dir(`${root}\\Backup`, at(4));
  }

  // Profiles.
  for (const name of BUILT_IN_PROFILES) seedProfile(tree, name, installMs);
  dir('C:\\Users\\Default', { mode: modeFor('dir', { hidden: true }), mtimeMs: release.releasedMs });
  for (const folder of PROFILE_FOLDERS) dir(`C:\\Users\\Default\\${folder}`, { mtimeMs: release.releasedMs });
  file('C:\\Users\\desktop.ini', DESKTOP_INI, { ...hiddenSystem, mtimeMs: release.releasedMs });

  return { machine, root: tree.root, nextIno: tree.nextIno };
}

function seedProfile(tree: TreeBuilder, name: string, installMs: number): void {
  const home = `C:\\Users\\${name}`;
  const options = { mtimeMs: installMs };
  if (name === 'Public') {
    for (const folder of ['Documents', 'Downloads', 'Music', 'Pictures', 'Videos', 'Desktop'])
      tree.dir(storePath(`${home}\\${folder}`), options);
    tree.dir(storePath(`${home}\\Desktop`), { ...options, mode: modeFor('dir', { hidden: true }) });
    return;
  }
  for (const folder of PROFILE_FOLDERS) tree.dir(storePath(`${home}\\${folder}`), options);
  tree.dir(storePath(`${home}\\AppData`), { ...options, mode: modeFor('dir', { hidden: true }) });
  tree.file(storePath(`${home}\\NTUSER.DAT`), lazyImage(786_432), {
    ...options,
    mode: modeFor('file', { hidden: true, archive: true }),
  });
  tree.file(storePath(`${home}\\Desktop\\desktop.ini`), DESKTOP_INI, {
    ...options,
    mode: modeFor('file', { hidden: true, system: true, archive: true }),
  });
}

function unattend(machine: Machine): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<unattend xmlns="urn:schemas-microsoft-com:unattend">',
    '  <settings pass="specialize">',
    '    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64">',
    `      <ComputerName>${identityOf(machine).computerName}</ComputerName>`,
    '      <TimeZone>UTC</TimeZone>',
    '    </component>',
    '  </settings>',
    '  <settings pass="oobeSystem">',
    '    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64">',
    '      <UserAccounts>',
    '        <AdministratorPassword>',
    '          <Value>*SENSITIVE*DATA*DELETED*</Value>',
    '          <PlainText>false</PlainText>',
    '        </AdministratorPassword>',
    '      </UserAccounts>',
    '    </component>',
    '  </settings>',
    '</unattend>',
    '',
  ].join('\r\n');
}

const SSHD_CONFIG = [
  '# This is the sshd server system-wide configuration file.  See',
  '# sshd_config(5) for more information.',
  '',
  '#Port 22',
  '#PermitRootLogin prohibit-password',
  'AuthorizedKeysFile\t.ssh/authorized_keys',
  '#PasswordAuthentication yes',
  '',
  '# override default of no subsystems',
  'Subsystem\tsftp\tsftp-server.exe',
  '',
  'Match Group administrators',
  '       AuthorizedKeysFile __PROGRAMDATA__/ssh/administrators_authorized_keys',
  '',
].join('\r\n');

const IIS_START =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
  '<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" />\r\n' +
  '<title>IIS Windows Server</title>\r\n</head>\r\n<body>\r\n<div id="container">\r\n' +
  '<a href="http://go.microsoft.com/fwlink/?linkid=66138&amp;clcid=0x409"><img src="iisstart.png" alt="IIS" width="960" height="600" /></a>\r\n' +
  '</div>\r\n</body>\r\n</html>';

const WEB_CONFIG = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<configuration>',
  '    <system.webServer>',
  '        <defaultDocument>',
  '            <files>',
  '                <add value="index.aspx" />',
  '            </files>',
  '        </defaultDocument>',
  '    </system.webServer>',
  '    <connectionStrings>',
  '        <add name="AppDb" connectionString="Server=SQL01;Database=portal;Integrated Security=True" />',
  '    </connectionStrings>',
  '</configuration>',
  '',
].join('\r\n');
