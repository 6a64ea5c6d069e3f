/**
 * Runs an awk program over records: awk's value model (numbers, strings, and input strings that look
 * numeric), fields and NF, the special variables, built-in functions, printf, output redirection to the
 * session filesystem, and `system()`/pipes through the shell. Every evaluation step is counted and
 * bounded; an exhausted budget ends the program.
 */
import type { CommandContext } from '../../../command.js';
import { COMMAND_LIMITS } from '../limits.js';
import { absolute } from '../program.js';
import { compileRegex, type Regex, RegexBudget } from '../regex/vm.js';
import type { AwkProgram, Expr, Rule, Stmt } from './parse.js';

/** A string from input (a field, getline, ARGV) that looks like a number compares as one. */
class StrNum {
  constructor(readonly text: string) {}
}

type Value = number | string | StrNum;

const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|0[xX][0-9a-fA-F]+)\s*$/;

class Next extends Error {}
class NextFile extends Error {}
class Exit extends Error {
  constructor(readonly code: number) {
    super('exit');
  }
}
class Return extends Error {
  constructor(readonly value: Value) {
    super('return');
  }
}
class Break extends Error {}
class Continue extends Error {}
export class AwkRuntimeError extends Error {}

export interface AwkInput {
  name: string;
  data: Buffer;
}

export interface AwkOptions {
  fs: string | undefined;
  assignments: Array<[string, string]>;
  /** Operands: files and `var=value` assignments, in order. */
  operands: string[];
  readFile(name: string): AwkInput | { error: string };
  flavor: 'mawk' | 'gawk' | 'busybox';
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  const s = v instanceof StrNum ? v.text : v;
  const m = /^\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))/.exec(s);
  if (m) return Number(m[1]);
  const hex = /^\s*0[xX]([0-9a-fA-F]+)/.exec(s);
  return hex ? Number.parseInt(hex[1]!, 16) : 0;
}

function isNumeric(v: Value): boolean {
  return typeof v === 'number' || (v instanceof StrNum && NUMERIC.test(v.text));
}

/** The "%.6g" CONVFMT/OFMT conversion; integers print as integers. */
function formatNumber(n: number, fmt: string): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  if (Number.isNaN(n)) return n > 0 ? 'nan' : '-nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return sprintf(fmt, [n]);
}

function toStr(v: Value, convfmt = '%.6g'): string {
  if (typeof v === 'number') return formatNumber(v, convfmt);
  return v instanceof StrNum ? v.text : v;
}

function truthy(v: Value): boolean {
  if (typeof v === 'number') return v !== 0;
  if (v instanceof StrNum) return NUMERIC.test(v.text) ? toNumber(v) !== 0 : v.text !== '';
  return v !== '';
}

