import { z } from 'zod';
import {
  checkServices,
  DECKY_NAME_PATTERN,
  DEPLOY_DRIVERS,
  type DeployFile,
  parseDeployFile,
  SERVICE_NAME_PATTERN,
} from '../../config/deploy-file.js';
import { IniError } from '../../config/errors.js';
import { DECKY_NAME_MAX_LENGTH } from '../../config/limits.js';
import { listDeckies } from '../../db/repositories/deckies.js';
import type { DeckyRow } from '../../db/schema.js';
import type { DeckyStatus } from '../../fabric/fabric.js';
import { type DeployRequest, type FleetPlan, MAX_DECKIES_PER_DEPLOY } from '../../fabric/plan.js';
import { TARPIT_DELAY_MAX_MS, TARPIT_DELAY_MIN_MS } from '../../fabric/tarpit.js';
import { serviceDefinition } from '../../services/registry.js';
import { principalOf } from '../access.js';
import type { FleetControl } from '../deps.js';
import { ApiError, ERROR_RESPONSES } from '../errors.js';
import { checkServiceConfig, effectiveConfig, maskSecrets } from '../service-config.js';
import type { RouteGroup } from './group.js';

/** Largest deployment file accepted inline (the reference's limit for `ini_content`). */
export const INI_CONTENT_MAX_BYTES = 256 * 1024;
/** Longest single config value accepted (a textarea: a banner, a page body, a PEM key). */
const CONFIG_VALUE_MAX_CHARS = 64 * 1024;
/** Most items in one multi_enum value, and most settings in one config. */
const CONFIG_LIST_MAX_ITEMS = 256;
/** Longest service, archetype or distro name accepted; every catalogued one is far shorter. */
const SLUG_MAX_LENGTH = 64;
/** The kernel's IFNAMSIZ less the terminating NUL. */
const INTERFACE_MAX_LENGTH = 15;

const ERRORS = {
  ...ERROR_RESPONSES,
  409: ERROR_RESPONSES[400],
  422: ERROR_RESPONSES[400],
  502: ERROR_RESPONSES[400],
};

// ─── Schemas ─────────────────────────────────────────────────────────────────────────────────────

const Protocol = z.enum(['tcp', 'udp']);
const ConfigValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const DeckyPort = z.object({
  protocol: Protocol,
  port: z.number().int(),
  listen_port: z.number().int().describe('Where it really listens (shifted without root on loopback)'),
  listening: z.boolean().nullable().describe('null when the fleet could not be asked'),
});

const DeckyService = z.object({
  name: z.string(),
  interaction: z.enum(['full', 'banner']).nullable(),
  ports: z.array(DeckyPort),
});

const Decky = z
  .object({
    name: z.string(),
    ip: z.string(),
    mac: z.string().nullable(),
    hostname: z.string(),
    archetype: z.string().nullable(),
    distro: z.string().nullable(),
    os: z.string().nullable().describe('The OS profile'),
    driver: z.string(),
    state: z.enum(['running', 'stopped']),
    live: z
      .boolean()
      .describe('true: state, connections and ports come from the running fleet; false: as recorded'),
    connections: z.number().int().nullable(),
    tarpit: z
      .object({ enabled: z.boolean(), delay_ms: z.number().int(), inside: z.number().int() })
      .nullable(),
    services: z.array(DeckyService),
    deployed_at: z.string().nullable(),
    updated_at: z.string().nullable().describe('When the record last changed'),
  })
  .meta({ id: 'Decky' });
type Decky = z.infer<typeof Decky>;

const PlannedDecky = z.object({
  name: z.string(),
  ip: z.string(),
  mac: z.string().nullable(),
  hostname: z.string(),
  archetype: z.string().nullable(),
  distro: z.string(),
  os_profile: z.string(),
  ttl: z.number().int(),
  sysctls: z.record(z.string(), z.string()),
  services: z.array(
    z.object({
      name: z.string(),
      definition: z.string(),
      interaction: z.enum(['full', 'banner']),
      config: z.record(z.string(), ConfigValue),
      ports: z.array(z.object({ protocol: Protocol, port: z.number().int(), listen_port: z.number().int() })),
    }),
  ),
});

