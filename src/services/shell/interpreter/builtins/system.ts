/** `umask`, `ulimit`, `trap`, `let`, `shopt`, `times`, `builtin` and `help` (bash(1) SHELL BUILTIN COMMANDS). */
import { ExpansionError } from '../expansion.js';
import type { Builtin, BuiltinContext } from '../shell.js';
import { evaluateArithmeticText } from '../shell.js';
import { singleQuote } from './quote.js';

export function umask(ctx: BuiltinContext): number {
  const { state } = ctx.shell;
  const args = ctx.argv.slice(1);
  const symbolic = args[0] === '-S';
  if (symbolic || args[0] === '-p') args.shift();
  const mode = args[0];
  if (mode === undefined) {
    if (symbolic) {
      const allowed = (shift: number) => {
        const bits = (~state.umask >> shift) & 7;
        return `${bits & 4 ? 'r' : ''}${bits & 2 ? 'w' : ''}${bits & 1 ? 'x' : ''}`;
      };
      ctx.out(`u=${allowed(6)},g=${allowed(3)},o=${allowed(0)}\n`);
    } else ctx.out(`${state.umask.toString(8).padStart(4, '0')}\n`);
    return 0;
  }
  if (!/^[0-7]{1,4}$/.test(mode)) {
    ctx.error(`${mode}: octal number out of range`);
    return 1;
  }
  state.umask = Number.parseInt(mode, 8) & 0o777;
  return 0;
}

/** `ulimit -a`'s rows: description, unit, flag, and the value a stock install reports. */
function limitsTable(memoryKiB: number): Array<[string, string, string]> {
  const processes = String(Math.round(memoryKiB / 264.3));
  return [
    ['core file size              (blocks, -c)', 'c', '0'],
    ['data seg size               (kbytes, -d)', 'd', 'unlimited'],
    ['scheduling priority                 (-e)', 'e', '0'],
    ['file size                   (blocks, -f)', 'f', 'unlimited'],
    ['pending signals                     (-i)', 'i', processes],
    ['max locked memory           (kbytes, -l)', 'l', '65536'],
    ['max memory size             (kbytes, -m)', 'm', 'unlimited'],
    ['open files                          (-n)', 'n', '1024'],
    ['pipe size                (512 bytes, -p)', 'p', '8'],
    ['POSIX message queues         (bytes, -q)', 'q', '819200'],
    ['real-time priority                  (-r)', 'r', '0'],
    ['stack size                  (kbytes, -s)', 's', '8192'],
    ['cpu time                   (seconds, -t)', 't', 'unlimited'],
    ['max user processes                  (-u)', 'u', processes],
    ['virtual memory              (kbytes, -v)', 'v', 'unlimited'],
    ['file locks                          (-x)', 'x', 'unlimited'],
  ];
}

export function ulimit(ctx: BuiltinContext): number {
  const table = limitsTable(ctx.shell.runtime.machine.memoryKiB);
  const args = ctx.argv.slice(1);
  let flag = 'f';
  let value: string | undefined;
  for (const arg of args) {
    if (arg === '-a') {
      for (const [label, , v] of table) ctx.out(`${label} ${v}\n`);
      return 0;
    }
    if (/^-[HS]+$/.test(arg)) continue;
    if (/^-[A-Za-z]+$/.test(arg)) flag = arg.slice(-1);
    else value = arg;
  }
  const row = table.find(([, f]) => f === flag);
  if (!row) {
    ctx.error(`-${flag}: invalid option`);
    return 2;
  }
  if (value === undefined) {
    ctx.out(`${row[2]}\n`);
    return 0;
  }
  if (value !== 'unlimited' && !/^[0-9]+$/.test(value)) {
    ctx.error(`${value}: invalid number`);
    return 1;
  }
  return 0;
}

