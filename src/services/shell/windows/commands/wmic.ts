/**
 * `wmic`: the aliases attackers query (os, computersystem, process, service, useraccount, qfe,
 * logicaldisk, product, nicconfig, shadowcopy), with `get` property lists, `list brief|full`, `where`
 * filters on process names, and `process call create` (logged, acknowledged, nothing started). Output
 * lines end in `\r\r\n`, as wmic's really do.
 */

import { localAccounts, qualifiedName, userSid } from '../accounts.js';
import type { CmdContext } from '../command.js';
import { defineCmd } from '../command.js';
import { windowsServices } from '../processes.js';
import { hardwareOf, identityOf, memoryMiB, releaseOf, volumeBytes } from '../system.js';
import { processesFor } from './lib/session-processes.js';

type Row = Record<string, string>;

interface Alias {
  rows(ctx: CmdContext): Row[];
  /** Columns of `list brief`. */
  brief: readonly string[];
}

const EOL = '\r\r\n';

function wmiDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}.500000+000`;
}

const ALIASES: Readonly<Record<string, Alias>> = {
  os: {
    brief: ['BuildNumber', 'Organization', 'RegisteredUser', 'SerialNumber', 'SystemDirectory', 'Version'],
    rows: (ctx) => {
      const release = releaseOf(ctx.machine);
      const identity = identityOf(ctx.machine);
      return [
        {
          BuildNumber: release.build,
          Caption: `Microsoft ${release.productName}`,
          CSName: identity.computerName,
          InstallDate: wmiDate(identity.installMs),
          LastBootUpTime: wmiDate(ctx.machine.bootMs),
          OSArchitecture: '64-bit',
          Organization: '',
          RegisteredUser: release.server ? 'Windows User' : 'user',
          SerialNumber: identity.productId,
          SystemDirectory: 'C:\\Windows\\system32',
          TotalVisibleMemorySize: String(memoryMiB(ctx.machine) * 1024),
          Version: `10.0.${release.build}`,
          WindowsDirectory: 'C:\\Windows',
        },
      ];
    },
  },
  computersystem: {
    brief: ['Domain', 'Manufacturer', 'Model', 'Name', 'PrimaryOwnerName', 'TotalPhysicalMemory'],
    rows: (ctx) => {
      const hardware = hardwareOf(ctx.machine);
      return [
        {
          Domain: 'WORKGROUP',
          Manufacturer: hardware.manufacturer,
          Model: hardware.model,
          Name: identityOf(ctx.machine).computerName,
          NumberOfLogicalProcessors: String(ctx.machine.cpu.cores),
          PartOfDomain: 'FALSE',
          PrimaryOwnerName: 'Windows User',
          SystemType: 'x64-based PC',
          TotalPhysicalMemory: String(memoryMiB(ctx.machine) * 1024 * 1024),
          UserName: qualifiedName(ctx.machine, ctx.user).toUpperCase(),
        },
      ];
    },
  },
  process: {
    brief: ['HandleCount', 'Name', 'Priority', 'ProcessId', 'ThreadCount', 'WorkingSetSize'],
    rows: (ctx) =>
      processesFor(ctx, 'WMIC.exe').map((p) => ({
        CommandLine: p.commandLine,
        HandleCount: String(p.pid === 0 ? 0 : 80 + (p.pid % 900)),
        Name: p.name,
        ParentProcessId: String(p.parentPid),
        Priority: String(p.pid <= 4 ? (p.pid === 0 ? 0 : 8) : 8),
        ProcessId: String(p.pid),
        ThreadCount: String(p.pid === 0 ? ctx.machine.cpu.cores : 2 + (p.pid % 23)),
        WorkingSetSize: String(p.memoryKiB * 1024),
      })),
  },
  service: {
    brief: ['ExitCode', 'Name', 'ProcessId', 'StartMode', 'State', 'Status'],
    rows: (ctx) =>
      windowsServices(ctx.machine).map((s) => ({
        Caption: s.displayName,
        DisplayName: s.displayName,
        ExitCode: s.running ? '0' : '1077',
        Name: s.name,
        ProcessId: String(s.pid),
        StartMode: s.running ? 'Auto' : 'Manual',
        State: s.running ? 'Running' : 'Stopped',
        Status: 'OK',
      })),
  },
  useraccount: {
    brief: ['AccountType', 'Caption', 'Domain', 'FullName', 'Name', 'SID'],
    rows: (ctx) => {
      const computer = identityOf(ctx.machine).computerName;
      return localAccounts(ctx.machine, ctx.user.name).map((a) => ({
        AccountType: '512',
        Caption: `${computer}\\${a.name}`,
        Disabled: a.enabled ? 'FALSE' : 'TRUE',
        Domain: computer,
        FullName: '',
        Name: a.name,
        SID: userSid(ctx.machine, a.rid),
      }));
    },
  },
  qfe: {
    brief: ['Caption', 'Description', 'HotFixID', 'InstalledOn'],
    rows: (ctx) =>
      releaseOf(ctx.machine).hotfixes.map((kb) => ({
        Caption: `https://support.microsoft.com/help/${kb.slice(2)}`,
        Description: kb === releaseOf(ctx.machine).hotfixes[0] ? 'Security Update' : 'Update',
        HotFixID: kb,
        InstalledOn: '',
      })),
  },
  logicaldisk: {
    brief: ['DeviceID', 'DriveType', 'FreeSpace', 'ProviderName', 'Size', 'VolumeName'],
    rows: (ctx) => {
      const { total, free } = volumeBytes(ctx.machine);
      return [
        {
          Caption: 'C:',
          DeviceID: 'C:',
          DriveType: '3',
          FileSystem: 'NTFS',
          FreeSpace: String(free),
          ProviderName: '',
          Size: String(total),
          VolumeName: '',
          VolumeSerialNumber: identityOf(ctx.machine).volumeSerial.replace('-', ''),
        },
      ];
    },
  },
  product: {
    brief: ['IdentifyingNumber', 'Name', 'Vendor', 'Version'],
    rows: (ctx) =>
      hardwareOf(ctx.machine).manufacturer === 'VMware, Inc.'
        ? [
            {
              IdentifyingNumber: '{0E6E1B7A-4A3B-4B0E-9D2B-1E7A0C5C0F11}',
              Name: 'VMware Tools',
              Vendor: 'VMware, Inc.',
              Version: '12.4.5.23787635',
            },
          ]
        : [],
  },
  nicconfig: {
    brief: [
      'DHCPEnabled',
      'IPAddress',
      'DefaultIPGateway',
      'DNSDomain',
      'ServiceName',
      'Description',
      'Index',
    ],
    rows: (ctx) => [
      {
        DefaultIPGateway: `{"${ctx.machine.network.gateway}"}`,
        Description: hardwareOf(ctx.machine).adapterDescription,
        DHCPEnabled: 'FALSE',
        DNSDomain: '',
        Index: '1',
        IPAddress: `{"${ctx.machine.network.ip}"}`,
        MACAddress: ctx.machine.network.mac.toUpperCase(),
        ServiceName: 'vmxnet3ndis6',
      },
    ],
  },
  shadowcopy: { brief: ['ID', 'InstallDate', 'VolumeName'], rows: () => [] },
  startup: { brief: ['Caption', 'Command', 'User'], rows: () => [] },
};

