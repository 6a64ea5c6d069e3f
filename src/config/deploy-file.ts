/**
 * The deployment file: a DECNET-compatible INI describing a fleet of deckies
 * (spec/decnet-inventory.md §1.6 item 1; the reference's `ini_loader.py` and `models.py`).
 *
 * ```ini
 * [general]
 * net = 192.168.1.0/24        ; or subnet =
 * gw = 192.168.1.1
 * interface = eth0
 * driver = netns              ; ours: loopback | netns
 *
 * [web-01]                    ; any other section is one decky, named after the section
 * ip = 192.168.1.20
 * services = ssh, http
 *
 * [workstations]              ; amount = N expands to workstations-01 … workstations-NN
 * archetype = windows-workstation
 * amount = 5
 *
 * [web-01.http]               ; per-service settings, raw strings here
 * server_header = nginx/1.18.0
 *
 * [workstations.smb]          ; applies to every workstations-NN
 * ...
 *
 * [custom-telemetry]          ; bring-your-own service: kept as data, never executed
 * binary = vendor/telemetry:2.1
 * exec = /usr/bin/telemetryd --port 7070
 * ports = 7070
 * ```
 *
 * Compatible with reference files, stricter where the reference silently ignored a mistake: unknown keys,
 * per-service sections for deckies that do not exist or do not run that service, malformed port lists
 * and duplicate names or addresses are errors naming file, line and key. Which service names exist is
 * not known here; {@link checkServices} lets the service registry check them with file locations.
 */
import { IniError, type IniErrorLocation, quote } from './errors.js';
import { isHostName } from './hostname.js';
import { type IniEntry, type IniSection, parseIni, readIniFile } from './ini.js';
import {
  formatIpv4,
  type Ipv4Network,
  isNetworkOrBroadcast,
  LOOPBACK_NETWORK,
  networkContains,
  parseIpv4,
  parseIpv4Network,
} from './ipv4.js';
import {
  DECKY_AMOUNT_MAX,
  DECKY_AMOUNT_MIN,
  DECKY_NAME_MAX_LENGTH,
  INTERFACE_NAME_MAX_LENGTH,
  MAX_DECKIES_PER_FILE,
  MUTATE_INTERVAL_MAX,
  MUTATE_INTERVAL_MIN,
} from './limits.js';
import { parseDecimalInt, parsePythonInt } from './numbers.js';
import {
  type CoerceServiceConfigOptions,
  coerceServiceValue,
  knownKeys,
  ServiceConfigError,
  type ServiceConfigField,
  type ServiceValue,
} from './service-field.js';

export const DEPLOY_DRIVERS = ['loopback', 'netns'] as const;
export type DeployDriver = (typeof DEPLOY_DRIVERS)[number];

export const GENERAL_SECTION = 'general';
export const CUSTOM_SECTION_PREFIX = 'custom-';

/** Service names: what `services =` lists and what follows the dot in `[decky.service]`. */
export const SERVICE_NAME_PATTERN = /^[a-z0-9_]+$/;
/** Decky names become section names, syslog HOSTNAMEs and namespace names: no dots, no spaces. */
export const DECKY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Archetype, distro and OS-family slugs (`windows-workstation`, `ubuntu22`, `windows_server`). */
const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

export interface DeployGeneral {
  /** `net` (or `subnet`), canonical CIDR; every explicit decky `ip` lies inside it. */
  net: string | null;
  /** `gw` (or `gateway`). */
  gateway: string | null;
  /** Host interface for the netns driver's macvlan links. */
  interface: string | null;
  /** Our addition: which fabric driver to use; null leaves the choice to the command line. */
  driver: DeployDriver | null;
  /** Default `mutate_interval` (minutes) for deckies that set none. */
  mutateInterval: number | null;
  /** Line of the `[general]` header, null when the file has none. */
  line: number | null;
}

