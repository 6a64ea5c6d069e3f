/**
 * The processes and listening sockets of a Windows decky (tasklist, wmic process, netstat -ano, sc
 * query): the core of a stock install, the services its roles add (IIS, SQL Server, a domain
 * controller's), and the session's own sshd, cmd and conhost. Pids and memory are seeded per decky, so
 * every command and session agrees with the others.
 */
import { seededRandom } from '../../shared/seeded-random.js';
import type { Machine } from '../command.js';
import { hardwareOf, rolesOf } from './system.js';

export interface WindowsProcess {
  name: string;
  pid: number;
  parentPid: number;
  /** 0 for services, 1 for the console session (workstations), sshd children sit in 0. */
  session: number;
  memoryKiB: number;
  user: string;
  /** Services hosted (for `tasklist /svc`, `sc queryex`). */
  services?: readonly string[];
  commandLine: string;
}

export interface WindowsService {
  name: string;
  displayName: string;
  /** Pid of the hosting process; 0 when stopped. */
  pid: number;
  running: boolean;
}

export interface ListeningPort {
  protocol: 'TCP' | 'UDP';
  address: string;
  port: number;
  pid: number;
}

interface ProcessSeed {
  name: string;
  memory: [number, number];
  user?: string;
  session?: number;
  services?: readonly string[];
  commandLine?: string;
  parent?: string;
}

const SYSTEM = 'NT AUTHORITY\\SYSTEM';
const LOCAL_SERVICE = 'NT AUTHORITY\\LOCAL SERVICE';
const NETWORK_SERVICE = 'NT AUTHORITY\\NETWORK SERVICE';

const CORE: readonly ProcessSeed[] = [
  { name: 'Registry', memory: [30_000, 70_000] },
  { name: 'smss.exe', memory: [1_000, 1_300], commandLine: '\\SystemRoot\\System32\\smss.exe' },
  {
    name: 'csrss.exe',
    memory: [4_500, 6_000],
    commandLine: '%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows',
  },
  { name: 'wininit.exe', memory: [6_000, 7_500], commandLine: 'wininit.exe' },
  { name: 'csrss.exe', memory: [4_800, 5_600], session: 1 },
  { name: 'winlogon.exe', memory: [10_000, 13_000], session: 1, commandLine: 'winlogon.exe' },
  {
    name: 'services.exe',
    memory: [9_000, 11_000],
    parent: 'wininit.exe',
    commandLine: 'C:\\Windows\\system32\\services.exe',
  },
  {
    name: 'lsass.exe',
    memory: [17_000, 24_000],
    parent: 'wininit.exe',
    services: ['KeyIso', 'SamSs', 'VaultSvc'],
    commandLine: 'C:\\Windows\\system32\\lsass.exe',
  },
  {
    name: 'svchost.exe',
    memory: [22_000, 28_000],
    services: ['BrokerInfrastructure', 'DcomLaunch', 'PlugPlay', 'Power', 'SystemEventsBroker'],
    commandLine: 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p',
  },
  {
    name: 'fontdrvhost.exe',
    memory: [3_000, 4_200],
    user: 'Font Driver Host\\UMFD-0',
    commandLine: '"fontdrvhost.exe"',
  },
  {
    name: 'svchost.exe',
    memory: [11_000, 14_000],
    user: NETWORK_SERVICE,
    services: ['RpcEptMapper', 'RpcSs'],
    commandLine: 'C:\\Windows\\system32\\svchost.exe -k RPCSS -p',
  },
  {
    name: 'dwm.exe',
    memory: [35_000, 60_000],
    user: 'Window Manager\\DWM-1',
    session: 1,
    commandLine: '"dwm.exe"',
  },
  {
    name: 'svchost.exe',
    memory: [15_000, 20_000],
    user: LOCAL_SERVICE,
    services: ['EventLog'],
    commandLine: 'C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p',
  },
  {
    name: 'svchost.exe',
    memory: [30_000, 48_000],
    services: ['Schedule', 'ProfSvc', 'Themes', 'UserManager', 'Winmgmt'],
    commandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p',
  },
  {
    name: 'svchost.exe',
    memory: [9_000, 12_000],
    user: NETWORK_SERVICE,
    services: ['Dnscache', 'LanmanWorkstation', 'NlaSvc'],
    commandLine: 'C:\\Windows\\system32\\svchost.exe -k NetworkService -p',
  },
  {
    name: 'svchost.exe',
    memory: [14_000, 18_000],
    user: LOCAL_SERVICE,
    services: ['BFE', 'mpssvc'],
    commandLine: 'C:\\Windows\\system32\\svchost.exe -k LocalServiceNoNetworkFirewall -p',
  },
  { name: 'spoolsv.exe', memory: [12_000, 16_000], commandLine: 'C:\\Windows\\System32\\spoolsv.exe' },
  {
    name: 'svchost.exe',
    memory: [18_000, 25_000],
    user: NETWORK_SERVICE,
    services: ['TermService'],
    commandLine: 'C:\\Windows\\System32\\svchost.exe -k NetworkService',
  },
  {
    name: 'svchost.exe',
    memory: [8_000, 10_000],
    services: ['LanmanServer'],
    commandLine: 'C:\\Windows\\system32\\svchost.exe -k smbsvcs',
  },
  {
    name: 'svchost.exe',
    memory: [9_000, 13_000],
    user: NETWORK_SERVICE,
    services: ['WinRM'],
    commandLine: 'C:\\Windows\\System32\\svchost.exe -k NetworkService -p',
  },
  {
    name: 'MsMpEng.exe',
    memory: [110_000, 190_000],
    services: ['WinDefend'],
    commandLine: '"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.24090.11-0\\MsMpEng.exe"',
  },
  {
    name: 'sshd.exe',
    memory: [6_500, 8_000],
    services: ['sshd'],
    commandLine: 'C:\\Windows\\System32\\OpenSSH\\sshd.exe',
  },
  {
    name: 'WmiPrvSE.exe',
    memory: [15_000, 22_000],
    user: NETWORK_SERVICE,
    commandLine: 'C:\\Windows\\system32\\wbem\\wmiprvse.exe',
  },
  {
    name: 'msdtc.exe',
    memory: [8_000, 10_000],
    user: NETWORK_SERVICE,
    services: ['MSDTC'],
    commandLine: 'C:\\Windows\\System32\\msdtc.exe',
  },
];

