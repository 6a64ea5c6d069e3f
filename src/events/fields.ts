/**
 * Schemas for event params. On the wire every value is a string (RFC 5424 PARAM-VALUE); a service may
 * pass numbers and booleans, which the formatter writes with String(). Each schema therefore accepts
 * both the service's value and its wire string, so one schema checks what a service emits and what a
 * parsed line carries.
 *
 * Attacker-supplied text (paths, bodies, usernames, commands) has no length limit here: hostile input is
 * data, not a programming error, and the formatter cuts oversized values to fit a line. Only values a
 * service computes (ports, addresses, hashes, enumerations) have a shape to check.
 */
import { z } from 'zod';
import { isBareIp, parseAddress } from './address.js';
import { CREDENTIAL_OUTCOMES, decodeBase64Strict, SECRET_KINDS } from './credential.js';

/** How a field is written, for the generated docs. */
export type WireFormat =
  | 'text'
  | 'ip'
  | 'address'
  | 'port'
  | 'count'
  | 'decimal'
  | 'flag'
  | 'json'
  | 'hex'
  | 'base64'
  | 'enum'
  | 'id';

export interface FieldMeta {
  description: string;
  format: WireFormat;
  /** For `enum`: the allowed values. */
  values?: readonly string[];
  [key: string]: unknown;
}

/**
 * A plain check per field schema that accepts a value only if the schema does: the emitter runs it on
 * every event and asks zod only when it says no (for zod's error, or because it is stricter). Zod's
 * parse of a whole object costs more than formatting the line; these are a typeof and a regex.
 */
const accepting = new WeakMap<z.ZodType, (value: unknown) => boolean>();

/** The field's fast check (see `accepting`), or undefined when only zod can tell. */
export function fieldAccepts(schema: z.ZodType): ((value: unknown) => boolean) | undefined {
  return accepting.get(schema);
}

function withMeta<T extends z.ZodType>(schema: T, meta: FieldMeta, accepts: (value: unknown) => boolean): T {
  const described = schema.meta(meta) as T;
  accepting.set(described, accepts);
  return described;
}

const isString = (v: unknown): v is string => typeof v === 'string';
/**
 * A check that remembers the last value it accepted: a connection's address and a memoised JSON text
 * come back on every event, and comparing strings is cheaper than parsing them again.
 */
function rememberingLast(check: (value: unknown) => boolean): (value: unknown) => boolean {
  let last: string | null = null;
  return (v) => {
    if (last !== null && v === last) return true;
    if (!check(v)) return false;
    if (typeof v === 'string') last = v;
    return true;
  };
}

const isNumberOrString = (v: unknown): v is number | string => typeof v === 'number' || typeof v === 'string';

/** The field's docs metadata (also through `.optional()`). */
export function fieldMeta(schema: z.ZodType): FieldMeta | undefined {
  return schema.meta() as FieldMeta | undefined;
}

/** Makes a field optional, keeping its description and format. */
export function optional<T extends z.ZodType>(schema: T): z.ZodOptional<T> {
  const meta = fieldMeta(schema);
  const wrapped = schema.optional();
  const result = meta === undefined ? wrapped : (wrapped.meta(meta) as z.ZodOptional<T>);
  const inner = accepting.get(schema);
  if (inner !== undefined) accepting.set(result, (v) => v === undefined || inner(v));
  return result;
}

const DECIMAL_INTEGER = /^\d{1,15}$/;
const DECIMAL_NUMBER = /^\d{1,15}(\.\d{1,9})?$/;
const MAX_PORT = 65_535;
const SESSION_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function isPortValue(v: number | string): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= MAX_PORT;
  return /^\d{1,5}$/.test(v) && Number(v) <= MAX_PORT;
}

function isCountValue(v: number | string): boolean {
  return typeof v === 'number' ? Number.isSafeInteger(v) && v >= 0 : DECIMAL_INTEGER.test(v);
}

function isDecimalValue(v: number | string): boolean {
  return typeof v === 'number' ? Number.isFinite(v) && v >= 0 : DECIMAL_NUMBER.test(v);
}

const FLAG_TEXTS: ReadonlySet<unknown> = new Set(['true', 'false', 'True', 'False']);

function isJsonText(v: string): boolean {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}

/** Free text, usually attacker-supplied. */
export function text(description: string): z.ZodString {
  return withMeta(z.string(), { description, format: 'text' }, isString);
}