/** wmic's table: each column as wide as its widest cell plus two spaces, properties in alphabetical order. */
function render(rows: readonly Row[], columns: readonly string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)) + 2);
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('');
  return `${line(columns)}${EOL}${rows.map((r) => `${line(columns.map((c) => r[c] ?? ''))}${EOL}`).join('')}${EOL}`;
}

export const wmicCommand = defineCmd({
  name: 'wmic',
  path: 'C:\\Windows\\System32\\wbem\\WMIC.exe',
  run: (ctx) => {
    const words = ctx.args.filter((a) => !/^\/(node|user|password|namespace|locale|output|format)/i.test(a));
    if (ctx.args.some((a) => /^\/node:/i.test(a) && !/^\/node:("?)(localhost|127\.0\.0\.1|\.)\1$/i.test(a))) {
      ctx.stderr(
        `Node - ${ctx.args.find((a) => /^\/node:/i.test(a))?.slice(6)}\r\nERROR:\r\nDescription = The RPC server is unavailable.\r\n\r\n`,
      );
      return 1;
    }
    if (words.length === 0) {
      ctx.stdout('wmic:root\\cli>');
      return 0;
    }
    const aliasName = (words[0] as string).toLowerCase();
    const alias = ALIASES[aliasName];
    if (!alias) {
      ctx.stderr(`${words[0]} - Alias not found.\r\n`);
      return 44135;
    }
    let rest = words.slice(1);
    let rows = alias.rows(ctx);
    if ((rest[0] ?? '').toLowerCase() === 'where') {
      const condition = rest[1] ?? '';
      rest = rest.slice(2);
      // The C runtime has already removed double quotes: `name="x"` arrives as `name=x`.
      const match = /^\(?\s*(\w+)\s*(=|\s+like\s+)\s*'?([^']*?)'?\s*\)?$/i.exec(condition.replace(/"/g, ''));
      if (!match) {
        ctx.stderr('ERROR:\r\nDescription = Invalid query\r\n\r\n');
        return 44125;
      }
      const [, field, op, value] = match as unknown as [string, string, string, string];
      const key = Object.keys(rows[0] ?? {}).find((k) => k.toLowerCase() === field.toLowerCase()) ?? field;
      const pattern = new RegExp(
        `^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`,
        'i',
      );
      rows = rows.filter((r) =>
        op.trim().toLowerCase() === 'like'
          ? pattern.test(r[key] ?? '')
          : (r[key] ?? '').toLowerCase() === value.toLowerCase(),
      );
    }
    const verb = (rest[0] ?? 'list').toLowerCase();
    if (verb === 'call') return call(ctx, aliasName, rest.slice(1));
    if (verb === 'delete') {
      ctx.stdout(
        rows.length === 0
          ? 'No Instance(s) Available.\r\n'
          : `Deleting instance \\\\${identityOf(ctx.machine).computerName}\\ROOT\\CIMV2:${aliasName}\r\nInstance deletion successful.\r\n`,
      );
      return 0;
    }
    if (rows.length === 0) {
      ctx.stderr('No Instance(s) Available.\r\n');
      return 0;
    }
    if (verb === 'get') {
      const wanted = rest
        .slice(1)
        .join(',')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '' && !c.startsWith('/'));
      const known = Object.keys(rows[0] as Row);
      const columns =
        wanted.length === 0
          ? known
          : wanted.map((w) => known.find((k) => k.toLowerCase() === w.toLowerCase()) ?? '');
      if (columns.includes('')) {
        ctx.stderr('Invalid GET Expression.\r\n');
        return 44125;
      }
      ctx.stdout(
        render(
          rows,
          [...columns].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
        ),
      );
      return 0;
    }
    if (verb === 'list') {
      const format = (rest[1] ?? 'brief').toLowerCase();
      if (format === 'full') {
        ctx.stdout(
          rows
            .map(
              (r) =>
                `${EOL}${EOL}${Object.entries(r)
                  .map(([k, v]) => `${k}=${v}${EOL}`)
                  .join('')}`,
            )
            .join('') + EOL,
        );
        return 0;
      }
      ctx.stdout(render(rows, alias.brief));
      return 0;
    }
    ctx.stderr(`Invalid Verb Switch.\r\n`);
    return 44125;
  },
});

function call(ctx: CmdContext, alias: string, args: readonly string[]): number {
  const method = (args[0] ?? '').toLowerCase();
  if (alias === 'process' && method === 'create') {
    // The command line is logged with the rest of the line; nothing starts.
    const pid = 4000 + (Math.floor(ctx.clock.now() / 1000) % 4000) * 4;
    ctx.stdout(
      `Executing (Win32_Process)->Create()\r\nMethod execution successful.\r\nOut Parameters:\r\ninstance of __PARAMETERS\r\n{\r\n\tProcessId = ${pid};\r\n\tReturnValue = 0;\r\n};\r\n\r\n`,
    );
    return 0;
  }
  ctx.stderr('ERROR:\r\nDescription = Invalid method Parameter(s)\r\n\r\n');
  return 44125;
}
