/**
 * Test support for the cmd.exe emulation (not shipped: tsconfig.build.json excludes `testing.ts`): a real
 * CmdSession over a real session filesystem on a Windows decky's base tree, a clock that moves only
 * when a program sleeps, and a host that records command lines, fetches and written files.
 */
import { AbortError, type Clock } from '../../../runtime/clock.js';
import type { Machine } from '../command.js';
import type { FetchRequest, FetchResult, ShellHost } from '../host.js';
import { SHELL_LIMITS } from '../limits.js';
import { machineFor } from '../machine.js';
import type { BaseTree } from '../vfs/base-tree.js';
import { createSessionFs } from '../vfs/session-fs.js';
import { windowsAccount } from './accounts.js';
import { windowsPathOf } from './paths.js';
import { CmdSession } from './session.js';
import { windowsBaseTreeFor } from './tree.js';

/** 2026-01-10 12:00:00 UTC. */
export const WINDOWS_TEST_NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

export interface WindowsTestOptions {
  distro?: string;
  archetype?: string | null;
  login?: string;
  tty?: boolean;
  fetch?: (request: FetchRequest) => Promise<FetchResult>;
  hostname?: string;
}

export function windowsTestMachine(
  distro = 'windows2019',
  archetype: string | null = 'windows-server',
  hostname = 'SRV-FILES-01',
): Machine {
  return machineFor(
    {
      name: 'decky-09',
      hostname,
      ip: '10.20.30.41',
      distro,
      osProfile: distro.startsWith('windows20') ? 'windows_server' : 'windows',
      archetype,
      seed: 0x5eed_7777,
    },
    WINDOWS_TEST_NOW,
  );
}

const BASES = new Map<string, BaseTree>();

/** A clock that jumps ahead by whatever a program sleeps; the line's own deadline timer never fires. */
export class JumpingClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (ms >= SHELL_LIMITS.maxWallMsPerLine)
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new AbortError()), { once: true }),
      );
    this.current += Math.max(0, ms);
    return Promise.resolve();
  }
}

export class WindowsTestSession {
  readonly machine: Machine;
  readonly clock = new JumpingClock(WINDOWS_TEST_NOW);
  readonly commands: string[] = [];
  readonly fetches: FetchRequest[] = [];
  readonly written: Array<{ path: string; content: Buffer }> = [];
  /** What the session reported as its own failures: a test expects none. */
  readonly internalErrors: unknown[] = [];
  readonly session: CmdSession;

  constructor(options: WindowsTestOptions = {}) {
    const distro = options.distro ?? 'windows2019';
    const archetype = options.archetype === undefined ? 'windows-server' : options.archetype;
    const hostname = options.hostname ?? 'SRV-FILES-01';
    const key = `${distro}:${archetype}:${hostname}`;
    let base = BASES.get(key);
    if (!base) {
      base = windowsBaseTreeFor(windowsTestMachine(distro, archetype, hostname));
      BASES.set(key, base);
    }
    this.machine = base.machine;
    const fs = createSessionFs(base, {
      clock: this.clock,
      onFileWritten: (path, content) =>
        this.written.push({ path: windowsPathOf(path), content: Buffer.from(content) }),
    });
    const account = windowsAccount(fs, options.login ?? 'administrator');
    const fetch = options.fetch ?? (async (): Promise<FetchResult> => ({ ok: false, error: 'unresolved' }));
    const host: ShellHost = {
      commandEntered: (line) => this.commands.push(line),
      fileWritten: () => {},
      fetch: (request) => {
        this.fetches.push(request);
        return fetch(request);
      },
    };
    this.session = new CmdSession({
      fs,
      user: account.user,
      profile: account.profile,
      machine: this.machine,
      host,
      clock: this.clock,
      terminal: { isTty: options.tty ?? false, columns: 120, rows: 30, term: 'xterm' },
      env: { SSH_CLIENT: '10.9.8.7 51234 22', SSH_CONNECTION: '10.9.8.7 51234 10.20.30.41 22' },
      onInternalError: (err) => this.internalErrors.push(err),
    });
  }

  /** Runs one line as `cmd.exe /c` does (ssh exec). */
  async exec(line: string, stdin?: Buffer): Promise<{ stdout: string; stderr: string; status: number }> {
    let stdout = '';
    let stderr = '';
    const status = await this.session.exec(line, {
      ...(stdin ? { stdin } : {}),
      stdout: (d) => (stdout += d.toString('utf8')),
      stderr: (d) => (stderr += d.toString('utf8')),
    });
    return { stdout, stderr, status };
  }
}
