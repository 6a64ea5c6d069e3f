/**
 * The interpreter: runs syntax trees with bash's semantics (bash(1) "SHELL GRAMMAR", "SIMPLE COMMAND
 * EXPANSION", "COMMAND EXECUTION", "REDIRECTION"). Nothing it does reaches the host: commands are the
 * CommandSpecs the session was given, files are the session's ShellFs.
 *
 * Every command, loop iteration and function call takes a step of the line's budget; a stopped line
 * unwinds with LineStop. Pipelines run stage after stage, each stage in a subshell reading the whole
 * output of the one before.
 */
import { isAbortError } from '../../../runtime/clock.js';
import type { CommandContext, CommandSpec, ShellVariables } from '../command.js';
import { FS_ERROR_TEXT, ShellFsError } from '../filesystem.js';
import { basename, resolvePath } from '../path.js';
import type {
  AndOr,
  Assignment,
  CaseCommand,
  CommandNode,
  CompoundCommand,
  CondExpr,
  FunctionDef,
  ListNode,
  Pipeline,
  Redirect,
  SimpleCommand,
  Word,
} from '../syntax/ast.js';
import { bufferOf, bytesOf, toBytes, toText } from '../syntax/bytes.js';
import { ParseError } from '../syntax/errors.js';
import { Parser } from '../syntax/parser.js';
import { permits } from './access.js';
import { ArithError, evaluateArithmetic } from './arithmetic.js';
import { LineBudget, LineStop } from './budget.js';
import { ALSO_EXTERNAL, BUILTINS } from './builtins/index.js';
import { shellQuote } from './builtins/quote.js';
import { fileTest, isFileTest } from './builtins/test.js';
import { Expander, ExpansionError, type ExpansionHost } from './expansion.js';
import { Collector, type Fd, Fds, InputStream, NULL_SINK, type OutputSink } from './io.js';
import { Regex, RegexError } from './regex.js';
import type { ShellRuntime } from './runtime.js';
import { ExitSignal, LoopSignal, ReturnSignal, SIGINT_STATUS, SIGPIPE_STATUS, StageStop } from './signals.js';
import type { ShellState } from './state.js';
import { ReadonlyVariableError, VariableLimitError } from './variables.js';

export interface BuiltinContext {
  /** argv[0] is the builtin's name; every string is bytes. */
  readonly argv: readonly string[];
  readonly shell: Shell;
  readonly fds: Fds;
  /** Writes bytes to standard output. */
  out(text: string): void;
  /** Writes bytes to standard error. */
  err(text: string): void;
  /** `bash: name: message` with this shell's prefix. */
  error(message: string): void;
}

export type Builtin = (ctx: BuiltinContext) => number | Promise<number>;

/** Where source text comes from, for how its syntax errors are reported. */
export type SourceKind = 'interactive' | 'command' | 'script' | 'eval';

const ROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Letters of `$-`, in the order bash prints them. */
const FLAG_ORDER = 'abefhikmnprtuvxBCHP';

interface ExpandedAssignment {
  name: string;
  value: string;
}

function isShellLike(interpreter: string): boolean {
  return /^(ba|da|a|k|z|mk)?sh$/.test(basename(interpreter));
}

/** ELF e_machine values each architecture runs natively (elf(5)); 32-bit code runs on 64-bit kernels. */
const NATIVE_MACHINES: Readonly<Record<string, readonly number[]>> = {
  x86_64: [62, 3],
  amd64: [62, 3],
  aarch64: [183, 40],
  armv7l: [40],
  mips: [8],
  i686: [3],
};

export class Shell {
  readonly expander: Expander;
  /** The descriptors of what is running now (where substitutions' errors go). */
  private fds: Fds | null = null;
  private readonly aliasesInUse = new Set<string>();

  constructor(
    readonly runtime: ShellRuntime,
    readonly state: ShellState,
    readonly budget: LineBudget,
    /** Aborts when this shell's reader went away (its pipe filled): the stage ends with SIGPIPE's status. */
    readonly pipeSignal: AbortSignal | null = null,
    /**
     * The pid of the background job this shell is part of; null in the session's own shell. Jobs it
     * starts share the job's budget, so a chain of them stays bounded, and belong to that job.
     */
    readonly jobPid: number | null = null,
  ) {
    this.expander = new Expander(this.expansionHost());
  }

  private expansionHost(): ExpansionHost {
    const shell = this;
    return {
      budget: this.budget,
      fs: this.runtime.fs,
      get cwd() {
        return shell.state.cwd;
      },
      maxBraceWords: this.runtime.limits.maxBraceWords,
      maxGlobMatches: this.runtime.limits.maxGlobMatches,
      lookup: (name) => this.lookup(name),
      assign: (name, value) => {
        try {
          this.assign(name, value);
        } catch (err) {
          if (err instanceof ReadonlyVariableError) throw new ExpansionError(`${name}: readonly variable`);
          throw err;
        }
      },
      positional: () => this.state.positional,
      homeOf: (user) => this.homeOf(user),
      substitute: (body) => this.substitute(body),
    };
  }

  // ---- variables -------------------------------------------------------------------------------

  /** A variable or special parameter, as `$name` reads it. */
  lookup(name: string): string | undefined {
    const { state, runtime } = this;
    switch (name) {
      case '?':
        return String(state.lastStatus);
      case '$':
        return String(runtime.pid);
      case '!':
        return state.lastBackgroundPid === undefined ? undefined : String(state.lastBackgroundPid);
      case '#':
        return String(state.positional.length);
      case '-':
        return this.flags();
      case '0':
        return state.name;
      case '@':
      case '*':
        return state.positional.join(' ');
      case 'RANDOM':
        return String(runtime.random());
      case 'SECONDS':
        return String(Math.floor((runtime.clock.now() - runtime.startMs) / 1000));
      case 'EPOCHSECONDS':
        return String(Math.floor(runtime.clock.now() / 1000));
      case 'EPOCHREALTIME':
        return (runtime.clock.now() / 1000).toFixed(6);
      case 'LINENO':
        return String(state.line);
      case 'BASHPID':
        return String(runtime.pid);
      case 'UID':
      case 'EUID':
        return String(state.user.uid);
      case 'BASH_SUBSHELL':
        return String(state.subshell);
    }
    if (/^[1-9][0-9]*$/.test(name)) return state.positional[Number(name) - 1];
    return state.vars.get(name);
  }

  private flags(): string {
    const on = new Set(this.state.options);
    on.add('h');
    on.add('B');
    if (this.state.mode === 'interactive') {
      on.add('i');
      on.add('m');
      on.add('H');
    }
    let out = '';
    for (const c of FLAG_ORDER) if (on.has(c)) out += c;
    if (this.state.mode === 'interactive') out += 's';
    if (this.state.mode === 'command') out += 'c';
    return out;
  }

