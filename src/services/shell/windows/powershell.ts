/**
 * Enough of Windows PowerShell 5.1 for what attackers send through it: download cradles
 * (`IEX (New-Object Net.WebClient).DownloadString(…)`, `iwr -Uri … -OutFile …`, `Start-BitsTransfer`),
 * Defender and policy tampering (acknowledged, changes nothing), a few reads (processes, services,
 * files, `$PSVersionTable`, `$env:`), and native programs, which run through cmd's command table.
 * Anything else gets PowerShell's CommandNotFoundException. Statements, nesting and variables are
 * bounded; a script never throws out of `run`.
 */
import type { CmdContext } from './command.js';
import { download, fileNameOf } from './commands/lib/download.js';
import { driveMessage } from './drive.js';
import { CMD_LIMITS } from './limits.js';
import { releaseOf } from './system.js';

const ALIASES: Readonly<Record<string, string>> = {
  iwr: 'invoke-webrequest',
  wget: 'invoke-webrequest',
  curl: 'invoke-webrequest',
  irm: 'invoke-restmethod',
  iex: 'invoke-expression',
  echo: 'write-output',
  write: 'write-output',
  ls: 'get-childitem',
  dir: 'get-childitem',
  gci: 'get-childitem',
  cat: 'get-content',
  gc: 'get-content',
  type: 'get-content',
  cd: 'set-location',
  sl: 'set-location',
  chdir: 'set-location',
  pwd: 'get-location',
  gl: 'get-location',
  ps: 'get-process',
  gps: 'get-process',
  gsv: 'get-service',
  rm: 'remove-item',
  del: 'remove-item',
  ri: 'remove-item',
  saps: 'start-process',
  start: 'start-process',
  sleep: 'start-sleep',
  gwmi: 'get-wmiobject',
  cls: 'clear-host',
  clear: 'clear-host',
  ni: 'new-item',
  mkdir: 'new-item-directory',
  md: 'new-item-directory',
  copy: 'copy-item',
  cp: 'copy-item',
  move: 'move-item',
  mv: 'move-item',
};

/** Cmdlets that change settings an attacker wants changed: they print nothing and change nothing. */
const SILENT = new Set([
  'set-mppreference',
  'add-mppreference',
  'set-executionpolicy',
  'import-module',
  'stop-service',
  'set-service',
  'new-itemproperty',
  'set-itemproperty',
  'remove-itemproperty',
  'disable-windowsoptionalfeature',
  'enable-psremoting',
  'set-netfirewallprofile',
  'new-netfirewallrule',
  'register-scheduledtask',
  'add-type',
  'out-null',
  'clear-host',
  'clear-eventlog',
  'wevtutil',
  'set-variable',
  'start-process',
]);

class PsExit {
  constructor(readonly status: number) {}
}

/** A PowerShell error record as the console prints it. */
function errorRecord(statement: string, message: string, category: string, id: string, target = ''): string {
  const head = statement.split(/\s+/)[0] ?? '';
  const underline = '~'.repeat(Math.max(1, Math.min(statement.length, 120)));
  return `${head} : ${message}\r\nAt line:1 char:1\r\n+ ${statement.slice(0, 120)}\r\n+ ${underline}\r\n    + CategoryInfo          : ${category}: (${target || head}:String) [], ${id.split(',')[0]}\r\n    + FullyQualifiedErrorId : ${id}\r\n \r\n`;
}

export class PowerShell {
  private readonly variables = new Map<string, string>();

  /** Runs a script; the exit code (`exit N`, or 1 when the last statement failed). */
  async run(script: string, ctx: CmdContext, depth = 0): Promise<number> {
    if (depth > CMD_LIMITS.maxPowerShellDepth) return 1;
    let status = 0;
    let count = 0;
    try {
      for (const statement of splitStatements(script)) {
        if (++count > CMD_LIMITS.maxPowerShellStatements) break;
        status = await this.statement(statement, ctx, depth);
      }
    } catch (err) {
      if (err instanceof PsExit) return err.status;
      throw err;
    }
    return status;
  }

