/**
 * Per-service config fields and DECNET's coercion rules for their values
 * (spec/decnet-services-and-deckies.md §1, "`_coerce` rule"; inventory §5.1).
 *
 * A service declares a list of fields; a value for a field arrives either as a raw string from a
 * deployment file (`[decky.service]` sections) or as JSON from the API. Both go through
 * {@link coerceServiceValue}, so the same value means the same thing whichever way it came.
 */
import { z } from 'zod';
import { ConfigError, quote } from './errors.js';
import { parsePythonInt } from './numbers.js';

export const SERVICE_FIELD_TYPES = [
  'string',
  'password',
  'int',
  'bool',
  'textarea',
  'enum',
  'multi_enum',
] as const;
export type ServiceFieldType = (typeof SERVICE_FIELD_TYPES)[number];

/** Prefix that marks a textarea value as base64 (the reference's deploy wizard ships multi-line text so). */
export const TEXTAREA_B64_PREFIX = 'b64:';

/** Spellings of a bool, matched case-insensitively (reference `_coerce`). Nothing else is a bool. */
export const BOOL_TRUE_WORDS: readonly string[] = ['true', '1', 'yes', 'on'];
export const BOOL_FALSE_WORDS: readonly string[] = ['false', '0', 'no', 'off'];

/** Field keys are what a deployment file writes under `[decky.service]` (keys there are lower-cased). */
export const SERVICE_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * One user-editable knob of a service: the reference's `ServiceConfigField`, plus optional `min`/`max`
 * bounds for `int` fields (the reference has none; ports and counts need them).
 */
export const serviceConfigFieldSchema = z
  .object({
    key: z
      .string()
      .regex(SERVICE_FIELD_KEY_PATTERN, 'lower-case letters, digits and "_", starting with a letter'),
    label: z.string().min(1),
    type: z.enum(SERVICE_FIELD_TYPES).default('string'),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).nullish(),
    /** Only tells a UI to mask the value; it changes nothing here. */
    secret: z.boolean().default(false),
    help: z.string().nullish(),
    /** Allowed values of `enum` and `multi_enum` fields, compared case-sensitively. Empty: anything. */
    enum: z.array(z.string()).nullish(),
    placeholder: z.string().nullish(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
  })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
    message: 'min must not exceed max',
  });

export type ServiceConfigField = z.output<typeof serviceConfigFieldSchema>;
/** What a service module writes; defaults (type string, not secret) are filled in by the schema. */
export type ServiceConfigFieldInput = z.input<typeof serviceConfigFieldSchema>;

/** A value as it arrives: a string from a deployment file, or JSON from the API. */
export type RawServiceValue = string | readonly string[] | number | boolean;

/** The coerced value of a field of type `T`. */
export type ServiceValueOf<T extends ServiceFieldType> = T extends 'int'
  ? number
  : T extends 'bool'
    ? boolean
    : T extends 'multi_enum'
      ? string[]
      : string;

export type ServiceValue = string | number | boolean | string[];

/** A value that cannot be coerced to its field's type. The message starts with the field key. */
export class ServiceConfigError extends ConfigError {
  readonly key: string;
  readonly reason: string;

  constructor(key: string, reason: string, options?: { cause?: unknown }) {
    super(`${key}: ${reason}`, options);
    this.name = 'ServiceConfigError';
    this.key = key;
    this.reason = reason;
  }
}

/**
 * Coerces one raw value to the field's type, following the reference's `_coerce`:
 *
 * | type | rule |
 * |---|---|
 * | string, password | the text; numbers and booleans are written as text (`42`, `true`) |
 * | textarea | the text; a `b64:` prefix means strict base64 of UTF-8 text, decoded here |
 * | int | Python `int()`: `" 42 "`, `"+7"`, `"1_000"` yes, `"4.2"` no; numbers truncate; true→1, false→0; then `min`/`max` |
 * | bool | a boolean, or `true/1/yes/on`, `false/0/no/off` in any case; the numbers 0 and 1 are refused |
 * | enum | the text must be one of `enum` exactly (case-sensitive), when `enum` is non-empty |
 * | multi_enum | a list, or (deployment file) a comma-separated string; non-empty; every item in `enum`; duplicates dropped, first-seen order kept |
 *
 * Lists are refused for every type but `multi_enum`. Throws {@link ServiceConfigError}.
 */
export function coerceServiceValue<F extends ServiceConfigField>(
  field: F,
  raw: RawServiceValue,
): ServiceValueOf<F['type']> {
  return coerce(field, raw) as ServiceValueOf<F['type']>;
}

function coerce(field: ServiceConfigField, raw: RawServiceValue): ServiceValue {
  const fail = (reason: string): never => {
    throw new ServiceConfigError(field.key, reason);
  };
  switch (field.type) {
    case 'string':
    case 'password':
      return scalarText(raw, fail);
    case 'textarea':
      return decodeTextarea(scalarText(raw, fail), fail);
    case 'int':
      return coerceInt(field, raw, fail);
    case 'bool':
      return coerceBool(raw, fail);
    case 'enum': {
      const text = scalarText(raw, fail);
      checkAllowed(field, text, fail);
      return text;
    }
    case 'multi_enum':
      return coerceMultiEnum(field, raw, fail);
  }
}

