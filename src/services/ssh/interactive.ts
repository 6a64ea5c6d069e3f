/**
 * What the SSH service needs of the shell glue (`src/services/interactive/`): who may log in, and an
 * interactive session per channel. Declared here, structurally, so the transport is written and tested
 * against the contract and `index.ts` alone binds the real implementations.
 */
import type { ServiceConfigFieldInput } from '../../config/service-field.js';
import type { ServiceContext } from '../service.js';
import type { ShellUser, TerminalInfo } from '../shell/command.js';
import type { ShellFs } from '../shell/filesystem.js';

export type { TerminalInfo } from '../shell/command.js';

export interface LoginInfo {
  username: string;
  srcIp: string;
  srcPort: number;
  dstPort: number;
}

export interface InteractiveSession {
  readonly sid: string;
  readonly fs: ShellFs;
  readonly user: ShellUser;
  /** The text a login prints before the first prompt (motd, last login), with LF line ends. */
  loginBanner(): string;
  /** Runs the shell on `input` until the user exits or the input ends; resolves with the exit status. */
  interact(input: NodeJS.ReadableStream, output: (d: Buffer) => void): Promise<number>;
  exec(
    line: string,
    io: { stdin?: Buffer; stdout(d: Buffer): void; stderr(d: Buffer): void },
  ): Promise<number>;
  resize(columns: number, rows: number): void;
  /** Stores an uploaded file in the session's filesystem and quarantine; throws ShellFsError on a bad path. */
  receiveFile(path: string, content: Buffer, method: 'sftp' | 'scp'): void;
  /** Ends the session (idempotent); the first call records it. */
  end(): void;
}

export interface InteractiveSessionSource {
  /** A session for a login that succeeded; null when the service already runs as many as it may. */
  open(
    login: LoginInfo,
    terminal: TerminalInfo,
    env?: Readonly<Record<string, string>>,
  ): InteractiveSession | null;
  closeAll(): void;
  /** Resolves once recordings and captured files of ended sessions are on disk. */
  flushed?(): Promise<void>;
}

export interface LoginCheck {
  /** Whether this password opens this account for this source. */
  check(username: string, password: string, srcIp: string): boolean;
}

/** The shell glue the SSH service is built with. */
export interface SshShellGlue {
  sessions(ctx: ServiceContext): InteractiveSessionSource;
  loginPolicy(ctx: ServiceContext): LoginCheck;
  /** The glue's config fields (login user, passwords, policy, fetching), part of the service's fields. */
  fields: readonly ServiceConfigFieldInput[];
}