  /** Assigns a shell variable (integer variables evaluate the value); throws ReadonlyVariableError. */
  assign(name: string, value: string, append = false): void {
    const vars = this.state.vars;
    const existing = vars.lookup(name);
    let next = value;
    if (existing?.integer) {
      const expr = append ? `${existing.value ?? '0'}+(${value})` : value;
      next = String(evaluateArithmeticText(expr, this));
    } else if (append) {
      next = (existing?.value ?? '') + value;
    }
    try {
      vars.set(name, next);
    } catch (err) {
      if (err instanceof VariableLimitError) {
        this.budget.stop('limit');
        throw new LineStop('limit');
      }
      throw err;
    }
  }

  homeOf(user: string): string | undefined {
    if (user === '') return toBytes(this.state.user.home);
    const account = this.runtime.accountFor(toText(user));
    if (account) return toBytes(account.home);
    try {
      const passwd = this.runtime.fs.readFile('/etc/passwd').toString('latin1');
      for (const line of passwd.split('\n')) {
        const fields = line.split(':');
        if (fields[0] === user && fields[5] !== undefined) return fields[5];
      }
    } catch {
      // No passwd file: the name stays unexpanded, as bash leaves ~nosuchuser.
    }
    return undefined;
  }

  // ---- messages --------------------------------------------------------------------------------

  /** How this shell prefixes its messages: `-bash: `, `bash: line 3: `, `./x.sh: line 3: `. */
  get prefix(): string {
    const { state } = this;
    const dialect = this.runtime.dialect;
    if (dialect.unprefixed) return '';
    if (state.sourceName !== undefined) return `${state.name}: ${state.sourceName}: line ${state.line}: `;
    if (state.mode === 'interactive') return `${state.name}: `;
    if (state.mode === 'command' && !dialect.lineInCommandErrors) return `${state.name}: `;
    return `${state.name}: line ${state.line}: `;
  }

  /** Prints `prefix + message` on standard error. */
  error(message: string, fds: Fds | null = this.fds): void {
    (fds?.stderr ?? NULL_SINK).write(bufferOf(`${this.prefix}${message}\n`));
  }

  private notFound(name: string, fds: Fds): number {
    const dialect = this.runtime.dialect;
    // bash shows a name with control characters quoted (the CRLF script's `$'\r': command not found`).
    const shown = /[\x00-\x1f\x7f]/.test(name) ? shellQuote(name) : name;
    const text = `${shown}: ${dialect.notFound}`;
    const bare = this.state.mode === 'interactive' && dialect.bareNotFoundWhenInteractive;
    fds.stderr.write(bufferOf(`${bare ? '' : this.prefix}${text}\n`));
    return 127;
  }

  /** bash's report of a syntax error, for the kind of source it was in. */
  reportParseError(err: ParseError, parser: Parser | null, kind: SourceKind, fds: Fds): void {
    const { state } = this;
    const dialect = this.runtime.dialect;
    const at = (line: number): string => {
      switch (kind) {
        case 'interactive':
          return `${state.name}: `;
        case 'command':
          return `${state.name}: -c: line ${dialect.lineInCommandErrors ? line : line - 1}: `;
        case 'script':
          return `${state.name}: line ${line}: `;
        case 'eval':
          return `${state.name}: eval: line ${line}: `;
      }
    };
    let out = `${at(err.line)}${err.message}\n`;
    if (err.kind === 'quote') out += `${at(err.line + 1)}syntax error: unexpected end of file\n`;
    if ((err.kind === 'token' || err.kind === 'other') && kind !== 'interactive' && parser) {
      out += `${at(err.line)}\`${parser.lexer.sourceLine(err.line)}'\n`;
    }
    fds.stderr.write(bufferOf(out));
  }

  // ---- running source text ---------------------------------------------------------------------

  /**
   * Runs source text one complete command at a time (a script, `bash -c`, `eval`, `source`), stopping
   * at a syntax error with status 2 as bash does.
   */
  async runSource(source: string, fds: Fds, kind: SourceKind, firstLine = 1): Promise<number> {
    const parser = new Parser(source, {
      maxDepth: this.runtime.limits.maxNestingDepth,
      interactive: false,
      firstLine,
    });
    let status = 0;
    let warned = 0;
    for (;;) {
      let list: ListNode | null;
      try {
        list = parser.nextCommand();
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        this.reportParseError(err, parser, kind, fds);
        this.state.lastStatus = 2;
        return 2;
      }
      for (; warned < parser.warnings.length; warned++) {
        const warning = parser.warnings[warned] as { line: number; message: string };
        this.state.line = warning.line;
        this.error(warning.message, fds);
      }
      if (list === null) return status;
      status = await this.runTop(list, fds);
    }
  }

  /** Runs one complete command; an expansion error stops it with status 1 (bash(1) "EXPANSION"). */
  async runTop(list: ListNode, fds: Fds): Promise<number> {
    try {
      return await this.runList(list, fds);
    } catch (err) {
      if (!(err instanceof ExpansionError)) throw err;
      this.error(err.message, fds);
      this.state.lastStatus = 1;
      if (err.fatal && this.state.mode !== 'interactive') throw new ExitSignal(1);
      return 1;
    }
  }

  // ---- lists, pipelines ------------------------------------------------------------------------

  async runList(list: ListNode, fds: Fds): Promise<number> {
    let status = this.state.lastStatus;
    for (const item of list.items) {
      if (item.background) {
        status = this.startBackground(item, fds);
        this.state.lastStatus = status;
      } else status = await this.runAndOr(item, fds);
    }
    return status;
  }

  async runAndOr(item: AndOr, fds: Fds): Promise<number> {
    let status = await this.runPipeline(item.first, fds);
    for (const { op, pipeline } of item.rest) {
      if ((op === '&&') === (status === 0)) status = await this.runPipeline(pipeline, fds);
    }
    return status;
  }

  private async runPipeline(pipeline: Pipeline, fds: Fds): Promise<number> {
    const started = this.runtime.clock.now();
    let status: number;
    if (pipeline.commands.length > this.runtime.limits.maxPipelineStages) {
      this.budget.stop('limit');
      throw new LineStop('limit');
    }
    if (pipeline.commands.length === 0) status = 0;
    else if (pipeline.commands.length === 1)
      status = await this.runCommand(pipeline.commands[0] as CommandNode, fds);
    else status = await this.runStages(pipeline, fds);
    if (pipeline.negated) status = status === 0 ? 1 : 0;
    this.state.lastStatus = status;
    if (pipeline.timed) this.printTimes(this.runtime.clock.now() - started, fds);
    return status;
  }

