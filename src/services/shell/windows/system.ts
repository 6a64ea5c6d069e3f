/**
 * What a Windows decky says about itself (ver, systeminfo, wmic, ipconfig, the registry): edition, build,
 * install date, product id, hardware vendor and adapter, all derived from the decky's seed and distro so
 * every session and command agrees, and two Windows deckies differ.
 */
import type { Distro } from '../../../fabric/catalogue/distros.js';
import { osProfile } from '../../../fabric/catalogue/os-profiles.js';
import { seededRandom } from '../../shared/seeded-random.js';
import type { Machine } from '../command.js';
import { hypervisorOf } from '../machine.js';

const DAY_MS = 86_400_000;

export interface WindowsRelease {
  /** `Windows Server 2019 Standard`. */
  productName: string;
  /** `10.0.17763.6659`. */
  version: string;
  build: string;
  /** The `(c) …` line cmd prints under the version: the year went away after Windows 10 1809. */
  copyright: string;
  server: boolean;
  /** DisplayVersion / ReleaseId (`1809`, `21H2`, `22H2`, `23H2`). */
  displayVersion: string;
  /** When the release shipped: installs happen after it. */
  releasedMs: number;
  /** KB numbers `systeminfo` lists as installed. */
  hotfixes: readonly string[];
}

const RELEASES: Readonly<Record<string, Omit<WindowsRelease, 'version' | 'build' | 'copyright'>>> = {
  windows2019: {
    productName: 'Windows Server 2019 Standard',
    server: true,
    displayVersion: '1809',
    releasedMs: Date.UTC(2018, 9, 2),
    hotfixes: ['KB5048661', 'KB4486153', 'KB4535680', 'KB5005112', 'KB5048664'],
  },
  windows2022: {
    productName: 'Windows Server 2022 Standard',
    server: true,
    displayVersion: '21H2',
    releasedMs: Date.UTC(2021, 7, 18),
    hotfixes: ['KB5048654', 'KB5012170', 'KB5046540', 'KB5048770'],
  },
  windows10: {
    productName: 'Windows 10 Pro',
    server: false,
    displayVersion: '22H2',
    releasedMs: Date.UTC(2022, 9, 18),
    hotfixes: ['KB5048161', 'KB5011048', 'KB5015684', 'KB5048652', 'KB5014032'],
  },
  windows11: {
    productName: 'Windows 11 Pro',
    server: false,
    displayVersion: '23H2',
    releasedMs: Date.UTC(2023, 9, 31),
    hotfixes: ['KB5048685', 'KB5027397', 'KB5048667'],
  },
};

/** A Windows release: its logins get cmd.exe, and its privileged account is Administrator. */
export function isWindowsDistro(distro: Pick<Distro, 'name' | 'osProfile'>): boolean {
  return osProfile(distro.osProfile)?.family === 'windows' || distro.name.startsWith('windows');
}

export function isWindows(machine: Machine): boolean {
  return isWindowsDistro(machine.distro);
}

export function releaseOf(machine: Machine): WindowsRelease {
  const base = RELEASES[machine.distro.name] ?? (RELEASES.windows2019 as (typeof RELEASES)[string]);
  const version = /\[Version ([\d.]+)\]/.exec(machine.distro.kernelVersion)?.[1] ?? '10.0.17763.6659';
  const build = version.split('.')[2] ?? '17763';
  // Server 2019 is build 1809 and keeps the year; later builds print none.
  const copyright =
    build === '17763'
      ? '(c) 2018 Microsoft Corporation. All rights reserved.'
      : '(c) Microsoft Corporation. All rights reserved.';
  return { ...base, version, build, copyright };
}

/** What cmd.exe prints when it starts (and what `cmd` run again prints). */
export function cmdBanner(machine: Machine): string {
  const release = releaseOf(machine);
  return `Microsoft Windows [Version ${release.version}]\r\n${release.copyright}\r\n`;
}

export interface WindowsHardware {
  manufacturer: string;
  model: string;
  biosVersion: string;
  /** The adapter's connection name (`Ethernet0` under VMware, `Ethernet` elsewhere). */
  adapterName: string;
  adapterDescription: string;
}

