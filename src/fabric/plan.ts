/**
 * The fleet plan: every decision of a deploy made up front, as data — names, addresses, MACs, hostnames,
 * OS profiles and their sysctls, services, ports. `decnet deploy --dry-run` prints it; the fabric
 * carries it out. Planning touches nothing on the machine, so a bad request fails here, before anything
 * has been created.
 */
import type { DeployDriver, DeployFile } from '../config/deploy-file.js';
import { coerceServiceSettings } from '../config/deploy-file.js';
import { coerceServiceConfig } from '../config/service-field.js';
import { serviceDefinition, serviceNames } from '../services/registry.js';
import type { ServicePort, ServiceValues } from '../services/service.js';
import { type AddressPool, allocateAddress, claimAddress, mustParseNetwork } from './addresses.js';
import { type Archetype, archetype as findArchetype } from './catalogue/archetypes.js';
import { DISTROS, type Distro, distro as findDistro } from './catalogue/distros.js';
import { makeHostname, seededRandom, seedOf } from './catalogue/hostnames.js';
import { osProfile as findOsProfile, type OsProfile } from './catalogue/os-profiles.js';
import { macFor } from './mac.js';
import { listenPortFor } from './ports.js';

/** The service a custom `[custom-NAME]` section runs as: a listener that greets and records. */
export const CUSTOM_SERVICE_DEFINITION = 'tcp_banner';

/** Deckies one request may deploy. */
export const MAX_DECKIES_PER_DEPLOY = 1024;

export interface DeployRequest {
  driver: DeployDriver;
  /** `--deckies N`; null: 1, or the file's deckies. */
  count: number | null;
  /** `--services a,b`: wins over the archetype's. */
  services: string[] | null;
  randomizeServices: boolean;
  archetype: string | null;
  distro: string | null;
  /** Host NIC for macvlan links (netns). */
  interface: string | null;
  subnet: string | null;
  /** A deployment file (`--config`), already parsed. */
  file: DeployFile | null;
}

/** What planning needs to know about the machine and the running fleet. */
export interface PlanContext {
  /** Default subnet of the driver when the request names none. */
  defaultSubnet: string;
  /** Deckies already deployed: their names and addresses stay theirs. */
  existing: readonly { name: string; ip: string }[];
  /** Lowest port this process may bind (0 as root); lower ports are shifted (loopback only). */
  lowestPort: number;
  /** For bridge links: the host's address on the bridge. For macvlan: the host's own address. */
  hostAddress: string | null;
  gateway: string | null;
}

export interface PlannedPort extends ServicePort {
  /** The port actually bound: the same, or shifted when the loopback driver runs without root. */
  listenPort: number;
}

export interface PlannedService {
  /** The name it is known by: the log APP-NAME and what `status` shows. */
  name: string;
  /** The registry definition that runs it (a custom service runs as `tcp_banner`). */
  definition: string;
  interaction: 'full' | 'banner';
  config: ServiceValues;
  ports: PlannedPort[];
}

export interface PlannedDecky {
  name: string;
  ip: string;
  /** Null on the loopback driver: it has no link of its own. */
  mac: string | null;
  hostname: string;
  archetype: string | null;
  distro: string;
  osProfile: string;
  ttl: number;
  /** Applied in the decky's namespace (netns driver); the loopback driver cannot apply them. */
  sysctls: Readonly<Record<string, string>>;
  services: PlannedService[];
}

export interface FleetPlan {
  driver: DeployDriver;
  subnet: string;
  /** netns: `macvlan` on `interface`, else a bridge that holds the host address. */
  link: { kind: 'loopback' } | { kind: 'bridge'; hostAddress: string } | { kind: 'macvlan'; parent: string };
  gateway: string | null;
  deckies: PlannedDecky[];
}

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

interface DeckyWish {
  name: string;
  ip: string | null;
  services: string[] | null;
  archetype: string | null;
  distro: string | null;
  osProfile: string | null;
  hostname: string | null;
}