  /** `time`'s report (bash's default TIMEFORMAT); the fake machine spends no CPU time. */
  private printTimes(elapsedMs: number, fds: Fds): void {
    const format = (ms: number): string => `${Math.floor(ms / 60_000)}m${((ms % 60_000) / 1000).toFixed(3)}s`;
    fds.stderr.write(bufferOf(`\nreal\t${format(elapsedMs)}\nuser\t0m0.001s\nsys\t0m0.000s\n`));
  }

  private async runStages(pipeline: Pipeline, fds: Fds): Promise<number> {
    let input = fds.input(0);
    let status = 0;
    const last = pipeline.commands.length - 1;
    for (let i = 0; i <= last; i++) {
      const reader = new AbortController();
      const pipe = i < last ? new Collector(this.runtime.limits.maxPipeBytes, () => reader.abort()) : null;
      let stageFds = fds.with(0, { kind: 'in', stream: input });
      if (pipe) {
        stageFds = stageFds.with(1, { kind: 'out', sink: pipe });
        if (pipeline.pipeStderr[i]) stageFds = stageFds.with(2, { kind: 'out', sink: pipe });
      }
      const signal = this.pipeSignal ? AbortSignal.any([this.pipeSignal, reader.signal]) : reader.signal;
      const stage = new Shell(this.runtime, this.state.clone(), this.budget, signal, this.jobPid);
      status = await stage.runIsolated(() => stage.runCommand(pipeline.commands[i] as CommandNode, stageFds));
      input = new InputStream(pipe ? pipe.bytes() : Buffer.alloc(0));
    }
    return status;
  }

