// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the cases are shell text, where ${…} is parameter expansion.
import { describe, expect, it } from 'vitest';
import { ADMIN, run } from '../testing.js';

/** [what bash does, command line, stdout, stderr, status] — as bash 5.1 (`bash -c`) prints them. */
type Case = [string, string, string, string?, number?];

function table(cases: Case[]): void {
  for (const [name, line, stdout, stderr = '', status = 0] of cases) {
    it(name, async () => {
      const result = await run(line);
      expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({
        stdout,
        stderr,
        status,
      });
    });
  }
}

describe('echo', () => {
  table([
    ['prints its arguments and a newline', 'echo a  b', 'a b\n'],
    ['omits the newline with -n', 'echo -n a; echo b', 'ab\n'],
    [
      'reads escapes with -e only',
      'echo -e "a\\tb\\n\\x41\\0101\\e[0m"; echo "a\\tb"',
      'a\tb\nAA\x1b[0m\na\\tb\n',
    ],
    ['stops at \\c', 'echo -e "a\\cb"; echo', 'a\n'],
    ['combines flags and takes -E', 'echo -ne "x\\n"; echo -E "\\n"', 'x\n\\n\n'],
    ['prints a non-flag dash argument', 'echo -x -n', '-x -n\n'],
  ]);
});

describe('printf', () => {
  table([
    [
      'formats strings, integers and widths',
      'printf "%s|%5s|%-5s|%d|%05d|%+d\\n" a b c 42 42 7',
      'a|    b|c    |42|00042|+7\n',
    ],
    ['formats hex, octal and chars', 'printf "%x %X %o %#x %c\\n" 255 255 8 255 hello', 'ff FF 10 0xff h\n'],
    ['formats floats', 'printf "%.2f %05.1f %e\\n" 3.14159 2.5 1234.5', '3.14 002.5 1.234500e+03\n'],
    ['reuses the format for extra arguments', 'printf "%s=%s\\n" a 1 b 2 c', 'a=1\nb=2\nc=\n'],
    ['reads escapes in the format and %b', 'printf "a\\tb %b\\n" "x\\ny"', 'a\tb x\ny\n'],
    ['quotes with %q', "printf '%q %q %q\\n' 'a b' '' \"it's\"", "a\\ b '' it\\'s\n"],
    ['prints %% and a lone format once', 'printf "100%%\\n"', '100%\n'],
    ['reads character codes', 'printf "%d\\n" "\'A"', '65\n'],
    [
      'reports an invalid number and goes on',
      'printf "%d|\\n" 12abc x',
      '12|\n0|\n',
      'bash: line 1: printf: 12abc: invalid number\nbash: line 1: printf: x: invalid number\n',
      1,
    ],
    ['assigns with -v', 'printf -v out "%03d" 7; echo $out', '007\n'],
    ['prints usage without a format', 'printf', '', 'printf: usage: printf [-v var] format [arguments]\n', 2],
  ]);
});

describe('read', () => {
  table([
    [
      'splits a line into names, the last taking the rest',
      'echo "a b c d" | { read x y; echo "$x|$y"; }',
      'a|b c d\n',
    ],
    ['sets REPLY without names', 'echo " a b " | { read; echo "[$REPLY]"; }', '[ a b ]\n'],
    ['trims blanks around fields', 'echo "  a   b  " | { read x y; echo "[$x][$y]"; }', '[a][b]\n'],
    ['splits on IFS', 'echo "a:b:c" | { IFS=: read x y z; echo "$z$y$x"; }', 'cba\n'],
    [
      'reads backslashes as escapes without -r',
      'echo "a\\\\b c\\\\ d" | { read x y; echo "$x|$y"; }',
      'ab|c d\n',
    ],
    ['keeps backslashes with -r', 'printf "%s\\n" "a\\b" | { read -r x; echo "$x"; }', 'a\\b\n'],
    ['fails at end of input, leaving the names empty', 'read x < /dev/null; echo "$?[$x]"', '1[]\n'],
    ['reads a last line without a newline but fails', 'printf "last" | { read x; echo "$?$x"; }', '1last\n'],
    ['reads N characters with -n', 'echo abcdef | { read -n 3 x; echo $x; }', 'abc\n'],
    ['reads to a delimiter with -d', 'printf "a,b" | { read -d , x; echo $x; }', 'a\n'],
    ['reads from a here-string', 'read a b <<< "1 2"; echo $b$a', '21\n'],
    [
      'refuses an invalid name',
      'read 1x < /dev/null',
      '',
      "bash: line 1: read: `1x': not a valid identifier\n",
      1,
    ],
  ]);
});

