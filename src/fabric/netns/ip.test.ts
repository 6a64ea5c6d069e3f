import { afterAll, describe, expect, it } from 'vitest';
import { IpError, ip, ipBatch, ipJson, parseBatchErrors } from './ip.js';
import { IS_ROOT, testTag } from './testing.js';

describe('ip argument safety', () => {
  it.each([
    ['a newline (a second batch command)', ['link', 'show', 'lo\nnetns add x']],
    ['a comment', ['link', 'show', 'lo', '#x']],
    ['blanks', ['link', 'show', 'lo x']],
    ['quotes', ['link', 'show', '"lo"']],
    ['an option', ['link', 'show', '-force']],
    ['a shell metacharacter', ['link', 'show', 'lo;reboot']],
    ['an empty token', ['link', 'show', '']],
  ])('refuses %s before running anything', async (_, tokens) => {
    await expect(ipBatch([tokens])).rejects.toThrow(/refusing unsafe argument/);
    await expect(ip(tokens)).rejects.toThrow(/refusing unsafe argument/);
  });

  it('allows only read-only leading options in a single run', async () => {
    await expect(ipJson(['-4', 'addr', 'show', 'dev', 'lo'])).resolves.toBeInstanceOf(Array);
    await expect(ip(['-force', 'link', 'show'])).rejects.toThrow(/refusing unsafe argument/);
    await expect(ip(['link', 'show'], { namespace: '-x' })).rejects.toThrow(/unsafe namespace/);
  });
});

describe('parseBatchErrors', () => {
  it("maps each 'Command failed -:N' to its line with the messages printed before it", () => {
    const lines = [
      ['netns', 'add', 'a'],
      ['link', 'add', 'x'],
      ['link', 'del', 'y'],
    ];
    const stderr =
      'RTNETLINK answers: File exists\nCommand failed -:2\nCannot find device "y"\nCommand failed -:3\n';
    expect(parseBatchErrors(stderr, lines)).toEqual([
      { line: 1, command: 'ip link add x', message: 'RTNETLINK answers: File exists' },
      { line: 2, command: 'ip link del y', message: 'Cannot find device "y"' },
    ]);
  });
});

describe('ip errors', () => {
  it('names the command and the kernel message', async () => {
    const error = await ip(['link', 'show', 'dev', 'nosuchdev0']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpError);
    expect((error as IpError).message).toMatch(
      /^ip link show dev nosuchdev0: Device "nosuchdev0" does not exist/,
    );
  });

  it('reports a missing namespace given with -n', async () => {
    await expect(ipBatch([['link', 'show']], { namespace: 'decnet-nosuch-x' })).rejects.toThrow(
      /Cannot open network namespace "decnet-nosuch-x"/,
    );
  });
});

describe.skipIf(!IS_ROOT)('ip -batch (root)', () => {
  const tag = testTag();
  const first = `dnt${tag}a`;
  const second = `dnt${tag}b`;
  afterAll(async () => {
    await ipBatch(
      [
        ['link', 'del', first],
        ['link', 'del', second],
      ],
      { force: true },
    );
  });

  it('stops at the first failed line and says which, with the kernel message', async () => {
    const error = await ipBatch([
      ['link', 'add', first, 'type', 'bridge'],
      ['link', 'add', first, 'type', 'bridge'],
      ['link', 'add', second, 'type', 'bridge'],
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpError);
    expect((error as IpError).line).toBe(1);
    expect((error as IpError).message).toBe(
      `ip link add ${first} type bridge: RTNETLINK answers: File exists`,
    );
    // The line after the failure did not run.
    await expect(ip(['link', 'show', 'dev', second])).rejects.toThrow(/does not exist/);
  });

  it('with force, runs every line and returns each failure', async () => {
    const failures = await ipBatch(
      [
        ['link', 'add', first, 'type', 'bridge'],
        ['link', 'add', second, 'type', 'bridge'],
        ['link', 'del', `dnt${tag}z`],
      ],
      { force: true },
    );
    expect(failures.map((failure) => failure.line)).toEqual([0, 2]);
    expect(failures[0]?.message).toMatch(/File exists/);
    expect(failures[1]?.message).toMatch(/Cannot find device/);
    await expect(ip(['link', 'show', 'dev', second])).resolves.toContain(second);
  });
});