/** C printf as awk implements it: %c %d %i %o %x %X %u %e %E %f %F %g %G %s %% with flags, width, precision, `*`. */
export function sprintf(format: string, args: Value[]): string {
  let argi = 0;
  const next = (): Value => args[argi++] ?? '';
  return format.replace(
    /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])/g,
    (whole, flags: string, w?: string, p?: string, conv?: string) => {
      if (conv === '%') return '%';
      const width = w === '*' ? toNumber(next()) : w !== undefined ? Number(w) : undefined;
      const precision = p === '*' ? toNumber(next()) : p !== undefined ? Number(p) : undefined;
      const v = next();
      let body: string;
      switch (conv) {
        case 'd':
        case 'i': {
          const n = Math.trunc(toNumber(v));
          body = Math.abs(n).toString();
          if (precision !== undefined) body = body.padStart(precision, '0');
          body = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          break;
        }
        case 'o':
          body = Math.trunc(Math.abs(toNumber(v))).toString(8);
          break;
        case 'x':
        case 'X':
          body = Math.trunc(Math.abs(toNumber(v))).toString(16);
          if (flags.includes('#') && body !== '0') body = `0x${body}`;
          if (conv === 'X') body = body.toUpperCase();
          break;
        case 'u':
          body = String(Math.trunc(Math.abs(toNumber(v))));
          break;
        case 'c': {
          const s =
            isNumeric(v) || typeof v === 'number' ? String.fromCharCode(toNumber(v)) : toStr(v).slice(0, 1);
          body = s;
          break;
        }
        case 'e':
        case 'E': {
          const n = toNumber(v);
          body = n.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') body = body.toUpperCase();
          if (n >= 0 && flags.includes('+')) body = `+${body}`;
          break;
        }
        case 'f':
        case 'F': {
          const n = toNumber(v);
          body = n.toFixed(precision ?? 6);
          if (n >= 0 && flags.includes('+')) body = `+${body}`;
          else if (n >= 0 && flags.includes(' ')) body = ` ${body}`;
          break;
        }
        case 'g':
        case 'G': {
          const n = toNumber(v);
          const prec = precision === 0 ? 1 : (precision ?? 6);
          if (n === 0) body = '0';
          else {
            const exp = Math.floor(Math.log10(Math.abs(n)));
            if (exp < -4 || exp >= prec) {
              body = n.toExponential(prec - 1);
              if (!flags.includes('#')) body = body.replace(/\.?0+e/, 'e');
              body = body.replace(/e([+-])(\d)$/, 'e$10$2');
            } else {
              body = n.toFixed(Math.max(0, prec - 1 - exp));
              if (!flags.includes('#') && body.includes('.')) body = body.replace(/\.?0+$/, '');
            }
          }
          if (conv === 'G') body = body.toUpperCase();
          if (n >= 0 && flags.includes('+')) body = `+${body}`;
          break;
        }
        case 's': {
          body = toStr(v);
          if (precision !== undefined) body = body.slice(0, precision);
          break;
        }
        default:
          return whole;
      }
      if (width !== undefined && body.length < width) {
        if (flags.includes('-')) body = body.padEnd(width);
        else if (flags.includes('0') && conv !== 's' && conv !== 'c') {
          const sign = /^[-+ ]/.test(body) ? body[0]! : '';
          body = sign + body.slice(sign.length).padStart(width - sign.length, '0');
        } else body = body.padStart(width);
      }
      return body;
    },
  );
}

export class AwkMachine {
  private readonly globals = new Map<string, Value>();
  private readonly arrays = new Map<string, Map<string, Value>>();
  private fields: string[] = [''];
  private record = '';
  private steps = 0;
  private readonly regexBudget = new RegexBudget();
  private readonly regexCache = new Map<string, Regex>();
  private readonly rangeActive = new Map<Rule, boolean>();
  private readonly files = new Map<string, { text: string; append: boolean }>();
  private readonly pipes = new Map<string, string>();
  private readonly openInputs = new Map<string, { lines: string[]; at: number }>();
  private out = '';
  private locals: Array<Map<string, Value | Map<string, Value>>> = [];
  private inputQueue: string[] = [];
  private inputAt = 0;
  private currentFiles: AwkInput[] = [];
  private fileIndex = 0;
  private randState = 0;

  constructor(
    private readonly program: AwkProgram,
    private readonly ctx: CommandContext,
    private readonly options: AwkOptions,
  ) {
    this.globals.set('FS', options.fs ?? ' ');
    this.globals.set('OFS', ' ');
    this.globals.set('ORS', '\n');
    this.globals.set('RS', '\n');
    this.globals.set('NR', 0);
    this.globals.set('NF', 0);
    this.globals.set('FNR', 0);
    this.globals.set('SUBSEP', '\x1c');
    this.globals.set('CONVFMT', '%.6g');
    this.globals.set('OFMT', '%.6g');
    this.globals.set('RSTART', 0);
    this.globals.set('RLENGTH', -1);
    this.globals.set('FILENAME', '');
    const env = new Map<string, Value>();
    for (const [k, v] of ctx.env.exported()) env.set(k, new StrNum(v));
    this.arrays.set('ENVIRON', env);
    const argv = new Map<string, Value>([
      ['0', options.flavor === 'gawk' ? 'awk' : options.flavor === 'mawk' ? 'mawk' : 'awk'],
    ]);
    options.operands.forEach((o, i) => {
      argv.set(String(i + 1), new StrNum(o));
    });
    this.arrays.set('ARGV', argv);
    this.globals.set('ARGC', options.operands.length + 1);
    for (const [k, v] of options.assignments) this.globals.set(k, new StrNum(unescapeAssignment(v)));
  }