const SIGNALS: ReadonlyArray<[string, number]> = [
  ['HUP', 1],
  ['INT', 2],
  ['QUIT', 3],
  ['ILL', 4],
  ['TRAP', 5],
  ['ABRT', 6],
  ['BUS', 7],
  ['FPE', 8],
  ['KILL', 9],
  ['USR1', 10],
  ['SEGV', 11],
  ['USR2', 12],
  ['PIPE', 13],
  ['ALRM', 14],
  ['TERM', 15],
  ['CHLD', 17],
  ['CONT', 18],
  ['STOP', 19],
  ['TSTP', 20],
  ['TTIN', 21],
  ['TTOU', 22],
  ['URG', 23],
  ['XCPU', 24],
  ['XFSZ', 25],
  ['VTALRM', 26],
  ['PROF', 27],
  ['WINCH', 28],
  ['IO', 29],
  ['PWR', 30],
  ['SYS', 31],
];

/** A signal as `trap` names it (`SIGINT`, `EXIT`, `ERR` …), or null. */
function signalName(spec: string): string | null {
  const upper = spec.toUpperCase();
  if (upper === 'EXIT' || upper === '0') return 'EXIT';
  if (['ERR', 'DEBUG', 'RETURN'].includes(upper)) return upper;
  const bare = upper.replace(/^SIG/, '');
  const found = SIGNALS.find(([name, n]) => name === bare || String(n) === spec);
  return found ? `SIG${found[0]}` : null;
}

export function trap(ctx: BuiltinContext): number {
  const traps = ctx.shell.state.traps;
  const args = ctx.argv.slice(1);
  if (args[0] === '-l') {
    ctx.out(`${SIGNALS.map(([name, n]) => `${String(n).padStart(2)}) SIG${name}`).join('\t')}\n`);
    return 0;
  }
  if (args.length === 0 || args[0] === '-p') {
    for (const [signal, action] of traps) ctx.out(`trap -- ${singleQuote(action)} ${signal}\n`);
    return 0;
  }
  if (args[0] === '--') args.shift();
  let action: string | null = args.shift() ?? null;
  if (action !== null && args.length === 0 && signalName(action) !== null) {
    args.push(action);
    action = '-';
  }
  let status = 0;
  for (const spec of args) {
    const name = signalName(spec);
    if (name === null) {
      ctx.error(`${spec}: invalid signal specification`);
      status = 1;
      continue;
    }
    if (action === '-') traps.delete(name);
    else traps.set(name, action ?? '');
  }
  return status;
}

export function let_(ctx: BuiltinContext): number {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    ctx.error('expression expected');
    return 1;
  }
  let last = 0n;
  for (const expr of args) {
    try {
      last = evaluateArithmeticText(expr, ctx.shell);
    } catch (err) {
      if (!(err instanceof ExpansionError)) throw err;
      ctx.error(err.message);
      return 1;
    }
  }
  return last === 0n ? 1 : 0;
}

export function shopt(ctx: BuiltinContext): number {
  const args = ctx.argv.slice(1);
  if (args.length === 0 || (/^-[sup]$/.test(args[0] as string) && args.length === 1)) return 0;
  if (/^-[suqo]+$/.test(args[0] as string)) return 0;
  for (const name of args) ctx.out(`${name.padEnd(15)}\toff\n`);
  return 1;
}

export function times(ctx: BuiltinContext): number {
  ctx.out('0m0.012s 0m0.004s\n0m0.000s 0m0.000s\n');
  return 0;
}

export function makeBuiltin(builtins: ReadonlyMap<string, Builtin>) {
  return async function builtin(ctx: BuiltinContext): Promise<number> {
    const name = ctx.argv[1];
    if (name === undefined) return 0;
    const target = builtins.get(name);
    if (!target) {
      ctx.error(`${name}: not a shell builtin`);
      return 1;
    }
    return ctx.shell.runBuiltin(target, ctx.argv.slice(1), ctx.fds);
  };
}

/** `enable`: lists the builtins (`enable NAME`); enabling or disabling one is accepted and changes nothing. */
export function makeEnable(names: ReadonlySet<string>) {
  return function enable(ctx: BuiltinContext): number {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (args.length === 0) {
      for (const name of [...names].sort()) ctx.out(`enable ${name}\n`);
      return 0;
    }
    let status = 0;
    for (const name of args) {
      if (!names.has(name)) {
        ctx.error(`${name}: not a shell builtin`);
        status = 1;
      }
    }
    return status;
  };
}

