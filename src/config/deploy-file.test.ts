import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkServices,
  coerceServiceSettings,
  type DeckySpec,
  type DeployFile,
  loadDeployFile,
  parseDeployFile,
} from './deploy-file.js';
import { IniError } from './errors.js';
import { MAX_DECKIES_PER_FILE } from './limits.js';
import { type ServiceConfigField, serviceConfigFieldSchema } from './service-field.js';

const FILE = 'fleet.ini';
const parse = (text: string): DeployFile => parseDeployFile(text, FILE);

function errorOf(fn: () => unknown): IniError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IniError) return err;
    throw err;
  }
  throw new Error('expected an IniError');
}

const ini = (...lines: string[]): string => lines.join('\n');
const names = (file: DeployFile): string[] => file.deckies.map((d) => d.name);
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('parseDeployFile: deckies', () => {
  it('reads a bare decky section with every field unset', () => {
    const file = parse('[decky-01]');
    expect(file.deckies).toEqual<DeckySpec[]>([
      {
        name: 'decky-01',
        ip: null,
        services: null,
        archetype: null,
        distro: null,
        nmapOs: null,
        mutateInterval: null,
        hostname: null,
        section: 'decky-01',
        line: 1,
      },
    ]);
    expect(file.general).toEqual({
      net: null,
      gateway: null,
      interface: null,
      driver: null,
      mutateInterval: null,
      line: null,
    });
    expect(file.customServices).toEqual([]);
    expect(file.services).toEqual([]);
  });

  it('reads every decky key', () => {
    const file = parse(
      ini(
        '[general]',
        'net = 10.0.0.0/24',
        '[web-01]',
        'ip = 10.0.0.5',
        'services = ssh , http,https',
        'archetype = linux-server',
        'distro = ubuntu22',
        'nmap_os = linux',
        'mutate_interval = 15',
        'hostname = www.corp.local',
      ),
    );
    expect(file.deckies[0]).toEqual({
      name: 'web-01',
      ip: '10.0.0.5',
      services: ['ssh', 'http', 'https'],
      archetype: 'linux-server',
      distro: 'ubuntu22',
      nmapOs: 'linux',
      mutateInterval: 15,
      hostname: 'www.corp.local',
      section: 'web-01',
      line: 3,
    });
  });

  it.each<[string, keyof DeckySpec, unknown]>([
    ['nmap-os = windows', 'nmapOs', 'windows'],
    ['NMAP_OS = windows', 'nmapOs', 'windows'],
    ['mutate-interval = 5', 'mutateInterval', 5],
  ])('accepts the reference spelling %s', (line, field, expected) => {
    expect(parse(ini('[d]', line)).deckies[0]![field]).toBe(expected);
  });

  it('treats empty values as not given, as the reference does', () => {
    const decky = parse(ini('[d]', 'ip =', 'services =', 'archetype =', 'amount =', 'hostname ='))
      .deckies[0]!;
    expect(decky).toMatchObject({ name: 'd', ip: null, services: null, archetype: null, hostname: null });
  });

  it('inherits mutate_interval from [general] unless the decky sets its own', () => {
    const file = parse(ini('[general]', 'mutate_interval = 60', '[a]', '[b]', 'mutate_interval = 5'));
    expect(file.deckies.map((d) => d.mutateInterval)).toEqual([60, 5]);
  });

  it('keeps deckies in file order, wherever [general] is', () => {
    expect(names(parse(ini('[zeta]', '[general]', 'net = 10.0.0.0/8', '[alpha]')))).toEqual([
      'zeta',
      'alpha',
    ]);
  });

  it('keeps the case of decky names, like configparser', () => {
    expect(names(parse('[FS01]'))).toEqual(['FS01']);
  });

  it('treats a section named like a prototype member as a plain decky', () => {
    const file = parse(ini('[constructor]', 'services = ssh', '[constructor.ssh]', 'user = root'));
    const name: string = 'constructor';
    expect(file.serviceConfig[name]?.ssh?.values).toEqual({ user: 'root' });
    expect(names(file)).toEqual(['constructor']);
    expect(Object.keys(file.serviceConfig)).toEqual(['constructor']);
    expect(Object.hasOwn(Object, 'ssh')).toBe(false);
  });
});

