/**
 * Archetypes: the kinds of machine a fleet is built from. Each fixes the OS fingerprint, the services a
 * real machine of that kind would expose, the distros it plausibly runs and how such machines are
 * usually named. The reference's set (spec/decnet-services-and-deckies.md §5.1) is extended with the
 * devices attackers look for first on a LAN: printers, cameras, PLCs, NAS boxes, routers, jump hosts.
 */

/** The protocol slugs an archetype may list; each names a service emulator. */
export const SERVICE_SLUGS = [
  'ssh',
  'telnet',
  'http',
  'https',
  'ftp',
  'smtp',
  'imap',
  'pop3',
  'smb',
  'rdp',
  'ldap',
  'llmnr',
  'mysql',
  'postgres',
  'redis',
  'mssql',
  'mongodb',
  'snmp',
  'mqtt',
  'modbus',
  's7comm',
  'sip',
  'vnc',
  'docker_api',
  'k8s',
  'tftp',
  'rtsp',
  'ipp',
  'upnp',
  'nfs',
  'kerberos',
  'dns',
] as const;

export type ServiceSlug = (typeof SERVICE_SLUGS)[number];

export interface Archetype {
  name: string;
  description: string;
  /** Name of the OsProfile; wins over the distro's own when they differ (e.g. a server edition). */
  osProfile: string;
  services: readonly ServiceSlug[];
  /** Candidate distros, the first being the default. */
  distros: readonly string[];
  /** Hostname patterns in the hostnames module's `{token}` syntax. */
  hostnamePatterns: readonly string[];
}

const LINUX_SERVER_DISTROS = ['debian12', 'ubuntu22', 'rocky9', 'ubuntu20', 'centos7', 'alpine319'] as const;

