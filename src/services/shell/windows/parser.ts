/**
 * cmd.exe's line parsing, in its own phases (the behaviour documented by "How does the Windows Command
 * Interpreter (CMD.EXE) parse scripts?", Stack Overflow 4094699): percent expansion over the raw line
 * first, then carets and quotes, the operators `&` `&&` `||` `|`, parenthesised blocks and redirections.
 * Pure functions; every input gives a tree or null, nothing throws, and nesting is bounded.
 */

export interface Redirect {
  /** 0 stdin, 1 stdout, 2 stderr. */
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  /** A file name, or the handle number for `>&`. */
  target: string;
}

export type CmdNode =
  /** One command: its text with carets resolved and quotes kept, and its redirections. */
  | { kind: 'simple'; text: string; redirects: Redirect[] }
  | { kind: 'block'; body: CmdNode | null; redirects: Redirect[] }
  | { kind: 'pipe' | 'and' | 'or' | 'seq'; left: CmdNode; right: CmdNode };

/**
 * `%NAME%` replaced by its value, `%NAME:~start,length%` and `%NAME:old=new%` applied to it. An
 * undefined name stays as typed on the command line (cmd only removes it in batch files).
 */
export function expandPercent(line: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch !== '%') {
      out += ch;
      i++;
      continue;
    }
    const end = line.indexOf('%', i + 1);
    if (end === -1) {
      out += line.slice(i);
      break;
    }
    const inner = line.slice(i + 1, end);
    const value = inner === '' ? undefined : expandReference(inner, lookup);
    if (value === undefined) {
      // The closing `%` may open the next reference (`100%%PATH%`): only the first `%` is literal.
      out += '%';
      i++;
      continue;
    }
    out += value;
    i = end + 1;
  }
  return out;
}

function expandReference(inner: string, lookup: (name: string) => string | undefined): string | undefined {
  const colon = inner.indexOf(':');
  if (colon === -1) return lookup(inner);
  const value = lookup(inner.slice(0, colon));
  if (value === undefined) return undefined;
  const modifier = inner.slice(colon + 1);
  const substring = /^~\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?$/.exec(modifier);
  if (substring) {
    const len = value.length;
    let start = Number(substring[1]);
    if (start < 0) start = Math.max(0, len + start);
    start = Math.min(start, len);
    if (substring[2] === undefined) return value.slice(start);
    const count = Number(substring[2]);
    const stop = count < 0 ? Math.max(start, len + count) : Math.min(len, start + Math.max(0, count));
    return value.slice(start, stop);
  }
  const equals = modifier.indexOf('=');
  if (equals > 0) {
    let search = modifier.slice(0, equals);
    const replacement = modifier.slice(equals + 1);
    // `*text=` replaces everything up to and including the first `text`.
    if (search.startsWith('*')) {
      search = search.slice(1);
      const at = value.toLowerCase().indexOf(search.toLowerCase());
      return at === -1 ? value : replacement + value.slice(at + search.length);
    }
    return replaceAllIgnoringCase(value, search, replacement);
  }
  return undefined;
}

function replaceAllIgnoringCase(value: string, search: string, replacement: string): string {
  if (search === '') return value;
  const lower = value.toLowerCase();
  const needle = search.toLowerCase();
  let out = '';
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    out += value.slice(from, at) + replacement;
    from = at + needle.length;
  }
  return out + value.slice(from);
}

type Token =
  | { type: 'text'; value: string }
  | { type: 'op'; value: '&' | '&&' | '|' | '||' | '(' | ')' }
  | { type: 'redirect'; redirect: Redirect };

const WHITESPACE = /[ \t,;=]/;