describe('parseDeployFile: amount', () => {
  it.each<[string, string[]]>([
    ['1', ['ws']],
    ['2', ['ws-01', 'ws-02']],
    [' 3 ', ['ws-01', 'ws-02', 'ws-03']],
    ['+2', ['ws-01', 'ws-02']],
  ])('amount = %s expands to %j', (amount, expected) => {
    expect(names(parse(ini('[ws]', `amount = ${amount}`)))).toEqual(expected);
  });

  it('numbers to at least two digits and up to 100', () => {
    const got = names(parse(ini('[ws]', 'amount = 100')));
    expect(got).toHaveLength(100);
    expect([got[0], got[8], got[9], got[98], got[99]]).toEqual([
      'ws-01',
      'ws-09',
      'ws-10',
      'ws-99',
      'ws-100',
    ]);
  });

  it('gives every member the group settings, the group section and its line', () => {
    const file = parse(
      ini('# fleet', '[ws]', 'archetype = windows-workstation', 'services = smb,rdp', 'amount = 2'),
    );
    expect(file.deckies).toEqual([
      expect.objectContaining({
        name: 'ws-01',
        archetype: 'windows-workstation',
        services: ['smb', 'rdp'],
        section: 'ws',
        line: 2,
      }),
      expect.objectContaining({
        name: 'ws-02',
        archetype: 'windows-workstation',
        services: ['smb', 'rdp'],
        section: 'ws',
        line: 2,
      }),
    ]);
    expect(file.deckies[0]!.services).not.toBe(file.deckies[1]!.services);
  });

  it('expands in place between other deckies', () => {
    expect(names(parse(ini('[a]', '[g]', 'amount = 2', '[b]')))).toEqual(['a', 'g-01', 'g-02', 'b']);
  });

  it('allows ip with amount = 1 (one decky), as the reference does', () => {
    expect(parse(ini('[a]', 'ip = 10.0.0.2', 'amount = 1')).deckies[0]!.ip).toBe('10.0.0.2');
  });
});

describe('parseDeployFile: per-service sections', () => {
  it('keeps raw strings with the line of each value', () => {
    const file = parse(
      ini(
        '[web]',
        'services = http',
        '[web.http]',
        'server_header = nginx/1.18.0',
        'Fake_App = wordpress',
        'extra_headers =',
        '  X-A: 1',
        '  X-B: 2',
      ),
    );
    expect(plain(file.serviceConfig)).toEqual({
      web: {
        http: {
          values: { server_header: 'nginx/1.18.0', fake_app: 'wordpress', extra_headers: '\nX-A: 1\nX-B: 2' },
          origins: {
            server_header: { section: 'web.http', line: 4 },
            fake_app: { section: 'web.http', line: 5 },
            extra_headers: { section: 'web.http', line: 6 },
          },
        },
      },
    });
  });

  it('applies a group section to every expanded decky', () => {
    const file = parse(ini('[ws]', 'amount = 3', '[ws.rdp]', 'nla = true'));
    expect(Object.keys(file.serviceConfig)).toEqual(['ws-01', 'ws-02', 'ws-03']);
    for (const name of ['ws-01', 'ws-02', 'ws-03']) {
      expect(file.serviceConfig[name]?.rdp?.values).toEqual({ nla: 'true' });
    }
  });

  it('lets a member section override the group key by key, whichever comes first in the file', () => {
    for (const text of [
      ini('[ws]', 'amount = 2', '[ws.rdp]', 'nla = true', 'banner = corp', '[ws-02.rdp]', 'nla = false'),
      ini('[ws-02.rdp]', 'nla = false', '[ws]', 'amount = 2', '[ws.rdp]', 'nla = true', 'banner = corp'),
    ]) {
      const file = parse(text);
      expect(file.serviceConfig['ws-01']?.rdp?.values).toEqual({ nla: 'true', banner: 'corp' });
      expect(file.serviceConfig['ws-02']?.rdp?.values).toEqual({ nla: 'false', banner: 'corp' });
      expect(file.serviceConfig['ws-02']?.rdp?.origins.nla?.section).toBe('ws-02.rdp');
      expect(file.serviceConfig['ws-02']?.rdp?.origins.banner?.section).toBe('ws.rdp');
    }
  });

  it('does not apply [web.ssh] to a separate decky that merely starts with "web-"', () => {
    const file = parse(ini('[web]', '[web-server]', '[web.ssh]', 'user = root'));
    expect(Object.keys(file.serviceConfig)).toEqual(['web']);
  });

  it('records an empty section, so the service is known to be configured', () => {
    expect(plain(parse(ini('[d]', '[d.ssh]')).serviceConfig)).toEqual({
      d: { ssh: { values: {}, origins: {} } },
    });
  });

  it('lists every service used, first use first, with each place it is used', () => {
    const file = parse(ini('[a]', 'services = ssh, http', '[b]', 'amount = 2', '[b.smb]', '[a.http]'));
    expect(file.services).toEqual(['ssh', 'http', 'smb']);
    expect(file.serviceReferences).toEqual([
      { service: 'ssh', section: 'a', line: 2, key: 'services' },
      { service: 'http', section: 'a', line: 2, key: 'services' },
      { service: 'smb', section: 'b.smb', line: 5, key: null },
      { service: 'http', section: 'a.http', line: 6, key: null },
    ]);
  });
});