const Plan = z
  .object({
    driver: z.enum(DEPLOY_DRIVERS),
    subnet: z.string(),
    link: z.object({
      kind: z.enum(['loopback', 'bridge', 'macvlan']),
      host_address: z.string().nullable(),
      parent: z.string().nullable(),
    }),
    gateway: z.string().nullable(),
    deckies: z.array(PlannedDecky),
  })
  .meta({ id: 'FleetPlan' });

const DeployBody = z
  .strictObject({
    ini_content: z
      .string()
      .min(1)
      .max(INI_CONTENT_MAX_BYTES)
      .refine((text) => Buffer.byteLength(text) <= INI_CONTENT_MAX_BYTES, 'at most 256 KiB')
      .optional()
      .describe('A DECNET deployment file (INI); its deckies are added to the fleet'),
    replace_fleet: z
      .literal(false)
      .optional()
      .describe('Only false: deploys are additive; tear deckies down with DELETE /deckies/{name}'),
    count: z
      .number()
      .int()
      .min(1)
      .max(MAX_DECKIES_PER_DEPLOY)
      .optional()
      .describe('`--deckies`: how many (default 1); not with ini_content'),
    archetype: z.string().max(SLUG_MAX_LENGTH).optional().describe('`--archetype`: GET /archetypes'),
    distro: z.string().max(SLUG_MAX_LENGTH).optional().describe('`--distro`: GET /distros'),
    services: z
      .array(z.string().regex(SERVICE_NAME_PATTERN).max(SLUG_MAX_LENGTH))
      .min(1)
      .max(SLUG_MAX_LENGTH)
      .optional()
      .describe("`--services`: for every decky, winning over the archetype's"),
    randomize_services: z.boolean().default(false).describe('`--randomize-services`: 1–3 random services'),
    driver: z.enum(DEPLOY_DRIVERS).optional().describe('Default: the file says, else loopback'),
    interface: z.string().min(1).max(INTERFACE_MAX_LENGTH).optional().describe('netns: macvlan parent NIC'),
    subnet: z.string().max(43).optional().describe('Where addresses come from (default per driver)'),
    dry_run: z.boolean().default(false).describe('Answer the plan without deploying anything'),
  })
  .describe('A deployment file (`ini_content`) or the `decnet deploy` flags, or both as the CLI allows');
type DeployBody = z.infer<typeof DeployBody>;

const DeployResult = z.object({
  dry_run: z.boolean(),
  plan: Plan,
  deckies: z.array(Decky).describe('The deckies now running (none on a dry run)'),
});

const RawConfigValue = z.union([
  z.string().max(CONFIG_VALUE_MAX_CHARS),
  z.number(),
  z.boolean(),
  z.array(z.string().max(CONFIG_VALUE_MAX_CHARS)).max(CONFIG_LIST_MAX_ITEMS),
]);
const RawConfig = z
  .record(z.string().max(SLUG_MAX_LENGTH), RawConfigValue.nullable())
  .refine((c) => Object.keys(c).length <= CONFIG_LIST_MAX_ITEMS, 'too many settings')
  .describe(
    'setting → value. Coerced by DECNET\'s rules: "true"/"on"/1-style bools, "42" ints, "a,b" or a list ' +
      'for multi_enum, "b64:" textareas; null or "" leaves the default',
  );

const DeckyParams = z.object({
  name: z.string().max(DECKY_NAME_MAX_LENGTH).regex(DECKY_NAME_PATTERN),
});
const Tarpit = z
  .object({
    decky: z.string(),
    enabled: z.boolean(),
    delay_ms: z.number().int().describe('Wait before each write to a client; 0 when off'),
    inside: z.number().int().describe('Attacker addresses in the pit now'),
  })
  .meta({ id: 'Tarpit' });
const TarpitBody = z.strictObject({
  delay_ms: z.number().int().min(TARPIT_DELAY_MIN_MS).max(TARPIT_DELAY_MAX_MS),
});
const tarpitJson = (status: DeckyStatus) => ({ decky: status.name, ...status.tarpit });

