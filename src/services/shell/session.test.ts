import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock.js';
import { ADMIN, execIn, interactive, testShell } from './interpreter/testing.js';

const UBUNTU_ROOT_PROMPT = '\x1b]0;root@web-01: ~\x07\x1b[01;32mroot@web-01\x1b[00m:\x1b[01;34m~\x1b[00m# ';
const PLAIN_ROOT_PROMPT = 'root@web-01:~# ';

/** A PTY session with a plain prompt, so outputs read simply. */
function plain(options: Parameters<typeof interactive>[0] = {}) {
  return interactive({ term: 'vt100', ...options });
}

describe('interactive session on a PTY', () => {
  it("prints Ubuntu's coloured prompt with the xterm title for xterm-256color", async () => {
    const term = interactive();
    await term.settle();
    expect(term.output()).toBe(UBUNTU_ROOT_PROMPT);
    term.session.close();
    await term.finished;
  });

  it('echoes the line, runs it with CR LF output, and prompts again', async () => {
    const term = plain();
    term.type('echo hi\r');
    await term.settle();
    expect(term.output()).toBe(`${PLAIN_ROOT_PROMPT}echo hi\r\nhi\r\n${PLAIN_ROOT_PROMPT}`);
    term.session.close();
    await term.finished;
  });

  it('reports each entered line once to the host, never empty ones', async () => {
    const term = plain();
    term.type('cd /tmp\r\r   \rpwd\r');
    await term.settle();
    expect(term.host.commands).toEqual([
      { line: 'cd /tmp', cwd: '/root', user: 'root', uid: 0 },
      { line: 'pwd', cwd: '/tmp', user: 'root', uid: 0 },
    ]);
    expect(term.output()).toContain('root@web-01:/tmp# ');
    term.session.close();
    await term.finished;
  });

  it('logs out on Ctrl-D at an empty prompt with the last status', async () => {
    const term = plain();
    term.type('false\r\x04');
    expect(await term.finished).toBe(1);
    expect(term.output().endsWith(`${PLAIN_ROOT_PROMPT}logout\r\n`)).toBe(true);
  });

  it('says logout on exit and resolves with its status', async () => {
    const term = plain();
    term.type('exit 3\r');
    expect(await term.finished).toBe(3);
    expect(term.output()).toBe(`${PLAIN_ROOT_PROMPT}exit 3\r\nlogout\r\n`);
  });

  it('asks for continuation lines with PS2 for an open quote, a trailing \\ and an open block', async () => {
    const term = plain();
    term.type("echo 'a\rb'\recho c\\\rd\rfor i in 1 2\rdo echo $i; done\r");
    await term.settle(60);
    const out = term.output();
    expect(out).toContain("echo 'a\r\n> b'\r\na\r\nb\r\n");
    expect(out).toContain('echo c\\\r\n> d\r\ncd\r\n');
    expect(out).toContain('for i in 1 2\r\n> do echo $i; done\r\n1\r\n2\r\n');
    expect(term.host.commands.map((c) => c.line)).toEqual([
      "echo 'a\nb'",
      'echo c\\\nd',
      'for i in 1 2\ndo echo $i; done',
    ]);
    term.session.close();
    await term.finished;
  });

  it('reads here-document lines at the continuation prompt', async () => {
    const term = plain();
    term.type('cat <<EOF\rline $HOME\rEOF\r');
    await term.settle(60);
    expect(term.output()).toContain('cat <<EOF\r\n> line $HOME\r\n> EOF\r\nline /root\r\n');
    term.session.close();
    await term.finished;
  });

  it('abandons the line on Ctrl-C and sets $? to 130', async () => {
    const term = plain();
    term.type('echo never\x03echo $?\r');
    await term.settle();
    expect(term.output()).toBe(
      `${PLAIN_ROOT_PROMPT}echo never^C\r\n${PLAIN_ROOT_PROMPT}echo $?\r\n130\r\n${PLAIN_ROOT_PROMPT}`,
    );
    term.session.close();
    await term.finished;
  });

  it('interrupts a running command on Ctrl-C', async () => {
    const clock = new ManualClock();
    const term = plain({ clock });
    term.type('sleep 100; echo not reached\r');
    await clock.untilSleeping(2);
    term.type('\x03');
    await term.settle();
    term.type('echo $?\r');
    await term.settle();
    expect(term.output()).toBe(
      `${PLAIN_ROOT_PROMPT}sleep 100; echo not reached\r\n^C\r\n${PLAIN_ROOT_PROMPT}echo $?\r\n130\r\n${PLAIN_ROOT_PROMPT}`,
    );
    term.session.close();
    await term.finished;
  });

  it('runs what was typed ahead while a command ran', async () => {
    const clock = new ManualClock();
    const term = plain({ clock });
    term.type('sleep 1\r');
    await clock.untilSleeping(2);
    term.type('echo ahead\r');
    await clock.advance(1000);
    await term.settle();
    expect(term.output()).toContain(`${PLAIN_ROOT_PROMPT}echo ahead\r\nahead\r\n`);
    term.session.close();
    await term.finished;
  });

  it("prints errors the way an interactive login bash does, with Ubuntu's command-not-found", async () => {
    const term = plain();
    term.type('nosuch\rcd /nope\ra ;; b\r');
    await term.settle(60);
    const out = term.output();
    expect(out).toContain('nosuch\r\nnosuch: command not found\r\n');
    expect(out).toContain('cd /nope\r\n-bash: cd: /nope: No such file or directory\r\n');
    expect(out).toContain("a ;; b\r\n-bash: syntax error near unexpected token `;;'\r\n");
    term.session.close();
    await term.finished;
  });

  it('says -bash: for unknown commands on Debian', async () => {
    const term = plain({ distro: 'debian12' });
    term.type('nosuch\r');
    await term.settle();
    expect(term.output()).toContain('-bash: nosuch: command not found\r\n');
    term.session.close();
    await term.finished;
  });

  it('expands the stock aliases and history references', async () => {
    const term = plain();
    term.type('ll /etc\recho a b\r!!\recho !$\r');
    await term.settle(60);
    const out = term.output();
    expect(out).toContain('ll /etc\r\nhostname\r\npasswd\r\n');
    expect(out).toContain('!!\r\necho a b\r\na b\r\n');
    expect(out).toContain('echo !$\r\necho b\r\nb\r\n');
    expect(term.host.commands.map((c) => c.line)).toContain('echo a b');
    term.session.close();
    await term.finished;
  });

  it('reports an unknown history event without running the line', async () => {
    const term = plain();
    term.type('echo "hi!x"\r');
    await term.settle();
    expect(term.output()).toContain('-bash: !x": event not found\r\n');
    expect(term.host.commands).toEqual([]);
    term.session.close();
    await term.finished;
  });

  it('switches user with su and comes back on exit', async () => {
    const term = plain();
    term.type('su admin\rwhoami\rexit\rwhoami\r');
    await term.settle(60);
    const out = term.output();
    expect(out).toContain('whoami\r\nadmin\r\n');
    // Plain `su` keeps the directory: /root is no longer the home, so the prompt shows it in full.
    expect(out).toContain('admin@web-01:/root$ exit\r\nexit\r\nroot@web-01:~# whoami\r\nroot\r\n');
    expect(term.session.user.name).toBe('root');
    term.session.close();
    await term.finished;
  });

  it('announces a background job and reports it done at the next prompt', async () => {
    const term = plain();
    term.type('true &\r');
    await term.settle(60);
    term.type('\r');
    await term.settle(60);
    expect(term.output()).toMatch(
      /true &\r\n\[1\] \d+\r\nroot@web-01:~# \r\n\[1\]\+ {2}Done {20}true\r\nroot@web-01:~# $/,
    );
    term.session.close();
    await term.finished;
  });

  it('completes commands and paths on Tab', async () => {
    const term = plain();
    term.type('unam\t/et\tpas\t\r');
    await term.settle(60);
    expect(term.host.commands.map((c) => c.line)).toEqual(['uname /etc/passwd ']);
    term.session.close();
    await term.finished;
  });

  it('prompts with a PS1 the user sets, expanding its escapes and variables', async () => {
    const term = plain();
    term.type("PS1='[\\u \\W $X]\\$ '; X=v; cd /etc\r");
    await term.settle();
    expect(term.output().endsWith('[root etc v]# ')).toBe(true);
    term.session.close();
    await term.finished;
  });

  it("keeps lines starting with a space and repeats out of Ubuntu's history (ignoreboth)", async () => {
    const term = plain();
    term.type(' echo secret\recho a\recho a\rhistory\r');
    await term.settle(60);
    expect(term.output()).toContain('history\r\n    1  echo a\r\n    2  history\r\n');
    expect(term.host.commands.map((c) => c.line)).toContain(' echo secret');
    term.session.close();
    await term.finished;
  });

  it('tracks the window size in COLUMNS and LINES', async () => {
    const term = plain();
    term.session.resize(132, 50);
    term.type('echo $COLUMNS $LINES\r');
    await term.settle();
    expect(term.output()).toContain('132 50\r\n');
    term.session.close();
    await term.finished;
  });

  it('stops when the connection closes, even mid-command', async () => {
    const term = plain();
    term.type('hang\r');
    await term.settle();
    term.session.close();
    await expect(term.finished).resolves.toBeTypeOf('number');
  });

  it('ends when the input ends', async () => {
    const term = plain();
    term.input.end();
    await expect(term.finished).resolves.toBe(0);
  });
});

