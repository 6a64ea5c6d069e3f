import { createHash } from 'node:crypto';
import type { Bounty } from './types.js';

/**
 * JSON with object keys sorted (UTF-16 code-unit order) at every depth, no whitespace. Two payloads that
 * differ only in key order serialise identically, which the bounty dedup (spec §1.7) depends on.
 * Follows JSON.stringify for everything else: `undefined` members are dropped (null inside arrays),
 * non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  if (isFlatObject(value)) return JSON.stringify(value, Object.keys(value).sort());
  return serialise(value) ?? 'null';
}

/**
 * Most payloads are one level of primitives and arrays of primitives. For those, JSON.stringify with the
 * sorted key list as its replacer writes exactly the canonical form, natively and far faster.
 */
function isFlatObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member === null || typeof member !== 'object') continue;
    if (!Array.isArray(member)) return false;
    for (const item of member) if (item !== null && typeof item === 'object') return false;
  }
  return true;
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
  return createHash('sha256').update(`${bountyType}|${attackerIp}|${payloadJson}`).digest('hex');
}