  /** Runs in this (sub)shell and turns its own `exit` or a closed pipe into a status. */
  async runIsolated(run: () => Promise<number>): Promise<number> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof ExitSignal) return err.status;
      if (err instanceof StageStop) return SIGPIPE_STATUS;
      if (err instanceof LoopSignal || err instanceof ReturnSignal) return this.state.lastStatus;
      throw err;
    }
  }

  private startBackground(item: AndOr, fds: Fds): number {
    const { runtime, state } = this;
    if (runtime.jobs.running >= runtime.limits.maxBackgroundJobs) {
      this.error('fork: retry: Resource temporarily unavailable', fds);
      return 254;
    }
    const pid = runtime.nextPid();
    const budget =
      this.jobPid !== null ? this.budget : new LineBudget(runtime.limits, runtime.clock, runtime.signal);
    const job = new Shell(runtime, state.clone(), budget, null, pid);
    const jobFds = fds.with(0, { kind: 'in', stream: new InputStream() });
    const run = (async () => {
      try {
        return await job.runIsolated(() => job.runAndOr({ ...item, background: false }, jobFds));
      } catch (err) {
        if (err instanceof LineStop) return err.reason === 'interrupt' ? SIGINT_STATUS : 143;
        if (err instanceof ExpansionError) {
          job.error(err.message, jobFds);
          return 1;
        }
        runtime.internalError(err);
        return 1;
      } finally {
        if (budget !== this.budget) budget.dispose();
      }
    })();
    const entry = runtime.jobs.add(pid, this.jobPid, item.source, budget, run);
    state.lastBackgroundPid = pid;
    if (state.mode === 'interactive' && this.jobPid === null)
      fds.stderr.write(bufferOf(`[${entry.id}] ${pid}\n`));
    return 0;
  }

  // ---- commands --------------------------------------------------------------------------------

  async runCommand(node: CommandNode, fds: Fds): Promise<number> {
    const outer = this.fds;
    this.fds = fds;
    try {
      switch (node.type) {
        case 'simple':
          return await this.runSimple(node, fds);
        case 'function':
          this.state.functions.set(node.name, node);
          this.state.lastStatus = 0;
          return 0;
        default:
          return await this.runCompound(node, fds);
      }
    } finally {
      this.fds = outer;
    }
  }

  /** One step of the line's budget, and the pipe check of this stage. */
  async step(): Promise<void> {
    await this.budget.step();
    if (this.pipeSignal?.aborted) throw new StageStop();
  }

  private async runCompound(node: CompoundCommand, fds: Fds): Promise<number> {
    await this.step();
    const opened = await this.openRedirects(node.redirects, fds);
    if (!opened) {
      this.state.lastStatus = 1;
      return 1;
    }
    try {
      const status = await this.runCompoundBody(node, opened.fds);
      this.state.lastStatus = status;
      return status;
    } finally {
      opened.close();
    }
  }

  private async runCompoundBody(node: CompoundCommand, fds: Fds): Promise<number> {
    switch (node.type) {
      case 'group':
        return this.runList(node.body, fds);
      case 'subshell': {
        const sub = new Shell(this.runtime, this.state.clone(), this.budget, this.pipeSignal, this.jobPid);
        return sub.runIsolated(() => sub.runList(node.body, fds));
      }
      case 'if': {
        for (const clause of node.clauses) {
          if ((await this.runList(clause.condition, fds)) === 0) return this.runList(clause.body, fds);
        }
        return node.elseBody ? this.runList(node.elseBody, fds) : 0;
      }
      case 'for': {
        const items = node.items ? await this.expander.allFields(node.items) : [...this.state.positional];
        return this.loop(async (iteration) => {
          if (iteration >= items.length) return 'stop';
          this.assignOrFail(node.name, items[iteration] as string);
          return this.runList(node.body, fds);
        });
      }
      case 'arith-for': {
        this.state.line = node.line;
        await this.expander.arithmetic(node.init);
        return this.loop(async (iteration) => {
          if (iteration > 0) await this.expander.arithmetic(node.step);
          const go =
            node.condition.parts.length === 0 || (await this.expander.arithmetic(node.condition)) !== 0n;
          if (!go) return 'stop';
          return this.runList(node.body, fds);
        });
      }
      case 'while':
        return this.loop(async () => {
          const condition = await this.runList(node.condition, fds);
          if ((condition === 0) === node.until) return 'stop';
          return this.runList(node.body, fds);
        });
      case 'case':
        return this.runCase(node, fds);
      case 'cond': {
        this.state.line = node.line;
        try {
          return (await this.evaluateCond(node.expr)) ? 0 : 1;
        } catch (err) {
          if (err instanceof RegexError) return 2;
          throw err;
        }
      }
      case 'arith-cmd':
        this.state.line = node.line;
        return (await this.expander.arithmetic(node.expr)) !== 0n ? 0 : 1;
    }
  }

  /** Runs loop iterations until the body says stop, handling `break` and `continue` (bash(1) "break"). */
  private async loop(iteration: (n: number) => Promise<number | 'stop'>): Promise<number> {
    let status = 0;
    this.state.loopDepth++;
    try {
      for (let n = 0; ; n++) {
        await this.step();
        let result: number | 'stop';
        try {
          result = await iteration(n);
        } catch (err) {
          if (!(err instanceof LoopSignal)) throw err;
          if (err.levels > 1) {
            err.levels--;
            throw err;
          }
          if (err.kind === 'break') break;
          continue;
        }
        if (result === 'stop') break;
        status = result;
      }
    } finally {
      this.state.loopDepth--;
    }
    return status;
  }

  private assignOrFail(name: string, value: string): void {
    try {
      this.assign(name, value);
    } catch (err) {
      if (err instanceof ReadonlyVariableError) throw new ExpansionError(`${name}: readonly variable`);
      throw err;
    }
  }

  private async runCase(node: CaseCommand, fds: Fds): Promise<number> {
    const subject = await this.expander.string(node.word);
    let status = 0;
    let fallthrough = false;
    for (const item of node.items) {
      let matched = fallthrough;
      if (!matched) {
        for (const word of item.patterns) {
          if ((await this.expander.pattern(word)).matches(subject)) {
            matched = true;
            break;
          }
        }
      }
      if (!matched) continue;
      status = await this.runList(item.body, fds);
      if (item.terminator === ';;') return status;
      fallthrough = item.terminator === ';&';
    }
    return status;
  }

  /** `[[ … ]]` (bash(1) "CONDITIONAL EXPRESSIONS"). */
  private async evaluateCond(expr: CondExpr): Promise<boolean> {
    switch (expr.type) {
      case 'and':
        return (await this.evaluateCond(expr.left)) && this.evaluateCond(expr.right);
      case 'or':
        return (await this.evaluateCond(expr.left)) || this.evaluateCond(expr.right);
      case 'not':
        return !(await this.evaluateCond(expr.expr));
      case 'word':
        return (await this.expander.string(expr.word)) !== '';
      case 'unary': {
        const arg = await this.expander.string(expr.arg);
        switch (expr.op) {
          case '-z':
            return arg === '';
          case '-n':
            return arg !== '';
          case '-v':
            return this.lookup(arg) !== undefined;
          case '-o':
            return this.state.options.has(arg.slice(0, 1));
          default:
            return isFileTest(expr.op) ? fileTest(this, expr.op, arg) : false;
        }
      }
      case 'binary': {
        const left = await this.expander.string(expr.left);
        switch (expr.op) {
          case '==':
          case '=':
            return (await this.expander.pattern(expr.right)).matches(left);
          case '!=':
            return !(await this.expander.pattern(expr.right)).matches(left);
          case '=~': {
            const source = await this.expander.regex(expr.right);
            const matched = Regex.compile(source).test(left);
            return matched;
          }
          case '<':
            return left < (await this.expander.string(expr.right));
          case '>':
            return left > (await this.expander.string(expr.right));
          case '-nt':
          case '-ot':
          case '-ef':
            return fileTest(this, expr.op, left, await this.expander.string(expr.right));
          default: {
            const a = evaluateArithmeticText(left, this);
            const b = evaluateArithmeticText(await this.expander.string(expr.right), this);
            return compareIntegers(expr.op, a, b);
          }
        }
      }
    }
  }

  // ---- simple commands -------------------------------------------------------------------------

  private async runSimple(command: SimpleCommand, fds: Fds): Promise<number> {
    await this.step();
    this.state.line = command.line;
    const aliased = await this.expandAlias(command, fds);
    if (aliased !== null) return aliased;
    this.substitutionStatus = undefined;
    const argv = await this.expander.allFields(command.words);
    if (argv.length === 0) return this.runAssignmentsOnly(command, fds);
    const opened = await this.openRedirects(command.redirects, fds);
    if (!opened) return this.finish(1);
    try {
      const assignments = await this.expandAssignments(command.assignments);
      if (this.state.options.has('x')) this.trace(assignments, argv, opened.fds);
      return this.finish(await this.dispatch(argv, assignments, opened.fds));
    } finally {
      opened.close();
    }
  }

  private substitutionStatus: number | undefined;

  private finish(status: number): number {
    this.state.lastStatus = status;
    return status;
  }

  /** `set -x`: each command as it runs, after expansion, prefixed by PS4. */
  private trace(assignments: readonly ExpandedAssignment[], argv: readonly string[], fds: Fds): void {
    const ps4 = this.lookup('PS4') ?? '+ ';
    const words = [...assignments.map((a) => `${a.name}=${traceQuote(a.value)}`), ...argv.map(traceQuote)];
    fds.stderr.write(bufferOf(`${ps4}${words.join(' ')}\n`));
  }

  /** Interactive shells expand aliases in command position (bash(1) "ALIASES"). */
  private async expandAlias(command: SimpleCommand, fds: Fds): Promise<number | null> {
    if (this.state.mode !== 'interactive' || command.words.length === 0) return null;
    const first = command.words[0] as Word;
    const [part, ...rest] = first.parts;
    if (rest.length > 0 || part?.type !== 'lit' || part.value !== first.text) return null;
    const value = this.state.aliases.get(first.text);
    if (value === undefined || this.aliasesInUse.has(first.text)) return null;
    const prefix = command.assignments
      .map((a) => `${a.name}${a.append ? '+=' : '='}${a.value.text} `)
      .join('');
    const source = `${prefix}${value}${command.source.slice(first.text.length)}`;
    this.aliasesInUse.add(first.text);
    try {
      return await this.runSource(source, fds, 'interactive', command.line);
    } finally {
      this.aliasesInUse.delete(first.text);
    }
  }

  private async runAssignmentsOnly(command: SimpleCommand, fds: Fds): Promise<number> {
    for (const assignment of command.assignments) {
      const value = await this.expander.string(assignment.value, { assignment: true });
      try {
        this.assign(assignment.name, value, assignment.append);
      } catch (err) {
        if (!(err instanceof ReadonlyVariableError)) throw err;
        this.error(`${assignment.name}: readonly variable`, fds);
        return this.finish(1);
      }
    }
    const opened = await this.openRedirects(command.redirects, fds);
    if (!opened) return this.finish(1);
    opened.close();
    return this.finish(this.substitutionStatus ?? 0);
  }

  private async expandAssignments(assignments: readonly Assignment[]): Promise<ExpandedAssignment[]> {
    const out: ExpandedAssignment[] = [];
    for (const a of assignments) {
      let value = await this.expander.string(a.value, { assignment: true });
      if (a.append) value = (this.lookup(a.name) ?? '') + value;
      out.push({ name: a.name, value });
    }
    return out;
  }

  /** Functions, then builtins, then programs in $PATH (bash(1) "COMMAND EXECUTION"). */
  async dispatch(
    argv: readonly string[],
    assignments: readonly ExpandedAssignment[],
    fds: Fds,
    functions = true,
  ): Promise<number> {
    const name = argv[0] as string;
    const size = argv.reduce((n, a) => n + a.length + 1, 0);
    if (size > this.runtime.limits.maxArgumentBytes) {
      this.error(`${name}: Argument list too long`, fds);
      return 126;
    }
    const fn = functions ? this.state.functions.get(name) : undefined;
    if (fn) return this.withTemporaryVariables(assignments, () => this.callFunction(fn, argv, fds));
    const builtin = BUILTINS.get(name);
    if (builtin) return this.withTemporaryVariables(assignments, () => this.runBuiltin(builtin, argv, fds));
    return this.runProgram(argv, assignments, fds);
  }

  /** `A=1 f`: A is set, and exported, only while f runs. */
  private async withTemporaryVariables(
    assignments: readonly ExpandedAssignment[],
    run: () => Promise<number>,
  ): Promise<number> {
    if (assignments.length === 0) return run();
    const vars = this.state.vars;
    vars.pushScope();
    try {
      for (const { name, value } of assignments) {
        vars.declareLocal(name, value);
        vars.setAttributes(name, { exported: true });
      }
      return await run();
    } finally {
      vars.popScope();
    }
  }

  async callFunction(fn: FunctionDef, argv: readonly string[], fds: Fds): Promise<number> {
    const { state } = this;
    if (state.functionDepth >= this.runtime.limits.maxFunctionDepth) {
      this.error(
        `${fn.name}: maximum function nesting level exceeded (${this.runtime.limits.maxFunctionDepth})`,
        fds,
      );
      this.budget.stop('limit');
      throw new LineStop('limit');
    }
    const saved = state.positional;
    state.positional = argv.slice(1);
    state.functionDepth++;
    state.vars.pushScope();
    try {
      return await this.runCommand(fn.body, fds);
    } catch (err) {
      if (err instanceof ReturnSignal) return err.status;
      throw err;
    } finally {
      state.vars.popScope();
      state.functionDepth--;
      state.positional = saved;
    }
  }

  async runBuiltin(builtin: Builtin, argv: readonly string[], fds: Fds): Promise<number> {
    const ctx: BuiltinContext = {
      argv,
      shell: this,
      fds,
      out: (text) => fds.stdout.write(bufferOf(text)),
      err: (text) => fds.stderr.write(bufferOf(text)),
      error: (message) => this.error(`${argv[0]}: ${message}`, fds),
    };
    try {
      return await builtin(ctx);
    } catch (err) {
      if (isControlFlow(err)) throw err;
      if (err instanceof ReadonlyVariableError) {
        this.error(`${err.variable}: readonly variable`, fds);
        return 1;
      }
      if (err instanceof ShellFsError) {
        this.error(`${argv[0]}: ${toBytes(err.path)}: ${FS_ERROR_TEXT[err.code]}`, fds);
        return 1;
      }
      this.runtime.internalError(err);
      return 1;
    }
  }

  // ---- programs --------------------------------------------------------------------------------

  /** Where a command name resolves in $PATH (text path), or null (bash(1) "COMMAND EXECUTION"). */
  which(name: string): string | null {
    if (name === '') return null;
    const fs = this.runtime.fs;
    const executable = (path: string): boolean => {
      try {
        const stat = fs.stat(path);
        return stat?.type === 'file' && permits(stat, this.state.user, 'x');
      } catch {
        return false;
      }
    };
    if (name.includes('/')) {
      const path = resolvePath(this.state.cwd, toText(name));
      return executable(path) ? path : null;
    }
    const search =
      this.lookup('PATH') ?? (this.state.user.uid === 0 ? ROOT_PATH : '/usr/local/bin:/usr/bin:/bin');
    for (const dir of search.split(':')) {
      const path = resolvePath(this.state.cwd, `${toText(dir === '' ? '.' : dir)}/${toText(name)}`);
      if (executable(path)) return path;
    }
    return null;
  }

  private async runProgram(
    argv: readonly string[],
    assignments: readonly ExpandedAssignment[],
    fds: Fds,
  ): Promise<number> {
    const name = argv[0] as string;
    let path: string;
    if (name.includes('/')) {
      path = resolvePath(this.state.cwd, toText(name));
      let stat: ReturnType<typeof this.runtime.fs.stat>;
      try {
        stat = this.runtime.fs.stat(path);
      } catch (err) {
        if (!(err instanceof ShellFsError)) throw err;
        this.error(`${name}: ${FS_ERROR_TEXT[err.code]}`, fds);
        return 126;
      }
      if (!stat) {
        this.error(`${name}: No such file or directory`, fds);
        return 127;
      }
      if (stat.type === 'dir') {
        this.error(`${name}: Is a directory`, fds);
        return 126;
      }
      if (!permits(stat, this.state.user, 'x')) {
        this.error(`${name}: Permission denied`, fds);
        return 126;
      }
    } else {
      const found = this.which(name);
      if (found === null) return this.notFound(name, fds);
      path = found;
    }
    return this.execute(path, argv, assignments, fds);
  }

  /**
   * Runs the program at `path`: the CommandSpec that lives there, a script, or what the kernel would do
   * with the file's bytes (execve(2): `#!` interpreters, ELF, or ENOEXEC).
   */
  private async execute(
    path: string,
    argv: readonly string[],
    assignments: readonly ExpandedAssignment[],
    fds: Fds,
  ): Promise<number> {
    const { fs, commands } = this.runtime;
    const name = argv[0] as string;
    let real = path;
    try {
      real = fs.realpath(path);
    } catch {
      // A dangling link was already refused by stat; keep the path as given.
    }
    let spec = commands.byPath(path) ?? commands.byPath(real);
    // A link to a multi-call binary runs the program it is named after (its applet).
    if (spec?.multiCall && basename(path) !== spec.name) spec = commands.byName(basename(path)) ?? spec;
    if (spec) return this.runSpec(spec, argv, assignments, fds);
    let content: Buffer;
    try {
      content = fs.readFile(path);
    } catch (err) {
      if (!(err instanceof ShellFsError)) throw err;
      this.error(`${name}: ${FS_ERROR_TEXT[err.code]}`, fds);
      return 126;
    }
    if (content.subarray(0, 2).toString('latin1') === '#!')
      return this.runInterpreter(path, content, argv, assignments, fds);
    const copy = commands.byName(basename(path)) ?? commands.byName(basename(real));
    if (copy) return this.runSpec(copy, argv, assignments, fds);
    const builtin = ALSO_EXTERNAL.has(toText(basename(path)))
      ? BUILTINS.get(toBytes(basename(path)))
      : undefined;
    if (builtin) return this.withTemporaryVariables(assignments, () => this.runBuiltin(builtin, argv, fds));
    if (content.subarray(0, 4).toString('latin1') === '\x7fELF') {
      if (this.runsNatively(content)) return 0;
      this.error(`${name}: cannot execute binary file: Exec format error`, fds);
      return 126;
    }
    if (!content.includes(0)) return this.runScript(content, argv, assignments, fds);
    this.error(`${name}: cannot execute binary file: Exec format error`, fds);
    return 126;
  }

  /** Whether an ELF file is built for this machine's architecture (then it "runs" and exits 0). */
  private runsNatively(content: Buffer): boolean {
    if (content.length < 20) return false;
    const machine = content[5] === 2 ? content.readUInt16BE(18) : content.readUInt16LE(18);
    return (NATIVE_MACHINES[this.runtime.machine.distro.arch] ?? []).includes(machine);
  }

  /** `#!interpreter [arg]` (execve(2) "Interpreter scripts"). */
  private async runInterpreter(
    path: string,
    content: Buffer,
    argv: readonly string[],
    assignments: readonly ExpandedAssignment[],
    fds: Fds,
  ): Promise<number> {
    const name = argv[0] as string;
    const firstLine = bytesOf(content.subarray(0, Math.min(content.length, 256))).split('\n')[0] ?? '';
    const [interpreter = '', ...rest] = firstLine
      .slice(2)
      .trim()
      .split(/[ \t]+/);
    if (interpreter === '' || isShellLike(interpreter))
      return this.runScript(content, argv, assignments, fds);
    const interpreterPath = resolvePath('/', toText(interpreter));
    const stat = this.runtime.fs.stat(interpreterPath);
    if (stat?.type !== 'file') {
      this.error(`${name}: ${interpreter}: bad interpreter: No such file or directory`, fds);
      return 126;
    }
    if (basename(interpreterPath) === 'env' && rest[0] !== undefined) {
      const target = rest[0] as string;
      if (isShellLike(target)) return this.runScript(content, argv, assignments, fds);
      const found = this.which(target);
      if (found === null) {
        fds.stderr.write(bufferOf(`/usr/bin/env: '${target}': No such file or directory\n`));
        return 127;
      }
      return this.execute(
        found,
        [target, ...rest.slice(1), toBytes(path), ...argv.slice(1)],
        assignments,
        fds,
      );
    }
    const interpreterArgv = [
      interpreter,
      ...(rest.length > 0 ? [rest.join(' ')] : []),
      toBytes(path),
      ...argv.slice(1),
    ];
    return this.execute(interpreterPath, interpreterArgv, assignments, fds);
  }

  /** A shell script in a new shell (bash(1) "SHELL SCRIPTS"): only exported variables carry over. */
  async runScript(
    content: Buffer,
    argv: readonly string[],
    assignments: readonly ExpandedAssignment[],
    fds: Fds,
  ): Promise<number> {
    const { state, runtime } = this;
    if (state.functionDepth >= runtime.limits.maxFunctionDepth) {
      this.budget.stop('limit');
      throw new LineStop('limit');
    }
    const child = state.child(argv[0] as string, 'script', argv.slice(1));
    child.functionDepth = state.functionDepth + 1;
    for (const { name, value } of assignments) child.vars.set(name, value, { exported: true });
    const shell = new Shell(runtime, child, this.budget, this.pipeSignal, this.jobPid);
    const source = bytesOf(content.subarray(0, runtime.limits.maxScriptBytes));
    return shell.runIsolated(() => shell.runSource(source, fds, 'script'));
  }

  /** Runs a command handler with its context; a handler's own failure never reaches the attacker. */
  private async runSpec(
    spec: CommandSpec,
    argv: readonly string[],
    assignments: readonly ExpandedAssignment[],
    fds: Fds,
  ): Promise<number> {
    const { runtime, state } = this;
    runtime.nextPid();
    const controller = new AbortController();
    const signals = [this.budget.signal, controller.signal];
    if (this.pipeSignal) signals.push(this.pipeSignal);
    const signal = AbortSignal.any(signals);
    const stdin = fds.input(0);
    const stdout = fds.stdout;
    const stderr = fds.stderr;
    let input: Buffer | undefined;
    let exitRequest: number | null = null;
    const shell = this;
    const ctx: CommandContext = {
      argv: argv.map(toText),
      get stdin() {
        input ??= stdin.readAll();
        return input;
      },
      stdout: (data) => stdout.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
      stderr: (data) => stderr.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
      fs: runtime.fs,
      get cwd() {
        return shell.state.cwd;
      },
      chdir: (path) => this.chdir(resolvePath(state.cwd, path)),
      env: commandEnvironment(state.vars.exportedEntries(), assignments),
      get user() {
        return shell.state.user;
      },
      machine: runtime.machine,
      host: runtime.host,
      terminal: runtime.terminal,
      history: runtime.history.entries,
      clock: runtime.clock,
      signal,
      sleep: (ms) => this.sleep(ms, signal),
      run: (line, options) => this.runForCommand(line, options?.stdin, fds, signal),
      which: (name) => this.which(toBytes(name)),
      switchUser: (name) => runtime.switchUser(state, name),
      exit: (code) => {
        exitRequest = code;
      },
    };
    let status: number;
    try {
      status = await untilAborted(
        Promise.resolve().then(() => spec.run(ctx)),
        signal,
      );
    } catch (err) {
      if (isControlFlow(err)) throw err;
      this.budget.check();
      if (this.pipeSignal?.aborted) throw new StageStop();
      if (!isAbortError(err)) runtime.internalError(err);
      status = isAbortError(err) ? SIGINT_STATUS : 1;
    } finally {
      controller.abort();
    }
    status = Number.isInteger(status) ? status & 0xff : 1;
    if (exitRequest !== null) throw new ExitSignal((exitRequest as number) & 0xff);
    return status;
  }

  /** A command's wait, within what is left of the line's time; rejects with AbortError when stopped. */
  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const wanted = Number.isFinite(ms) ? Math.max(0, ms) : this.budget.remainingMs;
    const allowed = Math.min(wanted, this.budget.remainingMs);
    await this.runtime.clock.sleep(allowed, signal);
    if (allowed < wanted) {
      this.budget.stop('limit');
      throw abortError();
    }
  }

  /** `ctx.run`: `sh -c LINE` in a new shell, or an argv (`sudo CMD`, `xargs CMD`) run directly. */
  private async runForCommand(
    line: string | readonly string[],
    stdin: Buffer | undefined,
    fds: Fds,
    signal: AbortSignal,
  ): Promise<number> {
    const runFds = fds.with(0, { kind: 'in', stream: new InputStream(stdin ?? Buffer.alloc(0)) });
    if (typeof line === 'string') {
      const child = this.state.child(this.runtime.dialect.name, 'command', []);
      child.functionDepth = this.state.functionDepth + 1;
      const shell = new Shell(this.runtime, child, this.budget, signal, this.jobPid);
      return shell.runIsolated(() => shell.runSource(toBytes(line), runFds, 'command'));
    }
    const argv = line.map(toBytes);
    if (argv.length === 0) return 0;
    const shell = new Shell(this.runtime, this.state.clone(), this.budget, signal, this.jobPid);
    return shell.runIsolated(() => shell.execArgv(argv, runFds));
  }

  /** An argv as execvp(3) runs it: a program in $PATH (no functions, no builtins but the ones that are also programs). */
  async execArgv(argv: readonly string[], fds: Fds): Promise<number> {
    await this.step();
    const name = argv[0] as string;
    const path = this.which(name);
    if (path !== null) return this.execute(path, argv, [], fds);
    const builtin = ALSO_EXTERNAL.has(toText(name)) ? BUILTINS.get(name) : undefined;
    if (builtin) return this.runBuiltin(builtin, argv, fds);
    return 127;
  }

  /** Changes directory (text path, already absolute); throws ShellFsError like chdir(2). */
  chdir(path: string): void {
    const stat = this.runtime.fs.stat(path);
    if (!stat) throw new ShellFsError('ENOENT', path);
    if (stat.type !== 'dir') throw new ShellFsError('ENOTDIR', path);
    if (!permits(stat, this.state.user, 'x')) throw new ShellFsError('EACCES', path);
    const { state } = this;
    const old = state.vars.get('PWD') ?? toBytes(state.cwd);
    state.cwd = path;
    state.vars.set('OLDPWD', old);
    state.vars.set('PWD', toBytes(path));
  }

  // ---- substitutions ---------------------------------------------------------------------------

  private async substitute(body: ListNode): Promise<string> {
    await this.step();
    const reader = new AbortController();
    const capture = new Collector(this.runtime.limits.maxPipeBytes, () => reader.abort());
    const signal = this.pipeSignal ? AbortSignal.any([this.pipeSignal, reader.signal]) : reader.signal;
    const sub = new Shell(this.runtime, this.state.clone(), this.budget, signal, this.jobPid);
    const base = this.fds ?? Fds.of(new InputStream(), NULL_SINK, NULL_SINK);
    const status = await sub.runIsolated(() =>
      sub.runList(body, base.with(1, { kind: 'out', sink: capture })),
    );
    this.substitutionStatus = status;
    this.state.lastStatus = status;
    return capture.bytes().toString('latin1');
  }

  // ---- redirections ----------------------------------------------------------------------------

  /**
   * Applies redirections left to right (bash(1) "REDIRECTION"); null after printing bash's error when
   * one fails. `close` writes the files that collected output.
   */
  async openRedirects(redirects: readonly Redirect[], fds: Fds): Promise<{ fds: Fds; close(): void } | null> {
    if (redirects.length === 0) return { fds, close() {} };
    let current = fds;
    const closers: Array<() => void> = [];
    const close = () => {
      for (const c of closers) c();
    };
    for (const r of redirects) {
      const next = await this.applyRedirect(r, current, closers);
      if (next === null) {
        close();
        return null;
      }
      current = next;
    }
    return { fds: current, close };
  }

  private async applyRedirect(r: Redirect, fds: Fds, closers: Array<() => void>): Promise<Fds | null> {
    switch (r.op) {
      case '<<':
      case '<<-': {
        const body = r.heredoc;
        const text = !body ? '' : body.quoted ? body.body.text : await this.expander.heredoc(body.body);
        return fds.with(r.fd ?? 0, { kind: 'in', stream: new InputStream(bufferOf(text)) });
      }
      case '<<<': {
        const text = await this.expander.string(r.target);
        return fds.with(r.fd ?? 0, { kind: 'in', stream: new InputStream(bufferOf(`${text}\n`)) });
      }
      case '>&':
      case '<&': {
        const target = await this.expander.string(r.target);
        const fd = r.fd ?? (r.op === '<&' ? 0 : 1);
        if (target === '-') return fds.without(fd);
        if (/^[0-9]+$/.test(target)) {
          const source = fds.get(Number(target));
          if (!source) {
            this.error(`${target}: Bad file descriptor`, fds);
            return null;
          }
          return fds.with(fd, source);
        }
        if (r.op === '>&' && r.fd === undefined)
          return this.redirectOutput(target, fds, closers, [1, 2], false);
        this.error(`${target}: ambiguous redirect`, fds);
        return null;
      }
    }
    const words = await this.expander.fields(r.target);
    if (words.length !== 1) {
      this.error(`${r.target.text}: ambiguous redirect`, fds);
      return null;
    }
    const target = words[0] as string;
    switch (r.op) {
      case '<':
      case '<>':
        return this.redirectInput(r, target, fds);
      case '>':
      case '>|':
        return this.redirectOutput(target, fds, closers, [r.fd ?? 1], false);
      case '>>':
        return this.redirectOutput(target, fds, closers, [r.fd ?? 1], true);
      case '&>':
        return this.redirectOutput(target, fds, closers, [1, 2], false);
      case '&>>':
        return this.redirectOutput(target, fds, closers, [1, 2], true);
    }
  }

  private redirectInput(r: Redirect, target: string, fds: Fds): Fds | null {
    const fd = r.fd ?? 0;
    const special = this.deviceFd(target, fds);
    if (special !== undefined) return special === null ? null : fds.with(fd, special);
    const path = resolvePath(this.state.cwd, toText(target));
    const stat = this.runtime.fs.stat(path);
    if (!stat) {
      if (r.op === '<>') return this.openReadWrite(path, target, fds, fd);
      this.error(`${target}: No such file or directory`, fds);
      return null;
    }
    if (!permits(stat, this.state.user, 'r')) {
      this.error(`${target}: Permission denied`, fds);
      return null;
    }
    if (stat.type === 'dir') return fds.with(fd, { kind: 'in', stream: new InputStream() });
    try {
      return fds.with(fd, { kind: 'in', stream: new InputStream(this.runtime.fs.readFile(path)) });
    } catch (err) {
      if (!(err instanceof ShellFsError)) throw err;
      this.error(`${target}: ${FS_ERROR_TEXT[err.code]}`, fds);
      return null;
    }
  }

  /** `<>` on a missing file creates it (empty). */
  private openReadWrite(path: string, target: string, fds: Fds, fd: number): Fds | null {
    try {
      this.runtime.fs.writeFile(path, Buffer.alloc(0));
    } catch (err) {
      if (!(err instanceof ShellFsError)) throw err;
      this.error(`${target}: ${FS_ERROR_TEXT[err.code]}`, fds);
      return null;
    }
    return fds.with(fd, { kind: 'in', stream: new InputStream() });
  }

  /**
   * The device files bash itself opens (bash(1) "REDIRECTION": /dev/fd, /dev/stdin …, /dev/tcp);
   * undefined for any other path, null after an error was printed.
   */
  private deviceFd(target: string, fds: Fds): Fd | null | undefined {
    if (target === '/dev/null') return { kind: 'in', stream: new InputStream() };
    const fdMatch = /^\/dev\/(?:fd\/([0-9]+)|(stdin|stdout|stderr))$/.exec(target);
    if (fdMatch) {
      const n =
        fdMatch[1] !== undefined
          ? Number(fdMatch[1])
          : ['stdin', 'stdout', 'stderr'].indexOf(fdMatch[2] as string);
      const entry = fds.get(n);
      if (!entry) {
        this.error(`${target}: No such file or directory`, fds);
        return null;
      }
      return entry;
    }
    if (/^\/dev\/(tcp|udp)\/[^/]+\/[^/]+$/.test(target)) {
      // The decky has no route out for the shell: the connection is refused, as a firewalled host's would be.
      this.error('connect: Connection refused', fds);
      this.error(`${target}: Connection refused`, fds);
      return null;
    }
    if (/^\/dev\/(tcp|udp)\//.test(target)) {
      this.error(`${target}: No such file or directory`, fds);
      return null;
    }
    return undefined;
  }

  private redirectOutput(
    target: string,
    fds: Fds,
    closers: Array<() => void>,
    targets: readonly number[],
    append: boolean,
  ): Fds | null {
    const device =
      target === '/dev/null' ? { kind: 'out' as const, sink: NULL_SINK } : this.deviceFd(target, fds);
    if (device === null) return null;
    if (device !== undefined) {
      let next = fds;
      for (const fd of targets) next = next.with(fd, device);
      return next;
    }
    const sink = this.openFile(target, append, fds, closers);
    if (!sink) return null;
    let next = fds;
    for (const fd of targets) next = next.with(fd, { kind: 'out', sink });
    return next;
  }

  /** A file opened for writing: checked and truncated now, written when the command is done. */
  private openFile(target: string, append: boolean, fds: Fds, closers: Array<() => void>): OutputSink | null {
    const fs = this.runtime.fs;
    const path = resolvePath(this.state.cwd, toText(target));
    const fail = (text: string): null => {
      this.error(`${target}: ${text}`, fds);
      return null;
    };
    if (target === '') return fail('No such file or directory');
    let existing: ReturnType<typeof fs.stat>;
    try {
      existing = fs.stat(path);
      if (existing?.type === 'dir') return fail('Is a directory');
      if (existing && !permits(existing, this.state.user, 'w')) return fail('Permission denied');
      if (!existing) {
        const parent = fs.stat(resolvePath(path, '..'));
        if (!parent) return fail('No such file or directory');
        if (parent.type !== 'dir') return fail('Not a directory');
        if (!permits(parent, this.state.user, 'w')) return fail('Permission denied');
      }
      if (existing && !append && existing.size > 0) fs.writeFile(path, Buffer.alloc(0));
    } catch (err) {
      if (!(err instanceof ShellFsError)) throw err;
      return fail(FS_ERROR_TEXT[err.code]);
    }
    const collector = new Collector(this.runtime.limits.maxPipeBytes);
    const created = existing === null;
    closers.push(() => {
      const data = collector.bytes();
      if (data.length === 0 && !created) return;
      try {
        fs.writeFile(path, data, { append: append || !created, mode: 0o666 & ~this.state.umask });
      } catch (err) {
        if (!(err instanceof ShellFsError)) this.runtime.internalError(err);
      }
    });
    return collector;
  }
}