const IIS: readonly ProcessSeed[] = [
  {
    name: 'inetinfo.exe',
    memory: [10_000, 14_000],
    services: ['IISADMIN'],
    commandLine: 'C:\\Windows\\system32\\inetsrv\\inetinfo.exe',
  },
  {
    name: 'svchost.exe',
    memory: [9_000, 12_000],
    services: ['W3SVC', 'WAS'],
    commandLine: 'C:\\Windows\\system32\\svchost.exe -k iissvcs',
  },
  {
    name: 'w3wp.exe',
    memory: [40_000, 90_000],
    user: 'IIS APPPOOL\\DefaultAppPool',
    commandLine: 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool"',
  },
];

const MSSQL: readonly ProcessSeed[] = [
  {
    name: 'sqlservr.exe',
    memory: [300_000, 900_000],
    user: 'NT Service\\MSSQLSERVER',
    services: ['MSSQLSERVER'],
    commandLine:
      '"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER',
  },
  {
    name: 'sqlceip.exe',
    memory: [30_000, 50_000],
    user: 'NT Service\\SQLTELEMETRY',
    services: ['SQLTELEMETRY'],
  },
  {
    name: 'SQLAGENT.EXE',
    memory: [25_000, 40_000],
    user: 'NT Service\\SQLSERVERAGENT',
    services: ['SQLSERVERAGENT'],
  },
];

const DOMAIN_CONTROLLER: readonly ProcessSeed[] = [
  {
    name: 'dns.exe',
    memory: [60_000, 120_000],
    services: ['DNS'],
    commandLine: 'C:\\Windows\\system32\\dns.exe',
  },
  { name: 'ismserv.exe', memory: [5_000, 7_000], services: ['IsmServ'] },
  { name: 'dfsrs.exe', memory: [20_000, 30_000], services: ['DFSR'] },
];

const VMWARE: readonly ProcessSeed[] = [
  {
    name: 'vmtoolsd.exe',
    memory: [20_000, 26_000],
    services: ['VMTools'],
    commandLine: '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe"',
  },
  { name: 'VGAuthService.exe', memory: [9_000, 11_000], services: ['VGAuthService'] },
];

