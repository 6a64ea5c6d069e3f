/**
 * The emitter a service gets in its context: typed from the catalogue (an unknown event type or param
 * is a compile error), validated at run time against the same schemas, formatted as one RFC 5424 line
 * and appended to a sink (the spool).
 */
import type { z } from 'zod';
import { type EventFields, type EventSpec, type EventType, eventSpec } from './catalogue.js';
import { fieldAccepts } from './fields.js';
import {
  checkParamName,
  type FieldValue,
  formatBody,
  formatHeaderTail,
  formatPriVersion,
  formatTimestamp,
  type SeverityName,
  severity as severityByName,
} from './rfc5424/format.js';

export interface EventSink {
  append(line: string): void;
}

export interface EmitterClock {
  /** Milliseconds since the epoch (fractions allowed). */
  now(): number;
}

export interface EmitterOptions {
  sink: EventSink;
  clock: EmitterClock;
  /** HOSTNAME of every line. */
  decky: string;
  /** APP-NAME of every line. */
  service: string;
}

export interface EmitOptions {
  msg?: string | null;
  /** Overrides the catalogue's severity. */
  severity?: SeverityName | number;
}

/** Formats, appends and returns the line. Throws EventValidationError when the fields break the schema. */
export type Emit = <T extends EventType>(type: T, fields: EventFields<T>, opts?: EmitOptions) => string;

/**
 * A service passed fields its event does not allow: a bug in that service, never a property of the
 * attacker's input (attacker text is always a valid string value).
 */
export class EventValidationError extends Error {
  constructor(
    readonly event: string,
    readonly field: string | null,
    detail: string,
    service: string,
  ) {
    super(
      `cannot emit ${event} from service ${service}: ${field === null ? '' : `field ${field}: `}${detail} ` +
        '(a bug in the service: fix the fields it passes; see docs/events.md)',
    );
    this.name = 'EventValidationError';
  }
}

/**
 * How far back (µs) the clock may step before we follow it instead of holding order. Within this,
 * timestamps stay strictly increasing (one µs apart when events share a millisecond); a larger step
 * back (an NTP correction) is taken as the truth.
 */
export const CLOCK_STEP_BACK_TOLERANCE_US = 1_000_000;

/** What an emitter works out once per event type: the zod schema stays the authority. */
interface CompiledEvent {
  spec: EventSpec;
  /** The catalogue's params. */
  known: Readonly<Record<string, unknown>>;
  /** Each param and its plain check; null when only zod can check it. */
  checks: readonly (readonly [string, ((value: unknown) => boolean) | null])[];
  /** At least one of these must be given (the schema's attackerOneOf refinement). */
  oneOf: readonly string[] | null;
  /** The schema has object-level checks the plain ones do not cover: zod runs on every event. */
  zodAlways: boolean;
  /** `<PRI>1 ` at the catalogue's severity. */
  priVersion: string;
  /** ` HOSTNAME APP-NAME PROCID MSGID`. */
  tail: string;
}

function compileEvent(spec: EventSpec, decky: string, service: string): CompiledEvent {
  const shape = spec.fields.shape as Record<string, z.ZodType>;
  const checks = Object.keys(shape).map((name) => {
    checkParamName(name);
    return [name, fieldAccepts(shape[name] as z.ZodType) ?? null] as const;
  });
  const objectChecks = spec.fields._zod.def.checks?.length ?? 0;
  const oneOf = spec.attackerOneOf ?? null;
  return {
    spec,
    known: shape,
    checks,
    oneOf,
    zodAlways: objectChecks > (oneOf === null ? 0 : 1),
    priVersion: formatPriVersion(severityByName[spec.severity]),
    tail: formatHeaderTail(decky, service, null, spec.type),
  };
}

/** Whether the plain checks pass; false sends the event to zod (for its verdict and its message). */
function passesPlainChecks(event: CompiledEvent, values: Record<string, unknown>): boolean {
  if (event.zodAlways) return false;
  for (const [name, accepts] of event.checks) {
    if (accepts === null || !accepts(values[name])) return false;
  }
  if (event.oneOf !== null) {
    let named = false;
    for (const key of event.oneOf) if (values[key] !== undefined && values[key] !== null) named = true;
    if (!named) return false;
  }
  return true;
}

export function createEmitter(options: EmitterOptions): Emit {
  const { sink, clock, decky, service } = options;
  let last = Number.NEGATIVE_INFINITY;

  const nextMicros = (): number => {
    const now = Math.floor(clock.now() * 1000);
    if (now > last || last - now > CLOCK_STEP_BACK_TOLERANCE_US) last = now;
    else last += 1;
    return last;
  };

  const compiled = new Map<string, CompiledEvent>();
  const compile = (type: string): CompiledEvent => {
    let event = compiled.get(type);
    if (event === undefined) {
      const spec = eventSpec(type as EventType);
      if (spec === undefined) throw new EventValidationError(type, null, 'unknown event type', service);
      event = compileEvent(spec, decky, service);
      compiled.set(type, event);
    }
    return event;
  };

  const emit = <T extends EventType>(type: T, fields: EventFields<T>, opts?: EmitOptions): string => {
    const event = compile(String(type));
    const values = fields as Record<string, unknown>;
    for (const name of Object.keys(values)) {
      if (!Object.hasOwn(event.known, name)) {
        throw new EventValidationError(type, name, 'not a param of this event', service);
      }
    }
    if (!passesPlainChecks(event, values)) {
      const checked = event.spec.fields.safeParse(values);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const field = issue?.path.length ? String(issue.path[0]) : null;
        throw new EventValidationError(type, field, issue?.message ?? 'invalid', service);
      }
    }
    const level = opts?.severity;
    const priVersion =
      level === undefined
        ? event.priVersion
        : formatPriVersion(typeof level === 'number' ? level : severityByName[level]);
    const line = formatBody(
      priVersion + formatTimestamp(nextMicros()) + event.tail,
      values as Record<string, FieldValue>,
      opts?.msg,
    );
    sink.append(line);
    return line;
  };
  return emit;
}
