/**
 * The bus envelope (spec §2 "Envelope"): `{v, id, topic, type, ts, payload}`. The publisher fills in every
 * field and every subscriber sees exactly those values: unlike the reference broker, nothing along the way
 * regenerates `id` or `ts`.
 */
import { z } from 'zod';
import { BUS_LIMITS } from './limits.js';
import { isValidTopic, topicProblem } from './subject.js';

/** Visible ASCII without spaces: safe as a `Nats-Msg-Id` header value and in a log line. */
const ID_PATTERN = /^[\x21-\x7e]+$/;
/** A short discriminator such as `state_changed`, `jarm`, `ttp.tagged`. */
const TYPE_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export const busEventSchema = z.object({
  v: z.literal(1),
  id: z.string().min(1).max(BUS_LIMITS.maxIdChars).regex(ID_PATTERN),
  topic: z.string().refine(isValidTopic, { message: 'not a valid topic' }),
  type: z.string().min(1).max(BUS_LIMITS.maxTypeChars).regex(TYPE_PATTERN),
  /** Epoch seconds, fractional. */
  ts: z.number().finite().nonnegative(),
  payload: z.record(z.string(), z.unknown()),
});

export type BusEventPayload = Record<string, unknown>;

export interface BusEvent<P extends object = BusEventPayload> {
  v: 1;
  id: string;
  topic: string;
  type: string;
  ts: number;
  payload: P;
}

/** A problem with an event the caller is publishing: fix the call, retrying will not help. */
export class InvalidEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

export class EventTooLargeError extends InvalidEventError {
  constructor(
    readonly topic: string,
    readonly bytes: number,
    readonly limitBytes: number,
    limitName = 'the bus limit',
  ) {
    super(
      `event on ${topic} is ${formatBytes(bytes)} encoded; ${limitName} is ${formatBytes(limitBytes)}. ` +
        'Keep large content (files, captures) out of the event and publish a reference to it instead',
    );
    this.name = 'EventTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(2))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(2))} KiB`;
  return `${bytes} B`;
}

export interface EnvelopeFields {
  topic: string;
  type: string;
  payload: object;
  id: string;
  ts: number;
}

/** An event ready for the wire: the envelope and its JSON encoding. */
export interface EncodedEvent<P extends object> {
  event: BusEvent<P>;
  json: string;
  bytes: number;
}

/**
 * Validates and encodes an envelope once, at the publishing edge. Throws InvalidEventError (with the
 * reason) for a bad topic, type, id, timestamp or payload, and EventTooLargeError above `maxBytes`.
 */
export function encodeEvent<P extends object>(
  fields: EnvelopeFields & { payload: P },
  maxBytes: number = BUS_LIMITS.maxEventBytes,
): EncodedEvent<P> {
  const { topic, type, payload, id, ts } = fields;
  const problem = topicProblem(topic);
  if (problem) throw new InvalidEventError(`cannot publish: ${problem}`);
  if (
    typeof type !== 'string' ||
    type.length === 0 ||
    type.length > BUS_LIMITS.maxTypeChars ||
    !TYPE_PATTERN.test(type)
  ) {
    throw new InvalidEventError(
      `cannot publish on ${topic}: type ${JSON.stringify(type)} must be 1-${BUS_LIMITS.maxTypeChars} characters of A-Z a-z 0-9 _ . : -`,
    );
  }
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > BUS_LIMITS.maxIdChars ||
    !ID_PATTERN.test(id)
  ) {
    throw new InvalidEventError(
      `cannot publish on ${topic}: id ${JSON.stringify(id)} must be 1-${BUS_LIMITS.maxIdChars} visible ASCII characters`,
    );
  }
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0) {
    throw new InvalidEventError(
      `cannot publish on ${topic}: ts must be non-negative epoch seconds, got ${ts}`,
    );
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidEventError(`cannot publish on ${topic}: payload must be a JSON object`);
  }
  const event: BusEvent<P> = { v: 1, id, topic, type, ts, payload };
  let json: string;
  try {
    json = JSON.stringify(event);
  } catch (err) {
    throw new InvalidEventError(
      `cannot publish on ${topic}: payload is not JSON-serialisable (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > maxBytes) throw new EventTooLargeError(topic, bytes, maxBytes);
  return { event, json, bytes };
}

export type DecodeResult = { ok: true; event: BusEvent } | { ok: false; reason: string };

/** Parses and validates an envelope received from outside the process (NATS). Never throws. */
export function decodeEvent(json: string): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = busEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `not a bus envelope: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    };
  }
  return { ok: true, event: parsed.data as BusEvent };
}
