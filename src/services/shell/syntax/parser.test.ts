// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell source text, where ${…} is parameter expansion.
import { describe, expect, it } from 'vitest';
import type { CommandNode, ListNode, SimpleCommand } from './ast.js';
import { ParseError } from './errors.js';
import { Parser, parse } from './parser.js';

const OPTIONS = { maxDepth: 64 };

function first(list: ListNode): CommandNode {
  return list.items[0]?.first.commands[0] as CommandNode;
}

function error(source: string, interactive = false): ParseError {
  try {
    parse(source, { ...OPTIONS, interactive });
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error(`parsed: ${source}`);
}

describe('parser', () => {
  it('splits and-or lists, pipelines and background jobs', () => {
    const list = parse('a | b |& c && ! d || e & f', OPTIONS);
    expect(list.items).toHaveLength(2);
    const [job, last] = list.items;
    expect(job?.background).toBe(true);
    expect(job?.first.commands).toHaveLength(3);
    expect(job?.first.pipeStderr).toEqual([false, true]);
    expect(job?.rest.map((r) => [r.op, r.pipeline.negated])).toEqual([
      ['&&', true],
      ['||', false],
    ]);
    expect(job?.source).toBe('a | b |& c && ! d || e');
    expect(last?.background).toBe(false);
  });

  it('separates assignments, words and redirections', () => {
    const cmd = first(parse('A=1 B+=x cmd arg 2>&1 >out C=3', OPTIONS)) as SimpleCommand;
    expect(cmd.assignments.map((a) => [a.name, a.append, a.value.text])).toEqual([
      ['A', false, '1'],
      ['B', true, 'x'],
    ]);
    expect(cmd.words.map((w) => w.text)).toEqual(['cmd', 'arg', 'C=3']);
    expect(cmd.redirects.map((r) => [r.fd, r.op, r.target.text])).toEqual([
      [2, '>&', '1'],
      [undefined, '>', 'out'],
    ]);
    expect(cmd.source).toBe('cmd arg 2>&1 >out C=3');
  });

  it('keeps quoting as word parts', () => {
    const cmd = first(parse(`echo a'b'"c$d"\\e$'\\n'`, OPTIONS)) as SimpleCommand;
    expect(cmd.words[1]?.parts).toEqual([
      { type: 'lit', value: 'a' },
      { type: 'quoted', value: 'b' },
      {
        type: 'dquote',
        parts: [
          { type: 'lit', value: 'c' },
          { type: 'param', name: 'd' },
        ],
      },
      { type: 'quoted', value: 'e\n' },
    ]);
  });

  it('parses parameter operators, and keeps what bash cannot read as a bad substitution', () => {
    const cmd = first(
      parse('echo ${a:-x} ${#b} ${c##*/} ${d//x/y} ${e:1:2} ${!f} ${g h}', OPTIONS),
    ) as SimpleCommand;
    const params = cmd.words.slice(1).map((w) => {
      const p = w.parts[0];
      if (p?.type !== 'param') throw new Error('not a parameter');
      return [
        p.name,
        p.op ?? (p.length ? 'length' : p.indirect ? 'indirect' : p.bad),
        p.arg?.text,
        p.arg2?.text,
      ];
    });
    expect(params).toEqual([
      ['a', ':-', 'x', undefined],
      ['b', 'length', undefined, undefined],
      ['c', '##', '*/', undefined],
      ['d', '//', 'x', 'y'],
      ['e', 'substring', '1', '2'],
      ['f', 'indirect', undefined, undefined],
      ['', '${g h}', undefined, undefined],
    ]);
  });

  it('reads here-document bodies at the next line', () => {
    const list = parse("cat <<A <<-'B'\nbody $x\nA\n\tlit $y\n\tB\necho next", OPTIONS);
    const cmd = first(list) as SimpleCommand;
    expect(cmd.redirects[0]?.heredoc?.quoted).toBe(false);
    expect(cmd.redirects[0]?.heredoc?.body.text).toBe('body $x\n');
    expect(cmd.redirects[1]?.heredoc).toEqual({
      quoted: true,
      body: { parts: [{ type: 'quoted', value: 'lit $y\n' }], text: 'lit $y\n' },
    });
    expect(list.items).toHaveLength(2);
  });

  it('parses every compound command', () => {
    const source = [
      'if a; then b; elif c; then d; else e; fi',
      'for x in 1 2; do :; done',
      'for ((i=0; i<2; i++)); do :; done',
      'while a; do b; done',
      'until a; do b; done',
      'case $x in a|b) c;; (d) e;& *) ;; esac',
      '{ a; b; }',
      '(a; b)',
      '[[ -f x && ( a == b* || ! c =~ ^(x|y)$ ) ]]',
      '(( x = 1 + 2 ))',
      'f() { :; }',
      'function g { :; }',
      'time sleep 1',
    ].join('\n');
    const types = parse(source, OPTIONS).items.map((i) => i.first.commands[0]?.type);
    expect(types).toEqual([
      'if',
      'for',
      'arith-for',
      'while',
      'while',
      'case',
      'group',
      'subshell',
      'cond',
      'arith-cmd',
      'function',
      'function',
      'simple',
    ]);
  });

  it('recognises reserved words only where a command starts', () => {
    const cmd = first(parse('echo if then fi }', OPTIONS)) as SimpleCommand;
    expect(cmd.words.map((w) => w.text)).toEqual(['echo', 'if', 'then', 'fi', '}']);
  });

  it('parses one complete command at a time', () => {
    const parser = new Parser('echo a; echo b\n\necho c\nfi\n', OPTIONS);
    expect(parser.nextCommand()?.items).toHaveLength(2);
    expect(parser.nextCommand()?.items).toHaveLength(1);
    expect(() => parser.nextCommand()).toThrow(ParseError);
  });

  const errors: Array<[string, string, string, boolean, boolean?]> = [
    ['an unexpected ;;', 'a ;; b', "syntax error near unexpected token `;;'", false],
    ['a stray fi', 'fi', "syntax error near unexpected token `fi'", false],
    ['an empty group', '{ }', "syntax error near unexpected token `}'", false],
    ['a redirection at the end', 'echo >', "syntax error near unexpected token `newline'", false],
    ['an unfinished if', 'if true; then', 'syntax error: unexpected end of file', true],
    ['a dangling &&', 'a &&', 'syntax error: unexpected end of file', true],
    ['an open single quote', "echo 'x", "unexpected EOF while looking for matching `''", true],
    ['an open double quote', 'echo "x', 'unexpected EOF while looking for matching `"\'', true],
    ['an open $(', 'echo $(ls', "unexpected EOF while looking for matching `)'", true],
    ['an open backquote', 'echo `ls', "unexpected EOF while looking for matching ``'", true],
    ['a function body that is not compound', 'f() echo', "syntax error near unexpected token `echo'", false],
  ];
  for (const [name, source, message, incomplete] of errors) {
    it(`reports ${name}`, () => {
      const err = error(source);
      expect(err.message).toBe(message);
      expect(err.incomplete).toBe(incomplete);
    });
  }

  it('asks for more input in interactive mode for a trailing backslash and an open here-document', () => {
    expect(error('echo a \\\n', true).incomplete).toBe(true);
    expect(error('cat <<EOF\nbody\n', true).incomplete).toBe(true);
    expect(parse('echo a \\', OPTIONS).items).toHaveLength(1);
  });

  it('warns about a here-document ended by end of file outside interactive mode', () => {
    const parser = new Parser('cat <<EOF\nbody', OPTIONS);
    parser.parseAll();
    expect(parser.warnings).toEqual([
      { line: 2, message: "warning: here-document at line 1 delimited by end-of-file (wanted `EOF')" },
    ]);
  });

  it('refuses nesting deeper than the limit', () => {
    expect(error(`${'{ '.repeat(70)}a${'; }'.repeat(70)}`).message).toBe('syntax error: nesting too deep');
    expect(error(`echo ${'$('.repeat(70)}a${')'.repeat(70)}`).message).toBe('syntax error: nesting too deep');
  });

  it('names the line of an error', () => {
    expect(error('echo a\necho b\n;;').line).toBe(3);
  });
});