const ServiceParams = DeckyParams.extend({
  svc: z.string().max(SLUG_MAX_LENGTH).regex(SERVICE_NAME_PATTERN),
});
const AddServiceBody = z.strictObject({
  service: z.string().max(SLUG_MAX_LENGTH).regex(SERVICE_NAME_PATTERN),
  config: RawConfig.optional(),
});
const ConfigBody = z.strictObject({
  config: RawConfig.describe('The whole config: settings left out go back to their defaults'),
});

const ServiceConfig = z
  .object({
    decky: z.string(),
    service: z.string(),
    config: z.record(z.string(), ConfigValue).describe('What was set'),
    effective: z
      .record(z.string(), ConfigValue.nullable())
      .describe('Every field as the service uses it: what was set, else its default'),
  })
  .meta({ id: 'ServiceConfig' });

// ─── Routes ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The fleet (reference: "Fleet deckies", spec/decnet-inventory.md §3.2): list, deploy, tear down, and
 * add, remove and configure one service of a running decky. Everything that changes the fleet goes
 * through the fabric (in this process under `decnet up`, over the control socket under `decnet api`),
 * which records it in the database; reads join that record with the live fleet.
 */
export const deckyRoutes: RouteGroup = (deps) => async (app) => {
  const fleet = (): FleetControl => deps.fleet();

  app.get(
    '/deckies',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The fleet: every recorded decky with its live state, connections and ports',
        description:
          'When the fleet cannot be reached the deckies are answered as recorded (`live: false`) and the ' +
          '`x-decnet-fleet` header says `unreachable`.',
        tags: ['deckies'],
        response: { 200: z.array(Decky), ...ERRORS },
      },
    },
    async (_request, reply) => {
      const rows = await listDeckies(deps.database());
      const live = await liveStatus(fleet);
      reply.header('x-decnet-fleet', live ? 'reachable' : 'unreachable');
      const byName = new Map((live ?? []).map((d) => [d.name, d]));
      const out = rows.map((row) => deckyJson(row, byName.get(row.name), live !== null));
      const recorded = new Set(rows.map((r) => r.name));
      for (const status of live ?? []) {
        if (!recorded.has(status.name)) out.push(deckyJson(undefined, status, true));
      }
      return out;
    },
  );

  app.post(
    '/deckies/deploy',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Deploy deckies from a deployment file or from `decnet deploy` flags (dry_run: plan only)',
        description:
          'Additive: the new deckies join the fleet. A malformed file answers 409 with its line; a name or ' +
          'address already in the fleet 409; a request the planner refuses (unknown archetype, full subnet) 422.',
        tags: ['deckies'],
        body: DeployBody,
        response: { 200: DeployResult, 201: DeployResult, ...ERRORS },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const deployRequest = deployRequestOf(body);
      if (deployRequest.file) checkCollisions(deployRequest.file, await fleet().status());
      if (body.dry_run) {
        return { dry_run: true, plan: planJson(await fleet().plan(deployRequest)), deckies: [] };
      }
      const result = await fleet().deploy(deployRequest);
      reply.code(201);
      return {
        dry_run: false,
        plan: planJson(result.plan),
        deckies: result.deckies.map((d) => deckyJson(undefined, d, true)),
      };
    },
  );

  app.delete(
    '/deckies/:name',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Tear one decky down and forget its record',
        tags: ['deckies'],
        params: DeckyParams,
        response: { 204: z.null(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const running = (await fleet().status()).some((d) => d.name === name);
      const recorded = (await listDeckies(deps.database())).some((r) => r.name === name);
      if (!running && !recorded) throw deckyNotFound(name);
      await fleet().teardown([name]);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/deckies/:name/services',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Start one more service on a running decky, with its defaults or the given config',
        tags: ['deckies'],
        params: DeckyParams,
        body: AddServiceBody,
        response: { 201: Decky, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const { service, config } = request.body;
      const definition = serviceDefinition(service);
      if (!definition) throw unknownService(service, 'body.service');
      const decky = await runningDecky(fleet(), name);
      if (decky.services.some((s) => s.name === service)) {
        throw new ApiError(409, 'service_running', `decky ${name} already runs ${service}`);
      }
      const values = config === undefined ? null : checkedConfig(definition.fields, config);
      const status = await fleet().addService(name, service, values);
      reply.code(201);
      return deckyJson(undefined, status, true);
    },
  );

  app.delete(
    '/deckies/:name/services/:svc',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Stop one service of a running decky; the rest keep running',
        tags: ['deckies'],
        params: ServiceParams,
        response: { 200: Decky, ...ERRORS },
      },
    },
    async (request) => {
      const { name, svc } = request.params;
      const decky = await runningDecky(fleet(), name);
      if (!decky.services.some((s) => s.name === svc)) throw serviceNotFound(name, svc);
      return deckyJson(undefined, await fleet().removeService(name, svc), true);
    },
  );

  app.get(
    '/deckies/:name/services/:svc/config',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A service's config on a decky, as recorded (secret values masked for viewers)",
        tags: ['deckies'],
        params: ServiceParams,
        response: { 200: ServiceConfig, ...ERRORS },
      },
    },
    async (request) => {
      const { name, svc } = request.params;
      const row = (await listDeckies(deps.database())).find((r) => r.name === name);
      if (!row) throw deckyNotFound(name);
      const planned = recordedServices(row).find((s) => s.name === svc);
      if (!planned) throw serviceNotFound(name, svc);
      const body = serviceConfigJson(name, svc, planned.definition, planned.config);
      if (principalOf(request).role === 'admin') return body;
      const fields = serviceDefinition(planned.definition)?.fields ?? [];
      return {
        ...body,
        config: maskSecrets(fields, body.config),
        effective: maskSecrets(fields, body.effective),
      };
    },
  );

  app.put(
    '/deckies/:name/services/:svc/config',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Replace the config of a running service and restart it with it',
        description:
          'Every value is checked against the service schema (GET /services/{svc}/schema) with DECNET ' +
          'coercion rules; 422 names each bad field. The service restarts in place; if the new config ' +
          'cannot start, the old one is started again and the error says why.',
        tags: ['deckies'],
        params: ServiceParams,
        body: ConfigBody,
        response: { 200: ServiceConfig, ...ERRORS },
      },
    },
    async (request) => {
      const { name, svc } = request.params;
      const decky = await runningDecky(fleet(), name);
      if (!decky.services.some((s) => s.name === svc)) throw serviceNotFound(name, svc);
      const definition = serviceDefinition(svc);
      if (!definition) {
        throw new ApiError(
          422,
          'custom_service',
          `${svc} on decky ${name} is a custom service; redeploy it to change it`,
        );
      }
      const values = checkedConfig(definition.fields, request.body.config);
      await fleet().configureService(name, svc, values);
      return serviceConfigJson(name, svc, definition.name, values);
    },
  );
  app.get(
    '/deckies/:name/tarpit',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A running decky's tarpit: on or off, its delay and who is in it",
        tags: ['deckies'],
        params: DeckyParams,
        response: { 200: Tarpit, ...ERRORS },
      },
    },
    async (request) => tarpitJson(await runningDecky(fleet(), request.params.name)),
  );

  app.put(
    '/deckies/:name/tarpit',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Slow a running decky down: each write of its services to a client waits delay_ms',
        description:
          'The same as `decnet tarpit DECKY --delay-ms N`; each attacker address is logged as it enters ' +
          'and leaves the pit.',
        tags: ['deckies'],
        params: DeckyParams,
        body: TarpitBody,
        response: { 200: Tarpit, ...ERRORS },
      },
    },
    async (request) => {
      const { name } = request.params;
      await runningDecky(fleet(), name);
      return tarpitJson(await fleet().setTarpit(name, true, request.body.delay_ms));
    },
  );

  app.delete(
    '/deckies/:name/tarpit',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Turn a decky's tarpit off",
        tags: ['deckies'],
        params: DeckyParams,
        response: { 200: Tarpit, ...ERRORS },
      },
    },
    async (request) => {
      const { name } = request.params;
      await runningDecky(fleet(), name);
      return tarpitJson(await fleet().setTarpit(name, false, 0));
    },
  );
};

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