/** Plans a deploy. Throws {@link PlanError} naming what is wrong. */
export function planFleet(request: DeployRequest, ctx: PlanContext): FleetPlan {
  const file = request.file;
  const subnet = request.subnet ?? file?.general.net ?? ctx.defaultSubnet;
  const network = parseNetwork(subnet);
  const taken = new Set<number>();
  const pool: AddressPool = { network, taken };
  for (const address of [ctx.hostAddress, ctx.gateway]) if (address) claimQuiet(pool, address);
  for (const decky of ctx.existing) claimQuiet(pool, decky.ip);

  const wishes = file ? wishesFromFile(file, request) : wishesFromFlags(request, ctx.existing);
  if (wishes.length === 0) throw new PlanError('nothing to deploy: ask for at least one decky');
  if (wishes.length > MAX_DECKIES_PER_DEPLOY)
    throw new PlanError(`${wishes.length} deckies in one deploy; the limit is ${MAX_DECKIES_PER_DEPLOY}`);

  const existingNames = new Set(ctx.existing.map((d) => d.name));
  for (const wish of wishes) {
    if (existingNames.has(wish.name)) throw new PlanError(`decky ${wish.name} is already deployed`);
  }
  // Explicit addresses first, so allocated ones steer around them.
  for (const wish of wishes) {
    if (wish.ip === null) continue;
    try {
      claimAddress(pool, wish.ip, `decky ${wish.name}`);
    } catch (err) {
      throw new PlanError((err as Error).message);
    }
  }

  const usedCombos = new Set<string>();
  const hostnames = new Set<string>();
  const deckies = wishes.map((wish, position) => {
    const index = deckyNumber(wish.name) ?? existingNames.size + position + 1;
    const random = seededRandom(seedOf(wish.name));
    const type = wish.archetype === null ? null : archetypeOrThrow(wish.archetype);
    const distro = pickDistro(wish, type, random);
    const profile = pickProfile(wish, type, distro);
    const services = pickServices(wish, type, request.randomizeServices, random, usedCombos);
    let ip: string;
    try {
      ip = wish.ip ?? allocateAddress(pool, index);
    } catch (err) {
      throw new PlanError((err as Error).message);
    }
    const hostname = uniqueHostname(
      wish.hostname ?? makeHostname({ archetype: type, distro, index, random }),
      hostnames,
    );
    const planned: PlannedDecky = {
      name: wish.name,
      ip,
      mac: request.driver === 'netns' ? macFor(wish.name, type?.name ?? null) : null,
      hostname,
      archetype: type?.name ?? null,
      distro: distro.name,
      osProfile: profile.name,
      ttl: profile.ttl,
      sysctls: profile.sysctls,
      services: services.map((name) => planService(name, wish.name, file, request.driver, ctx.lowestPort)),
    };
    checkPortClashes(planned);
    return planned;
  });

  return {
    driver: request.driver,
    subnet: network.text,
    link:
      request.driver === 'loopback'
        ? { kind: 'loopback' }
        : request.interface
          ? { kind: 'macvlan', parent: request.interface }
          : { kind: 'bridge', hostAddress: ctx.hostAddress ?? '' },
    gateway: ctx.gateway,
    deckies,
  };
}

function parseNetwork(subnet: string) {
  try {
    return mustParseNetwork(subnet, 'subnet');
  } catch (err) {
    throw new PlanError((err as Error).message);
  }
}

function claimQuiet(pool: AddressPool, address: string): void {
  try {
    claimAddress(pool, address, 'reserved');
  } catch {
    // Outside the subnet or already claimed: nothing to steer around.
  }
}

// ─── Wishes: what the request asks for, decky by decky ──────────────────────────────────────────

const DECKY_NUMBER = /^decky-(\d+)$/;

function deckyNumber(name: string): number | null {
  const m = DECKY_NUMBER.exec(name);
  return m ? Number(m[1]) : null;
}

