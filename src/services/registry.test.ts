import { describe, expect, it } from 'vitest';
import { coerceServiceConfig } from '../config/service-field.js';
import { SERVICES, serviceDefinition, serviceNames } from './registry.js';

const ARCHETYPE_SERVICES = [
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
  'mysql',
  'postgres',
  'redis',
  'mssql',
  'mongodb',
  'vnc',
  'docker_api',
  'k8s',
  'sip',
  'mqtt',
  'modbus',
  's7comm',
  'rtsp',
  'ipp',
  'nfs',
  'kerberos',
  'tftp',
  'snmp',
  'llmnr',
  'dns',
  'upnp',
];

describe('service registry', () => {
  it('lists tcp_banner, every archetype protocol and smtp_relay after smtp, each once', () => {
    const names = [...ARCHETYPE_SERVICES];
    names.splice(names.indexOf('smtp') + 1, 0, 'smtp_relay');
    expect(serviceNames()).toEqual(['tcp_banner', ...names]);
    expect(new Set(serviceNames()).size).toBe(SERVICES.length);
  });

  it('looks definitions up by name and knows nothing else, prototype names included', () => {
    expect(serviceDefinition('ssh')?.name).toBe('ssh');
    expect(serviceDefinition('ssh')?.interaction).toBe('full');
    expect(serviceDefinition('tcp_banner')?.interaction).toBe('full');
    for (const name of ['nope', '__proto__', 'constructor', '', 'SSH'])
      expect(serviceDefinition(name)).toBeUndefined();
  });

  it('gives no two services the same default port, so any set of them fits on one decky', () => {
    const owners = new Map<string, string>();
    // smtp_relay is the other face of smtp (both port 25): a decky runs one of them.
    for (const def of SERVICES.filter((d) => d.name !== 'smtp_relay')) {
      for (const p of def.ports(coerceServiceConfig(def.fields, {}))) {
        const key = `${p.port}/${p.protocol}`;
        expect(owners.get(key), `${key}: ${def.name}`).toBeUndefined();
        owners.set(key, def.name);
      }
    }
  });

  it('has a one-line description and valid ports for every service', () => {
    for (const def of SERVICES) {
      expect(def.description).not.toMatch(/\n/);
      const ports = def.ports(coerceServiceConfig(def.fields, {}));
      expect(ports.length).toBeGreaterThan(0);
      for (const p of ports) expect(p.port).toBeGreaterThanOrEqual(1);
    }
  });
});