/** The live fleet, or null when it cannot be reached (no instance, still starting). */
async function liveStatus(fleet: () => FleetControl): Promise<DeckyStatus[] | null> {
  try {
    return await fleet().status();
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 503) return null;
    throw err;
  }
}

async function runningDecky(fleet: FleetControl, name: string): Promise<DeckyStatus> {
  const decky = (await fleet.status()).find((d) => d.name === name);
  if (!decky) throw deckyNotFound(name);
  return decky;
}

function deckyNotFound(name: string): ApiError {
  return new ApiError(404, 'decky_not_found', `no decky named ${name} is deployed; GET /deckies lists them`);
}

function serviceNotFound(decky: string, service: string): ApiError {
  return new ApiError(404, 'service_not_found', `decky ${decky} does not run ${service}`);
}

function unknownService(service: string, path: string): ApiError {
  const error = new ApiError(422, 'unknown_service', `unknown service ${service}; GET /services lists them`);
  error.issues = [{ path, message: 'unknown service' }];
  return error;
}

/** The coerced values, or 422 naming every field that breaks its rules. */
function checkedConfig(
  fields: Parameters<typeof checkServiceConfig>[0],
  raw: z.infer<typeof RawConfig>,
): Record<string, z.infer<typeof ConfigValue>> {
  const check = checkServiceConfig(fields, raw);
  if (check.ok) return check.values;
  const error = new ApiError(
    422,
    'invalid_config',
    check.issues.map((i) => `${i.key}: ${i.message}`).join('; '),
  );
  error.issues = check.issues.map((i) => ({ path: `body.config.${i.key}`, message: i.message }));
  throw error;
}