export interface DeckySpec {
  name: string;
  /** Explicit address; null means one is allocated from `net`. */
  ip: string | null;
  /** Explicit service list; null means the archetype (or a random pick) decides. */
  services: string[] | null;
  archetype: string | null;
  distro: string | null;
  /** OS family for fingerprint spoofing (`nmap_os` or `nmap-os`). */
  nmapOs: string | null;
  /** Minutes between service mutations. */
  mutateInterval: number | null;
  hostname: string | null;
  /** Section the decky comes from: its own name, or the group's name for an `amount =` expansion. */
  section: string;
  /** Line of that section's header. */
  line: number;
}

export interface ServiceSettingOrigin {
  section: string;
  line: number;
}

/** The raw `[decky.service]` settings of one service on one decky. Records are prototype-free. */
export interface ServiceSettings {
  values: Record<string, string>;
  /** Where each value was written: a group's section, or the decky's own (which wins). */
  origins: Record<string, ServiceSettingOrigin>;
}

export interface PortSpec {
  port: number;
  protocol: 'tcp' | 'udp';
}

/**
 * A `[custom-NAME]` bring-your-own service. The reference runs `binary` as a Docker image with `exec`
 * as its command; we run no containers and execute nothing, so both are kept only as text (to show,
 * to export, or to fill a banner). What we can emulate is a listener on `ports`.
 */
export interface CustomServiceSpec {
  name: string;
  /** `binary =`: the reference's Docker image. Data only. */
  image: string | null;
  /** `exec =`: the reference's container command. Data only; never executed. */
  exec: string | null;
  /** Our addition: text sent to a client on connect (`b64:` accepted, as for textarea fields). */
  banner: string | null;
  /** `ports = 8080, 5353/udp`: at least one; plain numbers are TCP. */
  ports: PortSpec[];
  section: string;
  line: number;
}

/** One place where the file names a service. */
export interface ServiceReference {
  service: string;
  section: string;
  line: number;
  /** `services` for a list entry; null for a `[decky.service]` section header. */
  key: string | null;
}

export interface DeployFile {
  file: string;
  general: DeployGeneral;
  /** In file order, groups expanded in place. */
  deckies: DeckySpec[];
  /** decky name → service name → raw settings. Only deckies and services with settings appear. */
  serviceConfig: Record<string, Record<string, ServiceSettings>>;
  customServices: CustomServiceSpec[];
  /** Every service name used (lists and per-service sections), first use first, each once. */
  services: string[];
  /** Every use of a service name, in file order, for error messages. */
  serviceReferences: ServiceReference[];
}

/** Reads and parses a deployment file. Throws {@link IniError}. */
export async function loadDeployFile(path: string): Promise<DeployFile> {
  const doc = await readIniFile(path);
  return buildDeployFile(doc.sections, path);
}

/** Parses deployment-file text. `file` names the source in errors. Throws {@link IniError}. */
export function parseDeployFile(text: string, file: string): DeployFile {
  return buildDeployFile(parseIni(text, file).sections, file);
}

// ─── Building ────────────────────────────────────────────────────────────────────────────────────

interface DeckyGroup {
  section: IniSection;
  members: DeckySpec[];
  /** True when `amount =` expanded the section into `<name>-NN` members. */
  expanded: boolean;
}

function buildDeployFile(sections: IniSection[], file: string): DeployFile {
  if (sections.length === 0) {
    throw new IniError(
      { file, line: 0 },
      'no sections; a deployment file needs at least one decky, e.g. [decky-01]',
    );
  }
  const generalSection = sections.find((s) => s.name === GENERAL_SECTION);
  const { general, network } = parseGeneral(file, generalSection);

  const groups: DeckyGroup[] = [];
  const customServices: CustomServiceSpec[] = [];
  const serviceSections: IniSection[] = [];
  for (const section of sections) {
    if (section.name === GENERAL_SECTION) continue;
    if (section.name.toLowerCase() === GENERAL_SECTION) {
      throw new IniError(
        { file, line: section.line, section: section.name },
        `section names are case-sensitive; write [${GENERAL_SECTION}]`,
      );
    }
    if (section.name.includes('.')) serviceSections.push(section);
    else if (section.name.startsWith(CUSTOM_SECTION_PREFIX)) customServices.push(parseCustom(file, section));
    else groups.push(parseDeckySection(file, section, general, network));
  }

  const deckies = groups.flatMap((g) => g.members);
  if (deckies.length === 0) {
    throw new IniError({ file, line: 0 }, 'no decky sections; add one, e.g. [decky-01] with services = ssh');
  }
  if (deckies.length > MAX_DECKIES_PER_FILE) {
    throw new IniError(
      { file, line: 0 },
      `${deckies.length} deckies after amount expansion; the limit is ${MAX_DECKIES_PER_FILE}`,
    );
  }
  checkUnique(file, deckies);

  const references: ServiceReference[] = [];
  for (const group of groups) {
    const entry = group.section.entries.find((e) => e.key === 'services');
    for (const service of group.members[0]?.services ?? []) {
      references.push({
        service,
        section: group.section.name,
        line: entry?.line ?? group.section.line,
        key: 'services',
      });
    }
  }
  const serviceConfig = collectServiceSettings(file, serviceSections, groups, references);
  references.sort((a, b) => a.line - b.line);
  const services = [...new Set(references.map((r) => r.service))];

  return { file, general, deckies, serviceConfig, customServices, services, serviceReferences: references };
}