/** `decky-01`, `decky-02`, … continuing after the highest number already deployed. */
function wishesFromFlags(request: DeployRequest, existing: readonly { name: string }[]): DeckyWish[] {
  const count = request.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new PlanError('--deckies must be a whole number ≥ 1');
  if (count > MAX_DECKIES_PER_DEPLOY)
    throw new PlanError(`--deckies ${count}: the limit is ${MAX_DECKIES_PER_DEPLOY} per deploy`);
  let next = Math.max(0, ...existing.map((d) => deckyNumber(d.name) ?? 0)) + 1;
  return Array.from({ length: count }, () => ({
    name: `decky-${String(next++).padStart(2, '0')}`,
    ip: null,
    services: request.services,
    archetype: request.archetype,
    distro: request.distro,
    osProfile: null,
    hostname: null,
  }));
}

function wishesFromFile(file: DeployFile, request: DeployRequest): DeckyWish[] {
  return file.deckies.map((d) => ({
    name: d.name,
    ip: d.ip,
    services: request.services ?? d.services,
    archetype: d.archetype ?? request.archetype,
    distro: d.distro ?? request.distro,
    osProfile: d.nmapOs,
    hostname: d.hostname,
  }));
}

// ─── Choices ────────────────────────────────────────────────────────────────────────────────────

function archetypeOrThrow(name: string): Archetype {
  const found = findArchetype(name);
  if (!found) throw new PlanError(`unknown archetype ${name}; \`decnet archetypes\` lists them`);
  return found;
}

function familyOf(profileName: string): string {
  return findOsProfile(profileName)?.family ?? 'linux';
}

function pickDistro(wish: DeckyWish, type: Archetype | null, random: () => number): Distro {
  if (wish.distro !== null) {
    const found = findDistro(wish.distro);
    if (!found) throw new PlanError(`unknown distro ${wish.distro}; \`decnet distros\` lists them`);
    if (type && familyOf(found.osProfile) !== familyOf(type.osProfile)) {
      throw new PlanError(
        `decky ${wish.name}: distro ${found.name} runs ${familyOf(found.osProfile)} but archetype ${type.name} ` +
          `is a ${familyOf(type.osProfile)} machine; pick one of: ${type.distros.join(', ')}`,
      );
    }
    return found;
  }
  const candidates = type
    ? type.distros.map((n) => findDistro(n)).filter((d): d is Distro => d !== undefined)
    : DISTROS.filter((d) => familyOf(d.osProfile) === 'linux');
  const chosen = candidates[Math.floor(random() * candidates.length)];
  if (!chosen) throw new PlanError(`archetype ${type?.name} names no known distro`);
  return chosen;
}

function pickProfile(wish: DeckyWish, type: Archetype | null, distro: Distro): OsProfile {
  const name = wish.osProfile ?? type?.osProfile ?? distro.osProfile;
  const found = findOsProfile(name);
  if (!found) throw new PlanError(`decky ${wish.name}: unknown OS profile ${name}`);
  return found;
}

/** Services a random pick draws from: the catalogued protocols, not the generic banner service. */
function randomPool(): string[] {
  return serviceNames().filter((n) => n !== CUSTOM_SERVICE_DEFINITION);
}

function pickServices(
  wish: DeckyWish,
  type: Archetype | null,
  randomize: boolean,
  random: () => number,
  usedCombos: Set<string>,
): string[] {
  if (wish.services !== null && wish.services.length > 0) return dedupe(wish.services);
  if (!randomize && type) return [...type.services];
  const pool = randomPool();
  // 1–3 services, avoiding a combination another decky of this deploy already has while one is left.
  for (let attempt = 0; ; attempt++) {
    const count = 1 + Math.floor(random() * 3);
    const picked = new Set<string>();
    while (picked.size < Math.min(count, pool.length)) picked.add(pool[Math.floor(random() * pool.length)]!);
    const combo = [...picked].sort().join(',');
    if (!usedCombos.has(combo) || attempt > 20) {
      usedCombos.add(combo);
      return [...picked].sort();
    }
  }
}