/**
 * The request body as the fabric's DeployRequest, by the rules `decnet deploy` applies to its flags
 * (src/cli/deploy-options.ts): the file is parsed here so its errors name the line.
 */
export function deployRequestOf(body: DeployBody): DeployRequest {
  const file = body.ini_content === undefined ? null : parseIni(body.ini_content);
  const driver = body.driver ?? file?.general.driver ?? (body.interface ? 'netns' : 'loopback');
  const iface = body.interface ?? file?.general.interface ?? null;
  if (iface !== null && driver !== 'netns') {
    throw new ApiError(
      422,
      'invalid_request',
      'interface needs driver netns (the loopback driver never touches host networking)',
    );
  }
  if (body.count !== undefined && file) {
    throw new ApiError(
      422,
      'invalid_request',
      'count and ini_content do not go together: the file says how many deckies',
    );
  }
  if (body.services && body.randomize_services) {
    throw new ApiError(422, 'invalid_request', 'services and randomize_services do not go together');
  }
  return {
    driver,
    count: body.count ?? null,
    services: body.services ? [...new Set(body.services)] : null,
    randomizeServices: body.randomize_services,
    archetype: body.archetype ?? null,
    distro: body.distro ?? null,
    interface: iface,
    subnet: body.subnet ?? null,
    file,
  };
}

/** The reference answers a malformed deployment file with 409; the message and issue name the line. */
function parseIni(text: string): DeployFile {
  try {
    const file = parseDeployFile(text, 'ini_content');
    checkServices(file, (name) => serviceDefinition(name) !== undefined);
    return file;
  } catch (err) {
    if (!(err instanceof IniError)) throw err;
    const error = new ApiError(409, 'invalid_ini', err.message);
    error.issues = [{ path: `body.ini_content:${err.line}`, message: err.reason }];
    throw error;
  }
}

/** A file decky whose name or address the fleet already has: 409 before anything is planned. */
function checkCollisions(file: DeployFile, live: readonly DeckyStatus[]): void {
  const names = new Set(live.map((d) => d.name));
  const addresses = new Map(live.map((d) => [d.ip, d.name]));
  for (const decky of file.deckies) {
    if (names.has(decky.name)) {
      throw new ApiError(409, 'decky_exists', `decky ${decky.name} is already deployed; pick another name`);
    }
    const owner = decky.ip === null ? undefined : addresses.get(decky.ip);
    if (owner !== undefined) {
      throw new ApiError(
        409,
        'address_in_use',
        `decky ${decky.name}: ${decky.ip} is already used by ${owner}`,
      );
    }
  }
}

