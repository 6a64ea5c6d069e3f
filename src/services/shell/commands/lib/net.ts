/** Address arithmetic and naming shared by the network programs (ip, ifconfig, netstat, ss, route, arp). */
import type { Machine } from '../../command.js';
import { familyOf } from '../../machine.js';

/** Dotted netmask of a prefix length (24 → 255.255.255.0). */
export function netmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
}

function toInt(ip: string): number {
  return ip.split('.').reduce((a, b) => ((a << 8) | (Number(b) & 255)) >>> 0, 0);
}

function fromInt(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

export function networkAddress(ip: string, prefix: number): string {
  return fromInt(toInt(ip) & toInt(netmask(prefix)));
}

export function broadcastAddress(ip: string, prefix: number): string {
  return fromInt((toInt(ip) | ~toInt(netmask(prefix))) >>> 0);
}

/** The EUI-64 link-local address the kernel derives from a MAC (`fe80::be24:11ff:feaa:bbcc`). */
export function linkLocal(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16));
  if (b.length !== 6 || b.some((x) => Number.isNaN(x))) return 'fe80::1';
  const bytes = [b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `fe80::${groups.join(':')}`;
}

/** The alternative name udev gives a predictable interface (kernel ≥ 5.5 with systemd ≥ 245). */
export function altName(machine: Machine): string | null {
  if (
    familyOf(machine.distro) !== 'debian' &&
    familyOf(machine.distro) !== 'rhel' &&
    familyOf(machine.distro) !== 'arch'
  )
    return null;
  if (machine.distro.name === 'centos7') return null;
  const map: Record<string, string> = {
    ens18: 'enp0s18',
    ens192: 'enp11s0',
    ens33: 'enp2s1',
    ens3: 'enp0s3',
    eno1: 'enp0s31f6',
  };
  return map[machine.network.iface] ?? null;
}

/** The queueing discipline the distro's kernel defaults to (fq_codel since systemd set it in 2014). */
export function qdisc(machine: Machine): string {
  const f = familyOf(machine.distro);
  return f === 'busybox' || machine.distro.name === 'centos7' ? 'pfifo_fast' : 'fq_codel';
}

/** Whether NetworkManager configured the address (Red Hat family): `noprefixroute`, metric 100. */
export function managedByNetworkManager(machine: Machine): boolean {
  return familyOf(machine.distro) === 'rhel';
}

const SERVICES: Readonly<Record<number, string>> = {
  21: 'ftp',
  22: 'ssh',
  23: 'telnet',
  25: 'smtp',
  53: 'domain',
  69: 'tftp',
  80: 'http',
  88: 'kerberos',
  102: 'iso-tsap',
  110: 'pop3',
  111: 'sunrpc',
  139: 'netbios-ssn',
  143: 'imap2',
  161: 'snmp',
  389: 'ldap',
  443: 'https',
  445: 'microsoft-ds',
  554: 'rtsp',
  631: 'ipp',
  1433: 'ms-sql-s',
  2049: 'nfs',
  3306: 'mysql',
  5060: 'sip',
  5432: 'postgresql',
  6379: 'redis',
};

/** `/etc/services` name of a port, or the number (netstat without -n). */
export function serviceName(port: number): string {
  return SERVICES[port] ?? String(port);
}

/** How the resolver names the gateway: `_gateway` with systemd-resolved (nss-myhostname), else the address. */
export function gatewayName(machine: Machine): string {
  return machine.distro.name.startsWith('ubuntu') ? '_gateway' : machine.network.gateway;
}

/** net-tools' byte counts: "(98.7 MB)", powers of 1000. */
export function netToolsBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** BusyBox/old net-tools byte counts: "(1.1 MiB)", powers of 1024. */
export function oldBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