// ─── [general] ───────────────────────────────────────────────────────────────────────────────────

const GENERAL_KEYS = ['net', 'gw', 'interface', 'driver', 'mutate_interval'] as const;
const GENERAL_ALIASES = new Map<string, (typeof GENERAL_KEYS)[number]>([
  ['subnet', 'net'],
  ['gateway', 'gw'],
]);

function parseGeneral(
  file: string,
  section: IniSection | undefined,
): { general: DeployGeneral; network: Ipv4Network | null } {
  const general: DeployGeneral = {
    net: null,
    gateway: null,
    interface: null,
    driver: null,
    mutateInterval: null,
    line: section?.line ?? null,
  };
  if (!section) return { general, network: null };
  const keys = readKeys(file, section, GENERAL_KEYS, GENERAL_ALIASES);
  const where = (entry: IniEntry): IniErrorLocation => at(file, section, entry);

  let network: Ipv4Network | null = null;
  const net = given(keys.get('net'));
  if (net) {
    const parsed = parseIpv4Network(net.value);
    if (!parsed.ok) throw new IniError(where(net), `${quote(net.value)}: ${parsed.reason}`);
    network = parsed.network;
    general.net = network.text;
  }

  const driver = given(keys.get('driver'));
  if (driver) {
    if (!(DEPLOY_DRIVERS as readonly string[]).includes(driver.value)) {
      throw new IniError(
        where(driver),
        `${quote(driver.value)}: expected one of ${DEPLOY_DRIVERS.join(', ')}`,
      );
    }
    general.driver = driver.value as DeployDriver;
  }
  if (network && general.driver === 'loopback' && !isInsideLoopback(network)) {
    throw new IniError(
      where(keys.get('net')!),
      `${network.text} is outside 127.0.0.0/8, the only addresses the loopback driver can use; ` +
        'pick a net inside it or use driver = netns',
    );
  }

  const gw = given(keys.get('gw'));
  if (gw) {
    const address = parseIpv4(gw.value);
    if (address === null) throw new IniError(where(gw), `${quote(gw.value)}: expected an IPv4 address`);
    if (network && !networkContains(network, address)) {
      throw new IniError(where(gw), `${gw.value} is outside net ${network.text}`);
    }
    if (network && isNetworkOrBroadcast(network, address)) {
      throw new IniError(where(gw), `${gw.value} is the network or broadcast address of ${network.text}`);
    }
    general.gateway = gw.value;
  }

  const iface = given(keys.get('interface'));
  if (iface) {
    if (!isInterfaceName(iface.value)) {
      throw new IniError(
        where(iface),
        `${quote(iface.value)}: expected a network interface name (1–${INTERFACE_NAME_MAX_LENGTH} characters, ` +
          'no spaces, "/" or ":")',
      );
    }
    general.interface = iface.value;
  }

  const mutate = given(keys.get('mutate_interval'));
  if (mutate) general.mutateInterval = parseMutateInterval(where(mutate), mutate.value);
  return { general, network };
}

function isInsideLoopback(network: Ipv4Network): boolean {
  return network.prefix >= LOOPBACK_NETWORK.prefix && networkContains(LOOPBACK_NETWORK, network.base);
}