function dedupe(names: string[]): string[] {
  return [...new Set(names)];
}

function planService(
  name: string,
  decky: string,
  file: DeployFile | null,
  driver: DeployDriver,
  lowestPort: number,
  values: ServiceValues | null = null,
): PlannedService {
  const custom = file?.customServices.find((c) => c.name === name);
  const definitionName = custom ? CUSTOM_SERVICE_DEFINITION : name;
  const definition = serviceDefinition(definitionName);
  if (!definition) throw new PlanError(`unknown service ${name}; \`decnet services\` lists them`);
  let config: ServiceValues;
  let ports: ServicePort[];
  try {
    if (custom) {
      config = coerceServiceConfig(definition.fields, { banner: custom.banner ?? undefined });
      ports = custom.ports;
    } else if (values) {
      // Values from the API: already coerced there, coerced again here so no caller can skip the rules.
      config = coerceServiceConfig(definition.fields, values, { unknownKeys: 'error' });
      ports = definition.ports(config);
    } else {
      const settings = file?.serviceConfig[decky]?.[name];
      config = settings
        ? coerceServiceSettings(file!.file, settings, definition.fields)
        : Object.create(null);
      ports = definition.ports(config);
    }
  } catch (err) {
    throw new PlanError(`decky ${decky}, service ${name}: ${(err as Error).message}`);
  }
  const shift = driver === 'loopback' ? lowestPort : 0;
  return {
    name,
    definition: definition.name,
    interaction: definition.interaction,
    config,
    ports: ports.map((p) => ({ ...p, listenPort: listenPortFor(p.port, shift) })),
  };
}

/**
 * Plans one more service for a running decky, with its defaults or the given config values. Throws
 * {@link PlanError} when the decky runs it already, a value breaks the service's rules or one of its
 * ports is taken.
 */
export function planExtraService(
  decky: PlannedDecky,
  serviceName: string,
  driver: DeployDriver,
  lowestPort: number,
  config: ServiceValues | null = null,
): PlannedService {
  if (decky.services.some((s) => s.name === serviceName))
    throw new PlanError(`decky ${decky.name} already runs ${serviceName}`);
  const service = planService(serviceName, decky.name, null, driver, lowestPort, config);
  checkPortClashes({ ...decky, services: [...decky.services, service] });
  return service;
}

/**
 * Plans a service a running decky already runs again with new config values (which may move its
 * ports). Throws {@link PlanError} when the decky does not run it or the new ports clash.
 */
export function planReconfiguredService(
  decky: PlannedDecky,
  serviceName: string,
  driver: DeployDriver,
  lowestPort: number,
  config: ServiceValues,
): PlannedService {
  const current = decky.services.find((s) => s.name === serviceName);
  if (!current) throw new PlanError(`decky ${decky.name} does not run ${serviceName}`);
  if (current.definition !== serviceName)
    throw new PlanError(
      `${serviceName} on decky ${decky.name} is a custom service; redeploy it to change it`,
    );
  const others = decky.services.filter((s) => s.name !== serviceName);
  return planExtraService({ ...decky, services: others }, serviceName, driver, lowestPort, config);
}

function checkPortClashes(decky: PlannedDecky): void {
  const owners = new Map<string, string>();
  for (const service of decky.services) {
    for (const port of service.ports) {
      const key = `${port.protocol}/${port.port}`;
      const owner = owners.get(key);
      if (owner)
        throw new PlanError(`decky ${decky.name}: services ${owner} and ${service.name} both want ${key}`);
      owners.set(key, service.name);
    }
  }
}

function uniqueHostname(wanted: string, used: Set<string>): string {
  let name = wanted;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${wanted}-${n}`;
  used.add(name.toLowerCase());
  return name;
}