/** Display names `sc query` and `net start` show. */
export const SERVICE_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  BFE: 'Base Filtering Engine',
  BrokerInfrastructure: 'Background Tasks Infrastructure Service',
  DcomLaunch: 'DCOM Server Process Launcher',
  DFSR: 'DFS Replication',
  DNS: 'DNS Server',
  Dnscache: 'DNS Client',
  EventLog: 'Windows Event Log',
  IISADMIN: 'IIS Admin Service',
  IsmServ: 'Intersite Messaging',
  KeyIso: 'CNG Key Isolation',
  LanmanServer: 'Server',
  LanmanWorkstation: 'Workstation',
  mpssvc: 'Windows Defender Firewall',
  MSDTC: 'Distributed Transaction Coordinator',
  MSSQLSERVER: 'SQL Server (MSSQLSERVER)',
  NlaSvc: 'Network Location Awareness',
  PlugPlay: 'Plug and Play',
  Power: 'Power',
  ProfSvc: 'User Profile Service',
  RpcEptMapper: 'RPC Endpoint Mapper',
  RpcSs: 'Remote Procedure Call (RPC)',
  SamSs: 'Security Accounts Manager',
  Schedule: 'Task Scheduler',
  SQLSERVERAGENT: 'SQL Server Agent (MSSQLSERVER)',
  SQLTELEMETRY: 'SQL Server CEIP service (MSSQLSERVER)',
  sshd: 'OpenSSH SSH Server',
  SystemEventsBroker: 'System Events Broker',
  TermService: 'Remote Desktop Services',
  Themes: 'Themes',
  UserManager: 'User Manager',
  VaultSvc: 'Credential Manager',
  VGAuthService: 'VMware Alias Manager and Ticket Service',
  VMTools: 'VMware Tools',
  W3SVC: 'World Wide Web Publishing Service',
  WAS: 'Windows Process Activation Service',
  WinDefend: 'Microsoft Defender Antivirus Service',
  Winmgmt: 'Windows Management Instrumentation',
  WinRM: 'Windows Remote Management (WS-Management)',
};

/** The decky's running processes, pid order as tasklist prints them (creation order). */
export function windowsProcesses(machine: Machine): WindowsProcess[] {
  const random = seededRandom(machine.persona.seed, 'windows:processes');
  const roles = rolesOf(machine);
  const seeds: ProcessSeed[] = [...CORE];
  if (roles.iis) seeds.push(...IIS);
  if (roles.mssql) seeds.push(...MSSQL);
  if (roles.domainController) seeds.push(...DOMAIN_CONTROLLER);
  if (hardwareOf(machine).manufacturer === 'VMware, Inc.') seeds.push(...VMWARE);
  const processes: WindowsProcess[] = [
    {
      name: 'System Idle Process',
      pid: 0,
      parentPid: 0,
      session: 0,
      memoryKiB: 8,
      user: SYSTEM,
      commandLine: '',
    },
    {
      name: 'System',
      pid: 4,
      parentPid: 0,
      session: 0,
      memoryKiB: random.int(120, 160),
      user: SYSTEM,
      commandLine: '',
    },
  ];
  // Windows hands out pids in multiples of 4, mostly increasing through boot.
  let pid = 88 + random.int(0, 8) * 4;
  const byName = new Map<string, number>();
  for (const seed of seeds) {
    const parent = seed.parent ? (byName.get(seed.parent) ?? 4) : 4;
    processes.push({
      name: seed.name,
      pid,
      parentPid: seed.name === 'svchost.exe' ? (byName.get('services.exe') ?? parent) : parent,
      session: seed.session ?? 0,
      memoryKiB: random.int(seed.memory[0], seed.memory[1]),
      user: seed.user ?? SYSTEM,
      ...(seed.services ? { services: seed.services } : {}),
      commandLine: seed.commandLine ?? seed.name,
    });
    if (!byName.has(seed.name)) byName.set(seed.name, pid);
    pid += 4 * random.int(1, 40);
  }
  return processes;
}

/** The processes of one SSH session on top of the decky's: sshd's child, cmd.exe, conhost.exe and `extra`. */
export function sessionProcesses(
  machine: Machine,
  user: string,
  sessionKey: number,
  extra: readonly string[] = [],
): WindowsProcess[] {
  const base = windowsProcesses(machine);
  const sshd = base.find((p) => p.name === 'sshd.exe')?.pid ?? 4;
  const random = seededRandom(machine.persona.seed ^ sessionKey, 'windows:session-pids');
  let pid = 4000 + random.int(0, 1000) * 4;
  const next = () => {
    pid += 4 * random.int(1, 60);
    return pid;
  };
  const child = next();
  const cmd = next();
  const own: WindowsProcess[] = [
    {
      name: 'sshd.exe',
      pid: child,
      parentPid: sshd,
      session: 0,
      memoryKiB: random.int(6_000, 8_000),
      user,
      commandLine: '"C:\\Windows\\System32\\OpenSSH\\sshd.exe" -R',
    },
    {
      name: 'cmd.exe',
      pid: cmd,
      parentPid: child,
      session: 0,
      memoryKiB: random.int(4_000, 5_000),
      user,
      commandLine: 'c:\\windows\\system32\\cmd.exe',
    },
    {
      name: 'conhost.exe',
      pid: next(),
      parentPid: cmd,
      session: 0,
      memoryKiB: random.int(10_000, 12_000),
      user,
      commandLine: '\\??\\C:\\Windows\\system32\\conhost.exe 0x4',
    },
  ];
  for (const name of extra)
    own.push({
      name,
      pid: next(),
      parentPid: cmd,
      session: 0,
      memoryKiB: random.int(7_000, 9_000),
      user,
      commandLine: name,
    });
  return [...base, ...own];
}

