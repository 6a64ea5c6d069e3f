/**
 * The live numbers of a decky (memory use, load, traffic counters, neighbours, listening sockets),
 * derived from its seed and the clock so /proc, `free`, `top`, `uptime`, `ifconfig`, `netstat` and `ss`
 * agree with one another and move a little between two looks, as a running machine's do.
 */
import { archetype as archetypeByName } from '../../../fabric/catalogue/archetypes.js';
import { seededRandom } from '../../shared/seeded-random.js';
import type { Machine } from '../command.js';
import { familyOf, swapKiBFor } from '../machine.js';

export interface MemorySnapshot {
  totalKiB: number;
  freeKiB: number;
  availableKiB: number;
  buffersKiB: number;
  cachedKiB: number;
  sReclaimableKiB: number;
  sUnreclaimKiB: number;
  shmemKiB: number;
  activeKiB: number;
  inactiveKiB: number;
  anonKiB: number;
  mappedKiB: number;
  swapTotalKiB: number;
  swapFreeKiB: number;
  kernelStackKiB: number;
  pageTablesKiB: number;
  committedKiB: number;
}

/** A slow wobble in [-1, 1] with a period of `periodMs`, different per decky and purpose. */
function wobble(machine: Machine, purpose: string, now: number, periodMs: number): number {
  const phase = seededRandom(machine.persona.seed, `wobble:${purpose}`).next() * Math.PI * 2;
  return Math.sin((now / periodMs) * Math.PI * 2 + phase);
}

export function memorySnapshot(machine: Machine, now: number): MemorySnapshot {
  const random = seededRandom(machine.persona.seed, 'memory');
  const total = machine.memoryKiB;
  const embedded = familyOf(machine.distro) === 'busybox';
  const usedShare =
    (embedded ? 0.35 : 0.1) + random.next() * 0.25 + wobble(machine, 'mem', now, 3_600_000) * 0.01;
  const anon = Math.round(total * usedShare);
  const buffers = Math.round(total * (0.01 + random.next() * 0.02));
  const cached = Math.round(total * (0.15 + random.next() * 0.25));
  const sReclaimable = Math.round(total * (0.02 + random.next() * 0.02));
  const sUnreclaim = Math.round(total * 0.008);
  const shmem = Math.round(total * 0.0025 + random.int(0, 3000));
  const kernelStack = 2000 + machine.cpu.cores * 400 + random.int(0, 800);
  const pageTables = Math.round(anon * 0.012);
  const free = Math.max(
    total * 0.03,
    total - anon - buffers - cached - sReclaimable - sUnreclaim - kernelStack - pageTables,
  );
  const swapTotal = swapKiBFor(machine);
  const swapUsed = swapTotal === 0 ? 0 : Math.round(random.next() < 0.5 ? 0 : random.int(256, 40_000));
  return {
    totalKiB: total,
    freeKiB: Math.round(free),
    availableKiB: Math.round(free + cached * 0.85 + buffers + sReclaimable * 0.7 - shmem),
    buffersKiB: buffers,
    cachedKiB: cached,
    sReclaimableKiB: sReclaimable,
    sUnreclaimKiB: sUnreclaim,
    shmemKiB: shmem,
    activeKiB: Math.round(anon * 0.3 + cached * 0.45),
    inactiveKiB: Math.round(anon * 0.7 + cached * 0.55),
    anonKiB: anon,
    mappedKiB: Math.round(cached * 0.2),
    swapTotalKiB: swapTotal,
    swapFreeKiB: swapTotal - swapUsed,
    kernelStackKiB: kernelStack,
    pageTablesKiB: pageTables,
    committedKiB: Math.round(anon * 1.9),
  };
}

/** Load averages (1, 5, 15 minutes): an idle server's, a little higher on busy archetypes. */
export function loadAverage(machine: Machine, now: number): [number, number, number] {
  const random = seededRandom(machine.persona.seed, 'load');
  const busy = ['database-server', 'devops-host', 'monitoring-node', 'ip-camera'].includes(
    machine.persona.archetype ?? '',
  );
  const base = (busy ? 0.3 : 0.02) + random.next() * (busy ? 0.6 : 0.12);
  const at = (periodMs: number, amplitude: number) =>
    Math.max(0, base * (1 + amplitude * wobble(machine, `load${periodMs}`, now, periodMs)));
  return [at(600_000, 0.9), at(1_800_000, 0.5), at(5_400_000, 0.25)];
}

