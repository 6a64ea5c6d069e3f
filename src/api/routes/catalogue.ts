import { z } from 'zod';
import { SERVICE_FIELD_TYPES } from '../../config/service-field.js';
import { ARCHETYPES } from '../../fabric/catalogue/archetypes.js';
import { DISTROS } from '../../fabric/catalogue/distros.js';
import { OS_PROFILES } from '../../fabric/catalogue/os-profiles.js';
import { SERVICES, serviceDefinition } from '../../services/registry.js';
import type { ServiceDefinition } from '../../services/service.js';
import { ApiError, ERROR_RESPONSES } from '../errors.js';
import { configJsonSchema, fieldJson } from '../service-config.js';
import type { RouteGroup } from './group.js';

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const ServiceField = z
  .object({
    key: z.string(),
    label: z.string(),
    type: z.enum(SERVICE_FIELD_TYPES),
    default: FieldValue.nullable(),
    secret: z.boolean().describe('Show the value masked; it is a password or a key'),
    help: z.string().nullable(),
    enum: z.array(z.string()).nullable().describe('Allowed values of enum and multi_enum fields'),
    placeholder: z.string().nullable(),
    min: z.number().int().nullable(),
    max: z.number().int().nullable(),
  })
  .meta({ id: 'ServiceField' });

const ServicePort = z.object({ port: z.number().int(), protocol: z.enum(['tcp', 'udp']) });

const Service = z
  .object({
    name: z.string(),
    description: z.string(),
    interaction: z
      .enum(['full', 'banner'])
      .describe('full: speaks the protocol; banner: greets like the real server and records'),
    ports: z.array(ServicePort).describe('With the default config'),
    fields: z.array(ServiceField),
  })
  .meta({ id: 'Service' });

const ServiceSchema = z.object({
  service: z.string(),
  fields: z.array(ServiceField),
  json_schema: z
    .record(z.string(), z.unknown())
    .describe(
      'The config as a JSON Schema of canonical values; the API also takes the deployment file spellings ' +
        '("true", "a,b" for a multi_enum, "b64:" text) and coerces them',
    ),
});

const Archetype = z
  .object({
    name: z.string(),
    description: z.string(),
    os_profile: z.string(),
    services: z.array(z.string()),
    distros: z.array(z.string()).describe('Candidates, the first being the default'),
    hostname_patterns: z.array(z.string()),
  })
  .meta({ id: 'Archetype' });

const Distro = z
  .object({
    name: z.string(),
    label: z.string(),
    os_profile: z.string(),
    kernel: z.string(),
    kernel_version: z.string(),
    arch: z.string(),
    ssh_banner: z.string(),
    http_server: z.string(),
    hostname_style: z.string(),
    shell: z.string(),
    package_manager: z.string(),
  })
  .meta({ id: 'Distro' });

const OsProfile = z
  .object({
    name: z.string(),
    family: z.string(),
    description: z.string(),
    ttl: z.number().int(),
    sysctls: z.record(z.string(), z.string()).describe('Applied in the decky namespace (netns driver)'),
  })
  .meta({ id: 'OsProfile' });

const ServiceParams = z.object({ svc: z.string().max(64) });

function serviceJson(s: ServiceDefinition): z.infer<typeof Service> {
  return {
    name: s.name,
    description: s.description,
    interaction: s.interaction,
    ports: s.ports(Object.create(null)),
    fields: s.fields.map(fieldJson),
  };
}

/**
 * The in-code catalogues (reference: `/topologies/services`, `/services/{svc}/schema`,
 * `/topologies/archetypes`): what a decky can run and claim to be. Read-only; they change with releases.
 */
export const catalogueRoutes: RouteGroup = () => async (app) => {
  const services = SERVICES.map(serviceJson);

  app.get(
    '/services',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Every service a decky can run, with its default ports and config fields',
        tags: ['catalogue'],
        response: { 200: z.array(Service), ...ERROR_RESPONSES },
      },
    },
    async () => services,
  );

  app.get(
    '/services/:svc/schema',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "A service's config fields and the same as JSON Schema",
        tags: ['catalogue'],
        params: ServiceParams,
        response: { 200: ServiceSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const definition = serviceDefinition(request.params.svc);
      if (!definition) {
        throw new ApiError(
          404,
          'unknown_service',
          `no service ${request.params.svc}; GET /services lists them`,
        );
      }
      return {
        service: definition.name,
        fields: definition.fields.map(fieldJson),
        json_schema: configJsonSchema(definition.fields),
      };
    },
  );

  app.get(
    '/archetypes',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The kinds of machine a fleet is built from',
        tags: ['catalogue'],
        response: { 200: z.array(Archetype), ...ERROR_RESPONSES },
      },
    },
    async () =>
      ARCHETYPES.map((a) => ({
        name: a.name,
        description: a.description,
        os_profile: a.osProfile,
        services: [...a.services],
        distros: [...a.distros],
        hostname_patterns: [...a.hostnamePatterns],
      })),
  );

  app.get(
    '/distros',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The operating systems a decky can claim to run',
        tags: ['catalogue'],
        response: { 200: z.array(Distro), ...ERROR_RESPONSES },
      },
    },
    async () =>
      DISTROS.map((d) => ({
        name: d.name,
        label: d.label,
        os_profile: d.osProfile,
        kernel: d.kernel,
        kernel_version: d.kernelVersion,
        arch: d.arch,
        ssh_banner: d.sshBanner,
        http_server: d.httpServer,
        hostname_style: d.hostnameStyle,
        shell: d.filesystem.shell,
        package_manager: d.filesystem.packageManager,
      })),
  );

  app.get(
    '/os-profiles',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'The TCP/IP stack profiles a decky presents to OS fingerprinting',
        tags: ['catalogue'],
        response: { 200: z.array(OsProfile), ...ERROR_RESPONSES },
      },
    },
    async () =>
      OS_PROFILES.map((p) => ({
        name: p.name,
        family: p.family,
        description: p.description,
        ttl: p.ttl,
        sysctls: { ...p.sysctls },
      })),
  );
};
