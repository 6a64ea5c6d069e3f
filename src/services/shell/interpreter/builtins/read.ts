/**
 * `read` (bash(1) "read"): one line from standard input (or `-u fd`), split on $IFS into the names, the
 * last name taking the rest; REPLY when no name is given. Without `-r`, backslash escapes the next
 * character and joins continued lines.
 */
import type { BuiltinContext } from '../shell.js';
import { VALID_NAME } from '../variables.js';

const DEFAULT_IFS = ' \t\n';

interface Options {
  raw: boolean;
  delimiter: string;
  count: number | null;
  exact: boolean;
  prompt: string | null;
  fd: number;
  array: string | null;
  names: string[];
}

function parseOptions(ctx: BuiltinContext): Options | string {
  const o: Options = {
    raw: false,
    delimiter: '\n',
    count: null,
    exact: false,
    prompt: null,
    fd: 0,
    array: null,
    names: [],
  };
  const args = ctx.argv.slice(1);
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j] as string;
      if (flag === 'r') o.raw = true;
      else if (flag === 's' || flag === 'e') continue;
      else if ('dnNptua'.includes(flag)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return `${flag}: option requires an argument`;
        if (flag === 'd') o.delimiter = value === '' ? '\0' : (value[0] as string);
        else if (flag === 'n' || flag === 'N') {
          if (!/^[0-9]+$/.test(value)) return `${value}: invalid number`;
          o.count = Number(value);
          o.exact = flag === 'N';
        } else if (flag === 'p') o.prompt = value;
        else if (flag === 'u') {
          if (!/^[0-9]+$/.test(value)) return `${value}: invalid file descriptor specification`;
          o.fd = Number(value);
        } else if (flag === 'a') o.array = value;
        break;
      } else return `-${flag}: invalid option`;
    }
  }
  o.names = args.slice(i);
  return o;
}

export function read(ctx: BuiltinContext): number {
  const { shell } = ctx;
  const options = parseOptions(ctx);
  if (typeof options === 'string') {
    ctx.error(options);
    ctx.err(
      'read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n',
    );
    return 2;
  }
  for (const name of options.names) {
    if (!VALID_NAME.test(name)) {
      ctx.error(`\`${name}': not a valid identifier`);
      return 1;
    }
  }
  if (options.prompt !== null && shell.state.mode === 'interactive') ctx.err(options.prompt);
  const input = ctx.fds.input(options.fd);
  let line = '';
  let complete = true;
  if (options.count !== null) {
    const delimiter = options.exact ? -1 : options.delimiter.charCodeAt(0);
    while (line.length < options.count) {
      const byte = input.readBytes(1);
      if (byte === null) {
        complete = false;
        break;
      }
      if (byte.charCodeAt(0) === delimiter) break;
      line += byte;
    }
  } else {
    for (;;) {
      const got = input.readUntil(options.delimiter.charCodeAt(0));
      if (got === null) {
        complete = false;
        break;
      }
      // An odd number of trailing backslashes continues the line (without -r).
      if (!options.raw && got.terminated && /(^|[^\\])(\\\\)*\\$/.test(got.bytes)) {
        line += got.bytes.slice(0, -1);
        continue;
      }
      line += got.bytes;
      complete = got.terminated;
      break;
    }
  }
  if (!complete && line === '') {
    assignFields(ctx, options, '');
    return 1;
  }
  if (!options.raw) line = line.replace(/\\(.)/gs, '$1').replace(/\\$/, '');
  assignFields(ctx, options, line);
  return complete ? 0 : 1;
}

function assignFields(ctx: BuiltinContext, options: Options, line: string): void {
  const { shell } = ctx;
  const names = options.array !== null ? [options.array] : options.names;
  if (names.length === 0) {
    shell.assign('REPLY', line);
    return;
  }
  const ifs = shell.lookup('IFS') ?? DEFAULT_IFS;
  const isWhite = (c: string) => ifs.includes(c) && DEFAULT_IFS.includes(c);
  let rest = line;
  const trimStart = () => {
    let k = 0;
    while (k < rest.length && isWhite(rest[k] as string)) k++;
    rest = rest.slice(k);
  };
  trimStart();
  names.forEach((name, index) => {
    if (index === names.length - 1) {
      let end = rest.length;
      while (end > 0 && isWhite(rest[end - 1] as string)) end--;
      shell.assign(name, rest.slice(0, end));
      return;
    }
    let k = 0;
    while (k < rest.length && !ifs.includes(rest[k] as string)) k++;
    shell.assign(name, rest.slice(0, k));
    rest = rest.slice(k);
    trimStart();
    if (rest.length > 0 && ifs.includes(rest[0] as string) && !isWhite(rest[0] as string)) {
      rest = rest.slice(1);
      trimStart();
    }
  });
}
