/**
 * Every service the fabric can run, listed explicitly (STYLE.md "Register explicitly"). A protocol's
 * full emulator replaces its `bannerService('<name>')` line with its own definition. Config values are
 * coerced with `coerceServiceConfig(definition.fields, raw)` from src/config/service-field.ts.
 */
import { bannerService } from './banner/index.js';
import { ftp } from './ftp/index.js';
import { http } from './http/index.js';
import { https } from './https/index.js';
import { imap } from './imap/index.js';
import { pop3 } from './pop3/index.js';
import type { ServiceDefinition } from './service.js';
import { smtp, smtpRelay } from './smtp/index.js';
import { ssh } from './ssh/index.js';
import { tcpBanner } from './tcp-banner/index.js';
import { telnet } from './telnet/index.js';

export const SERVICES: readonly ServiceDefinition[] = Object.freeze([
  tcpBanner,
  ssh,
  telnet,
  http,
  https,
  ftp,
  smtp,
  smtpRelay,
  imap,
  pop3,
  bannerService('smb'),
  bannerService('rdp'),
  bannerService('ldap'),
  bannerService('mysql'),
  bannerService('postgres'),
  bannerService('redis'),
  bannerService('mssql'),
  bannerService('mongodb'),
  bannerService('vnc'),
  bannerService('docker_api'),
  bannerService('k8s'),
  bannerService('sip'),
  bannerService('mqtt'),
  bannerService('modbus'),
  bannerService('s7comm'),
  bannerService('rtsp'),
  bannerService('ipp'),
  bannerService('nfs'),
  bannerService('kerberos'),
  bannerService('tftp'),
  bannerService('snmp'),
  bannerService('llmnr'),
  bannerService('dns'),
  bannerService('upnp'),
]);

const byName = new Map<string, ServiceDefinition>();
for (const definition of SERVICES) {
  if (byName.has(definition.name)) {
    throw new Error(`service ${definition.name} is registered twice in src/services/registry.ts`);
  }
  byName.set(definition.name, definition);
}

export function serviceDefinition(name: string): ServiceDefinition | undefined {
  return byName.get(name);
}

export function serviceNames(): string[] {
  return SERVICES.map((s) => s.name);
}