describe('parseDeployFile: [general]', () => {
  it('reads every key, with the reference aliases', () => {
    const file = parse(
      ini(
        '[general]',
        'subnet = 127.0.10.0/24',
        'gateway = 127.0.10.1',
        'interface = br-lab.100',
        'driver = loopback',
        '[d]',
      ),
    );
    expect(file.general).toEqual({
      net: '127.0.10.0/24',
      gateway: '127.0.10.1',
      interface: 'br-lab.100',
      driver: 'loopback',
      mutateInterval: null,
      line: 1,
    });
  });

  it('uses every address of a /31, which has no network or broadcast address', () => {
    const file = parse(ini('[general]', 'net = 10.0.0.0/31', '[a]', 'ip = 10.0.0.0', '[b]', 'ip = 10.0.0.1'));
    expect(file.deckies.map((d) => d.ip)).toEqual(['10.0.0.0', '10.0.0.1']);
  });

  it('accepts any loopback address for the loopback driver without a net', () => {
    expect(parse(ini('[general]', 'driver = loopback', '[a]', 'ip = 127.1.2.3')).deckies[0]!.ip).toBe(
      '127.1.2.3',
    );
  });
});

describe('parseDeployFile: custom services', () => {
  it('keeps binary, exec and banner as data and parses ports', () => {
    const file = parse(
      ini(
        '[custom-telemetry]',
        'binary = vendor/telemetry:2.1',
        'exec = /usr/bin/telemetryd --port 7070; rm -rf /',
        'ports = 7070, 7071/UDP ,7072/tcp',
        'banner = b64:SEVMTE8=',
        '[d]',
        'services = telemetry',
      ),
    );
    expect(file.customServices).toEqual([
      {
        name: 'telemetry',
        image: 'vendor/telemetry:2.1',
        exec: '/usr/bin/telemetryd --port 7070; rm -rf /',
        banner: 'HELLO',
        ports: [
          { port: 7070, protocol: 'tcp' },
          { port: 7071, protocol: 'udp' },
          { port: 7072, protocol: 'tcp' },
        ],
        section: 'custom-telemetry',
        line: 1,
      },
    ]);
    expect(names(file)).toEqual(['d']);
  });

  it('allows the same port number once per protocol', () => {
    const spec = parse(ini('[custom-x]', 'ports = 53, 53/udp', '[d]')).customServices[0]!;
    expect(spec.ports).toEqual([
      { port: 53, protocol: 'tcp' },
      { port: 53, protocol: 'udp' },
    ]);
  });
});