/** One-line synopses `help` lists (bash's own wording). */
const SYNOPSES: ReadonlyArray<[string, string]> = [
  [':', ': [arguments]'],
  ['.', '. filename [arguments]'],
  ['[', '[ arg... ]'],
  ['alias', 'alias [-p] [name[=value] ... ]'],
  ['break', 'break [n]'],
  ['builtin', 'builtin [shell-builtin [arg ...]]'],
  ['cd', 'cd [-L|[-P [-e]] [-@]] [dir]'],
  ['command', 'command [-pVv] command [arg ...]'],
  ['continue', 'continue [n]'],
  ['declare', 'declare [-aAfFgiIlnrtux] [-p] [name[=value] ...]'],
  ['echo', 'echo [-neE] [arg ...]'],
  ['eval', 'eval [arg ...]'],
  ['exec', 'exec [-cl] [-a name] [command [argument ...]] [redirection ...]'],
  ['exit', 'exit [n]'],
  ['export', 'export [-fn] [name[=value] ...] or export -p'],
  ['false', 'false'],
  ['hash', 'hash [-lr] [-p pathname] [-dt] [name ...]'],
  ['help', 'help [-dms] [pattern ...]'],
  ['history', 'history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]'],
  ['jobs', 'jobs [-lnprs] [jobspec ...] or jobs -x command [args]'],
  ['let', 'let arg [arg ...]'],
  ['local', 'local [option] name[=value] ...'],
  ['logout', 'logout [n]'],
  ['printf', 'printf [-v var] format [arguments]'],
  ['pwd', 'pwd [-LP]'],
  [
    'read',
    'read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]',
  ],
  ['readonly', 'readonly [-aAf] [name[=value] ...] or readonly -p'],
  ['return', 'return [n]'],
  ['set', 'set [-abefhkmnptuvxBCHP] [-o option-name] [--] [arg ...]'],
  ['shift', 'shift [n]'],
  ['source', 'source filename [arguments]'],
  ['test', 'test [expr]'],
  ['times', 'times'],
  ['trap', 'trap [-lp] [[arg] signal_spec ...]'],
  ['true', 'true'],
  ['type', 'type [-afptP] name [name ...]'],
  ['typeset', 'typeset [-aAfFgiIlnrtux] [-p] name[=value] ...'],
  ['ulimit', 'ulimit [-SHabcdefiklmnpqrstuvxPT] [limit]'],
  ['umask', 'umask [-p] [-S] [mode]'],
  ['unalias', 'unalias [-a] name [name ...]'],
  ['unset', 'unset [-f] [-v] [-n] [name ...]'],
  ['wait', 'wait [-fn] [-p var] [id ...]'],
];

export function help(ctx: BuiltinContext): number {
  const { dialect, machine } = ctx.shell.runtime;
  const topics = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (topics.length > 0) {
    let status = 1;
    for (const topic of topics) {
      const found = SYNOPSES.find(([name]) => name === topic);
      if (found) {
        ctx.out(`${found[0]}: ${found[1]}\n`);
        status = 0;
      }
    }
    if (status !== 0) {
      const t = topics[0] as string;
      ctx.error(`no help topics match \`${t}'.  Try \`help help' or \`man -k ${t}' or \`info ${t}'.`);
    }
    return status;
  }
  const version = dialect.bashVersion ?? '5.1.16(1)-release';
  ctx.out(
    `GNU bash, version ${version} (${machine.distro.arch}-pc-linux-gnu)\n` +
      "These shell commands are defined internally.  Type `help' to see this list.\n" +
      "Type `help name' to find out more about the function `name'.\n" +
      "Use `info bash' to find out more about the shell in general.\n" +
      "Use `man -k' or `info' to find out more about commands not in this list.\n\n" +
      'A star (*) next to a name means that the command is disabled.\n\n',
  );
  for (const [, synopsis] of SYNOPSES) ctx.out(` ${synopsis}\n`);
  return 0;
}