/** Integers compared the way `[[ a -lt b ]]` and `test` compare them. */
export function compareIntegers(op: string, a: bigint, b: bigint): boolean {
  switch (op) {
    case '-eq':
      return a === b;
    case '-ne':
      return a !== b;
    case '-lt':
      return a < b;
    case '-le':
      return a <= b;
    case '-gt':
      return a > b;
    case '-ge':
      return a >= b;
    default:
      return false;
  }
}

/** Arithmetic on text that needs no further expansion (`let`, `declare -i`, `[[ -eq ]]` operands). */
export function evaluateArithmeticText(expr: string, shell: Shell): bigint {
  try {
    return evaluateArithmetic(expr, {
      get: (name) => shell.lookup(name),
      set: (name, value) => shell.assign(name, value),
    });
  } catch (err) {
    if (err instanceof ArithError) throw new ExpansionError(err.message);
    throw err;
  }
}

function isControlFlow(err: unknown): boolean {
  return (
    err instanceof LineStop ||
    err instanceof ExitSignal ||
    err instanceof ReturnSignal ||
    err instanceof LoopSignal ||
    err instanceof StageStop ||
    err instanceof ExpansionError
  );
}

/** Resolves with the handler's result, or rejects with AbortError as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function abortError(): Error {
  const err = new Error('aborted');
  err.name = 'AbortError';
  return err;
}

/** A command's environment: a copy of the exported variables, as a child process gets (text). */
function commandEnvironment(
  exported: ReadonlyArray<[string, string]>,
  extra: readonly ExpandedAssignment[],
): ShellVariables {
  const values = new Map<string, string>();
  const exportedNames = new Set<string>();
  for (const [name, value] of exported) {
    values.set(toText(name), toText(value));
    exportedNames.add(toText(name));
  }
  for (const { name, value } of extra) {
    values.set(toText(name), toText(value));
    exportedNames.add(toText(name));
  }
  return {
    get: (name) => values.get(name),
    set: (name, value) => {
      values.set(name, value);
    },
    unset: (name) => {
      values.delete(name);
      exportedNames.delete(name);
    },
    export: (name, value) => {
      if (value !== undefined) values.set(name, value);
      exportedNames.add(name);
    },
    exported: () => {
      const out = new Map<string, string>();
      for (const name of [...exportedNames].sort()) {
        const value = values.get(name);
        if (value !== undefined) out.set(name, value);
      }
      return out;
    },
  };
}

/** How `set -x` shows a word: as is when plain, else in single quotes. */
function traceQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, "'\\''")}'`;
}
