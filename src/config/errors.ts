/**
 * Errors raised while reading configuration. Every message names where the bad value came from (an
 * environment variable, or a file, line, section and key) and what would be accepted instead, so an
 * operator can fix it without reading code (STYLE.md: errors name what failed and what to do).
 */

/** Any configuration problem: a bad environment variable, host config file or deployment file. */
export class ConfigError extends Error {
  /** One line per problem; `message` is these lines joined with newlines. */
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[], options?: { cause?: unknown }) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super(list.join('\n'), options);
    this.name = 'ConfigError';
    this.problems = list;
  }
}

export interface IniErrorLocation {
  file: string;
  /** 1-based line number; 0 when the problem concerns the whole file (too large, unreadable, empty). */
  line: number;
  section?: string | undefined;
  key?: string | undefined;
}

/**
 * A problem at one place in an INI file. The message reads `file:line: [section] key: what is wrong`;
 * the line, section and key parts are left out when they do not apply.
 */
export class IniError extends ConfigError {
  readonly file: string;
  readonly line: number;
  readonly section: string | undefined;
  readonly key: string | undefined;
  /** The "what is wrong" part alone, without the location prefix. */
  readonly reason: string;

  constructor(location: IniErrorLocation, reason: string, options?: { cause?: unknown }) {
    super(formatIniLocation(location) + reason, options);
    this.name = 'IniError';
    this.file = location.file;
    this.line = location.line;
    this.section = location.section;
    this.key = location.key;
    this.reason = reason;
  }
}

/** `file:line: [section] key: ` (the trailing separator included), skipping the parts that are absent. */
export function formatIniLocation(location: IniErrorLocation): string {
  let out = location.line > 0 ? `${location.file}:${location.line}: ` : `${location.file}: `;
  if (location.section !== undefined) out += `[${location.section}] `;
  if (location.key !== undefined) out += `${location.key}: `;
  return out;
}

/** Quotes a value for an error message: JSON string syntax, so control characters stay visible. */
export function quote(value: string, maxLength = 200): string {
  const shown = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return JSON.stringify(shown);
}
