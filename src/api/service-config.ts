/**
 * Service config as the API sees it: values checked against a service's fields with DECNET's coercion
 * rules (src/config/service-field.ts, spec/decnet-services-and-deckies.md §1 "`_coerce` rule"), every
 * bad field reported at once; the effective config (defaults under what was set); the field list as
 * JSON Schema. Pure functions over the service catalogue's data.
 */
import {
  coerceServiceValue,
  knownKeys,
  type RawServiceValue,
  ServiceConfigError,
  type ServiceConfigField,
  type ServiceValue,
} from '../config/service-field.js';

export interface ConfigIssue {
  /** The setting's key (`http_versions`). */
  key: string;
  message: string;
}

export type ConfigCheck =
  | { ok: true; values: Record<string, ServiceValue> }
  | { ok: false; issues: ConfigIssue[] };

/**
 * Coerces every value against its field. Like the reference's `validate_cfg`, `null` and `""` mean
 * "not set" (the default applies). Unlike it, a key no field declares is an error rather than silently
 * dropped: from an API client it is a typo that would otherwise look applied.
 */
export function checkServiceConfig(
  fields: readonly ServiceConfigField[],
  raw: Readonly<Record<string, RawServiceValue | null>>,
): ConfigCheck {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const values: Record<string, ServiceValue> = Object.create(null);
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const field = byKey.get(key);
    if (!field) {
      issues.push({ key, message: `unknown setting; known settings: ${knownKeys(fields)}` });
      continue;
    }
    if (value === null || value === '') continue;
    try {
      values[key] = coerceServiceValue(field, value);
    } catch (err) {
      if (!(err instanceof ServiceConfigError)) throw err;
      issues.push({ key, message: err.reason });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

/** Every field's value as the service will use it: what was set, else the field's default, else null. */
export function effectiveConfig(
  fields: readonly ServiceConfigField[],
  values: Readonly<Record<string, unknown>>,
): Record<string, ServiceValue | null> {
  const out: Record<string, ServiceValue | null> = {};
  for (const field of fields) {
    const set = values[field.key] as ServiceValue | undefined;
    out[field.key] = set ?? (field.default as ServiceValue | null | undefined) ?? null;
  }
  return out;
}

/** What stands in for a secret value shown to someone who may not read it. */
export const MASKED_VALUE = '********';

/** The values with every `secret` field that is set replaced by {@link MASKED_VALUE}. */
export function maskSecrets<T>(
  fields: readonly ServiceConfigField[],
  values: Readonly<Record<string, T>>,
): Record<string, T | string> {
  const secret = new Set(fields.filter((f) => f.secret).map((f) => f.key));
  const out: Record<string, T | string> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = secret.has(key) && value !== null && value !== undefined ? MASKED_VALUE : value;
  }
  return out;
}

/** A field as the API shows it: every optional part present, `null` where the field has none. */
export function fieldJson(field: ServiceConfigField) {
  return {
    key: field.key,
    label: field.label,
    type: field.type,
    default: field.default ?? null,
    secret: field.secret,
    help: field.help ?? null,
    enum: field.enum ?? null,
    placeholder: field.placeholder ?? null,
    min: field.min ?? null,
    max: field.max ?? null,
  };
}

/**
 * The fields as a JSON Schema (2020-12) object of the values' canonical JSON forms. The API also takes
 * the deployment file's spellings ("true", "1,2" for a multi_enum, "b64:" text), coerced by the rules.
 */
export function configJsonSchema(fields: readonly ServiceConfigField[]): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const field of fields) {
    const common: Record<string, unknown> = { title: field.label };
    if (field.help) common.description = field.help;
    if (field.default !== undefined && field.default !== null) common.default = field.default;
    if (field.secret) common.writeOnly = true;
    properties[field.key] = { ...common, ...typeSchema(field) };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

function typeSchema(field: ServiceConfigField): Record<string, unknown> {
  const allowed = field.enum && field.enum.length > 0 ? field.enum : null;
  switch (field.type) {
    case 'string':
      return { type: 'string' };
    case 'password':
      return { type: 'string', format: 'password' };
    case 'textarea':
      return { type: 'string', contentMediaType: 'text/plain' };
    case 'int':
      return {
        type: 'integer',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
      };
    case 'bool':
      return { type: 'boolean' };
    case 'enum':
      return allowed ? { type: 'string', enum: allowed } : { type: 'string' };
    case 'multi_enum':
      return {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: allowed ? { type: 'string', enum: allowed } : { type: 'string' },
      };
  }
}