describe('cd and pwd', () => {
  table([
    ['changes directory and updates PWD and OLDPWD', 'cd /tmp; pwd; echo $PWD $OLDPWD', '/tmp\n/tmp /root\n'],
    ['goes home without arguments', 'cd /tmp; cd; pwd', '/root\n'],
    ['goes back with cd - and prints the directory', 'cd /etc; cd /tmp; cd -; pwd', '/etc\n/etc\n'],
    ['normalises .. logically', 'cd /etc/../tmp/.; pwd', '/tmp\n'],
    [
      'reports a missing directory',
      'cd /nope',
      '',
      'bash: line 1: cd: /nope: No such file or directory\n',
      1,
    ],
    ['reports a file', 'cd /etc/passwd', '', 'bash: line 1: cd: /etc/passwd: Not a directory\n', 1],
    ['reports too many arguments', 'cd /a /b', '', 'bash: line 1: cd: too many arguments\n', 1],
    ['reports an unset OLDPWD', 'cd -', '', 'bash: line 1: cd: OLDPWD not set\n', 1],
  ]);

  it('refuses a directory the user may not search', async () => {
    const result = await run('cd /root', { user: ADMIN });
    expect(result.stderr).toBe('bash: line 1: cd: /root: Permission denied\n');
    expect(result.status).toBe(1);
  });
});

describe('test and [', () => {
  table([
    ['compares strings', '[ a = a ] && [ a != b ] && [ -n x ] && [ -z "" ] && echo ok', 'ok\n'],
    ['compares integers', '[ 2 -gt 1 -a 1 -le 1 ] && [ 3 -eq 3 -o 1 -eq 2 ] && echo ok', 'ok\n'],
    [
      'tests files',
      '[ -e /etc/passwd ] && [ -f /etc/passwd ] && [ -d /tmp ] && [ ! -d /etc/passwd ] && [ -s /etc/passwd ] && echo ok',
      'ok\n',
    ],
    ['tests one argument for non-emptiness', '[ x ] && [ -z ] && test "" ; echo $?', '1\n'],
    ['groups with parentheses', '[ \\( 1 -eq 2 \\) -o a = a ] && echo ok', 'ok\n'],
    ['reports a missing ]', '[ a = a', '', "bash: line 1: [: missing `]'\n", 2],
    ['reports a non-integer', 'test a -eq 1', '', 'bash: line 1: test: a: integer expression expected\n', 2],
    ['reports a missing unary operand', '[ -q x ]', '', 'bash: line 1: [: -q: unary operator expected\n', 2],
    ['reports too many arguments', '[ a b c d e ]', '', 'bash: line 1: [: too many arguments\n', 2],
  ]);
});

describe('variables builtins', () => {
  table([
    ['exports and lists exports', 'export A=1; export -p | grep " A="', 'declare -x A="1"\n'],
    [
      'declares with attributes and prints them',
      'declare -i n=2+3; declare -r r=x; declare -p n r',
      'declare -i n="5"\ndeclare -r r="x"\n',
    ],
    ['reports a missing declaration', 'declare -p nope', '', 'bash: line 1: declare: nope: not found\n', 1],
    [
      'refuses an invalid identifier',
      'export 1a=2',
      '',
      "bash: line 1: export: `1a=2': not a valid identifier\n",
      1,
    ],
    ['lists functions with declare -F', 'f() { :; }; declare -F', 'declare -f f\n'],
    ['sets positional parameters with set --', 'set -- a b; echo $# $2', '2 b\n'],
    [
      'shifts positional parameters',
      'set -- a b c; shift; echo $@; shift 2; echo $#; shift; echo $?',
      'b c\n0\n1\n',
    ],
    ['traces with set -x', 'set -x; echo "a b" c', 'a b c\n', "+ echo 'a b' c\n"],
    [
      'refuses an unknown set option',
      'set -q',
      '',
      'bash: line 1: set: -q: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n',
      2,
    ],
    ['reports $- flags', 'echo $-', 'hBc\n'],
    [
      'refuses to unset a readonly variable',
      'readonly R=1; unset R',
      '',
      'bash: line 1: unset: R: cannot unset: readonly variable\n',
      1,
    ],
  ]);
});

