import { describe, expect, it } from 'vitest';
import { runDecnet } from '../../test/support/cli.js';
import { VERSION } from './version.js';

/** Every command, in the order `decnet --help` lists them. */
const COMMANDS = [
  'up',
  'api',
  'deploy',
  'teardown',
  'service',
  'tarpit',
  'archetypes',
  'distros',
  'services',
  'ingest',
  'status',
  'db',
  'logs',
  'attackers',
  'credentials',
  'worker',
];

describe('decnet (the command line)', () => {
  it('lists every command in its help, in order', async () => {
    const { code, stdout } = await runDecnet(['--help'], {});
    expect(code).toBe(0);
    const listed = [...stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    expect(listed.filter((name) => name !== 'help')).toEqual(COMMANDS);
  });

  it("loads each command's module alone when that command is named", async () => {
    const results = await Promise.all(COMMANDS.map((name) => runDecnet([name, '--help'], {})));
    results.forEach(({ code, stdout }, i) => {
      expect(code, COMMANDS[i]).toBe(0);
      expect(stdout).toContain(`Usage: decnet ${COMMANDS[i]}`);
    });
  });

  it('prints its version without loading any command, and suggests the command meant by a typo', async () => {
    const version = await runDecnet(['--version'], {});
    expect(version.stdout.trim()).toBe(VERSION);
    const typo = await runDecnet(['statu'], {});
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('(Did you mean status?)');
  });
});
