/** The `headers` config: a JSON object of extra response headers, validated once at service start. */
import { z } from 'zod';
import { HTTP_LIMITS } from './limits.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values may not carry CR, LF or NUL (RFC 9110 §5.5): no header injection from the config. */
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const schema = z.record(z.string().regex(TOKEN), z.union([z.string().regex(VALUE), z.number()]));

export type ExtraHeaders = (readonly [string, string])[];

/** The headers, or an error message saying why the text was ignored. */
export function parseExtraHeaders(text: string): { headers: ExtraHeaders } | { error: string } {
  if (text.trim() === '') return { headers: [] };
  if (text.length > HTTP_LIMITS.maxExtraHeadersChars)
    return { error: `longer than ${HTTP_LIMITS.maxExtraHeadersChars} characters` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success)
    return { error: 'must be a JSON object of header name to string value (no CR/LF in values)' };
  const entries = Object.entries(checked.data).map(([n, v]) => [n, String(v)] as const);
  if (entries.length > HTTP_LIMITS.maxExtraHeaders)
    return { error: `more than ${HTTP_LIMITS.maxExtraHeaders} headers` };
  return { headers: entries };
}