function isInterfaceName(name: string): boolean {
  // The kernel's dev_valid_name(): not "." or "..", shorter than IFNAMSIZ, no "/", ":" or whitespace.
  return (
    /^[\x21-\x7e]+$/.test(name) &&
    name.length <= INTERFACE_NAME_MAX_LENGTH &&
    !/[/:]/.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}

// ─── Decky sections ──────────────────────────────────────────────────────────────────────────────

const DECKY_KEYS = [
  'ip',
  'services',
  'archetype',
  'distro',
  'nmap_os',
  'mutate_interval',
  'hostname',
  'amount',
] as const;

function parseDeckySection(
  file: string,
  section: IniSection,
  general: DeployGeneral,
  network: Ipv4Network | null,
): DeckyGroup {
  const header = { file, line: section.line, section: section.name };
  if (!DECKY_NAME_PATTERN.test(section.name)) {
    throw new IniError(
      header,
      'invalid decky name: use letters, digits, "-" and "_", starting with a letter or digit ' +
        '(a dot makes a [decky.service] section)',
    );
  }
  const keys = readKeys(file, section, DECKY_KEYS, new Map());
  const where = (entry: IniEntry): IniErrorLocation => at(file, section, entry);

  let amount = 1;
  const amountEntry = given(keys.get('amount'));
  if (amountEntry) {
    const parsed = parsePythonInt(amountEntry.value);
    if (parsed === null || parsed < DECKY_AMOUNT_MIN || parsed > DECKY_AMOUNT_MAX) {
      throw new IniError(
        where(amountEntry),
        `${quote(amountEntry.value)}: expected an integer ${DECKY_AMOUNT_MIN}–${DECKY_AMOUNT_MAX}`,
      );
    }
    amount = parsed;
  }
  const suffix = amount > 1 ? `-${String(amount).padStart(2, '0')}` : '';
  if (section.name.length + suffix.length > DECKY_NAME_MAX_LENGTH) {
    throw new IniError(header, `decky name is too long; the limit is ${DECKY_NAME_MAX_LENGTH} characters`);
  }

  let ip: string | null = null;
  const ipEntry = given(keys.get('ip'));
  if (ipEntry) {
    if (amount > 1) {
      throw new IniError(
        where(ipEntry),
        `cannot combine ip with amount = ${amount}: one address cannot serve ${amount} deckies; ` +
          'remove ip (addresses are then allocated from net) or set amount = 1',
      );
    }
    ip = checkDeckyAddress(where(ipEntry), ipEntry.value, general, network);
  }

  let hostname: string | null = null;
  const hostnameEntry = given(keys.get('hostname'));
  if (hostnameEntry) {
    if (amount > 1) {
      throw new IniError(
        where(hostnameEntry),
        `cannot combine hostname with amount = ${amount}: ${amount} deckies would share one host name`,
      );
    }
    if (!isHostName(hostnameEntry.value)) {
      throw new IniError(
        where(hostnameEntry),
        `${quote(hostnameEntry.value)}: expected a host name (letters, digits and "-", dot-separated labels)`,
      );
    }
    hostname = hostnameEntry.value;
  }

  const servicesEntry = given(keys.get('services'));
  const services = servicesEntry ? parseServiceList(where(servicesEntry), servicesEntry.value) : null;
  const mutateEntry = given(keys.get('mutate_interval'));
  const base = {
    ip,
    services,
    archetype: slug(keys.get('archetype'), where, 'an archetype name, e.g. linux-server'),
    distro: slug(keys.get('distro'), where, 'a distro name, e.g. debian or ubuntu22'),
    nmapOs: slug(keys.get('nmap_os'), where, 'an OS family, e.g. linux, windows or embedded'),
    mutateInterval: mutateEntry
      ? parseMutateInterval(where(mutateEntry), mutateEntry.value)
      : general.mutateInterval,
    hostname,
    section: section.name,
    line: section.line,
  };

  if (amount === 1) return { section, expanded: false, members: [{ name: section.name, ...base }] };
  const members: DeckySpec[] = [];
  for (let index = 1; index <= amount; index++) {
    // Reference naming: `<section>-NN`, two digits at least (`{idx:02d}`).
    members.push({
      name: `${section.name}-${String(index).padStart(2, '0')}`,
      ...base,
      services: services && [...services],
    });
  }
  return { section, expanded: true, members };
}

function checkDeckyAddress(
  where: IniErrorLocation,
  text: string,
  general: DeployGeneral,
  network: Ipv4Network | null,
): string {
  const address = parseIpv4(text);
  if (address === null) throw new IniError(where, `${quote(text)}: expected an IPv4 address`);
  if (network) {
    if (!networkContains(network, address))
      throw new IniError(where, `${text} is outside net ${network.text}`);
    if (isNetworkOrBroadcast(network, address)) {
      throw new IniError(where, `${text} is the network or broadcast address of ${network.text}`);
    }
  } else if (general.driver === 'loopback' && !networkContains(LOOPBACK_NETWORK, address)) {
    throw new IniError(
      where,
      `${text} is outside 127.0.0.0/8, the only addresses the loopback driver can use`,
    );
  }
  if (general.gateway !== null && parseIpv4(general.gateway) === address) {
    throw new IniError(where, `${text} is the gateway address (gw in [${GENERAL_SECTION}])`);
  }
  return formatIpv4(address);
}

function parseServiceList(where: IniErrorLocation, text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (item === '') throw new IniError(where, `empty item at position ${index + 1} in ${quote(text)}`);
    if (!SERVICE_NAME_PATTERN.test(item)) {
      throw new IniError(
        where,
        `invalid service name ${quote(item)}: use lower-case letters, digits and "_"`,
      );
    }
    if (seen.has(item)) throw new IniError(where, `service ${item} is listed twice`);
    seen.add(item);
  });
  return items;
}

