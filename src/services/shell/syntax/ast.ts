/**
 * The shell's syntax tree (bash's grammar, the subset the fake shell runs). Words keep their quoting
 * as parts so expansion can follow bash's rules: what was quoted is never split or globbed.
 */

/** A piece of a word. `lit` is unquoted text (globbing and brace expansion apply); `quoted` is text that
 * was in single quotes, `$'…'`, escaped by a backslash, or a literal inside double quotes. */
export type WordPart =
  | { type: 'lit'; value: string }
  | { type: 'quoted'; value: string }
  | { type: 'dquote'; parts: WordPart[] }
  | ParamPart
  | { type: 'command'; body: ListNode; source: string }
  | { type: 'arith'; expr: Word };

export type ParamOp =
  | ':-'
  | '-'
  | ':='
  | '='
  | ':?'
  | '?'
  | ':+'
  | '+'
  | '#'
  | '##'
  | '%'
  | '%%'
  | '/'
  | '//'
  | '/#'
  | '/%'
  | '^'
  | '^^'
  | ','
  | ',,'
  | 'substring';

export interface ParamPart {
  type: 'param';
  /** A name, a positional number, or one of `@ * # ? $ ! - 0`. */
  name: string;
  /** `${#name}`: the length. */
  length?: boolean;
  /** `${!name}`: the variable named by name's value. */
  indirect?: boolean;
  op?: ParamOp;
  /** The word after the operator (default, pattern, offset). */
  arg?: Word;
  /** For `/` operators: the replacement; for `substring`: the length. */
  arg2?: Word;
  /** Set when bash would report `${…}: bad substitution` at expansion time: the text as written. */
  bad?: string;
}

export interface Word {
  parts: WordPart[];
  /** The word as written (for messages, alias lookup and reserved words). */
  text: string;
}

export type RedirectOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Redirect {
  /** The file descriptor written before the operator (`2>`), if any. */
  fd?: number;
  op: RedirectOp;
  /** The target word (a file, a descriptor number, or a here-string); a heredoc's delimiter. */
  target: Word;
  /** For `<<` and `<<-`: the body, filled in when the lexer reaches the next line. */
  heredoc?: { body: Word; quoted: boolean };
}

export interface Assignment {
  name: string;
  /** `+=` */
  append: boolean;
  value: Word;
}

export interface SimpleCommand {
  type: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
  /** Line of the command's first token (for `bash: line N:` messages). */
  line: number;
  /** The command's source text, from its first word on (alias expansion re-reads it). */
  source: string;
}

export interface BraceGroup {
  type: 'group';
  body: ListNode;
  redirects: Redirect[];
}

export interface Subshell {
  type: 'subshell';
  body: ListNode;
  redirects: Redirect[];
}

export interface IfCommand {
  type: 'if';
  clauses: Array<{ condition: ListNode; body: ListNode }>;
  elseBody?: ListNode;
  redirects: Redirect[];
}

export interface ForCommand {
  type: 'for';
  name: string;
  /** Absent for `for x; do …` (iterates over "$@"). */
  items?: Word[];
  body: ListNode;
  redirects: Redirect[];
}

export interface ArithForCommand {
  type: 'arith-for';
  init: Word;
  condition: Word;
  step: Word;
  body: ListNode;
  redirects: Redirect[];
  line: number;
}

export interface WhileCommand {
  type: 'while';
  until: boolean;
  condition: ListNode;
  body: ListNode;
  redirects: Redirect[];
}

export interface CaseItem {
  patterns: Word[];
  body: ListNode;
  /** `;;` stops, `;&` falls through into the next body, `;;&` tests the next patterns. */
  terminator: ';;' | ';&' | ';;&';
}

export interface CaseCommand {
  type: 'case';
  word: Word;
  items: CaseItem[];
  redirects: Redirect[];
}

export type CondExpr =
  | { type: 'and' | 'or'; left: CondExpr; right: CondExpr }
  | { type: 'not'; expr: CondExpr }
  | { type: 'unary'; op: string; arg: Word }
  | { type: 'binary'; op: string; left: Word; right: Word }
  | { type: 'word'; word: Word };

export interface CondCommand {
  type: 'cond';
  expr: CondExpr;
  redirects: Redirect[];
  line: number;
}

export interface ArithCommand {
  type: 'arith-cmd';
  expr: Word;
  redirects: Redirect[];
  line: number;
}

export interface FunctionDef {
  type: 'function';
  name: string;
  body: CompoundCommand;
  /** The definition as written (`type f`, `declare -f`). */
  source: string;
  redirects: Redirect[];
}

export type CompoundCommand =
  | BraceGroup
  | Subshell
  | IfCommand
  | ForCommand
  | ArithForCommand
  | WhileCommand
  | CaseCommand
  | CondCommand
  | ArithCommand;

export type CommandNode = SimpleCommand | CompoundCommand | FunctionDef;

export interface Pipeline {
  type: 'pipeline';
  negated: boolean;
  commands: CommandNode[];
  /** For each `|` between commands: whether it was `|&` (stderr too). */
  pipeStderr: boolean[];
  /** Prefixed by the `time` reserved word. */
  timed?: boolean;
}

export interface AndOr {
  type: 'and-or';
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  /** Ended by `&`: run in the background. */
  background: boolean;
  /** The text as written (`jobs` and the `Done` notice show it). */
  source: string;
}

export interface ListNode {
  type: 'list';
  items: AndOr[];
}