export function uptimeSeconds(machine: Machine, now: number): number {
  return Math.max(1, (now - machine.bootMs) / 1000);
}

export interface InterfaceCounters {
  name: string;
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
  rxDropped: number;
}

/** Traffic since boot: a steady seeded rate on the primary interface, a trickle on loopback. */
export function interfaceCounters(machine: Machine, now: number): InterfaceCounters[] {
  const random = seededRandom(machine.persona.seed, 'traffic');
  const up = uptimeSeconds(machine, now);
  // Bytes per second: a small server's few KiB/s; an embedded device a tenth of that.
  const rxRate = (800 + random.next() * 20_000) * (familyOf(machine.distro) === 'busybox' ? 0.1 : 1);
  const txRate = rxRate * (0.3 + random.next() * 0.9);
  const loRate = 20 + random.next() * 400;
  const rxBytes = Math.round(up * rxRate);
  const txBytes = Math.round(up * txRate);
  const loBytes = Math.round(up * loRate);
  return [
    {
      name: 'lo',
      rxBytes: loBytes,
      rxPackets: Math.round(loBytes / 180),
      txBytes: loBytes,
      txPackets: Math.round(loBytes / 180),
      rxDropped: 0,
    },
    {
      name: machine.network.iface,
      rxBytes,
      rxPackets: Math.round(rxBytes / 610),
      txBytes,
      txPackets: Math.round(txBytes / 420),
      rxDropped: Math.round(up / 9000),
    },
  ];
}

export interface Neighbour {
  ip: string;
  mac: string;
}

/** Hosts in the ARP cache: the gateway (a router vendor's MAC) and a few seeded peers on the subnet. */
export function neighbours(machine: Machine): Neighbour[] {
  const random = seededRandom(machine.persona.seed, 'neighbours');
  const net = machine.network;
  const parts = net.ip.split('.');
  const mac = (oui: string) =>
    `${oui}:${[0, 0, 0].map(() => random.int(0, 255).toString(16).padStart(2, '0')).join(':')}`;
  const out: Neighbour[] = [
    { ip: net.gateway, mac: mac(random.pick(['00:1b:54', '4c:5e:0c', 'f0:9f:c2', '00:0c:29'] as const)) },
  ];
  if (parts.length !== 4) return out;
  const own = Number(parts[3]);
  const count = random.int(0, 3);
  for (let i = 0; i < count; i++) {
    const host = random.int(2, 250);
    if (host === own || `${parts.slice(0, 3).join('.')}.${host}` === net.gateway) continue;
    out.push({
      ip: `${parts.slice(0, 3).join('.')}.${host}`,
      mac: mac(random.pick(['00:50:56', '52:54:00', '3c:a8:2a', 'bc:24:11'] as const)),
    });
  }
  return out;
}

export interface ListeningSocket {
  protocol: 'tcp' | 'udp' | 'tcp6' | 'udp6';
  address: string;
  port: number;
  /** The process's comm and pid are looked up by this name in the process table. */
  process: string | null;
  /** A user-facing service name (for `netstat` without -n, `/etc/services`). */
  service: string;
}