function slug(
  entry: IniEntry | undefined,
  where: (entry: IniEntry) => IniErrorLocation,
  expected: string,
): string | null {
  const value = given(entry);
  if (!value) return null;
  if (!SLUG_PATTERN.test(value.value)) {
    throw new IniError(
      where(value),
      `${quote(value.value)}: expected ${expected} (lower-case letters, digits, "-" and "_")`,
    );
  }
  return value.value;
}

function parseMutateInterval(where: IniErrorLocation, text: string): number {
  const value = parsePythonInt(text);
  if (value === null || value < MUTATE_INTERVAL_MIN || value > MUTATE_INTERVAL_MAX) {
    throw new IniError(
      where,
      `${quote(text)}: expected a whole number of minutes ${MUTATE_INTERVAL_MIN}–${MUTATE_INTERVAL_MAX}`,
    );
  }
  return value;
}

function checkUnique(file: string, deckies: DeckySpec[]): void {
  const names = new Map<string, DeckySpec>();
  const addresses = new Map<string, DeckySpec>();
  for (const decky of deckies) {
    // Case-insensitive: `Web` and `web` would be two deckies an analyst cannot tell apart.
    const key = decky.name.toLowerCase();
    const sameName = names.get(key);
    if (sameName) {
      throw new IniError(
        { file, line: decky.line, section: decky.section },
        `decky name ${decky.name} is already used by [${sameName.section}] on line ${sameName.line}`,
      );
    }
    names.set(key, decky);
    if (decky.ip === null) continue;
    const sameIp = addresses.get(decky.ip);
    if (sameIp) {
      throw new IniError(
        { file, line: decky.line, section: decky.section, key: 'ip' },
        `${decky.ip} is already the address of [${sameIp.section}] on line ${sameIp.line}`,
      );
    }
    addresses.set(decky.ip, decky);
  }
}

// ─── [decky.service] sections ────────────────────────────────────────────────────────────────────