describe('interactive session without a PTY', () => {
  async function pipe(script: string, options: Parameters<typeof testShell>[0] = {}) {
    const shell = testShell({ tty: false, ...options });
    const input = new PassThrough();
    const chunks: Buffer[] = [];
    const finished = shell.session.interact(input, (d) => chunks.push(Buffer.from(d)));
    input.end(script);
    const status = await finished;
    return { status, output: Buffer.concat(chunks).toString('utf8'), host: shell.host };
  }

  it('reads raw lines without echo or prompt, LF only, numbering errors by input line', async () => {
    const result = await pipe('echo a\nnosuch\necho $?\n');
    expect(result.output).toBe('a\n-bash: line 2: nosuch: command not found\n127\n');
    expect(result.host.commands.map((c) => c.line)).toEqual(['echo a', 'nosuch', 'echo $?']);
  });

  it('joins the lines of one unfinished command', async () => {
    const result = await pipe('for i in 1 2\ndo echo $i\ndone\ncat <<X\nbody\nX\n');
    expect(result.output).toBe('1\n2\nbody\n');
    expect(result.host.commands).toHaveLength(2);
  });

  it('reports a command left unfinished at the end of input', async () => {
    const result = await pipe('echo start\nif true; then\n');
    expect(result.output).toBe('start\n-bash: line 3: syntax error: unexpected end of file\n');
    expect(result.status).toBe(2);
  });

  it('keeps a CR as part of the line, as bash reading a pipe does', async () => {
    const result = await pipe('nosuch\r\n');
    expect(result.output).toBe("-bash: line 1: $'nosuch\\r': command not found\n");
  });

  it('runs a long piped script whole', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `x=${i}`);
    const result = await pipe(`${lines.join('\n')}\necho $x\n`);
    expect(result.output).toBe('4999\n');
    expect(result.host.commands).toHaveLength(5001);
  });

  it('ends with exit and its status', async () => {
    const result = await pipe('exit 5\necho not reached\n');
    expect(result).toMatchObject({ status: 5, output: '' });
  });
});