/** A bare IP address (v4 or v6, no port). */
export function ip(description: string) {
  return withMeta(
    z.string().refine(isBareIp, 'must be an IP address (no port)'),
    { description, format: 'ip' },
    rememberingLast((v) => isString(v) && isBareIp(v)),
  );
}

/** An IP, `a.b.c.d:port` or `[v6]:port`: the parser splits the port into `remote_port`. */
export function address(description: string) {
  return withMeta(
    z.string().refine((v) => parseAddress(v) !== null, 'must be an IP, a.b.c.d:port or [v6]:port'),
    { description, format: 'address' },
    rememberingLast((v) => isString(v) && parseAddress(v) !== null),
  );
}

export function port(description: string) {
  return withMeta(
    z.union([z.number(), z.string()]).refine(isPortValue, 'must be a port number 0..65535'),
    { description, format: 'port' },
    (v) => isNumberOrString(v) && isPortValue(v),
  );
}

/** A non-negative integer (bytes, counts, ids). */
export function count(description: string) {
  return withMeta(
    z.union([z.number(), z.string()]).refine(isCountValue, 'must be a non-negative integer'),
    { description, format: 'count' },
    (v) => isNumberOrString(v) && isCountValue(v),
  );
}

/** A non-negative decimal number (durations in seconds, RTTs in ms). */
export function decimal(description: string) {
  return withMeta(
    z.union([z.number(), z.string()]).refine(isDecimalValue, 'must be a non-negative decimal number'),
    { description, format: 'decimal' },
    (v) => isNumberOrString(v) && isDecimalValue(v),
  );
}

/** true/false (Python emitters wrote `True`/`False`). */
export function flag(description: string) {
  return withMeta(
    z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])]),
    { description, format: 'flag' },
    (v) => typeof v === 'boolean' || FLAG_TEXTS.has(v),
  );
}

/** Nested data carried as one JSON text (spec §1.1: headers, settings, lists). */
export function json(description: string) {
  return withMeta(
    z.string().refine(isJsonText, 'must be a JSON text'),
    { description, format: 'json' },
    rememberingLast((v) => isString(v) && isJsonText(v)),
  );
}

/** Hexadecimal digest or fingerprint of `length` digits (any length when omitted). */
export function hex(description: string, length?: number) {
  const pattern = length === undefined ? /^[0-9a-fA-F]+$/ : new RegExp(`^[0-9a-fA-F]{${length}}$`);
  const what = length === undefined ? 'hexadecimal' : `${length} hexadecimal digits`;
  return withMeta(
    z.string().regex(pattern, `must be ${what}`),
    { description, format: 'hex' },
    (v) => isString(v) && pattern.test(v),
  );
}

export function base64(description: string) {
  return withMeta(
    z.string().refine((v) => decodeBase64Strict(v) !== null, 'must be strict base64 (RFC 4648, padded)'),
    { description, format: 'base64' },
    (v) => isString(v) && decodeBase64Strict(v) !== null,
  );
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  const allowed: ReadonlySet<unknown> = new Set(values);
  return withMeta(z.enum(values), { description, format: 'enum', values }, (v) => allowed.has(v));
}

/** Session id: the reference's sessrec writes a 36-character UUID; ours is any id token. */
export function sessionId(description: string) {
  return withMeta(
    z.string().regex(SESSION_ID, 'must be 1..64 characters of [A-Za-z0-9_.:-]'),
    { description, format: 'id' },
    (v) => isString(v) && SESSION_ID.test(v),
  );
}

/**
 * The universal credential shape (spec §1.1). Every key is optional on the wire: the reference's
 * auth-helper writes no `secret_kind` (it means plaintext), and a line without `secret_b64` simply
 * carries no credential. Services build these params with `credentialFields()`.
 */
export const credentialShape = {
  principal: optional(
    text('user, DN or domain the secret was offered for; absent for password-only mechanisms'),
  ),
  secret_kind: optional(oneOf(SECRET_KINDS, 'how to read the secret bytes; absent means plaintext')),
  secret_printable: optional(text('the secret bytes with every byte outside 0x20-0x7E shown as ?')),
  secret_b64: optional(base64('the secret bytes, base64: its presence makes the line a credential')),
  outcome: optional(oneOf(CREDENTIAL_OUTCOMES, 'whether the decoy accepted the credential')),
};