  private async statement(statement: string, ctx: CmdContext, depth: number): Promise<number> {
    const text = statement.trim();
    if (text === '' || text.startsWith('#')) return 0;
    const exit = /^exit(?:\s+(-?\d+))?$/i.exec(text);
    if (exit) throw new PsExit(Number(exit[1] ?? 0));
    // `$x = value`: remembered (bounded); a cradle on the right still runs.
    const assignment = /^\$([\w:]+)\s*=\s*(.+)$/s.exec(text);
    if (assignment) {
      const value = await this.value(assignment[2] as string, ctx, depth);
      const name = (assignment[1] as string).toLowerCase();
      if (name.startsWith('env:')) ctx.env.set(name.slice(4), value ?? '');
      else if (this.variables.size < CMD_LIMITS.maxPowerShellVariables || this.variables.has(name))
        this.variables.set(name, value ?? '');
      return 0;
    }
    // A WebClient cradle on its own (`(New-Object Net.WebClient).DownloadFile(…)`): its value is printed.
    if (/\.Download(String|File|Data)\s*\(/i.test(text) && !/^(iex|invoke-expression)\b/i.test(text)) {
      const value = await this.value(text, ctx, depth);
      if (value === null) return 1;
      if (value !== '') ctx.stdout(`${value.replace(/\r?\n$/, '')}\r\n`);
      return 0;
    }
    // `[Net.ServicePointManager]::SecurityProtocol = …` and other static calls: accepted quietly.
    if (/^\[[\w.]+\]::/.test(text) && !/DownloadString|DownloadFile/i.test(text)) return 0;
    const pipeline = splitPipeline(text);
    let input: string | null = null;
    let status = 0;
    for (let i = 0; i < pipeline.length; i++) {
      const stage = (pipeline[i] as string).trim();
      const last = i === pipeline.length - 1;
      const result = await this.command(stage, ctx, depth, input);
      status = result.status;
      if (last) {
        if (result.output) ctx.stdout(result.output);
      } else input = result.output;
    }
    return status;
  }

  /** The value of an expression on the right of `=` or inside `IEX (…)`. */
  private async value(expression: string, ctx: CmdContext, depth: number): Promise<string | null> {
    const cradle = /\.Download(String|File|Data)\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"])?\s*\)/i.exec(
      expression,
    );
    const text = expression
      .trim()
      .replace(/^\((.*)\)$/s, '$1')
      .trim();
    if (cradle) {
      const kind = (cradle[1] as string).toLowerCase();
      const url = cradle[2] as string;
      const outcome = await download(
        ctx,
        url,
        'powershell',
        kind === 'file' ? (cradle[3] ?? fileNameOf(url)) : null,
      );
      if (!outcome.ok) {
        ctx.stderr(
          errorRecord(
            text,
            `Exception calling "Download${cradle[1]}" with "${kind === 'file' ? 2 : 1}" argument(s): "${webError(outcome.error, url)}"`,
            'NotSpecified',
            'WebException',
            ': )',
          ),
        );
        return null;
      }
      return kind === 'file' ? '' : outcome.body.toString('utf8');
    }
    if (/^['"].*['"]$/s.test(text)) return this.expand(text.slice(1, -1), ctx, text.startsWith('"'));
    if (/^\$/.test(text)) return this.expand(text, ctx, true);
    if (/^-?\d+$/.test(text)) return text;
    const result = await this.command(text, ctx, depth, null);
    return result.output;
  }

  /** `$env:NAME`, `$var` and `$PSHOME` in a double-quoted string (single quotes are literal). */
  private expand(text: string, ctx: CmdContext, interpolate: boolean): string {
    if (!interpolate) return text;
    return text.replace(
      /\$env:(\w+)|\$(\w+)/gi,
      (match, env: string | undefined, name: string | undefined) => {
        if (env) return ctx.env.get(env) ?? '';
        const lower = (name ?? '').toLowerCase();
        if (lower === 'pshome') return 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0';
        if (lower === 'true') return 'True';
        if (lower === 'false') return 'False';
        return this.variables.get(lower) ?? (match.length > 0 ? '' : match);
      },
    );
  }

  private async command(
    stage: string,
    ctx: CmdContext,
    depth: number,
    input: string | null,
  ): Promise<{ status: number; output: string | null }> {
    await ctx.sleep(0);
    // The command name ends at a blank or an opening parenthesis (`IEX(…)`); `& name` calls it.
    const headMatch = /^&?\s*([^\s(]*)/.exec(stage.trim());
    const head = headMatch?.[1] ?? '';
    const argText = stage
      .trim()
      .slice(headMatch?.[0].length ?? 0)
      .trim();
    const name = ALIASES[head.toLowerCase()] ?? head.toLowerCase();
    const args = splitWords(argText);
    const param = (...names: string[]) => parameter(args, names);
    const positional = () => args.find((a, i) => !a.startsWith('-') && !(args[i - 1] ?? '').startsWith('-'));
    switch (name) {
      case 'invoke-expression': {
        const source = input ?? (await this.value(argText, ctx, depth));
        if (source === null) return { status: 1, output: null };
        const status = await this.run(source, ctx, depth + 1);
        return { status, output: null };
      }
      case 'invoke-webrequest':
      case 'invoke-restmethod': {
        const url = param('uri', 'u') ?? positional();
        if (!url) {
          ctx.stderr(
            errorRecord(
              stage,
              "Cannot bind parameter because parameter 'Uri' is missing.",
              'InvalidArgument',
              'MissingArgument,Microsoft.PowerShell.Commands.InvokeWebRequestCommand',
            ),
          );
          return { status: 1, output: null };
        }
        const outFile = param('outfile', 'o', 'out');
        const outcome = await download(ctx, url, 'powershell', outFile ?? null);
        if (!outcome.ok) {
          ctx.stderr(
            errorRecord(
              stage,
              webError(outcome.error, url),
              'InvalidOperation',
              'WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeWebRequestCommand',
              `System.Net.HttpWebRequest`,
            ),
          );
          return { status: 1, output: null };
        }
        if (outFile !== null) return { status: 0, output: null };
        const body = outcome.body.toString('utf8');
        if (name === 'invoke-restmethod') return { status: 0, output: `${body}\r\n` };
        return {
          status: 0,
          output: `\r\n\r\nStatusCode        : ${outcome.status}\r\nStatusDescription : OK\r\nContent           : ${body.slice(0, 60).replace(/\r?\n/g, ' ')}...\r\nRawContentLength  : ${outcome.body.length}\r\n\r\n\r\n`,
        };
      }
      case 'start-bitstransfer': {
        const url = param('source') ?? positional();
        if (!url) return { status: 1, output: null };
        const destination = param('destination') ?? fileNameOf(url);
        const outcome = await download(ctx, url, 'powershell', destination);
        if (!outcome.ok) {
          ctx.stderr(
            errorRecord(
              stage,
              'The server name or address could not be resolved',
              'InvalidOperation',
              'StartBitsTransferCOMException,Microsoft.BackgroundIntelligentTransfer.Management.NewBitsTransferCommand',
            ),
          );
          return { status: 1, output: null };
        }
        return { status: 0, output: null };
      }
      case 'write-output':
      case 'write-host': {
        const text = args
          .filter((a) => !/^-(foregroundcolor|backgroundcolor|nonewline)$/i.test(a))
          .map((a) => this.expand(unquote(a), ctx, !a.startsWith("'")))
          .join(' ');
        return { status: 0, output: `${input ?? text}\r\n` };
      }
      case 'get-location':
        return { status: 0, output: `\r\nPath\r\n----\r\n${ctx.cwd}\r\n\r\n\r\n` };
      case 'set-location': {
        const target = unquote(param('path') ?? positional() ?? '~');
        const resolved = target === '~' ? (ctx.env.get('USERPROFILE') ?? ctx.cwd) : target;
        if (!ctx.chdir(resolved)) {
          ctx.stderr(
            errorRecord(
              stage,
              `Cannot find path '${ctx.drive.resolve(resolved)}' because it does not exist.`,
              'ObjectNotFound',
              'PathNotFound,Microsoft.PowerShell.Commands.SetLocationCommand',
            ),
          );
          return { status: 1, output: null };
        }
        return { status: 0, output: null };
      }
      case 'get-content': {
        const path = unquote(param('path') ?? positional() ?? '');
        try {
          return {
            status: 0,
            output: ctx.drive
              .read(path)
              .toString('utf8')
              .replace(/\r?\n?$/, '\r\n'),
          };
        } catch {
          ctx.stderr(
            errorRecord(
              stage,
              `Cannot find path '${ctx.drive.resolve(path)}' because it does not exist.`,
              'ObjectNotFound',
              'PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand',
            ),
          );
          return { status: 1, output: null };
        }
      }
      case 'set-content':
      case 'add-content':
      case 'out-file': {
        const path = unquote(param('path', 'filepath') ?? positional() ?? '');
        const value = input ?? unquote(param('value') ?? '');
        try {
          ctx.drive.write(path, Buffer.from(`${value.replace(/\r?\n$/, '')}\r\n`, 'utf8'), {
            append: name === 'add-content',
          });
          return { status: 0, output: null };
        } catch (err) {
          ctx.stderr(
            errorRecord(
              stage,
              driveMessage(err),
              'WriteError',
              'GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands.SetContentCommand',
            ),
          );
          return { status: 1, output: null };
        }
      }
      case 'remove-item': {
        const path = unquote(param('path') ?? positional() ?? '');
        try {
          ctx.drive.remove(path, { recursive: args.some((a) => /^-r(ecurse)?$/i.test(a)) });
          return { status: 0, output: null };
        } catch {
          ctx.stderr(
            errorRecord(
              stage,
              `Cannot find path '${ctx.drive.resolve(path)}' because it does not exist.`,
              'ObjectNotFound',
              'PathNotFound,Microsoft.PowerShell.Commands.RemoveItemCommand',
            ),
          );
          return { status: 1, output: null };
        }
      }
      case 'new-item':
      case 'new-item-directory': {
        const path = unquote(param('path', 'name') ?? positional() ?? '');
        const directory = name === 'new-item-directory' || /directory/i.test(param('itemtype', 'type') ?? '');
        try {
          if (directory) ctx.drive.mkdir(path);
          else ctx.drive.write(path, Buffer.alloc(0));
        } catch (err) {
          ctx.stderr(
            errorRecord(
              stage,
              driveMessage(err),
              'WriteError',
              'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand',
            ),
          );
          return { status: 1, output: null };
        }
        return { status: 0, output: null };
      }
      case 'get-childitem':
        return { status: 0, output: this.listing(ctx, unquote(param('path') ?? positional() ?? '.')) };
      case 'get-process':
      case 'get-service':
      case 'get-wmiobject':
      case 'get-ciminstance':
      case 'get-computerinfo':
        return { status: await this.native(this.nativeFor(name, args), ctx), output: null };
      case 'start-sleep': {
        const seconds = Number(param('seconds', 's') ?? positional() ?? '0');
        const ms = Number(param('milliseconds', 'm') ?? '0');
        await ctx.sleep(
          Math.max(0, (Number.isFinite(seconds) ? seconds * 1000 : 0) + (Number.isFinite(ms) ? ms : 0)),
        );
        return { status: 0, output: null };
      }
      case '$psversiontable':
        return { status: 0, output: psVersionTable(ctx) };
      case 'get-host':
        return {
          status: 0,
          output: '\r\n\r\nName             : ConsoleHost\r\nVersion          : 5.1.17763.6659\r\n\r\n\r\n',
        };
      default:
        break;
    }
    if (SILENT.has(name)) return { status: 0, output: null };
    if (/^\$/.test(head)) return { status: 0, output: `${this.expand(head, ctx, true)}\r\n` };
    if (/^['"]/.test(head))
      return { status: 0, output: `${this.expand(unquote(stage), ctx, stage.startsWith('"'))}\r\n` };
    if (ctx.shell.isProgram(head)) {
      return { status: await this.native(stage.replace(/^&\s*/, ''), ctx), output: null };
    }
    ctx.stderr(
      errorRecord(
        stage,
        `The term '${head}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
        'ObjectNotFound',
        'CommandNotFoundException',
      ),
    );
    return { status: 1, output: null };
  }

  /** The cmd line a read cmdlet maps onto (their tables are close enough to the native tools'). */
  private nativeFor(name: string, args: readonly string[]): string {
    switch (name) {
      case 'get-process':
        return 'tasklist';
      case 'get-service':
        return 'sc query';
      case 'get-computerinfo':
        return 'systeminfo';
      default: {
        const cls = (args.find((a) => /^win32_/i.test(a)) ?? 'win32_operatingsystem').toLowerCase();
        const alias = {
          win32_operatingsystem: 'os',
          win32_process: 'process',
          win32_service: 'service',
          win32_computersystem: 'computersystem',
          win32_useraccount: 'useraccount',
          win32_quickfixengineering: 'qfe',
          win32_logicaldisk: 'logicaldisk',
          win32_shadowcopy: 'shadowcopy',
        }[cls];
        return `wmic ${alias ?? 'os'} list full`;
      }
    }
  }

  private native(line: string, ctx: CmdContext): Promise<number> {
    return ctx.run(line);
  }

  private listing(ctx: CmdContext, target: string): string | null {
    try {
      const path = ctx.drive.resolve(target);
      const entries = ctx.drive.list(path).filter((e) => !e.attributes.hidden);
      const rows = entries.map((e) => {
        const d = new Date(e.stat.mtimeMs);
        const hours = d.getUTCHours();
        const when = `${String(d.getUTCMonth() + 1).padStart(2)}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}  ${String(hours % 12 || 12).padStart(2)}:${String(d.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
        const mode = `${e.stat.type === 'dir' ? 'd' : '-'}${e.attributes.archive ? 'a' : '-'}${e.attributes.readOnly ? 'r' : '-'}${e.attributes.hidden ? 'h' : '-'}${e.attributes.system ? 's' : '-'}-`;
        return `${mode.padEnd(14)}${when}${(e.stat.type === 'dir' ? '' : String(e.stat.size)).padStart(15)} ${e.name}`;
      });
      return `\r\n\r\n    Directory: ${path}\r\n\r\n\r\nMode                LastWriteTime         Length Name\r\n----                -------------         ------ ----\r\n${rows.join('\r\n')}\r\n\r\n\r\n`;
    } catch {
      ctx.stderr(
        errorRecord(
          `Get-ChildItem ${target}`,
          `Cannot find path '${ctx.drive.resolve(target)}' because it does not exist.`,
          'ObjectNotFound',
          'PathNotFound,Microsoft.PowerShell.Commands.GetChildItemCommand',
        ),
      );
      return null;
    }
  }
}

function webError(error: string, url: string): string {
  const host = url.replace(/^[a-z]+:\/\//i, '').replace(/[/:?#].*$/, '');
  switch (error) {
    case 'unresolved':
      return `The remote name could not be resolved: '${host}'`;
    case 'refused':
      return 'Unable to connect to the remote server';
    case 'not_found':
      return 'The remote server returned an error: (404) Not Found.';
    case 'write_failed':
      return 'Access to the path is denied.';
    default:
      return 'The operation has timed out';
  }
}

function psVersionTable(ctx: CmdContext): string {
  const release = releaseOf(ctx.machine);
  const build = `10.0.${release.build}.${release.version.split('.')[3] ?? '1'}`;
  return [
    '',
    'Name                           Value',
    '----                           -----',
    `PSVersion                      5.1.${release.build}.${release.version.split('.')[3] ?? '1'}`,
    'PSEdition                      Desktop',
    'PSCompatibleVersions           {1.0, 2.0, 3.0, 4.0...}',
    `BuildVersion                   ${build}`,
    'CLRVersion                     4.0.30319.42000',
    'WSManStackVersion              3.0',
    'PSRemotingProtocolVersion      2.3',
    'SerializationVersion           1.1.0.1',
    '',
    '',
  ].join('\r\n');
}

/** `-Name value` or `-Name:value`, matching any prefix PowerShell would accept for these names. */
function parameter(args: readonly string[], names: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const m = /^-(\w+)(?::(.*))?$/.exec(arg);
    if (!m) continue;
    const given = (m[1] as string).toLowerCase();
    if (!names.some((n) => n === given || (given.length >= 2 && n.startsWith(given)))) continue;
    if (m[2] !== undefined) return unquote(m[2]);
    const next = args[i + 1];
    return next === undefined ? null : unquote(next);
  }
  return null;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))))
    return t.slice(1, -1);
  return t;
}

/** Statements split at `;` and line ends outside quotes, parentheses and braces. */
export function splitStatements(script: string): string[] {
  return splitOutside(script, (ch) => ch === ';' || ch === '\n' || ch === '\r');
}

function splitPipeline(statement: string): string[] {
  return splitOutside(statement, (ch) => ch === '|');
}

function splitOutside(text: string, isSeparator: (ch: string) => boolean): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  let depth = 0;
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '{') depth++;
    else if ((ch === ')' || ch === '}') && depth > 0) depth--;
    else if (depth === 0 && isSeparator(ch)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}

/** Words at blanks outside quotes and parentheses (quotes kept, for the caller to read). */
function splitWords(text: string): string[] {
  return splitOutside(text.trim(), (ch) => ch === ' ' || ch === '\t').map((w) => w.trim());
}
