import { describe, expect, it } from 'vitest';
import { type CmdNode, expandPercent, parseCmdLine, splitArguments, splitCommandName } from './parser.js';

const VARS: Record<string, string> = {
  username: 'Administrator',
  path: 'C:\\Windows;C:\\Tools',
  x: 'hello world',
};
const lookup = (name: string) => VARS[name.toLowerCase()];

describe('expandPercent', () => {
  it.each([
    ['echo %USERNAME%', 'echo Administrator'],
    ['echo %username%!', 'echo Administrator!'],
    ['echo %NOPE%', 'echo %NOPE%'],
    ['echo 100%', 'echo 100%'],
    ['echo 100%%USERNAME%', 'echo 100%Administrator'],
    ['%X:~0,5%', 'hello'],
    ['%X:~-5%', 'world'],
    ['%X:~6%', 'world'],
    ['%X:~2,-2%', 'llo wor'],
    ['%X:world=there%', 'hello there'],
    ['%X:*o=%', ' world'],
    ['%X:~a%', '%X:~a%'],
    ['%%', '%%'],
  ])('%s → %s', (line, expected) => {
    expect(expandPercent(line, lookup)).toBe(expected);
  });
});

function shape(node: CmdNode | null): unknown {
  if (node === null) return null;
  switch (node.kind) {
    case 'simple':
      return node.redirects.length ? [node.text.trim(), node.redirects] : node.text.trim();
    case 'block':
      return { block: shape(node.body), redirects: node.redirects };
    default:
      return { [node.kind]: [shape(node.left), shape(node.right)] };
  }
}

describe('parseCmdLine', () => {
  it.each<[string, unknown]>([
    ['whoami', 'whoami'],
    ['whoami & ver', { seq: ['whoami', 'ver'] }],
    ['a && b || c', { or: [{ and: ['a', 'b'] }, 'c'] }],
    ['a & b | c', { seq: ['a', { pipe: ['b', 'c'] }] }],
    ['a | b | c', { pipe: [{ pipe: ['a', 'b'] }, 'c'] }],
    ['echo hi > out.txt', ['echo hi', [{ fd: 1, op: '>', target: 'out.txt' }]]],
    ['echo hi>>"my log.txt"', ['echo hi', [{ fd: 1, op: '>>', target: 'my log.txt' }]]],
    ['dir 2>&1', ['dir', [{ fd: 2, op: '>&', target: '1' }]]],
    ['dir x 2>nul', ['dir x', [{ fd: 2, op: '>', target: 'nul' }]]],
    ['sort < in.txt', ['sort', [{ fd: 0, op: '<', target: 'in.txt' }]]],
    ['echo a^&b', 'echo a&b'],
    ['echo "a & b"', 'echo "a & b"'],
    ['echo a^', 'echo a'],
    ['echo a12>x', ['echo a12', [{ fd: 1, op: '>', target: 'x' }]]],
    [
      '(echo a & echo b) > f',
      { block: { seq: ['echo a', 'echo b'] }, redirects: [{ fd: 1, op: '>', target: 'f' }] },
    ],
    ['echo (hi)', 'echo (hi)'],
    ['echo )', 'echo )'],
    ['a &', 'a'],
    ['', null],
    ['   ', null],
  ])('%j', (line, expected) => {
    const parsed = parseCmdLine(line, 64);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(shape(parsed.node)).toEqual(expected);
  });

  it.each([
    ['| foo', '|'],
    ['a && ', '&&'],
    ['|| b', '||'],
  ])('refuses %j with "%s was unexpected at this time."', (line, token) => {
    expect(parseCmdLine(line, 64)).toEqual({ ok: false, unexpected: token });
  });

  it('keeps parenthesis nesting within the bound and never throws on hostile input', () => {
    const deep = `${'('.repeat(10_000)}echo x${')'.repeat(10_000)}`;
    expect(() => parseCmdLine(deep, 64)).not.toThrow();
    for (const line of ['^', '"', '>', '<', '2>&', '>&', '((((', '))))', '&&&&', '||||', '%%%', '^^^^"']) {
      expect(() => parseCmdLine(line, 64)).not.toThrow();
    }
  });
});

describe('splitCommandName', () => {
  const internal = new Set(['echo', 'cd', 'dir', 'type']);
  it.each([
    ['echo.', 'echo', '.'],
    ['echo hi', 'echo', ' hi'],
    ['cd..', 'cd', '..'],
    ['cd\\', 'cd', '\\'],
    ['dir/w', 'dir', '/w'],
    ['@echo off', 'echo', ' off'],
    ['whoami.exe /all', 'whoami.exe', ' /all'],
    ['C:\\Windows\\System32\\whoami.exe', 'C:\\Windows\\System32\\whoami.exe', ''],
    ['"C:\\Program Files\\x.exe" -a', 'C:\\Program Files\\x.exe', ' -a'],
  ])('%j → %j + %j', (text, name, rest) => {
    expect(splitCommandName(text, internal)).toEqual({ name, rest });
  });
});

describe('splitArguments', () => {
  it.each<[string, string[]]>([
    ['a b  c', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ['a"b c"d', ['ab cd']],
    ['"a ""b"" c"', ['a "b" c']],
    ['a\\\\"b c"', ['a\\b c']],
    ['a\\"b', ['a"b']],
    ['C:\\dir\\ x', ['C:\\dir\\', 'x']],
    ['', []],
  ])('%j', (text, expected) => {
    expect(splitArguments(text)).toEqual(expected);
  });

  it('stops at its argument bound', () => {
    expect(splitArguments('x '.repeat(10_000), 100)).toHaveLength(100);
  });
});