  private tick(): void {
    if (++this.steps > COMMAND_LIMITS.maxScriptSteps) throw new AwkRuntimeError('program ran too long');
  }

  private flush(): void {
    if (this.out) {
      this.ctx.stdout(this.out);
      this.out = '';
    }
  }

  private regex(src: string): Regex {
    let re = this.regexCache.get(src);
    if (!re) {
      const compiled = compileRegex(src, { syntax: 'ere' }, this.regexBudget);
      if ('error' in compiled)
        throw new AwkRuntimeError(
          `regular expression compile failed (${compiled.error.toLowerCase()})\n${src}`,
        );
      re = compiled;
      if (this.regexCache.size < 256) this.regexCache.set(src, re);
    }
    return re;
  }

  private regexOf(e: Expr): Promise<Regex> | Regex {
    if (e.t === 'regex') return this.regex(e.src);
    return this.eval(e).then((v) => this.regex(toStr(v)));
  }

  // --- fields -------------------------------------------------------------------------------------

  private setRecord(text: string): void {
    this.record = text;
    const fs = toStr(this.get('FS'));
    let parts: string[];
    if (fs === ' ') parts = text.split(/[ \t\n]+/).filter((p) => p !== '');
    else if (fs === '') parts = [...text];
    else if (fs.length === 1 && fs !== '\\') parts = text === '' ? [] : text.split(fs === '\t' ? '\t' : fs);
    else {
      const re = this.regex(fs);
      parts = [];
      let at = 0;
      let from = 0;
      while (from <= text.length) {
        const m = re.exec(text, from);
        if (!m || m.end === m.start) break;
        parts.push(text.slice(at, m.start));
        at = m.end;
        from = m.end;
      }
      if (text !== '') parts.push(text.slice(at));
    }
    this.fields = [text, ...parts];
    this.globals.set('NF', parts.length);
  }

  private getField(i: number): Value {
    if (i < 0) throw new AwkRuntimeError(`trying to access out of range field ${i}`);
    if (i === 0) return new StrNum(this.record);
    return new StrNum(this.fields[i] ?? '');
  }

  private setField(i: number, value: string): void {
    if (i < 0) throw new AwkRuntimeError(`trying to access out of range field ${i}`);
    if (i > 100_000) throw new AwkRuntimeError(`field index ${i} too large`);
    if (i === 0) {
      this.setRecord(value);
      return;
    }
    while (this.fields.length <= i) this.fields.push('');
    this.fields[i] = value;
    this.globals.set('NF', Math.max(toNumber(this.get('NF')), i));
    this.rebuild();
  }

  private rebuild(): void {
    const nf = toNumber(this.get('NF'));
    this.fields.length = Math.max(1, nf + 1);
    for (let k = 1; k <= nf; k++) if (this.fields[k] === undefined) this.fields[k] = '';
    this.record = this.fields.slice(1).join(toStr(this.get('OFS')));
    this.fields[0] = this.record;
  }

  // --- variables ----------------------------------------------------------------------------------

  private frame(): Map<string, Value | Map<string, Value>> | undefined {
    return this.locals[this.locals.length - 1];
  }

  private get(name: string): Value {
    const f = this.frame();
    if (f?.has(name)) {
      const v = f.get(name)!;
      if (v instanceof Map) throw new AwkRuntimeError(`attempt to use array \`${name}' in a scalar context`);
      return v;
    }
    if (name === 'NF') return this.globals.get('NF') ?? 0;
    return this.globals.get(name) ?? '';
  }

  private set(name: string, value: Value): void {
    const f = this.frame();
    if (f?.has(name)) {
      f.set(name, value);
      return;
    }
    if (name === 'NF') {
      this.globals.set('NF', Math.trunc(toNumber(value)));
      this.rebuild();
      return;
    }
    this.globals.set(name, value);
  }

