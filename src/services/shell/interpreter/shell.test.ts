// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the cases are shell text, where ${…} is parameter expansion.
import { describe, expect, it } from 'vitest';
import { run } from './testing.js';

/** [what bash does, command line, stdout, stderr, status] — outputs as bash 5.1 (`bash -c`) prints them. */
type Case = [string, string, string, string?, number?];

async function check([, line, stdout, stderr = '', status = 0]: Case): Promise<void> {
  const result = await run(line);
  expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({
    stdout,
    stderr,
    status,
  });
  expect(result.internalErrors).toEqual([]);
}

describe('lists and pipelines', () => {
  const cases: Case[] = [
    ['runs commands separated by ; and newlines', 'echo a; echo b\necho c', 'a\nb\nc\n'],
    [
      'runs && only after success and || only after failure',
      'true && echo and || echo or; false || echo or2',
      'and\nor2\n',
    ],
    ['reports the last command status', 'false; echo $?; true; echo $?', '1\n0\n'],
    ['negates a pipeline with !', '! false; echo $?; ! true; echo $?', '0\n1\n'],
    ['feeds each stage the whole output of the one before', 'echo x | cat | cat', 'x\n'],
    ['takes the status of the last stage', 'false | true; echo $?; true | false; echo $?', '0\n1\n'],
    [
      'sends stderr down the pipe with |&',
      'ls /nope |& cat',
      "ls: cannot access '/nope': No such file or directory\n",
    ],
    ['runs pipeline stages in subshells', 'x=1; echo | x=2; echo $x', '1\n'],
    ['treats # as a comment at a word start only', 'echo a#b # comment', 'a#b\n'],
    ['runs a background job and goes on', 'echo bg & wait; echo fg', 'bg\nfg\n'],
    ['sets $! for a background job', 'true & [ -n "$!" ] && echo set', 'set\n'],
    // A background job is a forked shell: `wait` in it waits for its own jobs, never for itself.
    ['lets a background job run wait without waiting for itself', 'wait & wait; echo done', 'done\n'],
    [
      'lets a background job wait for a job it started',
      '{ echo a & wait; echo b; } & wait; echo c',
      'a\nb\nc\n',
    ],
    [
      'gives a background job a job table of its own',
      'wait %2 & wait %1 & wait; echo ok; { true & jobs; } & wait',
      'ok\n[1]+  Running                 true &\n',
      'bash: line 1: wait: %2: no such job\nbash: line 1: wait: %1: no such job\n',
    ],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('quoting', () => {
  const cases: Case[] = [
    ['keeps single-quoted text literally', `echo '$HOME \\n "x"'`, '$HOME \\n "x"\n'],
    ['expands inside double quotes and keeps blanks', 'x="a  b"; echo "[$x]" [$x]', '[a  b] [a b]\n'],
    ['honours backslash escapes in double quotes', 'echo "a\\$b \\"q\\" \\\\ \\x"', 'a$b "q" \\ \\x\n'],
    ['reads ANSI-C quoting', "echo $'a\\tb\\x41\\101\\u00e9\\n'end", 'a\tbAAé\nend\n'],
    ["writes raw bytes from $'\\x..' unchanged", "printf %s $'\\x7f\\x45\\x4c\\x46' | cat", '\x7fELF'],
    ['joins a backslash-newline', 'echo a\\\nb', 'ab\n'],
    ['treats an escaped character as literal', 'echo \\* \\$HOME', '* $HOME\n'],
    ['keeps empty quoted arguments', 'argv "" a \'\' b', '<><a><><b>\n'],
    ['drops unquoted empty expansions', 'e=; argv $e a "$e"', '<a><>\n'],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('parameter expansion', () => {
  const cases: Case[] = [
    ['expands $VAR and ${VAR}', 'v=x; echo $v ${v}y', 'x xy\n'],
    ['gives defaults with :- and -', 'e=; echo ${u:-d1} ${e:-d2} ${e-d3}.', 'd1 d2 .\n'],
    ['assigns defaults with :=', 'echo ${n:=set} $n', 'set set\n'],
    ['substitutes with :+', 'v=1; echo ${v:+yes} ${u:+no}.', 'yes .\n'],
    ['measures with ${#VAR}', 'v=hello; echo ${#v}', '5\n'],
    ['counts characters, not bytes, for ${#VAR}', 'v=é; echo ${#v}', '1\n'],
    ['removes the shortest and longest prefix', 'p=/a/b/c; echo ${p#*/} ${p##*/}', 'a/b/c c\n'],
    ['removes the shortest and longest suffix', 'f=a.tar.gz; echo ${f%.*} ${f%%.*}', 'a.tar a\n'],
    ['replaces the first and every match', 's=hello; echo ${s/l/L} ${s//l/L}', 'heLlo heLLo\n'],
    ['replaces anchored matches', 's=hello; echo ${s/#h/J} ${s/%o/0}', 'Jello hell0\n'],
    ['takes substrings', 's=hello; echo ${s:1:3} ${s: -2} ${s:2}', 'ell lo llo\n'],
    ['changes case', 's=hello; echo ${s^} ${s^^} ${s,,}', 'Hello HELLO hello\n'],
    ['reads special parameters', 'set -- a b c; echo $# $1 $3 ${@:2}', '3 a c b c\n'],
    [
      'expands "$@" to one word per parameter',
      'set -- "a b" c; for x in "$@"; do echo "<$x>"; done',
      '<a b>\n<c>\n',
    ],
    ['joins "$*" with the first character of IFS', 'set -- a b; IFS=,; echo "$*"', 'a,b\n'],
    ['reports the status of a command substitution', 'x=$(exit 3); echo $?', '3\n'],
    [
      'reports ${VAR:?} and stops the line',
      'echo ${u:?not set}; echo after',
      '',
      'bash: line 1: u: not set\n',
      1,
    ],
    [
      'reports a bad substitution',
      'echo ${a b}; echo after',
      '',
      'bash: line 1: ${a b}: bad substitution\n',
      1,
    ],
    ['reads ${!name} indirectly', 'a=b; b=42; echo ${!a}', '42\n'],
    ['expands $0 to the shell name', 'echo $0', 'bash\n'],
    ['expands $$ to the shell pid', 'echo $$', '4242\n'],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('splitting, tilde, braces and globs', () => {
  const cases: Case[] = [
    ['splits unquoted expansions on IFS', 'x="a b  c"; argv $x', '<a><b><c>\n'],
    ['splits on non-blank IFS characters, keeping empty fields', 'x=a::b; IFS=:; argv $x', '<a><><b>\n'],
    ['does not split literal text', 'IFS=:; argv a:b', '<a:b>\n'],
    ['expands ~ and ~user', 'echo ~ ~admin ~/x ~nosuch', '/root /home/admin /root/x ~nosuch\n'],
    ['expands ~ after : in assignments', 'P=~/a:~/b; echo $P', '/root/a:/root/b\n'],
    [
      'expands braces',
      'echo a{b,c}d {1..3} {a..c} {3..1} {1..10..4} {01..03}',
      'abd acd 1 2 3 a b c 3 2 1 1 5 9 01 02 03\n',
    ],
    ['expands nested braces', 'echo {a,b{1,2}}', 'a b1 b2\n'],
    ['leaves braces without a comma or sequence', 'echo {a} {} {a..}', '{a} {} {a..}\n'],
    ['does not expand quoted braces', 'echo "{a,b}"', '{a,b}\n'],
    ['globs against the filesystem, sorted', 'cd /etc; echo * p*', 'hostname passwd passwd\n'],
    ['globs across directories', 'echo /etc/h*', '/etc/hostname\n'],
    ['leaves an unmatched glob as written', 'echo /nope/* *.zzz', '/nope/* *.zzz\n'],
    ['does not glob quoted patterns', 'cd /etc; echo "*"', '*\n'],
    ['matches bracket expressions and ?', 'cd /etc; echo [hp]assw? ????????', 'passwd hostname\n'],
    [
      'skips hidden files unless the pattern starts with a dot',
      'cd /tmp; : > .h; : > v; echo * .*',
      'v .h\n',
    ],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('arithmetic', () => {
  const cases: Case[] = [
    [
      'evaluates with C precedence',
      'echo $((1+2*3)) $(((1+2)*3)) $((7/2)) $((7%3)) $((-7/2))',
      '7 9 3 1 -3\n',
    ],
    [
      'compares and combines logically',
      'echo $((1<2)) $((2<=1)) $((1==1&&0)) $((0||3)) $((!0))',
      '1 0 0 1 1\n',
    ],
    [
      'reads variables by name and assigns',
      'a=5; echo $((a*2)) $((b=a+1)) $b $((a++)) $a $((++a))',
      '10 6 6 5 6 7\n',
    ],
    ['reads hex, octal and base#n', 'echo $((0x10)) $((010)) $((2#101)) $((36#z))', '16 8 5 35\n'],
    [
      'wraps at 64 bits',
      'echo $((9223372036854775807+1)) $((2**63))',
      '-9223372036854775808 -9223372036854775808\n',
    ],
    ['evaluates ternaries without side effects on the untaken side', 'x=0; echo $((1?2:(x=3))) $x', '2 0\n'],
    [
      'reports division by zero and stops the line',
      'echo $((1/0)); echo after',
      '',
      'bash: line 1: 1/0: division by 0 (error token is "0")\n',
      1,
    ],
    [
      'reports a missing operand',
      'echo $((1 +))',
      '',
      'bash: line 1: 1 +: syntax error: operand expected (error token is "+")\n',
      1,
    ],
    ['runs (( )) as a command', '(( 2 > 1 )) && echo yes; (( 0 )); echo $?', 'yes\n1\n'],
    ['counts with let', 'let x=2+3 y=x*2; echo $x $y; let 0; echo $?', '5 10\n1\n'],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('command substitution', () => {
  const cases: Case[] = [
    ['replaces $(…) with output, trailing newlines removed', 'echo "[$(printf "a\\n\\n")]"', '[a]\n'],
    ['nests $(…)', 'echo "$(echo "a $(echo b)")"', 'a b\n'],
    ['reads backticks, nested with \\`', 'echo `echo \\`echo inner\\``', 'inner\n'],
    ['runs (uname -srmo) in a subshell', '(uname -srmo)', 'Linux 5.15.0-126-generic x86_64 GNU/Linux\n'],
    ['splits an unquoted substitution', 'argv $(echo a b)', '<a><b>\n'],
    ['keeps variable changes inside a substitution', 'x=1; y=$(x=2; echo $x); echo $x $y', '1 2\n'],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('compound commands', () => {
  const cases: Case[] = [
    [
      'runs if/elif/else',
      'for v in 1 2 3; do if [ $v = 1 ]; then echo one; elif [ $v = 2 ]; then echo two; else echo other; fi; done',
      'one\ntwo\nother\n',
    ],
    ['gives status 0 when no if branch runs', 'if false; then :; fi; echo $?', '0\n'],
    [
      'loops with for over words and over "$@"',
      'set -- x y; for a in 1 2; do echo $a; done; for b; do echo $b; done',
      '1\n2\nx\ny\n',
    ],
    ['loops with C-style for', 'for ((i=0;i<3;i++)); do echo -n $i; done; echo', '012\n'],
    [
      'loops with while and until',
      'i=0; while [ $i -lt 2 ]; do i=$((i+1)); done; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i',
      '0\n',
    ],
    [
      'reads a file line by line with while read … < file',
      'while read a b; do echo "[$a|$b]"; done < /etc/passwd',
      '[root:x:0:0:root:/root:/bin/bash|]\n[admin:x:1000:1000:admin:/home/admin:/bin/bash|]\n',
    ],
    [
      'reads a pipe with cat f | while read',
      'printf "1 2 3\\n4 5\\n" | while read a b; do echo "$b,$a"; done',
      '2 3,1\n5,4\n',
    ],
    [
      'breaks and continues, including N levels',
      'for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; [ $i = 3 ] && break 2; echo $i$j; done; done',
      '1a\n2a\n',
    ],
    [
      'matches case patterns with | and globs',
      'for w in ab x zz; do case $w in a*|x) echo "1:$w";; z?) echo "2:$w";; esac; done',
      '1:ab\n1:x\n2:zz\n',
    ],
    [
      'falls through case with ;& and tests on with ;;&',
      'case a in a) echo 1;& b) echo 2;; c) echo 3;; esac; case a in a) echo x;;& *) echo y;; esac',
      '1\n2\nx\ny\n',
    ],
    ['groups with { } in the current shell', '{ x=1; echo in; }; echo $x', 'in\n1\n'],
    ['keeps subshell changes inside ( )', 'x=1; (x=2; cd /tmp); echo $x $PWD', '1 /root\n'],
    ['ends only the subshell on exit', '(exit 3); echo $?', '3\n'],
    [
      'defines and calls functions both ways',
      'f() { echo "f:$1"; }; function g { echo "g:$#"; }; f a; g 1 2',
      'f:a\ng:2\n',
    ],
    ['returns a status from a function', 'f() { return 4; }; f; echo $?', '4\n'],
    ['scopes local variables', 'x=g; f() { local x=l; echo $x; }; f; echo $x', 'l\ng\n'],
    [
      'tests with [[ ]]',
      '[[ abc == a* && 3 -lt 10 && -d /etc && ! -f /etc && -z "" && -n x ]] && echo ok',
      'ok\n',
    ],
    ['compares strings in [[ ]] with < and >', '[[ a < b ]] && [[ b > a ]] && echo ok', 'ok\n'],
    [
      'matches =~ regular expressions',
      '[[ 192.168.1.7 =~ ^([0-9]+\\.){3}[0-9]+$ ]] && echo ip; [[ abc =~ ^b ]]; echo $?',
      'ip\n1\n',
    ],
    [
      'treats a quoted =~ right side literally',
      '[[ a.c =~ "." ]] && echo dot; [[ abc =~ "." ]]; echo $?',
      'dot\n1\n',
    ],
    ['applies redirections to a compound command', '{ echo a; echo b; } > /tmp/g; cat /tmp/g', 'a\nb\n'],
    ['pipes a loop', 'for i in 3 1 2; do echo $i; done | head -n 2', '3\n1\n'],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('redirections', () => {
  const cases: Case[] = [
    ['writes, appends and reads files', 'echo a > /tmp/f; echo b >> /tmp/f; cat < /tmp/f', 'a\nb\n'],
    [
      'truncates with > before the command runs',
      'echo old > /tmp/f; cat /tmp/f > /tmp/f; cat /tmp/f; echo end',
      'end\n',
    ],
    ['creates an empty file for a bare redirection', '> /tmp/e; [ -f /tmp/e ] && echo made', 'made\n'],
    [
      'sends stderr to a file with 2>',
      'ls /nope 2> /tmp/err; cat /tmp/err',
      "ls: cannot access '/nope': No such file or directory\n",
    ],
    [
      'duplicates 2>&1 in order',
      'ls /nope > /tmp/o 2>&1; cat /tmp/o',
      "ls: cannot access '/nope': No such file or directory\n",
    ],
    [
      'sends both streams with &>',
      'ls /nope &> /tmp/o; cat /tmp/o',
      "ls: cannot access '/nope': No such file or directory\n",
    ],
    ['writes to stderr with >&2', 'echo err >&2', '', 'err\n'],
    [
      'discards into /dev/null and reads it empty',
      'echo x > /dev/null; cat < /dev/null; echo done',
      'done\n',
    ],
    ['writes to /dev/stdout and /dev/stderr', 'echo o > /dev/stdout; echo e > /dev/stderr', 'o\n', 'e\n'],
    ['feeds a here-document with expansions', 'x=v; cat <<EOF\n$x `echo b` \\$x\nEOF', 'v b $x\n'],
    ['feeds a quoted here-document literally', "cat <<'EOF'\n$x `b`\nEOF", '$x `b`\n'],
    ['strips leading tabs with <<-', 'cat <<-EOF\n\t\tindented\n\tEOF', 'indented\n'],
    ['feeds a here-string', 'cat <<< "a b"', 'a b\n'],
    [
      'reports a missing directory',
      'echo x > /nope/f',
      '',
      'bash: line 1: /nope/f: No such file or directory\n',
      1,
    ],
    ['reports a directory', 'echo x > /tmp', '', 'bash: line 1: /tmp: Is a directory\n', 1],
    [
      'reports a missing input file',
      'cat < /nope',
      '',
      'bash: line 1: /nope: No such file or directory\n',
      1,
    ],
    ['reports an ambiguous redirect', 'x="a b"; echo > $x', '', 'bash: line 1: $x: ambiguous redirect\n', 1],
    ['reports a bad descriptor', 'echo x >&5', '', 'bash: line 1: 5: Bad file descriptor\n', 1],
    [
      'refuses /dev/tcp connections',
      'echo x > /dev/tcp/10.9.9.9/4444',
      '',
      'bash: line 1: connect: Connection refused\nbash: line 1: /dev/tcp/10.9.9.9/4444: Connection refused\n',
      1,
    ],
  ];
  for (const c of cases) it(c[0], () => check(c));

  it('writes redirected output through fs.writeFile once per file', async () => {
    const result = await run('echo hi > /tmp/w; echo more >> /tmp/w');
    expect(result.fs.writes.map((w) => [w.path, w.data.toString(), w.append])).toEqual([
      ['/tmp/w', 'hi\n', false],
      ['/tmp/w', 'more\n', true],
    ]);
    expect(result.fs.text('/tmp/w')).toBe('hi\nmore\n');
  });
});

describe('assignments and environment', () => {
  const cases: Case[] = [
    ['sets variables, appending with +=', 'a=1; a+=2; echo $a', '12\n'],
    ['sets a variable for one command only', 'V=1 printenv V; printenv V; echo $?', '1\n1\n'],
    ['exports to commands', 'export E=x; printenv E; F=y; printenv F; echo $?', 'x\n1\n'],
    ['keeps an assignment-only command status 0', 'a=1; echo $?', '0\n'],
    [
      'refuses to change a readonly variable',
      'readonly r=1; r=2; echo $r',
      '1\n',
      'bash: line 1: r: readonly variable\n',
    ],
    [
      'unsets variables and functions',
      'a=1; f() { :; }; unset a; unset -f f; echo "[$a]"; f',
      '[]\n',
      'bash: line 1: f: command not found\n',
      127,
    ],
    ['gives the first element of an array assignment', 'a=(x y z); echo $a', 'x\n'],
    [
      'starts with a login environment',
      'echo $HOME $USER $SHELL $SHLVL $LANG',
      '/root root /bin/bash 1 en_US.UTF-8\n',
    ],
    ['starts in $HOME', 'pwd', '/root\n'],
  ];
  for (const c of cases) it(c[0], () => check(c));
});

describe('command lookup and execution', () => {
  const cases: Case[] = [
    ['reports an unknown command', 'nosuch arg', '', 'bash: line 1: nosuch: command not found\n', 127],
    ['reports a missing path', './x', '', 'bash: line 1: ./x: No such file or directory\n', 127],
    ['reports a directory', '/tmp', '', 'bash: line 1: /tmp: Is a directory\n', 126],
    [
      'reports a file without execute permission',
      'echo x > /tmp/n; /tmp/n',
      '',
      'bash: line 1: /tmp/n: Permission denied\n',
      126,
    ],
    ['runs a command by absolute path', '/bin/uname', 'Linux\n'],
    [
      'dispatches a copy of busybox by its name',
      '/bin/busybox uname -s; busybox uname -m',
      'Linux\nx86_64\n',
    ],
    ['runs external argv through run (sudo)', 'sudo uname -s; sudo nosuch; echo $?', 'Linux\n127\n'],
    ['runs sh -c through run, in a new shell', 'x=1; sh -c "echo \\$x; x=2; echo \\$x"; echo $x', '\n2\n1\n'],
    ['falls back to builtins for /bin/echo-style programs', 'sudo echo hi', 'hi\n'],
    ['skips functions with command', 'ls() { echo fn; }; ls; command uname', 'fn\nLinux\n'],
    [
      'describes names with type',
      'f() { :; }; type cd if uname f | head -n 4',
      'cd is a shell builtin\nif is a shell keyword\nuname is /bin/uname\nf is a function\n',
    ],
    ['answers command -v', 'command -v cd uname nosuch; echo $?', 'cd\n/bin/uname\n1\n'],
    ['keeps status codes in range', 'exitcode 300; echo $?', '44\n'],
  ];
  for (const c of cases) it(c[0], () => check(c));

  it('runs an executable text file as a script and reports its own line numbers', async () => {
    const result = await run('cd /tmp', {});
    result.fs.put('/tmp/s.sh', '#!/bin/bash\necho "$0 got $1"\nnosuch\nexit 4\n', 0o755);
    result.fs.put('/tmp/plain', 'echo plain\n', 0o755);
    const out = await import('./testing.js').then((t) =>
      t.execIn(result, '/tmp/s.sh a; echo $?; /tmp/plain'),
    );
    expect(out.stdout).toBe('/tmp/s.sh got a\n4\nplain\n');
    expect(out.stderr).toBe('/tmp/s.sh: line 3: nosuch: command not found\n');
  });

  it('dispatches an interpreter line to its command, and reports a missing interpreter', async () => {
    const shell = await run(':');
    const { execIn } = await import('./testing.js');
    shell.fs.put('/tmp/p', '#!/usr/bin/python3\nprint(1)\n', 0o755);
    shell.fs.put('/tmp/c', '#!/bin/cat\nline\n', 0o755);
    const out = await execIn(shell, '/tmp/p; echo $?; /tmp/c');
    expect(out.stderr).toBe(
      'bash: line 1: /tmp/p: /usr/bin/python3: bad interpreter: No such file or directory\n',
    );
    expect(out.stdout).toBe('126\n#!/bin/cat\nline\n');
  });

  it('runs an ELF for its architecture silently and refuses another or garbage', async () => {
    const shell = await run(':');
    const { execIn } = await import('./testing.js');
    const elf = (machine: number) => {
      const b = Buffer.alloc(64);
      b.write('\x7fELF', 0, 'latin1');
      b[4] = 2;
      b[5] = 1;
      b.writeUInt16LE(machine, 18);
      return b;
    };
    shell.fs.put('/tmp/x86', elf(62), 0o755);
    shell.fs.put('/tmp/arm', elf(40), 0o755);
    shell.fs.put('/tmp/junk', Buffer.from([0, 1, 2, 3, 0]), 0o755);
    const out = await execIn(shell, '/tmp/x86; echo $?; /tmp/arm; echo $?; ./../tmp/junk; echo $?');
    expect(out.stdout).toBe('0\n126\n126\n');
    expect(out.stderr).toBe(
      'bash: line 1: /tmp/arm: cannot execute binary file: Exec format error\n' +
        'bash: line 1: ./../tmp/junk: cannot execute binary file: Exec format error\n',
    );
  });

  it('never shows a handler error and logs it through onInternalError', async () => {
    const result = await run('boom');
    expect(result.stdout + result.stderr).not.toContain('secret');
    expect(result.status).toBe(1);
    expect(result.internalErrors).toHaveLength(1);
  });
});

describe('syntax errors', () => {
  const cases: Case[] = [
    [
      'reports an unexpected token with the line',
      'a ;; b',
      '',
      "bash: -c: line 1: syntax error near unexpected token `;;'\nbash: -c: line 1: `a ;; b'\n",
      2,
    ],
    [
      'reports an unexpected end of file',
      'if true; then',
      '',
      'bash: -c: line 1: syntax error: unexpected end of file\n',
      2,
    ],
    [
      'reports an unterminated quote',
      "echo 'abc",
      '',
      "bash: -c: line 1: unexpected EOF while looking for matching `''\nbash: -c: line 2: syntax error: unexpected end of file\n",
      2,
    ],
    [
      'reports a redirection without a target',
      'echo >',
      '',
      "bash: -c: line 1: syntax error near unexpected token `newline'\nbash: -c: line 1: `echo >'\n",
      2,
    ],
    [
      'runs the lines before a syntax error',
      'echo first\nfi',
      'first\n',
      "bash: -c: line 2: syntax error near unexpected token `fi'\nbash: -c: line 2: `fi'\n",
      2,
    ],
    [
      'warns about a here-document ended by end of file',
      'cat <<EOF\nbody',
      'body\n',
      "bash: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n",
    ],
  ];
  for (const c of cases) it(c[0], () => check(c));

  it('names no line in -c errors on bash 5.0 (Ubuntu 20.04)', async () => {
    const result = await run('nosuch; a ;; b', { distro: 'ubuntu20' });
    expect(result.stderr).toBe(
      "bash: -c: line 0: syntax error near unexpected token `;;'\nbash: -c: line 0: `nosuch; a ;; b'\n",
    );
    const notFound = await run('nosuch', { distro: 'ubuntu20' });
    expect(notFound.stderr).toBe('bash: nosuch: command not found\n');
  });

  it('words not-found like busybox ash on Alpine', async () => {
    const result = await run('nosuch', { distro: 'alpine319' });
    expect(result.stderr).toBe('ash: nosuch: not found\n');
  });
});
