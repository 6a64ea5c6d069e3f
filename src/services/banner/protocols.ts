/**
 * The protocols served at banner level until their emulators exist: ports, the greeting of those whose
 * server speaks first, and where the client's first message ends. A row here is the whole of a banner
 * service; `bannerService` (index.ts) turns it into a ServiceDefinition.
 */
import { distro } from '../../fabric/catalogue/distros.js';
import type { DeckyPersona, ServicePort } from '../service.js';
import type { CaptureComplete } from '../shared/first-bytes.js';
import {
  berSequenceComplete,
  dnsTcpComplete,
  httpHeadComplete,
  kerberosTcpComplete,
  modbusComplete,
  mongoComplete,
  mqttPacketComplete,
  mysqlPacketComplete,
  nbssComplete,
  postgresStartupComplete,
  rpcRecordComplete,
  tdsComplete,
  tlsOrHttpComplete,
  tlsRecordComplete,
  tpktComplete,
} from './framing.js';
import { ftpGreeting, imapGreeting, pop3Greeting, smtpGreeting, vncGreeting } from './greetings.js';
import { httpResponder } from './http.js';
import { mysqlGreeter } from './mysql.js';
import { sshGreeting } from './ssh.js';
import { telnetGreeting } from './telnet.js';

export interface BannerProtocol {
  name: string;
  /** What the greeting imitates, for `decnet services`. */
  summary: string;
  ports: readonly ServicePort[];
  /** Per decky: the greeting of each connection. Absent when the client speaks first. */
  greeter?: (persona: DeckyPersona) => () => Buffer;
  /** Where the client's first message ends (default: its first line). */
  captureComplete?: CaptureComplete;
  /** Per decky: the one answer to the client's first message, after which the connection closes. */
  responder?: (persona: DeckyPersona, now: () => number) => (request: Buffer) => Buffer;
}

const tcp = (port: number): ServicePort => ({ port, protocol: 'tcp' });
const udp = (port: number): ServicePort => ({ port, protocol: 'udp' });

/** A greeting that is the same on every connection of a decky: built once. */
function fixed(build: (persona: DeckyPersona) => Buffer): (persona: DeckyPersona) => () => Buffer {
  return (persona) => {
    const greeting = build(persona);
    return () => greeting;
  };
}

export const BANNER_PROTOCOLS: readonly BannerProtocol[] = [
  {
    name: 'ssh',
    summary: "the distro's SSH identification string",
    ports: [tcp(22)],
    greeter: fixed((persona) => sshGreeting(persona, (name) => distro(name)?.sshBanner)),
  },
  {
    name: 'telnet',
    summary: 'busybox telnetd negotiation and login prompt',
    ports: [tcp(23)],
    greeter: fixed(telnetGreeting),
  },
  {
    name: 'http',
    summary: "the distro's web server: default page at /, its 404 elsewhere, then close",
    ports: [tcp(80)],
    captureComplete: httpHeadComplete,
    responder: (persona, now) => httpResponder(persona, now, (name) => distro(name)?.httpServer),
  },
  {
    name: 'https',
    summary: 'logs the TLS ClientHello',
    ports: [tcp(443)],
    captureComplete: tlsRecordComplete,
  },
  { name: 'ftp', summary: 'vsFTPd greeting', ports: [tcp(21)], greeter: fixed(ftpGreeting) },
  { name: 'smtp', summary: 'Postfix greeting', ports: [tcp(25)], greeter: fixed(smtpGreeting) },
  {
    name: 'imap',
    summary: 'Dovecot greeting with capabilities',
    ports: [tcp(143)],
    greeter: fixed(imapGreeting),
  },
  { name: 'pop3', summary: 'Dovecot greeting', ports: [tcp(110)], greeter: fixed(pop3Greeting) },
  { name: 'smb', summary: 'logs the SMB negotiate', ports: [tcp(445)], captureComplete: nbssComplete },
  {
    name: 'rdp',
    summary: 'logs the X.224 connection request',
    ports: [tcp(3389)],
    captureComplete: tpktComplete,
  },
  {
    name: 'ldap',
    summary: 'logs the first LDAP message',
    ports: [tcp(389)],
    captureComplete: berSequenceComplete,
  },
  {
    name: 'mysql',
    summary: 'MySQL protocol-10 handshake',
    ports: [tcp(3306)],
    greeter: mysqlGreeter,
    captureComplete: mysqlPacketComplete,
  },
  {
    name: 'postgres',
    summary: 'logs the startup message',
    ports: [tcp(5432)],
    captureComplete: postgresStartupComplete,
  },
  { name: 'redis', summary: 'logs the first command', ports: [tcp(6379)] },
  { name: 'mssql', summary: 'logs the TDS PRELOGIN', ports: [tcp(1433)], captureComplete: tdsComplete },
  {
    name: 'mongodb',
    summary: 'logs the first wire message',
    ports: [tcp(27017)],
    captureComplete: mongoComplete,
  },
  { name: 'vnc', summary: 'RFB 3.8 version handshake', ports: [tcp(5900)], greeter: fixed(vncGreeting) },
  {
    name: 'docker_api',
    summary: 'logs the first request',
    ports: [tcp(2375)],
    captureComplete: httpHeadComplete,
  },
  {
    name: 'k8s',
    summary: 'logs the first request or ClientHello',
    ports: [tcp(6443)],
    captureComplete: tlsOrHttpComplete,
  },
  { name: 'sip', summary: 'logs the first request', ports: [tcp(5060)], captureComplete: httpHeadComplete },
  {
    name: 'mqtt',
    summary: 'logs the CONNECT packet',
    ports: [tcp(1883)],
    captureComplete: mqttPacketComplete,
  },
  {
    name: 'modbus',
    summary: 'logs the first Modbus/TCP request',
    ports: [tcp(502)],
    captureComplete: modbusComplete,
  },
  {
    name: 's7comm',
    summary: 'logs the COTP connection request',
    ports: [tcp(102)],
    captureComplete: tpktComplete,
  },
  { name: 'rtsp', summary: 'logs the first request', ports: [tcp(554)], captureComplete: httpHeadComplete },
  { name: 'ipp', summary: 'logs the first request', ports: [tcp(631)], captureComplete: httpHeadComplete },
  { name: 'nfs', summary: 'logs the first RPC call', ports: [tcp(2049)], captureComplete: rpcRecordComplete },
  {
    name: 'kerberos',
    summary: 'logs the first KDC request (TCP and UDP)',
    ports: [tcp(88), udp(88)],
    captureComplete: kerberosTcpComplete,
  },
  { name: 'tftp', summary: 'logs requests, never answers', ports: [udp(69)] },
  { name: 'snmp', summary: 'logs requests, never answers', ports: [udp(161)] },
  { name: 'llmnr', summary: 'logs queries, never answers', ports: [udp(5355)] },
  {
    name: 'dns',
    summary: 'logs queries (TCP and UDP), never answers',
    ports: [udp(53), tcp(53)],
    captureComplete: dnsTcpComplete,
  },
  { name: 'upnp', summary: 'logs SSDP searches, never answers', ports: [udp(1900)] },
];
