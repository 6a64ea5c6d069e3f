import { hash } from 'node:crypto';
import type { Bounty } from './types.js';

/**
 * JSON with object keys sorted (UTF-16 code-unit order) at every depth, no whitespace. Two payloads that
 * differ only in key order serialise identically, which the bounty dedup (spec §1.7) depends on.
 * Follows JSON.stringify for everything else: `undefined` members are dropped (null inside arrays),
 * non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  switch (flatness(value)) {
    case SORTED_FLAT:
      return JSON.stringify(value);
    case FLAT:
      return JSON.stringify(value, Object.keys(value as object).sort());
    default:
      return serialise(value) ?? 'null';
  }
}

const NOT_FLAT = 0;
const FLAT = 1;
const SORTED_FLAT = 2;

/**
 * Most payloads are one level of primitives and arrays of primitives (FLAT). For those, JSON.stringify
 * with the sorted key list as its replacer writes exactly the canonical form, natively and far faster;
 * when the keys are already in order (the extractors build their payloads so), JSON.stringify alone
 * does, without sorting or the slower replacer path.
 */
function flatness(value: unknown): typeof NOT_FLAT | typeof FLAT | typeof SORTED_FLAT {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return NOT_FLAT;
  let sorted = true;
  let previous: string | null = null;
  for (const key in value) {
    if (previous !== null && previous >= key) sorted = false;
    previous = key;
    const member = (value as Record<string, unknown>)[key];
    if (member === null || typeof member !== 'object') continue;
    if (!Array.isArray(member)) return NOT_FLAT;
    for (const item of member) if (item !== null && typeof item === 'object') return NOT_FLAT;
  }
  return sorted ? SORTED_FLAT : FLAT;
}

function serialise(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'object':
      break;
    default:
      // undefined, functions, symbols and bigints have no JSON form.
      return undefined;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => serialise(item) ?? 'null').join(',')}]`;
  }
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = serialise((value as Record<string, unknown>)[key]);
    if (member !== undefined) parts.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${parts.join(',')}}`;
}

/** The identity of a bounty for deduplication: sha256 hex of `bountyType|attackerIp|canonicalJson(payload)`. */
export function payloadKey(bounty: Pick<Bounty, 'bountyType' | 'attackerIp' | 'payload'>): string {
  return bountyKey(bounty.bountyType, bounty.attackerIp, canonicalJson(bounty.payload));
}

/** `payloadKey` for a payload already serialised with `canonicalJson` (the ingester stores that text too). */
export function bountyKey(bountyType: string, attackerIp: string, payloadJson: string): string {
  return hash('sha256', `${bountyType}|${attackerIp}|${payloadJson}`, 'hex');
}