describe('parseDeployFile refuses mistakes, naming file, line and key', () => {
  it.each<[string, string, string]>([
    // the file as a whole
    [
      'an empty file',
      '',
      'fleet.ini: no sections; a deployment file needs at least one decky, e.g. [decky-01]',
    ],
    [
      'only comments',
      '# nothing',
      'fleet.ini: no sections; a deployment file needs at least one decky, e.g. [decky-01]',
    ],
    [
      'no decky',
      ini('[general]', 'net = 10.0.0.0/24', '[custom-x]', 'ports = 1'),
      'fleet.ini: no decky sections; add one, e.g. [decky-01] with services = ssh',
    ],
    [
      'a mis-cased [general]',
      ini('[d]', '[General]'),
      'fleet.ini:2: [General] section names are case-sensitive; write [general]',
    ],
    [
      'a tokenizer error',
      ini('[d]', 'ip 10.0.0.1'),
      'fleet.ini:2: [d] expected "key = value" or a [section] header, got "ip 10.0.0.1"',
    ],
    // [general]
    [
      'an unknown [general] key',
      ini('[general]', 'log_target = 10.0.0.1:514', '[d]'),
      'fleet.ini:2: [general] log_target: unknown key; allowed keys here: net, gw, interface, driver, mutate_interval',
    ],
    [
      'net and subnet both',
      ini('[general]', 'net = 10.0.0.0/24', 'subnet = 10.0.0.0/24', '[d]'),
      'fleet.ini:3: [general] subnet: net is already set on line 2 (as net)',
    ],
    [
      'a net without a prefix',
      ini('[general]', 'net = 10.0.0.0', '[d]'),
      'fleet.ini:2: [general] net: "10.0.0.0": expected a network in CIDR form, e.g. 192.168.1.0/24',
    ],
    [
      'a net with host bits set',
      ini('[general]', 'net = 192.168.1.7/24', '[d]'),
      'fleet.ini:2: [general] net: "192.168.1.7/24": host bits are set; did you mean 192.168.1.0/24?',
    ],
    [
      'a net prefix over 32',
      ini('[general]', 'net = 10.0.0.0/33', '[d]'),
      'fleet.ini:2: [general] net: "10.0.0.0/33": expected a network in CIDR form, e.g. 192.168.1.0/24',
    ],
    [
      'an unknown driver',
      ini('[general]', 'driver = docker', '[d]'),
      'fleet.ini:2: [general] driver: "docker": expected one of loopback, netns',
    ],
    [
      'a loopback driver on a LAN net',
      ini('[general]', 'net = 192.168.1.0/24', 'driver = loopback', '[d]'),
      'fleet.ini:2: [general] net: 192.168.1.0/24 is outside 127.0.0.0/8, the only addresses the loopback driver can use; pick a net inside it or use driver = netns',
    ],
    [
      'a loopback driver on a net wider than 127.0.0.0/8',
      ini('[general]', 'net = 0.0.0.0/0', 'driver = loopback', '[d]'),
      'fleet.ini:2: [general] net: 0.0.0.0/0 is outside 127.0.0.0/8, the only addresses the loopback driver can use; pick a net inside it or use driver = netns',
    ],
    [
      'a bad gateway',
      ini('[general]', 'gw = 10.0.0.256', '[d]'),
      'fleet.ini:2: [general] gw: "10.0.0.256": expected an IPv4 address',
    ],
    [
      'a gateway outside net',
      ini('[general]', 'net = 10.0.0.0/24', 'gw = 10.0.1.1', '[d]'),
      'fleet.ini:3: [general] gw: 10.0.1.1 is outside net 10.0.0.0/24',
    ],
    [
      'a gateway on the broadcast address',
      ini('[general]', 'net = 10.0.0.0/24', 'gw = 10.0.0.255', '[d]'),
      'fleet.ini:3: [general] gw: 10.0.0.255 is the network or broadcast address of 10.0.0.0/24',
    ],
    [
      'a bad interface name',
      ini('[general]', 'interface = a-very-long-interface', '[d]'),
      'fleet.ini:2: [general] interface: "a-very-long-interface": expected a network interface name (1–15 characters, no spaces, "/" or ":")',
    ],
    [
      'an interface name with a slash',
      ini('[general]', 'interface = eth/0', '[d]'),
      'fleet.ini:2: [general] interface: "eth/0": expected a network interface name (1–15 characters, no spaces, "/" or ":")',
    ],
    [
      'a zero mutate_interval',
      ini('[general]', 'mutate_interval = 0', '[d]'),
      'fleet.ini:2: [general] mutate_interval: "0": expected a whole number of minutes 1–525600',
    ],
    // decky sections
    [
      'a decky name starting with a hyphen',
      '[-web]',
      'fleet.ini:1: [-web] invalid decky name: use letters, digits, "-" and "_", starting with a letter or digit (a dot makes a [decky.service] section)',
    ],
    [
      'a decky name with a slash',
      '[web/1]',
      'fleet.ini:1: [web/1] invalid decky name: use letters, digits, "-" and "_", starting with a letter or digit (a dot makes a [decky.service] section)',
    ],
    [
      'a decky name over 128 characters',
      `[${'a'.repeat(129)}]`,
      `fleet.ini:1: [${'a'.repeat(129)}] decky name is too long; the limit is 128 characters`,
    ],
    [
      'a group name that expansion makes too long',
      ini(`[${'a'.repeat(126)}]`, 'amount = 2'),
      `fleet.ini:1: [${'a'.repeat(126)}] decky name is too long; the limit is 128 characters`,
    ],
    [
      'an unknown decky key',
      ini('[d]', 'service = ssh'),
      'fleet.ini:2: [d] service: unknown key; allowed keys here: ip, services, archetype, distro, nmap_os, mutate_interval, hostname, amount',
    ],
    [
      'nmap_os and nmap-os both',
      ini('[d]', 'nmap_os = linux', 'nmap-os = bsd'),
      'fleet.ini:3: [d] nmap-os: nmap_os is already set on line 2 (as nmap_os)',
    ],
    ['amount = 0', ini('[d]', 'amount = 0'), 'fleet.ini:2: [d] amount: "0": expected an integer 1–100'],
    ['amount = 101', ini('[d]', 'amount = 101'), 'fleet.ini:2: [d] amount: "101": expected an integer 1–100'],
    ['amount = -1', ini('[d]', 'amount = -1'), 'fleet.ini:2: [d] amount: "-1": expected an integer 1–100'],
    ['amount = 2.5', ini('[d]', 'amount = 2.5'), 'fleet.ini:2: [d] amount: "2.5": expected an integer 1–100'],
    [
      'amount = five',
      ini('[d]', 'amount = five'),
      'fleet.ini:2: [d] amount: "five": expected an integer 1–100',
    ],
    [
      'ip with amount',
      ini('[d]', 'ip = 10.0.0.1', 'amount = 3'),
      'fleet.ini:2: [d] ip: cannot combine ip with amount = 3: one address cannot serve 3 deckies; remove ip (addresses are then allocated from net) or set amount = 1',
    ],
    [
      'hostname with amount',
      ini('[d]', 'amount = 2', 'hostname = fs01'),
      'fleet.ini:3: [d] hostname: cannot combine hostname with amount = 2: 2 deckies would share one host name',
    ],
    ['a bad ip', ini('[d]', 'ip = 10.0.0'), 'fleet.ini:2: [d] ip: "10.0.0": expected an IPv4 address'],
    [
      'an ip with leading zeros',
      ini('[d]', 'ip = 10.0.0.010'),
      'fleet.ini:2: [d] ip: "10.0.0.010": expected an IPv4 address',
    ],
    ['an IPv6 ip', ini('[d]', 'ip = ::1'), 'fleet.ini:2: [d] ip: "::1": expected an IPv4 address'],
    [
      'an ip outside net',
      ini('[general]', 'net = 10.0.0.0/24', '[d]', 'ip = 10.0.1.5'),
      'fleet.ini:4: [d] ip: 10.0.1.5 is outside net 10.0.0.0/24',
    ],
    [
      'the network address',
      ini('[general]', 'net = 10.0.0.0/24', '[d]', 'ip = 10.0.0.0'),
      'fleet.ini:4: [d] ip: 10.0.0.0 is the network or broadcast address of 10.0.0.0/24',
    ],
    [
      'the gateway address',
      ini('[general]', 'net = 10.0.0.0/24', 'gw = 10.0.0.1', '[d]', 'ip = 10.0.0.1'),
      'fleet.ini:5: [d] ip: 10.0.0.1 is the gateway address (gw in [general])',
    ],
    [
      'a LAN ip for the loopback driver',
      ini('[general]', 'driver = loopback', '[d]', 'ip = 192.168.1.5'),
      'fleet.ini:4: [d] ip: 192.168.1.5 is outside 127.0.0.0/8, the only addresses the loopback driver can use',
    ],
    [
      'a bad hostname',
      ini('[d]', 'hostname = fs_01'),
      'fleet.ini:2: [d] hostname: "fs_01": expected a host name (letters, digits and "-", dot-separated labels)',
    ],
    [
      'an empty service item',
      ini('[d]', 'services = ssh,,http'),
      'fleet.ini:2: [d] services: empty item at position 2 in "ssh,,http"',
    ],
    [
      'a trailing comma in services',
      ini('[d]', 'services = ssh,'),
      'fleet.ini:2: [d] services: empty item at position 2 in "ssh,"',
    ],
    [
      'an upper-case service',
      ini('[d]', 'services = SSH'),
      'fleet.ini:2: [d] services: invalid service name "SSH": use lower-case letters, digits and "_"',
    ],
    [
      'a hyphenated service',
      ini('[d]', 'services = docker-api'),
      'fleet.ini:2: [d] services: invalid service name "docker-api": use lower-case letters, digits and "_"',
    ],
    [
      'a service listed twice',
      ini('[d]', 'services = ssh, ssh'),
      'fleet.ini:2: [d] services: service ssh is listed twice',
    ],
    [
      'a bad archetype',
      ini('[d]', 'archetype = Linux Server'),
      'fleet.ini:2: [d] archetype: "Linux Server": expected an archetype name, e.g. linux-server (lower-case letters, digits, "-" and "_")',
    ],
    [
      'a bad distro',
      ini('[d]', 'distro = Debian'),
      'fleet.ini:2: [d] distro: "Debian": expected a distro name, e.g. debian or ubuntu22 (lower-case letters, digits, "-" and "_")',
    ],
    [
      'a bad nmap_os',
      ini('[d]', 'nmap_os = Windows 10'),
      'fleet.ini:2: [d] nmap_os: "Windows 10": expected an OS family, e.g. linux, windows or embedded (lower-case letters, digits, "-" and "_")',
    ],
    [
      'a non-integer mutate_interval',
      ini('[d]', 'mutate_interval = 1h'),
      'fleet.ini:2: [d] mutate_interval: "1h": expected a whole number of minutes 1–525600',
    ],
    // uniqueness after expansion
    [
      'two deckies with one name',
      ini('[a]', '[web]', 'amount = 2', '[web-02]'),
      'fleet.ini:4: [web-02] decky name web-02 is already used by [web] on line 2',
    ],
    [
      'names differing only in case',
      ini('[Web]', '[web]'),
      'fleet.ini:2: [web] decky name web is already used by [Web] on line 1',
    ],
    [
      'two deckies with one ip',
      ini('[a]', 'ip = 10.0.0.2', '[b]', 'ip = 10.0.0.2'),
      'fleet.ini:3: [b] ip: 10.0.0.2 is already the address of [a] on line 1',
    ],
    // per-service sections
    [
      'an orphan service section',
      ini('[web]', '[wbe.ssh]'),
      'fleet.ini:2: [wbe.ssh] no decky or decky group named "wbe" in this file',
    ],
    [
      'a service section with two dots',
      ini('[web]', '[web.x.ssh]'),
      'fleet.ini:2: [web.x.ssh] no decky or decky group named "web.x" in this file',
    ],
    [
      'an invalid service after the dot',
      ini('[web]', '[web.SSH]'),
      'fleet.ini:2: [web.SSH] invalid service name "SSH" after the dot: use lower-case letters, digits and "_"',
    ],
    [
      'an empty service after the dot',
      ini('[web]', '[web.]'),
      'fleet.ini:2: [web.] invalid service name "" after the dot: use lower-case letters, digits and "_"',
    ],
    [
      'a service the decky does not run',
      ini('[web]', 'services = http', '[web.ssh]', 'user = root'),
      'fleet.ini:3: [web.ssh] decky web does not run ssh (services = http); add it to services in [web] or remove this section',
    ],
    [
      'a service a group does not run',
      ini('[ws]', 'services = smb', 'amount = 2', '[ws-02.rdp]'),
      'fleet.ini:4: [ws-02.rdp] decky ws-02 does not run rdp (services = smb); add it to services in [ws] or remove this section',
    ],
    // custom services
    [
      'a hyphenated custom service name',
      ini('[custom-my-svc]', 'ports = 1', '[d]'),
      'fleet.ini:1: [custom-my-svc] invalid custom service name "my-svc": use lower-case letters, digits and "_" after "custom-"',
    ],
    [
      'an unknown custom key',
      ini('[custom-x]', 'image = nginx', 'ports = 80', '[d]'),
      'fleet.ini:2: [custom-x] image: unknown key; allowed keys here: binary, exec, ports, banner',
    ],
    [
      'a custom service without ports',
      ini('[custom-x]', 'binary = nginx', '[d]'),
      'fleet.ini:1: [custom-x] ports is required: the ports this service listens on, e.g. ports = 8080, 5353/udp',
    ],
    [
      'a port out of range',
      ini('[custom-x]', 'ports = 80, 70000', '[d]'),
      'fleet.ini:2: [custom-x] ports: "70000" (item 2): expected a port 1–65535, optionally followed by /tcp or /udp',
    ],
    [
      'port 0',
      ini('[custom-x]', 'ports = 0', '[d]'),
      'fleet.ini:2: [custom-x] ports: "0" (item 1): expected a port 1–65535, optionally followed by /tcp or /udp',
    ],
    [
      'a port with a bad protocol',
      ini('[custom-x]', 'ports = 80/sctp', '[d]'),
      'fleet.ini:2: [custom-x] ports: "80/sctp" (item 1): expected a port 1–65535, optionally followed by /tcp or /udp',
    ],
    [
      'a port range',
      ini('[custom-x]', 'ports = 8000-8010', '[d]'),
      'fleet.ini:2: [custom-x] ports: "8000-8010" (item 1): expected a port 1–65535, optionally followed by /tcp or /udp',
    ],
    [
      'a port listed twice',
      ini('[custom-x]', 'ports = 80, 80/tcp', '[d]'),
      'fleet.ini:2: [custom-x] ports: port 80/tcp is listed twice',
    ],
    [
      'a malformed base64 banner',
      ini('[custom-x]', 'ports = 80', 'banner = b64:%%%', '[d]'),
      'fleet.ini:3: [custom-x] banner: malformed b64: payload: not strict base64',
    ],
  ])('%s', (_name, text, message) => {
    expect(errorOf(() => parse(text)).message).toBe(message);
  });

  it('exposes file, line, section and key as fields', () => {
    const err = errorOf(() => parse(ini('[d]', 'amount = 0')));
    expect({ file: err.file, line: err.line, section: err.section, key: err.key }).toEqual({
      file: FILE,
      line: 2,
      section: 'd',
      key: 'amount',
    });
  });

  it(`refuses more than ${MAX_DECKIES_PER_FILE} deckies after expansion`, () => {
    const groups = Math.ceil((MAX_DECKIES_PER_FILE + 1) / 100);
    const text = Array.from({ length: groups }, (_, i) => `[g${i}]\namount = 100`).join('\n');
    expect(errorOf(() => parse(text)).message).toBe(
      `fleet.ini: ${groups * 100} deckies after amount expansion; the limit is ${MAX_DECKIES_PER_FILE}`,
    );
  });
});