/** Splits a line into command text, operators and redirections (carets resolved, quotes kept). */
function tokenize(line: string, maxDepth: number): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let depth = 0;
  let i = 0;
  const flush = () => {
    if (text !== '') tokens.push({ type: 'text', value: text });
    text = '';
  };
  const atCommandStart = () => text.trim() === '' || /^[@ \t]*$/.test(text);
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '"') {
      const close = line.indexOf('"', i + 1);
      const end = close === -1 ? line.length : close + 1;
      text += line.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '^') {
      // A caret quotes the next character; at the very end it is dropped.
      if (i + 1 < line.length) text += line[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i++;
      continue;
    }
    if (ch === '&' || ch === '|') {
      flush();
      if (line[i + 1] === ch) {
        tokens.push({ type: 'op', value: ch === '&' ? '&&' : '||' });
        i += 2;
      } else {
        tokens.push({ type: 'op', value: ch });
        i++;
      }
      continue;
    }
    if (ch === '(' && atCommandStart() && depth < maxDepth) {
      text = '';
      tokens.push({ type: 'op', value: '(' });
      depth++;
      i++;
      continue;
    }
    if (ch === ')' && depth > 0) {
      flush();
      tokens.push({ type: 'op', value: ')' });
      depth--;
      i++;
      continue;
    }
    if (ch === '>' || ch === '<') {
      let fd = ch === '<' ? 0 : 1;
      // A lone digit before the operator names the handle (`2>`, `1>&2`).
      const prev = text.at(-1);
      if (
        prev !== undefined &&
        /[0-9]/.test(prev) &&
        (text.length === 1 || WHITESPACE.test(text.at(-2) ?? ' '))
      ) {
        fd = Number(prev);
        text = text.slice(0, -1);
      }
      let op: Redirect['op'] = ch === '<' ? '<' : '>';
      i++;
      if (ch === '>' && line[i] === '>') {
        op = '>>';
        i++;
      }
      if (line[i] === '&' && /[0-9]/.test(line[i + 1] ?? '')) {
        tokens.push({ type: 'redirect', redirect: { fd, op: '>&', target: line[i + 1] as string } });
        i += 2;
        continue;
      }
      while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
      let target = '';
      while (i < line.length) {
        const c = line[i] as string;
        if (c === '"') {
          const close = line.indexOf('"', i + 1);
          const end = close === -1 ? line.length : close;
          target += line.slice(i + 1, end);
          i = end + 1;
          continue;
        }
        if (
          c === ' ' ||
          c === '\t' ||
          c === '&' ||
          c === '|' ||
          c === '<' ||
          c === '>' ||
          (c === ')' && depth > 0)
        )
          break;
        if (c === '^' && i + 1 < line.length) {
          target += line[i + 1];
          i += 2;
          continue;
        }
        target += c;
        i++;
      }
      tokens.push({ type: 'redirect', redirect: { fd, op, target } });
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return tokens;
}

/** The parse of one line; null for an empty line or one cmd rejects ("… was unexpected at this time."). */
export type ParseResult = { ok: true; node: CmdNode | null } | { ok: false; unexpected: string };

export function parseCmdLine(line: string, maxDepth: number): ParseResult {
  const tokens = tokenize(line, maxDepth);
  let at = 0;
  let unexpected: string | null = null;

  const peekOp = (): string | null => {
    const token = tokens[at];
    return token?.type === 'op' ? token.value : null;
  };

  const command = (): CmdNode | null => {
    const token = tokens[at];
    if (token?.type === 'op' && token.value === '(') {
      at++;
      const body = sequence();
      if (peekOp() === ')') at++;
      const redirects: Redirect[] = [];
      while (
        tokens[at]?.type === 'redirect' ||
        (tokens[at]?.type === 'text' && (tokens[at] as { value: string }).value.trim() === '')
      ) {
        const next = tokens[at++] as Token;
        if (next.type === 'redirect') redirects.push(next.redirect);
      }
      return { kind: 'block', body, redirects };
    }
    let text = '';
    const redirects: Redirect[] = [];
    while (at < tokens.length) {
      const next = tokens[at] as Token;
      if (next.type === 'op') break;
      at++;
      if (next.type === 'text') text += next.value;
      else redirects.push(next.redirect);
    }
    if (text.trim() === '' && redirects.length === 0) return null;
    return { kind: 'simple', text, redirects };
  };

  const pipeline = (): CmdNode | null => {
    let left = command();
    while (peekOp() === '|') {
      at++;
      const right = command();
      if (left === null || right === null) {
        unexpected ??= '|';
        return left ?? right;
      }
      left = { kind: 'pipe', left, right };
    }
    return left;
  };

  const conditional = (): CmdNode | null => {
    let left = pipeline();
    for (let op = peekOp(); op === '&&' || op === '||'; op = peekOp()) {
      at++;
      const right = pipeline();
      if (left === null || right === null) {
        unexpected ??= op;
        return left ?? right;
      }
      left = { kind: op === '&&' ? 'and' : 'or', left, right };
    }
    return left;
  };

  const sequence = (): CmdNode | null => {
    let left = conditional();
    while (peekOp() === '&') {
      at++;
      const right = conditional();
      if (right === null) continue;
      left = left === null ? right : { kind: 'seq', left, right };
    }
    return left;
  };

  const node = sequence();
  // A `)` with no block open is text to cmd; anything else left over is an error.
  while (at < tokens.length) {
    const rest = tokens[at++] as Token;
    if (rest.type === 'op' && rest.value !== ')') unexpected ??= rest.value;
  }
  if (unexpected !== null) return { ok: false, unexpected };
  return { ok: true, node };
}

/** Command name and the rest of the line, split where cmd splits them (`cd..`, `echo.`, `dir/w`). */
export function splitCommandName(
  text: string,
  internal: ReadonlySet<string>,
): { name: string; rest: string } {
  const trimmed = text.replace(/^[\s@]+/, '');
  if (trimmed.startsWith('"')) {
    const close = trimmed.indexOf('"', 1);
    if (close === -1) return { name: trimmed.slice(1), rest: '' };
    return { name: trimmed.slice(1, close), rest: trimmed.slice(close + 1) };
  }
  const word = /^[^\s]+/.exec(trimmed)?.[0] ?? '';
  const lower = word.toLowerCase();
  // Internal commands end at the first delimiter cmd accepts after their name.
  const delimiter = /[./\\(:;,=+[\]]/.exec(lower);
  if (delimiter && delimiter.index > 0) {
    const head = lower.slice(0, delimiter.index);
    if (internal.has(head))
      return { name: word.slice(0, delimiter.index), rest: trimmed.slice(delimiter.index) };
  }
  return { name: word, rest: trimmed.slice(word.length) };
}

/** Arguments as a Windows program's C runtime splits its command line (CommandLineToArgvW's rules). */
export function splitArguments(text: string, maxArguments = 4096): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length && args.length < maxArguments) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= text.length) break;
    let arg = '';
    let quoted = false;
    while (i < text.length) {
      const ch = text[i] as string;
      if (!quoted && (ch === ' ' || ch === '\t')) break;
      if (ch === '\\') {
        let slashes = 0;
        while (text[i] === '\\') {
          slashes++;
          i++;
        }
        if (text[i] === '"') {
          arg += '\\'.repeat(Math.floor(slashes / 2));
          if (slashes % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(slashes);
        continue;
      }
      if (ch === '"') {
        // `""` inside quotes is a literal quote.
        if (quoted && text[i + 1] === '"') {
          arg += '"';
          i += 2;
          continue;
        }
        quoted = !quoted;
        i++;
        continue;
      }
      arg += ch;
      i++;
    }
    args.push(arg);
  }
  return args;
}