  private array(name: string): Map<string, Value> {
    const f = this.frame();
    if (f?.has(name)) {
      let v = f.get(name)!;
      if (!(v instanceof Map)) {
        v = new Map<string, Value>();
        f.set(name, v);
      }
      return v;
    }
    let a = this.arrays.get(name);
    if (!a) {
      a = new Map();
      this.arrays.set(name, a);
    }
    return a;
  }

  private async subscript(subs: Expr[]): Promise<string> {
    const parts: string[] = [];
    for (const s of subs) parts.push(toStr(await this.eval(s), toStr(this.get('CONVFMT'))));
    return parts.join(toStr(this.get('SUBSEP')));
  }

  private async assignTo(target: Expr, value: Value): Promise<void> {
    if (target.t === 'var') this.set(target.name, value);
    else if (target.t === 'field')
      this.setField(Math.trunc(toNumber(await this.eval(target.index))), toStr(value));
    else if (target.t === 'index') this.array(target.name).set(await this.subscript(target.subs), value);
    else if (target.t === 'group') await this.assignTo(target.expr, value);
    else throw new AwkRuntimeError('assignment to non-variable');
  }

  // --- evaluation ---------------------------------------------------------------------------------

  async eval(e: Expr): Promise<Value> {
    this.tick();
    switch (e.t) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 'regex':
        return this.regex(e.src).test(this.record) ? 1 : 0;
      case 'group':
        return this.eval(e.expr);
      case 'var':
        return this.get(e.name);
      case 'field':
        return this.getField(Math.trunc(toNumber(await this.eval(e.index))));
      case 'index': {
        const a = this.array(e.name);
        const key = await this.subscript(e.subs);
        if (!a.has(key)) a.set(key, '');
        return a.get(key)!;
      }
      case 'in':
        return this.array(e.name).has(await this.subscript(e.subs)) ? 1 : 0;
      case 'assign': {
        let value = await this.eval(e.value);
        if (e.op !== '=') {
          const current = toNumber(await this.eval(e.target));
          const rhs = toNumber(value);
          value = arith(e.op.slice(0, 1), current, rhs);
        } else if (value instanceof StrNum) {
          value = new StrNum(value.text);
        }
        await this.assignTo(e.target, value);
        return value;
      }
      case 'cond':
        return truthy(await this.eval(e.test)) ? this.eval(e.yes) : this.eval(e.no);
      case 'unary': {
        const v = await this.eval(e.arg);
        if (e.op === '!') return truthy(v) ? 0 : 1;
        return e.op === '-' ? -toNumber(v) : toNumber(v);
      }
      case 'incdec': {
        const old = toNumber(await this.eval(e.target));
        const updated = e.op === '++' ? old + 1 : old - 1;
        await this.assignTo(e.target, updated);
        return e.prefix ? updated : old;
      }
      case 'concat': {
        const l = toStr(await this.eval(e.left), toStr(this.get('CONVFMT')));
        const r = toStr(await this.eval(e.right), toStr(this.get('CONVFMT')));
        if (l.length + r.length > COMMAND_LIMITS.maxOutputBytes) throw new AwkRuntimeError('string too long');
        return l + r;
      }
      case 'match': {
        const text = toStr(await this.eval(e.left));
        const re = await this.regexOf(e.right);
        return re.test(text) !== e.negate ? 1 : 0;
      }
      case 'binary': {
        if (e.op === '&&') return truthy(await this.eval(e.left)) && truthy(await this.eval(e.right)) ? 1 : 0;
        if (e.op === '||') return truthy(await this.eval(e.left)) || truthy(await this.eval(e.right)) ? 1 : 0;
        const l = await this.eval(e.left);
        const r = await this.eval(e.right);
        if (['<', '<=', '>', '>=', '==', '!='].includes(e.op)) {
          let c: number;
          if (isNumeric(l) && isNumeric(r)) c = toNumber(l) - toNumber(r);
          else {
            const a = toStr(l);
            const b = toStr(r);
            c = a < b ? -1 : a > b ? 1 : 0;
          }
          const result =
            e.op === '<'
              ? c < 0
              : e.op === '<='
                ? c <= 0
                : e.op === '>'
                  ? c > 0
                  : e.op === '>='
                    ? c >= 0
                    : e.op === '=='
                      ? c === 0
                      : c !== 0;
          return result ? 1 : 0;
        }
        return arith(e.op, toNumber(l), toNumber(r));
      }
      case 'call':
        return this.call(e.name, e.args);
      case 'getline':
        return this.getline(e);
    }
  }

  private async getline(e: Extract<Expr, { t: 'getline' }>): Promise<Value> {
    let line: string | null;
    if (e.command) {
      // The shell cannot hand a command's output back to awk; a real awk would read it here.
      return -1;
    }
    if (e.file) {
      const name = toStr(await this.eval(e.file));
      let input = this.openInputs.get(name);
      if (!input) {
        const read =
          name === '-' || name === '/dev/stdin'
            ? { name, data: this.ctx.stdin }
            : this.options.readFile(name);
        if ('error' in read) return -1;
        const lines = read.data.toString('utf8').split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        input = { lines, at: 0 };
        this.openInputs.set(name, input);
      }
      line = input.at < input.lines.length ? input.lines[input.at++]! : null;
      if (line === null) return 0;
      if (e.target) await this.assignTo(e.target, new StrNum(line));
      else {
        this.setRecord(line);
        this.set('NR', toNumber(this.get('NR')) + 1);
      }
      return 1;
    }
    line = this.nextRecord();
    if (line === null) return 0;
    this.set('NR', toNumber(this.get('NR')) + 1);
    this.set('FNR', toNumber(this.get('FNR')) + 1);
    if (e.target) await this.assignTo(e.target, new StrNum(line));
    else this.setRecord(line);
    return 1;
  }

  private async call(name: string, argExprs: Expr[]): Promise<Value> {
    const user = this.program.functions.get(name);
    if (user) return this.callUser(name, user, argExprs);
    const arg = async (i: number) => (argExprs[i] ? this.eval(argExprs[i]!) : '');
    const str = async (i: number) => toStr(await arg(i), toStr(this.get('CONVFMT')));
    const num = async (i: number) => toNumber(await arg(i));
    switch (name) {
      case 'length': {
        if (argExprs.length === 0) return [...this.record].length;
        const a = argExprs[0]!;
        if (a.t === 'var' && (this.arrays.has(a.name) || this.frame()?.get(a.name) instanceof Map))
          return this.array(a.name).size;
        return [...(await str(0))].length;
      }
      case 'substr': {
        const s = await str(0);
        const chars = [...s];
        let m = Math.round(await num(1));
        let n = argExprs.length > 2 ? Math.round(await num(2)) : Number.POSITIVE_INFINITY;
        if (m < 1) {
          n += m - 1;
          m = 1;
        }
        if (n <= 0) return '';
        return chars.slice(m - 1, m - 1 + n).join('');
      }
      case 'index': {
        const s = await str(0);
        return s.indexOf(await str(1)) + 1;
      }
      case 'split': {
        const s = await str(0);
        const target = argExprs[1];
        if (target?.t !== 'var') throw new AwkRuntimeError('split: second argument is not an array');
        const a = this.array(target.name);
        a.clear();
        let parts: string[];
        const sepExpr = argExprs[2];
        const sep = sepExpr ? (sepExpr.t === 'regex' ? null : await str(2)) : toStr(this.get('FS'));
        if (sep === ' ') parts = s.split(/[ \t\n]+/).filter((p) => p !== '');
        else if (sep === '') parts = [...s];
        else if (sep !== null && sep.length === 1) parts = s === '' ? [] : s.split(sep);
        else {
          const re = sepExpr?.t === 'regex' ? this.regex(sepExpr.src) : this.regex(sep ?? ' ');
          parts = [];
          let at = 0;
          let from = 0;
          while (from <= s.length) {
            const m = re.exec(s, from);
            if (!m || m.end === m.start) break;
            parts.push(s.slice(at, m.start));
            at = m.end;
            from = m.end;
          }
          if (s !== '') parts.push(s.slice(at));
        }
        parts.forEach((p, i) => {
          a.set(String(i + 1), new StrNum(p));
        });
        return parts.length;
      }
      case 'sub':
      case 'gsub': {
        const re = await this.regexOf(argExprs[0]!);
        const repl = await str(1);
        const target = argExprs[2] ?? ({ t: 'field', index: { t: 'num', v: 0 } } as Expr);
        const text = toStr(await this.eval(target));
        let out = '';
        let at = 0;
        let from = 0;
        let count = 0;
        while (from <= text.length) {
          const m = re.exec(text, from, from > 0);
          if (!m) break;
          const matched = text.slice(m.start, m.end);
          out +=
            text.slice(at, m.start) +
            repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? matched : x === '\\&' ? '&' : '\\'));
          count++;
          if (m.end === m.start) {
            if (m.start < text.length) out += text[m.start];
            at = m.start + 1;
            from = m.start + 1;
          } else {
            at = m.end;
            from = m.end;
          }
          if (name === 'sub') break;
        }
        if (count > 0) await this.assignTo(target, out + text.slice(at));
        return count;
      }
      case 'match': {
        const s = await str(0);
        const re = await this.regexOf(argExprs[1]!);
        const m = re.exec(s);
        this.set('RSTART', m ? m.start + 1 : 0);
        this.set('RLENGTH', m ? m.end - m.start : -1);
        return m ? m.start + 1 : 0;
      }
      case 'sprintf': {
        const values: Value[] = [];
        for (let i = 1; i < argExprs.length; i++) values.push(await this.eval(argExprs[i]!));
        return sprintf(await str(0), values);
      }
      case 'tolower':
        return (await str(0)).toLowerCase();
      case 'toupper':
        return (await str(0)).toUpperCase();
      case 'int':
        return Math.trunc(await num(0));
      case 'sqrt':
        return Math.sqrt(await num(0));
      case 'exp':
        return Math.exp(await num(0));
      case 'log':
        return Math.log(await num(0));
      case 'sin':
        return Math.sin(await num(0));
      case 'cos':
        return Math.cos(await num(0));
      case 'atan2':
        return Math.atan2(await num(0), await num(1));
      case 'rand':
        // A fixed-seed generator: awk's rand() without srand() repeats across runs, as here.
        this.randState = (this.randState * 1103515245 + 12345) % 2147483648;
        return this.randState / 2147483648;
      case 'srand': {
        const previous = this.randState;
        this.randState =
          argExprs.length > 0 ? Math.trunc(await num(0)) : Math.floor(this.ctx.clock.now() / 1000);
        return previous;
      }
      case 'systime':
        return Math.floor(this.ctx.clock.now() / 1000);
      case 'system': {
        const cmd = await str(0);
        this.flush();
        return this.ctx.run(cmd);
      }
      case 'close': {
        const key = await str(0);
        await this.closeStream(key);
        return 0;
      }
      case 'fflush':
        this.flush();
        return 0;
      default:
        throw new AwkRuntimeError(`function \`${name}' not defined`);
    }
  }

  private async callUser(
    name: string,
    fn: { params: string[]; body: Stmt[] },
    argExprs: Expr[],
  ): Promise<Value> {
    if (this.locals.length > 200)
      throw new AwkRuntimeError(
        `function \`${name}' called with space between name and \`(',\nor used as a variable or an array`,
      );
    const frame = new Map<string, Value | Map<string, Value>>();
    for (let i = 0; i < fn.params.length; i++) {
      const a = argExprs[i];
      const p = fn.params[i]!;
      if (!a) {
        frame.set(p, '');
        continue;
      }
      if (a.t === 'var' && (this.arrays.has(a.name) || this.frame()?.get(a.name) instanceof Map))
        frame.set(p, this.array(a.name));
      else frame.set(p, await this.eval(a));
    }
    this.locals.push(frame);
    try {
      await this.block(fn.body);
      return '';
    } catch (err) {
      if (err instanceof Return) return err.value;
      throw err;
    } finally {
      this.locals.pop();
    }
  }

  // --- statements ---------------------------------------------------------------------------------

  private async block(stmts: Stmt[]): Promise<void> {
    for (const s of stmts) await this.exec(s);
  }

  private async output(text: string, redirect: Extract<Stmt, { t: 'print' }>['redirect']): Promise<void> {
    if (!redirect) {
      this.out += text;
      if (this.out.length > 65_536) this.flush();
      return;
    }
    const target = toStr(await this.eval(redirect.target));
    if (redirect.kind === '|') {
      this.pipes.set(target, (this.pipes.get(target) ?? '') + text);
      return;
    }
    if (target === '/dev/stdout' || target === '-') {
      this.out += text;
      return;
    }
    if (target === '/dev/stderr') {
      this.flush();
      this.ctx.stderr(text);
      return;
    }
    const file = this.files.get(target);
    if (file) file.text += text;
    else this.files.set(target, { text, append: redirect.kind === '>>' });
  }

  private async closeStream(key: string): Promise<void> {
    const file = this.files.get(key);
    if (file) {
      this.writeFile(key, file.text, file.append);
      this.files.delete(key);
    }
    const pipe = this.pipes.get(key);
    if (pipe !== undefined) {
      this.flush();
      this.pipes.delete(key);
      await this.ctx.run(key, { stdin: Buffer.from(pipe) });
    }
    this.openInputs.delete(key);
  }

  private writeFile(name: string, text: string, append: boolean): void {
    try {
      this.ctx.fs.writeFile(absolute(this.ctx, name), Buffer.from(text), { append });
    } catch {
      throw new AwkRuntimeError(`can't redirect to \`${name}' (Permission denied)`);
    }
  }

  private async exec(s: Stmt): Promise<void> {
    this.tick();
    switch (s.t) {
      case 'expr':
        await this.eval(s.expr);
        return;
      case 'print': {
        const ofs = toStr(this.get('OFS'));
        const ofmt = toStr(this.get('OFMT'));
        let text: string;
        if (s.args.length === 0) text = this.record;
        else {
          const parts: string[] = [];
          for (const a of s.args) {
            const v = await this.eval(a);
            parts.push(typeof v === 'number' ? formatNumber(v, ofmt) : toStr(v));
          }
          text = parts.join(ofs);
        }
        await this.output(text + toStr(this.get('ORS')), s.redirect);
        return;
      }
      case 'printf': {
        const values: Value[] = [];
        for (const a of s.args) values.push(await this.eval(a));
        await this.output(sprintf(toStr(values[0] ?? ''), values.slice(1)), s.redirect);
        return;
      }
      case 'if':
        if (truthy(await this.eval(s.test))) await this.exec(s.yes);
        else if (s.no) await this.exec(s.no);
        return;
      case 'while':
        while (truthy(await this.eval(s.test))) {
          try {
            await this.exec(s.body);
          } catch (err) {
            if (err instanceof Break) break;
            if (err instanceof Continue) continue;
            throw err;
          }
        }
        return;
      case 'do':
        do {
          try {
            await this.exec(s.body);
          } catch (err) {
            if (err instanceof Break) break;
            if (err instanceof Continue) continue;
            throw err;
          }
        } while (truthy(await this.eval(s.test)));
        return;
      case 'for':
        if (s.init) await this.exec(s.init);
        while (s.test === null || truthy(await this.eval(s.test))) {
          try {
            await this.exec(s.body);
          } catch (err) {
            if (err instanceof Break) break;
            if (!(err instanceof Continue)) throw err;
          }
          if (s.step) await this.exec(s.step);
        }
        return;
      case 'forin': {
        const keys = [...this.array(s.array).keys()];
        for (const k of keys) {
          this.set(s.variable, NUMERIC.test(k) ? new StrNum(k) : k);
          try {
            await this.exec(s.body);
          } catch (err) {
            if (err instanceof Break) break;
            if (err instanceof Continue) continue;
            throw err;
          }
        }
        return;
      }
      case 'block':
        await this.block(s.body);
        return;
      case 'next':
        throw new Next();
      case 'nextfile':
        throw new NextFile();
      case 'exit':
        throw new Exit(s.code ? Math.trunc(toNumber(await this.eval(s.code))) : 0);
      case 'return':
        throw new Return(s.value ? await this.eval(s.value) : '');
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'delete':
        if (s.subs === null) this.array(s.name).clear();
        else this.array(s.name).delete(await this.subscript(s.subs));
        return;
    }
  }

  // --- records ------------------------------------------------------------------------------------

  private nextRecord(): string | null {
    for (;;) {
      if (this.inputAt < this.inputQueue.length) return this.inputQueue[this.inputAt++]!;
      if (this.fileIndex >= this.currentFiles.length) return null;
      const file = this.currentFiles[this.fileIndex++]!;
      this.set('FILENAME', file.name === '-' ? '' : file.name);
      this.set('FNR', 0);
      const text = file.data.toString('utf8');
      const rs = toStr(this.get('RS'));
      let records: string[];
      if (rs === '')
        records = text
          .split(/\n{2,}/)
          .map((r) => r.replace(/^\n+|\n+$/g, ''))
          .filter((r) => r !== '');
      else {
        records = text.split(rs.length === 1 ? rs : new RegExp(rs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        if (records[records.length - 1] === '') records.pop();
      }
      this.inputQueue = records.slice(0, COMMAND_LIMITS.maxLines);
      this.inputAt = 0;
    }
  }

  /** Runs BEGIN, every record through the main rules, then END; returns the exit status. */
  async run(inputs: AwkInput[]): Promise<number> {
    const rules = this.program.rules;
    let exitCode = 0;
    let exiting = false;
    try {
      for (const r of rules) if (r.begin) await this.block(r.action ?? []);
    } catch (err) {
      if (err instanceof Exit) {
        exitCode = err.code;
        exiting = true;
      } else if (err instanceof Next) throw new AwkRuntimeError("`next' used in BEGIN action");
      else throw err;
    }
    const main = rules.filter((r) => !r.begin && !r.end);
    const hasEnd = rules.some((r) => r.end);
    if (!exiting && (main.length > 0 || hasEnd)) {
      this.currentFiles = inputs;
      try {
        for (;;) {
          const rec = this.nextRecord();
          if (rec === null) break;
          this.set('NR', toNumber(this.get('NR')) + 1);
          this.set('FNR', toNumber(this.get('FNR')) + 1);
          this.setRecord(rec);
          try {
            for (const r of main) {
              if (!(await this.selects(r))) continue;
              if (r.action) await this.block(r.action);
              else await this.output(this.record + toStr(this.get('ORS')), null);
            }
          } catch (err) {
            if (err instanceof Next) continue;
            if (err instanceof NextFile) {
              this.inputAt = this.inputQueue.length;
              continue;
            }
            throw err;
          }
        }
      } catch (err) {
        if (err instanceof Exit) exitCode = err.code;
        else throw err;
      }
    }
    try {
      for (const r of rules) if (r.end) await this.block(r.action ?? []);
    } catch (err) {
      if (err instanceof Exit) exitCode = err.code;
      else throw err;
    }
    this.flush();
    for (const key of [...this.files.keys(), ...this.pipes.keys()]) await this.closeStream(key);
    return exitCode;
  }

  private async selects(r: Rule): Promise<boolean> {
    if (!r.pattern) return true;
    if (!r.range) return truthy(await this.eval(r.pattern));
    if (this.rangeActive.get(r)) {
      if (truthy(await this.eval(r.range))) this.rangeActive.set(r, false);
      return true;
    }
    if (truthy(await this.eval(r.pattern))) {
      this.rangeActive.set(r, !truthy(await this.eval(r.range)));
      return true;
    }
    return false;
  }

  /** Output produced so far and not yet written (for error paths). */
  drain(): void {
    this.flush();
  }
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new AwkRuntimeError('division by zero');
      return a / b;
    case '%':
      if (b === 0) throw new AwkRuntimeError('division by zero in %');
      return a % b;
    case '^':
      return a ** b;
    default:
      return 0;
  }
}

/** Escape sequences in -v assignments are processed as in string constants. */
function unescapeAssignment(text: string): string {
  return text.replace(/\\([ntr\\"/]|[0-7]{1,3})/g, (_, c: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/' };
    return map[c] ?? String.fromCharCode(Number.parseInt(c, 8));
  });
}