export const ARCHETYPES: readonly Archetype[] = [
  {
    name: 'linux-server',
    description: 'general-purpose Linux server',
    osProfile: 'linux',
    services: ['ssh', 'http'],
    distros: LINUX_SERVER_DISTROS,
    hostnamePatterns: ['srv-{word}-{nn}', '{word}-{env}-{nn}', 'lnx{nn}', '{pet}'],
  },
  {
    name: 'web-server',
    description: 'public-facing web server with an FTP drop for content uploads',
    osProfile: 'linux',
    services: ['http', 'https', 'ssh', 'ftp'],
    distros: ['ubuntu22', 'debian12', 'rocky9', 'ubuntu20', 'centos7'],
    hostnamePatterns: ['web-{env}-{nn}', 'www{nn}', 'web{nn}', '{env}-web-{nn}'],
  },
  {
    name: 'windows-workstation',
    description: 'domain-joined Windows desktop',
    osProfile: 'windows',
    services: ['smb', 'rdp'],
    distros: ['windows10', 'windows11'],
    hostnamePatterns: ['WS-{DEPT}-{nn}', 'DESKTOP-{RAND7}', 'LAPTOP-{RAND7}', '{DEPT}-PC{nn}'],
  },
  {
    name: 'windows-server',
    description: 'Windows member server (file shares, IIS)',
    osProfile: 'windows_server',
    services: ['smb', 'rdp', 'http'],
    distros: ['windows2019', 'windows2022'],
    hostnamePatterns: ['SRV-{WORD}-{nn}', 'WIN-{RAND11}', '{CITY}-SRV{nn}'],
  },
  {
    name: 'domain-controller',
    description: 'Active Directory domain controller',
    osProfile: 'windows_server',
    services: ['ldap', 'kerberos', 'dns', 'smb', 'rdp', 'llmnr'],
    distros: ['windows2019', 'windows2022'],
    hostnamePatterns: ['DC{nn}', 'CORP-DC-{nn}', '{CITY}-DC{nn}', 'AD-DC{nn}'],
  },
  {
    name: 'database-server',
    description: 'Linux database host',
    osProfile: 'linux',
    services: ['ssh', 'postgres', 'mysql', 'redis'],
    distros: ['debian12', 'rocky9', 'ubuntu22', 'centos7'],
    hostnamePatterns: ['db-{db}-{nn}', 'db-{env}-{nn}', '{db}-{env}-{nn}', 'db{nn}'],
  },
  {
    name: 'mssql-server',
    description: 'Windows Server running Microsoft SQL Server',
    osProfile: 'windows_server',
    services: ['mssql', 'smb', 'rdp'],
    distros: ['windows2019', 'windows2022'],
    hostnamePatterns: ['SQL-{ENV}-{nn}', 'SQL{nn}', '{CITY}-SQL{nn}'],
  },
  {
    name: 'mail-server',
    description: 'Linux mail host (MTA with IMAP/POP3)',
    osProfile: 'linux',
    services: ['smtp', 'imap', 'pop3', 'ssh'],
    distros: ['debian12', 'rocky9', 'ubuntu22', 'centos7'],
    hostnamePatterns: ['mail{nn}', 'mx{nn}', 'smtp-{nn}', 'mail-{city}-{nn}'],
  },
  {
    name: 'file-server',
    description: 'Linux file server (Samba, NFS, FTP)',
    osProfile: 'linux',
    services: ['smb', 'nfs', 'ftp', 'ssh'],
    distros: ['debian12', 'ubuntu22', 'rocky9', 'centos7'],
    hostnamePatterns: ['fs{nn}', 'files-{nn}', 'share-{dept}-{nn}', 'filesrv{nn}'],
  },
  {
    name: 'printer',
    description: 'network laser printer/MFP',
    osProfile: 'embedded',
    services: ['http', 'ipp', 'snmp', 'ftp'],
    distros: ['busybox'],
    hostnamePatterns: ['{PRINTER}-{FLOOR}', 'NPI{HEX6}', 'prn-{dept}-{nn}'],
  },
  {
    name: 'router',
    description: 'Cisco IOS branch router',
    osProfile: 'cisco',
    services: ['ssh', 'telnet', 'http', 'snmp'],
    distros: ['ios'],
    hostnamePatterns: ['rtr-{city}-{nn}', 'gw-{city}-{nn}', 'core-rtr-{nn}', '{CITY}-RTR-{nn}'],
  },
  {
    name: 'ip-camera',
    description: 'IP surveillance camera',
    osProfile: 'embedded',
    services: ['http', 'rtsp', 'telnet'],
    distros: ['busybox'],
    hostnamePatterns: ['cam-{spot}-{nn}', 'ipcam-{nn}', 'cctv-{spot}-{nn}', 'IPC-{HEX6}'],
  },
  {
    name: 'plc',
    description: 'industrial PLC (Modbus/S7) with a web panel',
    osProfile: 'embedded',
    services: ['modbus', 's7comm', 'http', 'snmp'],
    distros: ['busybox'],
    hostnamePatterns: ['plc-{line}-{nn}', 'PLC{nn}', 'hmi-{line}-{nn}', 's7-{line}-{nn}'],
  },
  {
    name: 'nas',
    description: 'network-attached storage appliance',
    osProfile: 'linux',
    services: ['smb', 'http', 'https', 'ssh', 'ftp'],
    distros: ['debian12', 'ubuntu22'],
    hostnamePatterns: ['nas-{word}-{nn}', 'nas{nn}', 'nas-backup-{nn}', 'storage-{nn}'],
  },
  {
    name: 'dev-box',
    description: 'developer machine with Docker and a local cache',
    osProfile: 'linux',
    services: ['ssh', 'http', 'docker_api', 'redis'],
    distros: ['ubuntu22', 'fedora39', 'arch', 'debian12'],
    hostnamePatterns: ['dev-{pet}', 'dev-{nn}', '{pet}-dev', 'build-{nn}'],
  },
  {
    name: 'jump-host',
    description: 'SSH bastion into a restricted network',
    osProfile: 'linux',
    services: ['ssh'],
    distros: ['debian12', 'rocky9', 'ubuntu22'],
    hostnamePatterns: ['jump-{nn}', 'bastion-{nn}', 'jh-{city}-{nn}', 'jump-{env}-{nn}'],
  },
  {
    name: 'linux-workstation',
    description: 'Linux desktop of an engineer or security analyst',
    osProfile: 'linux',
    services: ['ssh', 'vnc'],
    distros: ['ubuntu22', 'fedora39', 'arch', 'kali'],
    hostnamePatterns: ['{pet}-{word}', 'ws-{dept}-{nn}', '{pet}{nn}'],
  },
  {
    name: 'iot-device',
    description: 'smart-building IoT gateway',
    osProfile: 'embedded',
    services: ['mqtt', 'telnet', 'http', 'upnp'],
    distros: ['busybox'],
    hostnamePatterns: ['iot-gw-{nn}', 'sensor-{spot}-{nn}', 'bms-{nn}', 'esp-{hex6}'],
  },
  {
    name: 'voip-server',
    description: 'SIP PBX with a web console',
    osProfile: 'linux',
    services: ['sip', 'http', 'ssh', 'tftp'],
    distros: ['debian12', 'centos7', 'rocky9'],
    hostnamePatterns: ['pbx{nn}', 'voip-{nn}', 'sip-{city}-{nn}'],
  },
  {
    name: 'monitoring-node',
    description: 'SNMP/metrics monitoring host',
    osProfile: 'linux',
    services: ['snmp', 'ssh', 'http'],
    distros: ['ubuntu22', 'debian12', 'rocky9'],
    hostnamePatterns: ['mon-{nn}', 'nagios{nn}', 'zabbix-{nn}', 'grafana-{nn}'],
  },
  {
    name: 'devops-host',
    description: 'container and Kubernetes node',
    osProfile: 'linux',
    services: ['ssh', 'docker_api', 'k8s'],
    distros: ['ubuntu22', 'rocky9', 'debian12', 'fedora39'],
    hostnamePatterns: ['k8s-node-{nn}', 'kube-{env}-{nn}', 'docker-{nn}', 'ci-runner-{nn}'],
  },
  {
    name: 'firewall',
    description: 'FreeBSD-based firewall appliance (pfSense/OPNsense style)',
    osProfile: 'bsd',
    services: ['ssh', 'https', 'dns'],
    distros: ['freebsd14'],
    hostnamePatterns: ['fw-{city}-{nn}', 'pfsense-{nn}', 'edge-fw-{nn}'],
  },
];

const BY_NAME = new Map(ARCHETYPES.map((a) => [a.name, a]));

export function archetype(name: string): Archetype | undefined {
  return BY_NAME.get(name);
}
