/**
 * Runs iproute2. Never through a shell: `ip` gets an argument array, and `ip -batch -` gets lines whose
 * every token is checked against a strict pattern first, so no decky name or INI value can smuggle in a
 * second command (a newline), a comment (`#`), quoting or an option (a leading `-`).
 */
import { execFile, spawn } from 'node:child_process';
import { IpError } from './errors.js';
import { NETNS_LIMITS } from './limits.js';

export { IpError } from './errors.js';

/**
 * A token we pass to `ip`: names, addresses, CIDRs, MACs and keywords. `ip -batch` splits lines on
 * blanks and honours quotes, backslashes and `#`; none of those can appear here.
 */
export const IP_TOKEN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/+-]*$/;

/** Namespace names `ip -n` accepts from us: any existing namespace, ours or the test's. */
const NAMESPACE_OPTION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface IpOptions {
  /** Run in this network namespace (`ip -n NS …`). */
  namespace?: string;
  /** `-d`: details, such as a link's kind in `linkinfo`. */
  details?: boolean;
}

export interface BatchOptions extends IpOptions {
  /** `-force`: keep going after a failed line and report every failure instead of stopping at the first. */
  force?: boolean;
}

/** One failed line of an `ip -batch` run. */
export interface BatchFailure {
  /** 0-based index into the lines given. */
  line: number;
  command: string;
  message: string;
}

/** Options a caller may put before the command (`ip -4 addr show …`): they only filter or detail output. */
const SAFE_LEADING_OPTIONS = new Set(['-4', '-6', '-d', '-s']);

/** Checks `args` of a single `ip` run: leading read-only options, then plain tokens. */
function assertArgs(args: readonly string[]): void {
  let index = 0;
  while (index < args.length && SAFE_LEADING_OPTIONS.has(args[index] as string)) index++;
  args.slice(index).forEach(assertToken);
}

function assertToken(token: string): void {
  if (token.length > NETNS_LIMITS.maxBatchTokenChars || !IP_TOKEN_PATTERN.test(token))
    throw new IpError('ip', `refusing unsafe argument ${JSON.stringify(token)}`);
}

function globalOptions(options: IpOptions): string[] {
  const flags = options.details ? ['-d'] : [];
  if (options.namespace === undefined) return flags;
  if (!NAMESPACE_OPTION_PATTERN.test(options.namespace) || options.namespace.length > 255)
    throw new IpError('ip -n', `refusing unsafe namespace name ${JSON.stringify(options.namespace)}`);
  return [...flags, '-n', options.namespace];
}

function describe(args: readonly string[]): string {
  return ['ip', ...args].join(' ');
}

function notFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

const IP_MISSING = 'iproute2 `ip` not found: install iproute2 or use the loopback driver';

function run(args: string[], command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ip',
      args,
      { timeout: NETNS_LIMITS.ipCommandTimeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (notFound(error)) return reject(new IpError(command, IP_MISSING));
        reject(new IpError(command, stderr.trim() || error.message));
      },
    );
  });
}

/** `ip [-n NS] args…`; resolves to its stdout. `args` may start with -4, -6, -d or -s. */
export async function ip(args: readonly string[], options: IpOptions = {}): Promise<string> {
  assertArgs(args);
  const full = [...globalOptions(options), ...args];
  return run(full, describe(full));
}

/** `ip -j [-n NS] args…`, parsed. iproute2 prints nothing at all for some empty lists (`netns list`). */
export async function ipJson(args: readonly string[], options: IpOptions = {}): Promise<unknown> {
  assertArgs(args);
  const full = ['-j', ...globalOptions(options), ...args];
  const stdout = await run(full, describe(full));
  if (stdout.trim() === '') return [];
  try {
    return JSON.parse(stdout);
  } catch (error) {
    throw new IpError(describe(full), `unparsable JSON output: ${(error as Error).message}`);
  }
}

/** `Command failed -:N` is how `ip -batch -` reports the 1-based line N that failed (ip/ip.c, batch()). */
const FAILED_LINE = /^Command failed -:(\d+)$/;

/** Splits a batch's stderr into failures: the lines printed before each `Command failed` belong to it. */
export function parseBatchErrors(stderr: string, lines: readonly (readonly string[])[]): BatchFailure[] {
  const failures: BatchFailure[] = [];
  let pending: string[] = [];
  for (const text of stderr.split('\n')) {
    const match = FAILED_LINE.exec(text.trim());
    if (!match) {
      if (text.trim() !== '') pending.push(text.trim());
      continue;
    }
    const line = Number(match[1]) - 1;
    failures.push({
      line,
      command: describe(lines[line] ?? []),
      message: pending.join('; ') || 'failed',
    });
    pending = [];
  }
  return failures;
}

/**
 * Runs `lines` in one `ip [-n NS] [-force] -batch -` process. Without `force`, stops at the first failed
 * line and throws an IpError whose `line` says which (every line before it took effect). With `force`,
 * runs every line and resolves to the failures (empty when all succeeded).
 */
export async function ipBatch(
  lines: readonly (readonly string[])[],
  options: BatchOptions = {},
): Promise<BatchFailure[]> {
  for (const line of lines) {
    if (line.length === 0) throw new IpError('ip -batch', 'refusing an empty batch line');
    line.forEach(assertToken);
  }
  const args = [...globalOptions(options), ...(options.force ? ['-force'] : []), '-batch', '-'];
  const command = describe(args);
  if (lines.length === 0) return [];
  return new Promise((resolve, reject) => {
    const child = spawn('ip', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), NETNS_LIMITS.ipCommandTimeoutMs);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new IpError(command, notFound(error) ? IP_MISSING : error.message));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve([]);
      const failures = parseBatchErrors(stderr, lines);
      const first = failures[0];
      if (signal) return reject(new IpError(command, `killed by ${signal} (timed out?)`));
      // No `Command failed` line: ip failed before running any (e.g. `-n` of a missing namespace).
      if (!first) return reject(new IpError(command, stderr.trim() || `exited with code ${code}`));
      if (options.force) return resolve(failures);
      reject(new IpError(first.command, first.message, first.line));
    });
    // A batch that fails early closes stdin; the error is reported by 'close' above.
    child.stdin.on('error', () => {});
    child.stdin.end(`${lines.map((line) => line.join(' ')).join('\n')}\n`);
  });
}
