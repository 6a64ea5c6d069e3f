/**
 * The credential a request carries (spec §1.1 "HTTP credential extraction"): the Authorization header
 * first (Basic, Bearer, Digest), then a login form (urlencoded, multipart or a JSON object) with a
 * password-like field. Pure; nothing here throws on what a client sends.
 */
import { type CredentialInput, decodeBase64Strict } from '../../events/credential.js';
import { HTTP_LIMITS } from './limits.js';
import { type HttpHeader, headerValue } from './parser.js';

/** Form keys that name the user (WordPress `log`, phpMyAdmin `pma_username`, Jenkins `j_username`, …). */
const USER_KEYS: ReadonlySet<string> = new Set([
  'user',
  'username',
  'log',
  'login',
  'email',
  'pma_username',
  'j_username',
  'uname',
  'usr',
]);
/** Form keys that carry the password. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'pwd',
  'password',
  'pass',
  'passwd',
  'pma_password',
  'j_password',
  'pw',
]);

export interface RequestCredential {
  credential: CredentialInput;
  /** Where it came from: the reply differs (a 401 for a header, the app's page for a form). */
  source: 'basic' | 'bearer' | 'digest' | 'form';
}

function cap(text: string): string {
  return text.length > HTTP_LIMITS.maxCredentialChars ? text.slice(0, HTTP_LIMITS.maxCredentialChars) : text;
}

function fromAuthorization(value: string): RequestCredential | null {
  const space = value.indexOf(' ');
  const scheme = (space < 0 ? value : value.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : value.slice(space + 1).trim();
  if (scheme === 'basic') {
    const bytes = decodeBase64Strict(rest) ?? Buffer.from(rest, 'base64');
    const text = bytes.toString('utf8');
    const colon = text.indexOf(':');
    const user = colon < 0 ? text : text.slice(0, colon);
    const secret = colon < 0 ? Buffer.alloc(0) : bytes.subarray(Buffer.byteLength(user, 'utf8') + 1);
    return {
      source: 'basic',
      credential: {
        principal: cap(user),
        secret: secret.subarray(0, HTTP_LIMITS.maxCredentialChars),
        kind: 'plaintext',
        outcome: 'failure',
      },
    };
  }
  if (scheme === 'bearer' && rest !== '') {
    return {
      source: 'bearer',
      credential: { principal: null, secret: cap(rest), kind: 'http_bearer', outcome: 'failure' },
    };
  }
  if (scheme === 'digest') {
    const params = digestParams(rest);
    const response = params.get('response');
    if (response === undefined) return null;
    return {
      source: 'digest',
      credential: {
        principal: cap(params.get('username') ?? ''),
        secret: cap(response),
        kind: 'http_digest_md5',
        outcome: 'failure',
      },
    };
  }
  return null;
}

/** `k=v, k="v"` pairs of a Digest header (RFC 7616 §3.4). */
function digestParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
    out.set((m[1] as string).toLowerCase(), m[2] ?? m[3] ?? '');
  }
  return out;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text.replaceAll('+', ' ');
  }
}

/** Form fields of a body, by its Content-Type; an unknown type has none. */
export function formFields(contentType: string, body: Buffer): Map<string, string> {
  const type = contentType.toLowerCase();
  const out = new Map<string, string>();
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const pair of body.toString('latin1').split('&')) {
      const eq = pair.indexOf('=');
      const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
      if (!out.has(key)) out.set(key, eq < 0 ? '' : decodeComponent(pair.slice(eq + 1)));
    }
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary="?([^";]{1,200})"?/i.exec(contentType)?.[1];
    if (boundary === undefined) return out;
    for (const part of body.toString('latin1').split(`--${boundary}`)) {
      const name = /content-disposition:[^\n]*\bname="([^"]*)"/i.exec(part)?.[1];
      const split = part.search(/\r?\n\r?\n/);
      if (name === undefined || split < 0 || out.has(name)) continue;
      const value = part
        .slice(split)
        .replace(/^\r?\n\r?\n/, '')
        .replace(/\r?\n$/, '');
      out.set(name, Buffer.from(value, 'latin1').toString('utf8'));
    }
  } else if (type.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out.set(k, v);
      }
    } catch {
      // Not JSON after all: no fields.
    }
  }
  return out;
}

function fromForm(fields: Map<string, string>): RequestCredential | null {
  let user: string | null = null;
  let secret: string | null = null;
  for (const [key, value] of fields) {
    const lower = key.toLowerCase();
    if (user === null && USER_KEYS.has(lower)) user = value;
    else if (secret === null && SECRET_KEYS.has(lower)) secret = value;
  }
  if (secret === null) return null;
  return {
    source: 'form',
    credential: {
      principal: user === null ? null : cap(user),
      secret: cap(secret),
      kind: 'plaintext',
      outcome: 'failure',
    },
  };
}

/** The request's credential, Authorization first (spec §4.1), or null. */
export function requestCredential(
  headers: readonly HttpHeader[],
  body: Buffer,
  fields?: Map<string, string>,
): RequestCredential | null {
  const authorization = headerValue(headers, 'authorization');
  if (authorization !== undefined) {
    const found = fromAuthorization(authorization);
    if (found !== null) return found;
  }
  if (body.length === 0) return null;
  return fromForm(fields ?? formFields(headerValue(headers, 'content-type') ?? '', body));
}