interface RecordedService {
  name: string;
  definition: string;
  interaction: 'full' | 'banner' | null;
  config: Record<string, z.infer<typeof ConfigValue>>;
  ports: { protocol: 'tcp' | 'udp'; port: number; listenPort: number }[];
}

/** The services of a recorded decky's plan; a record written by an older version may have none. */
function recordedServices(row: DeckyRow): RecordedService[] {
  const plan = (row.config as { plan?: { services?: unknown } }).plan;
  if (!plan || !Array.isArray(plan.services)) return [];
  return (plan.services as Partial<RecordedService>[]).flatMap((s) =>
    typeof s?.name === 'string'
      ? [
          {
            name: s.name,
            definition: typeof s.definition === 'string' ? s.definition : s.name,
            interaction: s.interaction ?? null,
            config: s.config ?? {},
            ports: Array.isArray(s.ports) ? s.ports : [],
          },
        ]
      : [],
  );
}

/** A decky as the API shows it: the record, overlaid by the live status when there is one. */
function deckyJson(row: DeckyRow | undefined, live: DeckyStatus | undefined, reachable: boolean): Decky {
  if (live) {
    return {
      name: live.name,
      ip: live.ip,
      mac: live.mac,
      hostname: live.hostname,
      archetype: live.archetype,
      distro: live.distro,
      os: live.os,
      driver: live.driver,
      state: 'running',
      live: true,
      connections: live.connections,
      tarpit: live.tarpit,
      services: live.services.map((s) => ({
        name: s.name,
        interaction: s.interaction,
        ports: s.ports.map((p) => ({ ...p })),
      })),
      deployed_at: live.deployed_at,
      updated_at: row?.updated_at ?? null,
    };
  }
  const recorded = row!;
  return {
    name: recorded.name,
    ip: recorded.ip,
    mac: recorded.mac,
    hostname: recorded.hostname,
    archetype: recorded.archetype,
    distro: recorded.distro,
    os: recorded.os_profile,
    driver: recorded.driver,
    // A recorded decky the reachable fleet does not run is not running, whatever the record says.
    state: reachable ? 'stopped' : recorded.state === 'running' ? 'running' : 'stopped',
    live: false,
    connections: null,
    tarpit: null,
    services: recordedServices(recorded).map((s) => ({
      name: s.name,
      interaction: s.interaction,
      ports: s.ports.map((p) => ({
        protocol: p.protocol,
        port: p.port,
        listen_port: p.listenPort,
        listening: reachable ? false : null,
      })),
    })),
    deployed_at: recorded.created_at,
    updated_at: recorded.updated_at,
  };
}

function serviceConfigJson(
  decky: string,
  service: string,
  definitionName: string,
  config: Readonly<Record<string, z.infer<typeof ConfigValue>>>,
): z.infer<typeof ServiceConfig> {
  const fields = serviceDefinition(definitionName)?.fields ?? [];
  return { decky, service, config: { ...config }, effective: effectiveConfig(fields, config) };
}

function planJson(plan: FleetPlan): z.infer<typeof Plan> {
  return {
    driver: plan.driver,
    subnet: plan.subnet,
    link: {
      kind: plan.link.kind,
      host_address: plan.link.kind === 'bridge' ? plan.link.hostAddress : null,
      parent: plan.link.kind === 'macvlan' ? plan.link.parent : null,
    },
    gateway: plan.gateway,
    deckies: plan.deckies.map((d) => ({
      name: d.name,
      ip: d.ip,
      mac: d.mac,
      hostname: d.hostname,
      archetype: d.archetype,
      distro: d.distro,
      os_profile: d.osProfile,
      ttl: d.ttl,
      sysctls: { ...d.sysctls },
      services: d.services.map((s) => ({
        name: s.name,
        definition: s.definition,
        interaction: s.interaction,
        config: { ...s.config },
        ports: s.ports.map((p) => ({ protocol: p.protocol, port: p.port, listen_port: p.listenPort })),
      })),
    })),
  };
}