function collectServiceSettings(
  file: string,
  sections: IniSection[],
  groups: DeckyGroup[],
  references: ServiceReference[],
): Record<string, Record<string, ServiceSettings>> {
  const bySectionName = new Map(groups.map((g) => [g.section.name, g]));
  const byDeckyName = new Map(groups.flatMap((g) => g.members.map((m) => [m.name, m] as const)));
  const out: Record<string, Record<string, ServiceSettings>> = Object.create(null);

  // A group's section applies first and a member's own section after it, whatever their order in the
  // file: the more specific setting wins, key by key.
  const pending: Array<{ section: IniSection; service: string; targets: DeckySpec[]; specific: boolean }> =
    [];
  for (const section of sections) {
    const dot = section.name.lastIndexOf('.');
    const deckyName = section.name.slice(0, dot);
    const service = section.name.slice(dot + 1);
    const header = { file, line: section.line, section: section.name };
    if (!SERVICE_NAME_PATTERN.test(service)) {
      throw new IniError(
        header,
        `invalid service name ${quote(service)} after the dot: use lower-case letters, digits and "_"`,
      );
    }
    const group = bySectionName.get(deckyName);
    const member = group ? undefined : byDeckyName.get(deckyName);
    const targets = group ? group.members : member ? [member] : [];
    if (targets.length === 0) {
      throw new IniError(header, `no decky or decky group named ${quote(deckyName)} in this file`);
    }
    for (const decky of targets) {
      if (decky.services !== null && !decky.services.includes(service)) {
        throw new IniError(
          header,
          `decky ${decky.name} does not run ${service} (services = ${decky.services.join(', ')}); ` +
            `add it to services in [${decky.section}] or remove this section`,
        );
      }
    }
    references.push({ service, section: section.name, line: section.line, key: null });
    pending.push({ section, service, targets, specific: group === undefined || !group.expanded });
  }

  for (const pass of [false, true]) {
    for (const { section, service, targets, specific } of pending) {
      if (specific !== pass) continue;
      for (const decky of targets) {
        const perDecky: Record<string, ServiceSettings> = out[decky.name] ?? Object.create(null);
        out[decky.name] = perDecky;
        const settings: ServiceSettings = perDecky[service] ?? {
          values: Object.create(null),
          origins: Object.create(null),
        };
        perDecky[service] = settings;
        for (const entry of section.entries) {
          settings.values[entry.key] = entry.value;
          settings.origins[entry.key] = { section: section.name, line: entry.line };
        }
      }
    }
  }
  return out;
}

// ─── [custom-NAME] sections ──────────────────────────────────────────────────────────────────────

const CUSTOM_KEYS = ['binary', 'exec', 'ports', 'banner'] as const;
const PORT_ITEM = /^([0-9]+)(?:\/(tcp|udp))?$/;

function parseCustom(file: string, section: IniSection): CustomServiceSpec {
  const name = section.name.slice(CUSTOM_SECTION_PREFIX.length);
  const header = { file, line: section.line, section: section.name };
  if (!SERVICE_NAME_PATTERN.test(name)) {
    throw new IniError(
      header,
      `invalid custom service name ${quote(name)}: use lower-case letters, digits and "_" after "${CUSTOM_SECTION_PREFIX}"`,
    );
  }
  const keys = readKeys(file, section, CUSTOM_KEYS, new Map());
  const where = (entry: IniEntry): IniErrorLocation => at(file, section, entry);

  const portsEntry = given(keys.get('ports'));
  if (!portsEntry) {
    throw new IniError(
      header,
      'ports is required: the ports this service listens on, e.g. ports = 8080, 5353/udp',
    );
  }
  const ports: PortSpec[] = [];
  const seen = new Set<string>();
  portsEntry.value.split(',').forEach((raw, index) => {
    const item = raw.trim().toLowerCase();
    const match = PORT_ITEM.exec(item);
    const port = match ? parseDecimalInt(match[1]!) : null;
    if (!match || port === null || port < 1 || port > 65_535) {
      throw new IniError(
        where(portsEntry),
        `${quote(raw.trim())} (item ${index + 1}): expected a port 1–65535, optionally followed by /tcp or /udp`,
      );
    }
    const protocol = (match[2] ?? 'tcp') as PortSpec['protocol'];
    const id = `${port}/${protocol}`;
    if (seen.has(id)) throw new IniError(where(portsEntry), `port ${id} is listed twice`);
    seen.add(id);
    ports.push({ port, protocol });
  });

  let banner: string | null = null;
  const bannerEntry = given(keys.get('banner'));
  if (bannerEntry) {
    try {
      banner = coerceServiceValue(
        { key: 'banner', label: 'Banner', type: 'textarea', secret: false },
        bannerEntry.value,
      );
    } catch (err) {
      if (err instanceof ServiceConfigError)
        throw new IniError(where(bannerEntry), err.reason, { cause: err });
      throw err;
    }
  }
  return {
    name,
    image: given(keys.get('binary'))?.value ?? null,
    exec: given(keys.get('exec'))?.value ?? null,
    banner,
    ports,
    section: section.name,
    line: section.line,
  };
}

