/**
 * The emitter a service gets in its context: typed from the catalogue (an unknown event type or param
 * is a compile error), validated at run time against the same schemas, formatted as one RFC 5424 line
 * and appended to a sink (the spool).
 */
import { type EventFields, type EventType, eventSpec } from './catalogue.js';
import {
  formatLine,
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

export function createEmitter(options: EmitterOptions): Emit {
  const { sink, clock, decky, service } = options;
  let last = Number.NEGATIVE_INFINITY;

  const nextMicros = (): number => {
    const now = Math.floor(clock.now() * 1000);
    if (now > last || last - now > CLOCK_STEP_BACK_TOLERANCE_US) last = now;
    else last += 1;
    return last;
  };

  const emit = <T extends EventType>(type: T, fields: EventFields<T>, opts?: EmitOptions): string => {
    const spec = eventSpec(type);
    if (spec === undefined) throw new EventValidationError(String(type), null, 'unknown event type', service);
    const values = fields as Record<string, unknown>;
    const known = spec.fields.shape;
    for (const name of Object.keys(values)) {
      if (!Object.hasOwn(known, name)) {
        throw new EventValidationError(type, name, 'not a param of this event', service);
      }
    }
    const checked = spec.fields.safeParse(values);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue?.path.length ? String(issue.path[0]) : null;
      throw new EventValidationError(type, field, issue?.message ?? 'invalid', service);
    }
    const level = opts?.severity ?? spec.severity;
    const line = formatLine({
      timestamp: formatTimestamp(nextMicros()),
      severity: typeof level === 'number' ? level : severityByName[level],
      decky,
      service,
      procid: null,
      eventType: type,
      fields: values as Record<string, string | number | boolean | null | undefined>,
      msg: opts?.msg ?? null,
    });
    sink.append(line);
    return line;
  };
  return emit;
}