describe('checkServices', () => {
  const file = parse(
    ini('[a]', 'services = ssh, telemetry', '[b]', '[b.htpp]', '[custom-telemetry]', 'ports = 7070'),
  );

  it('accepts services the registry knows and custom services', () => {
    expect(() =>
      checkServices(parse(ini('[a]', 'services = ssh, x', '[custom-x]', 'ports = 1')), (s) => s === 'ssh'),
    ).not.toThrow();
  });

  it('names the first unknown service and where it is used', () => {
    expect(errorOf(() => checkServices(file, (s) => s === 'ssh' || s === 'http')).message).toBe(
      'fleet.ini:4: [b.htpp] unknown service htpp; define it in a [custom-htpp] section or pick one that `decnet services` lists',
    );
    expect(errorOf(() => checkServices(file, () => false)).message).toBe(
      'fleet.ini:2: [a] services: unknown service ssh; define it in a [custom-ssh] section or pick one that `decnet services` lists',
    );
  });
});

describe('coerceServiceSettings', () => {
  const rdpFields: ServiceConfigField[] = [
    serviceConfigFieldSchema.parse({ key: 'nla', label: 'NLA', type: 'bool' }),
    serviceConfigFieldSchema.parse({ key: 'port', label: 'Port', type: 'int', min: 1, max: 65535 }),
    serviceConfigFieldSchema.parse({ key: 'banner', label: 'Banner' }),
  ];
  const file = parse(
    ini(
      '[ws]',
      'amount = 2',
      '[ws.rdp]',
      'nla = yes',
      'port = 3389',
      'banner =',
      '[ws-02.rdp]',
      'nla = maybe',
      'prot = 1',
    ),
  );

  it('coerces values and leaves out empty ones, so the service default applies', () => {
    const settings = file.serviceConfig['ws-01']!.rdp!;
    expect({ ...coerceServiceSettings(FILE, settings, rdpFields) }).toEqual({ nla: true, port: 3389 });
  });

  it('reports a bad value at the line it was written on', () => {
    const settings = file.serviceConfig['ws-02']!.rdp!;
    const err = errorOf(() => coerceServiceSettings(FILE, settings, rdpFields, { unknownKeys: 'drop' }));
    expect(err.message).toBe(
      'fleet.ini:8: [ws-02.rdp] nla: expected a bool (true/1/yes/on or false/0/no/off), got "maybe"',
    );
  });

  it('reports an unknown key as a typo unless told to drop it', () => {
    const settings = { values: { prot: '1' }, origins: { prot: { section: 'ws-02.rdp', line: 9 } } };
    expect(errorOf(() => coerceServiceSettings(FILE, settings, rdpFields)).message).toBe(
      'fleet.ini:9: [ws-02.rdp] prot: unknown setting; known settings: nla, port, banner',
    );
    expect({ ...coerceServiceSettings(FILE, settings, rdpFields, { unknownKeys: 'drop' }) }).toEqual({});
  });
});