function scalarText(raw: RawServiceValue, fail: (reason: string) => never): string {
  if (Array.isArray(raw)) return fail('expected a single value, got a list');
  return String(raw);
}

function decodeTextarea(text: string, fail: (reason: string) => never): string {
  if (!text.startsWith(TEXTAREA_B64_PREFIX)) return text;
  const payload = text.slice(TEXTAREA_B64_PREFIX.length);
  // Strict like Python's b64decode(validate=True): alphabet only, no whitespace, correct padding.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(payload)) {
    return fail(`malformed ${TEXTAREA_B64_PREFIX} payload: not strict base64`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(payload, 'base64'));
  } catch {
    return fail(`malformed ${TEXTAREA_B64_PREFIX} payload: the decoded bytes are not UTF-8 text`);
  }
}

function coerceInt(field: ServiceConfigField, raw: RawServiceValue, fail: (reason: string) => never): number {
  let value: number | null;
  if (typeof raw === 'boolean') value = raw ? 1 : 0;
  else if (typeof raw === 'number') value = Number.isFinite(raw) ? Math.trunc(raw) : null;
  else if (typeof raw === 'string') value = parsePythonInt(raw);
  else return fail('expected an integer, got a list');
  if (value === null || !Number.isSafeInteger(value)) {
    return fail(`expected an integer${describeBounds(field)}, got ${showRaw(raw)}`);
  }
  if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
    return fail(`expected an integer${describeBounds(field)}, got ${value}`);
  }
  return Object.is(value, -0) ? 0 : value;
}

function describeBounds(field: ServiceConfigField): string {
  if (field.min !== undefined && field.max !== undefined) return ` ${field.min}–${field.max}`;
  if (field.min !== undefined) return ` ≥ ${field.min}`;
  if (field.max !== undefined) return ` ≤ ${field.max}`;
  return '';
}

function coerceBool(raw: RawServiceValue, fail: (reason: string) => never): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    // No trimming: the reference lower-cases and compares as is.
    const word = raw.toLowerCase();
    if (BOOL_TRUE_WORDS.includes(word)) return true;
    if (BOOL_FALSE_WORDS.includes(word)) return false;
  }
  return fail(
    `expected a bool (${BOOL_TRUE_WORDS.join('/')} or ${BOOL_FALSE_WORDS.join('/')}), got ${showRaw(raw)}`,
  );
}

function coerceMultiEnum(
  field: ServiceConfigField,
  raw: RawServiceValue,
  fail: (reason: string) => never,
): string[] {
  let items: string[];
  if (typeof raw === 'string') {
    // The deployment file writes lists as `a,b`. An empty item (`a,,b`, `a,`) is a typo, not a value.
    if (raw.trim() === '') return fail('list must not be empty');
    items = raw.split(',').map((item) => item.trim());
    const empty = items.indexOf('');
    if (empty >= 0) return fail(`empty item at position ${empty + 1} in ${quote(raw)}`);
  } else if (Array.isArray(raw)) {
    items = raw.map((item) => String(item));
  } else {
    return fail(`expected a list, got ${showRaw(raw)}`);
  }
  if (items.length === 0) return fail('list must not be empty');
  const seen = new Set<string>();
  for (const item of items) {
    checkAllowed(field, item, fail);
    seen.add(item);
  }
  return [...seen];
}

function checkAllowed(field: ServiceConfigField, value: string, fail: (reason: string) => never): void {
  const allowed = field.enum;
  if (allowed && allowed.length > 0 && !allowed.includes(value)) {
    fail(`${quote(value)} is not one of ${allowed.map((a) => quote(a)).join(', ')}`);
  }
}

function showRaw(raw: RawServiceValue): string {
  return typeof raw === 'string' ? quote(raw) : Array.isArray(raw) ? 'a list' : String(raw);
}

export interface CoerceServiceConfigOptions {
  /**
   * What to do with a key no field declares. `drop` is the reference's API behaviour
   * (`validate_cfg`); `error` suits files written by hand, where an unknown key is a typo.
   */
  unknownKeys: 'drop' | 'error';
}

/**
 * Coerces a whole service config against its fields, like the reference's `validate_cfg`: `null`,
 * `undefined` and `""` values are left out (the service then uses its default); every other value goes
 * through {@link coerceServiceValue}. Returns a prototype-free record.
 */
export function coerceServiceConfig(
  fields: readonly ServiceConfigField[],
  values: Readonly<Record<string, RawServiceValue | null | undefined>>,
  options: CoerceServiceConfigOptions = { unknownKeys: 'drop' },
): Record<string, ServiceValue> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: Record<string, ServiceValue> = Object.create(null);
  for (const [key, raw] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field) {
      if (options.unknownKeys === 'error') {
        throw new ServiceConfigError(key, `unknown setting; known settings: ${knownKeys(fields)}`);
      }
      continue;
    }
    if (raw === null || raw === undefined || raw === '') continue;
    out[key] = coerceServiceValue(field, raw);
  }
  return out;
}

export function knownKeys(fields: readonly ServiceConfigField[]): string {
  return fields.length === 0 ? '(none)' : fields.map((f) => f.key).join(', ');
}
