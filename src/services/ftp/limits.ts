/** Every bound the FTP service works within (STYLE.md "Names and numbers"). */
export const FTP_LIMITS = {
  /** Longest command line kept; RFC 959 sets none, real servers cut around 512 (vsftpd VSFTP_MAX_COMMAND_LINE is 4096). */
  maxLineBytes: 512,
  /** Command lines waiting while one is served (a pipelining client); more and the client is flooding. */
  maxPendingLines: 64,
  /** Wrong passwords before the server hangs up: vsftpd's max_login_fails and ProFTPD's MaxLoginAttempts default. */
  maxFailedLogins: 3,
  /** Pause before "530 Login incorrect.": vsftpd's delay_failed_login default (1 s). */
  failedLoginDelayMs: 1_000,
  /** Characters kept of a user name or password. */
  maxCredentialChars: 256,
  /** How long a PASV/EPSV listener waits for the client, or a PORT/EPRT connect may take: vsftpd's accept_timeout and connect_timeout (60 s). */
  dataConnectTimeoutMs: 60_000,
  /** A data transfer with no bytes moving for this long is cut: vsftpd's data_connection_timeout (300 s). */
  dataIdleTimeoutMs: 300_000,
  /** One uploaded file, beyond which the transfer is cut with 552 (a dropper or a tool fits; a disk filler does not). */
  maxUploadBytes: 32 * 1024 * 1024,
  /** Uploaded bytes one session keeps readable for a later RETR; past this, uploads are listed but not served back. */
  maxRetainedUploadBytes: 32 * 1024 * 1024,
  /** Entries one session may add (uploads, directories) to its view of the tree. */
  maxSessionEntries: 1_000,
  /** Longest path resolved; longer ones are refused as not found. */
  maxPathChars: 1_024,
  /** Output held for a client that does not read its control channel (a HELP or FEAT is a few hundred bytes). */
  maxQueuedWriteBytes: 64 * 1024,
} as const;
