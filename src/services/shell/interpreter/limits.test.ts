import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../runtime/clock.js';
import { SHELL_LIMITS } from '../limits.js';
import { execIn, run, testShell } from './testing.js';

describe('bounds on one command line', () => {
  it('stops an endless loop at the step limit and carries on with the next line', async () => {
    const shell = testShell();
    const endless = await execIn(shell, 'while true; do :; done; echo not reached');
    expect(endless).toEqual({ stdout: '', stderr: '', status: 1 });
    expect(await execIn(shell, 'echo next')).toEqual({ stdout: 'next\n', stderr: '', status: 0 });
  });

  it('counts loop iterations, commands and calls as steps', async () => {
    const result = await run('i=0; while :; do i=$((i+1)); echo $i > /tmp/i; done', {
      limits: { maxStepsPerLine: 300 },
    });
    const reached = Number(result.fs.text('/tmp/i'));
    expect(reached).toBeGreaterThan(50);
    expect(reached).toBeLessThan(300);
  });

  it('caps output and stops a writer that never ends', async () => {
    const result = await run('yes; echo not reached');
    expect(result.stdout.length).toBe(SHELL_LIMITS.maxOutputBytesPerLine);
    expect(result.status).toBe(1);
  });

  it('stops a writer whose pipe reader has enough (SIGPIPE)', async () => {
    const result = await run('yes | head -n 2; echo done');
    expect(result.stdout).toBe('y\ny\ndone\n');
  });

  it('refuses a brace expansion past the word limit', async () => {
    const result = await run('echo {1..999999999}; echo same line; echo x{1..100}{1..100}{1..100}');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('bash: line 1: xmalloc: cannot allocate 7999999992 bytes\n');
    const next = await run('echo {1..10000} | wc');
    expect(next.stdout).toBe('1\n');
  });

  it('stops unbounded recursion at the function depth limit', async () => {
    const result = await run('f() { f; }; f; echo not reached');
    expect(result.stderr).toBe('bash: line 1: f: maximum function nesting level exceeded (100)\n');
    expect(result.status).toBe(1);
  });

  it('bounds a fork bomb', async () => {
    const result = await run(':(){ :|:& };:');
    expect(result.stderr).toContain('fork: retry: Resource temporarily unavailable');
    expect(result.internalErrors).toEqual([]);
  });

  it('stops a variable that doubles without end', async () => {
    const result = await run('x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done; echo not reached');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  });

  it('stops a pipeline longer than the stage limit', async () => {
    const line = `echo x${' | cat'.repeat(SHELL_LIMITS.maxPipelineStages)}`;
    const result = await run(`${line}; echo not reached`);
    expect(result.stdout).toBe('');
    expect((await run(`echo x${' | cat'.repeat(10)}`)).stdout).toBe('x\n');
  });

  it('refuses too many variables', async () => {
    const result = await run('i=0; while :; do eval "v$i=1"; i=$((i+1)); done', {
      limits: { maxVariables: 100 },
    });
    expect(result.status).toBe(1);
  });

  it('cuts a command line longer than the line limit', async () => {
    const result = await run(`echo ${'a'.repeat(SHELL_LIMITS.maxLineBytes + 100)}`);
    expect(result.stdout.length).toBe(SHELL_LIMITS.maxLineBytes - 'echo '.length + 1);
    expect(result.host.commands[0]?.line.length).toBe(SHELL_LIMITS.maxLineBytes);
  });

  it('reports nesting deeper than the parse limit as a syntax error', async () => {
    const result = await run(`${'{ '.repeat(200)}echo${' ; }'.repeat(200)}`);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('syntax error: nesting too deep');
    const subs = await run(`echo ${'$('.repeat(100)}echo${')'.repeat(100)}`);
    expect(subs.status).toBe(2);
  });

  it('reports arithmetic nested too deep', async () => {
    const result = await run(`echo $((${'('.repeat(500)}1${')'.repeat(500)}))`);
    expect(result.stderr).toContain('expression recursion level exceeded');
  });

  it('matches hostile patterns without backtracking', async () => {
    const result = await run(
      `x=${'a'.repeat(300)}; echo \${x//*a*a*a*a*a*b/} | wc; [[ ${'a'.repeat(40)}! =~ ^(a+)+$ ]]; echo $?`,
    );
    expect(result.stdout).toBe('1\n1\n');
  });

  it('stops a pattern replacement whose work passes the expansion bound', async () => {
    const started = Date.now();
    const result = await run(`x=${'a'.repeat(5000)}; echo \${x//*a*a*a*a*a*b/}; echo not reached`);
    expect(result).toMatchObject({ stdout: '', status: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('waits for a sleep within the wall time, then stops the line', async () => {
    const clock = new ManualClock();
    const shell = testShell({ clock });
    const pending = execIn(shell, 'sleep 1; echo slept; sleep 100; echo not reached');
    await clock.untilSleeping(2);
    await clock.advance(1000);
    await clock.untilSleeping(2);
    await clock.advance(SHELL_LIMITS.maxWallMsPerLine);
    expect(await pending).toEqual({ stdout: 'slept\n', stderr: '', status: 1 });
  });

  it('abandons a command that ignores its signal when the line runs out of time', async () => {
    const clock = new ManualClock();
    const shell = testShell({ clock });
    const pending = execIn(shell, 'hang; echo not reached');
    await clock.untilSleeping(1);
    await clock.advance(SHELL_LIMITS.maxWallMsPerLine);
    expect(await pending).toEqual({ stdout: '', stderr: '', status: 1 });
    expect(await execIn(shell, 'echo alive')).toEqual({ stdout: 'alive\n', stderr: '', status: 0 });
  });

  it('keeps at most the history limit', async () => {
    const shell = testShell({ limits: { maxHistoryEntries: 3 } });
    const { interactive } = await import('./testing.js');
    const term = interactive({ limits: { maxHistoryEntries: 3 } });
    for (const c of ['echo 1', 'echo 2', 'echo 3', 'echo 4']) term.type(`${c}\r`);
    term.type('history\r');
    await term.settle(60);
    expect(term.output()).toContain('    3  echo 3\r\n    4  echo 4\r\n    5  history\r\n');
    term.session.close();
    await term.finished;
    void shell;
  });
});
