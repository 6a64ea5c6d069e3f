/** What the parser reports: bash's wording, and whether more input could have completed the line. */

export type ParseErrorKind =
  /** `syntax error near unexpected token \`X'` */
  | 'token'
  /** `syntax error: unexpected end of file` */
  | 'eof'
  /** `unexpected EOF while looking for matching \`X'` (followed by the end-of-file line) */
  | 'quote'
  /** Any other bash wording, given whole (`syntax error in conditional expression`). */
  | 'other';

export class ParseError extends Error {
  constructor(
    readonly kind: ParseErrorKind,
    /** The token, the quote character, or the whole message for `other`. */
    readonly detail: string,
    /** Line (1-based) where bash reports it. */
    readonly line: number,
    /** The input ended before the construct did: an interactive shell asks for a continuation line. */
    readonly incomplete: boolean,
  ) {
    super(parseErrorMessage(kind, detail));
    this.name = 'ParseError';
  }
}

function parseErrorMessage(kind: ParseErrorKind, detail: string): string {
  switch (kind) {
    case 'token':
      return `syntax error near unexpected token \`${detail}'`;
    case 'eof':
      return 'syntax error: unexpected end of file';
    case 'quote':
      return `unexpected EOF while looking for matching \`${detail}'`;
    case 'other':
      return detail;
  }
}