export function hardwareOf(machine: Machine): WindowsHardware {
  const hypervisor = hypervisorOf(machine);
  const vendor = hypervisor?.sysVendor ?? '';
  if (/vmware/i.test(vendor))
    return {
      manufacturer: 'VMware, Inc.',
      model: 'VMware7,1',
      biosVersion: 'VMware, Inc. VMW71.00V.21100432.B64.2301110304, 1/11/2023',
      adapterName: 'Ethernet0',
      adapterDescription: 'vmxnet3 Ethernet Adapter',
    };
  if (/innotek|oracle/i.test(vendor))
    return {
      manufacturer: 'innotek GmbH',
      model: 'VirtualBox',
      biosVersion: 'innotek GmbH VirtualBox, 12/1/2006',
      adapterName: 'Ethernet',
      adapterDescription: 'Intel(R) PRO/1000 MT Desktop Adapter',
    };
  if (hypervisor === null)
    return {
      manufacturer: 'Dell Inc.',
      model: 'PowerEdge R640',
      biosVersion: 'Dell Inc. 2.19.1, 4/12/2023',
      adapterName: 'Ethernet',
      adapterDescription: 'Intel(R) Ethernet Connection X722 for 10GbE SFP+',
    };
  return {
    manufacturer: 'QEMU',
    model: 'Standard PC (i440FX + PIIX, 1996)',
    biosVersion: 'SeaBIOS rel-1.16.2-0-gea1b7a073390-prebuilt.qemu.org, 4/1/2014',
    adapterName: 'Ethernet',
    adapterDescription: 'Red Hat VirtIO Ethernet Adapter',
  };
}

export interface WindowsIdentity {
  /** The NetBIOS name: the hostname upper-cased, cut to 15 characters. */
  computerName: string;
  installMs: number;
  /** `00429-70000-00000-AA123`. */
  productId: string;
  /** `1C2E-8A3F`, as `vol` and `dir` print it. */
  volumeSerial: string;
  /** The adapter's GUID in braces. */
  adapterGuid: string;
  /** The per-decky SID prefix of local accounts (`S-1-5-21-a-b-c`). */
  machineSid: string;
}

export function identityOf(machine: Machine): WindowsIdentity {
  const random = seededRandom(machine.persona.seed, 'windows:identity');
  const release = releaseOf(machine);
  const earliest = release.releasedMs + 30 * DAY_MS;
  const latest = Math.max(earliest, machine.bootMs - 5 * DAY_MS);
  const installMs = earliest + Math.floor(random.next() * (latest - earliest));
  const hex = (n: number) =>
    Array.from({ length: n }, () => random.int(0, 15).toString(16))
      .join('')
      .toUpperCase();
  const digits = (n: number) => Array.from({ length: n }, () => String(random.int(0, 9))).join('');
  const sidPart = () => String(random.int(100_000_000, 4_294_967_295));
  return {
    computerName: machine.hostname.split('.')[0]!.toUpperCase().slice(0, 15) || 'WIN-SERVER',
    installMs: installMs - (installMs % 1000),
    productId: `${release.server ? '00429' : '00330'}-${digits(5)}-${digits(5)}-AA${digits(3)}`,
    volumeSerial: `${hex(4)}-${hex(4)}`,
    adapterGuid: `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`,
    machineSid: `S-1-5-21-${sidPart()}-${sidPart()}-${sidPart()}`,
  };
}

/** Roles the decky's archetype implies: what is installed under Program Files and listening. */
export function rolesOf(machine: Machine): { iis: boolean; mssql: boolean; domainController: boolean } {
  const archetype = machine.persona.archetype ?? '';
  return {
    iis: archetype === 'windows-server' || archetype === 'web-server',
    mssql: archetype === 'mssql-server',
    domainController: archetype === 'domain-controller',
  };
}

/**
 * Physical memory in MiB. Windows Server needs 2 GiB to install with a desktop and nobody runs it on
 * less than 4, so a decky seeded smaller reports 4 GiB (less what firmware keeps).
 */
export function memoryMiB(machine: Machine): number {
  return Math.max(Math.round(machine.memoryKiB / 1024), MIN_WINDOWS_MEMORY_MIB);
}

const MIN_WINDOWS_MEMORY_MIB = 4095;

/** Total and free bytes of C: (from the machine's disk, in 1K blocks). */
export function volumeBytes(machine: Machine): { total: number; free: number } {
  const total = machine.disk.blocks * 1024;
  return { total, free: Math.max(0, (machine.disk.blocks - machine.disk.usedBlocks) * 1024) };
}

/** 12,345,678: the thousands separator every Windows tool prints with en-US settings. */
export function groupDigits(value: number): string {
  return Math.max(0, Math.floor(value))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `11/27/2026` and `11:50 PM` (en-US short date and time, as cmd prints them). */
export function shortDate(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

export function shortTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${pad2(h12)}:${pad2(d.getUTCMinutes())} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** `11/27/2026, 11:50:12 PM` as systeminfo prints a moment. */
export function longDateTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h12}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
