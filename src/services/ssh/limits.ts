/**
 * Every bound of the SSH service, in one place (STYLE.md "Names and numbers"). Where OpenSSH has the
 * same knob, the value is its default, so a decky behaves as a stock sshd does.
 */
export const SSH_LIMITS = {
  /** Idle time of an authenticated connection: long enough for an attacker reading output or typing slowly. */
  sessionIdleTimeoutMs: 10 * 60_000,
  /**
   * Bytes read from one connection: SFTP and scp uploads of a few tools or a small toolkit fit, a flood
   * does not (the fabric's 1 MiB default would cut every real upload).
   */
  maxBytesPerConnection: 64 * 1024 * 1024,
  /** sshd's LoginGraceTime default: the connection is closed if it has not authenticated by then. */
  loginGraceMs: 120_000,
  /** sshd's MaxAuthTries default: the 6th failed attempt ends the connection. */
  maxAuthTries: 6,
  /**
   * The wait before a failed password is answered: pam_unix's default delay on failure (about 2 s on
   * Debian and Ubuntu, where sshd authenticates through PAM). A timer, never a blocked loop.
   */
  authFailureDelayMs: 2_000,
  /**
   * After the client's identification line, how long its KEXINIT may take before the connection is handed
   * on without it (OpenSSH, PuTTY, libssh, paramiko and Go send theirs at once; a client that waits for
   * ours still gets one, later).
   */
  kexinitWaitMs: 5_000,
  /** sshd's MaxSessions default: session channels one connection may open. */
  maxChannelsPerConnection: 10,
  /** Interactive sessions (shell, exec, sftp) one decky's SSH service runs at once; past it channels are refused. */
  maxConcurrentSessions: 256,
  /** `env` requests kept per session (LANG, LC_* …); more are refused. */
  maxEnvVars: 64,
  /** Bytes of one `env` name plus value. */
  maxEnvBytes: 4096,
  /**
   * Bytes one uploaded file may have, through SFTP or scp; past it the write fails as a full disk would.
   * Half the connection's byte limit, so one upload never needs the whole of it.
   */
  maxUploadBytes: 32 * 1024 * 1024,
  /** Open SFTP handles per SFTP session (files and directories). */
  maxSftpHandles: 64,
  /** Bytes one SFTP READ answers with at most (OpenSSH's sftp asks for 32 KiB). */
  maxSftpReadBytes: 64 * 1024,
  /** Names per READDIR answer: sftp-server's own batch size. */
  sftpReaddirBatch: 100,
  /**
   * Output held for a channel whose client stopped opening its window (4 MiB: twice OpenSSH's channel
   * window); past it the client is not reading and the channel is closed.
   */
  maxQueuedChannelBytes: 4 * 1024 * 1024,
  /** Bytes of stdin kept for one `exec` (`cat > f < file`); more is discarded. */
  maxExecStdinBytes: 8 * 1024 * 1024,
  /**
   * How long `exec` waits for stdin to go quiet before running the command with what it has: a command
   * fed from a pipe gets its input, one run from a terminal (no stdin, never EOF) is not held up.
   */
  execStdinQuietMs: 150,
  /** Bytes of one scp protocol line (`C0644 <size> <name>`): a PATH_MAX name and its header. */
  maxScpLineBytes: 4096 + 64,
  /** Nested directories one `scp -r` may create. */
  maxScpDepth: 32,
  /** Files and directories one scp transfer may create. */
  maxScpEntries: 10_000,
} as const;