describe('exec', () => {
  it('runs one line non-interactively and reports it once', async () => {
    const shell = testShell();
    const result = await execIn(shell, 'echo $0 $-; cd /tmp; pwd; alias');
    expect(result).toEqual({ stdout: 'bash hBc\n/tmp\n', stderr: '', status: 0 });
    expect(shell.host.commands).toEqual([
      { line: 'echo $0 $-; cd /tmp; pwd; alias', cwd: '/root', user: 'root', uid: 0 },
    ]);
  });

  it('gives the command its stdin', async () => {
    const shell = testShell();
    expect(await execIn(shell, 'read a; cat', 'first\nrest\n')).toEqual({
      stdout: 'rest\n',
      stderr: '',
      status: 0,
    });
  });

  it('starts at / when the home directory is missing', async () => {
    const shell = testShell({ user: { ...ADMIN, home: '/home/gone' } });
    expect((await execIn(shell, 'pwd; echo $HOME')).stdout).toBe('/\n/home/gone\n');
  });

  it('takes only safe client variables', async () => {
    const shell = testShell({
      env: {
        LANG: 'fr_FR.UTF-8',
        LC_ALL: 'C',
        PATH: '/evil',
        LD_PRELOAD: 'x.so',
        SSH_CLIENT: '1.2.3.4 5 22',
      },
    });
    const result = await execIn(shell, 'echo $LANG $LC_ALL $PATH $LD_PRELOAD. $SSH_CLIENT');
    expect(result.stdout).toBe(
      'fr_FR.UTF-8 C /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin . 1.2.3.4 5 22\n',
    );
  });

  it('uses the distro PATH for a regular user and $ in the prompt', async () => {
    const shell = testShell({ user: ADMIN, distro: 'debian12' });
    expect((await execIn(shell, 'echo $PATH')).stdout).toBe(
      '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\n',
    );
  });
});
