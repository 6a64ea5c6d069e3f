import { memoizeByString } from '../../runtime/memo.js';
import { type ExtractionContext, fingerprint, textField } from './context.js';
import { findLowerCaseHeader } from './headers.js';
import { MAX_TOOL_NAME_CHARS, UA_LONG_ABOVE_CHARS, UA_SHORT_BELOW_CHARS } from './limits.js';
import { codePointLength } from './text.js';
import type { Bounty } from './types.js';

/** UA classifier, spec §1.7. Categories are tested in this order; the first that matches wins. */
export const USER_AGENT_CATEGORIES = [
  'empty',
  'scanner',
  'cli',
  'library',
  'bot',
  'browser',
  'nonstandard',
] as const;
export type UserAgentCategory = (typeof USER_AGENT_CATEGORIES)[number];

export const USER_AGENT_SIGNALS = [
  'suspicious_short',
  'suspicious_long',
  'nonprintable',
  'injection_like',
] as const;
export type UserAgentSignal = (typeof USER_AGENT_SIGNALS)[number];

export interface UserAgentClass {
  category: UserAgentCategory;
  /** Which tool, when the category names one (scanner, cli, library, bot); else null. */
  tool: string | null;
  /** In USER_AGENT_SIGNALS order; empty when none. */
  signals: UserAgentSignal[];
}

/** Scanners, matched as whole words, case-insensitively, anywhere in the UA (spec §1.7). */
export const SCANNER_TOOLS = [
  'nmap',
  'masscan',
  'zgrab',
  'zmap',
  'nuclei',
  'sqlmap',
  'gobuster',
  'dirb',
  'dirbuster',
  'nikto',
  'feroxbuster',
  'wfuzz',
  'ffuf',
  'wpscan',
  'katana',
  'burp',
  'acunetix',
  'nessus',
  'openvas',
  'arachni',
  'whatweb',
  'wappalyzer',
  'sploitscan',
] as const;

interface ToolPattern {
  readonly tool: string;
  readonly pattern: RegExp;
}

