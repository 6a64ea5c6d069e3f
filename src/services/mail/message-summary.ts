/**
 * What `message_stored` says about a message (spec §3.6 "DATA"): the headers an analyst reads first,
 * decoded (RFC 2047 encoded-words), and how many attachments its MIME tree carries. Pure and bounded:
 * header text, nesting and part counts are capped so a hostile message costs no more than its bytes.
 */

export const MESSAGE_SUMMARY_LIMITS = {
  /** Bytes of the header block read (Postfix's header_size_limit is 100 KiB too). */
  headerBytes: 100 * 1024,
  /** Characters kept of one header value in the event. */
  headerValueChars: 998,
  /** MIME nesting followed (multipart inside multipart …). */
  mimeDepth: 8,
  /** MIME parts looked at in one message. */
  mimeParts: 1000,
} as const;

export interface MessageSummary {
  subject?: string;
  from?: string;
  to?: string;
  messageId?: string;
  returnPath?: string;
  xMailer?: string;
  contentType?: string;
  attachmentCount: number;
}

/** Header fields of a message or part, names lower-cased, folded lines joined (RFC 5322 §2.2.3). */
export function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** Splits at the first empty line: the header block and the body. */
export function splitMessage(raw: string): { header: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (match === null) return { header: raw, body: '' };
  return { header: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** RFC 2047 encoded-words (B and Q, UTF-8 / Latin-1 / ASCII), whitespace between two of them dropped. */
export function decodeEncodedWords(value: string): string {
  const joined = value.replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => {
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            'latin1',
          );
    const name = charset.toLowerCase().replace(/\*.*$/, '');
    if (name === 'utf-8' || name === 'utf8') return bytes.toString('utf8');
    if (name === 'iso-8859-1' || name === 'latin1' || name === 'us-ascii' || name === 'windows-1252')
      return bytes.toString('latin1');
    return word;
  });
}

/** A Content-Type parameter (`boundary`, `name` …), quoted or not. */
export function contentTypeParam(value: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}\\*?=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  if (match === null) return undefined;
  return match[1] ?? match[2];
}

function clip(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return decodeEncodedWords(value).slice(0, MESSAGE_SUMMARY_LIMITS.headerValueChars);
}

/** Counts attachments in a MIME entity: parts with `Content-Disposition: attachment` or a file name. */
function countAttachments(
  headers: Map<string, string>,
  body: string,
  depth: number,
  budget: { parts: number },
): number {
  const type = headers.get('content-type') ?? '';
  const disposition = headers.get('content-disposition') ?? '';
  if (/^\s*multipart\//i.test(type) && depth < MESSAGE_SUMMARY_LIMITS.mimeDepth) {
    const boundary = contentTypeParam(type, 'boundary');
    if (boundary === undefined || boundary === '') return 0;
    let count = 0;
    const parts = body.split(`--${boundary}`);
    // The text before the first delimiter is the preamble; a part starting with `--` closes the entity.
    for (const part of parts.slice(1)) {
      if (part.startsWith('--')) break;
      if (budget.parts-- <= 0) break;
      const { header, body: partBody } = splitMessage(part.replace(/^\r?\n/, ''));
      count += countAttachments(parseHeaders(header), partBody, depth + 1, budget);
    }
    return count;
  }
  if (depth === 0) return 0;
  if (/^\s*attachment/i.test(disposition)) return 1;
  if (contentTypeParam(disposition, 'filename') !== undefined) return 1;
  if (contentTypeParam(type, 'name') !== undefined) return 1;
  return 0;
}

export function summariseMessage(message: Buffer): MessageSummary {
  const text = message.toString('latin1');
  const { header, body } = splitMessage(text);
  const headerText = Buffer.from(header.slice(0, MESSAGE_SUMMARY_LIMITS.headerBytes), 'latin1').toString(
    'utf8',
  );
  const headers = parseHeaders(headerText);
  const summary: MessageSummary = {
    attachmentCount: countAttachments(headers, body, 0, { parts: MESSAGE_SUMMARY_LIMITS.mimeParts }),
  };
  const fields: Array<[keyof MessageSummary, string]> = [
    ['subject', 'subject'],
    ['from', 'from'],
    ['to', 'to'],
    ['messageId', 'message-id'],
    ['returnPath', 'return-path'],
    ['xMailer', 'x-mailer'],
    ['contentType', 'content-type'],
  ];
  for (const [key, name] of fields) {
    const value = clip(headers.get(name));
    if (value !== undefined) (summary as unknown as Record<string, string>)[key] = value;
  }
  return summary;
}