describe('the example deployment file', () => {
  const path = fileURLToPath(new URL('./fixtures/deploy-example.ini', import.meta.url));

  it('loads, with groups expanded and per-service sections applied', async () => {
    const file = await loadDeployFile(path);
    expect(file.general).toEqual({
      net: '192.168.50.0/24',
      gateway: '192.168.50.1',
      interface: 'eth0',
      driver: 'netns',
      mutateInterval: 60,
      line: 4,
    });
    expect(file.deckies.map((d) => [d.name, d.ip, d.services, d.mutateInterval])).toEqual([
      ['fileserver', '192.168.50.10', ['smb', 'ftp', 'ssh'], 60],
      ['web-01', '192.168.50.20', ['http', 'https', 'ssh'], 30],
      ['workstations-01', null, null, 60],
      ['workstations-02', null, null, 60],
      ['workstations-03', null, null, 60],
      ['workstations-04', null, null, 60],
      ['workstations-05', null, null, 60],
      ['db-01', '192.168.50.30', ['mysql', 'postgres', 'redis'], 60],
      ['printer', '192.168.50.40', ['snmp', 'ftp', 'telemetry'], 60],
    ]);
    expect(file.deckies[0]).toMatchObject({
      hostname: 'FS01.corp.local',
      archetype: 'file-server',
      distro: 'debian',
    });
    expect(file.deckies[2]).toMatchObject({
      archetype: 'windows-workstation',
      nmapOs: 'windows',
      section: 'workstations',
    });
    expect(file.serviceConfig['web-01']?.http?.values).toEqual({
      server_header: 'Apache/2.4.41 (Ubuntu)',
      fake_app: 'wordpress',
      response_code: '200',
      http_versions: 'h1.1, h2',
      extra_headers: '\nX-Powered-By: PHP/7.4.3\nX-Frame-Options: SAMEORIGIN',
    });
    expect(file.serviceConfig.fileserver?.ssh?.values.password).toBe('Winter2024!');
    expect(
      ['workstations-01', 'workstations-02', 'workstations-03', 'workstations-04', 'workstations-05'].map(
        (n) => file.serviceConfig[n]?.rdp?.values.nla,
      ),
    ).toEqual(['true', 'true', 'false', 'true', 'true']);
    expect(file.services).toEqual([
      'smb',
      'ftp',
      'ssh',
      'http',
      'https',
      'rdp',
      'mysql',
      'postgres',
      'redis',
      'snmp',
      'telemetry',
    ]);
    expect(file.customServices).toEqual([
      expect.objectContaining({
        name: 'telemetry',
        image: 'vendor/telemetry-agent:2.1',
        banner: 'TELEMETRY/2.1 READY',
        ports: [
          { port: 7070, protocol: 'tcp' },
          { port: 7071, protocol: 'udp' },
        ],
      }),
    ]);
  });

  it('coerces its https textarea from b64 and its multi_enum from a comma list', async () => {
    const file = await loadDeployFile(path);
    const https = file.serviceConfig['web-01']!.https!;
    const http = file.serviceConfig['web-01']!.http!;
    const textarea = serviceConfigFieldSchema.parse({ key: 'custom_body', label: 'Body', type: 'textarea' });
    const versions = serviceConfigFieldSchema.parse({
      key: 'http_versions',
      label: 'HTTP versions',
      type: 'multi_enum',
      enum: ['h1.1', 'h2'],
    });
    const tlsCn = serviceConfigFieldSchema.parse({ key: 'tls_cn', label: 'CN' });
    expect(coerceServiceSettings(path, https, [textarea, tlsCn]).custom_body).toBe('<h1>Intranet</h1>');
    expect(coerceServiceSettings(path, http, [versions], { unknownKeys: 'drop' }).http_versions).toEqual([
      'h1.1',
      'h2',
    ]);
  });

  it('reports a missing file', async () => {
    await expect(loadDeployFile('/nonexistent/fleet.ini')).rejects.toThrow(
      '/nonexistent/fleet.ini: file not found',
    );
  });
});