/** Command-line clients: UA prefixes from spec §1.7, matched case-insensitively. */
export const CLI_TOOLS: readonly ToolPattern[] = [
  { tool: 'curl', pattern: /^curl\//i },
  { tool: 'wget', pattern: /^wget\//i },
  { tool: 'httpie', pattern: /^httpie\//i },
  { tool: 'xh', pattern: /^xh\//i },
  { tool: 'fetch', pattern: /^fetch\//i },
];

/**
 * HTTP libraries: the spec's prefix list (§1.7), case-insensitive, a name ending at `/`, space, `(` or the
 * end. Order matters where one prefix contains another (aiohttp's UA starts with `Python/3.x`).
 */
export const LIBRARY_TOOLS: readonly ToolPattern[] = [
  { tool: 'python-requests', pattern: /^python-requests\//i },
  { tool: 'aiohttp', pattern: /^(?:python\/\d\S*\s+)?aiohttp(?:[/\s(]|$)/i },
  { tool: 'httpx', pattern: /^(?:python-)?httpx(?:[/\s(]|$)/i },
  { tool: 'python-urllib', pattern: /^python-urllib\//i },
  { tool: 'urllib', pattern: /^(?:python-)?urllib3?(?:[/\s(]|$)/i },
  { tool: 'python', pattern: /^python\/\d/i },
  { tool: 'go-http-client', pattern: /^go-http-client\//i },
  { tool: 'go-resty', pattern: /^go-resty\//i },
  { tool: 'java', pattern: /^java\/\d/i },
  { tool: 'okhttp', pattern: /^okhttp(?:[/\s(]|$)/i },
  { tool: 'apache-httpclient', pattern: /^apache-httpclient\//i },
  { tool: 'jersey', pattern: /^jersey(?:[/\s(]|$)/i },
  { tool: 'axios', pattern: /^axios(?:[/\s(]|$)/i },
  { tool: 'node-fetch', pattern: /^node-fetch(?:[/\s(]|$)/i },
  { tool: 'got', pattern: /^got(?:[/\s(]|$)/i },
  { tool: 'undici', pattern: /^undici(?:[/\s(]|$)/i },
  { tool: 'php', pattern: /^php\/\d/i },
  { tool: 'guzzlehttp', pattern: /guzzlehttp/i }, // anywhere: Guzzle appends itself to other UAs
  { tool: 'ruby', pattern: /^ruby(?:[/\s(]|$)/i },
  { tool: 'faraday', pattern: /^faraday(?:[/\s(]|$)/i },
  { tool: 'httparty', pattern: /^httparty(?:[/\s(]|$)/i },
  { tool: 'dotnet', pattern: /^\.net(?:[/\s(]|$)/i },
  { tool: 'system.net.http', pattern: /^system\.net\.http(?:[/\s(]|$)/i },
  { tool: 'restsharp', pattern: /^restsharp(?:[/\s(]|$)/i },
  { tool: 'postman', pattern: /^postmanruntime\//i },
  { tool: 'insomnia', pattern: /^insomnia(?:[/\s(]|$)/i },
];

/** Crawlers and monitors: case-insensitive substrings (spec §1.7). */
export const BOT_MARKERS = ['bot', 'crawler', 'spider', 'slurp', 'monitor'] as const;

/** Browsers, and everything pretending to be one (spec §1.7). */
export const BROWSER_PATTERN = /^Mozilla\/\d/;

/** Substrings that only an injection attempt puts in a UA; matched case-insensitively (spec §1.7). */
export const INJECTION_MARKERS = [
  '<script',
  "';",
  "' or '",
  "' or 1",
  '1=1',
  "' --",
  '/../',
  '/etc/passwd',
  '${jndi:',
  '{{',
] as const;

const SCANNER_PATTERNS = SCANNER_TOOLS.map((tool) => ({ tool, pattern: new RegExp(`\\b${tool}\\b`, 'i') }));
const BOT_PATTERN = new RegExp(BOT_MARKERS.join('|'), 'i');
const BOT_TOKEN_CHAR = /[\w.-]/;
/** C0 controls except tab, DEL, and C1 controls: Unicode category Cc minus `\t`. */
const NONPRINTABLE = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

/** A brute-force run repeats one User-Agent thousands of times: classify it once. */
const classifyUserAgentOnce = memoizeByString(classifyUserAgent);

export function classifyUserAgent(value: string): UserAgentClass {
  const signals = userAgentSignals(value);
  if (value.trim() === '') return { category: 'empty', tool: null, signals };
  const scanner = SCANNER_PATTERNS.find(({ pattern }) => pattern.test(value));
  if (scanner) return { category: 'scanner', tool: scanner.tool, signals };
  const cli = CLI_TOOLS.find(({ pattern }) => pattern.test(value));
  if (cli) return { category: 'cli', tool: cli.tool, signals };
  const library = LIBRARY_TOOLS.find(({ pattern }) => pattern.test(value));
  if (library) return { category: 'library', tool: library.tool, signals };
  const bot = BOT_PATTERN.exec(value);
  if (bot) return { category: 'bot', tool: botName(value, bot.index, bot[0].length), signals };
  if (BROWSER_PATTERN.test(value)) return { category: 'browser', tool: null, signals };
  return { category: 'nonstandard', tool: null, signals };
}

/** The word around a bot marker (`Googlebot`, `AhrefsBot`), widened by hand to stay linear. */
function botName(value: string, index: number, length: number): string {
  let start = index;
  let end = index + length;
  while (start > 0 && end - start < MAX_TOOL_NAME_CHARS && BOT_TOKEN_CHAR.test(value[start - 1]!)) start--;
  while (end < value.length && end - start < MAX_TOOL_NAME_CHARS && BOT_TOKEN_CHAR.test(value[end]!)) end++;
  return value.slice(start, end);
}

function userAgentSignals(value: string): UserAgentSignal[] {
  const signals: UserAgentSignal[] = [];
  const length = codePointLength(value);
  if (length < UA_SHORT_BELOW_CHARS) signals.push('suspicious_short');
  if (length > UA_LONG_ABOVE_CHARS) signals.push('suspicious_long');
  if (NONPRINTABLE.test(value)) signals.push('nonprintable');
  const lower = value.toLowerCase();
  if (INJECTION_MARKERS.some((marker) => lower.includes(marker))) signals.push('injection_like');
  return signals;
}

/** `http_useragent`: any record whose headers carry a User-Agent, even an empty one (spec §1.7). */
export function userAgentBounties(ctx: ExtractionContext): Bounty[] {
  if (ctx.headers === null) return [];
  const header = findLowerCaseHeader(ctx.headers, 'user-agent');
  if (header === undefined) return [];
  const { category, tool, signals } = classifyUserAgentOnce(header.value);
  return [
    // In key order (see fingerprint).
    fingerprint('http_useragent', ctx.attackerIp, {
      category,
      method: textField(ctx.record, 'method'),
      path: textField(ctx.record, 'path'),
      signals: signals.length > 0 ? signals : null,
      tool,
      value: header.value,
    }),
  ];
}
