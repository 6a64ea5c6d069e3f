/** SASL PLAIN (RFC 4616) and LOGIN payloads as mail clients send them, decoded without trusting them. */

export interface PlainCredentials {
  /** Authorization identity (often empty). */
  authzid: string;
  /** Authentication identity: the user. */
  authcid: string;
  password: Buffer;
}

/** Lenient base64 as mail servers read it: whitespace ignored; null when it is not base64 at all. */
export function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || compact === '=') return Buffer.alloc(0);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

/** RFC 4616 §2: `[authzid] NUL authcid NUL passwd`; null when the message is not shaped so. */
export function parsePlain(message: Buffer): PlainCredentials | null {
  const first = message.indexOf(0);
  if (first < 0) return null;
  const second = message.indexOf(0, first + 1);
  if (second < 0) return null;
  return {
    authzid: message.subarray(0, first).toString('utf8'),
    authcid: message.subarray(first + 1, second).toString('utf8'),
    password: message.subarray(second + 1),
  };
}