// ─── Shared helpers ──────────────────────────────────────────────────────────────────────────────

function at(file: string, section: IniSection, entry: IniEntry): IniErrorLocation {
  return { file, line: entry.line, section: section.name, key: entry.key };
}

/** An entry with a non-empty value; empty values mean "not given", as in the reference. */
function given(entry: IniEntry | undefined): IniEntry | undefined {
  return entry && entry.value !== '' ? entry : undefined;
}

/**
 * The section's entries by canonical key. `-` and `_` are interchangeable in keys (the reference reads
 * both `nmap_os` and `nmap-os`); writing one key twice under two spellings is an error, as is any key
 * not listed.
 */
function readKeys<K extends string>(
  file: string,
  section: IniSection,
  allowed: readonly K[],
  aliases: ReadonlyMap<string, K>,
): Map<K, IniEntry> {
  const out = new Map<K, IniEntry>();
  for (const entry of section.entries) {
    const normalized = entry.key.replaceAll('-', '_');
    const canonical = (allowed as readonly string[]).includes(normalized)
      ? (normalized as K)
      : aliases.get(normalized);
    const where = at(file, section, entry);
    if (canonical === undefined) {
      throw new IniError(where, `unknown key; allowed keys here: ${allowed.join(', ')}`);
    }
    const previous = out.get(canonical);
    if (previous) {
      throw new IniError(where, `${canonical} is already set on line ${previous.line} (as ${previous.key})`);
    }
    out.set(canonical, entry);
  }
  return out;
}

// ─── After parsing: checks that need other modules' knowledge ────────────────────────────────────

/**
 * Throws an {@link IniError} at the first use of a service that neither `isKnown` accepts nor a
 * `[custom-NAME]` section defines. The service registry calls this with its own lookup.
 */
export function checkServices(deploy: DeployFile, isKnown: (service: string) => boolean): void {
  const custom = new Set(deploy.customServices.map((c) => c.name));
  for (const ref of deploy.serviceReferences) {
    if (isKnown(ref.service) || custom.has(ref.service)) continue;
    throw new IniError(
      { file: deploy.file, line: ref.line, section: ref.section, key: ref.key ?? undefined },
      `unknown service ${ref.service}; define it in a [${CUSTOM_SECTION_PREFIX}${ref.service}] section or ` +
        'pick one that `decnet services` lists',
    );
  }
}

/**
 * Coerces one decky's raw settings for one service against the service's fields, with DECNET's rules
 * ({@link coerceServiceValue}). Empty values are left out (the service's default applies), as in the
 * reference's `validate_cfg`. Unknown keys are errors by default: in a hand-written file they are typos.
 * Errors are {@link IniError}s at the line the value was written on.
 */
export function coerceServiceSettings(
  file: string,
  settings: ServiceSettings,
  fields: readonly ServiceConfigField[],
  options: CoerceServiceConfigOptions = { unknownKeys: 'error' },
): Record<string, ServiceValue> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: Record<string, ServiceValue> = Object.create(null);
  for (const [key, raw] of Object.entries(settings.values)) {
    const origin = settings.origins[key];
    const where = { file, line: origin?.line ?? 0, section: origin?.section, key };
    const field = byKey.get(key);
    if (!field) {
      if (options.unknownKeys === 'drop') continue;
      throw new IniError(where, `unknown setting; known settings: ${knownKeys(fields)}`);
    }
    if (raw === '') continue;
    try {
      out[key] = coerceServiceValue(field, raw);
    } catch (err) {
      if (err instanceof ServiceConfigError) throw new IniError(where, err.reason, { cause: err });
      throw err;
    }
  }
  return out;
}