const SERVICE_PORTS: Readonly<Record<string, ReadonlyArray<readonly [number, 'tcp' | 'udp', string]>>> = {
  ssh: [[22, 'tcp', 'ssh']],
  telnet: [[23, 'tcp', 'telnet']],
  http: [[80, 'tcp', 'http']],
  https: [[443, 'tcp', 'https']],
  ftp: [[21, 'tcp', 'ftp']],
  smtp: [[25, 'tcp', 'smtp']],
  imap: [[143, 'tcp', 'imap2']],
  pop3: [[110, 'tcp', 'pop3']],
  smb: [
    [445, 'tcp', 'microsoft-ds'],
    [139, 'tcp', 'netbios-ssn'],
  ],
  mysql: [[3306, 'tcp', 'mysql']],
  postgres: [[5432, 'tcp', 'postgresql']],
  redis: [[6379, 'tcp', 'redis']],
  mongodb: [[27017, 'tcp', '27017']],
  snmp: [[161, 'udp', 'snmp']],
  mqtt: [[1883, 'tcp', '1883']],
  sip: [[5060, 'udp', 'sip']],
  vnc: [[5901, 'tcp', '5901']],
  docker_api: [[2375, 'tcp', '2375']],
  k8s: [
    [6443, 'tcp', '6443'],
    [10250, 'tcp', '10250'],
  ],
  tftp: [[69, 'udp', 'tftp']],
  rtsp: [[554, 'tcp', 'rtsp']],
  ipp: [[631, 'tcp', 'ipp']],
  nfs: [
    [2049, 'tcp', 'nfs'],
    [111, 'tcp', 'sunrpc'],
  ],
  dns: [[53, 'udp', 'domain']],
  modbus: [[502, 'tcp', '502']],
  s7comm: [[102, 'tcp', 'iso-tsap']],
  upnp: [[1900, 'udp', '1900']],
  ldap: [[389, 'tcp', 'ldap']],
  kerberos: [[88, 'tcp', 'kerberos']],
  mssql: [[1433, 'tcp', 'ms-sql-s']],
};

function processFor(service: string, machine: Machine): string | null {
  const family = familyOf(machine.distro);
  const server = machine.distro.httpServer.toLowerCase();
  const web =
    family === 'busybox'
      ? 'lighttpd'
      : server.startsWith('nginx')
        ? 'nginx'
        : family === 'rhel'
          ? 'httpd'
          : 'apache2';
  const map: Record<string, string> = {
    ssh: family === 'busybox' ? 'dropbear' : 'sshd',
    telnet: 'telnetd',
    http: web,
    https: web,
    ftp: 'vsftpd',
    smtp: 'master',
    imap: 'dovecot',
    pop3: 'dovecot',
    smb: 'smbd',
    mysql: machine.distro.name === 'debian12' ? 'mariadbd' : 'mysqld',
    postgres: 'postgres',
    redis: 'redis-server',
    snmp: 'snmpd',
    mqtt: 'mosquitto',
    sip: 'asterisk',
    vnc: 'Xtigervnc',
    docker_api: 'dockerd',
    k8s: 'kubelet',
    tftp: 'in.tftpd',
    rtsp: 'rtspd',
    ipp: 'ippd',
    nfs: 'rpcbind',
    modbus: 'modbusd',
  };
  return map[service] ?? null;
}

/** Sockets in LISTEN (and bound UDP sockets): the archetype's services plus the distro's own. */
export function listeningSockets(machine: Machine): ListeningSocket[] {
  const services = new Set<string>(archetypeByName(machine.persona.archetype ?? '')?.services ?? ['ssh']);
  services.add(familyOf(machine.distro) === 'busybox' ? 'telnet' : 'ssh');
  const out: ListeningSocket[] = [];
  for (const service of services) {
    for (const [port, proto, name] of SERVICE_PORTS[service] ?? []) {
      const local = service === 'redis' ? '127.0.0.1' : '0.0.0.0';
      out.push({
        protocol: proto,
        address: local,
        port,
        process: processFor(service, machine),
        service: name,
      });
      if (proto === 'tcp' && (service === 'ssh' || service === 'http' || service === 'https')) {
        out.push({
          protocol: 'tcp6',
          address: '::',
          port,
          process: processFor(service, machine),
          service: name,
        });
      }
    }
  }
  if (machine.distro.name.startsWith('ubuntu')) {
    out.push({
      protocol: 'tcp',
      address: '127.0.0.53',
      port: 53,
      process: 'systemd-resolve',
      service: 'domain',
    });
    out.push({
      protocol: 'udp',
      address: '127.0.0.53',
      port: 53,
      process: 'systemd-resolve',
      service: 'domain',
    });
  }
  if (familyOf(machine.distro) === 'rhel') {
    out.push({ protocol: 'udp', address: '127.0.0.1', port: 323, process: 'chronyd', service: '323' });
    out.push({ protocol: 'udp6', address: '::1', port: 323, process: 'chronyd', service: '323' });
  }
  return out.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}