export function windowsServices(machine: Machine): WindowsService[] {
  const services: WindowsService[] = [];
  for (const process of windowsProcesses(machine))
    for (const name of process.services ?? [])
      services.push({
        name,
        displayName: SERVICE_DISPLAY_NAMES[name] ?? name,
        pid: process.pid,
        running: true,
      });
  for (const name of ['wuauserv', 'RemoteRegistry', 'Spooler'] as const)
    services.push({
      name,
      displayName: {
        wuauserv: 'Windows Update',
        RemoteRegistry: 'Remote Registry',
        Spooler: 'Print Spooler',
      }[name],
      pid:
        name === 'Spooler' ? (windowsProcesses(machine).find((p) => p.name === 'spoolsv.exe')?.pid ?? 0) : 0,
      running: name === 'Spooler',
    });
  return services.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

export function listeningPorts(machine: Machine): ListeningPort[] {
  const processes = windowsProcesses(machine);
  const pidOf = (service: string) => processes.find((p) => p.services?.includes(service))?.pid ?? 4;
  const pidByName = (name: string) => processes.find((p) => p.name === name)?.pid ?? 4;
  const roles = rolesOf(machine);
  const ip = machine.network.ip;
  const ports: ListeningPort[] = [
    { protocol: 'TCP', address: '0.0.0.0', port: 22, pid: pidOf('sshd') },
    { protocol: 'TCP', address: '0.0.0.0', port: 135, pid: pidOf('RpcSs') },
    { protocol: 'TCP', address: '0.0.0.0', port: 445, pid: 4 },
    { protocol: 'TCP', address: '0.0.0.0', port: 3389, pid: pidOf('TermService') },
    { protocol: 'TCP', address: '0.0.0.0', port: 5985, pid: 4 },
    { protocol: 'TCP', address: '0.0.0.0', port: 47001, pid: 4 },
    { protocol: 'TCP', address: '0.0.0.0', port: 49664, pid: pidByName('lsass.exe') },
    { protocol: 'TCP', address: '0.0.0.0', port: 49665, pid: pidByName('wininit.exe') },
    { protocol: 'TCP', address: '0.0.0.0', port: 49666, pid: pidOf('EventLog') },
    { protocol: 'TCP', address: '0.0.0.0', port: 49667, pid: pidOf('Schedule') },
    { protocol: 'TCP', address: '0.0.0.0', port: 49668, pid: pidByName('spoolsv.exe') },
    { protocol: 'TCP', address: '0.0.0.0', port: 49669, pid: pidByName('services.exe') },
    { protocol: 'TCP', address: ip, port: 139, pid: 4 },
    { protocol: 'UDP', address: '0.0.0.0', port: 123, pid: pidOf('Schedule') },
    { protocol: 'UDP', address: '0.0.0.0', port: 3389, pid: pidOf('TermService') },
    { protocol: 'UDP', address: '0.0.0.0', port: 5353, pid: pidOf('Dnscache') },
    { protocol: 'UDP', address: ip, port: 137, pid: 4 },
    { protocol: 'UDP', address: ip, port: 138, pid: 4 },
  ];
  if (roles.iis) ports.push({ protocol: 'TCP', address: '0.0.0.0', port: 80, pid: 4 });
  if (roles.mssql) ports.push({ protocol: 'TCP', address: '0.0.0.0', port: 1433, pid: pidOf('MSSQLSERVER') });
  if (roles.domainController)
    for (const port of [53, 88, 389, 464, 636, 3268, 3269])
      ports.push({
        protocol: 'TCP',
        address: '0.0.0.0',
        port,
        pid: port === 53 ? pidOf('DNS') : pidByName('lsass.exe'),
      });
  return ports.sort((a, b) => (a.protocol === b.protocol ? a.port - b.port : a.protocol === 'TCP' ? -1 : 1));
}