describe('eval, source and exec', () => {
  table([
    ['evaluates its arguments in the current shell', 'eval "x=1; echo \\$x"; echo $x', '1\n1\n'],
    [
      'reports eval syntax errors with the eval prefix',
      'eval "a ;; b"',
      '',
      "bash: eval: line 1: syntax error near unexpected token `;;'\nbash: eval: line 1: `a ;; b'\n",
      2,
    ],
    [
      'sources a file with arguments and returns from it',
      'printf "echo in \\$1\\nreturn 3\\necho no\\n" > /tmp/s; . /tmp/s arg; echo $?',
      'in arg\n3\n',
    ],
    [
      'names the sourced file in its errors',
      'printf "\\nnosuch\\n" > /tmp/s; source /tmp/s',
      '',
      'bash: /tmp/s: line 2: nosuch: command not found\n',
      127,
    ],
    [
      'reports a missing file to source',
      'source /nope',
      '',
      'bash: line 1: /nope: No such file or directory\n',
      1,
    ],
    [
      'asks for a file name',
      'source',
      '',
      'bash: line 1: source: filename argument required\nsource: usage: source filename [arguments]\n',
      2,
    ],
    ['replaces the shell with exec', 'exec uname; echo not reached', 'Linux\n'],
    [
      'reports exec of a missing program and exits',
      'exec nosuch; echo not reached',
      '',
      'bash: line 1: exec: nosuch: not found\n',
      127,
    ],
  ]);
});

describe('flow builtins', () => {
  table([
    ['exits with a status, or the last one', 'false; exit', '', '', 1],
    [
      'reports a non-numeric exit status and exits 2',
      'exit abc',
      '',
      'bash: line 1: exit: abc: numeric argument required\n',
      2,
    ],
    [
      'refuses return outside a function',
      'return 1',
      '',
      "bash: line 1: return: can only `return' from a function or sourced script\n",
      1,
    ],
    [
      'refuses logout in a non-login shell',
      'logout',
      '',
      "bash: line 1: logout: not login shell: use `exit'\n",
      1,
    ],
    [
      'refuses a zero loop count',
      'for i in 1; do break 0; done',
      '',
      'bash: line 1: break: 0: loop count out of range\n',
      1,
    ],
  ]);
});

describe('alias, history, type, hash', () => {
  table([
    [
      'defines, prints and removes aliases',
      "alias ll='ls -l' la=x; alias ll; unalias la; alias",
      "alias ll='ls -l'\nalias ll='ls -l'\n",
    ],
    [
      'reports an unknown alias',
      'alias zz; unalias zz',
      '',
      'bash: line 1: alias: zz: not found\nbash: line 1: unalias: zz: not found\n',
      1,
    ],
    [
      'does not expand aliases in a non-interactive shell',
      'alias foo=uname; foo',
      '',
      'bash: line 1: foo: command not found\n',
      127,
    ],
    [
      'describes with type -t and -p',
      'type -t cd if uname; type -p uname',
      'builtin\nkeyword\nfile\n/bin/uname\n',
    ],
    ['reports an unknown name to type', 'type nosuch', '', 'bash: line 1: type: nosuch: not found\n', 1],
    ['reports an empty hash table', 'hash', 'hash: hash table empty\n'],
  ]);
});

describe('jobs, wait and the rest', () => {
  table([
    ['prints the umask and sets it', 'umask; umask 077; umask; umask -S', '0022\n0077\nu=rwx,g=,o=\n'],
    [
      'reports ulimits',
      'ulimit; ulimit -n; ulimit -a | head -n 1',
      'unlimited\n1024\ncore file size              (blocks, -c) 0\n',
    ],
    [
      'stores and lists traps',
      "trap 'echo bye' EXIT INT; trap",
      "trap -- 'echo bye' EXIT\ntrap -- 'echo bye' SIGINT\n",
    ],
    [
      'refuses an unknown signal',
      'trap x NOPE',
      '',
      'bash: line 1: trap: NOPE: invalid signal specification\n',
      1,
    ],
    ['waits for background jobs', '{ echo job; } & wait; echo after', 'job\nafter\n'],
    ['reports an unknown job to wait', 'wait %3', '', 'bash: line 1: wait: %3: no such job\n', 127],
    ['reports no current job to fg', 'fg', '', 'bash: line 1: fg: current: no such job\n', 1],
    [
      'runs a builtin by name with builtin',
      'builtin echo hi; builtin ls',
      'hi\n',
      'bash: line 1: builtin: ls: not a shell builtin\n',
      1,
    ],
    ['prints help for a builtin', 'help cd', 'cd: cd [-L|[-P [-e]] [-@]] [dir]\n'],
    [
      'prints the help header',
      'help | head -n 1',
      'GNU bash, version 5.1.16(1)-release (x86_64-pc-linux-gnu)\n',
    ],
  ]);
});
